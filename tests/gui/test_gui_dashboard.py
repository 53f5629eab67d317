"""The supervisor's dashboard: figures at a glance, drilling into one, refresh on save, officers kept out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from gui_support import save_screen
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton, QTableWidget

from desk_app.domain.lifecycle import Action
from desk_app.gui.app import build_main_window
from desk_app.gui.dashboard import DashboardDialog, DossierListDialog
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from tests.actors import OFFICER, SUPERVISOR, add_accounts
from tests.conftest import FIXED_NOW, Clock, walk_in


@pytest.fixture
def supervisor_window(qtbot, station) -> Iterator[MainWindow]:
    """A supervisor's window on Friday 20/11/2026 10:00 (a fixed clock: "earlier today" is always today)."""
    add_accounts(station.ctx)
    station.ctx.clock = Clock(FIXED_NOW)
    window = build_main_window(station, SUPERVISOR)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.shell.tasks.wait_idle()
    yield window
    window.shell.tasks.wait_idle()
    window.close()


def _receive(ctx, i: int, hours_ago: float = 1.0, **extra) -> str:
    raw = walk_in(received_at=(ctx.clock() - timedelta(hours=hours_ago)).replace(microsecond=0).isoformat(),
                  **extra)  # fmt: skip
    raw["applicant"] = {**raw["applicant"], "id_number": f"07909000{i:04d}"}  # type: ignore[dict-item]
    return receive_dossier(ctx, OFFICER, raw).dossier.code


def _tile(dialog: DashboardDialog, figure: str) -> int:
    return int(dialog.values[figure].text().replace(".", ""))


def test_todays_figures_drill_down_and_refresh_on_save(qtbot, supervisor_window: MainWindow):
    window, ctx = supervisor_window, supervisor_window.shell.ctx
    codes = [_receive(ctx, i, hours_ago=1 + i * 0.4) for i in range(5)]
    act(ctx, SUPERVISOR, codes[0], Action.REFUSE, reason="Không thuộc thẩm quyền")
    window.dashboard_action.trigger()
    window.shell.tasks.wait_idle()
    dialog = window.dashboard
    assert isinstance(dialog, DashboardDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.figures is not None)
    assert _tile(dialog, "received") == 5 and _tile(dialog, "walk_in") == 5 and _tile(dialog, "refused") == 1
    assert _tile(dialog, "unsynced") == 5 and _tile(dialog, "post") == 0
    assert dialog.procedures.rowCount() == 1 and dialog.procedures.item(0, 1).text() == "5"
    assert dialog.officers.item(0, 0).text() == OFFICER.display_name
    save_screen("dashboard_today", dialog)

    dialog.tiles["refused"].click()  # drill down: the refused dossier, then the dossier itself
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: dialog.findChild(DossierListDialog) is not None)
    listing = dialog.findChild(DossierListDialog)
    table = listing.findChild(QTableWidget, "dossiersTable")
    assert table.rowCount() == 1 and table.item(0, 0).text() == codes[0]
    save_screen("dashboard_drill_refused", listing)
    table.cellActivated.emit(0, 0)
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: any(isinstance(w, DossierDetailsDialog) and w.isVisible()
                                for w in window.findChildren(DossierDetailsDialog)))  # fmt: skip
    listing.close()

    _receive(ctx, 9, hours_ago=0.1)  # saved on this desk (the intake screen calls this): the figures follow
    window._saved_here()
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: _tile(dialog, "received") == 6)

    dialog.tiles["received"].setFocus()  # keyboard: Tab moves between tiles, Enter opens the list
    qtbot.keyClick(dialog.tiles["received"], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.tiles["walk_in"]
    qtbot.keyClick(dialog.tiles["walk_in"], Qt.Key.Key_Space)
    window.shell.tasks.wait_idle()
    titles = lambda: {d.windowTitle() for d in dialog.findChildren(DossierListDialog)}  # noqa: E731
    qtbot.waitUntil(lambda: "Trực tiếp tại quầy" in titles())


def test_an_empty_range_says_so_and_officers_cannot_open_it(qtbot, main_window: MainWindow, station):
    assert not main_window.dashboard_action.isEnabled()  # an officer's session
    add_accounts(station.ctx)
    dialog = DashboardDialog(main_window.shell, main_window)
    qtbot.addWidget(dialog)
    main_window.shell.tasks.wait_idle()
    assert dialog.outcome.text().startswith("Tài khoản cán bộ tiếp nhận không được xem thống kê")
    dialog.close()


def test_the_dashboard_of_a_month_at_1366x768(qtbot, supervisor_window: MainWindow):
    window, ctx = supervisor_window, supervisor_window.shell.ctx
    for i in range(12):
        _receive(ctx, i, hours_ago=24 * (i % 6) + 2 + i % 5)
    window.open_dashboard()
    dialog = window.dashboard
    assert dialog is not None
    dialog.findChild(QPushButton, "monthButton").click()
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.figures.start.day == 1)
    assert dialog.figures.received == 12  # 14–20/11: all in November
    dialog.resize(1366, 740)
    save_screen("dashboard_month", dialog)
    dialog.hide()  # closed: kept for next time, and the minute's refresh stops querying
    dialog._tick()
    assert not dialog._loading


