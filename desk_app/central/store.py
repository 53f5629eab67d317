"""The central server's operations on what stations send, each one transaction: dossiers, events, scans'
owners and audit heads — each checked against the station that sends it.

Idempotent by construction: a dossier is keyed by the desk's UUID and compared by content hash — the same
content again gets the first answer, other content for the same UUID is a conflict; the official code is
unique per agency (a clash with another UUID is a conflict too). Events are keyed by UUID.

Nobody speaks for another station: a dossier's code must be the caller's agency and lie in the caller's
desk block (the partition the desk numbers in, :mod:`desk_app.domain.codes`); an event or a scan must be of
a dossier the caller sent; an event's kind and status must be the life-cycle's. Each refusal says why with
a :class:`~desk_app.sync.policy.Reason` and is logged with the station.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from desk_app.central.schema import audit_heads as audit_heads_table
from desk_app.central.schema import dossiers, events
from desk_app.central.stations import Refused, Station, log_refusal, now_iso, sha
from desk_app.central.tally import Pending, count_dossier, count_event, flush, procedure_name, procedure_of
from desk_app.domain.audit import canonical
from desk_app.domain.codes import SequenceBlock, sequence_block
from desk_app.domain.lifecycle import EVENT_KINDS, Status
from desk_app.sync.policy import Reason

PROTOCOL = 1
_STATUSES = frozenset(s.value for s in Status)


def content_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): the desk computes the same."""
    return sha(canonical(payload))


def _text(payload: dict[str, Any], *keys: str, limit: int = 64) -> None:
    for key in keys:
        value = payload.get(key)
        if not isinstance(value, str) or not value or len(value) > limit:
            detail = f"payload.{key} must be a non-empty string of at most {limit} characters"
            raise Refused(Reason.PAYLOAD, detail)


_CODE_TAIL = re.compile(r"[0-9]{6}-([0-9]{4})")


def _check_code(station: Station, payload: dict[str, Any]) -> None:
    """The dossier's code is the caller's to give: its agency, and (a bound station) its desk's block —
    ``<agency>-<YYMMDD>-<XXXX>`` (:mod:`desk_app.domain.codes`), checked on the hot path without parsing
    more than the partition needs."""
    agency, code = payload["agency_code"], payload["code"]
    if agency != station.agency_code or not code.startswith(station.agency_code + "-"):
        raise Refused(Reason.AGENCY, f"code {code} is not of agency {station.agency_code}, the caller's")
    tail = _CODE_TAIL.fullmatch(code, len(station.agency_code) + 1)
    if tail is None or tail.group(1) == "0000":
        raise Refused(Reason.PAYLOAD, f"payload.code {code!r} is not a dossier code")
    if payload.get("desk") != station.desk:
        named = payload.get("desk")
        raise Refused(Reason.DESK, f"the dossier names desk {named!r}; the caller is desk {station.desk}")
    if station.block_size is not None:
        block = _block(station.desk, station.block_size)
        if int(tail.group(1)) not in block:
            raise Refused(Reason.DESK, f"code {code} lies outside desk {station.desk}'s numbers "
                                       f"{block.first:04d}-{block.last:04d}")  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _block(desk: int, block_size: int) -> SequenceBlock:
    return sequence_block(desk, block_size)


def _owned(conn: Connection, station: Station, dossier_uuid: str) -> Any:
    """The caller's dossier ``dossier_uuid`` (uuid, status); Refused: not here yet, or another's."""
    row = conn.execute(select(dossiers.c.uuid, dossiers.c.status, dossiers.c.station_id,
                              dossiers.c.procedure_code)
                       .where(dossiers.c.uuid == dossier_uuid)).first()  # fmt: skip
    if row is None:
        raise Refused(Reason.NOT_YET, "the dossier is not on the server yet")
    if row.station_id != station.id:
        raise Refused(Reason.OWNER, f"dossier {dossier_uuid} was sent by another station")
    return row


def _answer(row: Any) -> dict[str, Any]:
    return {"uuid": row.uuid, "code": row.code, "accepted_at": row.accepted_at}


