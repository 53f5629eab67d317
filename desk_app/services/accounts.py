"""Accounts: the first admin, adding users, passwords, disabling, and logging in with lockout.

Passwords are hashed with argon2id (argon2-cffi's defaults: a fresh salt each time, parameters stored in
the hash, rehashed when the defaults grow). Every login, failure, lockout and account change is an
audit entry, written in the same unit of work as the change. No personal data goes into the audit trail
or the log: only user names, roles and actions.
"""

from __future__ import annotations

import logging

from desk_app.domain.accounts import (
    AccessDenied,
    LockoutPolicy,
    LoginState,
    Permission,
    Role,
    User,
    after_failure,
    is_locked,
    require,
    validate_password,
    validate_username,
)
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.text import clean
from desk_app.services.context import DeskContext

log = logging.getLogger("desk_app.services.accounts")


class LoginFailed(DeskError):
    """Wrong user or password, a disabled or locked account; the message says which, but never whether a
    user name exists when the password was wrong."""


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
    validate_password(password, name)
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


def authenticate(ctx: DeskContext, username: str, password: str, policy: LockoutPolicy | None = None) -> User:
    """Log in: the user, or :class:`LoginFailed`; failures count towards the lockout and are audited."""
    safety = ctx.config.safety
    policy = policy or LockoutPolicy(safety.lockout_failures, safety.lockout_minutes)
    name = clean(username).lower()
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        row = uow.accounts.get(name)
        if row is None:
            uow.audit.append(now, name[:32] or "?", "login.unknown_user")
            uow.commit()
            raise LoginFailed("Sai tên đăng nhập hoặc mật khẩu")
        state = LoginState(row["failures"], row["locked_until"])
        if row["disabled"]:
            uow.audit.append(now, name, "login.disabled")
            uow.commit()
            raise LoginFailed(f"Tài khoản {name} đã bị khóa bởi quản trị; hãy liên hệ quản trị trạm")
        if is_locked(state, now):
            uow.audit.append(now, name, "login.while_locked")
            uow.commit()
            until = state.locked_until.strftime("%H:%M") if state.locked_until else ""
            raise LoginFailed(f"Tài khoản {name} đang tạm khóa vì nhập sai mật khẩu nhiều lần, đến {until}")
        if not password_matches(row["password_hash"], password):
            after = after_failure(state, now, policy)
            uow.accounts.update(name, {"failures": after.failures, "locked_until": after.locked_until})
            locked = after.locked_until is not None
            uow.audit.append(now, name, "login.locked" if locked else "login.failed")
            uow.commit()
            if locked:
                times, minutes = policy.max_failures, policy.lock_minutes
                raise LoginFailed(f"Sai mật khẩu {times} lần: tài khoản {name} tạm khóa {minutes} phút")
            raise LoginFailed("Sai tên đăng nhập hoặc mật khẩu")
        values: dict[str, object] = {"failures": 0, "locked_until": None}
        if _hasher().check_needs_rehash(row["password_hash"]):
            values["password_hash"] = hash_password(password)
        uow.accounts.update(name, values)
        uow.audit.append(now, name, "login.ok")
        uow.commit()
    log.info("login: %s", name)
    return User(name, row["display_name"], Role(row["role"]))


def add_user(
    ctx: DeskContext, actor: User, username: str, role: Role, password: str, display_name: str = ""
) -> User:
    check(ctx, actor, Permission.MANAGE_USERS, "thêm tài khoản", username)
    name = validate_username(username)
    validate_password(password, name)
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


def change_password(ctx: DeskContext, actor: User, username: str, password: str) -> None:
    """A user changes their own password; an admin resets anyone's (which also lifts a lockout)."""
    name = clean(username).lower()
    if name != actor.username:
        check(ctx, actor, Permission.MANAGE_USERS, "đặt lại mật khẩu của người khác", name)
    validate_password(password, name)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        if uow.accounts.get(name) is None:
            raise NotFound(f"Không có tài khoản {name}")
        uow.accounts.update(name, {"password_hash": hash_password(password), "password_changed_at": now,
                                   "failures": 0, "locked_until": None})  # fmt: skip
        uow.audit.append(now, actor.username, "user.password", name)
        uow.commit()


def disable_user(ctx: DeskContext, actor: User, username: str) -> None:
    check(ctx, actor, Permission.MANAGE_USERS, "khóa tài khoản", username)
    name = clean(username).lower()
    if name == actor.username:
        raise DeskError("Không tự khóa tài khoản của chính mình")
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
