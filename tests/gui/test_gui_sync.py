"""The status bar's sync indicator, against the reference central server on loopback."""

from __future__ import annotations

from gui_support import save_screen
from PySide6.QtWidgets import QLabel

from desk_app.gui.main_window import MainWindow
from desk_app.services.intake import receive_dossier
from desk_app.sync.policy import OFFICER_TEXT, Reason
from desk_app.sync.worker import enroll_station
from tests.actors import ADMIN, OFFICER
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
        enroll_station(ctx, ADMIN, central.url, central.token_for(ctx))
        receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat()))
        main_window.run_sync()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: trực tuyến — 0 chờ gửi — lần cuối ")
        central.stop()
        receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat(), sets=2))
        main_window.run_sync()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: ngoại tuyến — 2 chờ gửi")  # dossier + event
        tip = main_window.sync_label.toolTip()  # in the officer's words; the raw reason goes to the log
        assert tip.startswith("Không kết nối được máy chủ trung tâm") and "Error" not in tip
        save_screen("status_bar_sync_offline", main_window)
        central.start()
        main_window.retry_sync()  # "Gửi lại ngay": no waiting out the backoff
        main_window.shell.tasks.wait_idle()
        main_window.shell.tasks.wait_idle()
        assert main_window.sync_label.text().startswith("Đồng bộ: trực tuyến — 0 chờ gửi")
    finally:
        central.stop()


def test_the_outbox_view_lists_waiting_and_refused_records_and_retries(
    qtbot, station, main_window: MainWindow, tmp_path
):
    from PySide6.QtWidgets import QPushButton, QTableWidget

    from desk_app.gui.outbox_view import OutboxDialog
    from desk_app.sync.worker import sync_once

    ctx = station.ctx
    central = Central(tmp_path)
    central.start()
    try:
        enroll_station(ctx, ADMIN, central.url, central.token_for(ctx))
        first = receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat())).dossier
        sync_once(ctx)
        with ctx.uow(write=True) as uow:  # the server will refuse this one: its content changed after sending
            uow.outbox.conn.exec_driver_sql(
                "UPDATE outbox SET state = 'queued', payload = replace(payload, 'Nguyễn', 'Trần') "
                "WHERE kind = 'dossier'"
            )
            uow.commit()
        central.stop()
        receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat(), sets=2))
        main_window.sync_label.click()  # the status bar's indicator opens the view
        qtbot.waitUntil(lambda: main_window.findChild(OutboxDialog) is not None)
        dialog = main_window.findChild(OutboxDialog)
        main_window.shell.tasks.wait_idle()
        table = dialog.findChild(QTableWidget, "recordsTable")
        cols = range(table.columnCount())
        rows = [[table.item(r, c).text() for c in cols] for r in range(table.rowCount())]
        assert len(rows) == 4  # the first dossier (changed, queued again) and its event; 2 new
        assert [r[2] for r in rows].count("Chờ gửi") == 3 and [r[2] for r in rows].count("Đã gửi") == 1
        assert {r[1] for r in rows} >= {first.code}
        save_screen("outbox_view", dialog)

        central.start()
        dialog.findChild(QPushButton, "retryAllButton").click()
        qtbot.waitUntil(lambda: "Đã đưa" in dialog.outcome.text(), timeout=10000)
        main_window.shell.tasks.wait_idle()
        main_window.shell.tasks.wait_idle()
        dialog.refresh()
        main_window.shell.tasks.wait_idle()
        states = [table.item(r, 2).text() for r in range(table.rowCount())]
        assert states.count("Cần xử lý") == 1 and states.count("Đã gửi") == 3
        refused = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == "Cần xử lý")
        assert table.item(refused, 6).text() == OFFICER_TEXT[Reason.HASH]  # the policy's words
        assert table.item(refused, 6).toolTip().startswith("HTTP 409 hash:")
        assert "1 bản ghi máy chủ từ chối" in dialog.summary.text()
        save_screen("outbox_view_attention", dialog)
        dialog.close()
    finally:
        central.stop()


def test_a_station_not_enrolled_is_told_so_when_it_retries_and_codes_show_whole(
    qtbot, station, main_window: MainWindow
):
    """Issue 18, part 6: "Gửi lại" on a station not enrolled says why nothing can go (it used to say
    "Đã đưa 23 bản ghi vào lượt gửi tiếp theo"); the code column shows each code whole."""
    from PySide6.QtWidgets import QPushButton

    ctx = station.ctx
    code = receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat())).dossier.code
    dialog = main_window.open_outbox()
    main_window.shell.tasks.wait_idle()
    table = dialog.table  # type: ignore[attr-defined]
    assert table.item(0, 1).text() == code
    column = table.columnWidth(1)
    assert column >= table.fontMetrics().horizontalAdvance(code)  # the whole code fits its column
    dialog.findChild(QPushButton, "retryAllButton").click()
    main_window.shell.tasks.wait_idle()
    said = dialog.outcome.text()  # type: ignore[attr-defined]
    assert said.startswith("Trạm chưa đăng ký với máy chủ trung tâm") and "Đã đưa" not in said
    dialog.close()


def test_a_catalogue_published_on_the_server_reaches_the_open_intake_screen(
    qtbot, station, main_window: MainWindow, tmp_path
):
    """Issue 18, part 4: the sync round brings a changed catalogue; the shell reloads it (and the calendar)
    on the GUI thread and the intake screen that is open offers it at once, without a restart."""
    import json

    from desk_app.locator import resource

    ctx = station.ctx
    central = Central(tmp_path)
    central.start()
    try:
        enroll_station(ctx, ADMIN, central.url, central.token_for(ctx))
        intake = main_window.open_intake()
        main_window.shell.tasks.wait_idle()
        intake.picker.pick(main_window.shell.catalogue.get("1.010386"))
        before = intake.form.findChild(QLabel, "procedureName").text()
        catalogue = json.loads(resource("catalogue", "procedures.json").read_text(encoding="utf-8"))
        entry = next(p for p in catalogue["procedures"] if p["code"] == "1.010386")
        entry["name"] += " (cập nhật)"
        catalogue["version"] = int(catalogue.get("version", 1)) + 1
        published = tmp_path / "procedures.json"
        published.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
        assert central.cli("publish", "catalogue", str(published)).returncode == 0
        calendar_before = ctx.calendar
        with qtbot.waitSignal(main_window.shell.changes.catalogue_changed, timeout=20_000):
            main_window.run_sync()
        assert main_window.shell.catalogue.get("1.010386").name == before + " (cập nhật)"
        assert intake.form.findChild(QLabel, "procedureName").text() == before + " (cập nhật)"
        assert intake.procedure is not None and intake.procedure.name.endswith("(cập nhật)")
        assert ctx.calendar is not calendar_before  # reloaded with it, on the GUI thread
        intake.hide()
    finally:
        central.stop()
