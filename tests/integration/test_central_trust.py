"""The central server knows who is talking: a token enrols one desk of one agency, a station speaks only
for its own dossiers, and every refusal is clear, logged with the station, and stores nothing.

The API runs in-process (FastAPI's TestClient over the real app and a real SQLite DB); the limits that
must hold before a body is read run against ``desk-central serve`` on loopback (raw sockets: the body is
never sent, so an answer proves it was never read)."""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from desk_app.central import feed, stations, store
from desk_app.central.app import create_app
from desk_app.central.db import make_engine, migrate
from desk_app.central.schema import dossiers, enrolment_tokens, events, refusals
from desk_app.central.schema import stations as stations_table
from tests.central_server import Central

G01, G99 = "G01.79.760.001", "G99.01.02.003"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", tmp_path / "blobs")
    yield app
    app.state.engine.dispose()


def _enrol(client: TestClient, token: str, agency: str, desk: int, block: int = 1000) -> Any:
    return client.post(
        "/v1/enroll", json={"token": token, "agency_code": agency, "desk": desk, "block_size": block}
    )


def _station(app: FastAPI, agency: str, desk: int) -> TestClient:
    """A client holding the credential of a station enrolled for ``agency``'s desk ``desk``."""
    engine = app.state.engine
    _id, credential = stations.enroll(engine, stations.issue_token(engine, agency, desk), agency, desk)
    return TestClient(app, headers={"Authorization": f"Bearer {credential}"})


def _dossier(agency: str, code: str, desk: int, status: str = "received") -> tuple[str, dict[str, Any]]:
    record_uuid = str(uuid.uuid4())
    payload = {"protocol": 1, "uuid": record_uuid, "agency_code": agency, "code": code, "desk": desk,
               "status": status, "applicant": {"full_name": "Nguyễn Văn Đức"}}  # fmt: skip
    return record_uuid, {"content_hash": store.content_hash(payload), "payload": payload}


def _event(dossier_uuid: str, kind: str = "transfer", status: str | None = "transferred") -> tuple[str, dict]:
    event_uuid = str(uuid.uuid4())
    payload = {"protocol": 1, "uuid": event_uuid, "dossier_uuid": dossier_uuid, "kind": kind,
               "at": "2026-11-20T10:00:00+07:00", "actor": "Lê Thị Mai", "reason": "", "data": {},
               "status": status}  # fmt: skip
    return event_uuid, {"content_hash": store.content_hash(payload), "payload": payload}


