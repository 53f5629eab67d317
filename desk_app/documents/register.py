"""The register book, "Sổ theo dõi hồ sơ" (Mẫu 07), as a PDF (A4 landscape) and as an XLSX workbook.

DOMAIN_VN.md §1–2: one book a year per desk, numbers running from 01 all year; the columns (their exact
2025 layout is unconfirmed [U]): STT (the book's number), dossier code, procedure, number of sets,
applicant, address and phone, received, due, sent to processing, result received, returned, signature,
note. Voided entries stay in the book with their number and "Đã hủy" in the note.

The PDF is drawn row by row on the canvas (not as one platypus table) so that a month of a busy station —
tens of thousands of rows — renders in seconds; cells wrap to two lines and are cut with "…" beyond. A
new page starts with the header row repeated, and when the book (year) changes. The XLSX (openpyxl's
write-only mode, streamed) has the same columns with real dates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.fonts import register_fonts


@dataclass(frozen=True)
class RegisterHeader:
    parent_agency: str
    agency_name: str
    desk: int
    start: date
    end: date


@dataclass(frozen=True)
class RegisterRow:
    book: int | None
    number: int | None
    year: int
    code: str
    procedure: str
    sets: int
    applicant: str
    address_phone: str
    received_at: datetime
    due_at: datetime
    transferred_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    note: str


#: (title, width in mm) — 277 mm between the margins of an A4 landscape page
COLUMNS = (
    ("STT", 11), ("Mã hồ sơ", 33), ("Tên thủ tục hành chính", 38), ("Số bộ", 9), ("Người nộp", 27),
    ("Địa chỉ, số điện thoại", 36), ("Nhận lúc", 17), ("Hẹn trả", 17), ("Chuyển xử lý", 17),
    ("Có kết quả", 17), ("Trả kết quả", 17), ("Ký nhận", 14), ("Ghi chú", 24),
)  # fmt: skip
TITLE = "SỔ THEO DÕI HỒ SƠ"
FONT_SIZE = 6.8
LINE = 8.0  # points between the lines of a cell
ROW_H = 2 * LINE + 4


def _when(value: datetime | None) -> str:
    return f"{value:%d/%m/%Y}\n{value:%H:%M}" if value else ""


def _cells(row: RegisterRow) -> list[str]:
    number = f"{row.number:02d}" if row.number is not None else ""
    return [number, row.code, row.procedure, str(row.sets), row.applicant, row.address_phone,
            _when(row.received_at), _when(row.due_at), _when(row.transferred_at), _when(row.result_at),
            _when(row.returned_at), "", row.note]  # fmt: skip


@functools.lru_cache(maxsize=20_000)
def _fit(text: str, font: str, width: float) -> tuple[str, ...]:
    """At most two lines of ``text`` within ``width`` points; the rest cut with an ellipsis (cached:
    procedure names, dates and officers repeat on every page)."""
    lines: list[str] = []
    for part in text.split("\n"):
        if stringWidth(part, font, FONT_SIZE) <= width:
            lines.append(part)
        else:
            lines += simpleSplit(part, font, FONT_SIZE, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1] + "…"]
    return tuple(_cut(line, font, width) for line in lines[:2])


def _cut(line: str, font: str, width: float) -> str:
    """``line`` shortened with "…" until it fits (one word wider than its column included)."""
    if stringWidth(line, font, FONT_SIZE) <= width:
        return line
    line = line.rstrip("…")
    while line and stringWidth(line + "…", font, FONT_SIZE) > width:
        line = line[:-1]
    return line + "…"


class _Pages:
    """Draws the book page by page: per row one text object and one rule; the column rules of a page
    once, when it is finished."""

    def __init__(self, canvas: Canvas, header: RegisterHeader, regular: str, bold: str) -> None:
        self.c, self.header, self.regular, self.bold = canvas, header, regular, bold
        self.width, self.height = landscape(A4)
        self.left = 10 * mm
        self.xs = [self.left]
        for _title, width in COLUMNS:
            self.xs.append(self.xs[-1] + width * mm)
        self.page = 0
        self.y = self.top_of_table = 0.0
        self.book: tuple[int | None, int] | None = None

    def start(self, book: int | None, year: int) -> None:
        if self.page:
            self._finish_page()
            self.c.showPage()
        self.page += 1
        self.book = (book, year)
        c, h, top = self.c, self.header, self.height - 10 * mm
        c.setLineWidth(0.4)
        c.setFont(self.regular, 9)
        c.drawString(self.left, top, h.parent_agency.upper())
        c.setFont(self.bold, 9)
        c.drawString(self.left, top - 11, h.agency_name.upper())
        c.drawString(self.left, top - 22, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ")
        c.setFont(self.bold, 14)
        c.drawCentredString(self.width / 2, top - 40, TITLE)
        c.setFont(self.regular, 9)
        number = f"Quyển số: {book:02d} — năm {year}" if book is not None else f"Năm {year}"
        desk = book if book is not None else h.desk  # each desk keeps its own book
        span = f"Từ ngày {h.start:%d/%m/%Y} đến ngày {h.end:%d/%m/%Y} — bàn tiếp nhận số {desk}"
        c.drawCentredString(self.width / 2, top - 53, f"{number} — {span}")
        c.drawRightString(self.width - self.left, top, f"Trang {self.page}")
        self.y = self.top_of_table = top - 62
        self._column_titles()

    def _column_titles(self) -> None:
        c = self.c
        height = ROW_H + 2
        c.setFont(self.bold, FONT_SIZE)
        for (title, _w), x0, x1 in zip(COLUMNS, self.xs, self.xs[1:], strict=False):
            for i, line in enumerate(_fit(title, self.bold, x1 - x0 - 3)):
                c.drawCentredString((x0 + x1) / 2, self.y - 9 - i * LINE, line)
        c.line(self.xs[0], self.y, self.xs[-1], self.y)
        self.y -= height
        c.line(self.xs[0], self.y, self.xs[-1], self.y)

    def _finish_page(self) -> None:
        for x in self.xs:
            self.c.line(x, self.top_of_table, x, self.y)

    def row(self, row: RegisterRow) -> None:
        if self.book != (row.book, row.year) or self.y - ROW_H < 12 * mm:
            self.start(row.book, row.year)
        text = self.c.beginText()
        text.setFont(self.regular, FONT_SIZE)
        for x0, x1, cell in zip(self.xs, self.xs[1:], _cells(row), strict=False):
            for i, line in enumerate(_fit(cell, self.regular, x1 - x0 - 3)):
                if line:
                    text.setTextOrigin(x0 + 1.5, self.y - 8 - i * LINE)
                    text.textOut(line)
        self.c.drawText(text)
        self.y -= ROW_H
        self.c.line(self.xs[0], self.y, self.xs[-1], self.y)

    def close(self) -> None:
        if self.page:
            self._finish_page()


def render_register_pdf(
    header: RegisterHeader, rows: Iterable[RegisterRow], out: Path, fonts_dir: Path
) -> int:
    """Write the book's pages to ``out``; the number of rows. An empty range gives one page saying so."""
    fonts = register_fonts(fonts_dir)
    canvas = Canvas(str(out), pagesize=landscape(A4), pageCompression=1)
    canvas.setTitle(f"{TITLE} {header.start:%d/%m/%Y}–{header.end:%d/%m/%Y}")
    pages = _Pages(canvas, header, fonts.regular, fonts.bold)
    count = 0
    for row in rows:
        pages.row(row)
        count += 1
    if count == 0:
        pages.start(None, header.start.year)
        canvas.setFont(fonts.italic, 10)
        canvas.drawString(
            pages.left, pages.y - 16, "Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này."
        )
    else:
        pages.close()  # the last page's column rules
    canvas.showPage()
    canvas.save()
    return count


