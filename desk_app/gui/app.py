"""The GUI entry point: the application object, fonts, translations, first-run set-up, main window.

Nothing happens at import time: :func:`run_gui` does it all, and :func:`build_main_window` gives the
self-test (and the tests) the same window without running an event loop.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from desk_app import config as config_mod
from desk_app.domain.errors import DeskError
from desk_app.gui.i18n import install_translations
from desk_app.gui.main_window import MainWindow
from desk_app.gui.messages import Messenger
from desk_app.locator import resource

if TYPE_CHECKING:  # SQLAlchemy and reportlab load after the window is shown (see launch())
    from desk_app import bootstrap
    from desk_app.domain.accounts import User

log = logging.getLogger("desk_app.gui.app")

#: UI fonts that render Vietnamese, best first (Segoe UI on Windows, Noto/DejaVu on Linux)
UI_FONTS = ("Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial")
_translators: list[QTranslator] = []  # Qt does not own installed translators: keep them alive


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The running ``QApplication``, or a new one set up for the counter (name, locale, font)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("desk_app")
    app.setOrganizationName("desk_app")
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Tiếp nhận hồ sơ"))
    QLocale.setDefault(QLocale("vi_VN"))
    set_ui_font(app)
    return app


def set_ui_font(app: QApplication, point_size: int = 10) -> str:
    """Register the bundled fonts and pick a UI font that has Vietnamese glyphs; return its family."""
    families = set(QFontDatabase.families())
    family = next((f for f in UI_FONTS if f in families), None)
    if family is None:  # no system font known to have Vietnamese: fall back on the bundled ones
        fonts_dir = resource("fonts")
        for path in sorted(fonts_dir.glob("*.ttf")) if fonts_dir.is_dir() else []:
            QFontDatabase.addApplicationFont(str(path))
        families = set(QFontDatabase.families())
        family = next((f for f in (*UI_FONTS, "Liberation Serif") if f in families), app.font().family())
    app.setFont(QFont(family, point_size))
    return family


def set_language(language: str) -> None:
    """Install the translators for ``language`` (removing the previous ones)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language() needs a QApplication")
    while _translators:
        app.removeTranslator(_translators.pop())
    _translators.extend(install_translations(language))
    if language == "en":
        QLocale.setDefault(QLocale("en_US"))


def build_main_window(
    station: bootstrap.Station, user: User | None, *, interactive: bool = False
) -> QMainWindow:
    """The main window of ``station`` (not shown), ``user`` logged in (None: the login panel shows).
    ``interactive=False`` records messages without boxes."""
    from desk_app.gui.shell import build_shell

    ensure_application()
    return MainWindow(build_shell(station, user, interactive=interactive))


def launch(
    data_dir: Path,
    *,
    interactive: bool = True,
    on_shown: Callable[[], None] | None = None,
    user: User | None = None,
    login_hint: str = "",
) -> tuple[MainWindow, bootstrap.Station]:
    """Show the main window at once, then open the station (config, migrations, DB) and attach it; the
    login panel shows unless ``user`` is given (tests, benchmarks) — nobody works without logging in.

    The slow part of start-up — importing SQLAlchemy and reportlab, opening the DB — happens while the
    officer already sees the window saying it is opening. Raises DeskError if the station cannot open.
    """
    app = ensure_application()
    cfg = config_mod.load(data_dir)
    set_language(cfg.counter.language)
    window = MainWindow()
    window.login_hint = login_hint
    window.show()
    app.processEvents()
    if on_shown is not None:
        on_shown()
    from desk_app import bootstrap
    from desk_app.gui.shell import build_shell

    try:
        station = bootstrap.open_station(data_dir)
    except BaseException:
        window.close()
        raise
    window.attach(build_shell(station, user, interactive=interactive))
    return window, station


def first_run_setup(data_dir: Path) -> tuple[bootstrap.Station, User] | None:
    """Show the set-up dialog; the initialised station and its first admin (logged in), or None if
    cancelled."""
    from desk_app.gui.setup_dialog import SetupDialog
    from desk_app.gui.tasks import TaskManager

    messages = Messenger()
    tasks = TaskManager(messages)
    dialog = SetupDialog(data_dir, tasks)
    try:
        dialog.exec()
    finally:
        tasks.shutdown()
    if dialog.station is None or dialog.user is None:
        return None
    return dialog.station, dialog.user


def _show_fatal(message: str) -> None:
    title = QCoreApplication.translate("App", "Không mở được bàn tiếp nhận")
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok)
    box.exec()


def _route_uncaught_exceptions(messages: Messenger, data_dir: Path) -> None:
    """An exception escaping a slot is a bug: log it with its trace, write a crash report without personal
    data in the data directory's ``logs``, and show it once, saying where the report is."""
    from desk_app.crash import write_report

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        try:
            report: Path | None = write_report(data_dir, exc, tb, "giao diện")
        except OSError:
            report = None
        messages.bug(exc, "".join(traceback.format_exception(kind, exc, tb)), report=report)

    sys.excepthook = hook


def run_gui(data_dir: Path, login_hint: str = "") -> int:
    """Open the station in ``data_dir`` (setting it up on first run), ask who logs in, and run the
    counter window. ``login_hint`` (the demo's accounts) is shown on the login panel."""
    app = ensure_application()
    station: bootstrap.Station | None
    try:
        if not (data_dir / config_mod.CONFIG_NAME).exists():
            set_language("vi")
            made = first_run_setup(data_dir)
            if made is None:
                return 1
            station, admin = made
            set_language(station.ctx.config.counter.language)
            window = build_main_window(station, admin, interactive=True)
            assert isinstance(window, MainWindow)
            window.show()
        else:
            window, station = launch(data_dir, login_hint=login_hint)
    except DeskError as exc:
        log.error("cannot open the station: %s", exc.message)
        _show_fatal(exc.message)
        return 1
    from desk_app.logs import log_to_file

    log_to_file(data_dir)
    window.start_upkeep()
    try:
        _route_uncaught_exceptions(window.shell.messages, data_dir)
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        station.close()
