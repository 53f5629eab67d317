"""The command line's account and audit commands: ``user …``, ``audit …`` and the password prompts.

Who acts is ``--user NAME``; the password comes from ``DESK_APP_PASSWORD`` or, on a terminal, a prompt
(never an argument: it would stay in the shell's history). A new password comes from
``DESK_APP_NEW_PASSWORD`` or a prompt asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.domain.accounts import Role, validate_password, validate_username
from desk_app.domain.errors import DeskError

if TYPE_CHECKING:  # the command line imports this module to build its parser: nothing heavy at import
    from desk_app.bootstrap import Station
    from desk_app.config import Station as StationConfig
    from desk_app.services.accounts import User

ENV_PASSWORD = "DESK_APP_PASSWORD"
ENV_NEW_PASSWORD = "DESK_APP_NEW_PASSWORD"
ENV_APPROVER_PASSWORD = "DESK_APP_APPROVER_PASSWORD"


def _prompt(label: str, variable: str = ENV_PASSWORD) -> str:
    if not sys.stdin.isatty():
        raise DeskError(
            f"Thiếu mật khẩu ({label.rstrip(': ')}): đặt biến môi trường {variable} hoặc chạy lệnh "
            "trong cửa sổ dòng lệnh để được hỏi"
        )
    return getpass.getpass(label)


def password() -> str:
    return os.environ.get(ENV_PASSWORD) or _prompt("Mật khẩu: ")


def new_password() -> str:
    given = os.environ.get(ENV_NEW_PASSWORD)
    if given:
        return given
    first = _prompt("Mật khẩu mới: ", ENV_NEW_PASSWORD)
    if _prompt("Nhập lại mật khẩu mới: ", ENV_NEW_PASSWORD) != first:
        raise DeskError("Hai lần nhập mật khẩu mới không khớp")
    return first


def check_admin_arguments(name: str, station: StationConfig) -> tuple[str, str]:
    """``init --admin``: the name and new password, checked before anything is created — by the rule the
    account service applies (the station's own words count as known), so nothing fails half-way."""
    user = validate_username(name)
    secret = new_password()
    validate_password(secret, user, (station.agency_name, station.agency_code, station.place))
    return user, secret


def login(station: Station, user: str | None) -> User:
    from desk_app.services.accounts import PasswordChangeRequired, authenticate

    if not user:
        raise DeskError("Lệnh này cần --user TÊN (tài khoản đăng nhập)")
    try:
        return authenticate(station.ctx, user, password())
    except PasswordChangeRequired as exc:
        raise DeskError(
            f"{exc.message}: desk-app user passwd {exc.user.username} --user {exc.user.username} (mật khẩu "
            f"hiện tại ${ENV_PASSWORD}, mật khẩu mới ${ENV_NEW_PASSWORD} hoặc nhập khi được hỏi)"
        ) from None


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Station]:
    """The station of ``--data-dir``, closed whatever happens (a command that needs no log-in)."""
    from desk_app import bootstrap

    station = bootstrap.open_station(args.data_dir)
    try:
        yield station
    finally:
        station.close()


@contextmanager
def acting(args: argparse.Namespace) -> Iterator[tuple[Station, User]]:
    """The station of ``--data-dir`` and the user of ``--user`` logged in (password as for every command):
    the one way a command opens a station to act as someone; closed whatever happens."""
    with opened(args) as station:
        yield station, login(station, args.user)


def approver_login(station: Station, user: str | None) -> User | None:
    """``act … --approver NAME``: the supervisor approving in place (password from
    ``DESK_APP_APPROVER_PASSWORD`` or the prompt), authenticated like any login."""
    from desk_app.services.accounts import authenticate

    if not user:
        return None
    secret = os.environ.get(ENV_APPROVER_PASSWORD) or _prompt(f"Mật khẩu của lãnh đạo {user}: ",
                                                              ENV_APPROVER_PASSWORD)  # fmt: skip
    return authenticate(station.ctx, user, secret)


def user_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """``--user NAME``: who acts (every command that reads or changes dossiers or users)."""
    parser.add_argument("--user", metavar="NAME", default=default,
                        help="who acts (password: $DESK_APP_PASSWORD or the prompt)")  # fmt: skip


