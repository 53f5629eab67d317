"""Officers, roles and the lockout rule (pure: no hashing, no storage, no clock).

Roles: an **officer** receives and works dossiers; a **supervisor** may also approve overrides (void,
refusal, extension, due-date change); an **admin** manages accounts. A role's permissions include those
of the roles below it. After ``max_failures`` wrong passwords in a row an account is locked for
``lock_minutes``; a right password resets the count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from desk_app.domain.errors import DeskError
from desk_app.domain.text import clean


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {Role.OFFICER: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}[self]

    @property
    def label_vi(self) -> str:
        return {Role.OFFICER: "cán bộ tiếp nhận", Role.SUPERVISOR: "lãnh đạo", Role.ADMIN: "quản trị"}[self]


class Permission(StrEnum):
    WORK_DOSSIERS = "work_dossiers"  # receive, search, show, scan, the ordinary life-cycle steps
    OVERRIDE = "override"  # void, refuse, extend, change a due date
    READ_AUDIT = "read_audit"
    MANAGE_USERS = "manage_users"
    BACKUP = "backup"
    CONFIGURE = "configure"  # the procedure catalogue, station settings


REQUIRED_ROLE = {
    Permission.WORK_DOSSIERS: Role.OFFICER,
    Permission.OVERRIDE: Role.SUPERVISOR,
    Permission.READ_AUDIT: Role.SUPERVISOR,
    Permission.MANAGE_USERS: Role.ADMIN,
    Permission.BACKUP: Role.ADMIN,
    Permission.CONFIGURE: Role.ADMIN,
}

_USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")
MIN_PASSWORD = 8


class AccessDenied(DeskError):
    """The acting user's role does not allow the action."""


@dataclass(frozen=True)
class User:
    """Someone who logged in (GUI, CLI) or was approved in place: the acting user every service is given."""

    username: str
    display_name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return allows(self.role, permission)


#: life-cycle actions that need a supervisor (the logged-in one, or one approving in place: "four eyes")
OVERRIDE_ACTIONS = frozenset({"refuse", "extend", "void"})


def approving_supervisor(actor: User, approver: User | None, action: str) -> User | None:
    """Who allows ``action``: None if no supervisor is needed, the actor if they are one, else the
    approver — who must be another person with a supervisor's role. Raises AccessDenied otherwise."""
    if action not in OVERRIDE_ACTIONS:
        return None
    if actor.may(Permission.OVERRIDE):
        return actor
    if approver is None:
        raise AccessDenied(
            f"Tài khoản {actor.role.label_vi} không được tự {ACTION_WORDS.get(action, action)}; "
            "cần lãnh đạo duyệt tại chỗ (đăng nhập lãnh đạo)."
        )
    if approver.username == actor.username or not approver.may(Permission.OVERRIDE):
        raise AccessDenied(f"Tài khoản {approver.username} không có quyền lãnh đạo để duyệt thao tác này.")
    return approver


ACTION_WORDS = {"refuse": "từ chối hồ sơ", "extend": "gia hạn hồ sơ", "void": "hủy hồ sơ"}


def allows(role: Role, permission: Permission) -> bool:
    return role.rank >= REQUIRED_ROLE[permission].rank


def require(role: Role, permission: Permission, what: str) -> None:
    if not allows(role, permission):
        needed = REQUIRED_ROLE[permission].label_vi
        raise AccessDenied(f"Tài khoản {role.label_vi} không được {what}; cần quyền {needed}.")


def validate_username(name: str) -> str:
    """Lower-case ASCII login names (``hoa.nt``, ``mai_lt``): typed the same on every keyboard layout."""
    text = clean(name).lower()
    if not _USERNAME.fullmatch(text):
        raise DeskError(
            "Tên đăng nhập gồm 2–32 chữ cái không dấu, chữ số và . _ -, bắt đầu bằng một chữ cái",
            field="username",
        )
    return text


def validate_password(password: str, username: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise DeskError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự", field="password")
    if password.lower() == username.lower() or password.strip() != password:
        raise DeskError(
            "Mật khẩu không được trùng tên đăng nhập hay có khoảng trắng ở đầu, cuối", field="password"
        )
    return password


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


@dataclass(frozen=True)
class LoginState:
    failures: int
    locked_until: datetime | None


def is_locked(state: LoginState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LoginState, now: datetime, policy: LockoutPolicy) -> LoginState:
    """One more wrong password: the count grows; reaching the limit locks the account."""
    failures = state.failures + 1
    if failures >= policy.max_failures:
        return LoginState(0, now + timedelta(minutes=policy.lock_minutes))
    return LoginState(failures, None)
