"""Accounts: the first admin, adding users, passwords, disabling, and logging in (slowed, never locked).

Passwords are hashed with argon2id (argon2-cffi's defaults: a fresh salt each time, parameters stored in
the hash, rehashed when the defaults grow). A log-in with an unknown name checks the password against an
existing account's hash all the same, and gets the same message as a wrong password: the time and the
words do not tell which names exist; wrong passwords slow down further tries of that name
(:func:`~desk_app.domain.accounts.delay_after`), known or not. An account whose password predates the
current rule must set a new one before it may act (:class:`PasswordChangeRequired`). Every login, failure
and account change is an audit entry, written in the same unit of work as the change. No personal data
goes into the audit trail or the log: only user names, roles and actions.
"""

from __future__ import annotations

import logging

from desk_app.domain.accounts import (
    AccessDenied,
    LoginState,
    Permission,
    Role,
    User,
    after_failure,
    require,
    validate_password,
    validate_username,
    wait_left,
)
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.text import clean
from desk_app.services.context import DeskContext

log = logging.getLogger("desk_app.services.accounts")


class LoginFailed(DeskError):
    """Wrong user or password, a disabled account, too many tries; never says whether a name exists."""


class PasswordChangeRequired(LoginFailed):
    """The password was right but predates the current rule: set a new one first (:func:`renew_password`)."""

    def __init__(self, message: str, user: User) -> None:
        super().__init__(message)
        self.user = user


#: what an unknown name's password is checked against when the station has no account at all (an argon2id
#: hash of a random string, argon2-cffi's default parameters)
_NO_ACCOUNT_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$qBlazj7085U2B5tiWDXrfw$X/rolPX4rqeXVu04OxGfdYgLsrpPt+v8hRv/KE+E4q8"
)
WRONG = "Sai tên đăng nhập hoặc mật khẩu"


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher  # loaded on first use: start-up does not need it

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def password_matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def check(ctx: DeskContext, actor: User, permission: Permission, what: str, subject: str = "") -> None:
    """Refuse (and audit the refusal) what ``actor``'s role does not allow."""
    try:
        require(actor.role, permission, what)
    except AccessDenied:
        with ctx.uow(write=True) as uow:
            uow.audit.append(ctx.clock(), actor.username, "denied", subject, {"permission": permission.value})
            uow.commit()
        raise


def has_accounts(ctx: DeskContext) -> bool:
    """Whether the station has any account (without one, the GUI asks for the first admin)."""
    with ctx.uow() as uow:
        return bool(uow.accounts.count())


def record_lock(ctx: DeskContext, actor: User, reason: str) -> None:
    """The window was locked (idle, or by hand): an audit entry, nothing else."""
    with ctx.uow(write=True) as uow:
        uow.audit.append(ctx.clock(), actor.username, "screen.lock", "", {"reason": reason})
        uow.commit()


def create_first_admin(ctx: DeskContext, username: str, password: str, display_name: str = "") -> User:
    """``desk-app init --admin``: the station's first account; refused once any account exists."""
    name = validate_username(username)
    validate_password(password, name, _known_words(ctx, display_name))
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        if uow.accounts.count():
            raise DeskError("Trạm đã có tài khoản; hãy dùng 'desk-app user add' với một tài khoản quản trị")
        uow.accounts.add(
            {"username": name, "display_name": clean(display_name) or name, "role": Role.ADMIN.value,
             "password_hash": hash_password(password), "created_at": now, "password_changed_at": now}
        )  # fmt: skip
        uow.audit.append(now, name, "user.create", name, {"role": Role.ADMIN.value, "first": True})
        uow.commit()
    return User(name, clean(display_name) or name, Role.ADMIN)


def _known_words(ctx: DeskContext, display_name: str = "") -> tuple[str, ...]:
    station = ctx.config.station
    return (display_name, station.agency_name, station.agency_code, station.place)


def authenticate(ctx: DeskContext, username: str, password: str) -> User:
    """Log in: the user, or :class:`LoginFailed` (:class:`PasswordChangeRequired` for a right password that
    must be renewed). Failures slow down that name's next tries and are audited."""
    name = clean(username).lower()[:64]
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        state = uow.accounts.throttle(name)
        left = wait_left(state, now)
        if left:
            uow.audit.append(now, name[:32] or "?", "login.throttled", "", {"wait_seconds": left})
            uow.commit()
            raise LoginFailed(f"Đã nhập sai nhiều lần: hãy thử lại sau {left} giây")
        row = uow.accounts.get(name)
        stored = row["password_hash"] if row else (uow.accounts.any_hash() or _NO_ACCOUNT_HASH)
        right = password_matches(stored, password)
        if row is None or not right:
            after = after_failure(state, now)
            uow.accounts.set_throttle(name, after, now)
            wait = wait_left(after, now)
            uow.audit.append(now, name[:32] or "?", "login.failed" if row else "login.unknown_user", "",
                             {"wait_seconds": wait} if wait else None)  # fmt: skip
            uow.commit()
            raise LoginFailed(WRONG + (f" (thử lại sau {wait} giây)" if wait else ""))
        uow.accounts.set_throttle(name, LoginState(0, None), now)
        user = User(name, row["display_name"], Role(row["role"]))
        if row["disabled"]:
            uow.audit.append(now, name, "login.disabled")
            uow.commit()
            raise LoginFailed(f"Tài khoản {name} đã bị quản trị vô hiệu hóa; hãy liên hệ quản trị trạm")
        if row["must_change_password"]:
            uow.audit.append(now, name, "login.password_expired")
            uow.commit()
            raise PasswordChangeRequired(
                f"Mật khẩu của {name} đặt theo quy định cũ: hãy đặt mật khẩu mới (ít nhất 10 ký tự, "
                "khó đoán) trước khi làm việc",
                user,
            )
        if _hasher().check_needs_rehash(row["password_hash"]):
            uow.accounts.update(name, {"password_hash": hash_password(password)})
        uow.audit.append(now, name, "login.ok")
        uow.commit()
    log.info("login: %s", name)
    return user


