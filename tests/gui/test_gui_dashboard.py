"""The supervisor's dashboard: figures at a glance, drilling into one, refresh on save, officers kept out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from gui_support import save_screen
from PySide6.QtCore import Qt
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
