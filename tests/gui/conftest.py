"""GUI test set-up: offscreen Qt, a fresh station per test, strict checks after each test.

* ``QT_QPA_PLATFORM=offscreen`` is set before any ``QApplication`` exists (pytest-qt creates it lazily).
* After every test: all background tasks must have finished and no task thread may still be running
  (napari-style), no new non-daemon Python thread may be left, and Qt warnings fail the test
  (except the offscreen platform's own notices).
"""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from gui_support import STATION_CONFIG, WATCHDOG
from PySide6.QtCore import QEvent, QTimer, QtMsgType
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desk_app.bootstrap import Station, initialise_station
from desk_app.gui.app import build_main_window, set_language, set_ui_font
from desk_app.gui.main_window import MainWindow
from desk_app.gui.print_settings import FILE_PRINTER, PrintSettings
from desk_app.gui.tasks import ALL_MANAGERS
from tests.actors import OFFICER

#: messages of the offscreen platform that say nothing about our code
BENIGN_QT_MESSAGES = ("This plugin does not support", "QFont::setPointSize")


@pytest.fixture(scope="session", autouse=True)
def _gui_application(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication, set up like the real one: Vietnamese UI and a Vietnamese-capable font."""
    qapp.setApplicationName("desk_app-tests")
    set_ui_font(qapp)
    set_language("vi")
    yield qapp


@pytest.fixture(autouse=True)
def _strict_gui(qtlog: object) -> Iterator[None]:
    threads_before = set(threading.enumerate())
    modal: list[str] = []

    def close_modal() -> None:  # a modal exec() would hang the run: close it and fail the test
        widget = QApplication.activeModalWidget()
        if WATCHDOG["enabled"] and isinstance(widget, QDialog):
            text = widget.text() if isinstance(widget, QMessageBox) else ""
            modal.append(f"{widget.windowTitle()}: {text}")
            widget.reject()

    watchdog = QTimer()
    watchdog.timeout.connect(close_modal)
    watchdog.start(200)
    yield
    watchdog.stop()
    WATCHDOG["enabled"] = True
    assert not modal, f"a modal dialog blocked the test: {modal}"
    for manager in [m for m in ALL_MANAGERS if shiboken6.isValid(m)]:
        assert manager.wait_idle(15_000), "a background task did not finish"
        manager.shutdown()
        assert manager.active_threads == 0, "a task thread is still running after the test"
    left = [t for t in threading.enumerate() if t not in threads_before and t.is_alive() and not t.daemon]
    assert not left, f"threads left running: {left}"
    # Deferred deletes and garbage collection at a quiet point of our choosing, not in the middle of
    # the next test: a Qt wrapper finalised by a random GC run while its C++ side is half torn down
    # is a classic source of crashes in PySide test suites.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()
    records = getattr(qtlog, "records", [])
    bad = [
        r.message
        for r in records
        if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not any(m in r.message for m in BENIGN_QT_MESSAGES)
    ]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    opened = initialise_station(tmp_path / "station", STATION_CONFIG)
    yield opened
    opened.close()


@pytest.fixture
def main_window(qtbot, station: Station) -> Iterator[MainWindow]:
    """The counter window of a fresh station, shown offscreen; receipts go to PDF files (no printer)."""
    window = build_main_window(station, OFFICER)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.shell.printing.settings = PrintSettings(printer=FILE_PRINTER)
    window.show()
    qtbot.waitExposed(window)
    window.shell.tasks.wait_idle()
    yield window
    window.shell.tasks.wait_idle()
    bugs = [m for m in window.shell.messages.history if m.kind == "bug"]
    window.close()
    assert not bugs, f"unexpected errors were reported: {bugs}"
