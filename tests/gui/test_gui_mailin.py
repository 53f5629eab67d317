"""The mail-in screen, driven by the keyboard: one handover record, then its dossiers one after another."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from gui_data import citizen_qr, person, s10
from gui_keys import commit_text, focused, press, scan, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from desk_app.gui.mailin import MailInDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.printing import safe_name
from desk_app.services.mailin import list_handovers
from desk_app.services.queries import count_dossiers, get_dossier
from tests.actors import OFFICER

HANDOVER = "15/BBGN-BD"
RETURN_ADDRESS = "Hộp thư 58, Bưu cục Bến Thành, TP. Hồ Chí Minh"


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to check the printed handover record")
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return done.stdout


def message(dialog: MailInDialog, name: str) -> str:
    label = dialog.form.findChild(QLabel, name)
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def open_mailin(qtbot, window: MainWindow) -> MailInDialog:
    press(Qt.Key.Key_F6, window.table)
    dialog = window.mailin
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    window.shell.tasks.wait_idle()  # the catalogue
    return dialog


def settle(qtbot, dialog: MailInDialog) -> None:
    """Offscreen quirk: the completer popup's queued activation lands after it hid; give it back."""
    qtbot.wait(20)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def open_handover_by_keyboard(qtbot, window: MainWindow) -> MailInDialog:
    dialog = open_mailin(qtbot, window)
    assert focused() is dialog.step.number  # step 1 first
    type_text(HANDOVER)
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.step.signed  # signed now by default
    press(Qt.Key.Key_Tab)
    commit_text("Lê Văn Bưu")
    press(Qt.Key.Key_Tab)
    commit_text("Bưu cục Sài Gòn")
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    assert dialog.handover is not None and dialog.handover.number == HANDOVER
    assert focused() is dialog.postal.item
    assert "Lê Văn Bưu" in message(dialog, "handoverSummary")
    return dialog


def pick(qtbot, dialog: MailInDialog, text: str, code: str) -> None:
    press(Qt.Key.Key_F4)
    assert focused() is dialog.fields.procedure
    type_text(text)
    press(Qt.Key.Key_Return, dialog.fields.procedure)
    settle(qtbot, dialog)
    assert dialog.procedure is not None and dialog.procedure.code == code


def tick_mandatory_papers(dialog: MailInDialog) -> None:
    wanted = sum(1 for row in dialog.checklist.rows if row.doc.mandatory)
    ticked = 0
    for _ in range(4 * len(dialog.checklist.rows) + 2):
        press(Qt.Key.Key_Tab)
        widget = focused()
        if isinstance(widget, QCheckBox) and widget.accessibleName().endswith("*") and not widget.isChecked():
            press(Qt.Key.Key_Space)
            ticked += 1
            if ticked == wanted:
                return
    raise AssertionError("could not reach the mandatory papers with Tab")


def tab_to(widget: object, limit: int = 12) -> None:
    for _ in range(limit):
        if focused() is widget:
            return
        press(Qt.Key.Key_Tab)
    assert focused() is widget


def type_applicant(i: int) -> None:
    """Type the applicant by hand (a letter with a photocopy of the card): Vietnamese by key or by IME."""
    p = person(i)
    press(Qt.Key.Key_Tab)  # from the QR field to the name
    (type_text if i == 0 else commit_text)(str(p["full_name"]))
    press(Qt.Key.Key_Tab)
    type_text(str(p["id_number"]))
    press(Qt.Key.Key_Tab)
    type_text(p["birth"].strftime("%d/%m/%Y"))  # type: ignore[attr-defined]
    press(Qt.Key.Key_Tab)
    for _ in range(1 if p["sex"] == "Nam" else 2):
        press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Tab)
    commit_text(str(p["address"]))


