"""Issue 19, part 3: the central tally — per station, day and procedure — kept by the ingest in the same
transaction as each dossier and event, on SQLite and on PostgreSQL: it always equals what the dossiers and
events themselves give (:func:`desk_app.central.tally.recount`), a repeat counts nothing, a refused
record counts nothing, and the migration fills it for the dossiers stored before it."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import delete

from desk_app.central import stations, store
from desk_app.central import tally as tally_mod
from desk_app.central.db import make_engine, migrate
from desk_app.central.schema import tally

G01 = "G01.79.760.001"


def _dossier(code: str, procedure: str, received_at: str, channel: str = "walk_in") -> dict[str, Any]:
    record_uuid = str(uuid.uuid4())
    payload = {"protocol": 1, "uuid": record_uuid, "agency_code": G01, "code": code, "desk": 1,
               "status": "received", "procedure": {"code": procedure, "name": "…"}, "channel": channel,
               "received_at": received_at, "applicant": {"full_name": "Nguyễn Văn Đức"}}  # fmt: skip
    return {
        "kind": "dossier",
        "uuid": record_uuid,
        "content_hash": store.content_hash(payload),
        "payload": payload,
    }


def _event(dossier: dict[str, Any], kind: str, status: str, at: str, **data: Any) -> dict[str, Any]:
    event_uuid = str(uuid.uuid4())
    payload = {"protocol": 1, "uuid": event_uuid, "dossier_uuid": dossier["uuid"], "kind": kind, "at": at,
               "actor": "Lê Thị Mai", "reason": "x", "data": data, "status": status}  # fmt: skip
    return {
        "kind": "event",
        "uuid": event_uuid,
        "content_hash": store.content_hash(payload),
        "payload": payload,
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    else:
        from tests.pg import new_database

        url = new_database(request.getfixturevalue("postgres_base"))
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


def test_the_tally_follows_every_dossier_and_event_and_nothing_else(engine) -> None:
    station_id, _credential = stations.enroll(engine, stations.issue_token(engine, G01, 1), G01, 1)
    station = stations.authenticate(engine, _credential)
    a = _dossier(f"{G01}-261201-0001", "1.004222", "2026-12-01T09:00:00+07:00")
    b = _dossier(f"{G01}-261201-0002", "1.004222", "2026-12-01T10:00:00+07:00", channel="post")
    c = _dossier(f"{G01}-261202-0001", "1.010386", "2026-12-02T08:00:00+07:00")
    records = [a, b, c, _event(a, "request-supplement", "supplement_requested", "2026-12-01T11:00:00+07:00"),
               _event(b, "transfer", "transferred", "2026-12-02T09:00:00+07:00"),
               _event(b, "result-received", "result_received", "2026-12-03T09:00:00+07:00"),
               _event(b, "return", "returned", "2026-12-04T09:00:00+07:00", late=True),
               _event(c, "refuse", "refused", "2026-12-02T09:30:00+07:00")]  # fmt: skip
    answers = store.put_batch(engine, station, records)
    assert [r["status"] for r in answers] == [201] * len(records)
    store.put_batch(engine, station, records)  # a repeat: the same answers, nothing counted twice
    bad = {
        **_dossier(f"{G01}-261203-0001", "1.004222", "2026-12-03T09:00:00+07:00"),
        "content_hash": "0" * 64,
    }
    assert store.put_batch(engine, station, [bad])[0]["status"] == 409  # refused: not counted
    with engine.connect() as conn:
        kept = tally_mod.stored(conn)
        assert kept == tally_mod.recount(conn)
    assert kept == {
        (station_id, "2026-12-01", "1.004222"): Counter(received=2, received_post=1, supplement_requested=1),
        (station_id, "2026-12-02", "1.010386"): Counter(received=1, refused=1),
        (station_id, "2026-12-04", "1.004222"): Counter(returned=1, returned_late=1),
    }


def test_rebuild_fills_the_tally_from_what_is_stored(engine) -> None:
    _id, credential = stations.enroll(engine, stations.issue_token(engine, G01, 1), G01, 1)
    station = stations.authenticate(engine, credential)
    d = _dossier(f"{G01}-261201-0001", "1.004194", "2026-12-01T09:00:00+07:00")
    store.put_batch(engine, station, [d, _event(d, "refuse", "refused", "2026-12-01T10:00:00+07:00")])
    with engine.begin() as conn:
        before = tally_mod.stored(conn)
        conn.execute(delete(tally))  # as before the migration
        assert tally_mod.stored(conn) == {}
        tally_mod.rebuild(conn)
        assert tally_mod.stored(conn) == before != {}
