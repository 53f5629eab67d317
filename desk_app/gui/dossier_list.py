"""The main window's list and its controls: day, status and channel filters, the search box, the count.

The filters go into the list query (:func:`~desk_app.services.queries.list_dossiers` with ``status`` and
``channel``) and the search (:func:`~desk_app.services.queries.search_dossiers`), never over the loaded
rows, so they work on a million dossiers. The search box is
debounced; Enter on a dossier code (typed, or a receipt scanned by a keyboard-wedge scanner) asks to
open that dossier (:attr:`DossierList.open_requested`); printable keys typed in the list go to the
search box, so a scan works from there too.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desk_app.gui.uiloader import child

if TYPE_CHECKING:  # SQLAlchemy loads after the window is shown
    from desk_app.gui.dossier_model import DossierTableModel
    from desk_app.gui.shell import Shell

SEARCH_DEBOUNCE_MS = 250
COLUMN_WIDTHS = (230, 190, 120, 0, 130, 215, 130)  # 0: the procedure column stretches


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierList", text)


class DossierList(QObject):
    """Owns the list widgets of ``form``; :meth:`attach` gives it the station's model."""

    open_requested = Signal(str)
    model: DossierTableModel

    def __init__(self, form: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = child(form, QLineEdit, "searchEdit")
        self.day_edit = child(form, QDateEdit, "dayEdit")
        self.all_days = child(form, QCheckBox, "allDaysCheck")
        self.table = child(form, QTableView, "dossierTable")
        self.empty_hint = child(form, QLabel, "emptyHint")
        self.status_combo = child(form, QComboBox, "statusCombo")
        self.channel_combo = child(form, QComboBox, "channelCombo")
        self.count_label = QLabel("")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.installEventFilter(self)
        self.search.textEdited.connect(lambda _text: self.timer.start())
        self.search.textChanged.connect(self._search_cleared)
        self.search.returnPressed.connect(self.search_entered)
        self.timer.timeout.connect(self.run_search)
        self.day_edit.dateChanged.connect(lambda _d: self.show_selected_day())
        self.all_days.toggled.connect(lambda _on: self.show_selected_day())
        child(form, QPushButton, "todayButton").clicked.connect(self.show_today)

    def _fill_filters(self) -> None:
        """The status and channel filters, filled when the station attaches (the domain loads after show)."""
        from desk_app.domain.lifecycle import Status
        from desk_app.gui.labels import channel_label, status_label

        if self.status_combo.count():
            return
        self.status_combo.addItem(_t("Mọi trạng thái"), None)
        for status in Status:
            self.status_combo.addItem(status_label(status.value), status.value)
        self.channel_combo.addItem(_t("Mọi kênh"), None)
        for channel in ("walk_in", "post"):
            self.channel_combo.addItem(channel_label(channel), channel)
        for combo in (self.status_combo, self.channel_combo):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())

    def attach(self, shell: Shell) -> None:
        """Show the station's list: today's dossiers, newest first."""
        from desk_app.gui.dossier_model import DossierTableModel

        self._clock = shell.ctx.clock
        self._fill_filters()
        self.model = DossierTableModel(shell.ctx, shell.session, shell.tasks)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        for col, width in enumerate(COLUMN_WIDTHS):
            if width:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(self.model.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.model.total_changed.connect(self._show_total)
        self.model.modelReset.connect(self._update_empty_hint)
        self.model.rowsInserted.connect(self._update_empty_hint)
        self.model.loading_changed.connect(lambda _on: self._update_empty_hint())
        self.model.loading_changed.connect(self._select_pending)
        self._pending = ""
        self.day_edit.setDate(self.today())
        self.day_edit.setMaximumDate(self.today())
        self.model.show_day(self._clock().date())

    def today(self) -> QDate:
        today = self._clock().date()
        return QDate(today.year, today.month, today.day)

    def selected_day(self) -> date | None:
        if self.all_days.isChecked():
            return None
        d = self.day_edit.date()
        return date(d.year(), d.month(), d.day())

    def show_selected_day(self) -> None:
        if not hasattr(self, "model"):
            return
        self.day_edit.setEnabled(not self.all_days.isChecked())
        self.search.clear()
        self.model.set_filters(self.status_combo.currentData(), self.channel_combo.currentData())
        self.model.show_day(self.selected_day())

    def _filters_changed(self) -> None:
        """A status or channel chosen: the search being shown is filtered too, else the day's list."""
        if self.model.searching and self.search.text().strip():
            self.model.set_filters(self.status_combo.currentData(), self.channel_combo.currentData())
            self.run_search()
        else:
            self.show_selected_day()

    def show_today(self) -> None:
        self.all_days.setChecked(False)
        self.day_edit.setDate(self.today())
        self.show_selected_day()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        self.timer.stop()
        self.model.show_search(self.search.text())

    def _search_cleared(self, text: str) -> None:
        if not text and self.model.searching:
            self.timer.stop()
            self.model.show_day(self.selected_day())

    def search_entered(self) -> None:
        """Enter in the search box: a scanned or typed dossier code opens the dossier; else search now."""
        from desk_app.domain.codes import looks_like_dossier_code, looks_like_short_code

        text = self.search.text().strip()
        if looks_like_dossier_code(text) or looks_like_short_code(text):  # the short YYMMDD-NNNN too
            self.timer.stop()
            self.open_requested.emit(text)
            self.search.selectAll()  # the next scan replaces it
        else:
            self.run_search()

    def select_when_loaded(self, code: str) -> None:
        """Select dossier ``code`` once the list (re)loaded: the dossier just saved is the one Ctrl+P
        reprints."""
        self._pending = code
        self._select_pending(self.model.loading)

    def _select_pending(self, loading: bool) -> None:
        if loading or not self._pending:
            return
        wanted, self._pending = self._pending, ""  # one load only: a filter hiding it leaves the selection be
        for row in range(self.model.rowCount()):
            found = self.model.summary(row)
            if found is not None and found.code == wanted:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def selected_code(self) -> str | None:
        index = self.table.currentIndex()
        summary = self.model.summary(index.row()) if index.isValid() else None
        return summary.code if summary else None

    def _show_total(self, total: int, searching: bool) -> None:
        count = f"{total:,}".replace(",", ".")
        if searching:
            text = _t("Tìm thấy: %1 hồ sơ").replace("%1", count)
        elif self.model.day is None:
            text = _t("Tất cả các ngày: %1 hồ sơ").replace("%1", count)
        else:
            day = self.model.day.strftime("%d/%m/%Y")
            text = _t("Ngày %1: %2 hồ sơ").replace("%1", day).replace("%2", count)
        self.count_label.setText(text)

    def _update_empty_hint(self) -> None:
        empty = self.model.rowCount() == 0 and not self.model.loading
        if self.model.searching:
            self.empty_hint.setText(_t("Không tìm thấy hồ sơ nào khớp với nội dung tìm kiếm."))
        elif self.model.filters != (None, None):
            self.empty_hint.setText(_t("Không có hồ sơ nào theo bộ lọc đã chọn."))
        else:
            self.empty_hint.setText(_t("Chưa có hồ sơ nào trong ngày này. Nhấn F2 để tiếp nhận hồ sơ mới."))
        self.empty_hint.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Printable keys typed in the list (a scanner, or the officer) go to the search box."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event if isinstance(event, QKeyEvent) else None
            mods = key.modifiers() & ~QtCore.Qt.KeyboardModifier.ShiftModifier if key else None
            if key is not None and key.text().isprintable() and key.text().strip() and not mods:
                self.search.setFocus()
                self.search.clear()
                copy = QKeyEvent(key.type(), key.key(), key.modifiers(), key.text())
                QCoreApplication.sendEvent(self.search, copy)
                return True
        return super().eventFilter(watched, event)
