"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu 01) as a PDF, A5 portrait, two copies.

Wording comes from an editable TOML template (``resources/templates/receipt_vi.toml``); layout follows
DOMAIN_VN.md §1 with the proportions of Decree 30/2020 scaled to A5. The dossier code is printed as vector
Code128 bars and a QR code on every page. Each page of a copy is drawn once into a PDF form XObject and
placed on both copies (only the "Liên …" line differs), so the second copy costs almost nothing.

Fitting: the body starts at 10 pt and shrinks in half-points down to 8 pt to fit one page; when even 8 pt
does not fit, it goes back to 10 pt and continues on further pages, each with a page number, the codes and
the copy line; the signatures close the last page.
"""

from __future__ import annotations

import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, unescape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desk_app.documents import barcodes
from desk_app.documents.fonts import FontSet, register_fonts
from desk_app.domain.model import VN_TZ

PAGE_W, PAGE_H = A5
SHEET_W, SHEET_H = landscape(A4)
TOP, LEFT, RIGHT, BOTTOM = 15 * mm, 20 * mm, 12 * mm, 12 * mm
WIDTH = PAGE_W - LEFT - RIGHT
CENTRE = LEFT + WIDTH / 2
BODY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)  # tried in turn to fit one page; 8 pt is the floor
QR_SIZE = 18 * mm  # quiet zone included
BAR_H = 10 * mm
MAX_MODULE = 0.5 * mm
SIGN_SPACE = 17 * mm  # room for the handwritten signature


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


_template_lock = threading.Lock()
_templates: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}
_REQUIRED = {
    "format": ("date_time", "provisional", "blank"),
    "header": ("national_title", "motto", "parent_agency", "agency", "unit", "place_date"),
    "title": ("title", "code", "pdf_title"),
    "copy": ("labels", "continued"),
    "body": ("lines", "document", "no_documents", "fee", "fee_free", "fee_unknown"),
    "signatures": ("applicant", "officer", "caption", "applicant_name", "officer_name"),
}


def load_template(path: Path) -> dict[str, Any]:
    """The parsed template, cached until the file changes; ValueError names a missing entry."""
    path = Path(path).resolve()
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    with _template_lock:
        cached = _templates.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with path.open("rb") as f:
            tpl = tomllib.load(f)
        for section, keys in _REQUIRED.items():
            for key in keys:
                if key not in tpl.get(section, {}):
                    raise ValueError(f"{path.name}: [{section}] {key} is missing")
        _templates[path] = (stamp, tpl)
        return tpl


def _fmt(text: str, values: dict[str, str], where: str) -> str:
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError) as e:
        raise ValueError(f"receipt template, {where}: bad placeholder in {text!r} ({e})") from e


def _nfc(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _date_parts(d: date) -> dict[str, str]:
    """Day and month as Decree 30/2020 writes them: leading 0 for days below 10 and months 1 and 2."""
    return {"day": f"{d.day:02d}", "month": f"{d.month:02d}" if d.month <= 2 else str(d.month),
            "year": str(d.year)}


def _when(dt: datetime, tpl: dict[str, Any]) -> str:
    if dt.tzinfo is not None:
        dt = dt.astimezone(VN_TZ)
    parts = {"hour": f"{dt.hour:02d}", "minute": f"{dt.minute:02d}", **_date_parts(dt.date())}
    return _fmt(tpl["format"]["date_time"], parts, "[format] date_time")


_RENAMED = {"limit_label": "limit", "result_delivery_label": "result_delivery"}


def _values(d: ReceiptData, tpl: dict[str, Any]) -> dict[str, str]:
    """Placeholder values, escaped for paragraph markup; empty ones become the dotted blank."""
    blank = tpl["format"]["blank"]
    raw = {_RENAMED.get(k, k): v for k, v in vars(d).items() if isinstance(v, str) or v is None}
    raw.update(sets=str(d.sets), fee=None if d.fee is None else f"{d.fee:,}".replace(",", "."))
    values = {k: escape(_nfc(v)) or blank for k, v in raw.items()}
    values.update(received_at=_when(d.received_at, tpl), due_at=_when(d.due_at, tpl), blank=blank,
                  provisional=tpl["format"]["provisional"] if d.due_provisional else "")
    return values


@lru_cache(maxsize=256)
def _style(font: str, size: float, align: int = TA_CENTER, leading: float = 1.2, indent: float = 0,
           hang: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"{font}-{size}-{align}-{indent}-{hang}", fontName=font, fontSize=size,
                          leading=size * leading, alignment=align, leftIndent=indent + hang,
                          firstLineIndent=-hang)


def _para(text: str, style: ParagraphStyle, width: float) -> tuple[Paragraph, float]:
    p = Paragraph(text, style)
    return p, p.wrap(width, PAGE_H)[1]


class _Layout:
    """Draws the pages of one copy into form XObjects and remembers where each copy line goes."""

    def __init__(self, canvas: Canvas, d: ReceiptData, tpl: dict[str, Any], fonts: FontSet) -> None:
        self.c, self.d, self.tpl, self.f = canvas, d, tpl, fonts
        self.values = _values(d, tpl)
        self.code = _nfc(d.dossier_code)
        self.forms: list[str] = []
        self.label_y: list[float] = []
        total = barcodes.code128_total_modules(self.code)
        self.beside = total * barcodes.MIN_MODULE <= WIDTH - QR_SIZE - 2 * mm  # else the QR goes below
        area = WIDTH - QR_SIZE - 2 * mm if self.beside else WIDTH
        if total * barcodes.MIN_MODULE > area:
            raise ValueError(f"the dossier code {self.code!r} is too long for a Code128 on A5")
        self.bar_w = total * min(MAX_MODULE, area / total)
        self.bar_x = LEFT + (area - self.bar_w) / 2

    def _t(self, section: str, key: str, **extra: str) -> str:
        """The template text [section] key with its placeholders filled."""
        return _fmt(self.tpl[section][key], {**self.values, **extra}, f"[{section}] {key}")

    def _draw(self, text: str, style: ParagraphStyle, x: float, y: float, width: float = WIDTH) -> float:
        """Draw a paragraph with its top at ``y``; returns the y below it."""
        p, h = _para(text, style, width)
        p.drawOn(self.c, x, y - h)
        return y - h

    def _rule(self, x_mid: float, y: float, length: float) -> None:
        self.c.setLineWidth(0.6)
        self.c.line(x_mid - length / 2, y, x_mid + length / 2, y)

    def body(self, size: float) -> list[tuple[Paragraph, float]]:
        """The body paragraphs at ``size`` points, each with its wrapped height."""
        line = _style(self.f.family, size, TA_JUSTIFY, 1.25)
        hang = stringWidth("(10) ", self.f.regular, size)  # items wrap under their text, not their number
        item = _style(self.f.family, size, TA_LEFT, 1.25, 4 * mm, hang)
        out: list[tuple[Paragraph, float]] = []
        for n, text in enumerate(self.tpl["body"]["lines"]):
            if text == "@documents":
                docs = [self._t("body", "document", index=str(i), name=escape(_nfc(name)), copies=str(copies),
                                form=escape(_nfc(form)).replace(" ", "\u00a0"))
                        for i, (name, form, copies) in enumerate(self.d.documents, 1)]
                out += [_para(t, item, WIDTH) for t in docs or [self._t("body", "no_documents")]]
            elif text == "@fee":
                key = "fee_unknown" if self.d.fee is None else "fee" if self.d.fee else "fee_free"
                out.append(_para(self._t("body", key), line, WIDTH))
            elif text:
                out.append(_para(_fmt(text, self.values, f"[body] lines[{n}]"), line, WIDTH))
        return out

    def header(self, y: float) -> float:
        """Agency block left, national title right, both from the top; returns the y below the header."""
        f, d = self.f, self.d
        upper = {k: escape(_nfc(getattr(d, k)).upper()) for k in ("parent_agency", "agency_name")}
        title, motto = self._t("header", "national_title"), self._t("header", "motto")
        rw = min(WIDTH * 0.6, stringWidth(title, f.bold, 8.5) + 8)
        lw, rx = WIDTH - rw, LEFT + WIDTH - rw
        left = [(self._t("header", k, **upper), font)
                for k, font in (("parent_agency", f.regular), ("agency", f.bold), ("unit", f.bold))]
        size = 8.5  # one size for the block, shrunk (to 7.5 pt at least) until each line fits on one line
        while size > 7.5 and any(_para(t, _style(n, size), lw)[1] > size * 1.25 for t, n in left):
            size -= 0.25
        ly = y
        for text, font in left:
            ly = self._draw(text, _style(font, size), LEFT, ly, lw)
        self._rule(LEFT + lw / 2, ly - 2.5, lw * 0.3)
        ry = self._draw(title, _style(f.bold, 8.5), rx, y, rw)
        ry = self._draw(motto, _style(f.bold, 9.5), rx, ry, rw)
        self._rule(rx + rw / 2, ry - 1.5, stringWidth(motto, f.bold, 9.5))
        place = self._t("header", "place_date", **_date_parts(d.issued_on))
        return min(ly - 2.5, self._draw(place, _style(f.italic, 9.5), rx, ry - 5, rw))

    def codes(self, y: float) -> float:
        """Code line, copy-line slot, Code128 with its text, QR; returns the y below."""
        y = self._draw(self._t("title", "code"), _style(self.f.bold, 10), LEFT, y)
        self.label_y.append(y - 9.5)
        y -= 13
        block = BAR_H + 11  # bars and the human-readable code
        row = max(QR_SIZE, block) if self.beside else 2 * mm + block + QR_SIZE
        bar_top = y - (row - block) / 2 if self.beside else y - 2 * mm
        barcodes.draw_code128(self.c, self.code, self.bar_x, bar_top - BAR_H, self.bar_w, BAR_H)
        self.c.setFont(self.f.regular, 9)
        self.c.drawCentredString(self.bar_x + self.bar_w / 2, bar_top - BAR_H - 9, self.code)
        barcodes.draw_qr(self.c, self.code, LEFT + WIDTH - QR_SIZE, y - row, QR_SIZE)
        return y - row - 2 * mm

    def signatures(self, y: float) -> None:
        half = WIDTH / 2
        for i, (title, name) in enumerate((("applicant", "applicant_name"), ("officer", "officer_name"))):
            x = LEFT + i * half
            yy = self._draw(self._t("signatures", title), _style(self.f.bold, 9.5), x, y, half)
            yy = self._draw(self._t("signatures", "caption"), _style(self.f.italic, 9), x, yy, half)
            self._draw(self._t("signatures", name), _style(self.f.bold, 9.5), x, yy - SIGN_SPACE, half)

    SIGN_H = 9.5 * 1.2 * 2 + 9 * 1.2 + SIGN_SPACE

    def _begin(self) -> float:
        """Start the form of the next page; returns the y where the body may start."""
        if self.forms:
            self.c.endForm()
        self.forms.append(f"receipt-page-{len(self.forms) + 1}")
        self.c.beginForm(self.forms[-1], 0, 0, PAGE_W, PAGE_H)
        if len(self.forms) == 1:
            y = self.header(PAGE_H - TOP) - 6 * mm
            y = self._draw(self._t("title", "title"), _style(self.f.bold, 11), LEFT, y) - 2
        else:  # Decree 30: page numbers centred at the top, from page 2 on
            y = self._draw(str(len(self.forms)), _style(self.f.regular, 9), LEFT, PAGE_H - TOP) - 2
        return self.codes(y)

    def run(self) -> None:
        """Lay out and draw every page of one copy."""
        y = self._begin()
        sign_room = self.SIGN_H + 5 * mm
        for size in (*BODY_SIZES, BODY_SIZES[0]):  # the last try: readable size, on more pages
            body = self.body(size)
            if sum(h + size * 0.2 for _, h in body) <= y - BOTTOM - sign_room:
                break
        queue, gap, fresh = [p for p, _ in body], size * 0.2, True
        while queue:
            p = queue.pop(0)
            h = p.wrap(WIDTH, PAGE_H)[1]
            if h > y - BOTTOM:
                parts = p.split(WIDTH, y - BOTTOM)
                if len(parts) < 2:
                    if fresh:
                        raise ValueError("a receipt line is too long for a page")
                    y, fresh = self._begin(), True
                    queue.insert(0, p)
                    continue
                p, h, queue[:0] = parts[0], parts[0].wrap(WIDTH, PAGE_H)[1], parts[1:]
            p.drawOn(self.c, LEFT, y - h)
            y, fresh = y - h - gap, False
        if y - BOTTOM < sign_room:
            y = self._begin()
        self.signatures(y - 4 * mm)
        self.c.endForm()


def _place(c: Canvas, layout: _Layout, label: str, page: int, dx: float, font: str) -> None:
    """Put page ``page`` of the copy at ``dx`` with its copy line ("Liên …")."""
    c.saveState()
    c.translate(dx, 0)
    c.doForm(layout.forms[page])
    if page:
        label = _fmt(layout.tpl["copy"]["continued"], {"label": label}, "[copy] continued")
    c.setFont(font, 9.5)
    c.drawCentredString(CENTRE, layout.label_y[page], label)
    c.restoreState()


def render_receipt(data: ReceiptData, out: str | Path | BinaryIO, *, fonts_dir: Path, template_path: Path,
                   a4: bool = False) -> None:
    """Write the two-copy receipt of ``data`` as a PDF to ``out`` (a path or a binary file).

    A5 portrait, one copy after the other ("Liên 1", then "Liên 2"); with ``a4`` the A5 copies stand two
    by two side by side on A4 landscape sheets, with a dashed cut line between them.
    Raises ValueError, before anything is written, for a dossier code that Code128 cannot carry on A5 and
    for a template with a missing entry or an unknown placeholder.
    """
    tpl = load_template(template_path)
    fonts = register_fonts(fonts_dir)
    code = _nfc(data.dossier_code)
    barcodes.code128_modules(code)  # refuses non-ASCII codes first
    labels = [_nfc(label) for label in tpl["copy"]["labels"]]
    c = Canvas(str(out) if isinstance(out, str | Path) else out, pagesize=landscape(A4) if a4 else A5,
               lang="vi", pageCompression=1)
    layout = _Layout(c, data, tpl, fonts)
    c.setTitle(unescape(layout._t("title", "pdf_title", dossier_code=code)))
    c.setAuthor(_nfc(data.agency_name))
    c.setCreator("desk_app")
    layout.run()
    per_sheet, half = (2, SHEET_W / 2) if a4 else (1, 0.0)
    for first in range(0, len(labels), per_sheet):
        for page in range(len(layout.forms)):
            for i, label in enumerate(labels[first:first + per_sheet]):
                _place(c, layout, label, page, i * half + (half - PAGE_W) / 2 if a4 else 0, fonts.italic)
            if a4:  # dashed cut line between the two A5 halves
                c.saveState()
                c.setDash(4, 3)
                c.setStrokeGray(0.5)
                c.setLineWidth(0.5)
                c.line(half, 6 * mm, half, SHEET_H - 6 * mm)
                c.restoreState()
            c.showPage()
    c.save()
