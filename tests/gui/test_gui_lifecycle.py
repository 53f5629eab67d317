"""The dossier view's actions by keyboard: supplement, refusal, extension, returning a scanned receipt."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import shiboken6
import zxingcpp
from gui_data import citizen_qr
from gui_keys import focused, press, scan, type_text
from gui_support import WATCHDOG
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from desk_app.domain.codes import looks_like_dossier_code
from desk_app.domain.lifecycle import Action
from desk_app.domain.model import VN_TZ
from desk_app.gui.actions import ActionDialog
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.forms import write_form
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER, SUPERVISOR

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=VN_TZ)  # a Monday


def walk_in(window: MainWindow, i: int) -> str:
    raw = {
        "procedure": "1.004222",
        "citizen_qr": citizen_qr(i),
        "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "copies": 1}],
    }
    return receive_dossier(window.shell.ctx, OFFICER, raw).dossier.code


@pytest.fixture
def window(qtbot, station, main_window: MainWindow) -> MainWindow:
    """The counter window on a fixed Monday morning, a supervisor logged in; action dialogs are
    window-modal: no watchdog."""
    station.ctx.clock = lambda: NOW
    WATCHDOG["enabled"] = False
    main_window.enter(SUPERVISOR)  # refusals and extensions need a supervisor (four eyes: see below)
    return main_window


def open_details(qtbot, window: MainWindow, code: str) -> DossierDetailsDialog:
    window.open_dossier(code)
    window.shell.tasks.wait_idle()
    details = next(d for d in window.findChildren(DossierDetailsDialog) if d.isVisible())
    details.activateWindow()
    qtbot.waitUntil(details.isActiveWindow)
    return details


def action_dialog(qtbot, details: DossierDetailsDialog, key: Qt.Key) -> ActionDialog:
    """Alt+<mnemonic> on the view opens the action's dialog, ready for typing."""
    press(key, details, Qt.KeyboardModifier.AltModifier)  # a mnemonic animates the click (~100 ms)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in details.findChildren(ActionDialog)))
    dialog = next(d for d in details.findChildren(ActionDialog) if d.isVisible())
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def shown(dialog: ActionDialog, name: str) -> str:
    label = dialog.form.findChild(QLabel, name)
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def finish(qtbot, window: MainWindow, dialog: ActionDialog, *, print_form: bool) -> None:
    """The action is done: Enter prints its form, Esc does not; the dialog closes either way."""
    assert dialog.result_ is not None, shown(dialog, "generalError")
    if not closed(dialog):
        assert focused() is dialog.print_button
        press(Qt.Key.Key_Return if print_form else Qt.Key.Key_Escape)
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: closed(dialog))


