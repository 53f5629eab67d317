"""The central server's API under schemathesis (cases generated from its own OpenAPI document): no
request, well or badly formed, gets a 5xx; nothing but enrolment answers without a station credential."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from desk_app.central import stations, store
from desk_app.central.app import create_app
from desk_app.sync.policy import ANSWERS, STATUS_OF, Reason

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def central_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    db = tmp_path_factory.mktemp("central") / "central.sqlite3"
    app = create_app(f"sqlite:///{db}")
    _station_id, credential = stations.enroll(
        app.state.engine, stations.issue_token(app.state.engine, "G01", 1), "G01", 1
    )
    yield app, credential
    app.state.engine.dispose()


def _every_operation(app: FastAPI, check: Callable[[Any], None]) -> list[str]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(f"{operation.method.upper()} {operation.path}")

        def run(case: Any) -> None:
            check(case)

        SETTINGS(given(case=operation.as_strategy())(run))()
    return seen


def _answers_what_the_policy_knows(response: Any) -> None:
    """The server answers only what the desks' table knows: a status in it, a refusal's reason one of
    the policy's, with the status the policy gives that reason."""
    assert response.status_code in ANSWERS, (response.status_code, response.text[:300])
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return
    if isinstance(detail, dict) and "reason" in detail:
        assert STATUS_OF[Reason(detail["reason"])] == response.status_code, detail


def test_no_request_gets_a_server_error(central_app):
    app, credential = central_app

    def check(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Bearer {credential}"})
        assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
        _answers_what_the_policy_knows(response)

    seen = _every_operation(app, check)
    assert {"POST /v1/enroll", "GET /v1/probe", "PUT /v1/dossiers/{uuid}", "PUT /v1/events/{uuid}"} <= set(
        seen
    )


def test_nothing_but_enrolment_answers_without_a_credential(central_app):
    def check(case: Any) -> None:
        response = case.call()
        assert response.status_code < 500
        _answers_what_the_policy_knows(response)
        if case.path != "/v1/enroll":
            assert response.status_code == 401, (case.method, case.path, response.status_code)
        else:
            assert response.status_code in (403, 422)  # a random token is never a valid one

    _every_operation(central_app[0], check)


def test_a_well_hashed_but_malformed_payload_is_refused_not_a_server_error(central_app):
    """The generated cases rarely get past the hash check; these do, and must be a 422."""
    import uuid

    from fastapi.testclient import TestClient

    app, credential = central_app
    client = TestClient(app, headers={"Authorization": f"Bearer {credential}"})
    for path, payload in [
        ("dossiers", {"agency_code": 5, "code": ["G01-261120-0001"], "status": None}),
        ("dossiers", {"agency_code": "G01", "code": "x" * 65, "status": "received"}),
        ("events", {"dossier_uuid": 7, "status": "received"}),
        ("events", {"dossier_uuid": str(uuid.uuid4()), "status": ["received"]}),
    ]:
        body = {"content_hash": store.content_hash(payload), "payload": payload}
        response = client.put(f"/v1/{path}/{uuid.uuid4()}", json=body)
        assert response.status_code == 422, (path, payload, response.status_code, response.text)
