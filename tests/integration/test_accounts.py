"""Accounts and the audit trail on a real station: logins, lockout (fake clock), roles, tampering, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, text, update

from desk_app.domain.accounts import AccessDenied, Role
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import (
    LoginFailed,
    PasswordChangeRequired,
    User,
    add_user,
    authenticate,
    change_password,
    create_first_admin,
    disable_user,
    list_users,
    renew_password,
)  # fmt: skip
from desk_app.services.audit import list_audit, verify_audit
from desk_app.storage.schema import audit_log
from tests.actors import OFFICER
from tests.integration.test_cli import desk

ADMIN_PW, OFFICER_PW, BOSS_PW = "admin-pass-1", "officer-pass-1", "boss-pass-12"


@pytest.fixture
def people(station):
    ctx = station.ctx
    admin = create_first_admin(ctx, "quan.tri", ADMIN_PW, "Quản trị trạm")
    officer = add_user(ctx, admin, "hoa.nt", Role.OFFICER, OFFICER_PW, "Nguyễn Thị Hoa")
    boss = add_user(ctx, admin, "binh.lv", Role.SUPERVISOR, BOSS_PW, "Lê Văn Bình")
    return admin, officer, boss


def actions(ctx, admin: User) -> list[str]:
    return [e.action for e in list_audit(ctx, admin)]


def test_wrong_passwords_slow_a_name_down_and_never_lock_anyone_out(station, clock, people):
    """The issue's attack: 20 wrong passwords for each of the accounts, the only admin included, then the
    admin's right password works within a minute — and an unknown name is treated just the same."""
    ctx = station.ctx
    admin = people[0]
    assert authenticate(ctx, "HOA.NT", OFFICER_PW).role is Role.OFFICER
    messages: dict[str, list[str]] = {}
    for name in ("quan.tri", "hoa.nt", "binh.lv", "khong.co"):
        for _ in range(20):
            with pytest.raises(LoginFailed) as failed:
                authenticate(ctx, name, "wrong-password")
            messages.setdefault(name, []).append(failed.value.message)
    assert messages["khong.co"] == messages["quan.tri"]  # an unknown name: the same words, the same waits
    assert messages["quan.tri"][0] == "Sai tên đăng nhập hoặc mật khẩu"
    assert any("thử lại sau" in m for m in messages["quan.tri"])
    with pytest.raises(LoginFailed, match=r"thử lại sau \d+ giây"):
        authenticate(ctx, "quan.tri", ADMIN_PW)  # the wait holds for the right password too …
    clock.now += timedelta(seconds=60)
    assert authenticate(ctx, "quan.tri", ADMIN_PW).role is Role.ADMIN  # … for at most a minute
    for _ in range(2):  # a right password forgets the failures: the next wrong one is not slowed
        with pytest.raises(LoginFailed, match=r"^Sai tên đăng nhập hoặc mật khẩu$"):
            authenticate(ctx, "quan.tri", "wrong-password")
    log = actions(ctx, admin)
    assert "login.throttled" in log and "login.unknown_user" in log and "login.failed" in log


def test_an_unknown_name_costs_one_password_check_like_a_known_one(station, people, monkeypatch):
    """Equal time by construction: both check one argon2id hash of the station's own parameters (the
    benchmark tests/benchmarks/test_login_timing.py measures the ratio)."""
    from desk_app.services import accounts as accounts_mod

    checked: list[str] = []
    real = accounts_mod.password_matches

    def counting(stored: str, password: str) -> bool:
        checked.append(stored.rsplit("$", 2)[0])
        return real(stored, password)

    monkeypatch.setattr(accounts_mod, "password_matches", counting)
    for name in ("hoa.nt", "khong.co"):
        with pytest.raises(LoginFailed, match=r"^Sai tên đăng nhập hoặc mật khẩu$"):
            authenticate(station.ctx, name, "wrong-password")
    assert len(checked) == 2 and checked[0] == checked[1]  # one check each, the same argon2 parameters


def test_an_account_from_before_the_rule_must_set_a_new_password(station, people):
    ctx = station.ctx
    with ctx.uow(write=True) as uow:  # what migration 0010 does to every existing account
        uow.accounts.update("hoa.nt", {"must_change_password": True})
        uow.commit()
    with pytest.raises(PasswordChangeRequired, match="mật khẩu mới"):
        authenticate(ctx, "hoa.nt", OFFICER_PW)
    with pytest.raises(LoginFailed, match=r"^Sai tên"):
        renew_password(ctx, "hoa.nt", "wrong-password", "Lua-chin-vang-dong-2026")
    with pytest.raises(DeskError, match="quá dễ đoán"):
        renew_password(ctx, "hoa.nt", OFFICER_PW, "password123")
    assert renew_password(ctx, "hoa.nt", OFFICER_PW, "Lua-chin-vang-dong-2026").username == "hoa.nt"
    assert authenticate(ctx, "hoa.nt", "Lua-chin-vang-dong-2026").role is Role.OFFICER