def _count(app: FastAPI, table: Any) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _refused(response: Any, status: int, reason: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    detail = response.json()["detail"]
    assert detail["reason"] == reason, detail
    return detail


def test_a_token_enrols_only_its_own_desk_and_a_desk_has_one_station(app: FastAPI):
    engine = app.state.engine
    client = TestClient(app)
    token = stations.issue_token(engine, G01, 1, "Công an phường Sài Gòn — bàn 1")
    detail = _refused(_enrol(client, token, G99, 1), 403, "station")  # another agency
    assert (detail["token_agency"], detail["token_desk"]) == (G01, 1) and G99 in detail["detail"]
    _refused(_enrol(client, token, G01, 2), 403, "station")  # another desk of the same agency
    assert _count(app, stations_table) == 0  # nothing stored, the token still unused
    first = _enrol(client, token, G01, 1)
    assert first.status_code == 201
    _refused(_enrol(client, token, G01, 1), 403, "token")  # a token works once

    with pytest.raises(stations.TokenError, match="--replace"):  # a second station for the desk: refused
        stations.issue_token(engine, G01, 1)
    two = stations.issue_token(engine, G01, 2)
    _refused(_enrol(client, two, G01, 2, block=500), 403, "block")  # numbered unlike the agency's desk 1
    assert _enrol(client, two, G01, 2).status_code == 201

    old = TestClient(app, headers={"Authorization": f"Bearer {first.json()['credential']}"})
    assert old.get("/v1/probe").status_code == 200
    replacement = _enrol(client, stations.issue_token(engine, G01, 1, replace=True), G01, 1)
    assert replacement.status_code == 201
    assert replacement.json()["station_id"] == first.json()["station_id"]  # the desk's station, kept
    _refused(old.get("/v1/probe"), 401, "revoked")  # the replaced PC, refused from the next request
    new = TestClient(app, headers={"Authorization": f"Bearer {replacement.json()['credential']}"})
    assert new.get("/v1/probe").status_code == 200
    _refused(TestClient(app, headers={"Authorization": "Bearer 1.not-the-secret"}).get("/v1/probe"), 401,
             "credential")  # fmt: skip
    assert _count(app, stations_table) == 2
    logged = stations.list_refusals(engine, "Công an phường Sài Gòn — bàn 1")
    assert [r["reason"] for r in logged] == ["token", "station", "station"]  # newest first
    assert all(r["what"] == "enroll" for r in logged)


def test_a_station_speaks_only_for_its_own_dossiers(app: FastAPI):
    ours, impostor = _station(app, G01, 1), _station(app, G99, 1)
    # codes: the agency's and its desk's block (desk 1 numbers 0001–0999 a day)
    own_uuid, own = _dossier(G01, f"{G01}-261120-0001", 1)
    assert ours.put(f"/v1/dossiers/{own_uuid}", json=own).status_code == 201
    for agency, code, desk, reason in [
        (G01, f"{G01}-261120-0002", 1, "agency"),  # G99 sending G01's next code
        (G99, f"{G01}-261120-0002", 1, "agency"),  # … even under its own agency field
        (G99, f"{G99}-261120-1000", 1, "desk"),  # a number of desk 2's block
        (G99, f"{G99}-261120-0001", 2, "desk"),  # a dossier naming another desk
    ]:
        record_uuid, body = _dossier(agency, code, desk)
        _refused(impostor.put(f"/v1/dossiers/{record_uuid}", json=body), 403, reason)
    _refused(impostor.put(f"/v1/dossiers/{own_uuid}", json=own), 403, "agency")  # a replay of ours
    bogus_uuid, bogus = _dossier(G01, f"{G01}-261120-0003", 1, status="deleted")
    _refused(ours.put(f"/v1/dossiers/{bogus_uuid}", json=bogus), 403, "status")
    assert _count(app, dossiers) == 1

    event_uuid, event = _event(own_uuid)
    _refused(impostor.put(f"/v1/events/{event_uuid}", json=event), 403, "owner")
    batch = {"records": [{"kind": "event", "uuid": event_uuid, **event}]}
    answer = impostor.post("/v1/batch", json=batch).json()["results"][0]
    assert (answer["status"], answer["reason"]) == (403, "owner")
    for kind, status, reason in [("hack", "transferred", "kind"), ("transfer", "deleted", "status")]:
        other_uuid, other = _event(own_uuid, kind, status)
        _refused(ours.put(f"/v1/events/{other_uuid}", json=other), 403, reason)
    assert _count(app, events) == 0
    assert store.show(app.state.engine, f"{G01}-261120-0001")["status"] == "received"  # type: ignore[index]

    sha = hashlib.sha256(b"scan").hexdigest()
    url = f"/v1/blobs/{sha}?dossier={own_uuid}"
    assert impostor.head(url).status_code == 403  # (a HEAD answer carries no body to read the reason from)
    patch = {"Upload-Offset": "0", "Upload-Length": "4"}
    _refused(impostor.patch(url, content=b"scan", headers=patch), 403, "owner")
    assert not list((app.state.blobs_dir / "partial").iterdir())
    kept = ours.patch(url, content=b"scan", headers=patch)
    assert kept.status_code == 204 and kept.headers["Upload-Complete"] == "1"  # the owner's scan is kept

    assert ours.put(f"/v1/events/{event_uuid}", json=event).status_code == 201  # the owner's event
    update = feed.record_update(app.state.engine, f"{G01}-261120-0001", "result-received", "Đội CSQLHC")
    assert update["status"] == "result_received"
    assert [c["kind"] for c in ours.get("/v1/changes").json()["changes"]] == ["status"]  # to the owner
    assert impostor.get("/v1/changes").json()["changes"] == []  # and to nobody else

    logged = stations.list_refusals(app.state.engine, f"{G99} bàn 1")
    assert sorted(r["reason"] for r in logged) == sorted(
        ["agency", "agency", "desk", "desk", "agency", "owner", "owner", "owner", "owner"]
    )
    assert {r["what"] for r in logged} == {"dossier", "event", "blob"}
    assert [r["reason"] for r in stations.list_refusals(app.state.engine, f"{G01} bàn 1")] == [
        "status", "kind", "status"
    ]  # fmt: skip


def test_stations_enrolled_before_the_upgrade_keep_working(tmp_path: Path):
    """A DB at the previous revision with a station and a token as the old server wrote them."""
    from alembic import command
    from alembic.config import Config

    from desk_app.locator import migrations_dir

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir("central")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "c0002")
    with engine.begin() as conn:
        legacy_station = {"id": 7, "name": "bàn 1 (cũ)", "secret_hash": stations.sha("s3cret"), "desk": 1,
                          "enrolled_at": "2026-11-01T00:00:00+00:00", "agency_code": G01}  # fmt: skip
        conn.execute(insert(stations_table), legacy_station)
        unused_token = {"token_hash": stations.sha("oldtoken"), "station_name": "bàn 2",
                        "created_at": stations.now_iso(), "expires_at": "2099-01-01T00:00:00"}  # fmt: skip
        conn.execute(insert(enrolment_tokens), unused_token)
    migrate(engine)
    engine.dispose()
    app = create_app(url, tmp_path / "blobs")
    try:
        legacy = TestClient(app, headers={"Authorization": "Bearer 7.s3cret"})
        assert legacy.get("/v1/probe").json()["station_id"] == 7
        record_uuid, body = _dossier(G01, f"{G01}-261120-0001", 1)
        assert legacy.put(f"/v1/dossiers/{record_uuid}", json=body).status_code == 201
        other_uuid, other = _dossier(G99, f"{G99}-261120-0001", 1)
        _refused(legacy.put(f"/v1/dossiers/{other_uuid}", json=other), 403, "agency")
        detail = _refused(_enrol(TestClient(app), "oldtoken", G01, 2), 403, "token")
        assert "issued before" in detail["detail"]
        replaced = _enrol(
            TestClient(app), stations.issue_token(app.state.engine, G01, 1, replace=True), G01, 1
        )
        assert replaced.json()["station_id"] == 7  # the new PC takes over the old station and its dossiers
        _refused(legacy.get("/v1/probe"), 401, "revoked")
    finally:
        app.state.engine.dispose()


