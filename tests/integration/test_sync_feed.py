"""Central → desk: the changes feed (departments' status updates) and published reference data, with two
desks syncing to one server (uvicorn on loopback; SQLite, and PostgreSQL for the main path)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desk_app.locator import resource
from tests.central_server import Central
from tests.integration.test_cli import desk
from tests.integration.test_sync import _import, _station, _status

CALENDAR_2027 = """\
year = 2027
status = "official"
source = "Thông báo nghỉ lễ năm 2027 (bản thử)"

[[days_off]]
date = 2027-01-01
name = "Tết Dương lịch"

[[days_off]]
from = 2027-02-05
to = 2027-02-11
name = "Tết Nguyên đán"

[[working_days]]
date = 2027-02-20
name = "Làm bù (bản thử)"
"""


def _counts(out: str) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in out.splitlines())


def _show(data: Path, code: str) -> dict:
    return json.loads(desk("show", code, "--json", data_dir=data).stdout)


def _enrolled(central: Central, tmp_path: Path, name: str, desk_no: int) -> Path:
    data = _station(tmp_path, name, desk_no)
    token = central.token("G01.79.760.001", desk_no, name)
    desk("enroll", "--server", central.url, "--token", token, data_dir=data)
    return data


def test_two_desks_one_server_status_updates_reach_only_their_desk(central_pg: Central, tmp_path: Path):
    central = central_pg
    one = _enrolled(central, tmp_path, "desk1", 1)
    two = _enrolled(central, tmp_path, "desk2", 2)
    (first,) = _import(tmp_path, one, "2026-11-20T09:00:00+07:00")
    (second,) = _import(tmp_path, two, "2026-11-20T09:05:00+07:00")
    assert first != second  # each desk numbers in its own block
    desk("act", first, "transfer", data_dir=one)
    for data in (one, two):
        assert _counts(desk("sync", "--once", data_dir=data).stdout)["queued"] == "0"

    not_yet = central.cli("update", second, "--action", "result-received")
    assert not_yet.returncode == 1 and "not possible" in not_yet.stderr and "received" in not_yet.stderr
    no_reason = central.cli("update", first, "--action", "refuse")
    assert no_reason.returncode == 1 and "--reason" in no_reason.stderr
    unknown = central.cli("update", "G01-NOPE", "--action", "result-received")
    assert unknown.returncode == 1 and "no dossier" in unknown.stderr
    done = central.cli("update", first, "--action", "result-received", "--by", "Đội Cảnh sát QLHC về TTXH")
    assert done.returncode == 0, done.stderr

    got = _counts(desk("sync", "--once", data_dir=one).stdout)
    assert got["updates"] == "1" and got["sent"] == "0"  # applied, and not sent back
    record = _show(one, first)
    assert record["status"] == "result_received"
    last = record["events"][-1]
    assert last["kind"] == "result-received" and last["actor"] == "Đội Cảnh sát QLHC về TTXH"
    assert last["data"]["origin"] == "central"
    assert _counts(desk("sync", "--once", data_dir=two).stdout)["updates"] == "0"  # not desk 2's dossier
    assert _show(two, second)["status"] == "received"

    # the cursor lost (a backup restored from before): the update is not applied twice
    with sqlite3.connect(one / "station.sqlite3") as db:
        db.execute("UPDATE station_meta SET value = '0' WHERE key = 'changes_cursor'")
    assert _counts(desk("sync", "--once", data_dir=one).stdout)["updates"] == "0"
    assert len(_show(one, first)["events"]) == 3

    desk("act", first, "return", data_dir=one)  # the citizen collects the result at desk 1
    desk("sync", "--once", data_dir=one)
    held = central.show(first)
    assert held["status"] == "returned"
    assert [e["kind"] for e in held["events"]] == ["received", "transfer", "result-received", "return"]


def test_an_update_the_desk_rules_refuse_is_skipped_and_reported(central: Central, tmp_path: Path):
    data = _enrolled(central, tmp_path, "desk1", 1)
    a, b = _import(tmp_path, data, "2026-11-20T09:00:00+07:00", "2026-11-20T09:30:00+07:00")
    for code in (a, b):
        desk("act", code, "transfer", data_dir=data)
    desk("sync", "--once", data_dir=data)
    central.cli("update", a, "--action", "refuse", "--reason", "Hồ sơ không đủ điều kiện")
    central.cli("update", b, "--action", "request-supplement", "--reason", "Thiếu ảnh 4x6")
    # meanwhile, offline, the counter closed dossier a another way: the department's refusal arrives late
    desk("act", a, "result-received", data_dir=data)
    desk("act", a, "return", data_dir=data)
    out = desk("sync", "--once", data_dir=data)
    assert _counts(out.stdout)["updates"] == "1"  # b's request applied
    assert "không áp dụng được" in out.stderr and a in out.stderr  # a's refusal skipped, said why
    assert _show(data, a)["status"] == "returned"
    assert _show(data, b)["status"] == "supplement_requested"
    assert _show(data, b)["events"][-1]["reason"] == "Thiếu ảnh 4x6"
    audit = desk("audit", "list", "--user", "quantri", data_dir=data).stdout
    assert "sync.change_skipped" in audit and "sync.change" in audit
    again = desk("sync", "--once", data_dir=data)  # the skipped one does not come back every round
    assert _counts(again.stdout)["updates"] == "0" and "không áp dụng được" not in again.stderr
    assert _status(data)["queued"] == "0"


def test_published_calendar_and_catalogue_reach_every_desk(central: Central, tmp_path: Path):
    desks = [_enrolled(central, tmp_path, f"desk{n}", n) for n in (1, 2)]
    cal = tmp_path / "2027.toml"
    cal.write_text(CALENDAR_2027, encoding="utf-8")
    out = central.cli("publish", "calendar", str(cal))
    assert out.returncode == 0 and "calendar-2027 version 1 published" in out.stdout
    same = central.cli("publish", "calendar", str(cal))
    assert same.returncode == 0 and "unchanged" in same.stdout
    broken = tmp_path / "bad.toml"
    broken.write_text(CALENDAR_2027.replace("2027-02-11", "2027-02-30"), encoding="utf-8")
    refused = central.cli("publish", "calendar", str(broken))
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1

    catalogue = json.loads(resource("catalogue", "procedures.json").read_text(encoding="utf-8"))
    proc = catalogue["procedures"][0]
    proc["name"] = proc["name"] + " (cập nhật 2027)"
    catalogue["version"] = 2
    cat = tmp_path / "procedures.json"
    cat.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    assert central.cli("publish", "catalogue", str(cat)).returncode == 0

    for data in desks:
        got = _counts(desk("sync", "--once", data_dir=data).stdout)
        assert got["reference"] == "calendar-2027 v1, catalogue v1"
        assert (data / "calendar" / "2027.toml").read_text(encoding="utf-8") == CALENDAR_2027
        listed = desk("catalogue", "list", data_dir=data).stdout
        assert f"{proc['code']}\t{proc['name']}\t" in listed
        assert _counts(desk("sync", "--once", data_dir=data).stdout)["reference"] == "-"  # once

    # the desk counts with the published year, not the one computed from the Labor Code: Saturday 20/2/2027
    # is a make-up working day in the file only, and the year is no longer provisional
    from datetime import date

    from desk_app import bootstrap

    station = bootstrap.open_station(desks[0])
    try:
        calendar = station.ctx.calendar
        assert calendar.is_working_day(date(2027, 2, 20)) and not calendar.is_working_day(date(2027, 2, 8))
        assert calendar.schedule_for(2027).status == "official"
    finally:
        station.close()
