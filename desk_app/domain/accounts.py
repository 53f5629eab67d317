"""Officers, roles, the password rule and the log-in throttle (pure: no hashing, no storage, no clock).

Roles: an **officer** receives and works dossiers; a **supervisor** may also approve overrides (void,
refusal, extension, due-date change); an **admin** manages accounts. A role's permissions include those
of the roles below it.

Wrong passwords never lock an account (an attacker could lock every admin out): after
:data:`FREE_FAILURES` wrong passwords in a row for a name, each further attempt must wait a growing delay
(2, 4, 8 … seconds, never more than :data:`MAX_DELAY`), unknown names alike; a right password resets it.

A new password has at least :data:`MIN_PASSWORD` characters and is not easy to guess: zxcvbn (its lists of
common passwords, words and names, keyboard patterns, dates, repeats) scores it at least
:data:`MIN_SCORE` of 4, with the user's own name, the station's and common Vietnamese password words
(:data:`VIETNAMESE_WORDS`) counted as known to the guesser.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from desk_app.domain.errors import DeskError
from desk_app.domain.text import clean, fold


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
MIN_PASSWORD = 10
MIN_SCORE = 3  # zxcvbn: 3 "safely unguessable" (about 10^8 guesses and more)
FREE_FAILURES = 3
MAX_DELAY = 60  # seconds: the right password of anyone, an admin too, works again within a minute
#: words Vietnamese passwords are commonly made of, which zxcvbn's English lists do not know
VIETNAMESE_WORDS = (
    "matkhau", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "iloveyou", "congan", "conganphuong", "tiepnhan",
    "motcua", "vietnam", "hanoi", "saigon", "hochiminh", "quantri", "canbo", "lanhdao", "admin", "demo",
    "123456", "tramtiepnhan", "hoso", "cancuoc",
)  # fmt: skip


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
OVERRIDE_ACTIONS = frozenset({"refuse", "stop", "extend", "void"})


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


ACTION_WORDS = {"refuse": "từ chối hồ sơ", "stop": "dừng giải quyết hồ sơ", "extend": "gia hạn hồ sơ",
                "void": "hủy hồ sơ"}  # fmt: skip


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


def validate_password(password: str, username: str, known: tuple[str, ...] = ()) -> str:
    """``password`` if it may be set for ``username``; DeskError saying why not. ``known``: other words
    the guesser knows (the display name, the station's name)."""
    if len(password) < MIN_PASSWORD:
        raise DeskError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự", field="password")
    if password.lower() == username.lower() or password.strip() != password:
        raise DeskError(
            "Mật khẩu không được trùng tên đăng nhập hay có khoảng trắng ở đầu, cuối", field="password"
        )
    from zxcvbn import zxcvbn  # its lists load on first use: only when a password is set

    words = [username, *guessable_words((username.replace(".", " ").replace("_", " "), *known)),
             *VIETNAMESE_WORDS]  # fmt: skip
    compact = "".join(fold(password).split())  # words typed apart are guessed together: "Ben Thanh 2026"
    scores = (zxcvbn(candidate[:100], user_inputs=words)["score"] for candidate in (password, compact))
    if min(scores) < MIN_SCORE:
        raise DeskError(
            "Mật khẩu quá dễ đoán (mật khẩu phổ biến, dãy phím, chữ lặp, tên hay ngày tháng): hãy dùng một "
            "câu ngắn dễ nhớ, ví dụ 'Lua-chin-vang-dong-2026'",
            field="password",
        )
    return password


def guessable_words(phrases: tuple[str, ...]) -> list[str]:
    """What a guesser makes of names ("Công an phường Bến Thành", "Nguyễn Thị Hoa"): each word without
    diacritics, each two neighbours joined ("benthanh"), and the whole phrase joined ("nguyenthihoa")."""
    found: list[str] = []
    for phrase in phrases:
        words = fold(phrase).replace("-", " ").split()
        found += words + [a + b for a, b in itertools.pairwise(words)] + ["".join(words)]
    return [w for w in dict.fromkeys(found) if len(w) >= 3]


@dataclass(frozen=True)
class LoginState:
    """A log-in name's wrong passwords in a row, and when it may try again (None: now)."""

    failures: int
    not_before: datetime | None


def delay_after(failures: int) -> timedelta:
    if failures < FREE_FAILURES:
        return timedelta(0)
    return timedelta(seconds=min(MAX_DELAY, 2 ** (failures - FREE_FAILURES + 1)))


def wait_left(state: LoginState, now: datetime) -> int:
    """Whole seconds before this name may try again (0: now)."""
    if state.not_before is None or now >= state.not_before:
        return 0
    return max(1, -int(-(state.not_before - now).total_seconds() // 1))


def after_failure(state: LoginState, now: datetime) -> LoginState:
    """One more wrong password: the count grows, and so does the wait before the next try."""
    failures = state.failures + 1
    delay = delay_after(failures)
    return LoginState(failures, now + delay if delay else None)
