"""run_gui: the first-run set-up, then the counter window; returns when the window is closed."""

from __future__ import annotations

from gui_keys import type_text
from gui_support import STATION_CONFIG, WATCHDOG
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.bootstrap import initialise_station
from desk_app.config import CONFIG_NAME
from desk_app.gui.app import run_gui
from desk_app.gui.main_window import MainWindow
from desk_app.gui.setup_dialog import SetupDialog
from tests.actors import OFFICER, TEST_PASSWORD, add_accounts


def _close_main_window_when_shown(seen: list[str]) -> None:
    def check() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.ready
        ]
        if windows:
            timer.stop()
            seen.append(windows[0].windowTitle())
            windows[0].shell.tasks.wait_idle()
            windows[0].close()

    timer = QTimer(QApplication.instance())
    timer.timeout.connect(check)
    timer.start(50)


def _log_in_when_asked(username: str, password: str, attempts: list[str]) -> None:
    """Type ``username`` and ``password`` into the main window's login panel once it asks."""

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        panel = windows[0].login if windows else None
        if panel is None or not windows[0].locked or not panel.username.isVisible() or panel.busy:
            return
        timer.stop()
        attempts.append(panel.title.text())
        type_text(username, panel.username)
        type_text(password, panel.password)
        panel.submit()

    timer = QTimer(QApplication.instance())
    timer.timeout.connect(check)
    timer.start(50)


def test_run_gui_asks_who_logs_in_then_opens_the_station(qtbot, tmp_path):
    station = initialise_station(tmp_path / "s", STATION_CONFIG)
    add_accounts(station.ctx)
    station.close()
    seen: list[str] = []
    asked: list[str] = []
    _log_in_when_asked("canbo", TEST_PASSWORD, asked)
    _close_main_window_when_shown(seen)
    assert run_gui(tmp_path / "s") == 0
    assert asked == ["Đăng nhập"]
    assert seen == ["Tiếp nhận hồ sơ — Công an phường Sài Gòn, bàn 1"]


def test_the_window_shows_before_the_station_opens(qtbot, tmp_path):
    """launch(): the window is on screen (opening, disabled) before the DB opens, then comes alive."""
    from desk_app.gui.app import launch

    initialise_station(tmp_path / "s", STATION_CONFIG).close()
    states: list[tuple[bool, bool]] = []

    def shown() -> None:
        visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        states.append((len(visible) == 1, visible[0].ready if visible else True))

    window, station = launch(tmp_path / "s", interactive=False, on_shown=shown)
    try:
        assert states == [(True, False)]
        window.shell.tasks.wait_idle()
        # the station is open, but nobody has logged in: the login panel, nothing of the counter
        assert window.locked and not window.ready and not window.new_action.isEnabled()
        assert (
            window.login is not None and window.login.title.text() == "Tạo tài khoản quản trị"
        )  # no account yet
        window.enter(OFFICER)
        assert window.ready and window.form.isEnabled() and window.new_action.isEnabled()
        window.shell.tasks.wait_idle()
    finally:
        window.close()
        station.close()


def test_run_gui_first_run_sets_up_the_station(qtbot, tmp_path):
    WATCHDOG["enabled"] = False  # this test fills the modal set-up dialog itself
    data_dir = tmp_path / "new"
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(50, fill)
            return
        dialog.agency_code.setText("G01.79.760.001")
        type_text("Công an phường Sài Gòn", dialog.agency_name)
        dialog.desk.setValue(2)
        dialog.admin_user.setText("quantri")
        dialog.admin_password.setText(TEST_PASSWORD)
        dialog.admin_confirm.setText(TEST_PASSWORD)
        dialog.submit()
        _close_main_window_when_shown(seen)

    QTimer.singleShot(50, fill)
    assert run_gui(data_dir) == 0
    assert (data_dir / CONFIG_NAME).exists()
    assert seen == ["Tiếp nhận hồ sơ — Công an phường Sài Gòn, bàn 2"]


def test_run_gui_cancelled_setup_returns_non_zero(qtbot, tmp_path):
    WATCHDOG["enabled"] = False

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SetupDialog):
            dialog.reject()
        else:
            QTimer.singleShot(50, cancel)

    QTimer.singleShot(50, cancel)
    assert run_gui(tmp_path / "never") == 1
    assert not (tmp_path / "never" / CONFIG_NAME).exists()


def test_the_form_loader_skips_designer_plugins_and_keeps_the_library_paths(qtbot):
    """No Designer plugin (Qt Quick, WebEngine…) is loaded for our stock-widget forms; the paths survive."""
    from PySide6.QtCore import QCoreApplication

    from desk_app.gui import uiloader

    before = QCoreApplication.libraryPaths()
    uiloader._loader = None
    loader = uiloader._get_loader()
    assert loader.pluginPaths() == []
    assert QCoreApplication.libraryPaths() == before and before
    form = uiloader.load_form("main_window.ui")
    qtbot.addWidget(form)
    assert uiloader.child(form, QWidget, "dossierTable") is not None


def test_the_main_window_keys_are_bound(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    keys = {a.text(): a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()}
    assert keys == {
        window.new_action.text(): "F2",
        window.mailin_action.text(): "F6",
        window.batch_action.text(): "F8",
        window.reprint_action.text(): "Ctrl+P",
        window.lock_action.text(): "Ctrl+L",
        window.search_action.text(): "Ctrl+F",
        window.refresh_action.text(): "F5",
        window.dashboard_action.text(): "F9",
        window.quit_action.text(): "Ctrl+Q",
    }
