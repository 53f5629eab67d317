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

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from desk_app.domain.accounts import Permission
from desk_app.gui.dossier_list import DossierList
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.uiloader import child, load_form
from desk_app.sync.policy import officer_text

log = logging.getLogger("desk_app.gui.main_window")

if TYPE_CHECKING:  # the heavy modules (SQLAlchemy, reportlab) load after the window is shown
    from desk_app.domain.accounts import User
    from desk_app.domain.records import DossierRecord
    from desk_app.gui.dashboard import DashboardDialog
    from desk_app.gui.details import DossierDetailsDialog
    from desk_app.gui.dossier_model import DossierTableModel
    from desk_app.gui.entry import EntryDialog
    from desk_app.gui.id_scanner import SerialIdScanner
    from desk_app.gui.idle import IdleWatch
    from desk_app.gui.intake import IntakeDialog
    from desk_app.gui.login import LoginPanel
    from desk_app.gui.mailin import MailInDialog
    from desk_app.gui.shell import Shell
    from desk_app.services.upkeep import Upkeep
    from desk_app.sync.worker import SyncReport, SyncStatus


@dataclass
class Parked:
    """What a user had open when the window was locked: kept hidden until the same user unlocks."""

    intake: IntakeDialog | None = None
    mailin: MailInDialog | None = None
    windows: list[QWidget] = field(default_factory=list)


