"""Receiving a dossier: validate, number, compute the due date and save — one unit of work."""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from desk_app.domain.accounts import Permission, User
from desk_app.domain.calendar import DueDate, due_date
from desk_app.domain.catalogue import Procedure
from desk_app.domain.codes import format_dossier_code, next_sequence
from desk_app.domain.errors import DeskError, FieldError, ValidationFailed
from desk_app.domain.intake import ValidIntake, validate_intake
from desk_app.domain.lifecycle import Status
from desk_app.domain.model import DossierEvent
from desk_app.domain.postal import PostalDetails
from desk_app.domain.records import DossierRecord
from desk_app.domain.text import fold
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext
from desk_app.services.guards import ensure_free_disk
from desk_app.services.reference import countries, divisions
from desk_app.storage.uow import UnitOfWork
from desk_app.sync import outbox

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


def check_intake(ctx: DeskContext, actor: User, raw: Mapping[str, Any]) -> list[FieldError]:
    """Every problem of ``raw`` the service would refuse it for, without saving anything: the intake
    screen shows them together with its own (a date it could not read) on the first F9."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "tiếp nhận hồ sơ")
    with ctx.uow() as uow:
        try:
            validate_intake(raw, find_procedure=uow.catalogue.get, now=ctx.clock(),
                            station_level=ctx.config.station.level, countries=countries(),
                            divisions=divisions())  # fmt: skip
        except ValidationFailed as exc:
            return list(exc.errors)
        except DeskError as exc:
            return [FieldError(exc.field or "", exc.message)]
    return []


def receive_dossier(
    ctx: DeskContext, actor: User, raw: Mapping[str, Any], import_key: str | None = None
) -> Received:
    """Validate and save one intake (walk-in, or post with its checks); return the stored dossier.

    The receiving officer is ``actor``: their full name is printed on the receipt. ``import_key`` (an
    import line's own hash): a line that states no ``received_at`` is received "now", so its fingerprint
    is taken from the line instead — the same line imported again is the same dossier, whenever."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "tiếp nhận hồ sơ")
    ensure_free_disk(ctx)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        valid: ValidIntake = validate_intake(
            raw,
            find_procedure=uow.catalogue.get,
            now=now,
            station_level=ctx.config.station.level,
            countries=countries(),
            divisions=divisions(),
        )
        if import_key is not None and raw.get("received_at") is None and valid.postal is None:
            valid = dataclasses.replace(valid, fingerprint=import_key)
        existing = uow.dossiers.code_for_fingerprint(valid.fingerprint)
        if existing is not None:
            raise DuplicateIntake(existing)
        intake, procedure, limit = valid.intake, valid.procedure, valid.limit
        due = due_date(intake.received_at, limit, ctx.calendar, ctx.rules)
        day = intake.received_at.date()
        block = ctx.block
        last = uow.dossiers.last_sequence(day, block.first)
        seq = next_sequence(last, block, day=day)
        uow.dossiers.set_last_sequence(day, block.first, seq, existed=last is not None)
        code = format_dossier_code(ctx.config.station.agency_code, day, seq)
        officer = actor.display_name
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
                # a notice "at once" is complete when recorded: nothing to process, nothing to return
                "status": (Status.RETURNED if limit.at_once else Status.RECEIVED).value,
                "received_at": intake.received_at,
                "due_at": due.at,
                "due_provisional": due.provisional,
                "limit_value": limit.value,
                "limit_unit": limit.unit.value,
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
                "applicant_kind": a.kind.value,
                "applicant_passport": a.passport_number,
                "applicant_nationality": a.nationality,
                "applicant_registration": a.registration_number,
                "applicant_old_id": a.old_id_number,
                "representative": (
                    json.dumps(asdict(a.representative), ensure_ascii=False) if a.representative else None
                ),
                "officer": officer,
                "desk": ctx.config.station.desk,
                "fingerprint": valid.fingerprint,
                "created_at": now,
                "clock_started_at": intake.received_at,
                "form_set": procedure.form_set,
                "register_book": ctx.config.station.desk,  # each desk keeps its own book, one a year
                "register_number": uow.dossiers.next_register_number(day.year, ctx.config.station.desk),
            },
            intake.documents,
        )
        dossier_id = uow.dossiers.id_of(code)
        # the event is dated at the legal time of receipt; when it was keyed in is kept beside it
        event_data: dict[str, Any] = {"due_at": due.at.isoformat(), "entered_at": now.isoformat()}
        if valid.case is not None:
            event_data["case"] = valid.case.id
            event_data["case_name"] = valid.case.name
        if limit.at_once:
            event_data["at_once"] = True
        if valid.address_note:
            event_data["address_note"] = valid.address_note  # the address names units gone since 7/2025
        if valid.postal is not None:
            event_data["postal_item"] = valid.postal.item_number
            handover_id = _handover_for(uow, valid.postal, officer, now)
            uow.dossiers.add_postal(
                {
                    "dossier_id": dossier_id,
                    "handover_id": handover_id,
                    "item_number": valid.postal.item_number,
                    "sender_address": valid.postal.sender_address,
                    "return_by_post": valid.postal.return_by_post,
                    "return_address": valid.postal.return_address,
                    "fee_paid": valid.postal.fee_paid_via_post,
                    "post_receipt_number": valid.postal.post_receipt_number,
                }
            )
        received = DossierEvent(kind="received", at=intake.received_at, actor=officer)
        outbox.record_event(uow, dossier_id, received, event_data)
        record = uow.dossiers.get(code)
        assert record is not None
        # sent to the central server with the change, or not at all
        outbox.queue_dossier(uow, record, ctx.config.station.agency_code, now)
        uow.audit.append(now, actor.username, "dossier.receive", code, {"procedure": procedure.code})
        uow.commit()
    log.info("dossier received: %s (procedure %s)", code, procedure.code)  # no personal data in logs
    return Received(record, valid.warnings)


def _handover_for(uow: UnitOfWork, postal: PostalDetails, officer: str, now: datetime) -> int:
    """The handover record a mail-in dossier came with; made on the fly by an import that names a new one."""
    record = uow.dossiers.handover(postal.handover_record)
    if record is None:
        return uow.dossiers.add_handover(
            {
                "number": postal.handover_record,
                "signed_at": postal.handover_at,
                "postal_worker": "",
                "officer": officer,
                "created_at": now,
            }
        )
    if record["signed_at"] != postal.handover_at:
        raise ValidationFailed(
            [
                FieldError(
                    "postal.handover_at",
                    f"biên bản {postal.handover_record} được ký lúc {record['signed_at']:%H:%M %d/%m/%Y}; "
                    "thời điểm giao nhận của hồ sơ phải trùng với thời điểm đó",
                )
            ]
        )
    return int(record["id"])


def preview_due(
    ctx: DeskContext, procedure: Procedure, received_at: datetime | None = None, case: str = ""
) -> DueDate:
    """The due date the receipt would show if the dossier were saved now (for the live display); for a
    procedure with cases, that of ``case`` (else of its first case)."""
    if case:
        limit = procedure.case(case).limit
    else:
        limit = procedure.cases[0].limit if procedure.cases else procedure.limit
    return due_date(received_at or ctx.clock(), limit, ctx.calendar, ctx.rules)
