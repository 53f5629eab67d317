"""Receiving a dossier: validate, number, compute the due date and save — one unit of work."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_app.domain.calendar import DueDate, due_date
from desk_app.domain.catalogue import Catalogue, Procedure
from desk_app.domain.codes import format_dossier_code, next_sequence
from desk_app.domain.errors import DeskError
from desk_app.domain.intake import ValidIntake, validate_intake
from desk_app.domain.model import DossierEvent, DossierStatus
from desk_app.domain.records import DossierRecord
from desk_app.domain.text import fold
from desk_app.services.context import DeskContext

log = logging.getLogger("desk_app.services.intake")


@dataclass(frozen=True)
class Received:
    """What the screen shows after saving: the dossier as stored and any warnings."""

    dossier: DossierRecord
    warnings: tuple[str, ...]


class DuplicateIntake(DeskError):
    """The same intake was already saved (a repeated import line or a second save)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"Hồ sơ này đã được tiếp nhận trước đó với mã {code}")
        self.code = code


def receive_dossier(ctx: DeskContext, raw: Mapping[str, Any], *, officer: str | None = None) -> Received:
    """Validate and save one intake (walk-in, or post with its checks); return the stored dossier."""
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        catalogue = Catalogue(uow.catalogue.all())
        valid: ValidIntake = validate_intake(raw, find_procedure=catalogue.get, now=now)
        existing = uow.dossiers.code_for_fingerprint(valid.fingerprint)
        if existing is not None:
            raise DuplicateIntake(existing)
        intake, procedure = valid.intake, valid.procedure
        due = due_date(intake.received_at, procedure.limit, ctx.calendar, ctx.rules)
        day = intake.received_at.date()
        block = ctx.block
        last = uow.dossiers.last_sequence(day, block.first)
        seq = next_sequence(last, block, day=day)
        uow.dossiers.set_last_sequence(day, block.first, seq, existed=last is not None)
        code = format_dossier_code(ctx.config.station.agency_code, day, seq)
        actor = officer or ctx.officer
        a = intake.applicant
        uow.dossiers.add(
            {
                "uuid": str(uuid.uuid4()),
                "code": code,
                "seq_day": day,
                "seq": seq,
                "procedure_code": procedure.code,
                "procedure_name": procedure.name,
                "channel": intake.channel.value,
                "status": DossierStatus.RECEIVED.value,
                "received_at": intake.received_at,
                "due_at": due.at,
                "due_provisional": due.provisional,
                "limit_value": procedure.limit.value,
                "limit_unit": procedure.limit.unit.value,
                "sets": intake.sets,
                "fee": intake.fee,
                "result_delivery": intake.result_delivery.value,
                "note": intake.note,
                "applicant_name": a.full_name,
                "applicant_name_key": fold(a.full_name),
                "applicant_id_number": a.id_number,
                "applicant_birth_date": a.birth_date,
                "applicant_sex": a.sex.value if a.sex else None,
                "applicant_address": a.address,
                "applicant_phone": a.phone,
                "applicant_email": a.email,
                "officer": actor,
                "desk": ctx.config.station.desk,
                "fingerprint": valid.fingerprint,
                "created_at": now,
            },
            intake.documents,
            [DossierEvent(kind="received", at=now, actor=actor)],
        )
        record = uow.dossiers.get(code)
        uow.commit()
    assert record is not None
    log.info("dossier received: %s (procedure %s)", code, procedure.code)  # no personal data in logs
    return Received(record, valid.warnings)


def preview_due(ctx: DeskContext, procedure: Procedure, received_at: datetime | None = None) -> DueDate:
    """The due date the receipt would show if the dossier were saved now (for the live display)."""
    return due_date(received_at or ctx.clock(), procedure.limit, ctx.calendar, ctx.rules)
