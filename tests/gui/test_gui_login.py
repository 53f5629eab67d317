"""Logging in, the idle lock that keeps the unsaved intake for its owner only, and four-eyes approval."""

from __future__ import annotations

import re

import pytest
from gui_keys import press, scan, type_text
from gui_support import WATCHDOG, save_screen
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from desk_app.domain.lifecycle import Action
from desk_app.gui.actions import ActionDialog
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.accounts import list_users
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER, SUPERVISOR, TEST_PASSWORD, add_accounts
from tests.conftest import SAMPLE_QR, walk_in


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window(qtbot, station, main_window: MainWindow) -> MainWindow:
    """The counter, the test accounts in the station, an officer logged in, the idle watch on a fake clock."""
    add_accounts(station.ctx)
    assert main_window.idle is not None
    main_window.idle.clock = FakeClock()
    main_window.idle.start()
    return main_window


def log_in(qtbot, window: MainWindow, username: str, password: str) -> None:
    panel = window.login
    assert panel is not None and window.locked
    panel.username.setText(username)
    panel.password.setFocus()
    type_text(password, panel.password)
    press(Qt.Key.Key_Return, panel.password)
    qtbot.waitUntil(lambda: not panel.busy)
    window.shell.tasks.wait_idle()


def test_login_refuses_a_wrong_password_then_lets_the_officer_in(qtbot, window: MainWindow):
    window.lock()
    panel = window.login
    assert panel is not None
    log_in(qtbot, window, "canbo", "sai-mat-khau")
    assert window.locked and "Sai tên đăng nhập hoặc mật khẩu" in panel.error.text()
    assert panel.password.text() == ""  # never left in the field
    save_screen("login_wrong_password", window)
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    assert not window.locked and window.ready and window.shell.user.username == "canbo"
    assert "Lê Thị Mai" in window.station_label.text()


def test_an_old_password_is_renewed_at_log_in(qtbot, window: MainWindow):
    """An account from before the password rule: its right password leads to "Đặt mật khẩu mới", a weak
    or mistyped new one is refused there, a good one logs in (and the old one no longer does)."""
    with window.shell.ctx.uow(write=True) as uow:
        uow.accounts.update("canbo", {"must_change_password": True})
        uow.commit()
    window.lock()
    panel = window.login
    assert panel is not None
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    assert window.locked and panel.renewing is not None and panel.title.text() == "Đặt mật khẩu mới"
    assert panel.confirm.isVisible() and panel.username.isReadOnly() and panel.password.text() == ""
    save_screen("login_new_password", window)
    for new, again, refused in (("password123", "password123", "quá dễ đoán"),
                                ("Lua-chin-vang-dong-2026", "Lua-chin-vang-dong", "không khớp")):  # fmt: skip
        panel.confirm.setText(again)
        log_in(qtbot, window, "canbo", new)
        assert window.locked and refused in panel.error.text() and not panel.password.text()
    panel.confirm.setText("Lua-chin-vang-dong-2026")
    log_in(qtbot, window, "canbo", "Lua-chin-vang-dong-2026")
    assert not window.locked and window.shell.user.username == "canbo"
    window.lock()
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    assert window.locked and "Sai tên đăng nhập" in panel.error.text()
    log_in(qtbot, window, "canbo", "Lua-chin-vang-dong-2026")
    assert not window.locked


def test_idle_lock_keeps_the_draft_for_its_owner_only(qtbot, window: MainWindow):
    clock = window.idle.clock  # type: ignore[union-attr]
    press(Qt.Key.Key_F2, window.table)
    intake = window.intake
    assert intake is not None
    qtbot.waitExposed(intake)
    intake.activateWindow()
    qtbot.waitUntil(intake.isActiveWindow)
    window.shell.tasks.wait_idle()
    intake.fields.scan.setFocus()
    scan(SAMPLE_QR)
    assert intake.fields.full_name.text() == "Nguyễn Thị Hoa"

    clock.now += 4 * 60  # four minutes without input: still open
    assert window.idle.check() is False and not window.locked  # type: ignore[union-attr]
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window.table.viewport(), move)  # the officer moves the mouse: the count restarts
    clock.now += 4 * 60
    assert window.idle.check() is False  # type: ignore[union-attr]
    clock.now += 60  # five minutes since the last input (the default): locked
    assert window.idle.check() is True  # type: ignore[union-attr]
    assert window.locked and not intake.isVisible() and window.intake is None
    assert window.login is not None and window.login.username.text() == "canbo"
    save_screen("idle_locked", window)

    log_in(qtbot, window, "lanhdao", TEST_PASSWORD)  # another user takes the counter …
    assert window.shell.user.username == "lanhdao" and window.intake is None and not intake.isVisible()
    other = window.open_intake()  # … and gets an empty intake of their own
    assert other is not intake and other.fields.full_name.text() == ""
    window.lock()

    log_in(qtbot, window, "canbo", TEST_PASSWORD)  # the owner comes back: the draft is there again
    assert window.intake is intake and intake.isVisible()
    assert intake.fields.full_name.text() == "Nguyễn Thị Hoa"
    assert intake.fields.id_number.text() == "034303011829"
    with window.shell.ctx.uow() as uow:
        actions = [(e.actor, e.action) for e in uow.audit.entries()]
    assert ("canbo", "screen.lock") in actions and ("lanhdao", "login.ok") in actions
    intake.hide()  # closing would ask whether to drop the draft


