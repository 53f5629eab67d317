"""Issue 19, part 1: the provincial view's station page, lists, dossier page and exports, in-process
(FastAPI's TestClient over the real app, on SQLite and on PostgreSQL): figures by procedure, hour and
officer and the 30-day trend; overdue and late-return lists that lead to each dossier and its history;
citizens' names and numbers only for roles that see people; CSV and XLSX exports that hold what the page
shows, audited; a ten-year period, a station or dossier of another scope, a station id that is no number —
each a clear refusal, audited, never a 500."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from desk_app.central import stations, store, web_accounts
from desk_app.central.app import create_app
from desk_app.central.schema import dossiers, events, tally, web_audit
from desk_app.domain.model import VN_TZ
from tests.central_web_support import PASSWORD, cells, dossier_record, event_record, log_in

A, B, OTHER = "G01.79.760.001", "G01.79.761.002", "G01.01.001.003"
FORMULA_NAME = '=HYPERLINK("http://x.invalid","Bấm")'


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    else:
        from tests.pg import new_database

        url = new_database(request.getfixturevalue("postgres_base"))
    app = create_app(url, tmp_path / "blobs")
    engine = app.state.engine
    now = datetime.now(VN_TZ).replace(microsecond=0)
    ids, credentials = {}, {}
    for agency in (A, B, OTHER):
        token = stations.issue_token(engine, agency, 1)
        ids[agency], credentials[agency] = stations.enroll(engine, token, agency, 1)
    station = stations.authenticate(engine, credentials[A])

    def code(days_ago: int, n: int) -> str:
        return f"{A}-{(now - timedelta(days=days_ago)):%y%m%d}-{n:04d}"

    on_time = dossier_record(
        A, code(0, 1), now - timedelta(minutes=30), now + timedelta(days=3), officer="Lê Thị Mai"
    )
    overdue = dossier_record(
        A,
        code(0, 2),
        now - timedelta(minutes=20),
        now - timedelta(minutes=1),
        officer="Phạm Văn Nam",
        applicant=FORMULA_NAME,
    )
    returned = dossier_record(
        A,
        code(10, 1),
        now - timedelta(days=10),
        now - timedelta(days=5),
        procedure=("1.004194", "Đăng ký tạm trú"),
        officer="Lê Thị Mai",
    )
    extended = dossier_record(
        A, code(3, 1), now - timedelta(days=3), now - timedelta(days=1), officer="Lê Thị Mai"
    )
    store.put_batch(
        engine,
        station,
        [
            on_time,
            overdue,
            returned,
            extended,
            event_record(
                returned,
                "return",
                "returned",
                now - timedelta(days=2),
                due_at=returned["payload"]["due_at"],
                late=True,
            ),
            event_record(
                extended,
                "extend",
                "received",
                now - timedelta(days=2),
                previous_due=extended["payload"]["due_at"],
                new_due=(now + timedelta(days=5)).isoformat(),
            ),
        ],
    )
    web_accounts.add_user(engine, "hcm.giamsat", "province", "G01.79", PASSWORD, "Trần Văn Giám")
    web_accounts.add_user(engine, "hcm.it", "it", "G01.79", PASSWORD, "Vũ Kỹ Thuật")
    web_accounts.add_user(engine, "hn.giamsat", "province", "G01.01", PASSWORD)
    app.state.fixture = {
        "ids": ids,
        "now": now,
        "overdue": overdue,
        "returned": returned,
        "extended": extended,
    }
    yield app
    engine.dispose()


def _client(app: FastAPI, name: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")
    assert log_in(client, name).status_code == 303
    return client


def test_a_stations_page_by_procedure_hour_officer_and_30_days(app: FastAPI) -> None:
    f = app.state.fixture
    client = _client(app, "hcm.giamsat")
    overview = client.get("/view/")
    assert f'href="/view/station/{f["ids"][A]}"' in overview.text
    page = client.get(f"/view/station/{f['ids'][A]}")
    assert page.status_code == 200 and f"{A} bàn 1" in page.text
    by_procedure = cells(page.text, "by-procedure")
    assert by_procedure[0][:2] == ["1.004222 Đăng ký thường trú", "3"]
    assert by_procedure[1] == ["1.004194 Đăng ký tạm trú", "1", "0", "0", "0", "1", "1"]
    assert by_procedure[-1][:2] == ["Cộng", "4"]
    hours = {int(h[:2]): int(n) for h, n in cells(page.text, "by-hour")}
    expected: dict[int, int] = {}
    for record in ("overdue", "returned", "extended"):
        hour = datetime.fromisoformat(f[record]["payload"]["received_at"]).hour
        expected[hour] = expected.get(hour, 0) + 1
    on_time_hour = (f["now"] - timedelta(minutes=30)).hour
    expected[on_time_hour] = expected.get(on_time_hour, 0) + 1
    assert hours == expected
    assert cells(page.text, "by-officer") == [["Lê Thị Mai", "3"], ["Phạm Văn Nam", "1"]]
    days = cells(page.text, "by-day")
    assert len(days) == 30 and days[-1][0] == f["now"].strftime("%d/%m/%Y")
    assert sum(int(d[1]) for d in days) == 4 and sum(int(d[2]) for d in days) == 1
    assert page.text.count("<rect") >= 60  # the trend chart: two bars a day, drawn by the server


def test_overdue_and_late_lists_lead_to_the_dossier_and_its_history(app: FastAPI) -> None:
    f = app.state.fixture
    client = _client(app, "hcm.giamsat")
    listing = client.get("/view/overdue")
    rows = cells(listing.text, "dossiers")
    assert [r[0] for r in rows] == [f["overdue"]["payload"]["code"]]  # the extended one is not overdue
    assert rows[0][-2:] == [FORMULA_NAME, "079090001234"]
    assert f'href="/view/dossier/{f["overdue"]["uuid"]}"' in listing.text
    first, last = (f["now"] - timedelta(days=5)).strftime("%d/%m/%Y"), f["now"].strftime("%d/%m/%Y")
    late = client.get("/view/late", params={"from": first, "to": last})
    late_rows = cells(late.text, "dossiers")
    assert [r[0] for r in late_rows] == [f["returned"]["payload"]["code"]] and late_rows[0][6] == "3"
    dossier = client.get(f"/view/dossier/{f['returned']['uuid']}")
    assert dossier.status_code == 200 and "1.004194 Đăng ký tạm trú" in dossier.text
    history = cells(dossier.text, "history")
    assert [h[1] for h in history] == ["Tiếp nhận hồ sơ", "Trả kết quả"] and "trễ hạn" in history[1][4]
    assert "Nguyễn Văn Đức" in dossier.text and "079090001234" in dossier.text
    extended = client.get(f"/view/dossier/{f['extended']['uuid']}")
    assert [h[1] for h in cells(extended.text, "history")] == ["Tiếp nhận hồ sơ", "Gia hạn"]
    it = _client(app, "hcm.it")  # IT sees the figures, never who the citizens are
    for path in ("/view/overdue", f"/view/dossier/{f['returned']['uuid']}", "/view/export/overdue.csv"):
        shown = it.get(path)
        assert (
            shown.status_code == 200
            and "079090001234" not in shown.text
            and "Nguyễn Văn Đức" not in shown.text
        )
    assert len(cells(it.get("/view/overdue").text, "dossiers")[0]) == len(rows[0]) - 2


def _audited(app: FastAPI, action: str) -> list[tuple[str, str]]:
    with app.state.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(web_audit.c.username, web_audit.c.detail)
                .where(web_audit.c.action == action)
                .order_by(web_audit.c.id)
            )
        ]


def test_exports_hold_what_the_page_shows_and_are_audited(app: FastAPI) -> None:
    from openpyxl import load_workbook

    f = app.state.fixture
    client = _client(app, "hcm.giamsat")
    shown = cells(client.get("/view/overdue").text, "dossiers")
    answer = client.get("/view/export/overdue.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert lines[0] == ["Hồ sơ quá hạn (chưa có kết quả)"] and lines[1][0] == "Mã hồ sơ"
    assert lines[2][0] == shown[0][0] and lines[2][-2] == "'" + FORMULA_NAME  # never run as a formula
    book = load_workbook(io.BytesIO(client.get("/view/export/overdue.xlsx").content))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[2][0] == shown[0][0] and values[2][-2] == FORMULA_NAME
    assert sheet.cell(3, len(values[2]) - 1).data_type == "s"  # a string cell, not a formula
    station = f["ids"][A]
    page = client.get(f"/view/station/{station}")
    assert f"/view/export/station.xlsx?station={station}" in page.text
    exported = client.get("/view/export/station.csv", params={"station": station})
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    for title in ("Theo thủ tục", "Theo giờ tiếp nhận", "Theo cán bộ tiếp nhận"):
        assert title in text
    assert "1.004194 Đăng ký tạm trú,1,0,0,0,1,1" in text
    overview = list(
        csv.reader(io.StringIO(client.get("/view/export/overview.csv").content.decode("utf-8-sig")))
    )
    assert [r[0] for r in overview[2:4]] == [r[0] for r in cells(client.get("/view/").text, "stations")[:2]]
    details = [d for user, d in _audited(app, "export") if user == "hcm.giamsat"]
    assert len(details) == 4 and details[0] == "overdue.csv (1 dòng)" and f"station={station}" in details[2]


def test_bad_periods_and_other_scopes_are_refused_clearly_and_audited(app: FastAPI) -> None:
    f = app.state.fixture
    client = _client(app, "hcm.giamsat")
    with app.state.engine.connect() as conn:
        before = [
            conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (dossiers, events, tally)
        ]
    ten_years = client.get("/view/late", params={"from": "01/01/2016", "to": "31/12/2025"})
    assert ten_years.status_code == 400 and "dài quá 366 ngày" in ten_years.text
    assert (
        client.get("/view/export/late.xlsx", params={"from": "2016-01-01", "to": "2025-12-31"}).status_code
        == 400
    )
    backwards = client.get(f"/view/station/{f['ids'][A]}", params={"from": "10/12/2026", "to": "01/12/2026"})
    assert backwards.status_code == 400 and "trước từ ngày" in backwards.text
    assert "không phải một ngày" in client.get("/view/late", params={"from": "32/13/2026"}).text
    far = client.get(f"/view/station/{f['ids'][A]}", params={"from": "30/12/9999", "to": "31/12/9999"})
    assert far.status_code == 400 and "ngoài những năm có số liệu" in far.text
    other = client.get(f"/view/station/{f['ids'][OTHER]}")
    assert other.status_code == 404 and "Không có trạm này trong phạm vi của bạn" in other.text
    assert OTHER not in other.text
    assert client.get("/view/overdue", params={"station": str(f["ids"][OTHER])}).status_code == 404
    assert client.get("/view/export/station.csv", params={"station": str(f["ids"][OTHER])}).status_code == 404
    assert client.get("/view/station/abc").status_code == 404
    assert client.get("/view/station/99999999").status_code == 404
    assert client.get("/view/export/users.csv").status_code == 404
    outsider = _client(app, "hn.giamsat")
    assert outsider.get(f"/view/dossier/{f['overdue']['uuid']}").status_code == 404
    assert outsider.get(f"/view/station/{f['ids'][A]}").status_code == 404
    assert A not in outsider.get("/view/overdue").text
    with app.state.engine.connect() as conn:
        after = [
            conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (dossiers, events, tally)
        ]
    assert after == before
    assert len(_audited(app, "period.refused")) == 5
    scope = _audited(app, "scope.refused")
    assert ("hn.giamsat", f"dossier {f['overdue']['uuid']}") in scope and len(scope) == 7
    assert _audited(app, "export") == []  # a refused export is no export


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_migration_fills_the_new_columns_from_what_is_stored(
    request: pytest.FixtureRequest, tmp_path: Path, dialect: str
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from desk_app.central.db import make_engine, migrate
    from desk_app.locator import migrations_dir

    if dialect == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    else:  # there the migration fills the columns in SQL, never loading the payloads
        from tests.pg import new_database

        url = new_database(request.getfixturevalue("postgres_base"))
    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir("central")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "c0006")
    now = datetime(2026, 11, 2, 9, 5, tzinfo=VN_TZ)
    record = dossier_record(A, f"{A}-261102-0001", now, now + timedelta(days=2), officer="Lê Thị Mai")
    again = event_record(
        record, "extend", "received", now + timedelta(days=3), new_due="2026-11-16T17:00:00+07:00"
    )  # stored before the first extension: the latest by time wins, not by order
    moved = event_record(
        record, "extend", "received", now + timedelta(days=1), new_due="2026-11-09T17:00:00+07:00"
    )
    back = event_record(record, "return", "returned", now + timedelta(days=12), late=True)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stations (id, name, secret_hash, enrolled_at, agency_code, desk) "
                "VALUES (1, 'x', 'h', '2026', :a, 1)"
            ),
            {"a": A},
        )
        conn.execute(
            text(
                "INSERT INTO dossiers (uuid, agency_code, code, station_id, content_hash, payload, "
                "status, accepted_at, due_at) VALUES (:u, :a, :c, 1, 'h', :p, 'returned', 'x', :d)"
            ),
            {
                "u": record["uuid"],
                "a": A,
                "c": record["payload"]["code"],
                "p": json.dumps(record["payload"]),
                "d": record["payload"]["due_at"],
            },
        )
        for event in (again, moved, back):
            conn.execute(
                text(
                    "INSERT INTO events (uuid, dossier_uuid, content_hash, payload, accepted_at) "
                    "VALUES (:u, :d, 'h', :p, 'x')"
                ),
                {"u": event["uuid"], "d": record["uuid"], "p": json.dumps(event["payload"])},
            )
    migrate(engine)
    with engine.connect() as conn:
        row: Any = conn.execute(select(dossiers)).one()
        assert (row.received_at, row.officer, row.procedure_name, row.due_at) == (
            now.isoformat(),
            "Lê Thị Mai",
            "Đăng ký thường trú",
            "2026-11-16T17:00:00+07:00",
        )
        kinds = {(e.kind, e.late) for e in conn.execute(select(events))}
        assert kinds == {("extend", False), ("return", True)} and len(conn.execute(select(events)).all()) == 3
    engine.dispose()


def test_the_silence_that_flags_a_station_is_set_by_stale_hours(tmp_path: Path) -> None:
    import subprocess
    import sys
    from datetime import UTC

    from sqlalchemy import update

    from desk_app.central.schema import stations as stations_table

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    for hours, flagged in ((0.5, True), (24, False)):
        app = create_app(url, tmp_path / "blobs", stale_hours=hours)
        engine = app.state.engine
        if hours == 0.5:
            stations.enroll(engine, stations.issue_token(engine, A, 1), A, 1)
            web_accounts.add_user(engine, "hcm.giamsat", "province", "G01.79", PASSWORD)
        an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0).isoformat()
        with engine.begin() as conn:
            conn.execute(update(stations_table).values(last_seen_at=an_hour_ago))
        page = _client(app, "hcm.giamsat").get("/view/").text
        seen = cells(page, "stations")[0][6]
        assert ('class="stale"' in page) is flagged and seen.endswith(" — quá 0.5 giờ") is flagged
        assert f"quá {hours:g} giờ được đánh dấu" in page
        engine.dispose()
    command = [sys.executable, "-m", "desk_app.central", "serve", "--stale-hours", "0", "--db", url]
    wrong = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "hours must be more than 0" in wrong.stderr


def test_the_scope_by_procedure_over_a_period(app: FastAPI) -> None:
    f = app.state.fixture
    period = {
        "from": (f["now"] - timedelta(days=29)).strftime("%d/%m/%Y"),
        "to": f["now"].strftime("%d/%m/%Y"),
    }
    page = _client(app, "hcm.giamsat").get("/view/procedures", params=period)
    rows = cells(page.text, "procedures")
    assert rows[0][:2] == ["1.004222 Đăng ký thường trú", "3"]  # the catalogue's name
    assert rows[1] == ["1.004194 Đăng ký tạm trú", "1", "0", "0", "0", "1", "1"] and rows[-1][:2] == [
        "Cộng",
        "4",
    ]
    outsider = _client(app, "hn.giamsat").get("/view/procedures", params=period)
    assert cells(outsider.text, "procedures")[-1][:2] == ["Cộng", "0"]
    exported = _client(app, "hcm.giamsat").get("/view/export/procedures.csv", params=period)
    assert "1.004194 Đăng ký tạm trú,1,0,0,0,1,1" in exported.content.decode("utf-8-sig")


def test_odd_input_is_refused_never_a_500(app: FastAPI) -> None:
    """NUL (PostgreSQL refuses it in text), digits that are not ASCII, stray control codes from a station:
    each a refusal or a clean page, audited in printable text."""
    from sqlalchemy import update

    f = app.state.fixture
    client = _client(app, "hcm.giamsat")
    for path, status in (
        ("/view/dossier/%00abc", 404),
        ("/view/station/%00", 404),
        ("/view/?station=%00", 404),
        ("/view/late?from=%00", 400),
        ("/view/late?to=x%00", 400),
        ("/view/export/%00.csv", 404),
        ("/view/station/%C2%B2", 404),
        ("/view/overdue?station=%C2%B2", 404),
        (f"/view/dossier/{'a' * 36}", 404),
    ):
        assert client.get(path).status_code == status, path
    forged = TestClient(app, base_url="https://testserver", cookies={"dc_session": "gia-mao"})
    assert forged.get("/view/station/%00x", follow_redirects=False).status_code == 303
    assert all("\x00" not in detail for _user, detail in _audited(app, "scope.refused"))
    with app.state.engine.begin() as conn:  # what a station sent: a vertical tab in the officer's name
        conn.execute(
            update(dossiers).where(dossiers.c.officer == "Phạm Văn Nam").values(officer="Phạm\x0bNam")
        )
    workbook = client.get("/view/export/station.xlsx", params={"station": str(f["ids"][A])})
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")


def test_it_never_reads_a_reason_and_retired_stations_count_nowhere(app: FastAPI) -> None:
    from sqlalchemy import insert, update

    from desk_app.central.schema import stations as stations_table

    f = app.state.fixture
    dossier = f["overdue"]
    payload = {
        "protocol": 1,
        "uuid": "e0000000-0000-4000-8000-000000000001",
        "dossier_uuid": dossier["uuid"],
        "kind": "request-supplement",
        "at": f["now"].isoformat(),
        "actor": "Lê Thị Mai",
        "reason": "Ông Nguyễn Văn Đức (CCCD 079090001234) thiếu giấy",
        "data": {},
        "status": "received",
    }
    with app.state.engine.begin() as conn:
        conn.execute(
            insert(events).values(
                uuid=payload["uuid"],
                dossier_uuid=dossier["uuid"],
                content_hash="h",
                payload=json.dumps(payload),
                accepted_at="x",
                kind=payload["kind"],
                at=payload["at"],
            )
        )
    supervisor = _client(app, "hcm.giamsat").get(f"/view/dossier/{dossier['uuid']}").text
    assert "thiếu giấy" in supervisor and "<th>Lý do</th>" in supervisor
    it = _client(app, "hcm.it").get(f"/view/dossier/{dossier['uuid']}").text
    assert "079090001234" not in it and "thiếu giấy" not in it and "<th>Lý do</th>" not in it
    with app.state.engine.begin() as conn:  # desk A's PC retired as a legacy duplicate
        conn.execute(
            update(stations_table).where(stations_table.c.id == f["ids"][A]).values(revoked_at="2026")
        )
    period = {
        "from": (f["now"] - timedelta(days=29)).strftime("%d/%m/%Y"),
        "to": f["now"].strftime("%d/%m/%Y"),
    }
    client = _client(app, "hcm.giamsat")
    assert cells(client.get("/view/procedures", params=period).text, "procedures")[-1][:2] == ["Cộng", "0"]
    assert cells(client.get("/view/").text, "stations")[-1][0] == "Cộng (1 trạm)"


def test_a_page_whose_query_fails_on_the_replica_is_read_from_the_primary(tmp_path: Path) -> None:
    """The standby answered its lag check, then a page's query failed there (a conflict with recovery, the
    standby gone): the page comes from the primary and says so, and the next pages too. The standby here
    is a real engine on a file that is no database; only the lag check is skipped (it needs PostgreSQL)."""
    from fastapi import FastAPI as App
    from sqlalchemy import create_engine

    from desk_app.central import web
    from desk_app.central.db import make_engine, migrate
    from desk_app.central.replica import Reading, ReadSource

    primary = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(primary)
    stations.enroll(primary, stations.issue_token(primary, A, 1), A, 1)
    web_accounts.add_user(primary, "hcm.giamsat", "province", "G01.79", PASSWORD)
    (tmp_path / "broken.sqlite3").write_bytes(b"not a database" * 100)
    broken = create_engine(f"sqlite:///{tmp_path / 'broken.sqlite3'}")

    class Answered(ReadSource):
        def pick(self) -> Reading:
            if self._failed_until is not None and self.clock() < self._failed_until:
                return self._fallback(self._failed_note)
            return Reading(broken, "replica", timedelta(0), "")

    app = App()
    app.include_router(web.make_router(primary, read=Answered(primary)))
    client = _client(app, "hcm.giamsat")
    for path in ("/view/", "/view/overdue", "/view/export/overview.csv"):
        answer = client.get(path)
        assert answer.status_code == 200, path
    page = client.get("/view/").text
    assert f"{A} bàn 1" in page and ReadSource.DOWN in page
    broken.dispose()
    primary.dispose()


def test_a_dossier_the_replica_has_not_replayed_yet_is_read_from_the_primary(tmp_path: Path) -> None:
    """A supervisor follows a link to a dossier the standby has not replayed yet (it lags, within the
    limit): the page is the primary's, never "not in your scope". The standby is a real, empty database
    of the same schema; only the lag check (PostgreSQL's) is skipped."""
    from fastapi import FastAPI as App

    from desk_app.central import web
    from desk_app.central.db import make_engine, migrate
    from desk_app.central.replica import Reading, ReadSource

    primary, behind = (make_engine(f"sqlite:///{tmp_path / name}") for name in ("p.sqlite3", "r.sqlite3"))
    for engine in (primary, behind):
        migrate(engine)
    token = stations.issue_token(primary, A, 1)
    station = stations.authenticate(primary, stations.enroll(primary, token, A, 1)[1])
    now = datetime.now(VN_TZ).replace(microsecond=0)
    record = dossier_record(A, f"{A}-{now:%y%m%d}-0001", now, now + timedelta(days=2))
    store.put_batch(primary, station, [record])
    web_accounts.add_user(primary, "hcm.giamsat", "province", "G01.79", PASSWORD)

    class Lagging(ReadSource):
        def pick(self) -> Reading:
            return Reading(
                behind, "replica", timedelta(minutes=2), "Số liệu đọc từ bản sao, chậm khoảng 2 phút."
            )

    app = App()
    app.include_router(web.make_router(primary, read=Lagging(primary)))
    client = _client(app, "hcm.giamsat")
    page = client.get(f"/view/dossier/{record['uuid']}")
    assert page.status_code == 200 and record["payload"]["code"] in page.text
    assert client.get(f"/view/dossier/{'0' * 8}-0000-4000-8000-{'0' * 12}").status_code == 404
    assert "chậm khoảng 2 phút" in client.get("/view/").text  # the overview says how old its figures are
    for engine in (primary, behind):
        engine.dispose()
