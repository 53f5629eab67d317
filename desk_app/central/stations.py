"""Who is talking to the central server: each station is one desk of one agency.

* IT issues a one-time token for one desk (:func:`issue_token`: agency, desk, optionally ``replace``);
* the desk enrolling with it must be that desk (its ``station.toml``), and each desk has one station: a
  second PC for the same desk is refused unless its token was issued with ``replace`` (a replaced PC),
  which takes over the desk's station — same id, so its dossiers and its changes feed stay its own — with a
  new secret, the old one revoked at once;
* every request carries the station's credential ``<id>.<secret>`` (:func:`authenticate`; no cache, so a
  revocation holds from the next request);
* every refusal of a station's request is logged with the station (:func:`log_refusal`,
  ``desk-central refusals``).

Stations enrolled before tokens named their desk (``bound`` false) keep their credential and keep working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from desk_app.central.schema import enrolment_tokens, refusals, revoked_credentials, stations
from desk_app.domain.codes import desks_capacity, sequence_block, validate_agency_code
from desk_app.domain.errors import DeskError
from desk_app.sync.policy import STATUS_OF, Reason

DEFAULT_BLOCK = 1000
MAX_DESK = desks_capacity(10)  # the most desks an agency can have (blocks of 10 numbers)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


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


@dataclass(frozen=True)
class Station:
    id: int
    name: str
    agency_code: str = ""
    desk: int = 0
    block_size: int | None = None  # None: enrolled before stations were bound to a desk
    bound: bool = False


class TokenError(Exception):
    """``desk-central token`` refused (one line for IT)."""


def _active_for(conn: Connection, agency: str, desk: int) -> list[Any]:
    s = stations.c
    query = select(stations).where(s.agency_code == agency, s.desk == desk, s.revoked_at.is_(None))
    return list(conn.execute(query.order_by(s.id)).all())


def issue_token(
    engine: Engine, agency: str, desk: int, station_name: str = "", *, replace: bool = False, hours: int = 72
) -> str:
    """A one-time token for desk ``desk`` of agency ``agency`` (``replace``: for a PC replacing the one
    enrolled for that desk). Refused when the desk has a station already and ``replace`` is not given."""
    try:
        agency = validate_agency_code(agency)
    except DeskError as exc:
        raise TokenError(f"--agency: {exc.message}") from None
    if not 1 <= desk <= MAX_DESK:
        raise TokenError(f"--desk must be 1–{MAX_DESK} (got {desk})")
    token = secrets.token_hex(24)  # hex: never starts with "-", which a command line would take for an option
    created = datetime.now(UTC).replace(microsecond=0)
    with engine.begin() as conn:
        taken = _active_for(conn, agency, desk)
        if taken and not replace:
            raise TokenError(
                f"{agency} desk {desk} is enrolled already (station {taken[0].id}, {taken[0].name!r}); "
                "a PC replacing it needs a token issued with --replace"
            )
        conn.execute(insert(enrolment_tokens), {
            "token_hash": sha(token), "station_name": station_name or f"{agency} bàn {desk}",
            "created_at": created.isoformat(), "expires_at": (created + timedelta(hours=hours)).isoformat(),
            "agency_code": agency, "desk": desk, "replacement": replace,
        })  # fmt: skip
    return token


def enroll(
    engine: Engine, token: str, agency: str, desk: int, block_size: int = DEFAULT_BLOCK
) -> tuple[int, str]:
    """Exchange a one-time token for the station's credential ``<id>.<secret>`` (shown once); Refused (and
    logged) when the token is not for this desk, or the desk has a station and the token replaces none."""
    try:
        try:
            return _enroll(engine, token, agency, desk, block_size)
        except IntegrityError:  # another PC enrolled for this desk at the same moment
            raise Refused(Reason.TAKEN, f"{agency} desk {desk} is enrolled already") from None
    except Refused as exc:
        log_refusal(
            engine, None, "enroll", f"{agency} bàn {desk}", exc, station_name=_token_name(engine, token)
        )
        raise


def _token_name(engine: Engine, token: str) -> str:
    with engine.connect() as conn:
        name = conn.scalar(
            select(enrolment_tokens.c.station_name).where(enrolment_tokens.c.token_hash == sha(token))
        )
    return str(name) if name else "(unknown token)"


def _enroll(engine: Engine, token: str, agency: str, desk: int, block_size: int) -> tuple[int, str]:
    secret = secrets.token_urlsafe(32)
    now = now_iso()
    t = enrolment_tokens.c
    with engine.begin() as conn:
        row = conn.execute(
            select(enrolment_tokens).where(t.token_hash == sha(token)).with_for_update()
        ).first()
        if row is None or row.station_id is not None or row.expires_at < now:
            raise Refused(Reason.TOKEN, "the enrolment token is unknown, used or expired")
        if row.agency_code is None:
            raise Refused(
                Reason.TOKEN, "the token was issued before tokens named their desk: issue a new one"
            )
        if (row.agency_code, row.desk) != (agency, desk):
            raise Refused(
                Reason.STATION,
                f"the token is for {row.agency_code} desk {row.desk}; this station is {agency} desk {desk}",
                token_agency=row.agency_code, token_desk=row.desk,
            )  # fmt: skip
        try:
            sequence_block(desk, block_size)
        except DeskError as exc:
            raise Refused(
                Reason.BLOCK, f"desk {desk} has no block of {block_size} numbers: {exc.message}"
            ) from None
        s = stations.c
        others = set(conn.execute(select(s.block_size).where(
            s.agency_code == agency, s.bound, s.desk != desk, s.revoked_at.is_(None))).scalars())  # fmt: skip
        if others - {block_size}:
            agency_block = min(others)
            detail = f"{agency}'s other desks number in blocks of {agency_block}, this one in {block_size}"
            raise Refused(Reason.BLOCK, detail, agency_block=agency_block)
        taken = _active_for(conn, agency, desk)
        if taken and not row.replacement:
            raise Refused(Reason.TAKEN, f"{agency} desk {desk} is enrolled already (station {taken[0].id})",
                          station=taken[0].name)  # fmt: skip
        values = {"name": row.station_name, "secret_hash": sha(secret), "agency_code": agency, "desk": desk,
                  "block_size": block_size, "bound": True}  # fmt: skip
        if taken:  # a replaced PC: the desk's station is its now; every older secret is revoked
            station_id = int(taken[0].id)
            for old in taken:
                revoked = {"secret_hash": old.secret_hash, "station_id": old.id, "revoked_at": now}
                conn.execute(insert(revoked_credentials), revoked)
            conn.execute(
                update(stations).where(stations.c.id == station_id).values(replaced_at=now, **values)
            )
            retired = [int(old.id) for old in taken[1:]]  # legacy duplicates of the same desk
            if retired:
                conn.execute(update(stations).where(stations.c.id.in_(retired))
                             .values(secret_hash="", revoked_at=now))  # fmt: skip
        else:
            station_id = int(conn.execute(insert(stations).values(enrolled_at=now, **values))
                             .inserted_primary_key[0])  # type: ignore[index]  # fmt: skip
        conn.execute(update(enrolment_tokens).where(t.token_hash == sha(token)).values(station_id=station_id))
    return station_id, f"{station_id}.{secret}"


def authenticate(engine: Engine, credential: str) -> Station:
    """The station of ``credential``; Refused (401) for an unknown one, or a revoked one (a replaced PC)."""
    station_id, _, secret = credential.partition(".")
    if not (station_id.isascii() and station_id.isdigit() and len(station_id) <= 9) or not secret:
        raise Refused(Reason.CREDENTIAL, "unknown station credential")
    digest = sha(secret)
    s = stations.c
    with engine.connect() as conn:
        row = conn.execute(select(s.id, s.name, s.secret_hash, s.agency_code, s.desk, s.block_size, s.bound)
                           .where(s.id == int(station_id))).first()  # fmt: skip
        if row is not None and row.secret_hash and hmac.compare_digest(row.secret_hash, digest):
            return Station(row.id, row.name, row.agency_code, row.desk, row.block_size, bool(row.bound))
        revoked = conn.scalar(
            select(revoked_credentials.c.revoked_at).where(
                revoked_credentials.c.secret_hash == digest,
                revoked_credentials.c.station_id == int(station_id),
            )
        )
    if revoked is not None:
        raise Refused(
            Reason.REVOKED, f"this credential was revoked at {revoked}: another PC enrolled for the desk"
        )
    raise Refused(Reason.CREDENTIAL, "unknown station credential")


def saw(engine: Engine, station_id: int, build: str = "") -> None:
    """The station just made a request (its desk's version in ``build``, when it said): its last contact."""
    values: dict[str, Any] = {"last_seen_at": now_iso()}
    if build:
        values["build"] = build[:40]
    with engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == station_id).values(**values))


def log_refusal(
    engine_or_conn: Engine | Connection, station: Station | None, what: str, ref: str, exc: Refused,
    *, station_name: str = "",
) -> None:  # fmt: skip
    """Keep a refusal with the station it refused (in the caller's transaction when given a connection)."""
    row = {"at": now_iso(), "station_id": station.id if station else None,
           "station": station.name if station else station_name, "what": what, "ref": ref[:80],
           "reason": exc.reason.value, "detail": exc.detail[:500]}  # fmt: skip
    if isinstance(engine_or_conn, Connection):
        engine_or_conn.execute(insert(refusals), row)
        return
    with engine_or_conn.begin() as conn:
        conn.execute(insert(refusals), row)


def list_refusals(engine: Engine, station: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """The newest refusals first (``station``: only those of the station of that name)."""
    r = refusals.c
    query = select(r.at, r.station_id, r.station, r.what, r.ref, r.reason, r.detail)
    if station:
        query = query.where(r.station == station)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query.order_by(r.id.desc()).limit(limit)).mappings()]
