"""The status bar's sync indicator, against the reference central server on loopback."""

from __future__ import annotations

from gui_support import save_screen

from desk_app.gui.main_window import MainWindow
from desk_app.services.intake import receive_dossier
from desk_app.services.sync import enroll_station
from tests.actors import OFFICER
from tests.central_server import Central
from tests.conftest import walk_in


def test_the_status_bar_says_how_sync_goes(qtbot, station, main_window: MainWindow, tmp_path):
    ctx = station.ctx
    main_window.run_sync()
    main_window.shell.tasks.wait_idle()
    assert main_window.sync_label.text() == "Đồng bộ: trạm chưa đăng ký máy chủ"
    central = Central(tmp_path)
    central.start()
    try:
        enroll_station(ctx, central.url, central.token("bàn 1"))
        receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat()))
        main_window.run_sync()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: trực tuyến — 0 chờ gửi — lần cuối ")
        central.stop()
        receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat(), sets=2))
        main_window.run_sync()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: ngoại tuyến — 2 chờ gửi")  # dossier + event
        assert "ConnectError" in main_window.sync_label.toolTip()
        save_screen("status_bar_sync_offline", main_window)
        central.start()
        main_window.retry_sync()  # "Gửi lại ngay": no waiting out the backoff
        main_window.shell.tasks.wait_idle()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: trực tuyến — 0 chờ gửi")
    finally:
        central.stop()
