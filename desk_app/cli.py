"""``desk-app``: the station's command line (contract in the README; exit 0 on success).

Every command takes ``--data-dir DIR`` (or ``$DESK_APP_DATA_DIR``). Failures print one line to
stderr — a Vietnamese reason for the officer or IT — and exit non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from desk_app.config import ENV_DATA_DIR, default_data_dir
from desk_app.domain.errors import DeskError

log = logging.getLogger("desk_app.cli")


def _lazy(name: str) -> Callable[[argparse.Namespace], int]:
    """The handler ``desk_app.commands.<name>``, imported when the command runs: building the parser must
    stay light, because ``desk-app`` with no command shows the window first and loads the rest after."""

    def run(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module("desk_app.commands"), name)(args))

    run.__name__ = name
    return run


def _gui(args: argparse.Namespace) -> int:
    from desk_app.gui.app import run_gui

    return run_gui(args.data_dir)


def _data_dir_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="the station's data directory (default: $DESK_APP_DATA_DIR or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    from desk_app import account_commands
    from desk_app.domain.forms import FORMS
    from desk_app.domain.lifecycle import Action, Status
    from desk_app.domain.model import Channel

    statuses, channels = [s.value for s in Status], [c.value for c in Channel]
    parser = argparse.ArgumentParser(prog="desk-app", description="Bàn tiếp nhận và trả kết quả — desk_app")
    _data_dir_option(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, *, user: bool = False
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _data_dir_option(p, argparse.SUPPRESS)
        if user:  # reads or changes dossiers: who acts, checked like the GUI's login
            account_commands.user_option(p)
        p.set_defaults(handler=handler)
        return p

    p = command("init", _lazy("cmd_init"), "set up this desk: data directory, database, station.toml")
    p.add_argument("--from", dest="station_file", type=Path, metavar="STATION.toml",
                   help="provision from the station file IT prepared (agency, desk, place, printer, scanner, "
                   "[enrol] server and token, [admin] name): all or nothing")  # fmt: skip
    p.add_argument("--agency-code", help="receiving agency identifier, e.g. G01.01.79.001")
    p.add_argument("--agency-name")
    p.add_argument("--desk", type=int, help="this desk's number within the agency (1, 2, …)")
    p.add_argument("--parent-agency", default="")
    p.add_argument("--place", default="", help="place name printed before the date, e.g. 'Hà Nội'")
    p.add_argument("--officer", default="", help="receiving officer's name printed on receipts")
    p.add_argument("--level", choices=("commune", "province"), default=None,
                   help="the station's level: commune (the default) or province")  # fmt: skip
    p.add_argument("--admin", metavar="NAME", help="create the first admin account (password: "
                   "$DESK_APP_NEW_PASSWORD or the prompt)")  # fmt: skip

    account_commands.add_parsers(command, lambda child: _data_dir_option(child, argparse.SUPPRESS))

    p = command("demo", _lazy("cmd_demo"), "a demo station with sample data (opens the GUI unless --no-gui)")
    p.add_argument("--populate", type=int, default=None, metavar="N", help="add N sample dossiers")
    p.add_argument("--no-gui", action="store_true")
    p.add_argument("--desk", type=int, default=1, help="desk number: 2 opens a second demo desk (demo-desk2)")

    p = command(
        "import",
        _lazy("cmd_import"),
        "receive dossiers from a JSON-lines file; prints one code a line",
        user=True,
    )
    p.add_argument("file", type=Path, metavar="FILE.jsonl")
    p.add_argument("--receipts", type=Path, metavar="DIR", help="also write each receipt PDF into DIR")

    p = command("show", _lazy("cmd_show"), "print one dossier", user=True)
    p.add_argument("code")
    p.add_argument("--json", action="store_true")

    p = command(
        "act",
        _lazy("cmd_act"),
        "act on a dossier: supplement, transfer, result, return, refuse, extend, void",
        user=True,
    )
    p.add_argument("code")
    p.add_argument(
        "action",
        choices=[a.value for a in Action],
        metavar="ACTION",
        help="one of: " + ", ".join(a.value for a in Action),
    )
    p.add_argument("--reason", help="why (required for request-supplement, refuse, stop, extend, void)")
    p.add_argument("--provision", help="refuse, stop: the legal provision it rests on (CT06, Mẫu 05)")
    p.add_argument("--new-due", metavar="YYYY-MM-DD", help="extend: the new due date (a working day)")
    p.add_argument("--postal-item", metavar="S10", help="return by post: the outgoing item number")
    p.add_argument("--collected-by", metavar="NAME", help="return at the counter: who collected the result")
    p.add_argument("--id-checked", metavar="NUMBER", help="return at the counter: the ID number checked")
    p.add_argument("--at", metavar="ISO", help="when it happened (default now; never in the future)")
    p.add_argument("--approver", metavar="NAME", help="refuse, extend, void by an officer: the supervisor "
                   "approving in place (password: $DESK_APP_APPROVER_PASSWORD or the prompt)")  # fmt: skip

    p = command(
        "search", _lazy("cmd_search"), "search by code, ID number or name (no diacritics needed)", user=True
    )
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--status", choices=statuses, help="only dossiers in this status")
    p.add_argument("--channel", choices=channels, help="only dossiers received through this channel")

    p = command(
        "attach",
        _lazy("cmd_attach"),
        "attach the pages of PDF, TIFF, JPEG or PNG files to a dossier",
        user=True,
    )
    p.add_argument("code")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--item", default="", metavar="NAME", help="the checklist item (a paper's name) they belong to"
    )
    p.add_argument(
        "--mode", choices=["bw", "grey", "colour"], help="how pages are kept (default: the station's)"
    )

    command("scanners", _lazy("cmd_scanners"), "list the scanners this PC can use (id, name, back-end)")

    p = command("scan", _lazy("cmd_scan"), "scan pages into a dossier", user=True)
    p.add_argument("code")
    p.add_argument(
        "--device", metavar="ID", help="a scanner id from `desk-app scanners` (default: the station's)"
    )
    p.add_argument("--source", choices=["flatbed", "adf"], default="flatbed")
    p.add_argument("--resolution", type=int, metavar="DPI")
    p.add_argument("--mode", choices=["grey", "bw", "colour"])
    p.add_argument("--duplex", action="store_true", help="both sides (feeder)")
    p.add_argument(
        "--item", default="", metavar="NAME", help="the checklist item (a paper's name) they belong to"
    )

    p = command(
        "cover-sheet",
        _lazy("cmd_cover_sheet"),
        "write a dossier's cover sheet (splits a feeder batch)",
        user=True,
    )
    p.add_argument("code")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--item", default="", metavar="NAME", help="the cover of one paper of the checklist")

    p = command(
        "file-batch",
        _lazy("cmd_file_batch"),
        "file a scanned stack into dossiers by its cover sheets",
        user=True,
    )
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--mode", choices=["bw", "grey", "colour"], help="how pages are kept (default: the station's)"
    )

    p = command("read-id", _lazy("cmd_read_id"), "read the citizen's data from a chip card image's QR")
    p.add_argument("image", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print JSON (the default prints lines)")

    p = command(
        "receipt", _lazy("cmd_receipt"), "write a dossier's receipt (Mẫu 01, two copies) as PDF", user=True
    )
    p.add_argument("code")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--a4", action="store_true", help="both A5 copies on one A4 sheet")

    p = command("form", _lazy("cmd_form"), "write one of a dossier's forms as PDF", user=True)
    p.add_argument("form", choices=list(FORMS), metavar="FORM", help="one of: " + ", ".join(FORMS))
    p.add_argument("code")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")

    p = command(
        "handover",
        _lazy("cmd_handover"),
        "write a mail-in handover record (Biên bản giao nhận) as PDF",
        user=True,
    )
    p.add_argument("record", metavar="RECORD", help="the handover record's number")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")

    p = command("catalogue", _lazy("cmd_catalogue_list"), "the procedure catalogue")
    csub = p.add_subparsers(dest="catalogue_command", metavar="list|import", required=True)
    lp = csub.add_parser(
        "list",
        help="print code, name, limit, level and channels (tab-separated) of what this station is offered",
    )
    _data_dir_option(lp, argparse.SUPPRESS)
    lp.add_argument("--all", action="store_true", help="also the procedures of the other level")
    lp.set_defaults(handler=_lazy("cmd_catalogue_list"))
    ip = csub.add_parser("import", help="update the catalogue from a JSON file")
    _data_dir_option(ip, argparse.SUPPRESS)
    ip.add_argument("file", type=Path, metavar="FILE.json")
    account_commands.user_option(ip)
    ip.set_defaults(handler=_lazy("cmd_catalogue_import"))

    p = command(
        "enroll",
        _lazy("cmd_enroll"),
        "register this station with the central server (one-time token; admin)",
        user=True,
    )
    p.add_argument(
        "--server",
        required=True,
        metavar="URL",
        help="the central server, https:// (http:// only to this PC itself), e.g. https://tt.example.vn",
    )
    p.add_argument("--token", required=True, help="the enrolment token from `desk-central token`")

    p = command(
        "sync", _lazy("cmd_sync"), "send what is queued to the central server, or show the sync state"
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--once", action="store_true", help="drain what can be sent now; exit 0 when nothing is left queued"
    )
    mode.add_argument("--status", action="store_true", help="server, last success, records by state")

    p = command(
        "report",
        _lazy("cmd_report_day"),
        "the supervisor's figures (the dashboard's, as text or JSON; supervisor or admin)",
    )
    rsub = p.add_subparsers(dest="report_command", metavar="day", required=True)
    dp = rsub.add_parser("day", help="a day's figures (today by default), or a range with --to")
    _data_dir_option(dp, argparse.SUPPRESS)
    dp.add_argument(
        "--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="the day (default today)"
    )
    dp.add_argument("--to", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="last day of a range")
    dp.add_argument("--json", action="store_true", help="print JSON (the default prints lines)")
    dp.add_argument("-o", "--output", type=Path, default=None, metavar="FILE.pdf",
                    help="also write the daily summary PDF (figures, a chart by hour, …)")  # fmt: skip
    account_commands.user_option(dp)
    dp.set_defaults(handler=_lazy("cmd_report_day"))

    command(
        "doctor",
        _lazy("cmd_doctor"),
        "check that this PC is ready (data folder, disk, database, fonts, printer, scanner, calendar, "
        "server, credential, clock): OK / WARN / FAIL with the fix; exit 1 on any FAIL",
    )

    p = command(
        "register",
        _lazy("cmd_register"),
        "write the register book (Sổ theo dõi hồ sơ) as PDF or XLSX (supervisor or admin)",
        user=True,
    )
    p.add_argument("--from", dest="start", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_iso_date, required=True, metavar="YYYY-MM-DD")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx")

    command(
        "purge-scans",
        _lazy("cmd_purge_scans"),
        "delete the scans of dossiers returned more than [safety] scan_retention_days ago (admin)",
        user=True,
    )
    p = command("self-test", _lazy("cmd_self_test"), "check that this installation works end to end")
    p.add_argument("--window", action="store_true", help="only open this station's main window (the log-in "
                   "panel), print when it is shown and when the station is open, and quit: how long the "
                   "window takes to open on this PC")  # fmt: skip
    return parser


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """``desk-app`` or ``desk-app --data-dir DIR``: the window, straight away (no parser to build)."""
    if not argv:
        return argparse.Namespace(data_dir=None, command=None)
    if len(argv) == 2 and argv[0] == "--data-dir":
        return argparse.Namespace(data_dir=Path(argv[1]), command=None)
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return argparse.Namespace(data_dir=Path(argv[0].split("=", 1)[1]), command=None)
    return None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file and folder the desk makes is its account's alone (the DB, its WAL, logs …)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    given = list(sys.argv[1:] if argv is None else argv)
    args = _window_only(given) or build_parser().parse_args(given)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
        if args.command == "demo" and not os.environ.get(ENV_DATA_DIR):
            # never mix sample data into the real station; a second demo desk beside the first
            desk_no = getattr(args, "desk", 1)
            args.data_dir = args.data_dir / ("demo" if desk_no == 1 else f"demo-desk{desk_no}")
    handler = getattr(args, "handler", None) or _gui
    if handler is not _gui and (args.data_dir / "station.toml").exists():
        from desk_app.logs import log_to_file

        log_to_file(args.data_dir)
    try:
        return int(handler(args))
    except DeskError as exc:
        print(f"desk-app: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"desk-app: lỗi hệ thống tệp: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: a report without personal data, and where it is
        return _crashed(args.data_dir, exc)


def _crashed(data_dir: Path, exc: Exception) -> int:
    import tempfile

    from desk_app.crash import write_report

    for folder in (data_dir, Path(tempfile.gettempdir()) / "desk_app"):
        try:
            report = write_report(folder, exc, exc.__traceback__, "dòng lệnh")
            break
        except OSError:
            continue
    else:
        print(
            f"desk-app: lỗi ngoài dự kiến ({type(exc).__name__}); không ghi được báo cáo lỗi", file=sys.stderr
        )
        return 2
    print(f"desk-app: lỗi ngoài dự kiến ({type(exc).__name__}); báo cáo lỗi (không có dữ liệu công dân): "
          f"{report} — hãy gửi tệp này cho bộ phận CNTT", file=sys.stderr)  # fmt: skip
    return 2