def renew_password(ctx: DeskContext, username: str, current: str, new: str) -> User:
    """Set one's own new password, proving the current one (also when it must be renewed); then logged in."""
    try:
        user = authenticate(ctx, username, current)
    except PasswordChangeRequired as exc:
        user = exc.user
    validate_password(new, user.username, _known_words(ctx, user.display_name))
    if new == current:
        raise DeskError("Mật khẩu mới phải khác mật khẩu hiện tại", field="password")
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        uow.accounts.update(user.username, {"password_hash": hash_password(new), "password_changed_at": now,
                                            "must_change_password": False})  # fmt: skip
        uow.audit.append(now, user.username, "user.password", user.username)
        uow.audit.append(now, user.username, "login.ok")
        uow.commit()
    return user


def add_user(
    ctx: DeskContext, actor: User, username: str, role: Role, password: str, display_name: str = ""
) -> User:
    check(ctx, actor, Permission.MANAGE_USERS, "thêm tài khoản", username)
    name = validate_username(username)
    validate_password(password, name, _known_words(ctx, display_name))
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        if uow.accounts.get(name) is not None:
            raise DeskError(f"Đã có tài khoản {name}", field="username")
        uow.accounts.add(
            {"username": name, "display_name": clean(display_name) or name, "role": role.value,
             "password_hash": hash_password(password), "created_at": now, "password_changed_at": now}
        )  # fmt: skip
        uow.audit.append(now, actor.username, "user.create", name, {"role": role.value})
        uow.commit()
    return User(name, clean(display_name) or name, role)


def change_password(
    ctx: DeskContext, actor: User, username: str, password: str, current: str | None = None
) -> None:
    """A user changes their own password, giving the current one (:func:`renew_password`: a wrong one is
    slowed down like any wrong log-in); an admin resets anyone else's (which also lifts the wait of that
    name's wrong passwords)."""
    name = clean(username).lower()
    if name == actor.username:
        if not current:
            raise DeskError("Đổi mật khẩu của chính mình: nhập mật khẩu hiện tại", field="current")
        renew_password(ctx, name, current, password)
        return
    if name != actor.username:
        check(ctx, actor, Permission.MANAGE_USERS, "đặt lại mật khẩu của người khác", name)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        row = uow.accounts.get(name)
        if row is None:
            raise NotFound(f"Không có tài khoản {name}")
        validate_password(password, name, _known_words(ctx, row["display_name"]))
        uow.accounts.update(name, {"password_hash": hash_password(password), "password_changed_at": now,
                                   "must_change_password": False})  # fmt: skip
        uow.accounts.set_throttle(name, LoginState(0, None), now)
        uow.audit.append(now, actor.username, "user.password", name)
        uow.commit()


def disable_user(ctx: DeskContext, actor: User, username: str) -> None:
    check(ctx, actor, Permission.MANAGE_USERS, "vô hiệu hóa tài khoản", username)
    name = clean(username).lower()
    if name == actor.username:
        raise DeskError("Không tự vô hiệu hóa tài khoản của chính mình")
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        row = uow.accounts.get(name)
        if row is None:
            raise NotFound(f"Không có tài khoản {name}")
        admins = [u for u in uow.accounts.all() if u["role"] == Role.ADMIN.value and not u["disabled"]]
        if row["role"] == Role.ADMIN.value and len(admins) <= 1:
            raise DeskError("Không khóa quản trị cuối cùng của trạm")
        uow.accounts.update(name, {"disabled": True})
        uow.audit.append(now, actor.username, "user.disable", name)
        uow.commit()


def list_users(ctx: DeskContext, actor: User) -> list[dict[str, object]]:
    check(ctx, actor, Permission.MANAGE_USERS, "xem danh sách tài khoản")
    with ctx.uow() as uow:
        return [
            {"username": u["username"], "display_name": u["display_name"], "role": u["role"],
             "disabled": bool(u["disabled"])}
            for u in uow.accounts.all()
        ]  # fmt: skip