def test_ctrl_l_locks_from_any_window_and_a_locked_counter_cannot_be_quit(qtbot, window: MainWindow):
    """Issue 18, part 6: Ctrl+L inside the intake window locks the counter, the lock screen says why, and
    nothing quits the program while it keeps the officer's unsaved intake (Thoát disabled, close refused)."""
    intake = window.open_intake()
    qtbot.waitExposed(intake)
    intake.activateWindow()
    qtbot.waitUntil(intake.isActiveWindow)
    intake.fields.scan.setFocus()
    scan(SAMPLE_QR)
    press(Qt.Key.Key_L, intake.fields.phone, Qt.KeyboardModifier.ControlModifier)
    assert window.locked and not intake.isVisible()
    panel = window.login
    assert panel is not None and panel.intro.text().startswith("Đã khóa theo yêu cầu (Khóa màn hình, Ctrl+L)")
    assert "lâu không thao tác" not in panel.intro.text()
    assert not window.quit_action.isEnabled()
    press(Qt.Key.Key_Q, panel.password, Qt.KeyboardModifier.ControlModifier)
    window.close()  # the window manager's close button: refused, with the reason on the lock screen
    assert window.isVisible() and window.locked
    assert "đăng nhập rồi mới thoát được chương trình" in panel.error.text()
    save_screen("lock_quit_refused", window)
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    assert window.intake is intake and intake.fields.full_name.text() == "Nguyễn Thị Hoa"
    assert window.quit_action.isEnabled()
    window.idle.clock.now += 3600  # type: ignore[union-attr]
    assert window.idle.check() is True  # type: ignore[union-attr]
    assert panel.intro.text().startswith("Đã tự khóa vì lâu không thao tác")
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    intake.hide()  # closing would ask whether to drop the draft


def test_an_officer_refuses_with_a_supervisor_approving_in_place(qtbot, window: MainWindow):
    WATCHDOG["enabled"] = False  # the action dialog is window-modal
    code = receive_dossier(window.shell.ctx, OFFICER, walk_in()).dossier.code
    window.open_dossier(code)
    window.shell.tasks.wait_idle()
    details = next(d for d in window.findChildren(DossierDetailsDialog) if d.isVisible())
    dialog = details.open_action(Action.REFUSE)
    assert dialog.needs_approval and dialog.approver.isVisibleTo(dialog)
    dialog.reason.setText("Không thuộc thẩm quyền")
    dialog.submit()  # no approver yet: asked for, nothing sent
    assert "lãnh đạo duyệt" in _error(dialog)
    dialog.approver.setText("lanhdao")
    dialog.approver_password.setText("sai-mat-khau")
    dialog.submit()
    window.shell.tasks.wait_idle()
    assert "Sai tên đăng nhập hoặc mật khẩu" in _error(dialog) and dialog.result_ is None
    assert get_dossier(window.shell.ctx, OFFICER, code).status == "received"
    dialog.approver.setText("lanhdao")
    dialog.approver_password.setText(TEST_PASSWORD)
    save_screen("four_eyes_approval", dialog)
    dialog.submit()
    window.shell.tasks.wait_idle()
    assert dialog.result_ is not None
    record = get_dossier(window.shell.ctx, OFFICER, code)
    assert record.status == "refused"
    assert (record.events[-1].actor, record.events[-1].data["approved_by"]) == (
        OFFICER.display_name, SUPERVISOR.display_name
    )  # fmt: skip
    dialog.reject()
    details.close()


