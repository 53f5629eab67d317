"""The central tally: per station, day and procedure, what came in and what happened to it.

Kept in the transaction that stores each dossier and event (:mod:`desk_app.central.store` calls
:func:`count_dossier` and :func:`count_event` right after the row is inserted, never for a repeat, and
:func:`flush` once before the transaction commits), so the
provincial pages sum a small table instead of reading every dossier. :func:`recount` computes the same
figures from the dossiers and events themselves: the migration fills the tally with it, and the tests
compare the two.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

from sqlalchemy import Connection, delete, select

from desk_app.central.schema import TALLIED_EVENTS, TALLY_COUNTS, dossiers, events, tally

Key = tuple[int, str, str]  # station id, day, procedure code


def _upsert(conn: Connection, key: Key, increments: dict[str, int]) -> None:
    station_id, day, procedure = key
    values = {"station_id": station_id, "day": day, "procedure_code": procedure,
              **{name: increments.get(name, 0) for name in TALLY_COUNTS}}  # fmt: skip
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt: Any = dialect.insert(tally).values(values)
    added = {name: tally.c[name] + stmt.excluded[name] for name in increments}
    keys = ["station_id", "day", "procedure_code"]
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=added))


def procedure_of(payload: dict[str, Any]) -> str:
    procedure = payload.get("procedure")
    code = procedure.get("code") if isinstance(procedure, dict) else None
    return code[:32] if isinstance(code, str) else ""


def procedure_name(payload: dict[str, Any]) -> str:
    procedure = payload.get("procedure")
    name = procedure.get("name") if isinstance(procedure, dict) else None
    return name[:500] if isinstance(name, str) else ""


def _data(payload: dict[str, Any]) -> dict[str, Any]:
    data = payload.get("data")
    return data if isinstance(data, dict) else {}


def _day(value: Any) -> str:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else "?"


Pending = dict[Key, Counter[str]]  # what one transaction adds, written once per key before it commits


def count_dossier(pending: Pending, station_id: int, payload: dict[str, Any]) -> None:
    """A dossier just stored: one more received (by post: one more of those too) on its receipt day."""
    key = (station_id, _day(payload.get("received_at")), procedure_of(payload))
    counts = pending.setdefault(key, Counter())
    counts["received"] += 1
    if payload.get("channel") == "post":
        counts["received_post"] += 1


def count_event(pending: Pending, station_id: int, procedure: str, payload: dict[str, Any]) -> None:
    """An event just stored: a supplement request, a refusal or a return (late or not) on its day."""
    name = TALLIED_EVENTS.get(str(payload.get("kind")))
    if name is None:
        return
    counts = pending.setdefault((station_id, _day(payload.get("at")), procedure), Counter())
    counts[name] += 1
    if name == "returned" and _data(payload).get("late"):
        counts["returned_late"] += 1


def flush(conn: Connection, pending: Pending) -> None:
    """Write what the transaction counted: one upsert per station, day and procedure (a batch of 500
    dossiers of one desk's day is a statement or two, not 500), still inside the transaction."""
    if os.environ.get("DESK_CENTRAL_BENCH_NO_TALLY") == "1":
        # Only for the ingest benchmark's baseline (tests/benchmarks/test_sync_throughput.py): the same
        # ingest with the tally's writes left out. Never set on a real server: its pages would be wrong.
        pending.clear()
        return
    for key in sorted(pending):  # the same order in every transaction: concurrent batches never deadlock
        if pending[key]:
            _upsert(conn, key, dict(pending[key]))
    pending.clear()


def recount(conn: Connection) -> dict[Key, Counter[str]]:
    """The tally as the dossiers and events themselves give it."""
    counts: dict[Key, Counter[str]] = {}
    procedure_by_uuid: dict[str, tuple[int, str]] = {}
    for row in conn.execute(select(dossiers.c.uuid, dossiers.c.station_id, dossiers.c.payload)):
        payload = json.loads(row.payload)
        procedure_by_uuid[row.uuid] = (row.station_id, procedure_of(payload))
        key = (row.station_id, _day(payload.get("received_at")), procedure_of(payload))
        counts.setdefault(key, Counter())["received"] += 1
        if payload.get("channel") == "post":
            counts[key]["received_post"] += 1
    for event in conn.execute(select(events.c.dossier_uuid, events.c.payload)):
        payload = json.loads(event.payload)
        name = TALLIED_EVENTS.get(str(payload.get("kind")))
        if name is None or event.dossier_uuid not in procedure_by_uuid:
            continue
        station_id, procedure = procedure_by_uuid[event.dossier_uuid]
        key = (station_id, _day(payload.get("at")), procedure)
        counts.setdefault(key, Counter())[name] += 1
        if name == "returned" and _data(payload).get("late"):
            counts[key]["returned_late"] += 1
    return counts


def stored(conn: Connection) -> dict[Key, Counter[str]]:
    """The tally as the table holds it (rows of zeros left out)."""
    found: dict[Key, Counter[str]] = {}
    for row in conn.execute(select(tally)):
        values = Counter({name: getattr(row, name) for name in TALLY_COUNTS if getattr(row, name)})
        if values:
            found[(row.station_id, row.day, row.procedure_code)] = values
    return found


def rebuild(conn: Connection) -> None:
    """Fill the tally afresh from the dossiers and events (the migration; a repair)."""
    conn.execute(delete(tally))
    for key, values in recount(conn).items():
        _upsert(conn, key, dict(values))
