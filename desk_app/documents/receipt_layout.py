"""How the receipt (:mod:`~desk_app.documents.receipt`) is laid out on its A5 pages.

:class:`ReceiptLayout` draws each page of one copy once into a PDF form XObject (header, title, code line,
codes, the address block of a mailed receipt, body, signatures) and remembers where the copy line
("Liên …") of each page goes; :func:`place` puts a page on a sheet with its copy line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from desk_app.documents.applicant_text import identity_values
from desk_app.documents.fonts import FontSet
from desk_app.documents.form_blocks import (
    CodeRow,
    HeaderText,
    Signature,
    draw_header,
    draw_signatures,
    draw_text_box,
    signatures_height,
)
from desk_app.documents.form_layout import (
    A5_PAGE,
    date_parts,
    draw_para,
    fill,
    markup,
    nfc,
    para,
    style,
    when,
)
from desk_app.documents.form_table import grid_table

if TYPE_CHECKING:
    from desk_app.documents.receipt import ReceiptData

PAGE_W, PAGE_H = A5
TOP, LEFT, BOTTOM = A5_PAGE.top, A5_PAGE.left, A5_PAGE.bottom
WIDTH = A5_PAGE.text_width
CENTRE = LEFT + WIDTH / 2
BODY_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)  # tried in turn to fit one page; 8 pt is the floor
#: The address block of a mailed receipt: (left, top, right, bottom) in mm from the sheet's top-left corner.
WINDOW = (21.0, 55.0, 95.0, 89.0)
MAIL_BAR_H = 8 * mm  # bars of a mailed receipt: lower, to fit between the title and the window

_RENAMED = {"limit_label": "limit", "result_delivery_label": "result_delivery"}


def receipt_values(d: ReceiptData, tpl: dict[str, Any]) -> dict[str, str]:
    """Placeholder values, escaped for paragraph markup; empty ones become the dotted blank."""
    blank = tpl["format"]["blank"]
    raw = {_RENAMED.get(k, k): v for k, v in vars(d).items() if isinstance(v, str) or v is None}
    raw.update(sets=str(d.sets), fee=None if d.fee is None else f"{d.fee:,}".replace(",", "."))
    values = {k: markup(v, blank) for k, v in raw.items()}
    pattern = tpl["format"]["date_time"]
    due_at = when(d.due_at, pattern, "[format] date_time")
    if d.at_once:  # a notice: nothing is due (a station's older template may not have the line)
        due_at = tpl["format"].get("at_once", "không có kết quả phải trả")
    values.update(
        received_at=when(d.received_at, pattern, "[format] date_time"),
        due_at=due_at,
        blank=blank,
        provisional=tpl["format"]["provisional"] if d.due_provisional else "",
        mail_to=markup(d.mail_to, blank, lines=True),  # an address may be typed on several lines
    )
    values["signer_name"] = values["applicant_name"]
    values.update(identity_values(tpl, d.identity, blank))
    return values


class ReceiptLayout:
    """Draws the pages of one copy into form XObjects and remembers where each copy line goes."""

    def __init__(self, canvas: Canvas, d: ReceiptData, tpl: dict[str, Any], fonts: FontSet) -> None:
        self.c, self.d, self.tpl, self.f = canvas, d, tpl, fonts
        self.values = receipt_values(d, tpl)
        self.code = nfc(d.dossier_code)
        self.forms: list[str] = []
        self.label_y: list[float] = []
        self.row = CodeRow(self.code, WIDTH)
        keys = ("applicant", "officer")
        self.signs = [
            Signature(*(self.t("signatures", k) for k in (key, "caption", f"{key}_name"))) for key in keys
        ]

    def t(self, section: str, key: str, **extra: str) -> str:
        """The template text [section] key with its placeholders filled."""
        return fill(self.tpl[section][key], {**self.values, **extra}, f"[{section}] {key}")

    def _documents_table(self, size: float) -> tuple[Flowable, float]:
        """The documents as a ruled table (CT04): its header from ``[body] documents_table``."""
        titles = self.tpl["body"]["documents_table"]
        header = [fill(h, self.values, "[body] documents_table") for h in titles]
        copies = self.tpl["body"].get("copies", "{copies} bản")
        rows = [
            [str(i), markup(name), f"{markup(form)}, {fill(copies, {'copies': str(n)}, '[body] copies')}", ""]
            for i, (name, form, n) in enumerate(self.d.documents, 1)
        ] or [["", self.t("body", "no_documents"), "", ""]]
        widths = (WIDTH * 0.08, WIDTH * 0.52, WIDTH * 0.24, WIDTH * 0.16)
        table = grid_table(self.f, size, header, rows, widths, (TA_CENTER, TA_LEFT, TA_LEFT, TA_LEFT))
        return table, table.wrap(WIDTH, 10_000)[1]

    def _document(self, index: int, name: str, form: str, copies: int) -> str:
        nbsp = markup(form).replace(" ", "\u00a0")  # "— Bản sao — 1 bản" is not split at a line end
        return self.t("body", "document", index=str(index), name=markup(name), copies=str(copies), form=nbsp)

    def body(self, size: float) -> list[tuple[Paragraph, float]]:
        """The body paragraphs at ``size`` points, each with its wrapped height."""
        line = style(self.f.family, size, TA_JUSTIFY, 1.25)
        hang = stringWidth("(10) ", self.f.regular, size)  # items wrap under their text, not their number
        item = style(self.f.family, size, TA_LEFT, 1.25, 4 * mm, hang)
        out: list[tuple[Flowable, float]] = []
        for n, text in enumerate(self.tpl["body"]["lines"]):
            if text == "@documents":
                docs = [self._document(i, *doc) for i, doc in enumerate(self.d.documents, 1)]
                out += [para(t, item, WIDTH) for t in docs or [self.t("body", "no_documents")]]
            elif text == "@documents_table":  # CT04: TT | document | form | note, a ruled table
                out.append(self._documents_table(size))
            elif text == "@fee":
                key = "fee_unknown" if self.d.fee is None else "fee" if self.d.fee else "fee_free"
                out.append(para(self.t("body", key), line, WIDTH))
            elif text and (filled := fill(text, self.values, f"[body] lines[{n}]")):  # "" filled: left out
                out.append(para(filled, line, WIDTH))
        return out

    def header(self, y: float) -> float:
        """Agency block left, national title right (a form note above); returns the y below the header."""
        upper = {k: markup(getattr(self.d, k)).upper() for k in ("parent_agency", "agency_name")}
        lines = (("parent_agency", False), ("agency", True), ("unit", True))
        text = HeaderText(
            agency_lines=tuple((self.t("header", k, **upper), bold) for k, bold in lines),
            national_title=self.t("header", "national_title"),
            motto=self.t("header", "motto"),
            place_date=self.t("header", "place_date", **date_parts(self.d.issued_on)),
            note=self.t("title", "form_note") if "form_note" in self.tpl["title"] else "",
            number=self.t("title", "number") if "number" in self.tpl["title"] else "",
        )
        return draw_header(self.c, self.f, LEFT, y, WIDTH, text, 1.0)

    def codes(self, y: float, first: bool) -> float:
        """Code line, copy-line slot, then Code128 and QR (around the address block); returns the y below."""
        y = draw_para(self.c, self.t("title", "code"), style(self.f.bold, 10), LEFT, y, WIDTH)
        self.label_y.append(y - 9.5)
        y -= 13
        if not (first and self.d.mail_to):
            return self.row.draw(self.c, self.f.regular, LEFT, y) - 2 * mm
        # Mail: lower bars above the window (the code line above is their text), address and QR beside it.
        y = self.row.draw_bars(self.c, self.f.regular, LEFT + (WIDTH - self.row.area) / 2, y, MAIL_BAR_H)
        left, top_mm, right, bottom_mm = WINDOW
        top = min(y - 1.5 * mm, PAGE_H - top_mm * mm)  # a long header pushes the block down a little
        height = (bottom_mm - top_mm) * mm
        bottom = top - height
        mail = self.tpl.get("mail", {}).get("lines", ["<b>{applicant_name}</b>", "{mail_to}"])
        texts = [fill(t, self.values, f"[mail] lines[{n}]") for n, t in enumerate(mail)]
        try:
            draw_text_box(self.c, self.f.family, texts, left * mm, top, (right - left) * mm, height)
        except ValueError:
            raise ValueError("the return address is too long for the envelope window") from None
        self.row.draw_qr(self.c, LEFT + WIDTH - self.row.qr, bottom + (height - self.row.qr) / 2)
        return bottom - 2 * mm

    def _begin(self) -> float:
        """Start the form of the next page; returns the y where the body may start."""
        if self.forms:
            self.c.endForm()
        self.forms.append(f"receipt-page-{len(self.forms) + 1}")
        self.c.beginForm(self.forms[-1], 0, 0, PAGE_W, PAGE_H)
        if len(self.forms) == 1:
            y = self.header(PAGE_H - TOP) - (3 if self.d.mail_to else 6) * mm
            y = draw_para(self.c, self.t("title", "title"), style(self.f.bold, 11), LEFT, y, WIDTH) - 2
        else:  # Decree 30: page numbers centred at the top, from page 2 on
            y = (
                draw_para(self.c, str(len(self.forms)), style(self.f.regular, 9), LEFT, PAGE_H - TOP, WIDTH)
                - 2
            )
        return self.codes(y, len(self.forms) == 1)

    def run(self) -> None:
        """Lay out and draw every page of one copy."""
        y = self._begin()
        sign_room = signatures_height(self.f, WIDTH, self.signs, 1.0) + 5 * mm
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
        draw_signatures(self.c, self.f, LEFT, y - 4 * mm, WIDTH, self.signs, 1.0)
        self.c.endForm()


def place(c: Canvas, layout: ReceiptLayout, label: str, page: int, dx: float, font: str) -> None:
    """Put page ``page`` of the copy at ``dx`` with its copy line ("Liên …")."""
    c.saveState()
    c.translate(dx, 0)
    c.doForm(layout.forms[page])
    if page:
        label = fill(layout.tpl["copy"]["continued"], {"label": label}, "[copy] continued")
    c.setFont(font, 9.5)
    c.drawCentredString(CENTRE, layout.label_y[page], label)
    c.restoreState()
