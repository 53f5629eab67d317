"""The blocks every printed form shares, drawn on a reportlab canvas.

* :func:`draw_header`: agency block left, national title and motto right, the place and date under them,
  and an optional form note ("Mẫu CT04 ban hành kèm theo …") above, small and italic, at the top right;
* :class:`CodeRow`: vector Code128 (with the code printed under it) and QR of one ASCII code;
* :func:`draw_signatures`: signature blocks (title, caption, room to sign, printed name) in equal columns;
* :func:`draw_text_box`: paragraphs fitted into a fixed box (the address block of a window envelope).

Everything takes a ``scale`` (1 on A5, about 1.42 on A4) so the same block fits either page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents import barcodes
from desk_app.documents.fonts import FontSet
from desk_app.documents.form_layout import draw_para, para, rule, style

# -------------------------------------------------------------------------------------------------- header


@dataclass(frozen=True)
class HeaderText:
    """The filled header texts: agency lines (``(text, bold)``, empty ones left out) and the right column."""

    agency_lines: tuple[tuple[str, bool], ...]
    national_title: str
    motto: str
    place_date: str
    note: str = ""  # e.g. "Mẫu CT04 ban hành kèm theo …", small italic at the top right
    number: str = ""  # an issued letter's "Số: …/…", under the agency block (Decree 30/2020)


def draw_header(
    c: Canvas | None, fonts: FontSet, x: float, y: float, width: float, h: HeaderText, scale: float
) -> float:
    """Agency block left, national title right, both from ``y``; returns the y below the header.

    Without a canvas, only measures: ``y - draw_header(None, …)`` is the height of the header.
    """
    if h.note:
        note_w = width * 0.62
        y = draw_para(
            c, h.note, style(fonts.italic, 7.5 * scale, TA_RIGHT, 1.15), x + width - note_w, y, note_w
        )
        y -= 2.5 * scale
    t_size, m_size = 8.5 * scale, 9.5 * scale
    rw = min(width * 0.6, stringWidth(h.national_title, fonts.bold, t_size) + 8 * scale)
    lw, rx = width - rw, x + width - rw
    left = [(text, fonts.bold if bold else fonts.regular) for text, bold in h.agency_lines if text]
    size = t_size  # one size for the block, shrunk (by 1 pt at most) until each line fits on one line
    while size > t_size - scale and any(para(t, style(n, size), lw)[1] > size * 1.25 for t, n in left):
        size -= 0.25 * scale
    ly = y
    for text, font in left:
        ly = draw_para(c, text, style(font, size), x, ly, lw)
    rule(c, x + lw / 2, ly - 2.5 * scale, lw * 0.3)
    if h.number:
        ly = draw_para(c, h.number, style(fonts.regular, m_size), x, ly - 5 * scale, lw)
    ry = draw_para(c, h.national_title, style(fonts.bold, t_size), rx, y, rw)
    ry = draw_para(c, h.motto, style(fonts.bold, m_size), rx, ry, rw)
    rule(c, rx + rw / 2, ry - 1.5 * scale, stringWidth(h.motto, fonts.bold, m_size))
    below = draw_para(c, h.place_date, style(fonts.italic, m_size), rx, ry - 5 * scale, rw)
    return min(ly - 2.5 * scale, below)


# ------------------------------------------------------------------------------------------------ code row


class CodeRow:
    """Vector Code128 (the code printed under it) and QR of one ASCII code, across ``width``.

    Side by side when the bars fit beside the QR at the minimum module, else the QR goes under the bars.
    Raises ValueError for a non-ASCII code or one too long for a Code128 across ``width``.
    """

    def __init__(self, code: str, width: float, scale: float = 1.0) -> None:
        self.code = code
        self.qr = 18 * mm * scale  # quiet zone included
        self.bar_h = 10 * mm * scale
        self.text_size = 9 * scale
        total = barcodes.code128_total_modules(code)  # refuses non-ASCII codes
        self.beside = total * barcodes.MIN_MODULE <= width - self.qr - 2 * mm
        self.area = width - self.qr - 2 * mm if self.beside else width
        if total * barcodes.MIN_MODULE > self.area:
            raise ValueError(f"the code {code!r} is too long for a Code128 {width / mm:.0f} mm wide")
        self.bar_w = total * min(0.5 * mm, self.area / total)
        self.width = width
        self.bars_h = self.bar_h + self.text_size + 2  # bars and the human-readable code
        self.height = max(self.qr, self.bars_h) if self.beside else 2 * mm + self.bars_h + self.qr

    def draw_bars(self, c: Canvas, font: str, x: float, top: float, height: float | None = None) -> float:
        """The bars with the code under them, centred in ``[x, x + area]``; returns the y below.

        With ``height`` the bars are that high and the code is not printed under them (the caller prints it).
        """
        bx = x + (self.area - self.bar_w) / 2
        if height is not None:
            barcodes.draw_code128(c, self.code, bx, top - height, self.bar_w, height)
            return top - height
        barcodes.draw_code128(c, self.code, bx, top - self.bar_h, self.bar_w, self.bar_h)
        c.setFont(font, self.text_size)
        c.drawCentredString(bx + self.bar_w / 2, top - self.bar_h - self.text_size, self.code)
        return top - self.bars_h

    def draw_qr(self, c: Canvas, x: float, y: float) -> None:
        """The QR with its lower-left corner at (x, y)."""
        barcodes.draw_qr(c, self.code, x, y, self.qr)

    def draw(self, c: Canvas, font: str, x: float, top: float) -> float:
        """The whole row from ``top``; returns the y below it."""
        bottom = top - self.height
        bar_top = top - (self.height - self.bars_h) / 2 if self.beside else top - 2 * mm
        self.draw_bars(c, font, x, bar_top)
        self.draw_qr(c, x + self.width - self.qr, bottom)
        return bottom


# -------------------------------------------------------------------------------------------- signatures

#: Room left for a handwritten signature (and a stamp) between the caption and the printed name.
SIGN_SPACE = 17 * mm


@dataclass(frozen=True)
class Signature:
    """One signature block, already filled: title (bold), caption (italic), printed name (bold)."""

    title: str
    caption: str
    name: str


def _signature_parts(fonts: FontSet, s: Signature, scale: float) -> list[tuple[str, ParagraphStyle]]:
    return [
        (s.title, style(fonts.bold, 9.5 * scale)),
        (s.caption, style(fonts.italic, 9 * scale)),
        (s.name, style(fonts.bold, 9.5 * scale)),
    ]


def signatures_height(
    fonts: FontSet, width: float, blocks: Sequence[Signature | None], scale: float
) -> float:
    """Height of :func:`draw_signatures` for these blocks."""
    col = width / max(1, len(blocks))
    heights = [
        sum(para(t, st, col)[1] for t, st in _signature_parts(fonts, b, scale) if t) + SIGN_SPACE * scale
        for b in blocks
        if b is not None
    ]
    return max(heights, default=0.0)


def draw_signatures(
    c: Canvas,
    fonts: FontSet,
    x: float,
    y: float,
    width: float,
    blocks: Sequence[Signature | None],
    scale: float,
) -> None:
    """Signature blocks in equal columns from ``y`` down; ``None`` leaves its column empty."""
    col = width / max(1, len(blocks))
    for i, block in enumerate(blocks):
        if block is None:
            continue
        title, caption, name = _signature_parts(fonts, block, scale)
        yy = draw_para(c, title[0], title[1], x + i * col, y, col)
        if caption[0]:
            yy = draw_para(c, caption[0], caption[1], x + i * col, yy, col)
        if name[0]:
            draw_para(c, name[0], name[1], x + i * col, yy - SIGN_SPACE * scale, col)


def draw_text_box(
    c: Canvas, font: str, texts: Sequence[str], x: float, top: float, width: float, height: float
) -> None:
    """Paragraphs ``texts`` (markup) one under the other from ``top``, at the largest size from 10 pt down
    to 7 pt that keeps them within ``height``; ValueError when even 7 pt does not fit."""
    for size in (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0):
        paras = [para(t, style(font, size, TA_LEFT, 1.15), width) for t in texts if t]
        if sum(h for _, h in paras) <= height:
            break
    else:
        raise ValueError("the text is too long for its box")
    for p, h in paras:
        p.drawOn(c, x, top - h)
        top -= h
