"""Reading and checking the audit trail (``desk-app audit list|verify``, the supervisor's viewer)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desk_app.domain.accounts import Permission
from desk_app.domain.audit import AuditEntry, Broken, first_broken
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


def verify_audit(ctx: DeskContext, actor: User) -> tuple[int, Broken | None]:
    """(entries checked, the first problem or None). The check itself is audited."""
    check(ctx, actor, Permission.READ_AUDIT, "kiểm tra nhật ký")
    with ctx.uow() as uow:
        entries = uow.audit.entries()
        head = uow.audit.head()
    broken = first_broken(entries, head)
    if broken is None:  # appending to a broken chain would bury the evidence under a valid-looking head
        with ctx.uow(write=True) as uow:
            uow.audit.append(ctx.clock(), actor.username, "audit.verify", "", {"entries": len(entries)})
            uow.commit()
    return len(entries), broken
