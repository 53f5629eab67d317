"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu 01) as a PDF, A5 portrait, two copies.

Wording comes from an editable TOML template (``resources/templates/receipt_vi.toml``); layout follows
DOMAIN_VN.md §1 with the proportions of Decree 30/2020 scaled to A5. The dossier code is printed as vector
Code128 bars and a QR code on every page. Each page of a copy is drawn once into a PDF form XObject and
placed on both copies (only the "Liên …" line differs), so the second copy costs almost nothing.

Police residence procedures (catalogue ``form_set`` "police_residence") print CT04 instead:
``ReceiptData.form_set = "police_residence"`` with the police template (``police_vi.toml``), whose
``[ct04.*]`` sections replace ``[title]`` ``[copy]`` ``[body]`` ``[signatures]`` ``[mail]``.

Mail-in dossiers: with ``mail_to`` (the return address) page 1 carries an address block for a window
envelope. Folded once across the middle (to A6), the A5 sheet goes into a C6 or DL envelope (DL: pushed to
the left) whose ISO 269 / DIN 680 window (90 × 45 mm, 20 mm from the left and 15 mm from the bottom edge)
always shows, whatever the sheet's play, 20–96 mm from the left and 54–90 mm from the top of the sheet:
the block is printed at 21–95 × 55–89 mm (:data:`WINDOW`; a long header pushes it down a few mm), the QR
beside it outside the window, lower bars above it. Lines: ``[mail] lines`` (default: name, address).

Fitting: the body starts at 10 pt and shrinks in half-points down to 8 pt to fit one page; when even 8 pt
does not fit, it goes back to 10 pt and continues on further pages, each with a page number, the codes and
the copy line; the signatures close the last page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import unescape

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.applicant_text import ApplicantIdentity
from desk_app.documents.fonts import register_fonts
from desk_app.documents.form_layout import load_toml, nfc, require
from desk_app.documents.receipt_layout import PAGE_W, WINDOW, ReceiptLayout, place

__all__ = ["FORM_SETS", "WINDOW", "ReceiptData", "load_template", "render_receipt"]

SHEET_W, SHEET_H = landscape(A4)
FORM_SETS = ("general", "police_residence")


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on the receipt, as plain values (text is normalised to NFC when printed)."""

    parent_agency: str
    agency_name: str
    place: str
    dossier_code: str
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    applicant_id_number: str
    procedure_name: str
    procedure_code: str
    documents: tuple[tuple[str, str, int], ...]  # (name, "Bản chính"/"Bản sao"/…, copies)
    sets: int
    limit_label: str
    received_at: datetime
    due_at: datetime
    due_provisional: bool
    result_delivery_label: str
    fee: int | None
    officer_name: str
    register_book: str | None
    register_number: str | None
    issued_on: date
    mail_to: str | None = None  # return address of a mail-in dossier: printed for a window envelope
    form_set: str = "general"  # "police_residence": the CT04 wording of the police template
    at_once: bool = False  # a notice recorded at once: no due time, nothing to return
    identity: ApplicantIdentity = field(default_factory=ApplicantIdentity)  # identity line, representative


_REQUIRED = {
    "format": ("date_time", "provisional", "blank"),
    "header": ("national_title", "motto", "parent_agency", "agency", "unit", "place_date"),
    "title": ("title", "code", "pdf_title"),
    "copy": ("labels", "continued"),
    "body": ("lines", "document", "no_documents", "fee", "fee_free", "fee_unknown"),
    "signatures": ("applicant", "officer", "caption", "applicant_name", "officer_name"),
}
_OWN = ("title", "copy", "body", "signatures", "mail")  # the sections [ct04.*] replaces


def load_template(path: Path, form_set: str = "general") -> dict[str, Any]:
    """The receipt template of ``form_set`` (cached); ValueError names a missing entry."""
    tpl = load_toml(path)
    if form_set not in FORM_SETS:
        raise ValueError(f"unknown form set {form_set!r} (expected one of {', '.join(FORM_SETS)})")
    if form_set == "police_residence":
        require(tpl, {"ct04": ()}, Path(path).name)
        tpl = {**{k: v for k, v in tpl.items() if k not in _OWN}, **tpl["ct04"]}
    require(tpl, _REQUIRED, Path(path).name)
    return tpl


def render_receipt(
    data: ReceiptData, out: str | Path | BinaryIO, *, fonts_dir: Path, template_path: Path, a4: bool = False
) -> None:
    """Write the two-copy receipt of ``data`` as a PDF to ``out`` (a path or a binary file).

    A5 portrait, one copy after the other ("Liên 1", then "Liên 2"); with ``a4`` the A5 copies stand two
    by two side by side on A4 landscape sheets, with a dashed cut line between them. ``data.form_set``
    "police_residence" prints the CT04 wording of ``template_path`` (the police template).
    Raises ValueError, before anything is written, for a dossier code that Code128 cannot carry on A5, a
    return address too long for the envelope window, and a template with a missing entry or an unknown
    placeholder.
    """
    tpl = load_template(template_path, data.form_set)
    fonts = register_fonts(fonts_dir)
    code = nfc(data.dossier_code)
    labels = [nfc(label) for label in tpl["copy"]["labels"]]
    c = Canvas(
        str(out) if isinstance(out, str | Path) else out,
        pagesize=landscape(A4) if a4 else A5,
        lang="vi",
        pageCompression=1,
    )
    layout = ReceiptLayout(c, data, tpl, fonts)  # refuses a code Code128 cannot carry
    c.setTitle(unescape(layout.t("title", "pdf_title", dossier_code=code)))
    c.setAuthor(nfc(data.agency_name))
    c.setCreator("desk_app")
    layout.run()
    per_sheet, half = (2, SHEET_W / 2) if a4 else (1, 0.0)
    for first in range(0, len(labels), per_sheet):
        for page in range(len(layout.forms)):
            for i, label in enumerate(labels[first : first + per_sheet]):
                place(c, layout, label, page, i * half + (half - PAGE_W) / 2 if a4 else 0, fonts.italic)
            if a4:  # dashed cut line between the two A5 halves
                c.saveState()
                c.setDash(4, 3)
                c.setStrokeGray(0.5)
                c.setLineWidth(0.5)
                c.line(half, 6 * mm, half, SHEET_H - 6 * mm)
                c.restoreState()
            c.showPage()
    c.save()
