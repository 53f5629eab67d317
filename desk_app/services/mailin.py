"""Mail-in deliveries: the handover record (Biên bản giao nhận hồ sơ) signed with the postal worker.

The officer enters the record once (:func:`open_handover`), then each dossier it carries through
:func:`desk_app.services.intake.receive_dossier` with ``channel = "post"`` and the record's number: the
record's signing time is every such dossier's legal time of receipt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import FieldError, ValidationFailed
from desk_app.domain.postal import validate_handover
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext


@dataclass(frozen=True)
class Handover:
    """A stored handover record and how many dossiers it carries so far."""

    number: str
    signed_at: datetime
    postal_worker: str
    postal_unit: str
    items: int


def open_handover(ctx: DeskContext, actor: User, raw: Mapping[str, Any]) -> Handover:
    """Record a postal delivery ``{"number", "signed_at", "postal_worker", "postal_unit"?, "note"?}``.

    Re-opening an existing number with the same signing time continues it (more dossiers of the same
    delivery); a different signing time for the same number is refused.
    """
    check(ctx, actor, Permission.WORK_DOSSIERS, "nhận hồ sơ qua bưu chính")
    now = ctx.clock()
    record = validate_handover(raw, now=now)
    with ctx.uow(write=True) as uow:
        existing = uow.dossiers.handover(record.number)
        if existing is not None:
            if existing["signed_at"] != record.signed_at:
                raise ValidationFailed(
                    [
                        FieldError(
                            "handover.signed_at",
                            f"biên bản số {record.number} đã có, "
                            f"ký lúc {existing['signed_at']:%H:%M %d/%m/%Y}",
                        )
                    ]
                )
            count = len(uow.dossiers.handover_items(int(existing["id"])))
            return Handover(
                record.number, record.signed_at, existing["postal_worker"], existing["postal_unit"], count
            )
        uow.dossiers.add_handover(
            {
                "number": record.number,
                "signed_at": record.signed_at,
                "postal_worker": record.postal_worker,
                "postal_unit": record.postal_unit,
                "note": record.note,
                "officer": actor.display_name,
                "created_at": now,
            }
        )
        uow.audit.append(now, actor.username, "handover.open", record.number)
        uow.commit()
    return Handover(record.number, record.signed_at, record.postal_worker, record.postal_unit, 0)


def list_handovers(ctx: DeskContext, actor: User, limit: int = 50) -> list[Handover]:
    """The latest handover records, newest first."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem biên bản giao nhận")
    with ctx.uow() as uow:
        rows = uow.dossiers.list_handovers(limit)
    return [
        Handover(r["number"], r["signed_at"], r["postal_worker"], r["postal_unit"], r["items"]) for r in rows
    ]
