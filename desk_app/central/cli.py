"""``desk-central``: the reference central server's command line (contract in the README).

``serve`` runs the API on uvicorn; ``token`` issues a one-time enrolment token for one desk of one agency
(printed as the last word; ``--replace`` for a PC replacing the desk's enrolled one); ``refusals`` lists
what the server refused, with the station; ``show`` prints what the server holds for a dossier code;
``update`` records a processing department's update of a dossier (result ready, supplement needed,
refused), which reaches the desk that received it; ``publish`` publishes a catalogue or a year's calendar
to every desk; ``user add|passwd|disable|list`` manages the provincial view's accounts. ``--db`` is an
SQLAlchemy URL: ``postgresql+psycopg://…`` in production, SQLite (the default,
``sqlite:///central.sqlite3``) for a demo.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DB = "sqlite:///central.sqlite3"


def _positive_hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of hours: {text!r}") from None
    if not 0 < hours <= 24 * 365:
        raise argparse.ArgumentTypeError(f"hours must be more than 0 and at most a year (got {text})")
    return hours


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from desk_app.central.app import create_app

    args.blobs.mkdir(parents=True, exist_ok=True)
    max_body = int(args.max_body_mb * 1024 * 1024)
    if args.workers <= 1:
        app = create_app(args.db, args.blobs, max_body=max_body, read_db=args.read_db,
                         stale_hours=args.stale_hours)  # fmt: skip
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    _engine(args.db).dispose()  # migrated once, before the workers start
    os.environ["DESK_CENTRAL_DB"], os.environ["DESK_CENTRAL_BLOBS"] = args.db, str(args.blobs.resolve())
    os.environ["DESK_CENTRAL_MAX_BODY"] = str(max_body)
    os.environ["DESK_CENTRAL_READ_DB"] = args.read_db or ""
    os.environ["DESK_CENTRAL_STALE_HOURS"] = str(args.stale_hours)
    uvicorn.run("desk_app.central.app:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level="warning")  # fmt: skip
    return 0


def _token(args: argparse.Namespace) -> int:
    from desk_app.central import stations

    try:
        token = stations.issue_token(_engine(args.db), args.agency, args.desk, args.station or "",
                                     replace=args.replace, hours=args.hours)  # fmt: skip
    except stations.TokenError as exc:
        print(f"desk-central: {exc}", file=sys.stderr)
        return 1
    what = f"{'a PC replacing ' if args.replace else ''}{args.agency.upper()} desk {args.desk}"
    print(f"Enrolment token for {what} (valid {args.hours} h, once): {token}")
    return 0


def _refusals(args: argparse.Namespace) -> int:
    from desk_app.central import stations

    rows = stations.list_refusals(_engine(args.db), args.station, args.limit)
    for r in rows:
        who = f"{r['station']} (#{r['station_id']})" if r["station_id"] is not None else r["station"]
        print(f"{r['at']}\t{who}\t{r['what']}\t{r['ref']}\t{r['reason']}\t{r['detail']}")
    if not rows:
        print("no refusals" + (f" of station {args.station!r}" if args.station else ""), file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    from desk_app.central import store

    engine = _engine(args.db)
    found = store.show(engine, args.code)
    if found is None:
        print(f"desk-central: no dossier {args.code}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print(f"{found['code']}\t{found['status']}\t{len(found['events'])} events")
    return 0


def _engine(url: str):  # type: ignore[no-untyped-def]
    from desk_app.central.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    return engine


def _update(args: argparse.Namespace) -> int:
    from desk_app.central import feed

    try:
        engine = _engine(args.db)
        event = feed.record_update(engine, args.code, args.action, args.by, args.reason, args.agency)
    except feed.FeedError as exc:
        print(f"desk-central: {exc}", file=sys.stderr)
        return 1
    print(f"{args.code}: {event['kind']} → {event['status']} (queued for its desk)")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from desk_app.central import feed

    try:
        content = args.file.read_text(encoding="utf-8")
        name, version, new = feed.publish(_engine(args.db), args.kind, content)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"desk-central: cannot read {args.file}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    except feed.FeedError as exc:
        print(f"desk-central: {exc}", file=sys.stderr)
        return 1
    print(f"{name} version {version}" + (" published" if new else " unchanged (same content)"))
    return 0


NEW_PASSWORD = "DESK_CENTRAL_NEW_PASSWORD"


def _new_password() -> str:
    """From $DESK_CENTRAL_NEW_PASSWORD (scripts), else asked twice without echo."""
    import getpass
    import os

    given = os.environ.get(NEW_PASSWORD)
    if given:
        return given
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại mật khẩu mới: ") != first:
        raise ValueError("hai lần nhập mật khẩu không khớp")
    return first


def _user(args: argparse.Namespace) -> int:
    from desk_app.central import web_accounts
    from desk_app.domain.errors import DeskError

    engine = _engine(args.db)
    try:
        if args.user_command == "add":
            made = web_accounts.add_user(engine, args.name, args.role, args.scope, _new_password(),
                                         args.full_name)  # fmt: skip
            print(f"{made.username}\t{made.role}\t{made.scope}")
        elif args.user_command == "passwd":
            web_accounts.change_password(engine, args.name, _new_password())
            print(f"Đã đổi mật khẩu của {args.name}")
        elif args.user_command == "disable":
            web_accounts.disable_user(engine, args.name)
            print(f"Đã vô hiệu hóa tài khoản {args.name}")
        else:
            for u in web_accounts.list_users(engine):
                print(f"{u['username']}\t{u['role']}\t{u['scope']}\t{u['state']}\t{u['full_name']}")
    except (DeskError, ValueError) as exc:
        print(f"desk-central: {exc.message if isinstance(exc, DeskError) else exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="desk-central", description="desk_app's reference central server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the API (uvicorn)")
    serve.add_argument("--db", default=DEFAULT_DB, help="SQLAlchemy URL (PostgreSQL in production)")
    serve.add_argument(
        "--stale-hours",
        type=_positive_hours,
        default=24.0,
        metavar="H",
        help="the overview flags a station not heard from for more than H hours (default 24)",
    )
    serve.add_argument(
        "--read-db",
        default=None,
        metavar="URL",
        help="a PostgreSQL streaming replica the provincial view's pages read from (the primary when it "
        "lags over 5 minutes or does not answer)",
    )
    serve.add_argument("--blobs", type=Path, default=Path("central-blobs"), help="where scans are kept")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (one per core; PostgreSQL)")
    serve.add_argument(
        "--max-body-mb",
        type=float,
        default=16.0,
        metavar="MB",
        help="the largest request body taken (default 16: a full batch; scans go in 1 MiB chunks)",
    )
    serve.set_defaults(handler=_serve)
    token = sub.add_parser("token", help="issue a one-time enrolment token for one desk of one agency")
    token.add_argument(
        "--agency", required=True, metavar="CODE", help="the agency code in the desk's station.toml"
    )
    token.add_argument(
        "--desk", required=True, type=int, metavar="N", help="the desk number in its station.toml"
    )
    token.add_argument(
        "--station", default="", metavar="NAME", help="a name for the station (shown in lists)"
    )
    token.add_argument(
        "--replace",
        action="store_true",
        help="for a PC replacing the desk's enrolled one: its credential is revoked when this enrols",
    )
    token.add_argument("--db", default=DEFAULT_DB)
    token.add_argument("--hours", type=int, default=72, help="how long it is valid (default 72)")
    token.set_defaults(handler=_token)
    refusals = sub.add_parser("refusals", help="what the server refused, newest first, with the station")
    refusals.add_argument("--station", default=None, metavar="NAME", help="only this station's")
    refusals.add_argument("--limit", type=int, default=1000)
    refusals.add_argument("--db", default=DEFAULT_DB)
    refusals.set_defaults(handler=_refusals)
    show = sub.add_parser("show", help="a dossier as the server holds it")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.add_argument("--db", default=DEFAULT_DB)
    show.set_defaults(handler=_show)
    upd = sub.add_parser("update", help="a processing department's update of a dossier, sent to its desk")
    upd.add_argument("code")
    upd.add_argument("--action", required=True, choices=["result-received", "request-supplement", "refuse"])
    upd.add_argument("--by", default="Bộ phận xử lý", help="the department (shown on the desk)")
    upd.add_argument("--reason", default="", help="required for request-supplement and refuse")
    upd.add_argument("--agency", default=None, help="agency code, when the code exists in several")
    upd.add_argument("--db", default=DEFAULT_DB)
    upd.set_defaults(handler=_update)
    pub = sub.add_parser("publish", help="publish a catalogue (JSON) or a year's calendar (TOML) to desks")
    pub.add_argument("kind", choices=["catalogue", "calendar"])
    pub.add_argument("file", type=Path)
    pub.add_argument("--db", default=DEFAULT_DB)
    pub.set_defaults(handler=_publish)
    user = sub.add_parser("user", help="the provincial view's accounts (never a station's credential)")
    users = user.add_subparsers(dest="user_command", required=True)
    add = users.add_parser("add", help=f"a new account; password from ${NEW_PASSWORD} or asked")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["province", "district", "it"])
    add.add_argument("--scope", required=True, metavar="AGENCY_PREFIX", help="e.g. G01.79: the stations seen")
    add.add_argument("--full-name", default="", dest="full_name")
    add.add_argument("--db", default=DEFAULT_DB)
    for name, what in (("passwd", "set a new password (also lifts the wait after wrong ones)"),
                       ("disable", "disable an account (kept, never deleted)")):  # fmt: skip
        one = users.add_parser(name, help=what)
        one.add_argument("name")
        one.add_argument("--db", default=DEFAULT_DB)
    listing = users.add_parser("list", help="name, role, scope, state, full name (tab-separated)")
    listing.add_argument("--db", default=DEFAULT_DB)
    user.set_defaults(handler=_user)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except Exception as exc:  # one line, never a trace, for IT
        print(f"desk-central: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
