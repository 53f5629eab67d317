"""Screenshots of the mail-in screen, the dossier view, every action dialog and the list's marks (1366×768).

Saved under test-artifacts/screens/ for review; dialogs are painted centred over what is behind them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gui_data import citizen_qr, s10
from gui_keys import type_text
from gui_support import SCREENS, SIZE, WATCHDOG, beside, save_screen
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from desk_app.domain.calendar import due_date
from desk_app.domain.lifecycle import Action
from desk_app.domain.model import VN_TZ, TimeLimit
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.mailin import open_handover
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER, SUPERVISOR

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=VN_TZ)  # a Monday
DOC = "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"


def test_screenshots_of_the_mail_in_screen(qtbot, station, main_window: MainWindow):
    window = main_window
    ctx = station.ctx
    ctx.clock = lambda: NOW
    mailin = window.open_mailin()
    mailin.resize(*SIZE)
    window.shell.tasks.wait_idle()
    save_screen("mailin_handover", mailin)
    assert not mailin.area.isEnabled() and not mailin.save_button.isEnabled()  # step 2 waits for step 1
    step = mailin.step
    step.number.setText("15/BBGN-BD")
    step.worker.setText("Lê Văn Bưu")
    step.unit.setText("Bưu cục Sài Gòn")
    step.open()
    window.shell.tasks.wait_idle()
    catalogue = window.shell.catalogue
    assert catalogue is not None
    for i in range(3):
        mailin.postal.item.setText(s10(4_200_000 + i))
        mailin.fields.scan.setText(citizen_qr(i))
        mailin.scan_entered()
        mailin.picker.pick(catalogue.get("1.010386"))  # reported by post
        for row in mailin.checklist.rows:
            row.check.setChecked(True)
        mailin.save()
        window.shell.tasks.wait_idle()
    type_text(s10(4_200_003), mailin.postal.item)
    mailin.fields.scan.setText(citizen_qr(3))
    mailin.scan_entered()
    mailin.picker.pick(catalogue.get("1.010386"))
    mailin.checklist.rows[0].check.setChecked(True)
    mailin.postal.fee.setValue(20000)
    mailin.postal.receipt.setText("BL-000123")
    save_screen("mailin_filled", mailin)
    assert mailin.items.rowCount() == 3 and mailin.items.item(2, 0).text() == s10(4_200_002)
    assert mailin.fields.full_name.text() != "" and mailin.postal.fee.value() == 20000

    mailin.postal.item.clear()
    mailin.postal.item.setFocus()
    type_text("EL123456789VN", mailin.postal.item)  # wrong check digit: shown at once
    mailin.save()
    window.shell.tasks.wait_idle()
    save_screen("mailin_s10_error", mailin)
    item_error = mailin.form.findChild(QLabel, "itemError")
    assert beside(item_error, mailin.postal.item) and "EL123456789VN" in item_error.text()  # beside its field
    assert mailin.items.rowCount() == 3  # nothing saved
    mailin.fields.reset()
    mailin.picker.clear()
    mailin.checklist.set_documents(())
    mailin.reject()


def _received_so_that_due_is(ctx, day, limit: TimeLimit) -> datetime:
    """A receipt time whose due date falls on ``day``, the limit counted as the service does."""
    at = datetime.combine(day, NOW.timetz())
    for _ in range(40):
        at -= timedelta(days=1)
        if due_date(at, limit, ctx.calendar, ctx.rules).at.date() == day:
            return at
    raise AssertionError("no receipt day found")


def _walk_in(ctx, i: int, **extra) -> str:
    raw = {"procedure": "1.004222", "citizen_qr": citizen_qr(i), "documents": [{"name": DOC}], **extra}
    return receive_dossier(ctx, OFFICER, raw).dossier.code


def test_screenshots_of_the_dossier_view_and_every_action_dialog(qtbot, station, main_window: MainWindow):
    WATCHDOG["enabled"] = False  # the action dialogs are window-modal
    window = main_window
    ctx = station.ctx
    clock = [NOW - timedelta(days=10)]
    ctx.clock = lambda: clock[0]
    open_handover(ctx, OFFICER, {"number": "15/BBGN", "signed_at": clock[0], "postal_worker": "Lê Văn Bưu"})
    postal = {
        "item_number": s10(4_200_777),
        "handover_record": "15/BBGN",
        "handover_at": clock[0].isoformat(),
        "sender_address": "Số 13 Pasteur, Phường Sài Gòn, TP. Hồ Chí Minh",
        "return_by_post": True,
        "fee_paid": 20000,
        "post_receipt_number": "BL-0012",
    }
    by_post = _walk_in(
        ctx, 3, channel="post", postal=postal, procedure="1.010386"
    )  # residence: never by post
    clock[0] += timedelta(hours=2)
    act(
        ctx,
        SUPERVISOR,
        by_post,
        Action.REQUEST_SUPPLEMENT,
        reason="Thiếu bản sao hợp đồng thuê nhà có công chứng",
    )
    clock[0] += timedelta(days=2)
    act(ctx, SUPERVISOR, by_post, Action.SUPPLEMENTED)
    clock[0] += timedelta(hours=3)
    act(ctx, SUPERVISOR, by_post, Action.TRANSFER)
    clock[0] = NOW
    fresh = _walk_in(ctx, 4)  # received: supplement, transfer, refuse, extend, void
    waiting = _walk_in(ctx, 5)
    act(ctx, SUPERVISOR, waiting, Action.REQUEST_SUPPLEMENT, reason="Thiếu tờ khai CT01")
    moving = _walk_in(ctx, 10)
    act(ctx, SUPERVISOR, moving, Action.TRANSFER)
    ready = _walk_in(ctx, 6)
    act(ctx, SUPERVISOR, ready, Action.TRANSFER)
    act(ctx, SUPERVISOR, ready, Action.RESULT_RECEIVED)
    ready_post = _walk_in(ctx, 7, result_delivery="post")
    act(ctx, SUPERVISOR, ready_post, Action.TRANSFER)
    act(ctx, SUPERVISOR, ready_post, Action.RESULT_RECEIVED)
    limit = TimeLimit(7)
    clock[0] = _received_so_that_due_is(ctx, NOW.date(), limit)
    due_today = _walk_in(ctx, 8)
    clock[0] = _received_so_that_due_is(ctx, NOW.date() - timedelta(days=3), limit)
    overdue = _walk_in(ctx, 9)
    clock[0] = NOW

    window.resize(*SIZE)
    window.all_days.setChecked(True)
    window.shell.tasks.wait_idle()
    save_screen("main_window_marks", window)
    model = window.model
    marks = {model.data(model.index(r, model.DUE)) for r in range(model.rowCount())}
    assert any("quá hạn" in str(m) for m in marks) and any("hôm nay" in str(m) for m in marks)
    window.list.status_combo.setCurrentIndex(window.list.status_combo.findData("received"))
    window.shell.tasks.wait_idle()
    save_screen("main_window_filtered", window)
    assert {window.model.summary(r).status for r in range(window.model.rowCount())} == {"received"}
    window.list.status_combo.setCurrentIndex(0)
    window.shell.tasks.wait_idle()
    behind = window.grab()

    shots: list[str] = []

    def view(code: str, name: str | None = None) -> DossierDetailsDialog:
        details = DossierDetailsDialog(get_dossier(ctx, OFFICER, code), window.shell, window)
        details.resize(1240, 720)
        details.show()
        if name:
            save_screen(name, details, behind)
        return details

    details = view(by_post, "dossier_details_timeline")
    details.close()
    view(overdue, "dossier_details_overdue").close()
    view(due_today, "dossier_details_due_today").close()

    def framed(details: DossierDetailsDialog) -> QPixmap:
        """The screen behind an action dialog: the main window with the dossier view over it."""
        under = details.grab()
        screen = behind.copy()
        painter = QPainter(screen)
        painter.drawPixmap((SIZE[0] - under.width()) // 2, (SIZE[1] - under.height()) // 2, under)
        painter.end()
        return screen

    def dialogs(code: str, suffix: str = "") -> None:
        details = view(code)
        back = framed(details)
        for action in list(details.action_buttons):
            dialog = details.open_action(action)
            name = f"action_{action.value}{suffix}"
            save_screen(name, dialog, back)
            shots.append(name)
            dialog.reject()
        details.close()

    dialogs(fresh)
    dialogs(waiting)
    dialogs(moving, "_transferred")
    dialogs(ready, "_counter")
    dialogs(ready_post, "_post")

    details = view(fresh)  # a refusal from the service, beside its field; then the offer to print
    back = framed(details)
    dialog = details.open_action(Action.REFUSE)
    dialog.submit()
    window.shell.tasks.wait_idle()
    save_screen("action_refuse_error", dialog, back)
    reason_error = dialog.form.findChild(QLabel, "reasonError")
    assert beside(reason_error, dialog.reason) and "Lý do" in reason_error.text()
    dialog.reason.setText("Hồ sơ không thuộc thẩm quyền giải quyết của Công an phường")
    dialog.submit()
    window.shell.tasks.wait_idle()
    save_screen("action_refuse_done", dialog, back)
    dialog.reject()
    details.close()

    expected = {f"action_{a.value}" for a in Action if a not in (Action.RETURN, Action.RESULT_RECEIVED)}
    assert expected <= set(shots), expected - set(shots)
    assert "action_result-received_transferred" in shots
    assert {"action_return_counter", "action_return_post"} <= set(shots)
    assert (SCREENS / "dossier_details_timeline.png").exists()
    assert window.windowState() != Qt.WindowState.WindowMinimized