def cmd_user(args: argparse.Namespace) -> int:
    from desk_app.services import accounts

    if args.user_command == "passwd" and args.user and args.name.strip().lower() == args.user.strip().lower():
        with opened(args) as station:  # one's own: the current password proves it, even one to renew
            accounts.renew_password(station.ctx, args.user, password(), new_password())
        print(f"Đã đổi mật khẩu của {args.name}")
        return 0
    with acting(args) as (station, actor):
        if args.user_command == "add":
            made = accounts.add_user(
                station.ctx, actor, args.name, Role(args.role), new_password(), args.display_name
            )
            print(f"{made.username}\t{made.role.value}")
        elif args.user_command == "passwd":
            accounts.change_password(station.ctx, actor, args.name, new_password())
            print(f"Đã đổi mật khẩu của {args.name}")
        elif args.user_command == "disable":
            accounts.disable_user(station.ctx, actor, args.name)
            print(f"Đã khóa tài khoản {args.name}")
        else:
            for u in accounts.list_users(station.ctx, actor):
                state = "disabled" if u["disabled"] else "active"
                print(f"{u['username']}\t{u['role']}\t{state}\t{u['display_name']}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from desk_app.services.audit import list_audit, verify_audit

    with acting(args) as (station, actor):
        if args.audit_command == "verify":
            count, broken, anchors = verify_audit(station.ctx, actor)
            if broken is not None:
                where = f"mục {broken.entry_id}" if broken.entry_id is not None else "cuối nhật ký"
                print(broken.entry_id if broken.entry_id is not None else "end")
                print(f"Nhật ký đã bị thay đổi: {where} — {broken.reason} ({anchors})", file=sys.stderr)
                return 1
            print(f"Nhật ký nguyên vẹn: {count} mục ({anchors})")
            return 0
        for e in list_audit(station.ctx, actor, args.since):
            data = json.loads(e.data) if e.data and e.data != "{}" else ""
            extra = json.dumps(data, ensure_ascii=False) if data else ""
            print(f"{e.id}\t{e.at}\t{e.actor}\t{e.action}\t{e.subject}\t{extra}".rstrip("\t"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desk_app.services.backup import write_backup

    with acting(args) as (station, actor):
        info = write_backup(station.ctx, actor, args.output)
    print(f"{info.path}\t{info.files} tệp\t{info.bytes} byte")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup; the acting admin is checked against this station, or — if its DB no longer
    opens — against the backup's own accounts. The app must be closed. A refused restore is audited in the
    station (when it opens), a done one in the restored station."""
    if not args.user:
        raise DeskError("Lệnh này cần --user TÊN (tài khoản đăng nhập)")
    keys = tuple(args.key_file or ())
    if not args.data_dir.exists():  # a new PC: a refused restore leaves no folder behind
        try:
            return _restore(args, keys)
        except BaseException:
            import shutil

            shutil.rmtree(args.data_dir, ignore_errors=True)
            raise
    return _restore(args, keys)


def _restore(args: argparse.Namespace, keys: tuple[Path, ...]) -> int:
    """The restore itself (see :func:`cmd_restore`)."""
    from desk_app import bootstrap
    from desk_app import config as config_mod
    from desk_app.services.restore import authenticate_from_backup, finish_interrupted, restore_backup

    finish_interrupted(args.data_dir)
    current: tuple[str, int] | None = None
    try:
        cfg = config_mod.load(args.data_dir)
        current = (cfg.station.agency_code, cfg.station.desk)
    except DeskError:
        pass  # no station here any more: restore into the empty directory
    try:
        station = bootstrap.open_station(args.data_dir)
    except DeskError:
        actor = authenticate_from_backup(args.file, args.user, password(), args.data_dir, keys)
    else:
        try:
            actor = login(station, args.user)
        finally:
            station.close()
    try:
        info = restore_backup(args.data_dir, args.file, actor, current, keys)
    except DeskError as exc:
        _audit_refusal(args.data_dir, actor.username, args.file.name, exc.message)
        raise
    restored = bootstrap.open_station(args.data_dir)  # migrates a backup from an older build
    try:
        with restored.ctx.uow(write=True) as uow:
            uow.audit.append(restored.ctx.clock(), actor.username, "restore", args.file.name,
                             {"backup_created_at": info.created_at})  # fmt: skip
            uow.commit()
    finally:
        restored.close()
    print(f"Đã khôi phục bản sao lưu {info.created_at} ({info.files} tệp) vào {args.data_dir}")
    return 0


def _audit_refusal(data_dir: Path, who: str, name: str, reason: str) -> None:
    from desk_app import bootstrap

    try:
        station = bootstrap.open_station(data_dir)
    except DeskError:
        return  # nothing to write into: the station's DB is the broken thing being restored
    try:
        with station.ctx.uow(write=True) as uow:
            uow.audit.append(station.ctx.clock(), who, "restore.refused", name, {"reason": reason[:300]})
            uow.commit()
    finally:
        station.close()


def cmd_recovery_key(args: argparse.Namespace) -> int:
    """A new recovery key: its secret on stdout once (and on a printed sheet with ``-o``), never kept."""
    from desk_app.services.backup_keys import new_recovery_key

    with acting(args) as (station, actor):
        key = new_recovery_key(station.ctx, actor)
        if args.output is not None:
            from desk_app.documents.recovery_sheet import write_recovery_sheet
            from desk_app.locator import resource

            here = station.ctx.config.station
            write_recovery_sheet(args.output, key.secret, here.agency_name, here.agency_code, here.desk,
                                 station.ctx.clock(), resource("fonts"))  # fmt: skip
    print(key.secret)
    print(
        f"Khóa khôi phục mới ({key.public}): hãy in hoặc chép ra giấy, cất vào két của trạm; máy này không "
        "giữ nó. Trên máy mới: desk-app restore TỆP --key-file TỆP_KHÓA --user QUẢN_TRỊ",
        file=sys.stderr,
    )
    return 0


def add_parsers(command, child_options) -> None:  # type: ignore[no-untyped-def]
    """Register ``user`` and ``audit`` with the CLI's ``command(name, handler, help)`` helper;
    ``child_options(parser)`` adds the global options (``--data-dir``) to each action, so that they, and
    ``--user``, may come before or after the action."""
    p = command("user", cmd_user, "manage accounts: add, passwd, disable, list (admin)")
    user_option(p, None)
    sub = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="a new account (password: $DESK_APP_NEW_PASSWORD or the prompt)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name", default="", help="the full name shown and printed")
    passwd = sub.add_parser("passwd", help="set a new password")
    passwd.add_argument("name")
    disable = sub.add_parser("disable", help="disable an account (kept, never deleted)")
    disable.add_argument("name")
    listing = sub.add_parser("list", help="all accounts")
    for child in (add, passwd, disable, listing):
        user_option(child, argparse.SUPPRESS)
        child_options(child)
    p = command("audit", cmd_audit, "the tamper-evident audit trail: list, verify (supervisor)")
    user_option(p, None)
    sub = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = sub.add_parser(
        "verify", help="walk the hash chain; exit 1 and the first bad entry's id if broken"
    )
    lst = sub.add_parser("list", help="entries, oldest first")
    lst.add_argument("--since", metavar="ISO", help="only entries at or after this time")
    for child in (verify, lst):
        user_option(child, argparse.SUPPRESS)
        child_options(child)
    p = command("backup", cmd_backup, "a consistent backup of the station (DB + scans) while it runs (admin)")
    user_option(p, None)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p = command("restore", cmd_restore, "restore a backup of this station (admin; close the app first)")
    user_option(p, None)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--key-file", type=Path, action="append", metavar="FILE",
                   help="a recovery key (AGE-SECRET-KEY-1…): needed on a new PC")  # fmt: skip
    p = command("recovery-key", cmd_recovery_key,
                "a new recovery key for the backups, shown once (admin; -o: a sheet, QR)")  # fmt: skip
    user_option(p, None)
    p.add_argument("-o", "--output", type=Path, metavar="SHEET.pdf", help="also a printable sheet (PDF)")
