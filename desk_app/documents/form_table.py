"""Ruled tables of the printed forms, whose header row repeats on every page they span.

Cells of plain text (no markup but ``<br/>``) are broken into lines here, with the font metrics only, and
drawn by the table as strings: a 60-row handover record has hundreds of cells, and a reportlab Paragraph
(or any flowable) per cell would cost most of the render time. Cells with markup (``<b>``, an escaped
``&amp;``) stay Paragraphs; both put their first baseline one font size below the cell's top padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desk_app.documents.fonts import FontSet
from desk_app.documents.form_layout import style

CELL_PAD = 2.5  # points of padding left and right in a table cell
LEADING = 1.15


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces (not at no-break spaces) and line
    breaks; a word wider than a line is cut where it must."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split(" "):
            if not word:
                continue
            joined = f"{line} {word}" if line else word
            if stringWidth(joined, font, size) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and stringWidth(word, font, size) > width:
                cut = len(word) - 1
                while cut > 1 and stringWidth(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


_ALIGN = {TA_LEFT: "LEFT", TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}


def _cell(text: str | Flowable, font: str, size: float, align: int, width: float) -> Flowable | str:
    """Plain text as lines broken to ``width`` (the table draws them), markup as a Paragraph."""
    if isinstance(text, Flowable):
        return text
    plain = text.replace("<br/>", "\n")  # a line break alone needs no Paragraph
    if "<" not in plain and "&" not in plain:
        return "\n".join(break_lines(plain, font, size, width)) if plain else ""
    return Paragraph(text, style(font, size, align, LEADING))


def grid_table(
    fonts: FontSet,
    size: float,
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float],
    aligns: Sequence[int],
) -> Table:
    """A ruled table whose header row (bold, centred) repeats on every page it spans.

    ``header`` and ``rows`` are markup; a row may also hold flowables (room to sign, say).
    """
    inner = [w - 2 * CELL_PAD for w in widths]
    cells: list[list[Any]] = [
        [_cell(t, fonts.bold, size, TA_CENTER, w) for t, w in zip(header, inner, strict=True)]
    ]
    for row in rows:
        cells.append(
            [_cell(c, fonts.regular, size, a, w) for c, a, w in zip(row, aligns, inner, strict=True)]
        )
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), fonts.bold, size, size * LEADING),
                ("FONT", (0, 1), (-1, -1), fonts.regular, size, size * LEADING),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                *(("ALIGN", (c, 1), (c, -1), _ALIGN[a]) for c, a in enumerate(aligns)),
                ("GRID", (0, 0), (-1, -1), 0.5, black),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def columns(total: float, least: Sequence[float], weights: Sequence[float]) -> list[float]:
    """Column widths: each gets its ``least`` width, the rest of ``total`` is shared by ``weights``."""
    spare = total - sum(least)
    if spare < 0:
        raise ValueError("the table columns do not fit the page")
    return [lo + spare * w / sum(weights) for lo, w in zip(least, weights, strict=True)]


def cell_width(texts: Sequence[str], font: str, size: float) -> float:
    """The width of a table column holding ``texts`` on one line each, padding included."""
    return max((stringWidth(t, font, size) for t in texts), default=0.0) + 2 * CELL_PAD + 3
