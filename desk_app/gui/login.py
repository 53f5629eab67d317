"""The login panel: logging in, unlocking an idle-locked window, creating a station's first admin, and
setting a new password when the old one predates the password rule (asked right after it was given).

It takes the main window's place while nobody is logged in (nothing of the counter shows behind it).
Checking a password is slow on purpose (argon2id), so it runs off the GUI thread; ``logged_in(User)`` is
emitted on success. A station without any account (set up by ``desk-app init`` without ``--admin``)
asks for its first admin instead, with the same rules as ``desk-app user add``.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.accounts import User, validate_password, validate_username
from desk_app.domain.errors import DeskError
from desk_app.gui.tasks import TaskManager
from desk_app.gui.uiloader import child, load_form
from desk_app.services.accounts import (
    PasswordChangeRequired,
    authenticate,
    create_first_admin,
    has_accounts,
    renew_password,
)
from desk_app.services.context import DeskContext


def _t(text: str) -> str:
    return QCoreApplication.translate("LoginPanel", text)


def lock_reason(reason: str) -> str:
    """Why the screen locked, as the lock screen says it: "idle", else asked for (Ctrl+L)."""
    if reason == "idle":
        return _t("Đã tự khóa vì lâu không thao tác")
    return _t("Đã khóa theo yêu cầu (Khóa màn hình, Ctrl+L)")


def first_admin(ctx: DeskContext, username: str, display_name: str, password: str) -> User:
    """Worker job: create the first admin (refused once any account exists) and log them in."""
    create_first_admin(ctx, username, password, display_name)
    return authenticate(ctx, username, password)


class LoginPanel(QWidget):
    """``ask_login()``, ``ask_unlock(user)`` or ``ask_first_admin()``; ``logged_in(User)`` on success."""

    logged_in = Signal(object)

    def __init__(self, ctx: DeskContext, tasks: TaskManager, parent: QWidget | None = None, hint: str = ""):
        super().__init__(parent)
        self.setObjectName("loginPanel")
        self._ctx, self._tasks, self.busy = ctx, tasks, False
        self.form = load_form("login.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.username = child(self.form, QLineEdit, "usernameEdit")
        self.full_name = child(self.form, QLineEdit, "fullNameEdit")
        self.password = child(self.form, QLineEdit, "passwordEdit")
        self.confirm = child(self.form, QLineEdit, "confirmEdit")
        self.button = child(self.form, QPushButton, "loginButton")
        self.error = child(self.form, QLabel, "errorLabel")
        self.title = child(self.form, QLabel, "titleLabel")
        self.intro = child(self.form, QLabel, "introLabel")
        cfg = ctx.config.station
        child(self.form, QLabel, "stationLabel").setText(
            _t("%1 — bàn %2").replace("%1", cfg.agency_name).replace("%2", str(cfg.desk))
        )
        hint_label = child(self.form, QLabel, "hintLabel")
        hint_label.setText(_t("Trạm mẫu — tài khoản: %1").replace("%1", hint) if hint else "")
        hint_label.setVisible(bool(hint))
        self.first_run = False
        self.renewing: tuple[str, str] | None = None  # (name, the current password) while renewing it
        self._given = ""
        self.button.clicked.connect(self.submit)
        for edit in (self.username, self.full_name, self.password, self.confirm):
            edit.returnPressed.connect(self.submit)

    # --- the three ways in ------------------------------------------------------------------------------
    def ask(self) -> None:
        """Log in, or create the first admin if the station has no account yet (asked off the GUI thread)."""
        self._tasks.run(
            partial(has_accounts, self._ctx), name="has-accounts", owner=self, on_done=self._asked
        )

    def _asked(self, any_account: bool) -> None:
        if any_account:
            self.ask_login()
        else:
            self.ask_first_admin()

    def ask_login(self) -> None:
        self._mode(False, _t("Đăng nhập"), _t("Nhập tên đăng nhập và mật khẩu của bạn."))
        self.username.clear()
        self.username.setReadOnly(False)
        self.username.setFocus()

    def ask_unlock(self, user: User, reason: str = "manual") -> None:
        """The lock: the locked user's name is filled in; another officer may log in instead. The text
        says why it locked (``reason``: "idle" or "manual")."""
        self._mode(False, _t("Màn hình đã khóa"), _t(
            "%2 — %1. Nhập mật khẩu để tiếp tục; người khác đăng nhập sẽ không thấy hồ sơ đang nhập dở. "
            "Chỉ thoát được chương trình sau khi đăng nhập."
        ).replace("%1", user.display_name).replace("%2", lock_reason(reason)))  # fmt: skip
        self.username.setText(user.username)
        self.password.setFocus()

    def ask_first_admin(self) -> None:
        self._mode(True, _t("Tạo tài khoản quản trị"), _t(
            "Trạm chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên; quản trị sẽ thêm tài khoản cho "
            "cán bộ và lãnh đạo."
        ))  # fmt: skip
        self.username.setFocus()

    def ask_new_password(self, name: str, current: str) -> None:
        """The password given was right but predates the rule: a new one, twice, before going on."""
        self._mode(False, _t("Đặt mật khẩu mới"), _t(
            "Mật khẩu của bạn đặt theo quy định cũ. Đặt mật khẩu mới để tiếp tục: ít nhất 10 ký tự, khó đoán "
            "— ví dụ một câu ngắn dễ nhớ như Lua-chin-vang-dong-2026."
        ))  # fmt: skip
        self.renewing = (name, current)
        self.username.setText(name)
        self.username.setReadOnly(True)
        child(self.form, QLabel, "confirmLabel").setVisible(True)
        self.confirm.setVisible(True)
        child(self.form, QLabel, "passwordLabel").setText(_t("&Mật khẩu mới:"))
        self.button.setText(_t("Đặt mật khẩu và đăng &nhập"))
        self.password.setFocus()

    def _mode(self, first: bool, title: str, intro: str) -> None:
        self.first_run = first
        self.renewing = None
        self.title.setText(title)
        self.intro.setText(intro)
        for name in ("fullName", "confirm"):
            child(self.form, QLabel, f"{name}Label").setVisible(first)
            child(self.form, QLineEdit, f"{name}Edit").setVisible(first)
        child(self.form, QLabel, "passwordLabel").setText(_t("&Mật khẩu:"))
        self.button.setText(_t("&Tạo tài khoản và đăng nhập") if first else _t("Đăng &nhập"))
        self.password.clear()
        self.confirm.clear()
        self.say("")

    # --- submitting -------------------------------------------------------------------------------------
    def say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def submit(self) -> None:
        if self.busy:
            return
        name, secret = self.username.text().strip(), self.password.text()
        if not name or not secret:
            self.say(_t("Hãy nhập tên đăng nhập và mật khẩu."))
            (self.username if not name else self.password).setFocus()
            return
        if self.first_run or self.renewing:
            try:
                validate_password(secret, validate_username(name))
            except DeskError as exc:
                self._retype(exc.message)
                return
            if self.confirm.text() != secret:
                self._retype(_t("Hai lần nhập mật khẩu không khớp."))
                return
        if self.renewing:
            work = partial(renew_password, self._ctx, self.renewing[0], self.renewing[1], secret)
        elif self.first_run:
            work = partial(first_admin, self._ctx, name, self.full_name.text(), secret)
        else:
            self._given = secret
            work = partial(authenticate, self._ctx, name, secret)
        self.password.clear()
        self.confirm.clear()
        self._set_busy(True)
        self._tasks.run(work, name="login", owner=self, on_done=self._done, on_error=self._failed,
                        on_finished=partial(self._set_busy, False))  # fmt: skip

    def _retype(self, message: str) -> None:
        """A new password refused before it left the panel: both fields emptied, typed again."""
        self.say(message)
        self.password.clear()
        self.confirm.clear()
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.button.setEnabled(not busy)

    def _failed(self, exc: DeskError) -> None:
        given, self._given = self._given, ""
        if isinstance(exc, PasswordChangeRequired) and given:
            self.ask_new_password(exc.user.username, given)
            return
        self.say(exc.message)
        self.password.setFocus()

    def _done(self, user: User) -> None:
        self._given = ""
        if self.renewing:
            self._mode(False, _t("Đăng nhập"), _t("Nhập tên đăng nhập và mật khẩu của bạn."))
        self.say("")
        self.logged_in.emit(user)