def test_a_dashboard_left_open_follows_the_new_day_after_midnight(qtbot, supervisor_window: MainWindow):
    window, ctx = supervisor_window, supervisor_window.shell.ctx
    ctx.clock = Clock(FIXED_NOW.replace(hour=23, minute=59))
    _receive(ctx, 1, hours_ago=0.5)
    window.dashboard_action.trigger()
    window.shell.tasks.wait_idle()
    dialog = window.dashboard
    assert isinstance(dialog, DashboardDialog)
    dialog.show_today()
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.figures.received == 1)
    ctx.clock.now = FIXED_NOW.replace(hour=0, minute=1) + timedelta(days=1)  # Saturday 00:01
    dialog._tick()
    window.shell.tasks.wait_idle()
    saturday = FIXED_NOW.date() + timedelta(days=1)
    assert dialog.range() == (saturday, saturday)
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.figures.start == saturday)
    assert dialog.figures.received == 0

    dialog.start.setDate(QDate(2026, 11, 1))  # the month so far grows with the new day, keeps its start
    window.shell.tasks.wait_idle()
    ctx.clock.now += timedelta(days=1)
    dialog._tick()
    window.shell.tasks.wait_idle()
    assert dialog.range() == (date(2026, 11, 1), saturday + timedelta(days=1))
    ctx.clock.now += timedelta(days=1)
    dialog.end.setDate(QDate(2026, 11, 10))  # a range in the past stays as chosen
    window.shell.tasks.wait_idle()
    dialog._tick()
    assert dialog.range() == (date(2026, 11, 1), date(2026, 11, 10))


def test_the_dashboard_on_a_high_dpi_screen(tmp_path):
    """At twice the pixels (QT_SCALE_FACTOR=2, in its own process) the month still fits a 1366×768
    screen and is drawn at the screen's resolution (the screenshot is 2732 pixels wide)."""
    import os
    import subprocess
    import sys

    from gui_support import SCREENS

    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = SCREENS / "dashboard_month_hidpi.png"
    shot.unlink(missing_ok=True)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": os.pathsep.join((str(root), str(root / "tests" / "gui")))}  # fmt: skip
    out = subprocess.run([sys.executable, str(root / "tests" / "gui" / "hidpi_dashboard.py"),
                          str(tmp_path / "station"), str(shot)], capture_output=True, text=True, env=env,
                         timeout=300, check=True)  # fmt: skip
    ratio, width, height, min_w, min_h, received = out.stdout.split()[-6:]
    assert float(ratio) == 2.0 and (int(width), int(height)) == (1366, 740)
    assert int(min_w) <= 1366 and int(min_h) <= 768 and int(received) > 0
    from PySide6.QtGui import QImage

    assert QImage(str(shot)).width() == 2 * 1366
