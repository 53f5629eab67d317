"""Reading and checking the audit trail (``desk-app audit list|verify``, the supervisor's viewer)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from desk_app.domain.accounts import Permission
from desk_app.domain.audit import AuditEntry, Broken, against_anchors, first_broken
from desk_app.domain.model import VN_TZ
from desk_app.services.accounts import User, check
from desk_app.services.context import DeskContext


def list_audit(ctx: DeskContext, actor: User, since: str | None = None) -> list[AuditEntry]:
    check(ctx, actor, Permission.READ_AUDIT, "xem nhật ký")
    with ctx.uow() as uow:
        return uow.audit.entries(since)


def search_audit(
    ctx: DeskContext,
    actor: User,
    *,
    user: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """The supervisor's viewer: the newest entries by ``user``, of ``action`` (a prefix), from day
    ``since`` to day ``until`` inclusive (Vietnam time), newest first."""
    check(ctx, actor, Permission.READ_AUDIT, "xem nhật ký")
    start = datetime.combine(since, time(0), tzinfo=VN_TZ).isoformat() if since else None
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=VN_TZ).isoformat() if until else None
    with ctx.uow() as uow:
        return uow.audit.search(actor=user or None, action=action or None, since=start, until=end,
                                limit=limit)  # fmt: skip


class AuditCheck(NamedTuple):
    entries: int  # how many were checked
    broken: Broken | None  # the first problem, or None
    anchors: str  # what the trail was checked against off the PC (the officer's words)


def verify_audit(ctx: DeskContext, actor: User) -> AuditCheck:
    """The chain on the PC, then against the heads the central server acknowledged (a rewrite of anchored
    entries, even with the chain recomputed; entries cut below an anchor). Never fails on a trail tampered
    with: the problem is reported. A check that finds none is audited."""
    from desk_app.sync.anchor import anchors_for_verify

    check(ctx, actor, Permission.READ_AUDIT, "kiểm tra nhật ký")
    with ctx.uow() as uow:
        entries = uow.audit.entries()
        head = uow.audit.head()
    anchored = anchors_for_verify(ctx)
    broken = first_broken(entries, head) or against_anchors(entries, anchored.anchors)
    if broken is None:  # appending to a broken chain would bury the evidence under a valid-looking head
        with ctx.uow(write=True) as uow:
            uow.audit.append(ctx.clock(), actor.username, "audit.verify", "", {"entries": len(entries)})
            uow.commit()
    return AuditCheck(len(entries), broken, anchored.source)
