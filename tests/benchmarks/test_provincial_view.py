"""The provincial view (issue 19): the overview of a province of 1,000 stations with a year of tallies
against the raw aggregate of the same tally, on PostgreSQL.

A private PostgreSQL (tests/pg.py; fsync off: nothing here is written while timed) is migrated to the
central schema and filled server-side (``INSERT … SELECT`` over ``generate_series``): 1,000 stations of
one province (``G01.79.<district>.<ward>``, a desk each, each with its last contact and build), a year
of tally rows — 10 procedures a station a day, about 274 dossiers a station a day, so about 100 million
dossiers' worth, 3.65 million rows — and 20 open dossiers a station, a quarter of them overdue; then
``VACUUM ANALYZE``, as autovacuum would have done over the year. "Now" is the 28th of the year's last
month, so the month-to-date is 28 days of the tally.

Ours is ``GET /view/`` as a province supervisor logged in through the form sees it: the whole request
through Starlette's TestClient against the app (the session's check, :func:`desk_app.central.views.overview`,
the table and the template's HTML), and, reported beside it, ``views.overview`` alone. The baseline is
one SQL statement through the same engine: the month-to-date sums per station of the same tally. Rounds
rotate the three so machine noise hits each alike; medians. Our figures are checked against the
baseline's: each station's month sums equal the raw aggregate's.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, text

from desk_app.central import views, web, web_accounts
from desk_app.central.app import create_app
from desk_app.central.db import make_engine, migrate
from desk_app.central.schema import stations
from desk_app.domain.model import VN_TZ
from tests.benchmarks.conftest import STRICT, report
from tests.central_web_support import PASSWORD, log_in

STATIONS = 1_000 if STRICT else 50
DAYS = 365 if STRICT else 30  # the tally's days, ending today
PER_DAY = 274  # dossiers a station a day: 1,000 stations x 365 days x 274 = 100 million a year
OPEN = 20  # open dossiers a station (clock running); the first quarter of them overdue
ROUNDS = 7 if STRICT else 3
WARDS = 40  # stations a district
SCOPE = "G01.79"
NOW = datetime(2026, 10, 28, 15, 30, tzinfo=VN_TZ)  # the 28th: a month-to-date of 28 days
SHARES = (0.25, 0.20, 0.15, 0.10, 0.08, 0.07, 0.05, 0.04, 0.03, 0.03)  # of a station's intake (made up)


def _procedures() -> list[tuple[str, str, float]]:
    """(code, name, share): the first ten procedures of the shipped catalogue, with made-up shares."""
    import json

    from desk_app.locator import resource

    listed = json.loads(resource("catalogue", "procedures.json").read_text(encoding="utf-8"))["procedures"]
    return [(p["code"], p["name"], share) for p, share in zip(listed, SHARES, strict=False)]


RAW = text(
    "SELECT station_id, sum(received), sum(supplement_requested), sum(returned_late) FROM tally"
    " WHERE day BETWEEN :first AND :today GROUP BY station_id"
)

TODAY = text("SELECT station_id, sum(received) FROM tally WHERE day = :today GROUP BY station_id")


@dataclass
class Province:
    url: str
    engine: Engine
    first_day: date
    tally_rows: int
    dossiers_simulated: int


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _stations() -> list[dict[str, Any]]:
    rows = []
    for n in range(STATIONS):
        district, ward = 760 + n // WARDS, n % WARDS + 1
        seen = NOW - timedelta(minutes=3 + 7 * (n % 200)) if n % 25 else NOW - timedelta(days=2, minutes=n)
        rows.append(
            {
                "name": f"Công an phường {ward}, quận {district}",
                "secret_hash": f"{n:064x}",
                "enrolled_at": _iso(NOW - timedelta(days=DAYS + 30)),
                "agency_code": f"{SCOPE}.{district}.{ward:03d}",
                "desk": 1,
                "block_size": 1000,
                "bound": True,
                "last_seen_at": _iso(seen),  # one in 25 silent for two days: flagged
                "build": f"1.{4 + n % 3}.0",
            }
        )
    return rows


TALLY = text(
    """
    INSERT INTO tally (station_id, day, procedure_code, received, received_post, supplement_requested,
                       refused, returned, returned_late)
    SELECT station_id, day, code, received, floor(received * 0.10 * random()),
           floor(received * 0.08 * random()), floor(received * 0.02 * random()), returned,
           floor(returned * 0.06 * random())
    FROM (
        SELECT s.id AS station_id, to_char(d, 'YYYY-MM-DD') AS day, p.code,
               floor(:per_day * p.share * (0.5 + random()))::int AS received,
               floor(:per_day * p.share * (0.45 + random()))::int AS returned
        FROM stations s
        CROSS JOIN generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS d
        CROSS JOIN unnest(CAST(:codes AS text[]), CAST(:shares AS float8[])) AS p(code, share)
        ORDER BY s.id, d, p.code
    ) AS generated
    """
)

OPEN_DOSSIERS = text(
    """
    INSERT INTO dossiers (uuid, agency_code, code, station_id, content_hash, payload, status, accepted_at,
                          procedure_code, due_at, received_at, officer, procedure_name)
    SELECT uuid, agency_code, code, station_id, md5(uuid) || md5(code), json_build_object(
               'protocol', 1, 'uuid', uuid, 'agency_code', agency_code, 'code', code, 'desk', 1,
               'status', status, 'procedure', json_build_object('code', p_code, 'name', p_name),
               'channel', 'walk_in', 'received_at', received_at, 'due_at', due_at, 'officer', officer,
               'applicant', json_build_object('full_name', 'Nguyễn Văn An', 'id_number', '079090001234')
           )::text, status, received_at, p_code, due_at, received_at, officer, p_name
    FROM (
        SELECT gen_random_uuid()::text AS uuid, s.agency_code, s.agency_code || '-MO-' || i AS code,
               s.id AS station_id, CASE WHEN i % 3 = 0 THEN 'transferred' ELSE 'received' END AS status,
               (CAST(:codes AS text[]))[1 + i % 10] AS p_code, (CAST(:names AS text[]))[1 + i % 10] AS p_name,
               to_char(CAST(:now AS timestamp) - (10 - i / 4) * interval '1 day',
                       'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS received_at,
               to_char(CAST(:now AS timestamp) + (i - :overdue) * interval '1 day' + interval '1 hour',
                       'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS due_at,
               'Cán bộ ' || (i % 4) AS officer
        FROM stations s CROSS JOIN generate_series(0, :open - 1) AS i
    ) AS generated
    """
)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Province]:
    from tests.pg import new_database, private_postgres

    with private_postgres() as base:
        url = new_database(base)
        engine = make_engine(url)
        migrate(engine)
        first = NOW.date() - timedelta(days=DAYS - 1)
        codes, names, shares = zip(*_procedures(), strict=True)
        started = time.perf_counter()
        procedures = {"codes": list(codes), "names": list(names), "shares": list(shares)}
        with engine.begin() as conn:
            conn.execute(insert(stations), _stations())
            days = {"first": first.isoformat(), "last": NOW.date().isoformat()}
            conn.execute(TALLY, {"per_day": PER_DAY, **days, **procedures})
            local_now = NOW.replace(tzinfo=None).isoformat()
            conn.execute(OPEN_DOSSIERS, {"open": OPEN, "overdue": OPEN // 4, "now": local_now, **procedures})
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            rows, received = conn.execute(text("SELECT count(*), sum(received) FROM tally")).one()
        loaded = time.perf_counter() - started
        print(f"\n[bench] provincial view: {STATIONS} stations, {rows} tally rows ({received} dossiers)"
              f" loaded in {loaded:.1f} s")  # fmt: skip
        web_accounts.add_user(engine, "tinh.giamsat", "province", SCOPE, PASSWORD, "Trần Văn Giám")
        try:
            yield Province(url, engine, first, int(rows), int(received))
        finally:
            engine.dispose()


def _rotated(actions: dict[str, Callable[[], object]], rounds: int, warmup: int = 2) -> dict[str, float]:
    """Median seconds of each action, run in turn each round, the order rotated round by round."""
    names = list(actions)
    for _ in range(warmup):
        for name in names:
            actions[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            started = time.perf_counter()
            actions[name]()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(times) for name, times in samples.items()}


def test_the_overview_of_a_province_against_the_raw_aggregate(
    province: Province, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "_now", lambda: NOW)  # the pages' clock: the 28th of the year's last month
    app = create_app(province.url, tmp_path / "blobs", migrated=True)
    engine: Engine = app.state.engine  # the engine the pages read from (no replica given)
    user = web_accounts.WebUser("tinh.giamsat", "Trần Văn Giám", "province", SCOPE)
    month = {"first": NOW.date().replace(day=1).isoformat(), "today": NOW.date().isoformat()}
    with TestClient(app, base_url="https://testserver") as client:
        assert log_in(client, user.username).status_code == 303

        def request() -> str:
            answer = client.get("/view/")
            assert answer.status_code == 200
            return answer.text

        def overview() -> views.Overview:
            return views.overview(engine, user, NOW)

        def raw() -> list[Any]:
            with engine.connect() as conn:
                return conn.execute(RAW, month).all()

        medians = _rotated({"raw": raw, "request": request, "overview": overview}, ROUNDS)
        page, view, sums = request(), overview(), raw()
        with engine.connect() as conn:
            today = dict(conn.execute(TODAY, month).all())
    # our answers equal the baseline's: every station, its month's sums
    assert len(view.rows) == STATIONS and page.count('<tr data-key="') == STATIONS
    ours = {r.station_id: (r.received_month, r.supplement_month, r.returned_late_month) for r in view.rows}
    assert ours == {station_id: tuple(int(v) for v in values) for station_id, *values in sums}
    assert {r.station_id: r.received_today for r in view.rows} == today
    assert {r.overdue for r in view.rows} == {OPEN // 4}
    assert sum(r.stale for r in view.rows) == len(range(0, STATIONS, 25))
    ratio = medians["request"] / medians["raw"]
    report("provincial_overview", stations=STATIONS, tally_rows=province.tally_rows,
           dossiers_simulated=province.dossiers_simulated, month_days=NOW.day, rounds=ROUNDS,
           request_ms=round(medians["request"] * 1000, 1), overview_ms=round(medians["overview"] * 1000, 1),
           raw_ms=round(medians["raw"] * 1000, 1), ratio=round(ratio, 2),
           overview_ratio=round(medians["overview"] / medians["raw"], 2),
           bound="request <= 200 ms and <= 5x the raw aggregate")  # fmt: skip
    if STRICT:
        assert medians["request"] <= 0.200
        assert ratio <= 5
