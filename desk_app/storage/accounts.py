"""Accounts (table ``users``) and the audit trail (``audit_log`` + its head ``audit_head``).

The audit trail is append-only by construction: :meth:`AuditRepository.append` is the only writer; it
reads the head, chains the new entry to it (:mod:`desk_app.domain.audit`) and moves the head, inside the
caller's unit of work — an action and its audit entry commit together or not at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from desk_app.domain.accounts import LoginState
from desk_app.domain.audit import GENESIS, AuditEntry, canonical, entry_hash
from desk_app.storage.schema import audit_head, audit_log, login_throttle, users


class AccountRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, username: str) -> dict[str, Any] | None:
        row = self.conn.execute(select(users).where(users.c.username == username)).mappings().first()
        return dict(row) if row else None

    def all(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(select(users).order_by(users.c.username)).mappings()]

    def count(self) -> int:
        return len(self.conn.execute(select(users.c.id)).all())

    def add(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(users).values(**values))

    def update(self, username: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(users).where(users.c.username == username).values(**values))

    def any_hash(self) -> str | None:
        """Some account's password hash (the oldest): what an unknown name's password is checked against,
        so that it costs what a known name's does."""
        return self.conn.execute(select(users.c.password_hash).order_by(users.c.id).limit(1)).scalar()

    def throttle(self, name: str) -> LoginState:
        t = login_throttle.c
        row = self.conn.execute(select(t.failures, t.not_before).where(t.name == name)).first()
        return LoginState(int(row[0]), row[1]) if row else LoginState(0, None)

    def set_throttle(self, name: str, state: LoginState, now: datetime) -> None:
        """Keep ``state`` for ``name`` (none when it has no failure); names quiet for a day are forgotten."""
        t = login_throttle.c
        quiet = now - timedelta(days=1)
        self.conn.execute(delete(login_throttle).where((t.name == name) | (t.last_at < quiet)))
        if state.failures:
            self.conn.execute(insert(login_throttle).values(
                name=name, failures=state.failures, not_before=state.not_before, last_at=now
            ))  # fmt: skip


#: built once: an audit entry is appended inside every action's transaction, so it must cost little
_HEAD = select(audit_head.c.last_id, audit_head.c.last_hash, audit_head.c.count).where(audit_head.c.id == 1)
_ADD_ENTRY = insert(audit_log)
_LAST_WRITTEN = select(func.max(audit_log.c.id))
_HASH_OF = select(audit_log.c.hash).where(audit_log.c.id == bindparam("id"))
_ADD_HEAD = insert(audit_head)
_MOVE_HEAD = (
    update(audit_head)
    .where(audit_head.c.id == 1)
    .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash"), count=bindparam("new_count"))
)


class AuditRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def head(self) -> tuple[int, str, int] | None:
        row = self.conn.execute(_HEAD).first()
        return (int(row[0]), str(row[1]), int(row[2])) if row else None

    def append(
        self, at: datetime, actor: str, action: str, subject: str = "", data: dict[str, Any] | None = None
    ) -> int:
        """Chain a new entry to the head and move the head. Never fails on a trail tampered with (a row
        written past the head, a head edited or removed): the entry takes the next free id, the evidence
        stays where it is for ``audit verify`` to name, and the station keeps working."""
        head = self.head()
        last_written = int(self.conn.execute(_LAST_WRITTEN).scalar() or 0)
        if head is not None:
            last_id, prev, count = head
        else:  # no head: chain to the last entry written (verify reports the missing head)
            last_id, prev, count = (
                last_written,
                self.conn.execute(_HASH_OF, {"id": last_written}).scalar() or GENESIS,
                0,
            )
        entry_id, stamp, body = max(last_id, last_written) + 1, at.isoformat(), canonical(data or {})
        digest = entry_hash(prev, entry_id, stamp, actor, action, subject, body)
        self.conn.execute(
            _ADD_ENTRY,
            {"id": entry_id, "at": stamp, "actor": actor, "action": action, "subject": subject, "data": body,
             "prev_hash": prev, "hash": digest},
        )  # fmt: skip
        if head is None:
            self.conn.execute(
                _ADD_HEAD, {"id": 1, "last_id": entry_id, "last_hash": digest, "count": count + 1}
            )
        else:
            self.conn.execute(_MOVE_HEAD, {"new_id": entry_id, "new_hash": digest, "new_count": count + 1})
        return entry_id

    def after(self, last_id: int) -> list[AuditEntry]:
        """The entries after ``last_id``, in id order (what a sync round checks before it anchors them)."""
        a = audit_log.c
        query = select(a.id, a.at, a.actor, a.action, a.subject, a.data, a.prev_hash, a.hash).where(
            a.id > last_id
        )
        return [AuditEntry(*row) for row in self.conn.execute(query.order_by(a.id)).all()]

    def entries(self, since: str | None = None) -> list[AuditEntry]:
        a = audit_log.c
        query = select(a.id, a.at, a.actor, a.action, a.subject, a.data, a.prev_hash, a.hash).order_by(a.id)
        if since is not None:
            query = query.where(a.at >= since)
        return [AuditEntry(*row) for row in self.conn.execute(query).all()]

    def search(
        self, *, actor: str | None, action: str | None, since: str | None, until: str | None, limit: int
    ) -> list[AuditEntry]:
        """The newest ``limit`` entries matching the filters (``action`` is a prefix: "login" finds
        login.ok, login.failed …), newest first: the viewer's page."""
        a = audit_log.c
        query = select(a.id, a.at, a.actor, a.action, a.subject, a.data, a.prev_hash, a.hash)
        if actor:
            query = query.where(a.actor == actor)
        if action:
            query = query.where(a.action.startswith(action, autoescape=True))
        if since:
            query = query.where(a.at >= since)
        if until:
            query = query.where(a.at < until)
        rows = self.conn.execute(query.order_by(a.id.desc()).limit(limit)).all()
        return [AuditEntry(*row) for row in rows]
