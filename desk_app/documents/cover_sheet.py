"""The cover sheet of a dossier (or of one of its papers), A4, for splitting a feeder batch.

Big vector Code128 and QR of :func:`~desk_app.domain.cover.cover_text` (``TB:<code>[/<n>]``), the code in
large type, who and what it is for, and a short instruction. The barcodes are large on purpose: a cover
sheet must decode from a crooked, noisy 150 dpi feeder scan. Wording: ``[cover_sheet]`` of
``forms_vi.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.barcodes import draw_code128, draw_qr
from desk_app.documents.fonts import register_fonts
from desk_app.documents.form_layout import draw_para, fill, load_toml, markup, nfc, require, style
from desk_app.domain.cover import cover_text

_KEYS = ("title", "subtitle", "lines", "whole_dossier", "footer", "pdf_title")


@dataclass(frozen=True)
class CoverSheet:
    agency_name: str
    code: str
    applicant: str
    procedure: str
    item: str = ""  # the paper's name; "" for the whole dossier
    item_number: int | None = None  # its 1-based place in the dossier's checklist


def render_cover_sheet(
    sheet: CoverSheet, out: str | Path | BinaryIO, *, fonts_dir: Path, template_path: Path
) -> None:
    tpl = load_toml(template_path)
    require(tpl, {"cover_sheet": _KEYS}, str(template_path))
    t = tpl["cover_sheet"]
    fonts = register_fonts(fonts_dir)
    text = cover_text(sheet.code, sheet.item_number)
    values = {
        "code": sheet.code,
        "applicant": markup(sheet.applicant),
        "procedure": markup(sheet.procedure),
        "item": markup(sheet.item) if sheet.item else t["whole_dossier"],
    }
    width, height = A4
    margin = 20 * mm
    inner = width - 2 * margin
    c = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
    c.setTitle(nfc(fill(t["pdf_title"], values, "cover_sheet.pdf_title")))
    c.setAuthor(nfc(sheet.agency_name))
    y = height - margin
    y = draw_para(c, markup(sheet.agency_name).upper(), style(fonts.bold, 12), margin, y, inner) - 8 * mm
    y = draw_para(c, nfc(t["title"]), style(fonts.bold, 22), margin, y, inner) - 2 * mm
    y = draw_para(c, nfc(t["subtitle"]), style(fonts.italic, 11), margin, y, inner) - 12 * mm
    bar_h = 32 * mm
    draw_code128(c, text, margin, y - bar_h, inner, bar_h)
    y = draw_para(c, sheet.code, style(fonts.bold, 20), margin, y - bar_h - 6 * mm, inner) - 8 * mm
    qr = 60 * mm
    draw_qr(c, text, (width - qr) / 2, y - qr, qr)
    y -= qr + 10 * mm
    body = style(fonts.regular, 13, align=TA_LEFT)
    for line in t["lines"]:
        y = draw_para(c, fill(line, values, "cover_sheet.lines"), body, margin, y, inner) - 2 * mm
    draw_para(c, nfc(t["footer"]), style(fonts.italic, 10), margin, margin + 12 * mm, inner)
    c.showPage()
    c.save()