def test_a_handover_of_20_dossiers_entered_by_keyboard_and_its_record_printed(qtbot, main_window, tmp_path):
    window = main_window
    ctx = window.shell.ctx
    dialog = open_handover_by_keyboard(qtbot, window)
    items = [s10(4_200_000 + 37 * i) for i in range(20)]
    codes: list[str] = []
    for i, item in enumerate(items):
        assert focused() is dialog.postal.item
        scan(item)  # the item's barcode: number and Enter, on to the chip card
        assert message(dialog, "itemError") == ""
        assert focused() is dialog.fields.scan
        if i < 3:
            type_applicant(i)
        else:
            scan(citizen_qr(i))
            assert focused() is dialog.fields.phone
        assert dialog.postal.sender.text() == person(i)["address"]  # the applicant's address by default
        pick(qtbot, dialog, "mat ho chieu" if i % 2 else "1.0103", "1.010386")  # by name or by code
        tick_mandatory_papers(dialog)
        if i == 1:  # a return address of its own, the fee paid at the post office
            tab_to(dialog.postal.return_address)
            commit_text(RETURN_ADDRESS)
            press(Qt.Key.Key_Tab)
            type_text("15000")
            press(Qt.Key.Key_Tab)
            type_text("BL-000123")
        if i == 2:  # the citizen will collect the result at the counter
            tab_to(dialog.postal.by_post)
            press(Qt.Key.Key_Space)
        with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
            press(Qt.Key.Key_F9)
        window.shell.tasks.wait_idle()
        codes.append(saved.args[0].dossier.code)
        assert dialog.fields.full_name.text() == "" and dialog.procedure is None  # ready for the next item
    assert dialog.entered_items() == items
    assert dialog.handover is not None
    assert count_dossiers(ctx, OFFICER, None, channel="post") == 20
    [handover] = list_handovers(ctx, OFFICER)
    assert (handover.number, handover.items, handover.postal_worker) == (HANDOVER, 20, "Lê Văn Bưu")

    first = get_dossier(ctx, OFFICER, codes[0])
    assert first.applicant.full_name == person(0)["full_name"]  # typed key by key
    assert first.channel == "post" and first.received_at == dialog.handover.signed_at
    assert first.postal is not None and first.postal.item_number == items[0]
    assert first.postal.handover_number == HANDOVER
    second = get_dossier(ctx, OFFICER, codes[1])
    assert second.postal is not None and second.postal.return_address == RETURN_ADDRESS
    assert (second.postal.fee_paid, second.postal.post_receipt_number) == (15000, "BL-000123")
    third = get_dossier(ctx, OFFICER, codes[2])
    assert third.postal is not None and not third.postal.return_by_post
    assert third.result_delivery == "counter"
    receipt = pdf_text(ctx.data_dir / "receipts" / f"{codes[1]}.pdf")
    assert "Bến Thành" in receipt  # the window-envelope block carries the return address

    press(Qt.Key.Key_P, focused(), Qt.KeyboardModifier.ControlModifier)  # print the handover record
    window.shell.tasks.wait_idle()
    record = ctx.data_dir / "forms" / f"handover-{safe_name(HANDOVER)}.pdf"
    assert record.exists(), window.shell.messages.history
    text = pdf_text(record)
    missing = [item for item in items if item not in text]
    assert not missing, f"items missing from the printed handover record: {missing}"
    dialog.reject()


def test_an_invalid_item_number_is_refused_beside_the_field_and_nothing_is_saved(qtbot, main_window):
    window = main_window
    ctx = window.shell.ctx
    dialog = open_handover_by_keyboard(qtbot, window)
    type_text("EL123456789VN")  # the S10 check digit of 12345678 is 5
    assert "sai số kiểm tra" in message(dialog, "itemError")  # at once, as typed
    press(Qt.Key.Key_Return)
    assert focused() is dialog.postal.item  # not on to the next field
    dialog.fields.scan.setFocus()
    scan(citizen_qr(4))
    pick(qtbot, dialog, "mat ho chieu", "1.010386")
    tick_mandatory_papers(dialog)
    press(Qt.Key.Key_F9)
    window.shell.tasks.wait_idle()
    assert "sai số kiểm tra" in message(dialog, "itemError")
    assert dialog.postal.item.property("invalid") is True
    assert focused() is dialog.postal.item
    assert count_dossiers(ctx, OFFICER, None) == 0
    assert dialog.entered_items() == []

    dialog.postal.item.selectAll()
    type_text("EL 123 456 785 vn")  # spaces and lower case are normalised
    assert message(dialog, "itemError") == ""
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press(Qt.Key.Key_F9)
    window.shell.tasks.wait_idle()
    assert dialog.entered_items() == ["EL123456785VN"]
    dialog.reject()