def test_a_disabled_account_cannot_log_in_and_the_last_admin_stays(station, people):
    ctx = station.ctx
    admin = people[0]
    disable_user(ctx, admin, "hoa.nt")
    with pytest.raises(LoginFailed, match="đã bị quản trị vô hiệu hóa"):
        authenticate(ctx, "hoa.nt", OFFICER_PW)
    with pytest.raises(DeskError, match="chính mình"):
        disable_user(ctx, admin, "quan.tri")
    assert {u["username"]: u["disabled"] for u in list_users(ctx, admin)}["hoa.nt"] is True


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("officer", {"own_password"}), ("supervisor", {"own_password", "audit"}),
     ("admin", {"own_password", "audit", "add", "reset", "disable", "list"})],
)  # fmt: skip
def test_every_role_against_every_account_action(station, people, who, allowed):
    ctx = station.ctx
    admin, officer, boss = people
    actor = {"officer": officer, "supervisor": boss, "admin": admin}[who]
    current = {"officer": OFFICER_PW, "supervisor": BOSS_PW, "admin": ADMIN_PW}[who]
    attempts = {
        "own_password": lambda: change_password(ctx, actor, actor.username, "Mot-mat-khau-moi-99", current),
        "audit": lambda: verify_audit(ctx, actor),
        "add": lambda: add_user(ctx, actor, "new.user", Role.OFFICER, "new-user-pass"),
        "reset": lambda: change_password(
            ctx, actor, "hoa.nt" if who != "officer" else "binh.lv", "reset-pass-1"
        ),
        "disable": lambda: disable_user(ctx, actor, "binh.lv" if who != "supervisor" else "hoa.nt"),
        "list": lambda: list_users(ctx, actor),
    }
    for name, attempt in attempts.items():
        if name in allowed:
            attempt()
        else:
            with pytest.raises(AccessDenied):
                attempt()
    denied = [e for e in list_audit(ctx, admin) if e.action == "denied"]
    assert len(denied) == len(attempts) - len(allowed)


def test_tampering_with_plain_sql_is_named(station, people):
    ctx = station.ctx
    admin = people[0]
    for _ in range(3):
        authenticate(ctx, "hoa.nt", OFFICER_PW)
    assert verify_audit(ctx, admin)[1] is None
    engine = station.engine
    with engine.begin() as conn:  # someone edits entry 4 to hide who logged in
        conn.execute(update(audit_log).where(audit_log.c.id == 4).values(actor="binh.lv"))
    broken = verify_audit(ctx, admin)[1]
    assert broken is not None and broken.entry_id == 4
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == 4).values(actor="hoa.nt"))
        conn.execute(delete(audit_log).where(audit_log.c.id == 5))
    assert verify_audit(ctx, admin)[1].entry_id == 6  # type: ignore[union-attr]
    with engine.begin() as conn:
        row = conn.execute(text("SELECT * FROM audit_log WHERE id = 4")).mappings().one()
        conn.execute(insert(audit_log).values({**row, "id": 5, "action": "login.failed"}))
    assert verify_audit(ctx, admin)[1].entry_id == 5  # type: ignore[union-attr]


def run_cli(*args: str, data_dir: Path, password: str | None = None, new: str | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_APP_")}
    env.update({"DESK_APP_PASSWORD": password} if password else {})
    env.update({"DESK_APP_NEW_PASSWORD": new} if new else {})
    command = [sys.executable, "-m", "desk_app", *args, "--data-dir", str(data_dir)]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120
    )


def test_cli_users_and_audit(tmp_path):
    data = tmp_path / "s"
    bad = run_cli("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA phường", "--desk", "1",
                  "--admin", "quan.tri", data_dir=data, new="short")  # fmt: skip
    assert bad.returncode != 0 and "ít nhất 10" in bad.stderr and not data.exists()  # checked first
    ok = run_cli("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA phường", "--desk", "1",
                 "--admin", "quan.tri", data_dir=data, new=ADMIN_PW)  # fmt: skip
    assert ok.returncode == 0 and "quan.tri" in ok.stdout
    who = ("--display-name", "Nguyễn Thị Hoa", "--user", "quan.tri")
    added = run_cli("user", "add", "hoa.nt", "--role", "officer", *who, data_dir=data, password=ADMIN_PW,
                    new=OFFICER_PW)  # fmt: skip
    assert added.stdout.split() == ["hoa.nt", "officer"]
    listed = run_cli("user", "--user", "quan.tri", "list", data_dir=data, password=ADMIN_PW).stdout
    assert "hoa.nt\tofficer\tactive\tNguyễn Thị Hoa" in listed
    refused = run_cli("user", "add", "x.y", "--role", "admin", "--user", "hoa.nt", data_dir=data,
                      password=OFFICER_PW, new="whatever-pass")  # fmt: skip
    assert refused.returncode != 0 and "quyền quản trị" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    for args, why in (((), "--user"), (("--user", "quan.tri"), "Thiếu mật khẩu")):
        r = run_cli("audit", "verify", *args, data_dir=data)
        assert r.returncode != 0 and why in r.stderr
    wrong = run_cli("audit", "verify", "--user", "quan.tri", data_dir=data, password="not-the-password")
    assert wrong.returncode != 0 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    good = run_cli("audit", "verify", "--user", "quan.tri", data_dir=data, password=ADMIN_PW)
    assert good.returncode == 0 and "nguyên vẹn" in good.stdout
    import sqlite3

    with sqlite3.connect(data / "station.sqlite3") as conn:
        conn.execute("UPDATE audit_log SET subject = 'x' WHERE id = 3")
    broken = run_cli("audit", "verify", "--user", "quan.tri", data_dir=data, password=ADMIN_PW)
    assert broken.returncode == 1 and broken.stdout.strip() == "3" and "mục 3" in broken.stderr
    lines = run_cli(
        "audit", "list", "--user", "quan.tri", data_dir=data, password=ADMIN_PW
    ).stdout.splitlines()
    assert lines[0].split("\t")[:5][2:] == ["quan.tri", "user.create", "quan.tri"]
    since = lines[-1].split("\t")[1]
    recent = run_cli(
        "audit", "list", "--since", since, "--user", "quan.tri", data_dir=data, password=ADMIN_PW
    )
    assert 1 <= len(recent.stdout.splitlines()) < len(lines)
    desk(
        "catalogue", "list", data_dir=data
    )  # dossier commands do not ask for a user yet (issue 5, next step)


