"""The handlers behind each ``desk-app`` command: parse nothing, call services, print results."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desk_app import bootstrap
from desk_app.config import Config, Counter, Station
from desk_app.domain.errors import DeskError
from desk_app.domain.records import DossierRecord
from desk_app.services import catalogue as catalogue_svc
from desk_app.services import demo as demo_svc
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import count_dossiers, get_dossier, search_dossiers
from desk_app.services.receipts import render_receipt_for, write_receipt

DEMO_STATION = Station(
    agency_code="G01.79.760.001",
    agency_name="Công an phường Sài Gòn",
    desk=1,
    parent_agency="Công an Thành phố Hồ Chí Minh",
    place="TP. Hồ Chí Minh",
)


def cmd_init(args: argparse.Namespace) -> int:
    cfg = Config(
        station=Station(args.agency_code, args.agency_name, args.desk, args.parent_agency, args.place),
        counter=Counter(officer_name=args.officer),
    )
    station = bootstrap.initialise_station(args.data_dir, cfg)
    station.close()
    print(f"Đã thiết lập bàn {cfg.station.desk} của {cfg.station.agency_name} tại {args.data_dir}")
    return 0


def ensure_demo_station(data_dir: Path) -> bootstrap.Station:
    if (data_dir / "station.toml").exists():
        return bootstrap.open_station(data_dir)
    return bootstrap.initialise_station(
        data_dir, Config(station=DEMO_STATION, counter=Counter(officer_name="Trần Văn Hòa"))
    )


def cmd_demo(args: argparse.Namespace) -> int:
    station = ensure_demo_station(args.data_dir)
    try:
        n = args.populate
        if n is None and count_dossiers(station.ctx, None) == 0:
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

    return run_gui(args.data_dir)


def cmd_gui(args: argparse.Namespace) -> int:
    from desk_app.gui.app import run_gui

    return run_gui(args.data_dir)


def cmd_import(args: argparse.Namespace) -> int:
    station = bootstrap.open_station(args.data_dir)
    failed = 0
    try:
        if args.receipts:
            args.receipts.mkdir(parents=True, exist_ok=True)
        with args.file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                    if not isinstance(raw, dict):
                        raise DeskError("mỗi dòng phải là một đối tượng JSON")
                    received = receive_dossier(station.ctx, raw)
                except json.JSONDecodeError as exc:
                    failed += 1
                    print(f"dòng {number}: JSON không hợp lệ ({exc.msg}, cột {exc.colno})", file=sys.stderr)
                    continue
                except DeskError as exc:
                    failed += 1
                    print(f"dòng {number}: {exc.message}", file=sys.stderr)
                    continue
                print(received.dossier.code, flush=True)
                if args.receipts:
                    render_receipt_for(
                        station.ctx, received.dossier, args.receipts / f"{received.dossier.code}.pdf"
                    )
    except UnicodeDecodeError:
        raise DeskError(f"Tệp {args.file} không phải văn bản UTF-8") from None
    finally:
        station.close()
    return 1 if failed else 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def dossier_json(record: DossierRecord) -> dict[str, Any]:
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
            "applicant": {**asdict(a), "sex": a.sex.value if a.sex else None},
            "documents": [
                {"name": d.name, "copies": d.copies, "form": d.form.value} for d in record.documents
            ],
            "events": [
                {"uuid": e.uuid, "kind": e.kind, "at": e.at, "actor": e.actor, "reason": e.reason}
                for e in record.events
            ],
        }
    )


def cmd_show(args: argparse.Namespace) -> int:
    station = bootstrap.open_station(args.data_dir)
    try:
        record = get_dossier(station.ctx, args.code)
    finally:
        station.close()
    if args.json:
        print(json.dumps(dossier_json(record), ensure_ascii=False, indent=2))
        return 0
    a = record.applicant
    print(
        f"Mã hồ sơ:    {record.code}\nThủ tục:     {record.procedure_code} — {record.procedure_name}\n"
        f"Người nộp:   {a.full_name} ({a.id_number})\nNhận lúc:    {record.received_at:%H:%M %d/%m/%Y}\n"
        f"Hẹn trả:     {record.due_at:%H:%M %d/%m/%Y}\nTrạng thái:  {record.status}"
    )
    for i, d in enumerate(record.documents, start=1):
        print(f"  ({i}) {d.name} — {d.form.label_vi} — {d.copies} bản")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise DeskError("--limit phải lớn hơn 0")
    station = bootstrap.open_station(args.data_dir)
    try:
        for s in search_dossiers(station.ctx, args.text, args.limit):
            print(f"{s.code}\t{s.applicant_name}\t{s.procedure_code}\t{s.status}")
    finally:
        station.close()
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    station = bootstrap.open_station(args.data_dir)
    try:
        tmp = args.output.with_name(args.output.name + ".part")
        try:
            write_receipt(station.ctx, args.code, tmp, a4=args.a4)
            tmp.replace(args.output)  # never leave a half-written PDF under the requested name
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        station.close()
    return 0


def cmd_catalogue_list(args: argparse.Namespace) -> int:
    station = bootstrap.open_station(args.data_dir)
    try:
        for p in catalogue_svc.load_catalogue(station.ctx):
            print(f"{p.code}\t{p.name}\t{p.limit.label_vi}")
    finally:
        station.close()
    return 0


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    station = bootstrap.open_station(args.data_dir)
    try:
        added, updated = catalogue_svc.import_catalogue(station.ctx, args.file)
    finally:
        station.close()
    print(f"Đã nhập danh mục: {added} thủ tục mới, {updated} thủ tục cập nhật")
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from desk_app.gui.selftest import run_self_test

    return run_self_test(args.data_dir)
