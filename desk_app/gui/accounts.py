"""Accounts in the app: the admin adds officers and supervisors, sets new passwords and disables accounts;
anyone else changes their own password here.

The same rules as ``desk-app user …`` (they call the same services, which check the role again). Passwords
are checked off the GUI thread (argon2id is slow on purpose) and never stay in the fields. Disabling asks
for a second click on the button: an account is never deleted, and cannot be enabled again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.accounts import Permission, Role
from desk_app.domain.errors import DeskError
from desk_app.gui.field_errors import restyle
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services.accounts import add_user, change_password, disable_user, list_users


def _t(text: str) -> str:
    return QCoreApplication.translate("AccountsDialog", text)


def role_label(role: Role) -> str:
    return {
        Role.OFFICER: _t("Cán bộ tiếp nhận"),
        Role.SUPERVISOR: _t("Lãnh đạo"),
        Role.ADMIN: _t("Quản trị"),
    }[role]


class AccountsDialog(QDialog):
    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.admin = shell.user.may(Permission.MANAGE_USERS)
        self.setWindowTitle(_t("Tài khoản") if self.admin else _t("Đổi mật khẩu"))
        self.form = embed_form("accounts.ui", self)
        self.table = child(self.form, QTableWidget, "usersTable")
        self.username = child(self.form, QLineEdit, "usernameEdit")
        self.full_name = child(self.form, QLineEdit, "fullNameEdit")
        self.role = child(self.form, QComboBox, "roleEdit")
        self.current = child(self.form, QLineEdit, "currentEdit")
        self.password = child(self.form, QLineEdit, "passwordEdit")
        self.confirm = child(self.form, QLineEdit, "confirmEdit")
        self.message = child(self.form, QLabel, "messageLabel")
        self.add_button = child(self.form, QPushButton, "addButton")
        self.password_button = child(self.form, QPushButton, "passwordButton")
        self.disable_button = child(self.form, QPushButton, "disableButton")
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        headers = [_t("Tên đăng nhập"), _t("Họ tên"), _t("Vai trò"), _t("Trạng thái")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 140), (2, 160), (3, 110)):
            self.table.setColumnWidth(col, width)
        self.table.itemSelectionChanged.connect(self._selected)
        self.add_button.clicked.connect(self.add)
        self.password_button.clicked.connect(self.set_password)
        self.disable_button.clicked.connect(self.disable)
        child(self.form, QPushButton, "closeButton").clicked.connect(self.reject)
        for button in (self.add_button, self.password_button, self.disable_button):
            button.setAutoDefault(False)  # Enter never adds, resets or disables: each is a click (or Space)
        self._disable_armed = ""
        self._disarm()
        self.username.textChanged.connect(self._show_current)
        if self.admin:
            fit_to_screen(self, 820, 600)
            self.refresh()
        else:  # one's own password only
            layout = self.form.findChild(QFormLayout, "accountForm")
            assert layout is not None
            for name in ("fullNameLabel", "roleLabel"):
                layout.setRowVisible(child(self.form, QLabel, name), False)
            for widget in (self.table, self.add_button, self.disable_button):
                widget.hide()
            self.username.setText(shell.user.username)
            self.username.setReadOnly(True)
            self.current.setFocus()
            fit_to_screen(self, 520, 290)
        self._show_current()

    # --- the list ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        work = partial(list_users, self.shell.ctx, self.shell.user)
        self.shell.tasks.run(work, name="list-users", owner=self, on_done=self._listed, on_error=self._failed)

    def _listed(self, users: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(users))
        for row, u in enumerate(users):
            state = _t("đã vô hiệu hóa") if u["disabled"] else _t("đang dùng")
            values = (str(u["username"]), str(u["display_name"]), role_label(Role(str(u["role"]))), state)
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return
        row = rows.pop()
        cells = [self.table.item(row, col) for col in range(3)]
        if any(cell is None for cell in cells):
            return
        name, full, role_text = (cell.text() for cell in cells if cell is not None)
        self.username.setText(name)
        self.full_name.setText(full)
        role = next(r for r in Role if role_label(r) == role_text)
        self.role.setCurrentIndex(self.role.findData(role.value))
        self._disarm()

    def _show_current(self) -> None:
        """One's own password needs the current one; an admin resetting somebody else's does not."""
        own = self.username.text().strip().lower() == self.shell.user.username
        layout = self.form.findChild(QFormLayout, "accountForm")
        assert layout is not None
        layout.setRowVisible(child(self.form, QLabel, "currentLabel"), own)

    # --- actions ----------------------------------------------------------------------------------------
    def _new_password(self) -> str | None:
        secret = self.password.text()
        if not secret:
            self.say(_t("Hãy nhập mật khẩu mới (hai lần)."), "error")
            self.password.setFocus()
            return None
        if self.confirm.text() != secret:
            self.say(_t("Hai lần nhập mật khẩu không khớp."), "error")
            self.confirm.setFocus()
            return None
        self.password.clear()
        self.confirm.clear()
        return secret

    def add(self) -> None:
        secret = self._new_password()
        if secret is None:
            return
        role = Role(str(self.role.currentData()))
        work = partial(add_user, self.shell.ctx, self.shell.user, self.username.text(), role, secret,
                       self.full_name.text())  # fmt: skip
        done = _t("Đã thêm tài khoản %1.")
        self._run(work, lambda made: self._changed(done.replace("%1", made.username)))

    def set_password(self) -> None:
        name = self.username.text().strip()
        secret = self._new_password()
        if secret is None or not name:
            return
        current = self.current.text() if name.lower() == self.shell.user.username else None
        self.current.clear()
        work = partial(change_password, self.shell.ctx, self.shell.user, name, secret, current)
        self._run(work, lambda _none: self._changed(_t("Đã đặt mật khẩu mới cho %1.").replace("%1", name)))

    def disable(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.say(_t("Chọn một tài khoản trong danh sách."), "error")
            return
        if self._disable_armed != name:  # the first click only asks
            self._disable_armed = name
            self.disable_button.setText(_t("Bấm lần nữa để vô hiệu hóa %1").replace("%1", name))
            warning = _t(
                "Tài khoản bị vô hiệu hóa không đăng nhập được nữa và không dùng lại được; lịch sử vẫn giữ. "
                "Bấm chuột lần nữa để xác nhận (phím Enter không xác nhận)."
            )
            self.say(warning, "error")
            self.table.setFocus()  # away from the button: a second key press does not confirm
            return
        self._disarm()
        work = partial(disable_user, self.shell.ctx, self.shell.user, name)
        self._run(work, lambda _none: self._changed(_t("Đã vô hiệu hóa tài khoản %1.").replace("%1", name)))

    def _disarm(self) -> None:
        self._disable_armed = ""
        self.disable_button.setText(_t("Vô hiệ&u hóa tài khoản"))

    def _run(self, work: Any, on_done: Any) -> None:
        self.say(_t("Đang xử lý…"), "")
        self.shell.tasks.run(work, name="accounts", owner=self, on_done=on_done, on_error=self._failed)

    def _changed(self, text: str) -> None:
        self.say(text, "success")
        if self.admin:
            self.refresh()

    def _failed(self, exc: DeskError) -> None:
        self.say(exc.message, "error")

    def say(self, text: str, role: str) -> None:
        self.message.setText(text)
        restyle(self.message, "role", role)
