"""Issue 19, part 2: the provincial view's accounts, through ``desk-central user …`` and the log-in they
open: argon2id, the desk's password rule, a scope that names enrolled stations, wrong passwords slowed
down (unknown names too), disabled accounts refused, everything audited; never a station's credential."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.central import stations, web_accounts
from desk_app.central.db import make_engine, migrate
from desk_app.central.schema import web_audit, web_users
from desk_app.domain.model import VN_TZ

PASSWORD = "Lua-chin-vang-dong-2026"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=VN_TZ)


def central(db: str, *args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_CENTRAL_NEW_PASSWORD": password or ""}
    return subprocess.run([sys.executable, "-m", "desk_app.central", *args, "--db", db], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    for agency, desk in (("G01.79.760.001", 1), ("G01.79.760.001", 2), ("G01.01.001.002", 1)):
        stations.enroll(engine, stations.issue_token(engine, agency, desk), agency, desk)
    engine.dispose()
    return url


def test_accounts_through_the_command_line(db: str) -> None:
    out = central(db, "user", "add", "hcm.giamsat", "--role", "province", "--scope", "g01.79",
                  "--full-name", "Trần Văn Giám")  # fmt: skip
    assert out.returncode == 0 and out.stdout.strip() == "hcm.giamsat\tprovince\tG01.79", out.stderr
    for args, said in (
        (
            ("--role", "province", "--scope", "G99"),
            "chưa có trạm nào của cơ quan này",
        ),  # a scope with no station
        (("--role", "province", "--scope", "G01 79"), "không phải mã cơ quan"),
        (("--role", "boss", "--scope", "G01"), "invalid choice"),
    ):
        refused = central(db, "user", "add", "khac.user", *args)
        assert refused.returncode != 0 and said in refused.stderr.splitlines()[-1]  # one line says why
    weak = central(db, "user", "add", "yeu.user", "--role", "it", "--scope", "G01", password="12345678")
    assert weak.returncode == 1 and "Mật khẩu" in weak.stderr
    again = central(db, "user", "add", "hcm.giamsat", "--role", "it", "--scope", "G01")
    assert again.returncode == 1 and "đã có tài khoản" in again.stderr
    assert central(db, "user", "passwd", "hcm.giamsat", password="Bau-troi-xanh-ngat-2027").returncode == 0
    assert central(db, "user", "disable", "hcm.giamsat").returncode == 0
    listed = central(db, "user", "list").stdout.splitlines()
    assert listed == ["hcm.giamsat\tprovince\tG01.79\tdisabled\tTrần Văn Giám"]
    engine = make_engine(db)
    with engine.connect() as conn:
        stored = conn.execute(select(web_users.c.password_hash)).scalar_one()
        actions = conn.execute(select(web_audit.c.action)).scalars().all()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "Bau-troi" not in stored
    assert actions == ["user.create", "user.password", "user.disable"]


def test_log_in_scope_wait_and_refusals(db: str) -> None:
    engine = make_engine(db)
    user = web_accounts.add_user(engine, "q1.giamsat", "district", "G01.79.760", PASSWORD)
    assert user.sees("G01.79.760.001") and not user.sees("G01.79.7600") and not user.sees("G01.01.001.002")
    assert web_accounts.log_in(engine, "Q1.GIAMSAT", PASSWORD, NOW) == user
    with pytest.raises(web_accounts.LoginRefused, match="Sai tên đăng nhập hoặc mật khẩu"):
        web_accounts.log_in(engine, "khong.co", PASSWORD, NOW)  # an unknown name: the same words
    now = NOW
    waits = []
    for _ in range(6):
        try:
            web_accounts.log_in(engine, "q1.giamsat", "sai-mat-khau", now)
        except web_accounts.LoginRefused as exc:
            waits.append(exc.wait)
        now += timedelta(milliseconds=100)
    assert waits[:3] == [0, 0, 0] and any(w > 0 for w in waits[3:])  # slowed after three, never locked out
    with pytest.raises(web_accounts.LoginRefused, match="thử lại sau"):
        web_accounts.log_in(engine, "q1.giamsat", PASSWORD, now)  # even the right one waits its turn
    assert web_accounts.log_in(engine, "q1.giamsat", PASSWORD, now + timedelta(minutes=5)) == user
    web_accounts.disable_user(engine, "q1.giamsat")
    with pytest.raises(web_accounts.LoginRefused):
        web_accounts.log_in(engine, "q1.giamsat", PASSWORD, now + timedelta(minutes=10))
    credential = stations.enroll(
        engine, stations.issue_token(engine, "G01.79.760.001", 3), "G01.79.760.001", 3
    )[1]
    with pytest.raises(web_accounts.LoginRefused):  # a station's credential is no web password
        web_accounts.log_in(engine, "q1.giamsat", credential, now + timedelta(minutes=20))
    engine.dispose()
