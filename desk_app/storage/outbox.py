"""The outbox (table ``outbox``): what this desk still has to send to the central server.

A record is queued in the same transaction as the change it carries (the dossier when it is received, each
event when it is recorded, each scanned paper's PDF when it is built), with its payload fixed as canonical
JSON and that JSON's SHA-256: what is sent never changes afterwards (a correction is a new event).
States: ``queued`` → ``sending`` (while a drain holds it) → ``acknowledged``; or ``attention`` when the
server refuses it for good (a conflict), which never holds up the other records. A failed attempt leaves
it queued with a later ``next_attempt_at``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, func, insert, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk_app.domain.audit import canonical
from desk_app.storage.schema import dossiers, outbox

KIND_ORDER = {"dossier": 0, "event": 1, "blob": 2}  # a dossier before its events; scans (large) last


class OutboxRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def enqueue(
        self,
        kind: str,
        ref: str,
        dossier_uuid: str,
        payload: dict[str, Any],
        now: datetime,
        *,
        once: bool = False,
    ) -> None:
        """Queue a record; ``once``: nothing if ``ref`` is queued already (a scan two dossiers share)."""
        body = canonical(payload)
        self.conn.execute(
            sqlite_insert(outbox).on_conflict_do_nothing(index_elements=["ref"]) if once else insert(outbox),
            {"kind": kind, "ref": ref, "dossier_uuid": dossier_uuid, "payload": body,
             "content_hash": hashlib.sha256(body.encode()).hexdigest(), "created_at": now},
        )  # fmt: skip

    def due(self, now: datetime, limit: int, *, all_queued: bool = False) -> list[dict[str, Any]]:
        """Queued records whose next attempt is due (``all_queued``: waiting or not), dossiers first, then
        events, oldest first."""
        o = outbox.c
        when = or_(o.next_attempt_at.is_(None), o.next_attempt_at <= now) if not all_queued else o.id > 0
        query = (
            select(o.id, o.kind, o.ref, o.dossier_uuid, o.payload, o.content_hash, o.attempts)
            .where(and_(o.state == "queued", when))
            .order_by(case(KIND_ORDER, value=o.kind, else_=9), o.id)
            .limit(limit)
        )
        return [dict(r) for r in self.conn.execute(query).mappings()]

    def set_state(self, ids: list[int], state: str) -> None:
        if ids:
            self.conn.execute(update(outbox).where(outbox.c.id.in_(ids)).values(state=state))

    def release_sending(self) -> int:
        """Records a drain held when it stopped (or the desk was killed): queued again."""
        result = self.conn.execute(update(outbox).where(outbox.c.state == "sending").values(state="queued"))
        return int(result.rowcount or 0)

    def acknowledge(self, record_id: int, now: datetime) -> None:
        self.conn.execute(
            update(outbox)
            .where(outbox.c.id == record_id)
            .values(state="acknowledged", acked_at=now, last_error="")
        )

    def needs_attention(self, record_id: int, reason: str) -> None:
        self.conn.execute(
            update(outbox).where(outbox.c.id == record_id).values(state="attention", last_error=reason[:500])
        )

    def retry_later(self, record_id: int, attempts: int, at: datetime, reason: str) -> None:
        self.conn.execute(
            update(outbox).where(outbox.c.id == record_id)
            .values(state="queued", attempts=attempts, next_attempt_at=at, last_error=reason[:500])
        )  # fmt: skip

    def retry_now(self) -> int:
        """ "Retry now": every waiting record is due at once (attention ones too: the officer asked)."""
        o = outbox.c
        result = self.conn.execute(
            update(outbox)
            .where(o.state.in_(("queued", "attention")))
            .values(state="queued", next_attempt_at=None)
        )
        return int(result.rowcount or 0)

    def state_of(self, ref: str) -> str | None:
        return self.conn.scalar(select(outbox.c.state).where(outbox.c.ref == ref))

    def counts(self) -> dict[str, int]:
        rows = self.conn.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
        return {str(state): int(n) for state, n in rows}

    def listing(self, state: str | None, limit: int) -> list[dict[str, Any]]:
        """The outbox view: newest first, with each record's dossier code (if the dossier is here)."""
        o, d = outbox.c, dossiers.c
        query = (
            select(
                o.id,
                o.kind,
                o.ref,
                d.code,
                o.state,
                o.attempts,
                o.next_attempt_at,
                o.last_error,
                o.created_at,
                o.acked_at,
            )
            .select_from(outbox.outerjoin(dossiers, d.uuid == o.dossier_uuid))
            .order_by(o.id.desc())
            .limit(limit)
        )
        if state:
            query = query.where(o.state == state)
        return [dict(r) for r in self.conn.execute(query).mappings()]

    def retry(self, ids: list[int]) -> int:
        """These records (waiting or refused) are due at once."""
        o = outbox.c
        result = self.conn.execute(
            update(outbox)
            .where(o.id.in_(ids), o.state.in_(("queued", "attention")))
            .values(state="queued", next_attempt_at=None)
        )
        return int(result.rowcount or 0)

    def attention(self, limit: int = 100) -> list[dict[str, Any]]:
        o = outbox.c
        query = select(o.id, o.kind, o.ref, o.dossier_uuid, o.last_error).where(o.state == "attention")
        return [dict(r) for r in self.conn.execute(query.order_by(o.id).limit(limit)).mappings()]
