"""The provincial view's figures as tables: what a page shows and what its export holds are the same
:class:`Table` objects (issue 19, part 1: "CSV and XLSX exports of what is shown").

The pages render them with the template ``table.html``; :func:`to_csv` and :func:`to_xlsx` write them.
A cell from outside (a citizen's name, an officer's) that a spreadsheet would run as a formula is
written as text: in CSV with a leading apostrophe, in XLSX as a string cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desk_app.central.lists import DossierList
from desk_app.central.views import Overview, ScopeProcedures, StationPage

Cell = str | int


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # per row: where its first cell leads ("" for nowhere)
    marks: list[str] = field(default_factory=list)  # per row: a CSS class ("stale") or ""
    keys: list[str] = field(default_factory=list)  # per row: what it is of (a station "G01.79.760.001-1")
    footer: list[Cell] | None = None  # the totals
    tight: frozenset[int] = frozenset()  # the columns never wrapped (times, codes); others wrap to fit
    note: str = ""

    def add(self, row: list[Cell], link: str = "", mark: str = "", key: str = "") -> None:
        self.rows.append(row)
        self.links.append(link)
        self.marks.append(mark)
        self.keys.append(key)

    def numeric(self, index: int) -> bool:
        return bool(self.rows) and all(isinstance(r[index], int) for r in self.rows)


def when(value: datetime | None) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def overview_table(view: Overview, stale_hours: str) -> Table:
    table = Table(
        "Tổng quan theo trạm",
        [
            "Trạm (cơ quan — bàn)",
            "Nhận hôm nay",
            "Nhận trong tháng",
            "Quá hạn",
            "Yêu cầu bổ sung",
            "Trả trễ hạn",
            "Liên lạc gần nhất",
            "Phiên bản",
        ],
        tight=frozenset({7}),
    )
    for r in view.rows:
        seen = when(r.last_seen_at) or "chưa liên lạc"
        if r.stale:
            seen += f" — quá {stale_hours} giờ"
        table.add(
            [
                r.label,
                r.received_today,
                r.received_month,
                r.overdue,
                r.supplement_month,
                r.returned_late_month,
                seen,
                r.build or "—",
            ],
            f"/view/station/{r.station_id}",
            "stale" if r.stale else "",
            f"{r.agency_code}-{r.desk}",
        )
    table.footer = [
        f"Cộng ({len(view.rows)} trạm)",
        *(
            view.total(n)
            for n in (
                "received_today",
                "received_month",
                "overdue",
                "supplement_month",
                "returned_late_month",
            )
        ),
        "",
        "",
    ]
    return table


_COUNTED = ("received", "received_post", "supplement_requested", "refused", "returned", "returned_late")


def procedures_table(found: StationPage | ScopeProcedures, title: str = "Theo thủ tục") -> Table:
    table = Table(
        title,
        ["Thủ tục", "Tiếp nhận", "Qua bưu chính", "Yêu cầu bổ sung", "Từ chối", "Trả kết quả", "Trả trễ hạn"],
    )
    for r in found.by_procedure if isinstance(found, StationPage) else found.rows:
        table.add([f"{r.code} {r.name}".strip() or "(không rõ)", *(r.counts.get(n, 0) for n in _COUNTED)])
    table.footer = ["Cộng", *(found.total(n) for n in _COUNTED)]
    return table


def station_tables(page: StationPage) -> list[Table]:
    by_procedure = procedures_table(page)
    by_hour = Table("Theo giờ tiếp nhận", ["Giờ", "Tiếp nhận"])
    for hour, count in page.by_hour:
        by_hour.add([f"{hour:02d}:00–{hour:02d}:59", count])
    by_officer = Table("Theo cán bộ tiếp nhận", ["Cán bộ", "Tiếp nhận"])
    for officer, count in page.by_officer:
        by_officer.add([officer, count])
    trend = Table(
        f"{len(page.trend)} ngày đến {page.period.last:%d/%m/%Y}", ["Ngày", "Tiếp nhận", "Trả kết quả"]
    )
    for day, received, returned in page.trend:
        trend.add([day.strftime("%d/%m/%Y"), received, returned])
    return [by_procedure, by_hour, by_officer, trend]


def list_table(found: DossierList, title: str, sees_people: bool, late: bool) -> Table:
    headers = ["Mã hồ sơ", "Trạm", "Thủ tục", "Tiếp nhận", "Hạn trả"]
    headers += ["Trả lúc", "Trễ (ngày)"] if late else ["Quá hạn (ngày)"]
    headers += ["Tình trạng"] + (["Người nộp", "Số giấy tờ"] if sees_people else [])
    table = Table(title, headers, tight=frozenset({0, 3, 4, 5} if late else {0, 3, 4}))
    for line in found.lines:
        row: list[Cell] = [line.code, line.station, line.procedure, when(line.received_at), when(line.due_at)]
        row += [when(line.returned_at), line.days_late] if late else [line.days_late]
        row += [line.status] + ([line.person.name, line.person.identifier] if sees_people else [])
        table.add(row, f"/view/dossier/{line.uuid}", key=line.code)
    if found.total > len(found.lines):
        table.note = f"Hiện {len(found.lines)} trên {found.total} hồ sơ; bản xuất cũng giới hạn như vậy."
    return table


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value: Cell) -> Cell:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def to_csv(tables: list[Table]) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens it as UTF-8); the tables one after another, each under
    its title."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_text_cell(v) for v in row])
        if table.footer:
            writer.writerow([_text_cell(v) for v in table.footer])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join(" " if c in "[]:*?/\\" else c for c in title)[:28].strip() or "Bảng"
    base, n = name, 2
    while name in taken:
        name, n = f"{base} {n}", n + 1
    taken.add(name)
    return name


def to_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table: the headers in bold, every text cell a string (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cells(sheet: Any, values: Sequence[Cell], bold: bool = False) -> list[Any]:
        row = []
        for value in values:
            if isinstance(value, str):  # characters XML 1.0 cannot hold (a station's stray control code)
                value = ILLEGAL_CHARACTERS_RE.sub("?", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)
            row.append(cell)
        return row

    book = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet: Any = book.create_sheet(_sheet_name(table.title, taken))
        sheet.append(cells(sheet, [table.title], bold=True))
        sheet.append(cells(sheet, table.headers, bold=True))
        for row in table.rows:
            sheet.append(cells(sheet, row))
        if table.footer:
            sheet.append(cells(sheet, table.footer, bold=True))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