def test_a_nearly_full_disk_stops_intake_before_writing(tmp_path, clock):
    from desk_app import bootstrap
    from desk_app.config import Config, Counter, Safety
    from desk_app.services.intake import receive_dossier
    from desk_app.services.queries import count_dossiers
    from tests.conftest import TEST_STATION, walk_in

    huge = Safety(min_free_mb=10**9)  # a petabyte: no disk has that much free
    station = bootstrap.initialise_station(tmp_path / "s", Config(TEST_STATION, Counter(), safety=huge))
    station.ctx.clock = clock
    try:
        with pytest.raises(DeskError, match="Ổ đĩa chứa dữ liệu gần đầy"):
            receive_dossier(station.ctx, OFFICER, walk_in())
        assert count_dossiers(station.ctx, OFFICER, None) == 0
    finally:
        station.close()


def test_every_dossier_command_refuses_a_missing_or_wrong_user(tmp_path):
    """The contract: commands that read or change dossiers take --user and check it like the GUI."""
    from tests.integration.test_cli import desk, station_with_one_dossier

    data, code = station_with_one_dossier(tmp_path)
    page = tmp_path / "page.png"
    from tests.scan_samples import render, scanned

    desk("receipt", code, "-o", str(tmp_path / "r.pdf"), data_dir=data)
    scanned(render(tmp_path / "r.pdf", 100)).save(page)
    src = tmp_path / "more.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    out = str(tmp_path / "out.pdf")
    commands = [
        ("import", str(src)), ("show", code), ("search", "nguyen"), ("act", code, "transfer"),
        ("attach", code, str(page)), ("scan", code), ("receipt", code, "-o", out),
        ("form", "control-slip", code, "-o", out), ("cover-sheet", code, "-o", out),
        ("handover", "1/BB", "-o", out), ("file-batch", str(tmp_path / "r.pdf")),
        ("user", "list"), ("audit", "list"), ("backup", "-o", out), ("report", "day"),
        ("register", "--from", "2026-11-01", "--to", "2026-11-30", "-o", out), ("purge-scans",),
        ("catalogue", "import", str(src)), ("enroll", "--server", "https://tt.example", "--token", "a" * 48),
    ]  # fmt: skip
    for args in commands:
        missing = desk(*args, data_dir=data, check=False, user=None)
        assert missing.returncode == 1 and missing.stderr.strip() == (
            "desk-app: Lệnh này cần --user TÊN (tài khoản đăng nhập)"
        ), (args, missing.stderr)
    for args in commands[:2]:  # fewer than the free tries: no wait, whatever the speed
        wrong = desk(*args, data_dir=data, check=False, env={"DESK_APP_PASSWORD": "sai-mat-khau"})
        assert wrong.returncode == 1 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr, args
    assert not Path(out).exists()
    shown = json.loads(desk("show", code, "--json", data_dir=data).stdout)
    assert shown["status"] == "received" and shown["attachments"] == []  # nothing changed


def test_init_checks_the_admin_password_by_the_service_rule_before_anything_exists(tmp_path):
    """A password made of the station's own name is refused before the station is made (it used to pass
    the early check and fail after the station existed, leaving it without its admin)."""
    data = tmp_path / "s"
    init = ("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Bến Thành",
            "--desk", "1")  # fmt: skip
    weak = run_cli(*init, "--admin", "quan.tri", data_dir=data, new="Ben Thanh 2026")
    assert weak.returncode == 1 and "dễ đoán" in weak.stderr and not data.exists()
    assert run_cli(*init, "--admin", "quan.tri", data_dir=data, new=ADMIN_PW).returncode == 0
    again = run_cli(*init, "--admin", "quan.tri", data_dir=data, new="short")
    assert again.returncode == 1 and "đã được thiết lập" in again.stderr  # said before any password
