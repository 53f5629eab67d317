"""``desk-app doctor``: each check seen OK and seen failing, against the real parts (the CUPS queue, SANE's
test device, the central server on loopback, a real SQLite file), and the command's exit code."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk_app import config as config_mod
from desk_app.domain.model import VN_TZ
from desk_app.gui.printer_queues import system_printers
from desk_app.services import doctor
from desk_app.services.doctor import Level
from tests.central_server import Central
from tests.integration.test_cli import desk
from tests.integration.test_sync_feed import CALENDAR_2027

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _qt(qapp):
    """The doctor asks Qt's print support for the queues; in the test session the app is pytest-qt's."""
    return qapp


def require_cups_queue(name: str) -> None:
    if name not in system_printers()[0]:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the CUPS queue {name!r}: .ci/run must start cupsd and create it")
        pytest.skip(f"no CUPS queue {name!r} on this machine")


def _station(tmp_path: Path) -> Path:
    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    return data


def _configure(data: Path, **counter_and_scanning: str) -> None:
    cfg = config_mod.load(data)
    printer = counter_and_scanning.get("printer", cfg.counter.printer)
    device = counter_and_scanning.get("device", cfg.scanning.device)
    config_mod.save(data, replace(cfg, counter=replace(cfg.counter, printer=printer),
                                  scanning=replace(cfg.scanning, device=device)))  # fmt: skip


def _probes(now: datetime = NOW, free: int | None = None) -> doctor.Probes:
    probes = doctor.real_probes(system_printers)
    probes.now = lambda: now
    if free is not None:
        probes.free_bytes = lambda _path: free
    return probes


def _found(findings: list[doctor.Finding], check: str) -> doctor.Finding:
    return next(f for f in findings if f.check == check)


@pytest.fixture
def ready(tmp_path: Path, central: Central, sane_test_device: str) -> Path:
    """A desk where every check passes: printer PDF, SANE's test scanner, 2027's calendar, enrolled."""
    require_cups_queue("PDF")
    data = _station(tmp_path)
    _configure(data, printer="PDF", device=sane_test_device)
    no_key = doctor.run(data, _probes(now=datetime.now(VN_TZ)))
    assert [f.level for f in no_key if f.check == "khóa khôi phục bản sao lưu"] == [Level.WARN]
    cfg = config_mod.load(data)
    key = "age1" + "q" * 58
    config_mod.save(data, replace(cfg, safety=replace(cfg.safety, recovery_keys=(key,))))
    (data / "calendar").mkdir()
    (data / "calendar" / "2027.toml").write_text(CALENDAR_2027, encoding="utf-8")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
    return data


def test_a_ready_desk_is_all_ok_and_the_command_exits_0(ready: Path, central: Central):
    findings = doctor.run(ready, _probes(now=datetime.now(VN_TZ)))
    assert [f.level for f in findings] == [Level.OK] * len(findings), [f.line() for f in findings]
    assert {f.check for f in findings} == {
        "thư mục dữ liệu", "cấu hình", "dung lượng trống", "cơ sở dữ liệu", "phông chữ", "máy in", "máy quét",
        "lịch ngày nghỉ", "máy chủ trung tâm", "chứng thực", "đồng hồ", "khóa khôi phục bản sao lưu",
        "danh mục thủ tục", "máy quét thẻ căn cước",
    }  # fmt: skip
    out = desk("doctor", data_dir=ready, env={"SANE_CONFIG_DIR": os.environ["SANE_CONFIG_DIR"]}, check=False)
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines()[-1] == "14 mục kiểm tra: 0 FAIL, 0 WARN"


def test_printer_scanner_calendar_and_server_each_fail_with_the_fix(ready: Path, central: Central):
    _configure(ready, printer="May-in-khong-co", device="sane:khong-co")
    (ready / "calendar" / "2027.toml").unlink()
    findings = doctor.run(ready, _probes(now=datetime.now(VN_TZ)))
    printer, scanner = _found(findings, "máy in"), _found(findings, "máy quét")
    assert printer.level is Level.FAIL and "May-in-khong-co" in printer.message and "PDF" in printer.message
    assert (
        scanner.level is Level.FAIL
        and "sane:test:0" in scanner.message
        and "desk-app scanners" in scanner.fix
    )
    calendar = _found(findings, "lịch ngày nghỉ")
    assert calendar.level is Level.WARN and "2027" in calendar.message and "publish calendar" in calendar.fix

    creds = json.loads((ready / "sync.json").read_text())
    (ready / "sync.json").write_text(json.dumps({**creds, "credential": "khoa-sai"}))
    findings = doctor.run(ready, _probes(now=datetime.now(VN_TZ)))
    assert _found(findings, "máy chủ trung tâm").level is Level.OK
    refused = _found(findings, "chứng thực")
    assert refused.level is Level.FAIL and "enroll" in refused.fix
    central.stop()
    down = _found(doctor.run(ready, _probes()), "máy chủ trung tâm")
    assert down.level is Level.FAIL and central.url in down.message and "tường lửa" in down.fix
    out = desk("doctor", data_dir=ready, check=False)
    assert out.returncode == 1 and "FAIL  máy chủ trung tâm" in out.stdout


def test_the_card_scanners_serial_port_opens_or_fails_with_the_fix(tmp_path: Path):
    """Issue 18, part 2: keyboard mode needs nothing; a configured port is opened (a pseudo-terminal
    stands for the scanner's USB-COM port), a missing port or a file that is no port fails with the fix."""
    data = _station(tmp_path)
    assert "chế độ bàn phím" in _found(doctor.run(data, _probes()), "máy quét thẻ căn cước").message
    master, slave = os.openpty()
    try:
        for port, level, said in (
            (os.ttyname(slave), Level.OK, f"cổng {os.ttyname(slave)}, 9600 baud"),
            ("/dev/ttyACM-khong-co", Level.FAIL, "không mở được cổng /dev/ttyACM-khong-co"),
            (str(data / "station.toml"), Level.FAIL, "không phải cổng nối tiếp"),
        ):
            cfg = config_mod.load(data)
            config_mod.save(data, replace(cfg, id_scanner=replace(cfg.id_scanner, port=port)))
            found = _found(doctor.run(data, _probes()), "máy quét thẻ căn cước")
            assert found.level is level and said in found.message, found.line()
            assert level is Level.OK or "[id_scanner] port" in found.fix
    finally:
        os.close(master)
        os.close(slave)


def test_clock_skew_warns_then_fails(ready: Path):
    now = datetime.now(VN_TZ)
    assert _found(doctor.run(ready, _probes(now=now)), "đồng hồ").level is Level.OK
    slow = _found(doctor.run(ready, _probes(now=now - timedelta(minutes=4))), "đồng hồ")
    assert slow.level is Level.WARN and "chậm" in slow.message
    fast = _found(doctor.run(ready, _probes(now=now + timedelta(minutes=30))), "đồng hồ")
    assert fast.level is Level.FAIL and "nhanh" in fast.message and "NTP" in fast.fix


def test_data_folder_disk_and_config(tmp_path: Path):
    data = _station(tmp_path)
    mib = 1024 * 1024
    assert _found(doctor.run(data, _probes()), "thư mục dữ liệu").level is Level.OK
    assert _found(doctor.run(data, _probes(free=100 * mib)), "dung lượng trống").level is Level.FAIL
    assert _found(doctor.run(data, _probes(free=1000 * mib)), "dung lượng trống").level is Level.WARN
    assert _found(doctor.run(data, _probes(free=50_000 * mib)), "dung lượng trống").level is Level.OK
    data.chmod(0o755)
    shared = _found(doctor.run(data, _probes()), "thư mục dữ liệu")
    assert shared.level is Level.FAIL and "chmod 700" in shared.fix
    data.chmod(0o700)
    read_only = doctor._data_dir(Path("/proc/self"))  # a directory no one can create a file in, even root
    assert read_only.level is Level.FAIL and "không ghi được" in read_only.message
    missing = doctor.run(tmp_path / "khong-co", _probes())
    assert len(missing) == 1 and missing[0].level is Level.FAIL and "init --from" in missing[0].fix

    (data / "station.toml").write_text("[station]\nagency_code = 'G01.79.760.001'\ndesk = 'một'\n")
    broken = _found(doctor.run(data, _probes()), "cấu hình")
    assert broken.level is Level.FAIL and "station.toml" in broken.fix


def test_database_level_and_damage(tmp_path: Path):
    data = _station(tmp_path)
    db = data / "station.sqlite3"
    assert _found(doctor.run(data, _probes()), "cơ sở dữ liệu").level is Level.OK
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
    older = _found(doctor.run(data, _probes()), "cơ sở dữ liệu")
    assert older.level is Level.WARN and "0008" in older.message
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    newer = _found(doctor.run(data, _probes()), "cơ sở dữ liệu")
    assert newer.level is Level.FAIL and "mới hơn" in newer.message
    assert db.read_bytes()  # read only: the doctor changed nothing
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0042"
    raw = bytearray(db.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 512] = b"\xff" * 512  # a damaged page
    db.write_bytes(bytes(raw))
    damaged = _found(doctor.run(data, _probes()), "cơ sở dữ liệu")
    assert damaged.level is Level.FAIL and "restore" in damaged.fix


def test_catalogue_offered_at_the_stations_level_and_entries_without_sources(tmp_path: Path):
    data = _station(tmp_path)
    ok = _found(doctor.run(data, _probes()), "danh mục thủ tục")
    assert ok.level is Level.OK and ok.message.endswith("thủ tục cho cấp xã, mỗi thủ tục có nguồn")
    legacy = "Danh mục của trạm trước khi có nguồn (phiên bản 0011): cần nhập lại từ danh mục có nguồn"
    db = data / "station.sqlite3"
    with sqlite3.connect(db) as conn:  # what migration 0011 leaves of an entry it could not source
        entry = json.loads(conn.execute("SELECT data FROM procedures WHERE code = '1.010386'").fetchone()[0])
        entry["sources"] = {fact: legacy for fact in ("code", "level", "channels", "limit", "documents")}
        conn.execute("UPDATE procedures SET data = ? WHERE code = '1.010386'", (json.dumps(entry),))
    warned = _found(doctor.run(data, _probes()), "danh mục thủ tục")
    assert warned.level is Level.WARN and "1 thủ tục chưa ghi nguồn (từ bản cũ): 1.010386" in warned.message
    with sqlite3.connect(db) as conn:  # a ward station left with provincial procedures only
        conn.execute("DELETE FROM procedures WHERE data NOT LIKE '%\"province\"%'")
    empty = _found(doctor.run(data, _probes()), "danh mục thủ tục")
    assert empty.level is Level.FAIL and "cấp xã" in empty.message and "level" in empty.fix


def test_fonts(tmp_path: Path):
    assert doctor._fonts().level is Level.OK
    missing = doctor._fonts(tmp_path)
    assert missing.level is Level.FAIL and "LiberationSerif-Regular.ttf" in missing.message


def test_a_broken_calendar_file_fails_and_names_it(tmp_path: Path):
    data = _station(tmp_path)
    (data / "calendar").mkdir()
    (data / "calendar" / "2027.toml").write_text("year = 2027\nstatus = 'chinh-thuc'\n", encoding="utf-8")
    broken = _found(doctor.run(data, _probes()), "lịch ngày nghỉ")
    assert broken.level is Level.FAIL and "2027.toml" in broken.message and "calendar" in broken.fix


def test_provisional_days_in_the_next_60_days_are_a_warning(tmp_path: Path):
    """An official year may still hold a day not confirmed yet: the doctor names it until it is."""
    data = _station(tmp_path)
    (data / "calendar").mkdir()
    bundled = (Path(doctor.__file__).parents[2] / "resources" / "calendar" / "2026.toml").read_text("utf-8")
    waiting = bundled.replace(
        'name = "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8)"',
        'name = "Nghỉ hoán đổi dịp Quốc khánh (chờ thông báo)"\nstatus = "provisional"',
    )
    assert waiting != bundled
    (data / "calendar" / "2026.toml").write_text(waiting, encoding="utf-8")
    summer = datetime(2026, 7, 15, 9, 0, tzinfo=VN_TZ)
    found = _found(doctor.run(data, _probes(now=summer)), "lịch ngày nghỉ")
    assert found.level is Level.WARN and "31/08/2026" in found.message
    assert "publish calendar 2026" in found.fix
    spring = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)  # 60 days ahead hold no provisional day
    assert _found(doctor.run(data, _probes(now=spring)), "lịch ngày nghỉ").level is Level.OK
