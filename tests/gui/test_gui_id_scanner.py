"""Issue 18, part 2: the chip-card scanner in serial mode (USB-COM/CDC), read with QtSerialPort. A
pseudo-terminal pair stands for the scanner: the test writes the card's bytes to its master side, the
counter reads the slave side as ``[id_scanner] port``. Every wait is for what the window shows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest
from gui_keys import scan
from gui_support import save_screen
from PySide6.QtWidgets import QApplication

from desk_app.config import IdScanner
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.id_scanner import split_payloads
from desk_app.gui.main_window import MainWindow
from desk_app.services.intake import receive_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in

QR = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"
OTHER = "079301001234|025123456|Trần Thị Bích Ngọc|15072001|Nữ|123 Lê Lợi, Phường Bến Thành|01062021"


@pytest.fixture
def scanner(main_window: MainWindow) -> Iterator[int]:
    """The counter reading the slave side of a pseudo-terminal as its card scanner; yields the master fd."""
    master, slave = os.openpty()
    ctx = main_window.shell.ctx
    ctx.config = replace(ctx.config, id_scanner=IdScanner(port=os.ttyname(slave)))
    main_window._start_id_scanner()
    assert main_window.id_scanner is not None and main_window.id_scanner.serial.isOpen()
    yield master
    main_window.id_scanner.close()
    os.close(master)
    os.close(slave)


def test_payloads_split_at_line_ends_and_keep_their_utf8(qtbot) -> None:
    lines, rest = split_payloads(QR.encode() + b"\r\n" + b"\n" + OTHER.encode()[:20])
    assert lines == [QR] and rest == OTHER.encode()[:20]
    lines, rest = split_payloads(b"ab\xffc\r")  # a broken byte: shown as U+FFFD, which the parser refuses
    assert lines == ["ab\ufffdc"] and rest == b""


def test_a_card_on_the_serial_port_fills_the_open_screen_whatever_has_the_focus(
    qtbot, main_window: MainWindow, scanner: int
):
    window = main_window
    os.write(scanner, QR.encode("utf-8") + b"\r\n")  # on the main window: the intake screen opens, filled
    qtbot.waitUntil(lambda: window.intake is not None and window.intake.fields.full_name.text() != "")
    intake = window.intake
    assert intake is not None and intake.isVisible()
    assert (intake.fields.full_name.text(), intake.fields.address.text()) == (
        "Nguyễn Thị Hoa", "Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình")  # fmt: skip
    intake.fields.note.setFocus()  # the cursor is in "Ghi chú", not in the scan field
    os.write(scanner, OTHER.encode("utf-8") + b"\n")  # every Vietnamese letter arrives: raw UTF-8
    qtbot.waitUntil(lambda: intake.fields.full_name.text() == "Trần Thị Bích Ngọc")
    assert intake.fields.id_number.text() == "079301001234" and intake.fields.old_id.text() == "025123456"
    save_screen("intake_serial_scanner", intake)
    intake.fields.reset()
    intake.hide()


def test_a_receipt_code_on_the_serial_port_opens_the_dossier_on_the_main_window(
    qtbot, main_window: MainWindow, scanner: int
):
    window = main_window
    received = receive_dossier(window.shell.ctx, OFFICER, walk_in())
    os.write(scanner, received.dossier.code.encode() + b"\r\n")

    def shown() -> list[DossierDetailsDialog]:
        windows = QApplication.topLevelWidgets()
        return [w for w in windows if isinstance(w, DossierDetailsDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    assert shown()[0].record.code == received.dossier.code
    shown()[0].close()
    os.write(scanner, b"xin chao\r\n")  # neither a card nor a receipt: said in the status bar
    qtbot.waitUntil(lambda: "không phải thẻ căn cước hay giấy biên nhận" in window.warning_label.text())


def test_a_port_that_does_not_open_is_said_in_the_status_bar(qtbot, main_window: MainWindow):
    ctx = main_window.shell.ctx
    ctx.config = replace(ctx.config, id_scanner=IdScanner(port="/dev/ttyACM-khong-co"))
    main_window._start_id_scanner()
    text = main_window.warning_label.text()
    assert "Không mở được cổng /dev/ttyACM-khong-co của máy quét thẻ căn cước" in text
    assert main_window.warning_label.isVisible() and main_window.id_scanner is not None
    assert not main_window.id_scanner.serial.isOpen()


def test_the_scanner_settings_say_the_mode_and_what_a_test_card_brought(qtbot, main_window: MainWindow):
    """Cài đặt → "Máy quét thẻ căn cước…" in keyboard mode: the wedge types into the test field."""
    dialog = main_window.open_id_scanner_test()
    qtbot.waitExposed(dialog)
    assert dialog.mode.text().startswith("Chế độ bàn phím")
    scan(QR, dialog.test)
    said = dialog.outcome.text()
    assert said.startswith("Nhận đủ: Nguyễn Thị Hoa, số định danh 034303011829, sinh ngày 21/03/2003")
    assert "Chữ có dấu nguyên vẹn" in dialog.outcome.text()
    scan("034303011829||Nguyn Th Hoa|21032003|N|Thn Lai n, An Qu|14082021", dialog.test)  # accents lost
    assert dialog.outcome.text().startswith("Máy quét mã QR đang gõ như bàn phím thường nên làm mất chữ")
    save_screen("id_scanner_test_lost_accents", dialog)
    scan("xin chao", dialog.test)
    assert dialog.outcome.text().startswith("Không phải mã QR trên thẻ căn cước")
    dialog.close()


def test_in_serial_mode_the_test_field_takes_what_the_port_reads(
    qtbot, main_window: MainWindow, scanner: int
):
    dialog = main_window.open_id_scanner_test()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.mode.text().startswith("Chế độ cổng nối tiếp: /dev/pts/")
    os.write(scanner, OTHER.encode("utf-8") + b"\r\n")
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Nhận đủ: Trần Thị Bích Ngọc"))
    assert main_window.intake is None  # the test card went to the test, not to an intake
    save_screen("id_scanner_test_serial", dialog)
    dialog.close()


def test_a_card_read_while_another_dialog_is_in_front_opens_no_intake(
    qtbot, main_window: MainWindow, scanner: int
):
    """A dossier's view in front (no scan field of its own): the officer is told to close it, and no
    intake screen opens behind it."""
    window = main_window
    received = receive_dossier(window.shell.ctx, OFFICER, walk_in())
    from desk_app.services.queries import get_dossier

    details = window.show_details(get_dossier(window.shell.ctx, OFFICER, received.dossier.code))
    qtbot.waitExposed(details)
    details.activateWindow()
    qtbot.waitUntil(details.isActiveWindow)
    os.write(scanner, QR.encode("utf-8") + b"\r\n")
    qtbot.waitUntil(lambda: "đang mở một hộp thoại khác" in window.warning_label.text())
    assert window.intake is None
    details.close()
