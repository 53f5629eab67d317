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
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.fonts import register_fonts
from desk_app.documents.literal_text import SubsetEncoder, WordMetrics


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
    due_at: datetime  # the due time now: the extended one, if the dossier was extended
    transferred_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    note: str
    first_due_at: datetime | None = None  # the due time first promised, when it was extended since
    lead_agency: str = ""  # cơ quan chủ trì giải quyết


#: (title, width in mm) — 277 mm between the margins of an A4 landscape page
COLUMNS = (
    ("STT", 9), ("Mã hồ sơ", 31), ("Tên thủ tục hành chính", 35), ("Số bộ", 7), ("Người nộp", 27),
    ("Địa chỉ, số điện thoại", 33), ("Cơ quan chủ trì giải quyết", 24), ("Nhận lúc", 14), ("Hẹn trả", 15),
    ("Chuyển xử lý", 14), ("Có kết quả", 14), ("Trả kết quả", 14), ("Ký nhận", 12), ("Ghi chú", 28),
)  # fmt: skip
EXTENDED = "gia hạn đến"  # between the first promised time and the extended one, in "Hẹn trả"
TITLE = "SỔ THEO DÕI HỒ SƠ"
FONT_SIZE = 6.8
LINE = 8.0  # points between the lines of a cell
ROW_H = 2 * LINE + 4  # the least a row takes; a longer text makes its row taller (never cut)


@functools.lru_cache(maxsize=8)
def _metrics(font: str) -> WordMetrics:
    return WordMetrics(font, FONT_SIZE)


@functools.lru_cache(maxsize=20_000)
def _fit(text: str, font: str, width: float) -> tuple[str, ...]:
    """At most two lines of ``text`` within ``width`` points; the rest cut with an ellipsis."""
    return _metrics(font).fit(text, width)


