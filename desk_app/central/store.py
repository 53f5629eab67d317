"""The central server's operations, each one transaction: tokens, enrolment, dossiers and events.

Idempotent by construction: a dossier is keyed by the desk's UUID and compared by content hash — the
same content again gets the first answer, other content for the same UUID is a conflict; the official
code is unique per agency (a clash with another UUID is a conflict too). Events are keyed by UUID.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from desk_app.central.schema import dossiers, enrolment_tokens, events, stations
from desk_app.domain.audit import canonical
from desk_app.sync.policy import STATUS_OF, Reason

PROTOCOL = 1


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def content_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): the desk computes the same."""
    return _sha(canonical(payload))


class Refused(Exception):
    """The server refuses a request or a record, for a :class:`~desk_app.sync.policy.Reason`; answered
    with the status the policy gives that reason (the one table desks read answers with)."""

    def __init__(self, reason: Reason, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.extra = reason, detail, extra

    @property
    def status(self) -> int:
        return STATUS_OF[self.reason]

    def body(self) -> dict[str, Any]:
        return {"reason": self.reason.value, "detail": self.detail, **self.extra}


def _text(payload: dict[str, Any], *keys: str, limit: int = 64) -> None:
    for key in keys:
        value = payload.get(key)
        if not isinstance(value, str) or not value or len(value) > limit:
            raise Refused(
                Reason.PAYLOAD, f"payload.{key} must be a non-empty string of at most {limit} characters"
            )


@dataclass(frozen=True)
class Station:
    id: int
    name: str


def issue_token(engine: Engine, station_name: str, hours: int = 72) -> str:
    token = secrets.token_hex(24)  # hex: never starts with "-", which a command line would take for an option
    created = datetime.now(UTC).replace(microsecond=0)
    with engine.begin() as conn:
        expires = (created + timedelta(hours=hours)).isoformat()
        row = {"token_hash": _sha(token), "station_name": station_name, "created_at": created.isoformat(),
               "expires_at": expires}  # fmt: skip
        conn.execute(insert(enrolment_tokens), row)
    return token


def enroll(engine: Engine, token: str, agency_code: str, desk: int) -> tuple[int, str]:
    """Exchange a one-time token for the station's credential ``<id>.<secret>`` (shown once)."""
    secret = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(
            select(enrolment_tokens).where(enrolment_tokens.c.token_hash == _sha(token))
        ).first()
        if row is None or row.station_id is not None or row.expires_at < now_iso():
            raise Refused(Reason.TOKEN, "the enrolment token is unknown, used or expired")
        station_id = conn.execute(
            insert(stations).values(
                name=row.station_name,
                secret_hash=_sha(secret),
                enrolled_at=now_iso(),
                agency_code=agency_code,
                desk=desk,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(update(enrolment_tokens).where(enrolment_tokens.c.token_hash == _sha(token))
                     .values(station_id=station_id))  # fmt: skip
    return int(station_id), f"{station_id}.{secret}"


def authenticate(engine: Engine, credential: str) -> Station | None:
    station_id, _, secret = credential.partition(".")
    if not station_id.isdigit() or not secret:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(stations.c.id, stations.c.name, stations.c.secret_hash)
                           .where(stations.c.id == int(station_id))).first()  # fmt: skip
    if row is None or not hmac.compare_digest(row.secret_hash, _sha(secret)):
        return None
    return Station(row.id, row.name)


def _answer(row: Any) -> dict[str, Any]:
    return {"uuid": row.uuid, "code": row.code, "accepted_at": row.accepted_at}


def _verified(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The payload and its hash, which must be the one the desk sent with it."""
    payload = body["payload"]
    digest = content_hash(payload)
    if digest != body["content_hash"]:
        raise Refused(Reason.HASH, "the content hash does not match the payload")
    return payload, digest


def _insert(conn: Connection, table: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING uuid in the engine's dialect: a row back if inserted, none
    for a repeat or a clash (no exception to recover from)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing().returning(table.c.uuid)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing().returning(table.c.uuid)


def _dossier(
    conn: Connection, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    """(created, answer) within the caller's transaction; Refused if the UUID holds other content or the
    code is another dossier's. The common case (a new dossier) is one INSERT that does nothing on a clash
    of UUID or code; only then is the existing row read, to tell a repeat (the first answer) from a
    conflict. Raises before or after a statement, never from one: the transaction stays usable."""
    payload, digest = _verified(body)
    _text(payload, "agency_code", "code", "status")
    values = {"uuid": uuid, "agency_code": payload["agency_code"], "code": payload["code"],
              "station_id": station.id, "content_hash": digest,
              "payload": json.dumps(payload, ensure_ascii=False), "status": payload["status"],
              "accepted_at": now_iso()}  # fmt: skip
    if conn.execute(_insert(conn, dossiers), values).first() is not None:
        return True, {"uuid": uuid, "code": values["code"], "accepted_at": values["accepted_at"]}
    row = conn.execute(select(dossiers).where(dossiers.c.uuid == uuid)).first()
    if row is None:
        raise Refused(Reason.CODE, f"code {payload['code']} belongs to another dossier of the agency")
    if row.content_hash != digest:
        raise Refused(Reason.CONTENT, f"dossier {uuid} was already received with other content")
    return False, _answer(row)


def _event(
    conn: Connection, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    """(created, answer) within the caller's transaction; Refused (not yet) while the dossier is not here."""
    payload, digest = _verified(body)
    _text(payload, "dossier_uuid")
    if payload.get("status") is not None:
        _text(payload, "status")
    found = conn.execute(select(dossiers.c.uuid).where(dossiers.c.uuid == payload["dossier_uuid"])).first()
    if found is None:
        raise Refused(Reason.NOT_YET, "the dossier of this event is not on the server yet")
    accepted = now_iso()
    values = {"uuid": uuid, "dossier_uuid": payload["dossier_uuid"], "content_hash": digest,
              "payload": json.dumps(payload, ensure_ascii=False), "accepted_at": accepted}  # fmt: skip
    if conn.execute(_insert(conn, events), values).first() is not None:
        if payload.get("status"):
            conn.execute(update(dossiers).where(dossiers.c.uuid == payload["dossier_uuid"])
                         .values(status=payload["status"]))  # fmt: skip
        return True, {"uuid": uuid, "accepted_at": accepted}
    row = conn.execute(
        select(events.c.content_hash, events.c.accepted_at).where(events.c.uuid == uuid)
    ).first()
    if row is None or row.content_hash != digest:
        raise Refused(Reason.CONTENT, f"event {uuid} was already received with other content")
    return False, {"uuid": uuid, "accepted_at": row.accepted_at}


def put_dossier(
    engine: Engine, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    with engine.begin() as conn:
        return _dossier(conn, station, uuid, body)


def put_event(
    engine: Engine, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    with engine.begin() as conn:
        return _event(conn, station, uuid, body)


def put_batch(engine: Engine, station: Station, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Many dossiers and events in one transaction, in order (a dossier before its events), each with its
    own answer as the single PUT would give it: ``status`` 201 / 200, or the refusal's status and reason.
    A refused record does not stop the others; the whole batch commits once."""
    results: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for record in records:
            uuid = record["uuid"]
            put = _dossier if record["kind"] == "dossier" else _event
            try:
                created, answer = put(conn, station, uuid, record)
            except Refused as exc:
                results.append({"uuid": uuid, "status": exc.status, **exc.body()})
            else:
                results.append({**answer, "status": 201 if created else 200})
    return results


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
