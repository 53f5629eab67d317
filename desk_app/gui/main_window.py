"""The main window: the day's dossiers, one search box, and the counter's actions.

Wiring lives in :meth:`MainWindow._connect`. Shortcuts: F2 new intake, Ctrl+P reprint the selected
dossier's receipt, Ctrl+F search, Enter (or double-click) open the selected dossier, F5 refresh.
A keyboard-wedge scanner that types a receipt's dossier code and Enter into the search box opens the
dossier; keys typed while the list has the focus go to the search box, so scanning works from there too.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
)

from desk_app.domain.codes import looks_like_dossier_code
from desk_app.domain.records import DossierRecord
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.dossier_model import DossierTableModel
from desk_app.gui.intake import IntakeDialog
from desk_app.gui.print_settings import PrintSettingsDialog
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, load_form
from desk_app.services.queries import get_dossier

SEARCH_DEBOUNCE_MS = 250


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """One station's counter window."""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        cfg = shell.ctx.config
        self.setWindowTitle(_t("Tiếp nhận hồ sơ — %1, bàn %2").replace("%1", cfg.station.agency_name)
                            .replace("%2", str(cfg.station.desk)))
        self.form = load_form("main_window.ui", self)
        self.setCentralWidget(self.form)
        self.search = child(self.form, QLineEdit, "searchEdit")
        self.day_edit = child(self.form, QDateEdit, "dayEdit")
        self.all_days = child(self.form, QCheckBox, "allDaysCheck")
        self.table = child(self.form, QTableView, "dossierTable")
        self.empty_hint = child(self.form, QLabel, "emptyHint")
        self.model = DossierTableModel(shell.ctx, shell.tasks)
        self.table.setModel(self.model)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.intake: IntakeDialog | None = None
        self._build_actions()
        self._build_status_bar()
        self._setup_table()
        self._connect()
        self.day_edit.setDate(self._today())
        self.day_edit.setMaximumDate(self._today())
        self.model.show_day(shell.ctx.clock().date())
        shell.with_catalogue(lambda _cat: None, owner=self)  # warm the catalogue for the intake screen
        self.resize(1366, 768)
        self.search.setFocus()

    def _today(self) -> QDate:
        today = self.shell.ctx.clock().date()
        return QDate(today.year, today.month, today.day)

    def _build_actions(self) -> None:
        def action(text: str, shortcut: str | QKeySequence.StandardKey | None, slot: object) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_action = action(_t("Tiếp nhận hồ sơ &mới"), "F2", self.open_intake)
        self.open_action = action(_t("&Xem hồ sơ đang chọn"), None, self.open_selected)
        self.reprint_action = action(_t("&In lại biên nhận"), "Ctrl+P", self.reprint_selected)
        self.search_action = action(_t("&Tìm kiếm"), "Ctrl+F", self.focus_search)
        self.refresh_action = action(_t("&Làm mới danh sách"), "F5", self.model.refresh)
        self.print_settings_action = action(_t("Cài đặt &máy in…"), None, self.edit_print_settings)
        self.quit_action = action(_t("&Thoát"), "Ctrl+Q", self.close)
        bar = self.menuBar()
        dossier = bar.addMenu(_t("&Hồ sơ"))
        for act in (self.new_action, self.open_action, self.reprint_action):
            dossier.addAction(act)
        dossier.addSeparator()
        dossier.addAction(self.quit_action)
        view = bar.addMenu(_t("&Xem"))
        view.addAction(self.search_action)
        view.addAction(self.refresh_action)
        bar.addMenu(_t("&Cài đặt")).addAction(self.print_settings_action)

    def _build_status_bar(self) -> None:
        cfg = self.shell.ctx.config
        text = _t("%1 — bàn %2 — cán bộ: %3").replace("%1", cfg.station.agency_name)
        text = text.replace("%2", str(cfg.station.desk)).replace("%3", self.shell.ctx.officer)
        self.station_label = QLabel(text)
        self.count_label = QLabel("")
        self.statusBar().addWidget(self.station_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

    def _setup_table(self) -> None:
        header = self.table.horizontalHeader()
        widths = (230, 190, 120, 0, 130, 130, 110)
        for col, width in enumerate(widths):
            if width:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(DossierTableModel.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.installEventFilter(self)

    def _connect(self) -> None:
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.search.textChanged.connect(self._search_cleared)
        self.search.returnPressed.connect(self.search_entered)
        self._search_timer.timeout.connect(self.run_search)
        self.day_edit.dateChanged.connect(lambda _d: self.show_selected_day())
        self.all_days.toggled.connect(lambda _on: self.show_selected_day())
        child(self.form, QPushButton, "todayButton").clicked.connect(self.show_today)
        child(self.form, QPushButton, "newIntakeButton").clicked.connect(self.open_intake)
        child(self.form, QPushButton, "reprintButton").clicked.connect(self.reprint_selected)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.model.total_changed.connect(self._show_total)
        self.model.modelReset.connect(self._update_empty_hint)
        self.model.rowsInserted.connect(self._update_empty_hint)
        self.model.loading_changed.connect(lambda _on: self._update_empty_hint())

    # --- list and search -----------------------------------------------------------------------
    def selected_day(self) -> date | None:
        if self.all_days.isChecked():
            return None
        d = self.day_edit.date()
        return date(d.year(), d.month(), d.day())

    def show_selected_day(self) -> None:
        self.day_edit.setEnabled(not self.all_days.isChecked())
        self.search.clear()
        self.model.show_day(self.selected_day())

    def show_today(self) -> None:
        self.all_days.setChecked(False)
        self.day_edit.setDate(self._today())
        self.show_selected_day()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        self._search_timer.stop()
        self.model.show_search(self.search.text())

    def _search_cleared(self, text: str) -> None:
        if not text and self.model.searching:
            self._search_timer.stop()
            self.model.show_day(self.selected_day())

    def search_entered(self) -> None:
        """Enter in the search box: a scanned or typed dossier code opens the dossier; else search now."""
        text = self.search.text().strip()
        if looks_like_dossier_code(text):
            self._search_timer.stop()
            self.open_dossier(text)
            self.search.selectAll()  # the next scan replaces it
        else:
            self.run_search()

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
        else:
            self.empty_hint.setText(_t("Chưa có hồ sơ nào trong ngày này. Nhấn F2 để tiếp nhận hồ sơ mới."))
        self.empty_hint.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Printable keys typed in the list (a scanner, or the officer) go to the search box."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event if isinstance(event, QKeyEvent) else None
            mods = key.modifiers() & ~Qt.KeyboardModifier.ShiftModifier if key else None
            if key is not None and key.text().isprintable() and key.text().strip() and not mods:
                self.search.setFocus()
                self.search.clear()
                copy = QKeyEvent(key.type(), key.key(), key.modifiers(), key.text())
                QCoreApplication.sendEvent(self.search, copy)
                return True
        return super().eventFilter(watched, event)

    # --- actions --------------------------------------------------------------------------------------
    def selected_code(self) -> str | None:
        index = self.table.currentIndex()
        summary = self.model.summary(index.row()) if index.isValid() else None
        return summary.code if summary else None

    def open_selected(self) -> None:
        code = self.selected_code()
        if code:
            self.open_dossier(code)

    def open_dossier(self, code: str) -> None:
        """Load the dossier off the GUI thread and show it (a wrong code gets a Vietnamese message)."""
        self.shell.tasks.run(partial(get_dossier, self.shell.ctx, code), name="get-dossier", owner=self,
                             on_done=self.show_details)

    def show_details(self, record: DossierRecord) -> DossierDetailsDialog:
        dialog = DossierDetailsDialog(record, self.shell.printing, self)
        dialog.show()
        return dialog

    def reprint_selected(self) -> None:
        code = self.selected_code()
        if code is None:
            self.shell.messages.error(_t("Chọn một hồ sơ trong danh sách để in lại biên nhận."), self)
            return
        self.shell.printing.print_receipt(code, self)

    def open_intake(self) -> IntakeDialog:
        if self.intake is None:
            self.intake = IntakeDialog(self.shell, self)
            self.intake.saved.connect(lambda _received: self.show_today())
            self.intake.finished.connect(lambda _r: setattr(self, "intake", None))
            self.intake.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.intake.show()
        self.intake.raise_()
        self.intake.activateWindow()
        return self.intake

    def edit_print_settings(self) -> None:
        dialog = PrintSettingsDialog(self.shell.printing.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            settings = dialog.result_settings()
            settings.save(self.shell.ctx.data_dir)
            self.shell.printing.settings = settings

        dialog.accepted.connect(accepted)
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Wait for running work (a save, a print) so no thread outlives the window."""
        if self.intake is not None and self.intake.saving:
            self.shell.tasks.wait_idle()
        self._search_timer.stop()
        self.shell.tasks.shutdown()
        super().closeEvent(event)
