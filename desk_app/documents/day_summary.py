"""The daily intake summary as a PDF (A4 portrait): the dashboard's figures, receipts by hour as a bar chart,
and the tables by procedure and by receiving officer — for the supervisor's file or the morning meeting.

Drawn with reportlab's platypus and its graphics (a ``VerticalBarChart``), in the desk's serif faces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk_app.documents.fonts import register_fonts


@dataclass(frozen=True)
class DaySummary:
    parent_agency: str
    agency_name: str
    desk: int
    start: date
    end: date
    as_of: datetime
    figures: Sequence[tuple[str, int]]  # (label, value) in the dashboard's order
    by_hour: dict[int, int]
    by_procedure: Sequence[tuple[str, int]]  # ("code — name", count)
    by_officer: Sequence[tuple[str, int]]


def _chart(by_hour: dict[int, int], font: str) -> Drawing:
    hours = [h for h in range(24) if 7 <= h <= 18 or by_hour.get(h)]
    drawing = Drawing(170 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 150 * mm, 45 * mm
    chart.data = [[by_hour.get(h, 0) for h in hours]]
    chart.categoryAxis.categoryNames = [str(h) for h in hours]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    top = max([1, *by_hour.values()])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = (
        0,
        step * -(-top // step),
        step,
    )
    chart.bars[0].fillColor = colors.HexColor("#2b6cb0")
    drawing.add(chart)
    drawing.add(String(85 * mm, 2 * mm, "giờ trong ngày", fontName=font, fontSize=8, textAnchor="middle"))
    return drawing


def render_day_summary(summary: DaySummary, out: Path, fonts_dir: Path) -> None:
    fonts = register_fonts(fonts_dir)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=13)
    head = ParagraphStyle("head", parent=body, fontName=fonts.bold)
    title = ParagraphStyle(
        "title", parent=body, fontName=fonts.bold, fontSize=14, leading=18, alignment=TA_CENTER
    )
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    span = (f"ngày {summary.start:%d/%m/%Y}" if summary.start == summary.end
            else f"từ ngày {summary.start:%d/%m/%Y} đến ngày {summary.end:%d/%m/%Y}")  # fmt: skip
    story: list = [
        Paragraph(escape(summary.parent_agency.upper()), body),
        Paragraph(escape(summary.agency_name.upper()), head),
        Paragraph("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", head),
        Spacer(1, 6 * mm),
        Paragraph("BÁO CÁO TÌNH HÌNH TIẾP NHẬN HỒ SƠ", title),
        Paragraph(f"{span.capitalize()} — bàn tiếp nhận số {summary.desk}", centre),
        Paragraph(f"(số liệu tính đến {summary.as_of:%H:%M ngày %d/%m/%Y})", centre),
        Spacer(1, 5 * mm),
    ]
    grid = TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 10), ("FONT", (0, 0), (-1, 0), fonts.bold, 10),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])  # fmt: skip
    rows = [["Chỉ số", "Số hồ sơ"], *[[label, f"{n:,}".replace(",", ".")] for label, n in summary.figures]]
    story += [Table(rows, colWidths=[110 * mm, 35 * mm], style=grid), Spacer(1, 5 * mm)]
    story += [Paragraph("Tiếp nhận theo giờ trong ngày", head), _chart(summary.by_hour, fonts.regular)]
    for heading, pairs in (
        ("Theo thủ tục", summary.by_procedure),
        ("Theo cán bộ tiếp nhận", summary.by_officer),
    ):
        table = [[heading, "Số hồ sơ"], *[[Paragraph(escape(label), body), str(n)] for label, n in pairs]]
        if not pairs:
            table.append(["(không có hồ sơ)", "0"])
        story += [Spacer(1, 4 * mm), Table(table, colWidths=[145 * mm, 25 * mm], style=grid, repeatRows=1)]
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Báo cáo tiếp nhận {span}")  # fmt: skip
    doc.build(story)
