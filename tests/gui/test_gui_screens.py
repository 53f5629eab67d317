"""Screenshots of every screen at 1366×768 into test-artifacts/screens/ (git-ignored) for review.

Dialogs smaller than the screen are painted centred over what would be behind them.
"""

from __future__ import annotations

from pathlib import Path

from gui_keys import scan, type_text
from gui_support import SCREENS, SIZE, beside, save_screen
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.messages import Messenger
from desk_app.gui.setup_dialog import SetupDialog
from desk_app.gui.tasks import TaskManager
from desk_app.services.demo import populate
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER

QR = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"


def test_screenshots_of_every_screen(qtbot, station, main_window: MainWindow):
    window = main_window
    ctx = window.shell.ctx
    populate(ctx, 400)
    raw = {
        "procedure": "1.004222",
        "citizen_qr": QR,
        "applicant": {"phone": "0912345678"},
        "documents": [
            {"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "copies": 1, "form": "original"},
            {"name": "Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp", "copies": 1, "form": "copy"},
        ],
    }
    code = receive_dossier(ctx, OFFICER, raw).dossier.code
    window.all_days.setChecked(True)
    window.shell.tasks.wait_idle()
    window.resize(*SIZE)
    window.table.selectRow(0)
    main_png = save_screen("main_window", window)
    assert window.table.selectionModel().hasSelection() and window.model.rowCount() >= 100
    assert window.count_label.text().startswith("Tất cả các ngày")
    behind = window.grab()

    intake = window.open_intake()
    intake.resize(*SIZE)
    window.shell.tasks.wait_idle()
    intake.fields.scan.setFocus()
    scan(QR, intake.fields.scan)
    type_text("0912345678", intake.fields.phone)
    type_text("dang ky thuong tru", intake.fields.procedure)
    intake.picker.pick(window.shell.catalogue.get("1.004222"))  # type: ignore[union-attr]
    for row in intake.checklist.rows[:3]:
        row.check.setChecked(True)
    intake.checklist.rows[1].copies.setValue(2)
    save_screen("intake_filled", intake)
    assert intake.fields.full_name.text() == "Nguyễn Thị Hoa" and intake.fields.phone.text() == "0912345678"
    assert intake.fields.label("procedureName").text() == "Đăng ký thường trú"
    assert sum(r.check.isChecked() for r in intake.checklist.rows) == 3
    assert intake.fields.label("dueValue").text() not in ("", "—")

    intake.reset_form()
    type_text("Nguyen Van 1", intake.fields.full_name)
    type_text("0123", intake.fields.id_number)
    type_text("31/02/1990", intake.fields.birth)
    type_text("abc@", intake.fields.email)
    intake.save()
    intake.fields.birth.clear()
    intake.save()
    window.shell.tasks.wait_idle()
    save_screen("intake_errors", intake)
    f = intake.fields  # each error beside its field, all at once, the cursor in the first
    for error, field in (("idNumberError", f.id_number), ("emailError", f.email),
                         ("addressError", f.address)):  # fmt: skip
        assert beside(f.label(error), field) and f.label(error).text(), error
    assert intake.focusWidget() in (f.full_name, f.id_number)  # the first error in the form's order
    intake.reset_form()
    intake.reject()  # nothing typed any more: closes without asking

    details = DossierDetailsDialog(get_dossier(ctx, OFFICER, code), window.shell, window)
    qtbot.addWidget(details)
    details.show()
    save_screen("dossier_details", details, behind)
    assert details.form.findChild(QLabel, "codeValue").text() == code
    assert details.forms_button.isVisible() and details.reprint_button.isVisible()
    details.close()

    tasks = TaskManager(Messenger(interactive=False))
    setup = SetupDialog(Path("/srv/desk_app/station"), tasks)
    qtbot.addWidget(setup)
    setup.show()
    type_text("G01.79.760.001", setup.agency_code)
    setup.submit()
    save_screen("setup", setup)
    shown = [lab for lab in setup.findChildren(QLabel) if lab.isVisible() and lab.text().startswith("Chưa")]
    assert shown, "the set-up's missing fields are said beside them"
    tasks.shutdown()
    assert main_png.exists() and len(list(SCREENS.glob("*.png"))) >= 5
    assert window.windowState() != Qt.WindowState.WindowMinimized