UPKEEP_DELAY_MS = 3_000  # after the first log-in, once the list has loaded
UPKEEP_EVERY_MS = 3_600_000  # then every hour (the backup itself is once a day)


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """One station's counter window.

    Built in two steps so that it shows at once: ``MainWindow()`` is the window with its layout and a
    "opening" status; :meth:`attach` gives it the open station (the list, search and actions come alive).
    ``MainWindow(shell)`` does both.
    """

    shell: Shell
    _syncing: bool

    def __init__(self, shell: Shell | None = None) -> None:
        super().__init__()
        self.setWindowTitle(_t("Tiếp nhận hồ sơ"))
        self.pages = QStackedWidget(self)
        self.form = load_form("main_window.ui", self.pages)
        self.pages.addWidget(self.form)
        self.setCentralWidget(self.pages)
        self.login: LoginPanel | None = None
        self.idle: IdleWatch | None = None
        self.parked: dict[str, Parked] = {}
        self.login_hint = ""
        self._list_attached = False
        self._upkeep_on = False
        self._warnings: dict[str, str] = {}
        self.list = DossierList(self.form, self)
        self.search, self.table, self.count_label = self.list.search, self.list.table, self.list.count_label
        self.day_edit, self.all_days = self.list.day_edit, self.list.all_days
        self.intake: IntakeDialog | None = None
        self.mailin: MailInDialog | None = None
        self.dashboard: DashboardDialog | None = None
        self.id_scanner: SerialIdScanner | None = None
        self.id_scanner_problem = ""
        self._build_actions()
        self._build_status_bar()
        self._connect_widgets()
        fit_to_screen(self, 1366, 768)
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
        """True once the station is attached and somebody is logged in (the list, search and actions work)."""
        return hasattr(self, "shell") and self.shell.session.user is not None

    @property
    def locked(self) -> bool:
        """The login panel is showing (nobody logged in, or the idle lock)."""
        return self.login is not None and self.pages.currentWidget() is self.login

    def attach(self, shell: Shell) -> None:
        """Give the window its open station; the counter comes alive once somebody is logged in."""
        from desk_app.gui.idle import IdleWatch
        from desk_app.gui.login import LoginPanel

        self.shell = shell
        cfg = shell.ctx.config
        self.setWindowTitle(
            _t("Tiếp nhận hồ sơ — %1, bàn %2")
            .replace("%1", cfg.station.agency_name)
            .replace("%2", str(cfg.station.desk))
        )
        self.login = LoginPanel(shell.ctx, shell.tasks, self.pages, hint=self.login_hint)
        self.login.logged_in.connect(self.enter)
        self.pages.addWidget(self.login)
        self.idle = IdleWatch(cfg.safety.idle_lock_minutes * 60, self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        from desk_app.services.upkeep import startup_check

        shell.tasks.run(partial(startup_check, shell.ctx), name="startup-check", owner=self,
                        on_done=self._checked)  # fmt: skip
        user = shell.session.user
        if user is None:
            self.station_label.setText(_t("Chưa đăng nhập"))
            self.pages.setCurrentWidget(self.login)
            self.login.ask()
        else:
            self.enter(user)

    def enter(self, user: User) -> None:
        """``user`` logged in (or unlocked): the counter is theirs, with what they had left open."""
        self.shell.session.user = user
        cfg = self.shell.ctx.config
        text = _t("%1 — bàn %2 — cán bộ: %3").replace("%1", cfg.station.agency_name)
        self.station_label.setText(text.replace("%2", str(cfg.station.desk)).replace("%3", user.display_name))
        if not self._list_attached:
            self._list_attached = True
            self.list.attach(self.shell)
            self.shell.with_catalogue(lambda _cat: None, owner=self)  # warm it for the intake screen
        if self._upkeep_on and not self.upkeep_timer.isActive():
            self._start_timers()
        self.pages.setCurrentWidget(self.form)
        self.form.setEnabled(True)
        for act in self.actions():
            supervisors = (self.audit_action, self.dashboard_action)
            act.setEnabled(act not in supervisors or user.may(Permission.READ_AUDIT))
        parked = self.parked.pop(user.username, Parked())
        self.intake, self.mailin = parked.intake, parked.mailin
        for window in parked.windows:
            window.show()
            if type(window).__name__ == "DashboardDialog":
                self.dashboard = window  # type: ignore[assignment]
        if self.idle is not None:
            self.idle.start()
        self._start_id_scanner()
        if not parked.windows:
            self.search.setFocus()

    def lock(self, reason: str = "manual") -> None:
        """Ctrl+L (from any of the counter's windows), or idle: hide everything of the user's (their
        unsaved intake is kept as it is, for them only) and show the login panel, which says why. Whoever
        logs in next gets an empty counter unless it is the same user; nobody quits until somebody has."""
        from desk_app.services.accounts import record_lock

        user = self.shell.session.user if hasattr(self, "shell") else None
        if user is None or self.login is None:
            return
        windows = [w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible() and
                   self._owns(w)]  # fmt: skip
        for window in windows:
            window.hide()
        if self.intake is not None or self.mailin is not None or windows:  # something of theirs to keep
            self.parked[user.username] = Parked(self.intake, self.mailin, windows)
        self.intake = self.mailin = self.dashboard = None
        self.shell.session.user = None
        if self.idle is not None:
            self.idle.stop()
        self.search.clear()
        self.form.setEnabled(False)
        for act in self.actions():  # not even Thoát: quitting would drop the kept intake
            act.setEnabled(False)
        self.station_label.setText(_t("Đã khóa"))
        self.pages.setCurrentWidget(self.login)
        self.login.ask_unlock(user, reason)
        self.shell.tasks.run(partial(record_lock, self.shell.ctx, user, reason), name="record-lock")

    # --- the card scanner in serial mode ------------------------------------------------------------
    def _start_id_scanner(self) -> None:
        """Open ``[id_scanner] port`` once somebody is logged in (nothing to do in keyboard mode)."""
        from desk_app.gui.id_scanner import SerialIdScanner

        cfg = self.shell.ctx.config.id_scanner
        if not cfg.port or self.id_scanner is not None:
            return
        self.id_scanner = SerialIdScanner(cfg.port, cfg.baud, self)
        self.id_scanner.scanned.connect(self.take_scan)
        self.id_scanner.failed.connect(self._id_scanner_failed)
        if self.id_scanner.open():
            self.show_warning("id_scanner", "")

    def _id_scanner_failed(self, message: str) -> None:
        self.id_scanner_problem = message
        self.show_warning("id_scanner", message)

    def open_id_scanner_test(self) -> QWidget:
        """Cài đặt → "Máy quét thẻ căn cước…": the mode in use and a field to scan a test card into."""
        from desk_app.gui.id_scanner_dialog import IdScannerDialog

        dialog = IdScannerDialog(self.shell.ctx.config.id_scanner, self.id_scanner_problem, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def take_scan(self, payload: str) -> None:
        """What the serial scanner read, to the screen that is open: the intake or mail-in screen (the
        active one first) fills its applicant; on the main window a receipt's code opens that dossier and a
        card opens the intake screen filled. Nothing while the screen is locked."""
        from desk_app.domain.codes import looks_like_dossier_code
        from desk_app.domain.identity import looks_like_citizen_qr

        if not self.ready:
            return
        active = QApplication.activeWindow()
        take = getattr(active, "take_scan", None) if active is not self else None
        if callable(take):  # the intake or mail-in screen, the scanner's test dialog
            take(payload)
            return
        if active is not None and active is not self and self._owns(active):  # another dialog in front:
            focus = active.focusWidget()  # what was read goes where the cursor is, as a wedge would type it
            if isinstance(focus, QLineEdit) and not focus.isReadOnly():
                focus.insert(payload)
            else:
                self.show_warning("id_scanner", _t("Máy quét đọc được một mã khi đang mở một hộp thoại khác: "
                                                   "đóng hộp thoại rồi quét lại."))  # fmt: skip
            return
        screens = [s for s in (self.intake, self.mailin) if s is not None and s.isVisible()]
        if screens and looks_like_citizen_qr(payload):
            screens[0].take_scan(payload)
        elif looks_like_citizen_qr(payload):
            self.open_intake().take_scan(payload)
        elif looks_like_dossier_code(payload.strip()):
            self.open_dossier(payload.strip())
        else:
            self.show_warning("id_scanner", _t("Máy quét đọc được một mã không phải thẻ căn cước hay "
                                               "giấy biên nhận: %1").replace("%1", payload[:40]))  # fmt: skip

    def _unsaved_parked(self) -> bool:
        """A locked user's intake or mail-in screen holds typed work (closing would lose it)."""
        screens = [s for p in self.parked.values() for s in (p.intake, p.mailin) if s is not None]
        return any(screen.is_dirty() for screen in screens)

    def start_upkeep(self) -> None:
        """The running app (not the tests' windows) does the daily upkeep: a few seconds after the first
        log-in, then every hour."""
        self._upkeep_on = True
        if self.ready and not self.upkeep_timer.isActive():
            self._start_timers()

    def _start_timers(self) -> None:
        self.upkeep_timer.start()
        QtCore.QTimer.singleShot(UPKEEP_DELAY_MS, self.run_upkeep)
        self.sync_timer.start(self.shell.ctx.config.sync.interval_seconds * 1000)
        QtCore.QTimer.singleShot(UPKEEP_DELAY_MS // 2, self.run_sync)

    def run_sync(self, now_all: bool = False) -> None:
        """Send what is queued to the central server, off the GUI thread; the status bar says how it went."""
        from desk_app.sync.worker import sync_round

        if not self.ready or self._syncing:
            return
        self._syncing = True
        self.shell.tasks.run(partial(sync_round, self.shell.ctx, now_all), name="sync", owner=self,
                             on_done=self._synced, on_error=lambda exc: self._sync_failed(exc.message),
                             on_finished=self._sync_finished)  # fmt: skip

    def retry_sync(self) -> None:
        """ "Gửi lại ngay": records waiting out a backoff, and those that needed attention, go now."""
        from desk_app.sync.worker import retry_now

        self.shell.tasks.run(partial(retry_now, self.shell.ctx), name="retry-now", owner=self,
                             on_error=lambda exc: self.show_warning("sync", exc.message),
                             on_done=lambda _n: self.run_sync(now_all=True))  # fmt: skip

    def _sync_finished(self) -> None:
        self._syncing = False

    def _sync_failed(self, message: str) -> None:
        self.sync_label.setText(_t("Đồng bộ: lỗi"))
        self.sync_label.setToolTip(message)

    def _synced(self, outcome: tuple[SyncReport | None, SyncStatus]) -> None:
        report, status = outcome
        if report is not None and report.feed is not None:
            if report.feed.applied or report.feed.reference:
                self.model.refresh()  # results ready, supplements requested: the list shows them
            if report.feed.reference:  # a new catalogue or calendar: the open screens use it at once
                self.shell.reference_changed()
            if report.feed.skipped:
                text = _t("Có cập nhật từ máy chủ không áp dụng được (xem Nhật ký hệ thống): %1")
                self.show_warning("changes", text.replace("%1", "; ".join(report.feed.skipped[:3])))
        if report is not None and report.offline is None:  # a round that reached the server says it anew
            self.show_warning("audit", report.audit_problem or "")
        if not status.enrolled:
            self.sync_label.setText(_t("Đồng bộ: trạm chưa đăng ký máy chủ"))
            self.sync_label.setToolTip(_t("IT đăng ký trạm bằng lệnh desk-app enroll"))
            return
        online = report is not None and report.offline is None
        waiting = status.counts.get("queued", 0) + status.counts.get("sending", 0)
        last = status.last_synced_at.strftime("%H:%M %d/%m") if status.last_synced_at else _t("chưa có")
        text = (_t("Đồng bộ: trực tuyến") if online else _t("Đồng bộ: ngoại tuyến")) + " — "
        text += _t("%1 chờ gửi — lần cuối %2").replace("%1", str(waiting)).replace("%2", last)
        attention = status.counts.get("attention", 0)
        if attention:
            text += " — " + _t("%1 cần xử lý").replace("%1", str(attention))
        self.sync_label.setText(text)
        lines = [f"{item['ref']}: {officer_text(str(item['last_error']))}" for item in status.attention[:5]]
        if report is not None and report.offline:
            log.info("sync offline: %s", report.offline)  # the raw reason, for IT
            lines.insert(0, officer_text(report.offline))
        self.sync_label.setToolTip("\n".join(lines))

    def run_upkeep(self) -> None:
        """The daily backup, the retention of old scans and the sync check, off the GUI thread."""
        from desk_app.services.upkeep import daily_upkeep

        if not self.ready:
            return
        work = partial(daily_upkeep, self.shell.ctx)
        self.shell.tasks.run(work, name="upkeep", owner=self, on_done=self._upkept,
                             on_error=lambda exc: self.show_warning("upkeep", exc.message))  # fmt: skip

    def _checked(self, problem: str | None) -> None:
        """The start-up check of the DB found a problem: say so, in the status bar and in a box."""
        if problem:
            self.show_warning("database", problem)
            self.shell.messages.error(problem, self)

    def _upkept(self, done: Upkeep) -> None:
        if done.db_problem:
            self._checked(done.db_problem)
        self.show_warning("upkeep", "")
        self.show_warning("sync", done.sync_warning or "")

    def show_warning(self, source: str, text: str) -> None:
        """A standing warning in the status bar, by source (the DB check, not synced for days, the
        automatic backup failed); an empty text clears that source's."""
        self._warnings[source] = text
        shown = " ".join(t for t in self._warnings.values() if t)
        self.warning_label.setText(shown)
        self.warning_label.setVisible(bool(shown))

    def _owns(self, window: QWidget) -> bool:
        parent = window.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

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
        self.id_scanner_action = action(_t("Máy quét &thẻ căn cước…"), None, self.open_id_scanner_test)
        self.lock_action = action(_t("&Khóa màn hình"), "Ctrl+L", lambda: self.lock("manual"))
        self.lock_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)  # every window
        self.audit_action = action(_t("&Nhật ký hệ thống…"), None, self.open_audit)
        self.accounts_action = action(_t("&Tài khoản và mật khẩu…"), None, self.open_accounts)
        self.retry_sync_action = action(_t("&Gửi lại ngay lên máy chủ"), None, self.retry_sync)
        self.outbox_action = action(_t("&Hàng đợi đồng bộ…"), None, self.open_outbox)
        self.dashboard_action = action(_t("Thống &kê tiếp nhận…"), "F9", self.open_dashboard)
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
        dossier.addAction(self.lock_action)
        dossier.addAction(self.quit_action)
        view = bar.addMenu(_t("&Xem"))
        view.addAction(self.search_action)
        view.addAction(self.refresh_action)
        view.addAction(self.outbox_action)
        view.addAction(self.dashboard_action)
        settings = bar.addMenu(_t("&Cài đặt"))
        settings.addAction(self.print_settings_action)
        settings.addAction(self.id_scanner_action)
        settings.addAction(self.audit_action)
        settings.addAction(self.accounts_action)
        settings.addAction(self.retry_sync_action)

    def _build_status_bar(self) -> None:
        self.station_label = QLabel(_t("Đang mở bàn tiếp nhận…"))
        self.station_label.setContentsMargins(8, 0, 0, 0)  # off the window's edge
        self.statusBar().addWidget(self.station_label, 1)
        self.warning_label = QLabel("")
        self.warning_label.setObjectName("warningLabel")
        self.warning_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()
        self.statusBar().addWidget(self.warning_label, 2)
        self.sync_label = QToolButton()  # flat: reads as the status text; a click opens the outbox view
        self.sync_label.setObjectName("syncLabel")
        self.sync_label.setAutoRaise(True)
        self.sync_label.clicked.connect(self.open_outbox)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync_timer = QtCore.QTimer(self)
        self.sync_timer.timeout.connect(self.run_sync)
        self._syncing = False
        self.upkeep_timer = QtCore.QTimer(self)
        self.upkeep_timer.setInterval(UPKEEP_EVERY_MS)
        self.upkeep_timer.timeout.connect(self.run_upkeep)
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
            partial(get_dossier, self.shell.ctx, self.shell.user, code),
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
            screen.saved.connect(lambda received: self._saved_here(received.dossier.code))
            setattr(self, attr, screen)
        screen.show()
        screen.raise_()
        screen.activateWindow()
        return screen

    def _saved_here(self, code: str = "") -> None:
        """A dossier was saved on this desk: today's list shows it, selected (Ctrl+P reprints it), and an
        open dashboard counts it."""
        self.list.show_today()
        if code:
            self.list.select_when_loaded(code)
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.refresh()

    def open_dashboard(self) -> QWidget:
        """F9 (supervisors): the daily intake dashboard; one window, brought back if already open."""
        from desk_app.gui.dashboard import DashboardDialog

        if self.dashboard is None:
            self.dashboard = DashboardDialog(self.shell, self)
            self.dashboard.open_dossier.connect(self.open_dossier)
        else:
            self.dashboard.refresh()
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()
        return self.dashboard

    def open_accounts(self) -> QWidget:
        """An admin manages the accounts; anyone else changes their own password."""
        from desk_app.gui.accounts import AccountsDialog

        dialog = AccountsDialog(self.shell, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_outbox(self) -> QWidget:
        """The outbox view: what waits to be sent, what the server refused; retry from there."""
        from desk_app.gui.outbox_view import OutboxDialog

        dialog = OutboxDialog(self.shell, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.retry_requested.connect(lambda: self.run_sync(now_all=True))
        dialog.show()
        return dialog

    def open_audit(self) -> QWidget:
        """The supervisor's audit viewer (filters, and a check of the hash chain)."""
        from desk_app.gui.audit_viewer import AuditDialog

        dialog = AuditDialog(self.shell, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def edit_print_settings(self) -> QWidget:
        from desk_app.gui.print_settings import PrintSettingsDialog

        dialog = PrintSettingsDialog(self.shell.printing.settings, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            settings = dialog.result_settings()
            settings.save(self.shell.ctx.data_dir)
            self.shell.printing.settings = settings

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Wait for running work (a save, a print) so no thread outlives the window. A locked window
        that keeps somebody's work does not close: that user logs in first."""
        if self.locked and self._unsaved_parked() and self.login is not None:
            event.ignore()
            self.login.say(_t("Màn hình đang khóa: đăng nhập rồi mới thoát được chương trình."))
            return
        if not self.ready:  # closed while still opening
            super().closeEvent(event)
            return
        screens = [self.intake, self.mailin, *(s for p in self.parked.values() for s in (p.intake, p.mailin))]
        if any(screen is not None and screen.saving for screen in screens):
            self.shell.tasks.wait_idle()
        self.list.timer.stop()
        self.upkeep_timer.stop()
        self.sync_timer.stop()
        if self.idle is not None:
            self.idle.stop()
        if self.id_scanner is not None:
            self.id_scanner.close()
        self.shell.tasks.shutdown()
        super().closeEvent(event)
