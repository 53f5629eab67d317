"""The window's daily upkeep: the automatic backup is written, the not-synced warning stands."""

from __future__ import annotations

from datetime import timedelta

from gui_support import save_screen

from desk_app.gui.main_window import MainWindow
from desk_app.services.backup import daily_backup_folder


def test_upkeep_backs_up_and_warns_when_not_synced_for_days(qtbot, station, main_window: MainWindow):
    ctx = station.ctx
    with ctx.uow(write=True) as uow:  # as if set up ten days ago and never synced since
        set_up = ctx.clock() - timedelta(days=10)
        uow.meta.set("initialised_at", set_up.isoformat())
        uow.commit()
    assert not main_window.warning_label.isVisible()
    main_window.run_upkeep()
    main_window.shell.tasks.wait_idle()
    text = main_window.warning_label.text()
    assert main_window.warning_label.isVisible() and "chưa đồng bộ" in text and "(10 ngày)" in text
    assert len(list(daily_backup_folder(ctx).glob("auto-*.zip.age"))) == 1
    save_screen("status_bar_not_synced", main_window)