class _Pages:
    """Draws the book page by page as literal PDF operators: a page's heading and column titles are
    composed once per book and year; each row is drawn in its own coordinates (a translation), so a
    cell's operators do not depend on the row and are kept — procedure names, dates, times and notes
    repeat on every page. The column rules of a page are drawn when it is finished."""

    def __init__(self, canvas: Canvas, header: RegisterHeader, regular: str, bold: str) -> None:
        self.c, self.header, self.regular, self.bold = canvas, header, regular, bold
        self.width, self.height = landscape(A4)
        self.left = 10 * mm
        self.top = self.height - 10 * mm
        self.xs = [self.left]
        for _title, width in COLUMNS:
            self.xs.append(self.xs[-1] + width * mm)
        self.page = 0
        self.y = self.top_of_table = self.top - 62
        self.book: tuple[int | None, int] | None = None
        self.text = SubsetEncoder(canvas, regular, FONT_SIZE)
        self.metrics = _metrics(regular)
        self.widths = [x1 - x0 - 3 for x0, x1 in zip(self.xs, self.xs[1:], strict=False)]
        self.origins = [f"1 0 0 1 {x0 + 1.5:.2f} " for x0 in self.xs[:-1]]
        self.cells: dict[tuple[int, str], tuple[str, int]] = {}
        self.days: dict[tuple[int, int, int, int, int], str] = {}
        self.times: dict[tuple[int, int, int, int], str] = {}
        self.headings: dict[tuple[int | None, int], str] = {}
        self.rule = f"{self.xs[0]:.2f} {{h:g}} m {self.xs[-1]:.2f} {{h:g}} l S"

    def start(self, book: int | None, year: int) -> None:
        if self.page:
            self._finish_page()
            self.c.showPage()
        self.page += 1
        self.book = (book, year)
        heading = self.headings.get(self.book)
        if heading is None:
            heading = self.headings[self.book] = self._heading(book, year)
        self.c.addLiteral(heading)
        self.c.setFont(self.regular, 9)
        self.c.drawRightString(self.width - self.left, self.top, f"Trang {self.page}")
        self.y = self.top_of_table - ROW_H - 2

    def _heading(self, book: int | None, year: int) -> str:
        """The operators of a page's heading and column titles (the same on every page of a book)."""
        h, top, middle = self.header, self.top, self.width / 2
        number = f"Quyển số: {book:02d} — năm {year}" if book is not None else f"Năm {year}"
        desk = book if book is not None else h.desk  # each desk keeps its own book
        span = f"Từ ngày {h.start:%d/%m/%Y} đến ngày {h.end:%d/%m/%Y} — bàn tiếp nhận số {desk}"
        lines: list[tuple[str, float, float, float, str, bool]] = [  # (font, size, x, y, text, centred)
            (self.regular, 9, self.left, top, h.parent_agency.upper(), False),
            (self.bold, 9, self.left, top - 11, h.agency_name.upper(), False),
            (self.bold, 9, self.left, top - 22, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", False),
            (self.bold, 14, middle, top - 40, TITLE, True),
            (self.regular, 9, middle, top - 53, f"{number} — {span}", True),
        ]
        for (title, _w), x0, x1 in zip(COLUMNS, self.xs, self.xs[1:], strict=False):
            for i, line in enumerate(_fit(title, self.bold, x1 - x0 - 3)):
                lines.append(
                    (self.bold, FONT_SIZE, (x0 + x1) / 2, self.top_of_table - 9 - i * LINE, line, True)
                )
        ops = ["BT"]
        encoders: dict[tuple[str, float], SubsetEncoder] = {}
        for font, size, x, y, text, centred in lines:
            encoder = encoders.get((font, size)) or encoders.setdefault(
                (font, size), SubsetEncoder(self.c, font, size)
            )
            if centred:
                x -= stringWidth(text, font, size) / 2
            ops.append(f"{encoder.select} 1 0 0 1 {x:.2f} {y:.2f} Tm {encoder.show(text)}")
        x0, x1, y0, y1 = self.xs[0], self.xs[-1], self.top_of_table, self.top_of_table - ROW_H - 2
        ops.append(
            f"ET 0.4 w {x0:.2f} {y0:.2f} m {x1:.2f} {y0:.2f} l S {x0:.2f} {y1:.2f} m {x1:.2f} {y1:.2f} l S"
        )
        return " ".join(ops)

    def _finish_page(self) -> None:
        self.c.addLiteral(
            " ".join(f"{x:.2f} {self.top_of_table:.2f} m {x:.2f} {self.y:.2f} l S" for x in self.xs)
        )

    def row(self, row: RegisterRow) -> None:
        cell, when = self._cell, self._when
        cells = [
            cell(0, f"{row.number:02d}" if row.number is not None else ""), cell(1, row.code),
            cell(2, row.procedure), cell(3, str(row.sets)), cell(4, row.applicant),
            cell(5, row.address_phone), cell(6, row.lead_agency), when(7, row.received_at),
            self._due(row), when(9, row.transferred_at), when(10, row.result_at),
            when(11, row.returned_at), cell(13, row.note),
        ]  # fmt: skip
        height = max(ROW_H, max(n for _, n in cells) * LINE + 4)
        if self.book != (row.book, row.year) or self.y - height < 12 * mm:
            self.start(row.book, row.year)
        ops = [f"q 1 0 0 1 0 {self.y:.2f} cm BT {self.text.select}", *(o for o, _ in cells),
               "ET", self.rule.format(h=-height), "Q"]  # fmt: skip
        self.c.addLiteral(" ".join(ops))
        self.y -= height

    def _cell(self, col: int, text: str) -> tuple[str, int]:
        """The operators of a cell's text, wrapped to its column (every line: nothing is cut), in row
        coordinates, and its number of lines."""
        found = self.cells.get((col, text))
        if found is None:
            lines = self.metrics.wrap(text, self.widths[col]) if text else ()
            ops = " ".join(
                f"{self.origins[col]}{-8 - i * LINE:g} Tm {self.text.show(line)}"
                for i, line in enumerate(lines)
                if line
            )
            if len(self.cells) > 100_000:  # names and addresses rarely repeat: keep the cache small
                self.cells.clear()
            found = self.cells[(col, text)] = (ops, len(lines))
        return found

    def _due(self, row: RegisterRow) -> tuple[str, int]:
        """"Hẹn trả": the time first promised and, when the dossier was extended, the extended one."""
        if row.first_due_at is None or row.first_due_at == row.due_at:
            return self._when(8, row.due_at)
        first, _ = self._when(8, row.first_due_at)
        label = f"{self.origins[8]}{-8 - 2 * LINE:g} Tm {self.text.show(EXTENDED)}"
        later, _ = self._when(8, row.due_at, lines_down=3)
        return f"{first} {label} {later}", 5

    def _when(self, col: int, value: datetime | None, lines_down: int = 0) -> tuple[str, int]:
        """A time as two lines, the date and the hour (both always fit their column), ``lines_down``
        lines below the cell's top."""
        if value is None:
            return "", 0
        day = self.days.get((col, lines_down, value.year, value.month, value.day))
        if day is None:
            day = self.days[(col, lines_down, value.year, value.month, value.day)] = (
                f"{self.origins[col]}{-8 - lines_down * LINE:g} Tm "
                f"({value.day:02d}/{value.month:02d}/{value.year}) Tj"
            )
        hour = self.times.get((col, lines_down, value.hour, value.minute))
        if hour is None:
            hour = self.times[(col, lines_down, value.hour, value.minute)] = (
                f"{self.origins[col]}{-8 - (lines_down + 1) * LINE:g} Tm "
                f"({value.hour:02d}:{value.minute:02d}) Tj"
            )
        return f"{day} {hour}", 2

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
        pages.close()
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
    for i, width in enumerate((6, 8, 6, 28, 40, 6, 24, 36, 24, 16, 16, 16, 16, 16, 16, 30)):
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
    names = [title for title, _w in COLUMNS[:12]]
    names[8:9] = ["Hẹn trả (lần đầu)", "Gia hạn đến"]  # both promised times, each in its cell
    for title in ("Quyển số", *names, "Ghi chú"):
        cell = titled(title)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        titles.append(cell)
    sheet.append(["Năm", *titles])
    count = 0
    wrapped = WriteOnlyCell(sheet)  # long text wraps inside its cell, never cut
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    style = wrapped._style  # the style registered once; each text cell gets a copy of its indices
    text_columns = (4, 6, 7, 8, 15)  # procedure, applicant, address, lead agency, note

    for row in _xlsx_rows(rows):
        for i in text_columns:
            cell = WriteOnlyCell(sheet, value=row[i])
            cell._style = copy(style)
            row[i] = cell
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
        extended = r.first_due_at is not None and r.first_due_at != r.due_at
        first, later = (r.first_due_at, r.due_at) if extended else (r.due_at, None)
        yield [r.year, r.book, r.number, r.code, _text(r.procedure), r.sets, _text(r.applicant),
               _text(r.address_phone), _text(r.lead_agency), naive(r.received_at), naive(first), naive(later),
               naive(r.transferred_at), naive(r.result_at), naive(r.returned_at), _text(r.note)]  # fmt: skip
