"""Shared ground of the printed forms: page geometry, templates, text and paragraph styles.

The receipt (:mod:`~desk_app.documents.receipt`), the one-stop forms (:mod:`~desk_app.documents.forms`) and
the handover record (:mod:`~desk_app.documents.handover`) all use these (and the blocks drawn by
:mod:`~desk_app.documents.form_blocks`), so the forms look and read alike:

* geometry: A5 (one-stop forms, Circular 01/2018) and A4 (Decree 30/2020 margins); ``scale`` grows the type
  sizes from A5 to A4 in proportion to the text width (8.5 pt national title on A5 → 12 pt on A4);
* templates: TOML files of wording, parsed once and cached until the file changes;
* text: NFC normalisation, dates as Decree 30/2020 writes them, ``str.format`` placeholders with clear errors.
"""

from __future__ import annotations

import threading
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desk_app.domain.model import VN_TZ


@dataclass(frozen=True)
class PageGeometry:
    """A portrait page: size and margins in points, and the type scale relative to A5."""

    width: float
    height: float
    top: float
    left: float
    right: float
    bottom: float
    scale: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


#: One-stop forms (Circular 01/2018: A5); the margins of the receipt.
A5_PAGE = PageGeometry(A5[0], A5[1], top=15 * mm, left=20 * mm, right=12 * mm, bottom=12 * mm, scale=1.0)
#: Decree 30/2020 margins on A4: top and bottom 20 mm, left 30 mm, right 15 mm.
A4_PAGE = PageGeometry(
    A4[0], A4[1], top=20 * mm, left=30 * mm, right=15 * mm, bottom=20 * mm, scale=165 / 116
)

# ---------------------------------------------------------------------------------------------- templates

_lock = threading.Lock()
_parsed: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def load_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML file at ``path``, cached until the file changes (do not modify the result)."""
    path = Path(path).resolve()
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    with _lock:
        cached = _parsed.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with path.open("rb") as f:
            tpl = tomllib.load(f)
        _parsed[path] = (stamp, tpl)
        return tpl


def require(tpl: Mapping[str, Any], required: Mapping[str, Sequence[str]], name: str) -> None:
    """Raise ValueError naming the first ``[section] key`` of ``required`` missing from ``tpl``."""
    for section, keys in required.items():
        table = tpl.get(section)
        if not isinstance(table, dict):
            raise ValueError(f"{name}: [{section}] is missing")
        for key in keys:
            if key not in table:
                raise ValueError(f"{name}: [{section}] {key} is missing")


def fill(text: str, values: Mapping[str, str], where: str) -> str:
    """``text`` with its ``{name}`` placeholders filled; ValueError names the template entry."""
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError) as e:
        raise ValueError(f"template, {where}: bad placeholder in {text!r} ({e})") from e


# ---------------------------------------------------------------------------------------------------- text


def nfc(text: str | None) -> str:
    """``text`` composed (NFC) on one line: runs of white space become one space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def markup(text: str | None, blank: str = "", *, lines: bool = False) -> str:
    """``text`` composed and escaped for paragraph markup; ``blank`` when empty.

    With ``lines`` the line breaks of a free text (a reason typed on several lines) are kept.
    """
    if lines:
        parts = [escape(nfc(line)) for line in unicodedata.normalize("NFC", text or "").splitlines()]
        out = "<br/>".join(p for p in parts if p)
    else:
        out = escape(nfc(text))
    return out or blank


def date_parts(d: date) -> dict[str, str]:
    """Day and month as Decree 30/2020 writes them: leading 0 for days below 10 and months 1 and 2."""
    return {
        "day": f"{d.day:02d}",
        "month": f"{d.month:02d}" if d.month <= 2 else str(d.month),
        "year": str(d.year),
    }


def when(dt: datetime, pattern: str, where: str) -> str:
    """``dt`` (in Vietnam time) written with ``pattern`` ({hour} {minute} {day} {month} {year})."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(VN_TZ)
    return fill(
        pattern, {"hour": f"{dt.hour:02d}", "minute": f"{dt.minute:02d}", **date_parts(dt.date())}, where
    )


@lru_cache(maxsize=512)
def style(
    font: str, size: float, align: int = TA_CENTER, leading: float = 1.2, indent: float = 0, hang: float = 0
) -> ParagraphStyle:
    """A paragraph style (cached): ``leading`` is relative to ``size``; ``hang`` indents the lines after
    the first (numbered items wrap under their text, not their number)."""
    return ParagraphStyle(
        f"{font}-{size}-{align}-{leading}-{indent}-{hang}",
        fontName=font,
        fontSize=size,
        leading=size * leading,
        alignment=align,
        leftIndent=indent + hang,
        firstLineIndent=-hang,
    )


def para(text: str, st: ParagraphStyle, width: float) -> tuple[Paragraph, float]:
    """A paragraph of ``text`` wrapped to ``width``, and its height."""
    p = Paragraph(text, st)
    return p, p.wrap(width, 10_000)[1]


def draw_para(c: Canvas | None, text: str, st: ParagraphStyle, x: float, y: float, width: float) -> float:
    """Draw a paragraph with its top at ``y`` (only measure it without a canvas); returns the y below it."""
    p, h = para(text, st, width)
    if c is not None:
        p.drawOn(c, x, y - h)
    return y - h


def rule(c: Canvas | None, x_mid: float, y: float, length: float) -> None:
    """A short centred rule under a header line."""
    if c is not None:
        c.setLineWidth(0.6)
        c.line(x_mid - length / 2, y, x_mid + length / 2, y)