def closed(dialog: ActionDialog) -> bool:
    """Closed (and deleted: the dialogs delete themselves on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def offered(details: DossierDetailsDialog) -> set[Action]:
    return set(details.action_buttons)


def test_b_supplement_round_trip_refusal_and_extension_from_the_view(qtbot, window: MainWindow):
    ctx = window.shell.ctx
    forms = ctx.data_dir / "forms"
    first, second, third = (walk_in(window, i) for i in (1, 2, 3))

    details = open_details(qtbot, window, first)
    assert Action.RETURN not in offered(details)  # no result yet: not even offered
    assert Action.RESULT_RECEIVED not in offered(details)
    assert offered(details) == {
        Action.REQUEST_SUPPLEMENT,
        Action.TRANSFER,
        Action.REFUSE,
        Action.STOP,
        Action.EXTEND,
        Action.VOID,
    }
    dialog = action_dialog(qtbot, details, Qt.Key.Key_B)  # Yêu cầu &bổ sung
    assert focused() is dialog.reason
    type_text("Thiếu bản sao hợp đồng thuê nhà có công chứng")
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    assert "Đã yêu cầu bổ sung" in shown(dialog, "doneLabel")
    finish(qtbot, window, dialog, print_form=True)
    assert (forms / f"supplement-{first}.pdf").exists(), window.shell.messages.history
    assert details.record.status == "supplement_requested"
    assert offered(details) == {Action.SUPPLEMENTED, Action.REFUSE, Action.STOP, Action.VOID}

    dialog = action_dialog(qtbot, details, Qt.Key.Key_S)  # Đã bổ &sung
    press(Qt.Key.Key_Return)  # the note is optional
    window.shell.tasks.wait_idle()
    finish(qtbot, window, dialog, print_form=False)
    record = get_dossier(ctx, OFFICER, first)
    assert record.status == "received" and [e.kind for e in record.events][-2:] == [
        "request-supplement",
        "supplemented",
    ]
    assert details.record.status == "received"
    assert Action.RETURN not in offered(details)
    details.close()

    details = open_details(qtbot, window, second)
    dialog = action_dialog(qtbot, details, Qt.Key.Key_T)  # &Từ chối tiếp nhận
    # a refusal ends the dossier: Enter goes back, Alt+T (the button's letter) refuses
    press(Qt.Key.Key_T, modifier=Qt.KeyboardModifier.AltModifier)  # no reason: refused beside the field
    qtbot.waitUntil(lambda: "Lý do là bắt buộc" in shown(dialog, "reasonError"))  # the click is animated
    assert dialog.isVisible() and get_dossier(ctx, OFFICER, second).status == "received"
    type_text("Hồ sơ không thuộc thẩm quyền giải quyết của Công an phường")
    press(Qt.Key.Key_T, modifier=Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown(dialog, "doneLabel") != "")
    window.shell.tasks.wait_idle()
    finish(qtbot, window, dialog, print_form=True)
    assert (forms / f"refusal-{second}.pdf").exists(), window.shell.messages.history
    assert get_dossier(ctx, OFFICER, second).status == "refused"
    assert offered(details) == {Action.VOID}  # a final status
    details.close()

    details = open_details(qtbot, window, third)
    due = details.record.due_at
    dialog = action_dialog(qtbot, details, Qt.Key.Key_G)  # &Gia hạn
    type_text("Cần xác minh thêm tại nơi cư trú cũ")
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.new_due
    new_due = dialog.new_due.date().toPython()
    assert new_due > due.date() and ctx.calendar.is_working_day(new_due)
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    finish(qtbot, window, dialog, print_form=True)
    assert (forms / f"extension-{third}.pdf").exists(), window.shell.messages.history
    record = get_dossier(ctx, OFFICER, third)
    assert record.extended and record.due_at.date() == new_due
    assert Action.EXTEND not in offered(details)  # once per dossier
    assert "(đã gia hạn)" in details.form.findChild(QLabel, "dueValue").text()  # type: ignore[union-attr]
    details.close()


def test_the_timeline_shows_who_when_why_and_the_due_date_change(qtbot, window: MainWindow):
    ctx = window.shell.ctx
    code = walk_in(window, 4)
    act(ctx, SUPERVISOR, code, Action.REQUEST_SUPPLEMENT, reason="Thiếu tờ khai CT01 bản chính")
    act(ctx, SUPERVISOR, code, Action.SUPPLEMENTED)
    details = open_details(qtbot, window, code)
    events = details.form.findChild(QTableWidget, "eventsTable")
    assert events is not None and events.rowCount() == 3
    rows = [[events.item(r, c).text() for c in range(5)] for r in range(3)]  # type: ignore[union-attr]
    assert rows[0][1] == "Tiếp nhận hồ sơ, in giấy biên nhận" and rows[0][2] == OFFICER.display_name
    assert rows[1][1] == "Yêu cầu bổ sung, hoàn thiện hồ sơ" and rows[1][3] == "Thiếu tờ khai CT01 bản chính"
    assert "Thông báo cho công dân chậm nhất ngày" in rows[1][4]
    assert rows[2][1] == "Công dân đã bổ sung hồ sơ" and "→" in rows[2][4]
    assert rows[1][0] == "09:00 16/11/2026"
    details.close()


def decode_receipt(ctx_write: Callable[[Path], object], out_dir: Path) -> list[str]:
    pdf = out_dir / "receipt.pdf"
    ctx_write(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(out_dir / "page")], check=True)
    return [
        b.text for png in sorted(out_dir.glob("page*.png")) for b in zxingcpp.read_barcodes(Image.open(png))
    ]


def test_c_returning_a_result_by_scanning_the_receipt_and_the_keyboard(qtbot, window: MainWindow, tmp_path):
    ctx = window.shell.ctx
    code = walk_in(window, 5)
    act(ctx, SUPERVISOR, code, Action.TRANSFER)
    act(ctx, SUPERVISOR, code, Action.RESULT_RECEIVED)
    window.all_days.setChecked(True)
    window.shell.tasks.wait_idle()
    texts = decode_receipt(lambda pdf: write_form(ctx, OFFICER, "receipt", code, pdf), tmp_path)
    scanned = next(t for t in texts if looks_like_dossier_code(t))
    assert scanned == code

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    scan(scanned)  # the wedge scanner types the code and Enter while the list has the focus
    window.shell.tasks.wait_idle()
    details = next(d for d in window.findChildren(DossierDetailsDialog) if d.isVisible())
    qtbot.waitUntil(details.isActiveWindow)
    button = details.action_buttons[Action.RETURN]
    assert button.isDefault() and focused() is button  # Enter hands the result over
    press(Qt.Key.Key_Return)
    dialog = next(d for d in details.findChildren(ActionDialog) if d.isVisible())
    qtbot.waitUntil(dialog.isActiveWindow)
    applicant = details.record.applicant
    assert focused() is dialog.collected_by  # the applicant by default, editable
    assert (dialog.collected_by.text(), dialog.id_checked.text()) == (
        applicant.full_name,
        applicant.id_number,
    )
    press(Qt.Key.Key_Return)  # confirm
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: closed(dialog))
    record = get_dossier(ctx, OFFICER, code)
    assert record.status == "returned"
    last = record.events[-1]
    assert last.kind == "return" and last.data["collected_by"] == applicant.full_name
    assert details.record.status == "returned" and offered(details) == {Action.VOID}
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.summary(r).code == code)  # type: ignore[union-attr]
    assert (
        window.model.data(window.model.index(row, window.model.STATUS)) == "Đã trả kết quả"
    )  # list refreshed
    details.close()


def test_a_result_returned_by_post_needs_a_valid_outgoing_item(qtbot, window: MainWindow):
    ctx = window.shell.ctx
    raw = {
        "procedure": "1.004222",
        "citizen_qr": citizen_qr(7),
        "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "copies": 1}],
        "result_delivery": "post",
    }
    code = receive_dossier(ctx, OFFICER, raw).dossier.code
    act(ctx, SUPERVISOR, code, Action.TRANSFER)
    act(ctx, SUPERVISOR, code, Action.RESULT_RECEIVED)
    details = open_details(qtbot, window, code)
    dialog = action_dialog(qtbot, details, Qt.Key.Key_K)  # Trả &kết quả
    assert dialog.by_post.isChecked() and focused() is dialog.postal_item  # the dossier asked for post
    type_text("EL123456789VN")
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    assert "sai số kiểm tra" in shown(dialog, "postalItemError")
    assert get_dossier(ctx, OFFICER, code).status == "result_received"
    dialog.postal_item.selectAll()
    type_text("EL123456785VN")
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: closed(dialog))
    record = get_dossier(ctx, OFFICER, code)
    assert record.status == "returned" and record.events[-1].data["postal_item"] == "EL123456785VN"
    details.close()


def test_extension_defaults_to_a_working_day_after_the_due_day(qtbot, window: MainWindow):
    code = walk_in(window, 8)
    details = open_details(qtbot, window, code)
    dialog = action_dialog(qtbot, details, Qt.Key.Key_G)
    due = details.record.due_at.date()
    new = dialog.new_due.date().toPython()
    assert new > due and window.shell.ctx.calendar.is_working_day(new)
    assert dialog.new_due.minimumDate().toPython() == date.fromordinal(due.toordinal() + 1)
    press(Qt.Key.Key_Escape)
    assert closed(dialog) and get_dossier(window.shell.ctx, OFFICER, code).status == "received"
    details.close()


@pytest.mark.parametrize("action", [Action.VOID, Action.REFUSE, Action.STOP])
def test_an_irreversible_action_never_sits_on_enter(qtbot, window: MainWindow, action: Action):
    """Issue 18, part 6: in the void, refusal and stop dialogs Enter goes back; only a click (or the
    button's Alt key) acts."""
    code = walk_in(window, 1)
    details = open_details(qtbot, window, code)
    dialog = details.open_action(action)
    assert dialog.cancel_button.isDefault() and not dialog.ok_button.isDefault()
    assert not dialog.ok_button.autoDefault() and "(Enter" not in dialog.ok_button.text()
    assert dialog.cancel_button.text().startswith("Quay lại, không ")
    type_text("Nhập trùng hồ sơ", dialog.reason)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        press(Qt.Key.Key_Return, dialog.reason)
    window.shell.tasks.wait_idle()
    assert get_dossier(window.shell.ctx, OFFICER, code).status == "received"
    details.close()