def _raw(port: int, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request head (and maybe the start of a body) and read the answer's status line: the rest of
    a declared body is never sent, so an answer means the server did not wait to read it."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        answer = b""
        while not _whole(answer):
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def _whole(answer: bytes) -> bool:
    head, found, body = answer.partition(b"\r\n\r\n")
    if not found:
        return False
    length = [
        line.split(b":", 1)[1] for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")
    ]
    return len(body) >= int(length[0]) if length else True


def test_limits_hold_before_the_body_is_read(central: Central, tmp_path: Path):
    token = central.token(G01, 1)
    import httpx

    credential = httpx.post(f"{central.url}/v1/enroll", json={"token": token, "agency_code": G01,
                                                             "desk": 1}).json()["credential"]  # fmt: skip
    big = "Content-Type: application/json\nContent-Length: 400000000\n"
    status, answer = _raw(central.port, f"POST /v1/batch HTTP/1.1\nHost: x\n{big}", b'{"records":[')
    assert status == 401 and b'"credential"' in answer  # no credential: refused unread
    auth = f"Authorization: Bearer {credential}\n"
    status, answer = _raw(central.port, f"POST /v1/batch HTTP/1.1\nHost: x\n{auth}{big}", b'{"records":[')
    assert status == 413 and b'"too-large"' in answer  # over the cap: refused unread
    status, _ = _raw(central.port, f"PUT /v1/dossiers/{uuid.uuid4()} HTTP/1.1\nHost: x\n{auth}"
                                   "Transfer-Encoding: chunked\n", b"5\r\n{}{}{\r\n")  # fmt: skip
    assert status == 411  # a body that does not say its length

    record_uuid, body = _dossier(G01, f"{G01}-261120-0001", 1)
    ours = httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {credential}"})
    try:
        assert ours.put(f"/v1/dossiers/{record_uuid}", json=body).status_code == 201
        sha = "ab" * 32
        patch = (f"PATCH /v1/blobs/{sha}?dossier={record_uuid} HTTP/1.1\nHost: x\n{auth}Upload-Offset: 0\n"
                 "Upload-Length: 1\nContent-Length: 2000000\n")  # fmt: skip
        status, answer = _raw(central.port, patch, b"x" * 1000)
        assert status == 422 and b'"upload"' in answer  # longer than its declared length: refused unread
        assert not list((central.blobs / "partial").iterdir())
        response = ours.patch(f"/v1/blobs/{sha}?dossier={record_uuid}", content=b"xy",
                              headers={"Upload-Offset": "0", "Upload-Length": "1"})  # fmt: skip
        assert response.status_code == 422 and not list((central.blobs / "partial").iterdir())
    finally:
        ours.close()


def test_unfinished_uploads_older_than_a_day_are_removed(tmp_path: Path):
    server = Central(tmp_path)
    partial = server.blobs / "partial"
    partial.mkdir(parents=True)
    stale, fresh = partial / ("aa" * 32), partial / ("bb" * 32)
    stale.write_bytes(b"cut off two days ago")
    fresh.write_bytes(b"cut off an hour ago")
    now = time.time()
    os.utime(stale, (now - 2 * 86400, now - 2 * 86400))
    os.utime(fresh, (now - 3600, now - 3600))
    server.start()  # the first sweep runs before the server answers
    try:
        assert not stale.exists() and fresh.exists()
    finally:
        server.stop()


def test_refusals_are_listed_by_station_from_the_command_line(central: Central):
    import httpx

    credential = httpx.post(
        f"{central.url}/v1/enroll",
        json={"token": central.token(G99, 1, "impostor"), "agency_code": G99, "desk": 1},
    ).json()["credential"]
    record_uuid, body = _dossier(G01, f"{G01}-261120-0001", 1)
    answer = httpx.put(f"{central.url}/v1/dossiers/{record_uuid}", json=body,
                       headers={"Authorization": f"Bearer {credential}"})  # fmt: skip
    assert answer.status_code == 403
    out = central.cli("refusals", "--station", "impostor")
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    _at, who, what, ref, reason, detail = line.split("\t")
    assert who.startswith("impostor (#") and (what, ref, reason) == ("dossier", record_uuid, "agency")
    assert G01 in detail
    none = central.cli("refusals", "--station", "nobody")
    assert none.returncode == 0 and none.stdout == "" and "no refusals" in none.stderr
    with make_engine(central.db).connect() as conn:
        assert conn.scalar(select(func.count()).select_from(refusals)) == 1
        assert conn.scalar(select(func.count()).select_from(dossiers)) == 0


def test_a_revoked_credential_is_refused_by_every_worker_at_once(tmp_path: Path):
    """Workers remember good credentials for a minute; a replacement's enrolment makes each of them forget
    (a stamp in the shared blob folder), so the replaced PC is refused from its next request, whichever
    worker answers it (each request on a new connection, spread over the two workers by the kernel)."""
    import httpx

    server = Central(tmp_path, workers=2)
    server.start()
    try:
        enrol = {"agency_code": G01, "desk": 1}
        old = httpx.post(f"{server.url}/v1/enroll", json={"token": server.token(G01, 1), **enrol}).json()
        probe = f"{server.url}/v1/probe"
        auth = {"Authorization": f"Bearer {old['credential']}"}
        assert all(httpx.get(probe, headers=auth).status_code == 200 for _ in range(20))  # remembered
        token = server.token(G01, 1, replace=True)
        new = httpx.post(f"{server.url}/v1/enroll", json={"token": token, **enrol}).json()
        assert new["station_id"] == old["station_id"]
        answers = [httpx.get(probe, headers=auth) for _ in range(20)]
        assert {a.status_code for a in answers} == {401}
        assert {a.json()["detail"]["reason"] for a in answers} == {"revoked"}
        fresh = {"Authorization": f"Bearer {new['credential']}"}
        assert httpx.get(probe, headers=fresh).status_code == 200
    finally:
        server.stop()
