"""The main window: the day's dossiers, one search box, and the counter's actions.

Wiring lives in :meth:`MainWindow._connect_widgets`; the list, its filters and the search box are
:class:`~desk_app.gui.dossier_list.DossierList`'s. Shortcuts: F2 new walk-in intake, F6 mail-in intake,
F8 scan a stack with cover sheets, Ctrl+P reprint the selected dossier's receipt, Ctrl+F search, Enter
(or double-click) open the selected dossier, F5 refresh. The list is filtered by day, status and channel
(in the query). A keyboard-wedge scanner that types a receipt's dossier code and Enter into the search
box opens the dossier; keys typed while the list has the focus go to the search box, so scanning works
from there too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QWidget

from desk_app.gui.dossier_list import DossierList
from desk_app.gui.uiloader import child, load_form

if TYPE_CHECKING:  # the heavy modules (SQLAlchemy, reportlab) load after the window is shown
    from desk_app.domain.records import DossierRecord
    from desk_app.gui.details import DossierDetailsDialog
    from desk_app.gui.dossier_model import DossierTableModel
    from desk_app.gui.entry import EntryDialog
    from desk_app.gui.intake import IntakeDialog
    from desk_app.gui.mailin import MailInDialog
    from desk_app.gui.shell import Shell


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """One station's counter window.

    Built in two steps so that it shows at once: ``MainWindow()`` is the window with its layout and a
    "opening" status; :meth:`attach` gives it the open station (the list, search and actions come alive).
    ``MainWindow(shell)`` does both.
    """

    shell: Shell

    def __init__(self, shell: Shell | None = None) -> None:
        super().__init__()
        self.setWindowTitle(_t("Tiếp nhận hồ sơ"))
        self.form = load_form("main_window.ui", self)
        self.setCentralWidget(self.form)
        self.list = DossierList(self.form, self)
        self.search, self.table, self.count_label = self.list.search, self.list.table, self.list.count_label
        self.day_edit, self.all_days = self.list.day_edit, self.list.all_days
        self.intake: IntakeDialog | None = None
        self.mailin: MailInDialog | None = None
        self._build_actions()
        self._build_status_bar()
        self._connect_widgets()
        self.resize(1366, 768)
        self.form.setEnabled(False)
        for act in self.actions():
            act.setEnabled(act is self.quit_action)
        if shell is not None:
            self.attach(shell)

    @property
    def model(self) -> DossierTableModel:
        return self.list.model

    @property
    def ready(self) -> bool:
        """True once the station is attached (the list, search and actions work)."""
        return hasattr(self, "shell")

    def attach(self, shell: Shell) -> None:
        """Give the window its open station: the day's list, the search and the actions."""
        self.shell = shell
        cfg = shell.ctx.config
        self.setWindowTitle(
            _t("Tiếp nhận hồ sơ — %1, bàn %2")
            .replace("%1", cfg.station.agency_name)
            .replace("%2", str(cfg.station.desk))
        )
        text = _t("%1 — bàn %2 — cán bộ: %3").replace("%1", cfg.station.agency_name)
        self.station_label.setText(text.replace("%2", str(cfg.station.desk)).replace("%3", shell.ctx.officer))
        self.list.attach(shell)
        shell.with_catalogue(lambda _cat: None, owner=self)  # warm the catalogue for the intake screen
        self.form.setEnabled(True)
        for act in self.actions():
            act.setEnabled(True)
        self.search.setFocus()

    def _build_actions(self) -> None:
        def action(text: str, shortcut: str | None, slot: object) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:  # setShortcuts([...]): setShortcut's overloads build all of Qt's enums
                act.setShortcuts([QKeySequence.fromString(shortcut)])
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_action = action(_t("Tiếp nhận hồ sơ &mới"), "F2", self.open_intake)
        self.mailin_action = action(_t("Tiếp nhận hồ sơ qua &bưu chính"), "F6", self.open_mailin)
        self.batch_action = action(_t("&Quét xấp hồ sơ có tờ bìa"), "F8", self.open_batch)
        self.open_action = action(_t("&Xem hồ sơ đang chọn"), None, self.open_selected)
        self.reprint_action = action(_t("&In lại biên nhận"), "Ctrl+P", self.reprint_selected)
        self.search_action = action(_t("&Tìm kiếm"), "Ctrl+F", self.list.focus_search)
        self.refresh_action = action(_t("&Làm mới danh sách"), "F5", lambda: self.model.refresh())
        self.print_settings_action = action(_t("Cài đặt &máy in…"), None, self.edit_print_settings)
        self.quit_action = action(_t("&Thoát"), "Ctrl+Q", self.close)
        bar = self.menuBar()
        dossier = bar.addMenu(_t("&Hồ sơ"))
        for act in (
            self.new_action,
            self.mailin_action,
            self.batch_action,
            self.open_action,
            self.reprint_action,
        ):
            dossier.addAction(act)
        dossier.addSeparator()
        dossier.addAction(self.quit_action)
        view = bar.addMenu(_t("&Xem"))
        view.addAction(self.search_action)
        view.addAction(self.refresh_action)
        bar.addMenu(_t("&Cài đặt")).addAction(self.print_settings_action)

    def _build_status_bar(self) -> None:
        self.station_label = QLabel(_t("Đang mở bàn tiếp nhận…"))
        self.statusBar().addWidget(self.station_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

    def _connect_widgets(self) -> None:
        self.list.open_requested.connect(self.open_dossier)
        child(self.form, QPushButton, "newIntakeButton").clicked.connect(self.open_intake)
        child(self.form, QPushButton, "newMailInButton").clicked.connect(self.open_mailin)
        child(self.form, QPushButton, "reprintButton").clicked.connect(self.reprint_selected)
        self.table.activated.connect(lambda _index: self.open_selected())

    # --- actions --------------------------------------------------------------------------------------
    def selected_code(self) -> str | None:
        return self.list.selected_code()

    def open_selected(self) -> None:
        code = self.selected_code()
        if code:
            self.open_dossier(code)

    def open_dossier(self, code: str) -> None:
        """Load the dossier off the GUI thread and show it (a wrong code gets a Vietnamese message)."""
        from desk_app.services.queries import get_dossier

        self.shell.tasks.run(
            partial(get_dossier, self.shell.ctx, code),
            name="get-dossier",
            owner=self,
            on_done=self.show_details,
        )

    def show_details(self, record: DossierRecord) -> DossierDetailsDialog:
        from desk_app.gui.details import DossierDetailsDialog

        dialog = DossierDetailsDialog(record, self.shell, self)
        dialog.changed.connect(lambda _record: self.model.refresh())
        dialog.show()
        return dialog

    def reprint_selected(self) -> None:
        code = self.selected_code()
        if code is None:
            self.shell.messages.error(_t("Chọn một hồ sơ trong danh sách để in lại biên nhận."), self)
            return
        self.shell.printing.print_receipt(code, self)

    def open_intake(self) -> IntakeDialog:
        """F2: the walk-in intake screen (one at a time)."""
        from desk_app.gui.intake import IntakeDialog

        return self._open_screen("intake", IntakeDialog)  # type: ignore[return-value]

    def open_mailin(self) -> MailInDialog:
        """F6: the mail-in screen: a postal handover record, then its dossiers one after another."""
        from desk_app.gui.mailin import MailInDialog

        return self._open_screen("mailin", MailInDialog)  # type: ignore[return-value]

    def open_batch(self) -> QWidget:
        """F8: scan a stack with cover sheets; its pages are filed into their dossiers."""
        from desk_app.gui.batch import BatchDialog

        dialog = BatchDialog(self.shell, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filed.connect(lambda _batch: self.model.refresh())
        dialog.show()
        return dialog

    def _open_screen(self, attr: str, kind: Callable[[Shell, QWidget], EntryDialog]) -> EntryDialog:
        # A closed screen is kept and reused, never deleted: deleting one under its Python wrappers made a
        # later garbage collection crash (PySide 6.11, seen in the mail-in tests).
        screen = getattr(self, attr)
        if screen is None:
            screen = kind(self.shell, self)
            screen.saved.connect(lambda _received: self.list.show_today())
            setattr(self, attr, screen)
        screen.show()
        screen.raise_()
        screen.activateWindow()
        return screen

    def edit_print_settings(self) -> None:
        from desk_app.gui.print_settings import PrintSettingsDialog

        dialog = PrintSettingsDialog(self.shell.printing.settings, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            settings = dialog.result_settings()
            settings.save(self.shell.ctx.data_dir)
            self.shell.printing.settings = settings

        dialog.accepted.connect(accepted)
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Wait for running work (a save, a print) so no thread outlives the window."""
        if not self.ready:  # closed while still opening
            super().closeEvent(event)
            return
        if any(screen is not None and screen.saving for screen in (self.intake, self.mailin)):
            self.shell.tasks.wait_idle()
        self.list.timer.stop()
        self.shell.tasks.shutdown()
        super().closeEvent(event)
