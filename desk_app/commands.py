"""The handlers behind each ``desk-app`` command: parse nothing, call services, print results."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desk_app import bootstrap
from desk_app.account_commands import acting, approver_login, check_admin_arguments, opened
from desk_app.config import Config, Counter, Station
from desk_app.domain.errors import DeskError
from desk_app.domain.model import parse_datetime
from desk_app.domain.records import DossierRecord
from desk_app.services import catalogue as catalogue_svc
from desk_app.services import demo as demo_svc
from desk_app.services import lifecycle as lifecycle_svc
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier, search_dossiers

log = logging.getLogger("desk_app.commands")
#: what a line that validation let through could still raise: that line is refused, the import goes on
LINE_BUGS = (ValueError, TypeError, OverflowError, RecursionError, KeyError, AttributeError)


def cmd_init(args: argparse.Namespace) -> int:
    if args.station_file is not None:
        return _init_from(args)
    required = (
        ("--agency-code", args.agency_code),
        ("--agency-name", args.agency_name),
        ("--desk", args.desk),
    )
    missing = [flag for flag, value in required if value is None]
    if missing:
        raise DeskError(f"init cần {', '.join(missing)} (hoặc --from station.toml)")
    cfg = Config(
        station=Station(
            args.agency_code,
            args.agency_name,
            args.desk,
            args.parent_agency,
            args.place,
            args.level or "commune",
        ),
        counter=Counter(officer_name=args.officer),
    )
    if (args.data_dir / "station.toml").exists():  # said first: no password asked for a station set up
        raise DeskError(f"Bàn tiếp nhận đã được thiết lập trong {args.data_dir} (đã có station.toml)")
    admin = check_admin_arguments(args.admin, cfg.station) if args.admin else None  # before anything exists
    station = bootstrap.initialise_station(args.data_dir, cfg)
    try:
        if admin is not None:
            from desk_app.services.accounts import create_first_admin

            create_first_admin(station.ctx, *admin)
    finally:
        station.close()
    print(f"Đã thiết lập bàn {cfg.station.desk} của {cfg.station.agency_name} tại {args.data_dir}")
    if admin is not None:
        print(f"Tài khoản quản trị: {admin[0]}")
    return 0


def _init_from(args: argparse.Namespace) -> int:
    """``init --from station.toml``: the file checked whole first, then the desk built aside and moved into
    place only when the database, the admin and the enrolment all worked."""
    from desk_app.services.provisioning import check_target, provision, read_station_file
    from desk_app.sync.worker import enroll_station

    flags = (("--agency-code", args.agency_code), ("--agency-name", args.agency_name), ("--desk", args.desk),
             ("--parent-agency", args.parent_agency or None), ("--place", args.place or None),
             ("--officer", args.officer or None), ("--level", args.level))  # fmt: skip
    given = [flag for flag, value in flags if value is not None]
    if given:
        raise DeskError(f"Dùng --from hoặc {', '.join(given)}, không cả hai (mọi thông tin ở trong tệp)")
    found = read_station_file(args.station_file)
    check_target(args.data_dir)  # before asking for a password
    name = args.admin or found.admin
    if found.enrolment is not None and not name:
        raise DeskError("station.toml: [enrol] cần [admin] name (hoặc --admin): quản trị đăng ký trạm")
    admin = check_admin_arguments(name, found.config.station) if name else None
    provision(args.data_dir, found, admin, enroll_station)
    station = found.config.station
    print(f"Đã thiết lập bàn {station.desk} của {station.agency_name} tại {args.data_dir}")
    if admin is not None:
        print(f"Tài khoản quản trị: {admin[0]}")
    if found.enrolment is not None:
        print(f"Đã đăng ký với máy chủ {found.enrolment.server}")
    print("Kiểm tra máy: desk-app doctor")
    return 0


def ensure_demo_station(data_dir: Path, desk: int = 1) -> bootstrap.Station:
    """The demo station in ``data_dir``, made (and marked) if there is none; a station ``demo`` did not make
    is refused, untouched: sample dossiers, demo accounts and the demo server never reach a real one."""
    if (data_dir / "station.toml").exists():
        if not demo_svc.is_demo_station(data_dir):
            raise DeskError(f"{data_dir} là trạm thật, không do lệnh demo tạo: demo không dùng thư mục này "
                            "(chọn thư mục khác bằng --data-dir, hoặc bỏ DESK_APP_DATA_DIR)")  # fmt: skip
        return bootstrap.open_station(data_dir)
    officer = "Trần Văn Hòa" if desk == 1 else "Phạm Thu Hà"
    station = dataclasses.replace(demo_svc.DEMO_STATION, desk=desk)
    config = Config(station=station, counter=Counter(officer_name=officer))
    made = bootstrap.initialise_station(data_dir, config)
    demo_svc.mark_demo_station(data_dir)
    return made


def cmd_demo(args: argparse.Namespace) -> int:
    if not 1 <= args.desk <= 9:
        raise DeskError("--desk phải từ 1 đến 9")
    station = ensure_demo_station(args.data_dir, args.desk)
    try:
        if demo_svc.ensure_demo_accounts(station.ctx):
            names = ", ".join(name for name, _full, _role in demo_svc.DEMO_ACCOUNTS)
            print(f"Tài khoản mẫu: {names} — mật khẩu {demo_svc.DEMO_PASSWORD}")
        n = args.populate
        if n is None and demo_svc.dossier_count(station.ctx) == 0:
            n = 2000
        if n:
            if n < 0:
                raise DeskError("--populate phải là số dương")
            demo_svc.populate(station.ctx, n)
            print(f"Đã thêm {n} hồ sơ mẫu vào {args.data_dir}")
    finally:
        station.close()
    if args.no_gui:
        return 0
    from desk_app.gui.app import run_gui  # the GUI is imported only when it is shown

    central = _demo_central(args.data_dir)
    hint = f"canbo, lanhdao, quantri — {demo_svc.DEMO_PASSWORD}"
    try:
        return run_gui(args.data_dir, login_hint=hint)
    finally:
        if central is not None:
            central.stop()


def _demo_central(data_dir: Path):  # type: ignore[no-untyped-def]
    """The demo's central server on loopback (when the ``central`` extra is installed), its data in
    ``demo-central`` beside the demo station's folder, so that a second demo desk (``demo --desk 2``) syncs
    to the same one: the first demo running serves it, the others use it. The demo station is enrolled
    with it. Returns the server this process runs (to stop on exit), or None."""
    try:
        from desk_app.central.local import DemoCentral
    except ImportError:
        print("desk-app: (máy chủ trung tâm mẫu không có trong bản cài này: không đồng bộ)", file=sys.stderr)
        return None
    from desk_app.sync import worker as sync_svc

    central = DemoCentral(data_dir.parent / "demo-central").start()
    station = bootstrap.open_station(data_dir)
    try:
        creds = sync_svc.load_credentials(station.ctx)
        if creds is None:
            own = station.ctx.config.station
            token = central.token(own.agency_code, own.desk, replace=True)  # a demo made anew: its old self
            sync_svc.enroll_station(station.ctx, demo_svc.demo_admin(), central.url, token)
        else:  # enrolled on an earlier run: the same server (its DB is kept), at today's address
            sync_svc.move_server(station.ctx, central.url)
    finally:
        station.close()
    running = "" if central.serving else " (do bàn mẫu khác đang chạy phục vụ)"
    print(f"Máy chủ trung tâm mẫu: {central.url}{running} — dữ liệu: {central.folder}")
    return central


def cmd_import(args: argparse.Namespace) -> int:
    """One dossier per line; a bad line is ``dòng N: reason`` and the import goes on; the last line of
    stderr counts what was saved, already there (a re-run after a crash: its codes printed again) and
    refused."""
    from desk_app.services.import_lines import open_import, read_lines
    from desk_app.services.intake import DuplicateIntake
    from desk_app.services.receipts import render_receipt_for  # reportlab: only when printing

    saved = already = refused = 0

    def say(number: int, why: str) -> None:
        print(f"dòng {number}: {why}", file=sys.stderr, flush=True)

    with acting(args) as (station, actor):
        if args.receipts:
            args.receipts.mkdir(parents=True, exist_ok=True)
        source = open_import(args.file)  # refused in one line, before anything is counted
        try:
            for line in read_lines(source):
                if line.raw is None:
                    refused += 1
                    say(line.number, line.problem)
                    continue
                try:
                    received = receive_dossier(station.ctx, actor, line.raw, import_key=line.key)
                except DuplicateIntake as exc:
                    already += 1
                    print(exc.code, flush=True)
                    say(line.number, f"đã lưu từ trước với mã {exc.code}")
                    continue
                except DeskError as exc:
                    refused += 1
                    say(line.number, exc.message)
                    continue
                except LINE_BUGS as exc:
                    refused += 1  # a case validation missed: this line only, and the log says where
                    log.exception("import line %d", line.number)
                    say(line.number, f"dữ liệu không xử lý được ({type(exc).__name__})")
                    continue
                saved += 1
                code = received.dossier.code
                print(code, flush=True)
                if args.receipts:
                    try:
                        render_receipt_for(station.ctx, received.dossier, args.receipts / f"{code}.pdf")
                    except DeskError as exc:
                        say(line.number, f"đã lưu {code} nhưng không ghi được giấy biên nhận: {exc.message}")
        finally:
            print(f"Đã lưu {saved} hồ sơ mới, {already} hồ sơ đã có từ trước, từ chối {refused} dòng",
                  file=sys.stderr)  # fmt: skip
    return 1 if refused else 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _address_note(record: DossierRecord) -> str:
    """The flag set at intake when the address names units gone since 1 July 2025 ("" if none)."""
    return next((str(e.data.get("address_note", "")) for e in record.events if e.kind == "received"), "")


def dossier_json(record: DossierRecord, flags: dict[str, bool]) -> dict[str, Any]:
    """The ``show --json`` document; ``flags`` are the derived ``overdue`` and ``due_today``."""
    a = record.applicant
    return _jsonable(
        {
            "code": record.code,
            "uuid": record.uuid,
            "procedure": {"code": record.procedure_code, "name": record.procedure_name},
            "channel": record.channel,
            "status": record.status,
            "received_at": record.received_at,
            "due_at": record.due_at,
            "due_provisional": record.due_provisional,
            "time_limit": {"value": record.limit_value, "unit": record.limit_unit},
            "sets": record.sets,
            "fee": record.fee,
            "result_delivery": record.result_delivery,
            "note": record.note,
            "officer": record.officer,
            "desk": record.desk,
            "applicant": {
                **asdict(a),
                "sex": a.sex.value if a.sex else None,
                "address_note": _address_note(record),
            },
            "documents": [
                {"name": d.name, "copies": d.copies, "form": d.form.value} for d in record.documents
            ],
            "extended": record.extended,
            "register": {"book": record.register_book, "number": record.register_number},
            "postal": asdict(record.postal) if record.postal else None,
            "attachments": [
                {"item": t.item, "pages": t.pages, "bytes": t.bytes, "sha256": t.sha256,
                 "updated_at": t.updated_at}
                for t in record.attachments
            ],
            "events": [
                {"uuid": e.uuid, "kind": e.kind, "at": e.at, "actor": e.actor, "reason": e.reason,
                 "data": e.data}
                for e in record.events
            ],
            **flags,
        }
    )  # fmt: skip


def cmd_show(args: argparse.Namespace) -> int:
    from desk_app.domain.applicants import identity_label

    with acting(args) as (station, actor):
        record = get_dossier(station.ctx, actor, args.code)
        derived = lifecycle_svc.flags(station.ctx, record)
    if args.json:
        print(json.dumps(dossier_json(record, derived), ensure_ascii=False, indent=2))
        return 0
    a = record.applicant
    print(
        f"Mã hồ sơ:    {record.code}\nThủ tục:     {record.procedure_code} — {record.procedure_name}\n"
        f"Người nộp:   {a.full_name} ({identity_label(a)})\n"
        f"Nhận lúc:    {record.received_at:%H:%M %d/%m/%Y}\n"
        f"Hẹn trả:     {record.due_at:%H:%M %d/%m/%Y}\nTrạng thái:  {record.status}"
    )
    for i, d in enumerate(record.documents, start=1):
        print(f"  ({i}) {d.name} — {d.form.label_vi} — {d.copies} bản")
    return 0


def _iso_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_datetime(text)
    except ValueError:
        raise DeskError(
            f"--at phải theo ISO 8601, ví dụ 2026-11-20T16:10:00+07:00 (đang là {text!r})"
        ) from None


def cmd_act(args: argparse.Namespace) -> int:
    try:
        new_due = date.fromisoformat(args.new_due) if args.new_due else None
    except ValueError:
        raise DeskError(f"--new-due phải có dạng YYYY-MM-DD (đang là {args.new_due!r})") from None
    with acting(args) as (station, actor):
        approver = approver_login(station, args.approver)
        acted = lifecycle_svc.act(
            station.ctx, actor, args.code, args.action, approver=approver, reason=args.reason or "",
            at=_iso_time(args.at), new_due=new_due, postal_item=args.postal_item,
            collected_by=args.collected_by or "", id_checked=args.id_checked or "",
            provision=args.provision or "",
        )  # fmt: skip
    for warning in acted.warnings:
        print(f"desk-app: lưu ý: {warning}", file=sys.stderr)
    d = acted.dossier
    print(f"{d.code}\t{d.status}\t{d.due_at.isoformat()}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise DeskError("--limit phải lớn hơn 0")
    with acting(args) as (station, actor):
        found = search_dossiers(
            station.ctx, actor, args.text, args.limit, status=args.status, channel=args.channel
        )
        for s in found:
            print(f"{s.code}\t{s.applicant_name}\t{s.procedure_code}\t{s.status}")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from desk_app.services.attachments import attach_files

    with acting(args) as (station, actor):
        done = attach_files(station.ctx, actor, args.code, args.files, item=args.item, mode=args.mode)
    item = next(a for a in done.dossier.attachments if a.item == done.item)
    print(f"{done.dossier.code}\t{done.item or '-'}\t{done.added}\t{item.pages}\t{item.sha256}")
    if done.blank_skipped:
        print(f"bỏ qua {done.blank_skipped} trang trắng", file=sys.stderr)
    return 0


def cmd_scanners(args: argparse.Namespace) -> int:
    from desk_app.services.scanning import list_scanners

    with opened(args) as station:
        devices, problems = list_scanners(station.ctx)
    for device in devices:
        print(f"{device.id}\t{device.name}\t{device.backend}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from desk_app.services.scanning import scan_into

    with acting(args) as (station, actor):
        done = scan_into(
            station.ctx, actor, args.code, device_id=args.device, source=args.source,
            resolution=args.resolution, mode=args.mode, duplex=args.duplex, item=args.item,
        )  # fmt: skip
    if done.attached is not None:
        a = done.attached
        item = next(x for x in a.dossier.attachments if x.item == a.item)
        print(f"{a.dossier.code}\t{a.item or '-'}\t{a.added}\t{item.pages}\t{item.sha256}")
    if done.blank_skipped:
        print(f"bỏ qua {done.blank_skipped} trang trắng", file=sys.stderr)
    if done.interrupted:
        raise DeskError(done.interrupted + (f" Đã lưu {done.pages} trang." if done.pages else ""))
    return 0


def cmd_cover_sheet(args: argparse.Namespace) -> int:
    from desk_app.services.cover_sheets import write_cover_sheet

    with acting(args) as (station, actor):
        _write_pdf(
            args.output, lambda tmp: write_cover_sheet(station.ctx, actor, args.code, tmp, item=args.item)
        )
    return 0


def cmd_file_batch(args: argparse.Namespace) -> int:
    from desk_app.scanning.files import read_pages
    from desk_app.services.filing import file_batch

    with acting(args) as (station, actor), closing(read_pages(args.file)) as pages:
        batch = file_batch(station.ctx, actor, pages, mode=args.mode)
    for page in batch.pages:
        print(f"{page.number}\t{page.code or 'unfiled'}")
    for note in batch.notes:
        print(note, file=sys.stderr)
    if batch.interrupted:
        raise DeskError(f"{batch.interrupted} Các trang trước đó đã được lưu.")
    return 0


def cmd_read_id(args: argparse.Namespace) -> int:
    from desk_app.scanning.idcard import read_card

    card = read_card(args.image)
    data = {
        "id_number": card.id_number,
        "old_id_number": card.old_id_number,
        "full_name": card.full_name,
        "birth_date": card.birth_date.isoformat(),
        "sex": card.sex.value,
        "address": card.address,
        "issue_date": card.issue_date.isoformat() if card.issue_date else None,
        "warnings": list(card.warnings),
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for key, value in data.items():
            print(f"{key}\t{value if value is not None else ''}")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from desk_app.services.receipts import write_receipt

    with acting(args) as (station, actor):
        _write_pdf(args.output, lambda tmp: write_receipt(station.ctx, actor, args.code, tmp, a4=args.a4))
    return 0


def _write_pdf(output: Path, write: Callable[[Path], object]) -> None:
    """Write the PDF whole or not at all (:mod:`desk_app.atomic`): a failure never leaves half a file."""
    from desk_app.atomic import replacing

    with replacing(output) as tmp:
        write(tmp)


def cmd_form(args: argparse.Namespace) -> int:
    from desk_app.services import forms as forms_svc

    with acting(args) as (station, actor):
        _write_pdf(
            args.output, lambda tmp: forms_svc.write_form(station.ctx, actor, args.form, args.code, tmp)
        )
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    from desk_app.services import forms as forms_svc

    with acting(args) as (station, actor):
        _write_pdf(args.output, lambda tmp: forms_svc.write_handover(station.ctx, actor, args.record, tmp))
    return 0


def cmd_catalogue_list(args: argparse.Namespace) -> int:
    with opened(args) as station:
        for p in catalogue_svc.load_catalogue(station.ctx, every_level=args.all):
            print(f"{p.code}\t{p.name}\t{p.limit_label}\t{p.level}\t{','.join(p.channels)}")
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    with acting(args) as (station, actor):
        added, updated = catalogue_svc.import_catalogue(station.ctx, actor, args.file)
    print(f"Đã nhập danh mục: {added} thủ tục mới, {updated} thủ tục cập nhật")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from desk_app.gui.selftest import run_self_test, run_window_check

    return run_window_check(args.data_dir) if args.window else run_self_test(args.data_dir)


def cmd_purge_scans(args: argparse.Namespace) -> int:
    from desk_app.services.retention import purge_returned_scans

    with acting(args) as (station, actor):
        purged = purge_returned_scans(station.ctx, actor)
    for code in purged.dossiers:
        print(code)
    print(f"Đã xóa bản quét của {len(purged.dossiers)} hồ sơ ({purged.pages} trang, {purged.files} tệp)",
          file=sys.stderr)  # fmt: skip
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    from desk_app.sync.worker import enroll_station

    with acting(args) as (station, actor):
        creds = enroll_station(station.ctx, actor, args.server, args.token)
    print(f"Đã đăng ký trạm với máy chủ {creds.server} (mã trạm {creds.station_id})")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from desk_app.sync import worker as sync_svc

    with opened(args) as station:
        if args.status:
            st = sync_svc.sync_status(station.ctx)
            last = st.last_synced_at.isoformat() if st.last_synced_at else "never"
            enrolled = "yes" if st.enrolled else "no"
            print(f"server\t{st.server or '-'}\nenrolled\t{enrolled}\nlast_success\t{last}")
            for state in ("queued", "sending", "acknowledged", "attention"):
                print(f"{state}\t{st.counts.get(state, 0)}")
            for item in st.attention:
                print(f"attention: {item['kind']} {item['ref']} — {item['last_error']}", file=sys.stderr)
            return 0
        report = sync_svc.sync_once(station.ctx, now_all=True)
    print(f"sent\t{report.sent}\nacknowledged\t{report.acknowledged}\nattention\t{report.attention}\n"
          f"queued\t{report.queued}")  # fmt: skip
    if report.feed is not None:
        print(f"updates\t{report.feed.applied}\nreference\t{', '.join(report.feed.reference) or '-'}")
        for why in report.feed.skipped:
            print(f"desk-app: cập nhật từ máy chủ không áp dụng được: {why}", file=sys.stderr)
    if report.offline:
        print(f"desk-app: không gửi được lên máy chủ: {report.offline}", file=sys.stderr)
    if report.audit_problem:
        print(f"desk-app: {report.audit_problem}", file=sys.stderr)
    if report.clock_skew_s is not None and abs(report.clock_skew_s) > sync_svc.CLOCK_SKEW_WARN_S:
        print(f"desk-app: lưu ý: đồng hồ máy lệch máy chủ {report.clock_skew_s:+.0f} giây", file=sys.stderr)
    if report.attention:
        print(f"desk-app: {report.attention} bản ghi bị máy chủ từ chối, cần lãnh đạo xem (sync --status)",
              file=sys.stderr)  # fmt: skip
    return 0 if report.queued == 0 else 1


def cmd_doctor(args: argparse.Namespace) -> int:
    """``desk-app doctor``: each check on its own line; exit 1 on any FAIL (the station is never opened,
    so a broken or newer database is reported, not migrated)."""
    from desk_app.gui.printer_queues import system_printers
    from desk_app.services import doctor

    findings = doctor.run(args.data_dir, doctor.real_probes(system_printers))
    for finding in findings:
        print(finding.line())
    failed = sum(f.level is doctor.Level.FAIL for f in findings)
    warned = sum(f.level is doctor.Level.WARN for f in findings)
    print(f"{len(findings)} mục kiểm tra: {failed} FAIL, {warned} WARN")
    return 1 if failed else 0


def cmd_report_day(args: argparse.Namespace) -> int:
    from desk_app.services.reports import export_day_summary, figures

    with acting(args) as (station, actor):
        day = args.date or station.ctx.clock().date()
        if args.output is not None:
            found = export_day_summary(station.ctx, actor, day, args.to or day, args.output)
            print(f"{args.output}", file=sys.stderr)
        else:
            found = figures(station.ctx, actor, day, args.to)
    data = found.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for key, value in data.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k}: {v}" for k, v in value.items() if v or key != "by_hour") or "-"
            print(f"{key}\t{shown}")
        else:
            print(f"{key}\t{value}")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from desk_app.services.reports import export_register

    with acting(args) as (station, actor):
        count = export_register(station.ctx, actor, args.start, args.end, args.output)
    print(f"{args.output}\t{count}")
    return 0
