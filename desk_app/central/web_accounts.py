"""The provincial view's accounts: who may read which stations' figures (issue 19, part 2).

A web user has a role — ``province`` and ``district`` supervisors, ``it`` — and a scope, an agency-code
prefix (``G01.79`` a province's police, ``G01.79.760`` a district's): they see the stations whose agency
code is the scope or starts with it and a dot. Passwords are argon2id hashes, checked against the desk's
own rule (at least 10 characters, not guessable); wrong passwords slow a name down as they do on a desk
(the desk's :mod:`desk_app.domain.accounts` policy), unknown names too, with the same work done. These
accounts never mix with the stations' credentials: a station's bearer token opens no page, a web
session sends no record. Every change is in the server's ``web_audit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select, update

from desk_app.central.schema import stations, web_audit, web_users
from desk_app.central.stations import now_iso
from desk_app.domain.accounts import (
    LoginState,
    after_failure,
    validate_password,
    validate_username,
    wait_left,
)
from desk_app.domain.errors import DeskError

ROLES = ("province", "district", "it")
PEOPLE_ROLES = ("province", "district")  # the roles shown who the citizens are (IT sees figures and builds)
_SCOPE = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
_DUMMY: list[str] = []  # a real hash, made once: an unknown name costs the same work as a known one


class LoginRefused(DeskError):
    """Wrong name or password, a disabled account, or a name made to wait (``wait`` seconds)."""

    def __init__(self, message: str, wait: int = 0) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class WebUser:
    username: str
    full_name: str
    role: str
    scope: str

    @property
    def sees_people(self) -> bool:
        """Citizens' names and identification numbers are shown to supervisors, never to IT."""
        return self.role in PEOPLE_ROLES

    def sees(self, agency_code: str) -> bool:
        """A station of ``agency_code`` is inside this user's scope."""
        return agency_code == self.scope or agency_code.startswith(self.scope + ".")


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def audit(engine: Engine, username: str, action: str, detail: str = "") -> None:
    """One line of ``web_audit``; what came from a request (a name, a path, a query) is kept printable
    (PostgreSQL refuses a NUL in text, and a log line should stay one line)."""
    name, said = _CONTROL.sub("?", username[:64]), _CONTROL.sub("?", detail[:500])
    with engine.begin() as conn:
        conn.execute(insert(web_audit).values(at=now_iso(), username=name, action=action, detail=said))


def check_scope(engine: Engine, scope: str) -> str:
    """``scope`` as an agency-code prefix that names at least one enrolled station; DeskError otherwise."""
    wanted = scope.strip().upper()
    if not _SCOPE.fullmatch(wanted):
        raise DeskError(f"phạm vi {scope!r} không phải mã cơ quan (ví dụ G01.79 hoặc G01.79.760)")
    with engine.connect() as conn:
        codes = conn.execute(select(stations.c.agency_code).distinct()).scalars().all()
    if not any(c == wanted or c.startswith(wanted + ".") for c in codes):
        raise DeskError(f"phạm vi {wanted}: chưa có trạm nào của cơ quan này đăng ký với máy chủ")
    return wanted


def add_user(
    engine: Engine, username: str, role: str, scope: str, password: str, full_name: str = ""
) -> WebUser:
    name = validate_username(username)
    if role not in ROLES:
        raise DeskError(f"vai trò phải là một trong {', '.join(ROLES)}")
    wanted = check_scope(engine, scope)
    validate_password(password, name, (full_name,))
    with engine.begin() as conn:
        if conn.execute(select(web_users.c.username).where(web_users.c.username == name)).first():
            raise DeskError(f"đã có tài khoản {name}")
        conn.execute(insert(web_users).values(username=name, full_name=full_name.strip(), role=role,
                                              scope=wanted, password_hash=_hasher().hash(password),
                                              created_at=now_iso()))  # fmt: skip
    audit(engine, name, "user.create", f"{role} {wanted}")
    return WebUser(name, full_name.strip(), role, wanted)


def change_password(engine: Engine, username: str, password: str) -> None:
    name = validate_username(username)
    validate_password(password, name)
    with engine.begin() as conn:
        done = conn.execute(update(web_users).where(web_users.c.username == name).values(
            password_hash=_hasher().hash(password), failures=0, not_before=None))  # fmt: skip
    if not done.rowcount:
        raise DeskError(f"không có tài khoản {name}")
    audit(engine, name, "user.password")


def disable_user(engine: Engine, username: str) -> None:
    name = validate_username(username)
    with engine.begin() as conn:
        active = (web_users.c.username == name, web_users.c.disabled_at.is_(None))
        done = conn.execute(update(web_users).where(*active).values(disabled_at=now_iso()))
    if not done.rowcount:
        raise DeskError(f"không có tài khoản đang dùng {name}")
    audit(engine, name, "user.disable")


def list_users(engine: Engine) -> list[dict[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(web_users).order_by(web_users.c.username)).all()
    return [
        {"username": r.username, "role": r.role, "scope": r.scope,
         "state": "disabled" if r.disabled_at else "active", "full_name": r.full_name}
        for r in rows
    ]  # fmt: skip


def log_in(engine: Engine, username: str, password: str, now: datetime) -> WebUser:
    """The user, if the password is theirs; LoginRefused otherwise (same words for a wrong name and a
    wrong password; the same hashing work either way). A name waiting out its wrong passwords is refused
    before its password is looked at."""
    name = username.strip().lower()[:64]
    with engine.connect() as conn:
        row = conn.execute(select(web_users).where(web_users.c.username == name)).first()
    state = LoginState(row.failures, datetime.fromisoformat(row.not_before) if row.not_before else None) \
        if row is not None else LoginState(0, None)  # fmt: skip
    left = wait_left(state, now)
    if left:
        audit(engine, name, "login.throttled", f"{left}s")
        raise LoginRefused(f"Sai mật khẩu nhiều lần: thử lại sau {left} giây", left)
    if not _DUMMY:
        _DUMMY.append(_hasher().hash("no such account"))
    good = _matches(row.password_hash if row is not None else _DUMMY[0], password)
    if row is None or not good or row.disabled_at:
        if row is not None and not good:
            later = after_failure(state, now)
            with engine.begin() as conn:
                conn.execute(update(web_users).where(web_users.c.username == name).values(
                    failures=later.failures,
                    not_before=later.not_before.isoformat() if later.not_before else None))  # fmt: skip
        audit(engine, name, "login.failed" if row is None or not good else "login.disabled")
        raise LoginRefused("Sai tên đăng nhập hoặc mật khẩu")
    if row.failures:
        with engine.begin() as conn:
            conn.execute(
                update(web_users).where(web_users.c.username == name).values(failures=0, not_before=None)
            )
    audit(engine, name, "login.ok")
    return WebUser(row.username, row.full_name, row.role, row.scope)
