"""The one-stop forms of a stored dossier (Mẫu 02, 03, 04, 06; CT05, CT06) and the handover record.

Each form needs the event it documents: a supplement request needs a ``request-supplement`` event, a
refusal a ``refuse`` event, an extension an ``extend`` event; without it the officer is told why. The
police residence set replaces the general one where the procedure's catalogue ``form_set`` says so.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from desk_app.documents.forms import (
    ControlStep,
    FormApplicant,
    FormDossier,
    FormHeader,
    render_control_slip,
    render_extension,
    render_refusal,
    render_stop,
    render_supplement,
)
from desk_app.documents.handover import HandoverItem, HandoverSheet, render_handover
from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.forms import FORMS
from desk_app.domain.model import DocumentForm
from desk_app.domain.records import DossierRecord, EventRecord
from desk_app.domain.text import clean
from desk_app.locator import resource
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier
from desk_app.services.receipts import applicant_identity, render_receipt_for, template_path

STEP_LABELS = {
    "received": "Bộ phận tiếp nhận và trả kết quả — tiếp nhận hồ sơ",
    "request-supplement": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "supplemented": "Công dân bổ sung hồ sơ",
    "transfer": "Chuyển hồ sơ cho bộ phận giải quyết",
    "result-received": "Nhận kết quả giải quyết",
    "return": "Trả kết quả cho công dân",
    "refuse": "Từ chối tiếp nhận, giải quyết",
    "stop": "Dừng giải quyết hồ sơ",
    "extend": "Gia hạn thời gian giải quyết",
    "void": "Hủy hồ sơ (nhập nhầm)",
}


def header(ctx: DeskContext, issued: datetime) -> FormHeader:
    s = ctx.config.station
    return FormHeader(s.parent_agency, s.agency_name, s.place, issued.date())


def _parts(record: DossierRecord) -> tuple[FormApplicant, FormDossier]:
    a = record.applicant
    applicant = FormApplicant(a.full_name, a.address, a.phone, a.email, a.id_number, applicant_identity(a))
    dossier = FormDossier(
        record.code,
        record.procedure_name,
        record.procedure_code,
        record.received_at,
        record.due_at,
        record.officer,
    )
    return applicant, dossier


def _last(record: DossierRecord, kind: str, what: str) -> EventRecord:
    for event in reversed(record.events):
        if event.kind == kind:
            return event
    raise DeskError(f"Hồ sơ {record.code} chưa có {what}, nên chưa có phiếu này để in")


def _missing_documents(ctx: DeskContext, record: DossierRecord) -> list[tuple[str, str]]:
    """The catalogue's documents that were not handed over (what a supplement request lists)."""
    with ctx.uow() as uow:
        try:
            procedure = uow.catalogue.get(record.procedure_code)
        except NotFound:
            return []
    given = {d.name.casefold() for d in record.documents}
    return [
        (d.name, DocumentForm(d.form).label_vi) for d in procedure.documents if d.name.casefold() not in given
    ]


def _outcome(record: DossierRecord, event: EventRecord) -> str:
    if event.kind not in ("result-received", "return", "refuse"):
        return ""
    if event.at.date() < record.due_at.date():
        return "trước hạn"
    return "đúng hạn" if event.at <= record.due_at else "quá hạn"


def write_form(
    ctx: DeskContext, actor: User, form: str, code: str, out: str | Path | BinaryIO
) -> DossierRecord:
    """Render ``form`` (one of FORMS) for dossier ``code`` to ``out``; DeskError says why it cannot."""
    if form not in FORMS:
        raise DeskError(f"Không có mẫu '{form}'; chọn một trong: {', '.join(FORMS)}")
    record = get_dossier(ctx, actor, code)
    if form == "receipt":
        render_receipt_for(ctx, record, out)
        return record
    fonts, now = resource("fonts"), ctx.clock()
    applicant, dossier = _parts(record)
    police = record.form_set == "police_residence"
    general, police_tpl = template_path(ctx, "forms_vi.toml"), template_path(ctx, "police_vi.toml")
    if form == "supplement":
        event = _last(record, "request-supplement", "yêu cầu bổ sung")
        render_supplement(
            header(ctx, event.at),
            applicant,
            dossier,
            _missing_documents(ctx, record),
            event.reason,
            f"{record.officer} — {ctx.config.station.agency_name}",
            out,
            fonts_dir=fonts,
            template_path=police_tpl if police else general,
            police=police,
        )
    elif form == "refusal":
        event = _last(record, "refuse", "quyết định từ chối")
        render_refusal(
            header(ctx, event.at),
            applicant,
            dossier,
            event.reason,
            out,
            fonts_dir=fonts,
            template_path=police_tpl if police else general,
            police=police,
            provision=str(event.data.get("provision", "")),
        )
    elif form == "stop":
        event = _last(record, "stop", "quyết định dừng giải quyết")
        render_stop(header(ctx, event.at), applicant, dossier, event.reason, out, fonts_dir=fonts,
                    template_path=general, provision=str(event.data.get("provision", "")))  # fmt: skip
    elif form == "extension":
        event = _last(record, "extend", "gia hạn")
        old = datetime.fromisoformat(str(event.data["previous_due"]))
        new = datetime.fromisoformat(str(event.data["new_due"]))
        render_extension(
            header(ctx, event.at),
            applicant,
            dossier,
            old,
            new,
            event.reason,
            out,
            fonts_dir=fonts,
            template_path=general,
        )
    else:
        steps = [
            ControlStep(STEP_LABELS.get(e.kind, e.kind), e.at, e.at, _outcome(record, e), clean(e.reason))
            for e in record.events
            if e.kind in STEP_LABELS  # the processing steps; attaching scans is not one
        ]
        render_control_slip(
            header(ctx, now), applicant, dossier, steps, out, fonts_dir=fonts, template_path=general
        )
    return record


def write_handover(ctx: DeskContext, actor: User, number: str, out: str | Path | BinaryIO) -> int:
    """Render handover record ``number`` (Biên bản giao nhận, A4) with every dossier it carries."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "in biên bản giao nhận")
    with ctx.uow() as uow:
        record = uow.dossiers.handover(clean(number))
        if record is None:
            raise NotFound(f"Không tìm thấy biên bản giao nhận số {clean(number)}")
        items = uow.dossiers.handover_items(int(record["id"]))
    sheet = HandoverSheet(
        header=header(ctx, record["signed_at"]),
        number=record["number"],
        signed_at=record["signed_at"],
        postal_worker=record["postal_worker"],
        postal_unit=record["postal_unit"],
        officer_name=record["officer"],
        items=[
            HandoverItem(
                i["item_number"],
                f"{i['applicant_name']}, {i['sender_address']}",
                i["procedure_name"],
                i["code"],
                i["status"] != "supplement_requested",
                clean(i["note"]),
            )
            for i in items
        ],
    )
    render_handover(
        sheet, out, fonts_dir=resource("fonts"), template_path=template_path(ctx, "forms_vi.toml")
    )
    return len(items)
