"""Printing receipts: through the real CUPS queue "PDF" (cups-pdf), a missing printer, the preview."""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import time
from pathlib import Path

import pytest
import zxingcpp
from gui_support import WATCHDOG
from PIL import Image
from PySide6.QtPrintSupport import QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QLabel

from desk_app.gui.main_window import MainWindow
from desk_app.gui.print_settings import PrintSettings
from desk_app.gui.printing import FILE_PRINTER, PREVIEWED, load_pdf, page_image
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import count_dossiers
from tests.actors import OFFICER

CUPS_QUEUE = "PDF"
RAW = {
    "procedure": "1.010386",
    "channel": "walk_in",
    "applicant": {
        "full_name": "Nguyễn Thị Hoa",
        "id_number": "034303011829",
        "birth_date": "2003-03-21",
        "sex": "Nữ",
        "address": "Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình",
        "phone": "",
        "email": "",
    },
    "documents": [
        {"name": "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)", "copies": 1, "form": "original"}
    ],
    "sets": 1,
    "fee": None,
    "result_delivery": "counter",
    "note": "",
}


def cups_pdf_out_dirs() -> list[Path]:
    """Where cups-pdf may write: $DESK_APP_CUPS_PDF_OUT, else ``Out`` of cups-pdf.conf for this user."""
    env = os.environ.get("DESK_APP_CUPS_PDF_OUT")
    if env:
        return [Path(env)]
    user = pwd.getpwuid(os.getuid())
    out = "/var/spool/cups-pdf/${USER}"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r"\s*Out\s+(\S.*)$", line)
            if m:
                out = m.group(1).strip()
    expanded = out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)
    return [Path(expanded), Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/var/spool/cups-pdf") / user.pw_name]


def pdfs_in(dirs: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for d in dirs if d.is_dir() for p in d.glob("*.pdf")}


def wait_for_new_pdf(dirs: list[Path], before: dict[Path, float], timeout: float = 120) -> Path:
    """The new PDF cups-pdf wrote, once it is whole (it ends with ``%%EOF``): an observed event, not a
    pause (the timeout only ends a hang)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [p for p, mtime in pdfs_in(dirs).items() if before.get(p) != mtime]
        for path in sorted(new, key=lambda p: p.stat().st_mtime, reverse=True):
            if path.read_bytes().rstrip().endswith(b"%%EOF"):
                return path
        time.sleep(0.05)
    raise AssertionError(f"cups-pdf wrote no whole new PDF in {[str(d) for d in dirs]} within {timeout} s")


def decode(pdf: Path, out_dir: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(out_dir / "page")], check=True)
    pages = sorted(out_dir.glob("page*.png"))
    return [b.text for png in pages for b in zxingcpp.read_barcodes(Image.open(png))]


@pytest.mark.cups
def test_receipt_prints_through_the_real_cups_pdf_queue(qtbot, main_window: MainWindow, tmp_path):
    if CUPS_QUEUE not in QPrinterInfo.availablePrinterNames():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"CI needs the CUPS queue {CUPS_QUEUE!r} (cups-pdf): .ci/run must start cupsd "
                "and create the queue"
            )
        pytest.skip(f"no CUPS queue {CUPS_QUEUE!r} (cups-pdf) on this machine")
    dirs = cups_pdf_out_dirs()
    before = pdfs_in(dirs)
    printing = main_window.shell.printing
    record = receive_dossier(main_window.shell.ctx, OFFICER, RAW).dossier
    printing.settings = PrintSettings(printer=CUPS_QUEUE)
    with qtbot.waitSignal(printing.printed, timeout=60_000) as printed:
        printing.print_receipt(record, main_window)
    assert printed.args == [record.code, CUPS_QUEUE]
    pdf = wait_for_new_pdf(dirs, before)
    assert record.code in decode(pdf, tmp_path)


def test_missing_printer_is_a_clear_message_and_the_dossier_stays_saved(qtbot, main_window: MainWindow):
    ctx = main_window.shell.ctx
    record = receive_dossier(ctx, OFFICER, RAW).dossier
    main_window.shell.printing.settings = PrintSettings(printer="Máy in tầng 2 (đã tháo)")
    main_window.shell.printing.print_receipt(record, main_window)
    main_window.shell.tasks.wait_idle()
    message = main_window.shell.messages.history[-1]
    assert message.kind == "error"
    assert "Không tìm thấy máy in “Máy in tầng 2 (đã tháo)”" in message.text
    assert f"Hồ sơ {record.code} đã được lưu" in message.text and "Ctrl+P" in message.text
    assert "Lưu PDF" in message.text and main_window.shell.messages.offers[-1] is not None
    assert count_dossiers(ctx, OFFICER, None) == 1
    assert not list((ctx.data_dir / "tmp").glob("*.pdf"))


def test_a_failed_receipt_says_so_on_the_intake_screen_and_ctrl_p_or_save_pdf_recovers(
    qtbot, main_window: MainWindow, tmp_path, monkeypatch
):
    """Issue 18, part 6: after F9 with no printer, the intake screen says the receipt was not printed
    and how to get it (no "Đang in…" left standing); "Lưu PDF…" saves it where the officer chooses (the
    Documents folder offered, the whole code in the name); Ctrl+P in the intake window prints it again."""
    from gui_keys import press
    from PySide6.QtCore import Qt

    from desk_app.gui import file_dialogs

    ctx = main_window.shell.ctx
    printing = main_window.shell.printing
    printing.settings = PrintSettings(printer="Máy in tầng 2 (đã tháo)")
    intake = main_window.open_intake()
    qtbot.waitExposed(intake)
    intake.activateWindow()
    qtbot.waitUntil(intake.isActiveWindow)
    main_window.shell.tasks.wait_idle()
    intake.fields.scan.setFocus()
    from gui_keys import scan

    scan("034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021")
    intake.picker.pick(main_window.shell.catalogue.get("1.010386"))
    intake.checklist.rows[0].check.setChecked(True)
    with qtbot.waitSignal(intake.saved, timeout=10_000) as saved:
        press(Qt.Key.Key_F9, intake.fields.phone)
    main_window.shell.tasks.wait_idle()
    code = saved.args[0].dossier.code
    said = intake.form.findChild(QLabel, "resultLabel").text()
    assert f"Đã tiếp nhận hồ sơ mã {code}" in said and "Đang in" not in said
    assert "Chưa in được giấy biên nhận: Không tìm thấy máy in" in said and "Ctrl+P" in said
    message = main_window.shell.messages.history[-1]
    assert message.kind == "error" and "Cài đặt → Cài đặt máy in…" in message.text
    offered = main_window.shell.messages.offers[-1]
    assert offered is not None  # "Lưu PDF…"
    asked: list[str] = []

    def choose(_parent, _title, name, _kinds):  # the officer's choice in the system's save dialog
        asked.append(name)
        return tmp_path / name

    monkeypatch.setattr(file_dialogs, "save_file", choose)
    offered()
    main_window.shell.tasks.wait_idle()
    assert asked == [f"{code}.pdf"] and (tmp_path / f"{code}.pdf").read_bytes().startswith(b"%PDF")
    assert file_dialogs.documents_folder().name in ("Documents", Path.home().name)

    printing.settings = PrintSettings(printer=FILE_PRINTER)  # the printer is back
    press(Qt.Key.Key_P, intake.fields.scan, Qt.KeyboardModifier.ControlModifier)
    main_window.shell.tasks.wait_idle()
    assert (ctx.data_dir / "receipts" / f"{code}.pdf").exists()
    assert "Đã in giấy biên nhận" in intake.form.findChild(QLabel, "resultLabel").text()
    intake.hide()


def test_with_preview_on_and_no_printer_no_preview_hides_the_message(qtbot, main_window: MainWindow):
    ctx = main_window.shell.ctx
    record = receive_dossier(ctx, OFFICER, RAW).dossier
    main_window.shell.printing.settings = PrintSettings(printer="Máy in tầng 2 (đã tháo)", preview=True)
    main_window.shell.printing.print_receipt(record, main_window)
    main_window.shell.tasks.wait_idle()
    assert not [p for p in main_window.findChildren(QPrintPreviewDialog) if p.isVisible()]
    assert "Không tìm thấy máy in" in main_window.shell.messages.history[-1].text
    assert not list((ctx.data_dir / "tmp").glob("*.pdf"))


def test_every_form_of_a_dossier_prints_again_from_its_view(qtbot, main_window: MainWindow):
    from desk_app.domain.lifecycle import Action
    from desk_app.gui.details import DossierDetailsDialog
    from desk_app.services.lifecycle import act
    from desk_app.services.queries import get_dossier
    from tests.actors import SUPERVISOR

    ctx = main_window.shell.ctx
    code = receive_dossier(ctx, OFFICER, RAW).dossier.code
    act(ctx, SUPERVISOR, code, Action.REQUEST_SUPPLEMENT, reason="Thiếu đơn bản chính")
    main_window.shell.printing.settings = PrintSettings(printer=FILE_PRINTER)
    details = main_window.show_details(get_dossier(ctx, OFFICER, code))
    assert isinstance(details, DossierDetailsDialog)
    titles = [a.text() for a in details.forms_menu.actions()]
    assert titles == ["Giấy biên nhận", "Phiếu kiểm soát quá trình giải quyết hồ sơ",
                      "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"]  # fmt: skip
    details.forms_menu.actions()[2].trigger()
    main_window.shell.tasks.wait_idle()
    assert (ctx.data_dir / "forms" / f"supplement-{code}.pdf").read_bytes().startswith(b"%PDF")
    details.close()


def test_preview_first_opens_the_print_preview_and_cleans_up(qtbot, main_window: MainWindow):
    WATCHDOG["enabled"] = False  # the preview is modal on purpose: the watchdog would close it on a slow PC
    ctx = main_window.shell.ctx
    record = receive_dossier(ctx, OFFICER, RAW).dossier
    main_window.shell.printing.settings = PrintSettings(printer=FILE_PRINTER, preview=True)
    with qtbot.waitSignal(main_window.shell.printing.printed, timeout=10_000) as shown:
        main_window.shell.printing.print_receipt(record.code, main_window)
    assert shown.args == [record.code, PREVIEWED]  # the screen says "đang mở trong bản xem trước"
    main_window.shell.tasks.wait_idle()
    previews = main_window.findChildren(QPrintPreviewDialog)
    assert len(previews) == 1 and previews[0].isVisible()
    assert len(list((ctx.data_dir / "tmp").glob("*.pdf"))) == 1
    previews[0].reject()
    qtbot.waitUntil(lambda: not list((ctx.data_dir / "tmp").glob("*.pdf")))


def test_pages_are_composited_on_white(qtbot, main_window: MainWindow, tmp_path):
    from desk_app.services.receipts import write_receipt

    record = receive_dossier(main_window.shell.ctx, OFFICER, RAW).dossier
    pdf = tmp_path / "r.pdf"
    write_receipt(main_window.shell.ctx, OFFICER, record.code, pdf)
    doc = load_pdf(pdf)
    image = page_image(doc, 0, 100)
    doc.close()
    assert not image.hasAlphaChannel()
    assert image.pixelColor(2, 2).name() == "#ffffff"


def test_enter_saves_the_printer_settings(qtbot, main_window: MainWindow):
    """Issue 18, part 6: the settings dialog's "Lưu (Enter)" is its default button."""
    from gui_keys import press
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QRadioButton

    WATCHDOG["enabled"] = False  # the dialog is window-modal
    dialog = main_window.edit_print_settings()
    qtbot.waitExposed(dialog)
    dialog.findChild(QComboBox, "paperCombo").setCurrentIndex(1)  # A4
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press(Qt.Key.Key_Return, dialog.findChild(QRadioButton, "directRadio"))
    assert main_window.shell.printing.settings.a4
