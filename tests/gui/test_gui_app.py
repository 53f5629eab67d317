"""run_gui: the first-run set-up, then the counter window; returns when the window is closed."""

from __future__ import annotations

from gui_keys import type_text
from gui_support import STATION_CONFIG, WATCHDOG
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desk_app.bootstrap import initialise_station
from desk_app.config import CONFIG_NAME
from desk_app.gui.app import run_gui
from desk_app.gui.main_window import MainWindow
from desk_app.gui.setup_dialog import SetupDialog


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


def test_run_gui_opens_an_initialised_station(qtbot, tmp_path):
    initialise_station(tmp_path / "s", STATION_CONFIG).close()
    seen: list[str] = []
    _close_main_window_when_shown(seen)
    assert run_gui(tmp_path / "s") == 0
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
