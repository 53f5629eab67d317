"""Retention: the scans of dossiers whose result was returned long ago are deleted (Decree 13/2023:
personal data is kept no longer than needed).

After ``[safety] scan_retention_days`` (default 365; 0 keeps them for ever) from the return of the result,
a dossier's scanned pages, their PDFs and the blobs nothing else refers to are deleted. The dossier itself,
its history and its register entry stay; a ``scans-purged`` event says when and how much, and the audit
trail records it. Run by an admin (``desk-app purge-scans``) or by the station's daily upkeep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from desk_app.domain.accounts import Permission, User
from desk_app.domain.model import DossierEvent
from desk_app.services.accounts import check
from desk_app.services.attachments import blobs
from desk_app.services.context import DeskContext
from desk_app.sync import outbox

log = logging.getLogger("desk_app.services.retention")
SYSTEM = "system"  # the actor of the daily upkeep in the audit trail


@dataclass(frozen=True)
class Purged:
    dossiers: tuple[str, ...]  # their codes
    pages: int
    files: int  # blobs deleted from the disk


def purge_returned_scans(ctx: DeskContext, actor: User) -> Purged:
    """``desk-app purge-scans``: what the daily upkeep does, now, by an admin."""
    check(ctx, actor, Permission.CONFIGURE, "xóa bản quét đã hết hạn lưu")
    return purge_expired(ctx, actor.username)


def purge_expired(ctx: DeskContext, who: str = SYSTEM) -> Purged:
    days = ctx.config.safety.scan_retention_days
    if days <= 0:
        return Purged((), 0, 0)
    now = ctx.clock()
    freed: set[str] = set()
    codes: list[str] = []
    pages = 0
    with ctx.uow(write=True) as uow:
        for dossier_id, code in uow.scans.returned_with_scans(now - timedelta(days=days)):
            count, hashes = uow.scans.purge_dossier(dossier_id)
            freed |= hashes
            pages += count
            codes.append(code)
            event = DossierEvent("scans-purged", now, "Hệ thống" if who == SYSTEM else who)
            outbox.record_event(uow, dossier_id, event, {"pages": count, "retention_days": days})
            uow.audit.append(now, who, "scans.purge", code, {"pages": count})
        unused = freed - uow.scans.still_used(freed)
        uow.commit()
    store = blobs(ctx)
    files = sum(store.discard(sha) for sha in sorted(unused))  # after the commit: a crash leaves orphans only
    if codes:
        log.info("retention: scans of %d dossier(s) purged, %d file(s) deleted", len(codes), files)
    return Purged(tuple(codes), pages, files)
