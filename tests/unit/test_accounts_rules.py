"""Roles, permissions, names, passwords and the lockout rule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk_app.domain.accounts import (
    AccessDenied,
    LockoutPolicy,
    LoginState,
    Permission,
    Role,
    after_failure,
    allows,
    is_locked,
    require,
    validate_password,
    validate_username,
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


def test_five_failures_lock_for_fifteen_minutes():
    policy, state = LockoutPolicy(), LoginState(0, None)
    for n in range(1, 5):
        state = after_failure(state, T0, policy)
        assert state == LoginState(n, None) and not is_locked(state, T0)
    state = after_failure(state, T0, policy)
    assert state.locked_until == T0 + timedelta(minutes=15) and state.failures == 0
    assert is_locked(state, T0 + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, T0 + timedelta(minutes=15))


def test_the_policy_is_configurable():
    state = after_failure(LoginState(1, None), T0, LockoutPolicy(max_failures=2, lock_minutes=3))
    assert state.locked_until == T0 + timedelta(minutes=3)
