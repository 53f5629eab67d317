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

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from desk_app.central.schema import dossiers, enrolment_tokens, events, stations
from desk_app.domain.audit import canonical

PROTOCOL = 1


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def content_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): the desk computes the same."""
    return _sha(canonical(payload))


class Conflict(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class BadPayload(Exception):
    """A payload without the fields the server keys on, or of the wrong type: 422."""


def _text(payload: dict[str, Any], *keys: str, limit: int = 64) -> None:
    for key in keys:
        value = payload.get(key)
        if not isinstance(value, str) or not value or len(value) > limit:
            raise BadPayload(f"payload.{key} must be a non-empty string of at most {limit} characters")


class Unknown(Exception):
    """A record refers to a dossier the server does not have (yet): the desk retries later."""


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
            raise Conflict("token", "the enrolment token is unknown, used or expired")
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
        raise Conflict("hash", "the content hash does not match the payload")
    return payload, digest


def put_dossier(
    engine: Engine, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    """(created, answer). Conflict if the UUID holds other content or the code is another dossier's."""
    payload, digest = _verified(body)
    _text(payload, "agency_code", "code", "status")
    for _attempt in range(2):  # a concurrent insert of the same UUID: read its answer the second time
        with engine.begin() as conn:
            row = conn.execute(select(dossiers).where(dossiers.c.uuid == uuid)).first()
            if row is not None:
                if row.content_hash != digest:
                    raise Conflict("content", f"dossier {uuid} was already received with other content")
                return False, _answer(row)
            same_code = (dossiers.c.agency_code == payload["agency_code"]) & (
                dossiers.c.code == payload["code"]
            )
            clash = conn.execute(select(dossiers.c.uuid).where(same_code)).first()
            if clash is not None:
                raise Conflict("code", f"code {payload['code']} belongs to another dossier of the agency")
            values = {"uuid": uuid, "agency_code": payload["agency_code"], "code": payload["code"],
                      "station_id": station.id, "content_hash": digest,
                      "payload": json.dumps(payload, ensure_ascii=False), "status": payload["status"],
                      "accepted_at": now_iso()}  # fmt: skip
            try:
                conn.execute(insert(dossiers), values)
            except IntegrityError:
                conn.rollback()
                continue
            return True, {"uuid": uuid, "code": values["code"], "accepted_at": values["accepted_at"]}
    raise Conflict("code", f"code {payload['code']} belongs to another dossier of the agency")


def put_event(
    engine: Engine, station: Station, uuid: str, body: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    payload, digest = _verified(body)
    _text(payload, "dossier_uuid")
    if payload.get("status") is not None:
        _text(payload, "status")
    for _attempt in range(2):
        with engine.begin() as conn:
            row = conn.execute(select(events).where(events.c.uuid == uuid)).first()
            if row is not None:
                if row.content_hash != digest:
                    raise Conflict("content", f"event {uuid} was already received with other content")
                return False, {"uuid": uuid, "accepted_at": row.accepted_at}
            dossier = conn.execute(
                select(dossiers.c.uuid).where(dossiers.c.uuid == payload["dossier_uuid"])
            ).first()
            if dossier is None:
                raise Unknown(payload["dossier_uuid"])
            accepted = now_iso()
            try:
                conn.execute(insert(events), {"uuid": uuid, "dossier_uuid": payload["dossier_uuid"],
                             "content_hash": digest, "payload": json.dumps(payload, ensure_ascii=False),
                             "accepted_at": accepted})  # fmt: skip
            except IntegrityError:
                conn.rollback()
                continue
            if payload.get("status"):
                conn.execute(update(dossiers).where(dossiers.c.uuid == payload["dossier_uuid"])
                             .values(status=payload["status"]))  # fmt: skip
            return True, {"uuid": uuid, "accepted_at": accepted}
    return False, {"uuid": uuid}


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
