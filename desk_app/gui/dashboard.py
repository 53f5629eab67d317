"""The supervisor's daily intake dashboard: today's figures at a glance, any date range, each figure opening
the dossiers behind it.

Tiles (received, walk-in, post, due today, overdue, supplement requested, refused, extended, returned,
returned late, not synced) are buttons: Enter, Space or a click opens the list behind the figure, and a
double-click in that list opens the dossier. Below: receipts by hour of the day (QtCharts), by procedure and
by receiving officer (a double-click opens that procedure's or officer's dossiers). The figures are
computed off the GUI thread (:func:`desk_app.services.reports.figures`); the window refreshes itself every
:data:`REFRESH_MS` and whenever a dossier is saved on this desk (:meth:`DashboardDialog.refresh`, called by
the main window). What each figure counts: the README's *Supervisor's figures*.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.gui.field_errors import restyle
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services.reports import LIST_LIMIT, Figures, figure_dossiers, figures

REFRESH_MS = 60_000


def _t(text: str) -> str:
    return QCoreApplication.translate("DashboardDialog", text)


def _tiles() -> list[tuple[str, str, str]]:
    """(figure, label, tone) in reading order, four a row."""
    return [
        ("received", _t("Tiếp nhận"), ""),
        ("walk_in", _t("Trực tiếp tại quầy"), ""),
        ("post", _t("Qua bưu chính"), ""),
        ("unsynced", _t("Chưa gửi lên máy chủ"), "warn"),
        ("due_today", _t("Đến hạn hôm nay"), "warn"),
        ("overdue", _t("Quá hạn"), "bad"),
        ("supplement_requested", _t("Yêu cầu bổ sung"), ""),
        ("refused", _t("Từ chối"), ""),
        ("extended", _t("Gia hạn"), ""),
        ("returned", _t("Đã trả kết quả"), ""),
        ("returned_late", _t("Trả trễ hạn"), "bad"),
    ]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _day(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _value(f: Figures, figure: str) -> int:
    if figure in ("walk_in", "post"):
        return f.by_channel.get(figure, 0)
    return int(getattr(f, figure))


class DashboardDialog(QDialog):
    open_dossier = Signal(str)  # a dossier chosen in a list behind a figure

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setWindowTitle(_t("Thống kê tiếp nhận hồ sơ"))
        self.form = embed_form("dashboard.ui", self)
        self.start = child(self.form, QDateEdit, "fromEdit")
        self.end = child(self.form, QDateEdit, "toEdit")
        self.updated = child(self.form, QLabel, "updatedLabel")
        self.outcome = child(self.form, QLabel, "resultLabel")
        self.procedures = child(self.form, QTableWidget, "procedureTable")
        self.officers = child(self.form, QTableWidget, "officerTable")
        self.figures: Figures | None = None
        self._loading = self._again = False
        self.tiles: dict[str, QPushButton] = {}
        self.values: dict[str, QLabel] = {}  # the big number on each tile
        grid = QGridLayout(child(self.form, QWidget, "tilesHost"))
        grid.setContentsMargins(0, 4, 0, 4)
        for i, (figure, label, tone) in enumerate(_tiles()):
            tile, value = self._tile(figure, label, tone)
            grid.addWidget(tile, i // 4, i % 4)
            self.tiles[figure], self.values[figure] = tile, value
        self.chart = QChart()
        self.chart.setTitle(_t("Tiếp nhận theo giờ trong ngày"))
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        hour_layout = QVBoxLayout(child(self.form, QWidget, "hourHost"))
        hour_layout.setContentsMargins(0, 0, 0, 0)
        hour_layout.addWidget(self.chart_view)
        for table, title in ((self.procedures, _t("Thủ tục")), (self.officers, _t("Cán bộ tiếp nhận"))):
            table.setColumnCount(2)
            table.setHorizontalHeaderLabels([title, _t("Số hồ sơ")])
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.procedures.cellActivated.connect(
            lambda row, _c: self._drill_row(self.procedures, "procedure", row)
        )
        self.officers.cellActivated.connect(lambda row, _c: self._drill_row(self.officers, "officer", row))
        today = self._today = shell.ctx.clock().date()
        self.start.setDate(_qdate(today))
        self.end.setDate(_qdate(today))
        child(self.form, QPushButton, "todayButton").clicked.connect(self.show_today)
        child(self.form, QPushButton, "monthButton").clicked.connect(self.show_month)
        child(self.form, QPushButton, "refreshButton").clicked.connect(self.refresh)
        child(self.form, QPushButton, "registerButton").clicked.connect(self.print_register)
        child(self.form, QPushButton, "summaryButton").clicked.connect(self.print_summary)
        self.start.dateChanged.connect(lambda _d: self.refresh())
        self.end.dateChanged.connect(lambda _d: self.refresh())
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        fit_to_screen(self, 1300, 720)
        self.refresh()

    def _tile(self, figure: str, label: str, tone: str) -> tuple[QPushButton, QLabel]:
        """A figure as a button (focus, Enter/Space, click: the dossiers behind it) showing a big number
        over its name; the labels let clicks through to the button."""
        tile = QPushButton()
        tile.setObjectName(f"tile_{figure}")
        tile.setProperty("tile", True)
        tile.setProperty("tone", tone)
        tile.setMinimumHeight(64)
        tile.setAccessibleName(label)
        tile.clicked.connect(partial(self.drill, figure, ""))
        inner = QVBoxLayout(tile)
        inner.setContentsMargins(12, 4, 12, 4)
        inner.setSpacing(0)
        value = QLabel("—")
        value.setObjectName(f"value_{figure}")
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        value.setFont(font)
        caption = QLabel(label)
        colour = {"warn": "#8a4b00", "bad": "#b3261e"}.get(tone, "#1f2a36")
        for part in (value, caption):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            part.setStyleSheet(f"color: {colour}; background: transparent;")
            inner.addWidget(part)
        return tile, value

    def _tick(self) -> None:
        """The minute's refresh, only while the window is shown (a closed dashboard is kept, hidden). Past
        midnight a range that ended today follows the new day: "today" becomes the new today, a range
        (the month so far) grows to include it."""
        today = self.shell.ctx.clock().date()
        if today > self._today:
            start, end = self.range()
            if end == self._today:
                self._today = today
                self._set_range(today if start == end else start, today)
                return
        self._today = max(self._today, today)
        if self.isVisible():
            self.refresh()

    # --- the range ---------------------------------------------------------------------------------
    def show_today(self) -> None:
        today = self.shell.ctx.clock().date()
        self._set_range(today, today)

    def show_month(self) -> None:
        today = self.shell.ctx.clock().date()
        self._set_range(today.replace(day=1), today)

    def _set_range(self, start: date, end: date) -> None:
        for edit, value in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(value))
            edit.blockSignals(False)
        self.refresh()

    def range(self) -> tuple[date, date]:
        start, end = _day(self.start), _day(self.end)
        return (start, end) if start <= end else (end, start)

    # --- figures -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute off the GUI thread (one at a time; a refresh asked meanwhile runs after)."""
        if self._loading:
            self._again = True
            return
        self._loading, self._again = True, False
        start, end = self.range()
        work = partial(figures, self.shell.ctx, self.shell.user, start, end)
        self.shell.tasks.run(work, name="dashboard", owner=self, on_done=self._show, on_error=self._failed,
                             on_finished=self._finished)  # fmt: skip

    def _finished(self) -> None:
        self._loading = False
        if self._again:
            self.refresh()

    def _show(self, found: Figures) -> None:
        self._loading = False  # (also in _finished) a refresh is never locked out by an error here
        self.figures = found
        for figure, label, _tone in _tiles():
            number = f"{_value(found, figure):,}".replace(",", ".")
            self.values[figure].setText(number)
            self.tiles[figure].setAccessibleDescription(f"{number} {label}")
        self._fill(self.procedures, [(f"{code} — {found.procedure_names.get(code, '')}", n, code)
                                     for code, n in found.by_procedure.items()])  # fmt: skip
        self._fill(self.officers, [(name, n, name) for name, n in found.by_officer.items()])
        self._chart(found.by_hour)
        self.updated.setText(_t("Cập nhật lúc %1").replace("%1", self.shell.ctx.clock().strftime("%H:%M:%S")))
        restyle(self.outcome, "role", "")
        self.outcome.setText(
            "" if found.received else _t("Không có hồ sơ nào được tiếp nhận trong khoảng này.")
        )

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, int, str]]) -> None:
        table.setRowCount(len(rows))
        for r, (label, n, key) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setData(Qt.ItemDataRole.UserRole, key)
            name.setToolTip(label)
            count = QTableWidgetItem(str(n))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, 0, name)
            table.setItem(r, 1, count)

    def _chart(self, by_hour: dict[int, int]) -> None:
        """Bars for 07–18 (and any other hour that had receipts)."""
        hours = [h for h in range(24) if 7 <= h <= 18 or by_hour.get(h)]
        bars = QBarSet(_t("Hồ sơ"))
        bars.append([float(by_hour.get(h, 0)) for h in hours])
        series = QBarSeries()
        series.append(bars)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(h) for h in hours])
        x.setTitleText(_t("giờ"))
        y = QValueAxis()
        y.setLabelFormat("%d")
        top = max([1, *by_hour.values()])
        step = max(1, -(-top // 5))  # whole numbers only, at most 6 ticks
        y.setRange(0, step * -(-top // step))
        y.setTickCount(-(-top // step) + 1)
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _failed(self, exc: DeskError) -> None:
        self._loading = False
        restyle(self.outcome, "role", "error")
        self.outcome.setText(exc.message)

    # --- drilling down -----------------------------------------------------------------------------
    def _drill_row(self, table: QTableWidget, figure: str, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.drill(figure, str(item.data(Qt.ItemDataRole.UserRole)))

    def drill(self, figure: str, key: str = "") -> None:
        start, end = self.range()
        work = partial(figure_dossiers, self.shell.ctx, self.shell.user, figure, start, end, key)
        title = dict((f, label) for f, label, _tone in _tiles()).get(figure) or key
        self.shell.tasks.run(work, name="dashboard-list", owner=self,
                             on_done=lambda rows: self._list(title, rows), on_error=self._failed)  # fmt: skip

    def _list(self, title: str, rows: list[dict[str, Any]]) -> DossierListDialog:
        dialog = DossierListDialog(title, rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_dossier.connect(self.open_dossier)
        dialog.show()
        return dialog

    # --- the register --------------------------------------------------------------------------------
    def print_register(self) -> None:
        """Save the register book for the range as PDF or XLSX (chosen by the file name)."""
        from desk_app.gui.file_dialogs import save_file
        from desk_app.services.reports import export_register

        start, end = self.range()
        path = save_file(self, _t("Lưu sổ theo dõi hồ sơ"), f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
                         _t("PDF (*.pdf);;Excel (*.xlsx)"))  # fmt: skip
        if path is None:
            return
        work = partial(export_register, self.shell.ctx, self.shell.user, start, end, path)
        self.shell.tasks.run(work, name="register", owner=self, on_error=self._failed,
                             on_done=lambda n: self._saved(str(path), n))  # fmt: skip

    def print_summary(self) -> None:
        """Save the summary of the range (figures, the chart by hour, procedures, officers) as PDF."""
        from desk_app.gui.file_dialogs import save_file
        from desk_app.services.reports import export_day_summary

        start, end = self.range()
        name = f"bao-cao-tiep-nhan-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
        path = save_file(self, _t("Lưu báo cáo tiếp nhận"), name, "PDF (*.pdf)")
        if path is None:
            return
        work = partial(export_day_summary, self.shell.ctx, self.shell.user, start, end, path)
        self.shell.tasks.run(work, name="summary", owner=self, on_error=self._failed,
                             on_done=lambda f: self._saved(str(path), f.received))  # fmt: skip

    def _saved(self, path: str, count: int) -> None:
        restyle(self.outcome, "role", "")
        self.outcome.setText(_t("Đã lưu (%1 hồ sơ): %2").replace("%1", str(count)).replace("%2", path))


class DossierListDialog(QDialog):
    """The dossiers behind one figure; a double-click (or Enter) opens one."""

    open_dossier = Signal(str)

    def __init__(self, title: str, rows: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        count = QLabel(_t("%1 hồ sơ").replace("%1", str(len(rows))))
        if len(rows) >= LIST_LIMIT:
            count.setText(_t("%1 hồ sơ đầu tiên (danh sách dừng ở đây)").replace("%1", str(len(rows))))
        layout.addWidget(count)
        self.table = QTableWidget(len(rows), 6, self)
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("dossiersTable")
        self.table.setHorizontalHeaderLabels([_t("Mã hồ sơ"), _t("Người nộp"), _t("Thủ tục"), _t("Nhận lúc"),
                                              _t("Hẹn trả"), _t("Cán bộ")])  # fmt: skip
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            values = (row["code"], row["applicant_name"], row["procedure_name"],
                      f"{row['received_at']:%H:%M %d/%m/%Y}", f"{row['due_at']:%H:%M %d/%m/%Y}",
                      row["officer"])  # fmt: skip
            for c, text in enumerate(values):
                cell = QTableWidgetItem(str(text))
                cell.setToolTip(str(text))
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()  # codes and times whole; the procedure takes the room left
        for c in range(6):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(self._activated)
        layout.addWidget(self.table)
        fit_to_screen(self, 1240, 560)

    def _activated(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_dossier.emit(item.text())