def test_a_procedure_not_filed_by_post_is_refused_by_post(qtbot, main_window):
    window = main_window
    dialog = open_handover_by_keyboard(qtbot, window)
    scan(s10(777))
    scan(citizen_qr(6))
    pick(qtbot, dialog, "dang ky thuong tru", "1.004222")  # residence: in person or online only
    assert "không nhận hồ sơ qua bưu chính" in message(dialog, "procedureError")  # told at once
    tick_mandatory_papers_or_first(dialog)
    press(Qt.Key.Key_F9)
    window.shell.tasks.wait_idle()
    assert "không nhận hồ sơ qua bưu chính" in message(dialog, "procedureError")  # and refused on F9
    assert dialog.fields.procedure.property("invalid") is True
    assert count_dossiers(window.shell.ctx, OFFICER, None) == 0
    dialog.fields.reset()  # nothing typed any more: Esc closes without asking
    dialog.picker.clear()
    dialog.checklist.set_documents(())
    press(Qt.Key.Key_Escape, dialog.postal.item)
    assert not dialog.isVisible()


def tick_mandatory_papers_or_first(dialog: MailInDialog) -> None:
    """Tick the first paper (1.004222's declaration)."""
    press(Qt.Key.Key_Tab)
    assert focused() is dialog.checklist.first_widget()
    press(Qt.Key.Key_Space)


def test_step_two_waits_for_the_handover_record(qtbot, main_window):
    dialog = open_mailin(qtbot, main_window)
    assert not dialog.area.isEnabled() and not dialog.save_button.isEnabled()
    press(Qt.Key.Key_Return)  # nothing typed: the record's fields are required
    main_window.shell.tasks.wait_idle()
    text = message(dialog, "handoverError")
    assert "số biên bản" in text and "nhân viên bưu chính" in text
    assert dialog.handover is None and focused() is dialog.step.number
    press(Qt.Key.Key_F9)
    main_window.shell.tasks.wait_idle()  # with every other problem the service finds
    assert "mở biên bản giao nhận" in message(dialog, "handoverError")
    type_text("15/BBGN-BĐ", dialog.step.number)  # printed as a Code128 barcode: ASCII only
    press(Qt.Key.Key_Return, dialog.step.number)
    main_window.shell.tasks.wait_idle()
    assert "chữ không dấu" in message(dialog, "handoverError") and dialog.handover is None
    dialog.step.number.clear()
    press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_closed_screen_keeps_its_delivery_and_ctrl_n_starts_the_next(qtbot, main_window):
    dialog = open_handover_by_keyboard(qtbot, main_window)
    assert dialog.new_button.isEnabled()
    press(Qt.Key.Key_Escape)  # nothing typed for an item: closes at once
    assert not dialog.isVisible()
    main_window.activateWindow()  # what the window manager does when the screen closes (not offscreen)
    qtbot.waitUntil(main_window.isActiveWindow)
    again = open_mailin(qtbot, main_window)
    assert again is dialog and dialog.handover is not None and dialog.handover.number == HANDOVER
    assert HANDOVER in message(dialog, "handoverSummary")

    type_text(s10(1), dialog.postal.item)  # an item being typed: Ctrl+N asks first
    answers = [False, True]
    dialog.confirm_discard = lambda: answers.pop(0)  # type: ignore[method-assign]
    press(Qt.Key.Key_N, dialog.postal.item, Qt.KeyboardModifier.ControlModifier)
    assert dialog.handover is not None and dialog.postal.item.text() == s10(1)  # "keep typing"
    press(Qt.Key.Key_N, dialog.postal.item, Qt.KeyboardModifier.ControlModifier)
    assert answers == []
    assert dialog.handover is None and dialog.postal.item.text() == ""
    assert (
        not dialog.area.isEnabled()
        and not dialog.save_button.isEnabled()
        and not dialog.new_button.isEnabled()
    )
    assert dialog.items.rowCount() == 0 and message(dialog, "handoverSummary") == ""
    assert focused() is dialog.step.number and dialog.step.number.text() == ""
    assert dialog.step.number.isEnabled() and dialog.step.worker.text() == ""

    type_text("16/BBGN-BD")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    commit_text("Trần Thị Phát")
    press(Qt.Key.Key_Return)
    main_window.shell.tasks.wait_idle()
    assert dialog.handover is not None and dialog.handover.number == "16/BBGN-BD"
    assert focused() is dialog.postal.item
    numbers = [h.number for h in list_handovers(main_window.shell.ctx, OFFICER)]
    assert sorted(numbers) == [HANDOVER, "16/BBGN-BD"]
