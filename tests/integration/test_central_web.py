"""Issue 19, parts 1 and 2: the provincial view's log-in and overview, in-process (FastAPI's TestClient over
the real app and a real SQLite DB): a user sees the stations of their scope only, with the tally's
figures, overdue dossiers, last contact and build; sessions and CSRF tokens as a browser meets them; bad
input refused clearly, audited, never a 500; station credentials and web sessions never mix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from desk_app.central import stations, store, web_accounts
from desk_app.central.app import create_app
from desk_app.central.schema import web_audit
from desk_app.domain.model import VN_TZ
from tests.central_web_support import PASSWORD, dossier_record, log_in

A, B, OTHER = "G01.79.760.001", "G01.79.761.002", "G01.01.001.003"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", tmp_path / "blobs")
    engine = app.state.engine
    now = datetime.now(VN_TZ)
    day = now.strftime("%y%m%d")
    credentials = {}
    for agency in (A, B, OTHER):
        _id, credentials[agency] = stations.enroll(engine, stations.issue_token(engine, agency, 1), agency, 1)
    station = stations.authenticate(engine, credentials[A])
    store.put_batch(engine, station, [
        dossier_record(A, f"{A}-{day}-0001", now - timedelta(minutes=30), now + timedelta(days=3)),
        dossier_record(A, f"{A}-{day}-0002", now - timedelta(minutes=20), now - timedelta(minutes=1)),
    ])  # fmt: skip
    web_accounts.add_user(engine, "hcm.giamsat", "province", "G01.79", PASSWORD, "Trần Văn Giám")
    web_accounts.add_user(engine, "hn.giamsat", "province", "G01.01", PASSWORD)
    app.state.credentials_for_tests = credentials
    yield app
    engine.dispose()


def test_a_supervisor_logs_in_and_sees_the_stations_of_their_scope(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    assert client.get("/view/", follow_redirects=False).headers["location"] == "/view/login"
    probe = TestClient(app, headers={"Authorization": f"Bearer {app.state.credentials_for_tests[A]}",
                                     "X-Desk-Build": "0.1.0"}).get("/v1/probe")  # fmt: skip
    assert probe.status_code == 200  # the station's last contact and build
    answer = log_in(client, "hcm.giamsat")
    assert answer.status_code == 303 and answer.headers["location"] == "/view/"
    cookie = answer.headers["set-cookie"]
    assert (
        "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
        and "Secure" in cookie
    )
    page = client.get("/view/")
    assert page.status_code == 200 and "phạm vi G01.79" in page.text
    rows = re.findall(r"<tr data-key=\"([^\"]+)\"[^>]*>(.*?)</tr>", page.text, re.S)
    assert [r[0] for r in rows] == [f"{A}-1", f"{B}-1"]  # the other province's station is not there
    figures = [c.strip() for c in re.sub(r"<[^>]+>", "|", rows[0][1]).split("|") if c.strip()]
    assert figures[1:4] == ["2", "2", "1"]  # received today, this month, overdue
    assert "0.1.0" in rows[0][1] and "chưa liên lạc" in rows[1][1] and "quá 24 giờ" in rows[1][1]
    assert re.search(r'<tr class="total">.*?Cộng \(2 trạm\)', page.text, re.S)
    other = TestClient(app, base_url="https://testserver")
    assert log_in(other, "hn.giamsat").status_code == 303
    assert A not in other.get("/view/").text and f"{OTHER} bàn 1" in other.get("/view/").text


def test_bad_log_ins_forged_sessions_and_missing_tokens_are_refused_and_audited(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    wrong = log_in(client, "hcm.giamsat", "sai-mat-khau")
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    no_token = log_in(client, "hcm.giamsat", csrf="")
    assert no_token.status_code == 400 and "đăng nhập lại" in no_token.text
    forged = TestClient(app, base_url="https://testserver", cookies={"dc_session": "gia-mao"})
    assert forged.get("/view/", follow_redirects=False).status_code == 303
    bearer = TestClient(app, headers={"Authorization": f"Bearer {app.state.credentials_for_tests[A]}"})
    assert bearer.get("/view/", follow_redirects=False).status_code == 303  # a station is no web user
    assert log_in(client, "hcm.giamsat").status_code == 303
    assert client.get("/v1/probe").status_code == 401  # a web session is no station
    assert client.post("/view/logout", data={"csrf": "sai"}).status_code == 400
    page = client.get("/view/").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    assert (
        client.post("/view/logout", data={"csrf": csrf.group(1)}, follow_redirects=False).status_code == 303
    )
    assert client.get("/view/", follow_redirects=False).status_code == 303  # the session ended
    with app.state.engine.connect() as conn:
        actions = conn.execute(select(web_audit.c.action)).scalars().all()
    assert {"login.failed", "csrf.refused", "session.refused", "login.ok", "logout"} <= set(actions)


def test_an_expired_session_goes_back_to_the_log_in_audited(app: FastAPI) -> None:
    from sqlalchemy import update

    from desk_app.central.schema import web_sessions

    client = TestClient(app, base_url="https://testserver")
    assert log_in(client, "hcm.giamsat").status_code == 303
    assert client.get("/view/", follow_redirects=False).status_code == 200
    with app.state.engine.begin() as conn:  # eight hours later
        conn.execute(update(web_sessions).values(expires_at=datetime.now(VN_TZ).isoformat()))
    for path in ("/view/overdue", "/view/", "/view/export/overview.csv"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/view/login"
    assert "dc_session" not in client.cookies  # the refused cookie is removed: one refusal, not one a page
    with app.state.engine.connect() as conn:
        refused = conn.execute(select(web_audit.c.detail).where(web_audit.c.action == "session.refused"))
        assert refused.scalars().all() == ["/view/overdue"]
