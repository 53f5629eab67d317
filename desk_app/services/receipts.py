"""The receipt (Mẫu 01) of a stored dossier, as a PDF file."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from desk_app.documents.applicant_text import ApplicantIdentity
from desk_app.documents.receipt import ReceiptData, render_receipt
from desk_app.domain.accounts import User
from desk_app.domain.model import Applicant, DocumentForm, LimitUnit, ResultDelivery, TimeLimit
from desk_app.domain.records import DossierRecord
from desk_app.locator import resource
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier
from desk_app.services.reference import countries


def applicant_identity(a: Applicant) -> ApplicantIdentity:
    """What identifies ``a`` on paper: the kind's numbers, the nationality by name, the representative."""
    nationality = ""
    if a.nationality:
        nationality = f"{countries().get(a.nationality, a.nationality)} ({a.nationality})"
    rep = a.representative
    return ApplicantIdentity(
        kind=a.kind.value, id_number=a.id_number, old_id_number=a.old_id_number,
        passport_number=a.passport_number, nationality=nationality, registration_number=a.registration_number,
        representative=(rep.full_name, rep.id_number, rep.document) if rep is not None else None,
    )  # fmt: skip


def receipt_data(ctx: DeskContext, record: DossierRecord, form_set: str = "general") -> ReceiptData:
    station = ctx.config.station
    a = record.applicant
    limit = TimeLimit(record.limit_value, LimitUnit(record.limit_unit))
    case = next((e.data.get("case_name", "") for e in record.events if e.kind == "received"), "")
    return ReceiptData(
        parent_agency=station.parent_agency,
        agency_name=station.agency_name,
        place=station.place,
        dossier_code=record.code,
        applicant_name=a.full_name,
        applicant_address=a.address,
        applicant_phone=a.phone,
        applicant_email=a.email,
        applicant_id_number=a.id_number,
        identity=applicant_identity(a),
        procedure_name=record.procedure_name,
        procedure_code=record.procedure_code,
        documents=tuple((d.name, DocumentForm(d.form).label_vi, d.copies) for d in record.documents),
        sets=record.sets,
        limit_label=limit.label_vi + (f" ({case})" if case else ""),
        at_once=limit.at_once,
        received_at=record.received_at,
        due_at=record.due_at,
        due_provisional=record.due_provisional,
        result_delivery_label=ResultDelivery(record.result_delivery).label_vi,
        fee=record.fee,
        officer_name=record.officer,
        register_book=f"{record.register_book:02d}" if record.register_book is not None else None,
        register_number=f"{record.register_number:02d}" if record.register_number is not None else None,
        issued_on=record.received_at.date(),
        mail_to=_mail_to(record),
        form_set=form_set,
    )


def _mail_to(record: DossierRecord) -> str | None:
    """The window-envelope address of a mail-in dossier whose result goes back by post."""
    postal = record.postal
    if postal is None or not postal.return_by_post:
        return None
    return postal.return_address or postal.sender_address


def write_receipt(
    ctx: DeskContext, actor: User, code: str, out: str | Path | BinaryIO, *, a4: bool = False
) -> DossierRecord:
    """Render the two-copy receipt of dossier ``code`` to ``out``; return the dossier."""
    record = get_dossier(ctx, actor, code)
    render_receipt_for(ctx, record, out, a4=a4)
    return record


def render_receipt_for(
    ctx: DeskContext, record: DossierRecord, out: str | Path | BinaryIO, *, a4: bool = False
) -> None:
    # căn cước prints the one-stop receipt until its own forms (CC01–CC03) are laid out
    form_set = "police_residence" if record.form_set == "police_residence" else "general"
    render_receipt(
        receipt_data(ctx, record, form_set),
        out,
        fonts_dir=resource("fonts"),
        template_path=template_path(
            ctx, "police_vi.toml" if form_set == "police_residence" else "receipt_vi.toml"
        ),
        a4=a4,
    )


def template_path(ctx: DeskContext, name: str = "receipt_vi.toml") -> Path:
    """The station's own wording (``templates/NAME`` in the data dir) wins over the bundled one."""
    local = ctx.data_dir / "templates" / name
    return local if local.exists() else resource("templates", name)
