"""One form of a template section as a PDF, laid out with reportlab's platypus.

Every form other than the receipt is a TOML section read the same way (see ``forms_vi.toml``): the shared
``[header]``, then the section's ``title`` (and optional ``form_note``, ``subtitle``, ``addressee``), its
``code`` line with the vector Code128 and QR of the code, the body ``lines`` (an entry ``"@name"`` stands
for a table or list given by the caller), an optional ``recipients`` block ("Nơi nhận") and the
``[[section.signatures]]`` blocks (one: on the right; two: side by side), kept together with the last line.

The body starts at the first of ``sizes`` and shrinks to the next ones while it does not fit on page 1;
when even the last size does not fit, it goes back to the first and continues on further pages. From page 2
on, each page carries its number centred at the top (Decree 30/2020) and the code row again, so every page
can be scanned on its own; a table repeats its header row on each page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import unescape

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from desk_app.documents.fonts import FontSet
from desk_app.documents.form_blocks import (
    CodeRow,
    HeaderText,
    Signature,
    draw_header,
    draw_signatures,
    signatures_height,
)
from desk_app.documents.form_layout import PageGeometry, draw_para, fill, require, style

Markers = Mapping[str, Callable[[float], Sequence[Flowable]]]  # "@name" → flowables at a body size

HEADER_KEYS = ("national_title", "motto", "parent_agency", "agency", "unit", "place_date")
SECTION_KEYS = ("title", "code", "pdf_title", "lines")


class Drawn(Flowable):
    """A block of known size drawn by ``paint(canvas, x, top)`` (header, code row, signatures)."""

    def __init__(self, width: float, height: float, paint: Callable[[Canvas, float, float], object]) -> None:
        super().__init__()
        self.width, self.height, self._paint = width, height, paint

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        return self.width, self.height

    def draw(self) -> None:
        self._paint(self.canv, 0, self.height)


@dataclass(frozen=True)
class FormPage:
    """What the pages of one form need besides its body: geometry, fonts, header values and the code."""

    geometry: PageGeometry
    fonts: FontSet
    code: str  # ASCII: printed as Code128 and QR
    author: str
    sizes: tuple[float, ...]  # body sizes tried in turn to fit page 1


def header_text(tpl: Mapping[str, Any], values: Mapping[str, str], note: str, number: str = "") -> HeaderText:
    """The filled ``[header]`` of a template (agency names upper-case)."""
    h = tpl["header"]
    upper = {**values, **{k: values[k].upper() for k in ("parent_agency", "agency_name")}}
    lines = (("parent_agency", False), ("agency", True), ("unit", True))
    return HeaderText(
        agency_lines=tuple((fill(h[k], upper, f"[header] {k}"), bold) for k, bold in lines),
        national_title=fill(h["national_title"], values, "[header] national_title"),
        motto=fill(h["motto"], values, "[header] motto"),
        place_date=fill(h["place_date"], values, "[header] place_date"),
        note=note,
        number=number,
    )


def _measure(story: Sequence[Flowable], width: float) -> float:
    return sum(f.wrap(width, 100_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)


class _Section:
    """The flowables of one template section at one body size."""

    def __init__(self, page: FormPage, tpl: Mapping[str, Any], name: str, values: Mapping[str, str]) -> None:
        self.p, self.sec, self.name, self.values = page, tpl[name], name, values
        self.tpl = tpl
        g, f = page.geometry, page.fonts
        self.width, self.scale = g.text_width, g.scale
        self.signs: list[Signature | None] = [
            Signature(*(self.t(f"signatures[{i}].{k}", s.get(k, "")) for k in ("title", "caption", "name")))
            for i, s in enumerate(self.sec.get("signatures", []))
        ]
        if len(self.signs) == 1:
            self.signs.insert(0, None)  # a single signature stands on the right
        lines = self.sec.get("recipients", [])
        self.recipients = "<br/>".join(self.t(f"recipients[{i}]", r) for i, r in enumerate(lines))
        self.recipients_style = style(f.family, 8 * self.scale, TA_LEFT)
        self.sign_h = max(
            signatures_height(f, self.width, self.signs, self.scale),
            -draw_para(None, self.recipients, self.recipients_style, 0, 0, self.width / 2) if lines else 0,
        )

    def t(self, where: str, text: str) -> str:
        return fill(text, self.values, f"[{self.name}] {where}")

    def key(self, key: str) -> str:
        return self.t(key, self.sec.get(key, ""))

    def head(self) -> list[Flowable]:
        """Header, title, subtitle, code line and code row: the top of page 1."""
        f, g, s = self.p.fonts, self.p.geometry, self.scale
        h = header_text(self.tpl, self.values, self.key("form_note"), self.key("number"))
        top = g.height - g.top
        header_h = top - draw_header(None, f, 0, top, self.width, h, s)
        out: list[Flowable] = [
            Drawn(self.width, header_h, lambda c, x, y: draw_header(c, f, x, y, self.width, h, s)),
            Spacer(0, 5 * mm * s),
            Paragraph(self.key("title"), style(f.bold, min(11 * s, 14))),
        ]
        if self.key("subtitle"):
            out.append(Paragraph(self.key("subtitle"), style(f.italic, min(9.5 * s, 13))))
        out += [Spacer(0, 1.5 * s), Paragraph(self.key("code"), style(f.bold, min(10 * s, 13)))]
        row = CodeRow(self.p.code, self.width, s)
        out += [Spacer(0, 2 * s), Drawn(self.width, row.height, lambda c, x, y: row.draw(c, f.regular, x, y))]
        if self.key("addressee"):
            out += [Spacer(0, 2 * mm), Paragraph(self.key("addressee"), style(f.family, min(10.5 * s, 13.5)))]
        return [*out, Spacer(0, 3 * mm)]

    def body(self, size: float, markers: Markers) -> tuple[list[Flowable], list[Flowable]]:
        """The body lines at ``size``, and the tail to keep together: the last line and the signatures."""
        f = self.p.fonts
        line = style(f.family, size, TA_JUSTIFY, 1.25)
        out: list[Flowable] = []
        for n, text in enumerate(self.sec["lines"]):
            if text.startswith("@"):
                if text not in markers:
                    raise ValueError(f"template, [{self.name}] lines[{n}]: unknown list {text!r}")
                out += [Spacer(0, size * 0.2), *markers[text](size), Spacer(0, size * 0.5)]
            elif text and (filled := self.t(f"lines[{n}]", text)):  # a line that fills to "": left out
                out += [Paragraph(filled, line), Spacer(0, size * 0.2)]
        if not (any(b is not None for b in self.signs) or self.recipients):
            return out, []
        last = out[-2:] if len(out) >= 2 and isinstance(out[-2], Paragraph) else []
        del out[len(out) - len(last) :]
        return out, [*last, Spacer(0, 3 * mm), self._signatures()]

    def _signatures(self) -> Flowable:
        f, w, s = self.p.fonts, self.width, self.scale

        def paint(c: Canvas, x: float, top: float) -> None:
            if self.recipients:
                draw_para(c, self.recipients, self.recipients_style, x, top, w / 2)
            draw_signatures(c, f, x, top, w, self.signs, s)

        return Drawn(w, self.sign_h, paint)


def render_section(
    out: str | Path | BinaryIO,
    page: FormPage,
    tpl: Mapping[str, Any],
    name: str,
    values: Mapping[str, str],
    markers: Markers,
    file_name: str,
) -> None:
    """Write the form of template section ``name`` filled with ``values`` (escaped markup) as a PDF."""
    require(tpl, {"format": ("blank",), "header": HEADER_KEYS, name: SECTION_KEYS}, file_name)
    g, f = page.geometry, page.fonts
    sec = _Section(page, tpl, name, values)
    head = sec.head()
    frame_h = g.height - g.top - g.bottom
    room = frame_h - _measure(head, g.text_width)
    first = page.sizes[0]
    for size in (*page.sizes, first):
        body, tail = sec.body(size, markers)
        height = _measure([*body, *tail], g.text_width)
        if size == first and height * (page.sizes[-1] / first) ** 2 > room:
            break  # text shrinks about with the square of its size: even the smallest would not fit
        if height <= room:
            break
    row = CodeRow(page.code, g.text_width, g.scale)
    num = style(f.regular, 9 * g.scale)
    banner = 9 * g.scale * 1.2 + 2 + row.height + 4 * mm

    def later(c: Canvas, doc: BaseDocTemplate) -> None:
        c.saveState()
        y = draw_para(c, str(c.getPageNumber()), num, g.left, g.height - g.top, g.text_width)
        row.draw(c, f.regular, g.left, y - 2)
        c.restoreState()

    def frame(top_gap: float) -> Frame:
        kw = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        return Frame(g.left, g.bottom, g.text_width, frame_h - top_gap, **kw)

    doc = BaseDocTemplate(
        str(out) if isinstance(out, str | Path) else out,
        pagesize=(g.width, g.height),
        pageTemplates=[
            PageTemplate("first", [frame(0)], autoNextPageTemplate="later"),
            PageTemplate("later", [frame(banner)], onPage=later),
        ],
        title=unescape(sec.key("pdf_title")),
        author=page.author,
        creator="desk_app",
        lang="vi",
        pageCompression=1,
    )
    try:
        doc.build([*head, *body, *([KeepTogether(tail)] if tail else [])])
    except LayoutError as e:  # e.g. one table row taller than a page
        raise ValueError(f"[{name}]: a part of the form is too large for a page ({e})") from e