def _verified(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The payload and its hash, which must be the one the desk sent with it."""
    payload = body["payload"]
    digest = content_hash(payload)
    if digest != body["content_hash"]:
        raise Refused(Reason.HASH, "the content hash does not match the payload")
    return payload, digest


def _short(value: Any, limit: int) -> str:
    """A payload's text field as stored in a column: cut to the column's size; anything else is ""."""
    return value[:limit] if isinstance(value, str) else ""


def _insert(conn: Connection, table: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING uuid in the engine's dialect: a row back if inserted, none
    for a repeat or a clash (no exception to recover from)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing().returning(table.c.uuid)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing().returning(table.c.uuid)


def _dossier(
    conn: Connection, station: Station, uuid: str, body: dict[str, Any], pending: Pending
) -> tuple[bool, dict[str, Any]]:
    """(created, answer) within the caller's transaction; Refused if the UUID holds other content or the
    code is another dossier's. The common case (a new dossier) is one INSERT that does nothing on a clash
    of UUID or code; only then is the existing row read, to tell a repeat (the first answer) from a
    conflict. Raises before or after a statement, never from one: the transaction stays usable."""
    payload, digest = _verified(body)
    _text(payload, "agency_code", "code", "status")
    if payload["status"] not in _STATUSES:
        raise Refused(Reason.STATUS, f"status {payload['status'][:40]!r} is not one of the life-cycle's")
    _check_code(station, payload)
    values = {"uuid": uuid, "agency_code": payload["agency_code"], "code": payload["code"],
              "station_id": station.id, "content_hash": digest,
              "payload": json.dumps(payload, ensure_ascii=False), "status": payload["status"],
              "accepted_at": now_iso(), "procedure_code": procedure_of(payload),
              "due_at": _short(payload.get("due_at"), 32),
              "received_at": _short(payload.get("received_at"), 32),
              "officer": _short(payload.get("officer"), 200),
              "procedure_name": procedure_name(payload)}  # fmt: skip
    if conn.execute(_insert(conn, dossiers), values).first() is not None:
        count_dossier(pending, station.id, payload)  # the tally, flushed in the same transaction
        return True, {"uuid": uuid, "code": values["code"], "accepted_at": values["accepted_at"]}
    row = conn.execute(select(dossiers).where(dossiers.c.uuid == uuid)).first()
    if row is None:
        raise Refused(Reason.CODE, f"code {payload['code']} belongs to another dossier of the agency")
    if row.station_id != station.id:
        raise Refused(Reason.OWNER, f"dossier {uuid} was sent by another station")
    if row.content_hash != digest:
        raise Refused(Reason.CONTENT, f"dossier {uuid} was already received with other content")
    return False, _answer(row)


def _event(
    conn: Connection, station: Station, uuid: str, body: dict[str, Any], pending: Pending
) -> tuple[bool, dict[str, Any]]:
    """(created, answer) within the caller's transaction; Refused (not yet) while the dossier is not here."""
    payload, digest = _verified(body)
    _text(payload, "dossier_uuid", "kind")
    if payload["kind"] not in EVENT_KINDS:
        raise Refused(Reason.KIND, f"event kind {payload['kind'][:40]!r} is not one of the life-cycle's")
    if payload.get("status") is not None:
        _text(payload, "status")
        if payload["status"] not in _STATUSES:
            raise Refused(Reason.STATUS, f"status {payload['status'][:40]!r} is not one of the life-cycle's")
    owner = _owned(conn, station, payload["dossier_uuid"])
    accepted = now_iso()
    raw = payload.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    values = {"uuid": uuid, "dossier_uuid": payload["dossier_uuid"], "content_hash": digest,
              "payload": json.dumps(payload, ensure_ascii=False), "accepted_at": accepted,
              "kind": payload["kind"][:32], "at": _short(payload.get("at"), 32),
              "late": bool(data.get("late"))}  # fmt: skip
    if conn.execute(_insert(conn, events), values).first() is not None:
        count_event(pending, station.id, owner.procedure_code, payload)  # flushed in the same transaction
        changed = {"status": payload["status"]} if payload.get("status") else {}
        if _short(data.get("new_due"), 32):  # an extension, or a supplement that restarted the clock
            changed["due_at"] = data["new_due"][:32]
        if changed:
            conn.execute(update(dossiers).where(dossiers.c.uuid == payload["dossier_uuid"]).values(changed))
        return True, {"uuid": uuid, "accepted_at": accepted}
    row = conn.execute(
        select(events.c.content_hash, events.c.accepted_at).where(events.c.uuid == uuid)
    ).first()
    if row is None or row.content_hash != digest:
        raise Refused(Reason.CONTENT, f"event {uuid} was already received with other content")
    return False, {"uuid": uuid, "accepted_at": row.accepted_at}


def put_record(
    engine: Engine, station: Station, kind: str, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    """One dossier or event (``PUT``): (created, answer); Refused — logged with the station unless it is
    only "not yet"."""
    put = _dossier if kind == "dossier" else _event
    try:
        with engine.begin() as conn:
            pending: Pending = {}
            answer = put(conn, station, uuid, body, pending)
            flush(conn, pending)
            return answer
    except Refused as exc:
        if exc.reason is not Reason.NOT_YET:
            log_refusal(engine, station, kind, uuid, exc)
        raise


def put_batch(engine: Engine, station: Station, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Many dossiers and events in one transaction, in order (a dossier before its events), each with its
    own answer as the single PUT would give it: ``status`` 201 / 200, or the refusal's status and reason
    (logged in the same transaction). A refused record does not stop the others; the batch commits once."""
    results: list[dict[str, Any]] = []
    pending: Pending = {}
    with engine.begin() as conn:
        for record in records:
            uuid = record["uuid"]
            put = _dossier if record["kind"] == "dossier" else _event
            try:
                created, answer = put(conn, station, uuid, record, pending)
            except Refused as exc:
                results.append({"uuid": uuid, "status": exc.status, **exc.body()})
                if exc.reason is not Reason.NOT_YET:
                    log_refusal(conn, station, record["kind"], uuid, exc)
            else:
                results.append({**answer, "status": 201 if created else 200})
        flush(conn, pending)  # the batch's tally: a statement per station, day and procedure
    return results


def scan_owner(engine: Engine, station: Station, sha256: str, dossier_uuid: str) -> None:
    """A scan may be sent only for a dossier of the caller's (Refused: not here yet, or another's)."""
    try:
        with engine.connect() as conn:
            _owned(conn, station, dossier_uuid)
    except Refused as exc:
        if exc.reason is not Reason.NOT_YET:
            log_refusal(engine, station, "blob", sha256, exc)
        raise


def record_audit_head(
    engine: Engine, station: Station, last_id: int, last_hash: str, count: int
) -> dict[str, Any]:
    """Keep the station's audit head as sent with a sync round: its trail anchored off the PC. The answer
    is what the desk keeps as its last acknowledged anchor."""
    at = now_iso()
    row = {
        "station_id": station.id,
        "last_id": last_id,
        "last_hash": last_hash,
        "count": count,
        "received_at": at,
    }
    with engine.begin() as conn:
        h = audit_heads_table.c
        last = conn.execute(select(h.last_id, h.last_hash, h.count).where(h.station_id == station.id)
                            .order_by(h.id.desc()).limit(1)).first()  # fmt: skip
        if last is None or tuple(last) != (last_id, last_hash, count):
            conn.execute(insert(audit_heads_table), row)
    return {"last_id": last_id, "last_hash": last_hash, "count": count, "received_at": at}


def audit_heads(engine: Engine, station: Station, limit: int = 500) -> list[dict[str, Any]]:
    """The heads the station sent, oldest first (the newest ``limit``): the anchors of its trail."""
    h = audit_heads_table.c
    query = select(h.last_id, h.last_hash, h.count, h.received_at).where(h.station_id == station.id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(h.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in reversed(rows)]


def _when(event: dict[str, Any]) -> tuple[datetime, str]:
    """Events in time order, whatever offset each was written with (desks: +07:00; the server: UTC)."""
    try:
        at = datetime.fromisoformat(str(event.get("at", "")))
    except ValueError:
        at = datetime.min
    return (at if at.tzinfo else at.replace(tzinfo=UTC), str(event.get("uuid", "")))


def show(engine: Engine, code: str) -> dict[str, Any] | None:
    """A dossier by code with its events, as ``desk-central show`` prints it."""
    with engine.connect() as conn:
        row = conn.execute(select(dossiers).where(dossiers.c.code == code)).first()
        if row is None:
            return None
        rows = conn.execute(select(events.c.payload).where(events.c.dossier_uuid == row.uuid)).scalars().all()
    history = sorted((json.loads(r) for r in rows), key=_when)
    return {"uuid": row.uuid, "code": row.code, "agency_code": row.agency_code, "status": row.status,
            "station_id": row.station_id, "content_hash": row.content_hash, "accepted_at": row.accepted_at,
            "dossier": json.loads(row.payload), "events": history}  # fmt: skip
