"""Roles, permissions, names, passwords and the log-in throttle."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk_app.domain.accounts import (
    MAX_DELAY,
    AccessDenied,
    LoginState,
    Permission,
    Role,
    after_failure,
    allows,
    require,
    validate_password,
    validate_username,
    wait_left,
)  # fmt: skip
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)

EXPECTED = {
    Role.OFFICER: {Permission.WORK_DOSSIERS},
    Role.SUPERVISOR: {Permission.WORK_DOSSIERS, Permission.OVERRIDE, Permission.READ_AUDIT},
    Role.ADMIN: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_every_role_and_permission(role, permission):
    assert allows(role, permission) == (permission in EXPECTED[role])
    if permission in EXPECTED[role]:
        require(role, permission, "x")
    else:
        with pytest.raises(AccessDenied, match="không được x"):
            require(role, permission, "x")


@pytest.mark.parametrize("name", ["hoa.nt", "mai_lt", "  Tran-Van-B  ", "ab"])
def test_good_user_names(name):
    assert validate_username(name) == name.strip().lower()


@pytest.mark.parametrize("name", ["", "a", "1abc", "hòa", "a b", "x" * 33, "a@b"])
def test_bad_user_names(name):
    with pytest.raises(DeskError, match="Tên đăng nhập"):
        validate_username(name)


@pytest.mark.parametrize("password", ["short", "hoa.nt", " padded-password", "HOA.NT"])
def test_bad_passwords(password):
    with pytest.raises(DeskError, match="Mật khẩu"):
        validate_password(password, "hoa.nt")


def test_wrong_passwords_slow_down_and_never_lock_longer_than_a_minute():
    state, waits = LoginState(0, None), []
    for _ in range(20):
        state = after_failure(state, T0)
        waits.append(wait_left(state, T0))
    assert waits[:3] == [0, 0, 2] and waits[3:6] == [4, 8, 16] and max(waits) == MAX_DELAY == 60
    assert waits == sorted(waits)  # growing, capped
    assert wait_left(state, T0 + timedelta(seconds=59)) == 1
    assert wait_left(state, T0 + timedelta(seconds=60)) == 0


@pytest.mark.parametrize(
    "password",
    ["12345678", "aaaaaaaa", "password", "1234567890", "aaaaaaaaaaaa", "qwertyuiop", "password123",
     "matkhau123", "anhyeuem123", "iloveyou12", "hoa.nt2026!", "Congan2026",
     # the user's and the station's names, without diacritics, joined or apart (found trying it as IT)
     "benthanh2026", "Ben Thanh 2026", "conganbenthanh", "Cong an phuong Ben Thanh", "nguyenthihoa1990",
     "Nguyen Thi Hoa 1990"],
)  # fmt: skip
def test_common_or_short_passwords_are_refused(password):
    with pytest.raises(DeskError, match="Mật khẩu"):
        validate_password(password, "hoa.nt", ("Nguyễn Thị Hoa", "Công an phường Bến Thành"))


@pytest.mark.parametrize(
    "password", ["Lua-chin-vang-dong-2026", "mat-khau-thu", "officer-pass-1", "tx7#Kq2!mZ"]
)
def test_long_unguessable_passwords_are_taken(password):
    assert validate_password(password, "hoa.nt") == password