def write_register_xlsx(header: RegisterHeader, rows: Iterable[RegisterRow], out: Path) -> int:
    """The same book as a workbook (one sheet, streamed); the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("So theo doi ho so")
    for i, width in enumerate((6, 8, 6, 28, 40, 6, 24, 36, 16, 16, 16, 16, 16, 24)):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)

    def titled(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([titled(header.agency_name.upper())])
    sheet.append([titled(TITLE)])
    sheet.append(
        [f"Từ ngày {header.start:%d/%m/%Y} đến ngày {header.end:%d/%m/%Y} — bàn tiếp nhận số {header.desk}"]
    )
    titles = []
    for title, _w in ("Quyển số", 0), *COLUMNS[:11], ("Ghi chú", 0):
        cell = titled(title)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        titles.append(cell)
    sheet.append(["Năm", *titles])
    count = 0
    for row in _xlsx_rows(rows):
        sheet.append(row)
        count += 1
    book.save(out)
    return count


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    """Text as a cell shows it: no control characters (openpyxl refuses them), and never a formula — a
    leading "=" gets the apostrophe Excel itself uses for text."""
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith("=") else value


def _xlsx_rows(rows: Iterable[RegisterRow]) -> Iterator[list[object]]:
    def naive(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=None) if value else None  # Excel has no time zones: Vietnam time

    for r in rows:
        yield [r.year, r.book, r.number, r.code, _text(r.procedure), r.sets, _text(r.applicant),
               _text(r.address_phone), naive(r.received_at), naive(r.due_at), naive(r.transferred_at),
               naive(r.result_at), naive(r.returned_at), _text(r.note)]  # fmt: skip