def test_a_supervisor_is_never_asked_for_approval_and_sees_the_audit_viewer(qtbot, window: MainWindow):
    assert not window.audit_action.isEnabled()  # an officer has no audit viewer
    window.lock()
    log_in(qtbot, window, "lanhdao", TEST_PASSWORD)
    assert window.audit_action.isEnabled()
    viewer = window.open_audit()
    window.shell.tasks.wait_idle()
    table = viewer.table  # type: ignore[attr-defined]
    actions = {table.item(r, 3).text() for r in range(table.rowCount())}
    assert {"Đăng nhập", "Khóa màn hình", "Tạo tài khoản"} <= actions  # words, not login.ok (issue 18)
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]
    assert not [c for c in cells if re.search(r"\b(login|screen|user)\.[a-z]|\d{4}-\d\d-\d\dT|True|False", c)]
    assert re.fullmatch(r"\d\d:\d\d:\d\d \d\d/\d\d/\d{4}", table.item(0, 1).text())
    viewer.action.setCurrentIndex(viewer.action.findText("Khóa màn hình"))  # a group by name
    window.shell.tasks.wait_idle()
    assert {table.item(r, 3).text() for r in range(table.rowCount())} == {"Khóa màn hình"}
    viewer.verify()  # type: ignore[attr-defined]
    window.shell.tasks.wait_idle()
    assert "nguyên vẹn" in viewer.outcome.text()  # type: ignore[attr-defined]
    save_screen("audit_viewer", viewer)
    viewer.close()


def _error(dialog: ActionDialog) -> str:
    label = dialog.form.findChild(QLabel, "approverError")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def test_the_admin_manages_accounts_and_an_officer_changes_only_their_password(qtbot, window: MainWindow):
    from desk_app.gui.accounts import AccountsDialog

    window.lock()
    log_in(qtbot, window, "quantri", TEST_PASSWORD)
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)
    window.shell.tasks.wait_idle()
    assert dialog.table.rowCount() == 3
    dialog.username.setText("tuan.pv")
    dialog.full_name.setText("Phạm Văn Tuấn")
    dialog.password.setText("mat-khau-moi-1")
    dialog.confirm.setText("mat-khau-moi-2")
    dialog.add()
    assert "không khớp" in dialog.message.text()
    dialog.password.setText("mat-khau-moi-1")
    dialog.confirm.setText("mat-khau-moi-1")
    dialog.add()
    window.shell.tasks.wait_idle()
    assert "Đã thêm tài khoản tuan.pv" in dialog.message.text() and dialog.password.text() == ""
    window.shell.tasks.wait_idle()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "tuan.pv" in names
    dialog.table.selectRow(names.index("tuan.pv"))
    dialog.disable()  # the first click only asks
    assert "Bấm lần nữa" in dialog.disable_button.text() and not dialog.disable_button.autoDefault()
    press(Qt.Key.Key_Return, dialog.disable_button)  # Enter on the armed button confirms nothing
    window.shell.tasks.wait_idle()
    users = {u["username"]: u for u in list_users(window.shell.ctx, window.shell.user)}
    assert not users["tuan.pv"]["disabled"]
    if not dialog.isVisible():  # Enter went to the dialog's default button, "Đóng"
        dialog = window.open_accounts()
        window.shell.tasks.wait_idle()
        names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        dialog.table.selectRow(names.index("tuan.pv"))
        dialog.disable()
    dialog.disable()
    window.shell.tasks.wait_idle()
    window.shell.tasks.wait_idle()
    states = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())
    }
    assert states["tuan.pv"] == "đã vô hiệu hóa"  # not "đã khóa", which means a locked screen
    save_screen("accounts_admin", dialog)
    dialog.close()

    window.lock()
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    own = window.open_accounts()
    assert isinstance(own, AccountsDialog) and not own.admin and not own.table.isVisibleTo(own)
    assert own.username.text() == "canbo" and own.username.isReadOnly() and own.current.isVisibleTo(own)
    own.password.setText("mat-khau-cua-mai")
    own.confirm.setText("mat-khau-cua-mai")
    own.set_password()  # without the current password: refused
    window.shell.tasks.wait_idle()
    assert "nhập mật khẩu hiện tại" in own.message.text()
    own.current.setText("sai-mat-khau-hien-tai")
    own.password.setText("mat-khau-cua-mai")
    own.confirm.setText("mat-khau-cua-mai")
    own.set_password()
    window.shell.tasks.wait_idle()
    assert "Sai tên đăng nhập hoặc mật khẩu" in own.message.text()
    own.current.setText(TEST_PASSWORD)
    own.password.setText("mat-khau-cua-mai")
    own.confirm.setText("mat-khau-cua-mai")
    own.set_password()
    window.shell.tasks.wait_idle()
    assert "Đã đặt mật khẩu mới cho canbo" in own.message.text()
    save_screen("accounts_own_password", own)
    own.close()
    window.lock()
    log_in(qtbot, window, "canbo", TEST_PASSWORD)
    assert window.locked  # the old password no longer works
    log_in(qtbot, window, "canbo", "mat-khau-cua-mai")
    assert not window.locked
