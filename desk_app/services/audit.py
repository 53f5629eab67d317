"""Reading and checking the audit trail (``desk-app audit list|verify``, the supervisor's viewer)."""

from __future__ import annotations

from desk_app.domain.accounts import Permission
from desk_app.domain.audit import AuditEntry, Broken, first_broken
from desk_app.services.accounts import User, check
from desk_app.services.context import DeskContext


def list_audit(ctx: DeskContext, actor: User, since: str | None = None) -> list[AuditEntry]:
    check(ctx, actor, Permission.READ_AUDIT, "xem nhật ký")
    with ctx.uow() as uow:
        return uow.audit.entries(since)


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
