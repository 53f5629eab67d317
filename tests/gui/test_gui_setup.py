"""The first-run set-up dialog: every bad field explained beside it, then the station is created."""

from __future__ import annotations

from gui_keys import type_text
from gui_support import save_screen
from PySide6.QtWidgets import QLabel

from desk_app.config import CONFIG_NAME
from desk_app.domain.accounts import Role, User
from desk_app.gui.messages import Messenger
from desk_app.gui.setup_dialog import SetupDialog
from desk_app.gui.tasks import TaskManager
from desk_app.services.accounts import authenticate
from desk_app.services.catalogue import load_catalogue


def error(dialog: SetupDialog, name: str) -> str:
    label = dialog.form.findChild(QLabel, name)
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def test_setup_shows_errors_beside_fields_then_initialises_the_station(qtbot, tmp_path):
    tasks = TaskManager(Messenger(interactive=False))
    data_dir = tmp_path / "new-station"
    dialog = SetupDialog(data_dir, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text("G01..79", dialog.agency_code)
    dialog.submit()
    assert "hai dấu chấm" in error(dialog, "agencyCodeError")
    assert "Chưa nhập tên cơ quan" in error(dialog, "agencyNameError")
    assert "Tên đăng nhập" in error(dialog, "adminUserError")  # the first admin is asked for at once
    assert not (data_dir / CONFIG_NAME).exists()

    dialog.agency_code.setText("G01.79.760.001")
    type_text("Công an phường Sài Gòn", dialog.agency_name)
    dialog.desk.setValue(3)
    type_text("Trần Văn Hòa", dialog.officer)
    type_text("hoa.tv", dialog.admin_user)
    type_text("ngan", dialog.admin_password)
    dialog.submit()
    assert "ít nhất 10 ký tự" in error(dialog, "adminPasswordError")
    dialog.admin_password.setText("mat-khau-quan-tri")
    dialog.admin_confirm.setText("mat-khau-khac")
    dialog.submit()
    assert "không khớp" in error(dialog, "adminConfirmError")
    assert not (data_dir / CONFIG_NAME).exists()
    dialog.admin_confirm.setText("mat-khau-quan-tri")
    save_screen("setup_dialog_admin", dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.submit()
    assert error(dialog, "agencyCodeError") == "" and error(dialog, "agencyNameError") == ""
    station = dialog.station
    assert station is not None
    try:
        assert (data_dir / CONFIG_NAME).exists()
        assert station.ctx.config.station.desk == 3
        assert dialog.user == User("hoa.tv", "Trần Văn Hòa", Role.ADMIN)  # logged in straight away
        assert authenticate(station.ctx, "hoa.tv", "mat-khau-quan-tri").role is Role.ADMIN
        assert dialog.admin_password.text() == ""  # the password does not linger in the widget
        assert "1.004222" in load_catalogue(station.ctx) and "1.001456" not in load_catalogue(station.ctx)
    finally:
        station.close()
        tasks.shutdown()


def test_desk_outside_the_number_blocks_is_refused(qtbot, tmp_path):
    tasks = TaskManager(Messenger(interactive=False))
    dialog = SetupDialog(tmp_path / "s", tasks)
    qtbot.addWidget(dialog)
    dialog.agency_code.setText("G01.79.760.001")
    dialog.agency_name.setText("Công an phường Sài Gòn")
    dialog.desk.setValue(11)  # 10 desks of 1,000 numbers each
    dialog.submit()
    assert "Số bàn phải từ 1 đến 10" in error(dialog, "deskError")
    tasks.shutdown()
