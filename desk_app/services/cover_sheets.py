"""Printing a dossier's cover sheet (``desk-app cover-sheet``, the dossier screen's button)."""

from __future__ import annotations

from pathlib import Path

from desk_app.documents.cover_sheet import CoverSheet, render_cover_sheet
from desk_app.domain.accounts import User
from desk_app.locator import resource
from desk_app.services.attachments import resolve_item
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier
from desk_app.services.receipts import template_path


def write_cover_sheet(ctx: DeskContext, actor: User, code: str, out: Path, *, item: str = "") -> Path:
    """The cover sheet of dossier ``code`` — or of its paper ``item`` — as an A4 PDF at ``out``."""
    record = get_dossier(ctx, actor, code)
    name = resolve_item(record, item)
    number = (
        next((i for i, d in enumerate(record.documents, start=1) if d.name == name), None) if name else None
    )
    sheet = CoverSheet(
        agency_name=ctx.config.station.agency_name,
        code=record.code,
        applicant=record.applicant.full_name,
        procedure=record.procedure_name,
        item=name,
        item_number=number,
    )
    render_cover_sheet(
        sheet, out, fonts_dir=resource("fonts"), template_path=template_path(ctx, "forms_vi.toml")
    )
    return out
