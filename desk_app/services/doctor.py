"""``desk-app doctor``: is this PC ready to work as a desk? Each check says OK, WARN or FAIL, and the fix.

The checks read and never change anything — the database is opened read-only (a doctor must not migrate
or repair it), the server is only probed. They run even when the station cannot start (a broken
``station.toml``, a damaged or newer database): each failure is a line of the report, not a crash. The
world outside (printers, scanners, the server) comes in through :class:`Probes`, so tests can point the
checks at a real CUPS queue, SANE's test device and a real server on loopback.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from desk_app import config as config_mod
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ

CALENDAR_AHEAD_DAYS = 60
SKEW_WARN = timedelta(minutes=2)  # receipts show the minute; the server keeps the desk's times
SKEW_FAIL = timedelta(minutes=10)


class Level(Enum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    check: str
    level: Level
    message: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.level.value:<4}  {self.check}: {self.message}"
        return f"{text} — {self.fix}" if self.fix and self.level is not Level.OK else text


@dataclass
class Probes:
    """What the checks ask of the world outside the data directory."""

    printers: Callable[[], tuple[list[str], str]]  # (queue names, the default's name or "")
    scanners: Callable[[str], list[str]]  # device ids, given the configured watch folder
    server_time: Callable[[str, str, Any], datetime]  # (url, credential, TLS trust) → the server's clock
    now: Callable[[], datetime] = field(default=lambda: datetime.now(VN_TZ))
    free_bytes: Callable[[Path], int] = field(default=lambda path: shutil.disk_usage(path).free)
    serial_port: Callable[[str], str] = field(default=lambda port: open_serial_port(port))  # "" if it opens


class ServerRefused(Exception):
    """The server answered and refused the station's credential."""


def run(data_dir: Path, probes: Probes) -> list[Finding]:
    """Every check, in the order an IT person would fix them."""
    findings: list[Finding] = []
    findings.append(_data_dir(data_dir))
    if findings[-1].level is Level.FAIL and not data_dir.is_dir():
        return findings  # nothing else can be read
    cfg, finding = _config(data_dir)
    findings.append(finding)
    findings.append(_disk(data_dir, cfg, probes))
    findings.append(_database(data_dir))
    if cfg is not None and findings[-1].level is Level.OK:
        findings.append(_catalogue(data_dir, cfg))
    findings.append(_fonts())
    if cfg is not None:
        findings.append(_recovery(cfg))
        findings.append(_printer(cfg, probes))
        findings.append(_scanner(cfg, probes))
        findings.append(_id_scanner(cfg, probes))
    findings.append(_calendar(data_dir, probes.now().date()))
    findings += _server(data_dir, cfg, probes)
    return findings


def _data_dir(data_dir: Path) -> Finding:
    name = "thư mục dữ liệu"
    if not data_dir.is_dir():
        return Finding(
            name,
            Level.FAIL,
            f"không có {data_dir}",
            "chạy 'desk-app init --from station.toml' để thiết lập bàn",
        )
    probe = data_dir / ".doctor-write-test"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return Finding(
            name,
            Level.FAIL,
            f"không ghi được vào {data_dir}: {exc.strerror or exc}",
            "cho tài khoản chạy ứng dụng quyền ghi, hoặc chọn thư mục trên ổ đĩa ghi được",
        )
    if sys.platform != "win32":
        mode = data_dir.stat().st_mode & 0o777
        if mode & 0o077:
            return Finding(
                name,
                Level.FAIL,
                f"{data_dir} mở cho người khác (quyền {mode:o}): có dữ liệu công dân",
                f"chmod 700 {data_dir}",
            )
    return Finding(name, Level.OK, f"{data_dir} ghi được, chỉ tài khoản này đọc được")


def _config(data_dir: Path) -> tuple[config_mod.Config | None, Finding]:
    name = "cấu hình"
    try:
        cfg = config_mod.load(data_dir)
    except DeskError as exc:
        return None, Finding(
            name,
            Level.FAIL,
            exc.message,
            f"sửa {data_dir / config_mod.CONFIG_NAME} hoặc thiết lập lại bằng 'desk-app init'",
        )
    s = cfg.station
    return cfg, Finding(name, Level.OK, f"bàn {s.desk} của {s.agency_name} ({s.agency_code})")


def _recovery(cfg: config_mod.Config) -> Finding:
    name = "khóa khôi phục bản sao lưu"
    keys = len(cfg.safety.recovery_keys)
    if not keys:
        return Finding(
            name,
            Level.WARN,
            "chưa có: bản sao lưu chỉ mở được trên chính máy này, mất máy là mất cả bản sao lưu",
            "quản trị chạy 'desk-app recovery-key --user QUẢN_TRỊ -o khoa.pdf', in tờ khóa và cất vào két",
        )
    return Finding(name, Level.OK, f"{keys} khóa: bản sao lưu mở được trên máy mới bằng khóa khôi phục")


def _disk(data_dir: Path, cfg: config_mod.Config | None, probes: Probes) -> Finding:
    name = "dung lượng trống"
    floor = (cfg.safety.min_free_mb if cfg else config_mod.Safety().min_free_mb) * 1024 * 1024
    free = probes.free_bytes(data_dir)
    text = f"còn {free // (1024 * 1024):,} MB".replace(",", ".")
    if free < floor:
        return Finding(
            name,
            Level.FAIL,
            f"{text}, dưới mức tối thiểu {floor // (1024 * 1024)} MB: bàn sẽ không nhận hồ sơ",
            "giải phóng ổ đĩa hoặc chuyển thư mục dữ liệu",
        )
    if free < 4 * floor:
        return Finding(
            name,
            Level.WARN,
            f"{text}, sắp chạm mức tối thiểu {floor // (1024 * 1024)} MB",
            "giải phóng ổ đĩa sớm",
        )
    return Finding(name, Level.OK, text)


LEGACY_SOURCE_MARK = "trước khi có nguồn"  # what migration 0011 writes into entries it could not source


def _catalogue(data_dir: Path, cfg: config_mod.Config) -> Finding:
    """The procedures this station's level is offered, and entries whose sources were never given."""
    import json

    from desk_app.domain.catalogue import LEVEL_VI, parse_catalogue

    name = "danh mục thủ tục"
    db = data_dir / config_mod.DB_NAME
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [json.loads(r[0]) for r in conn.execute("SELECT data FROM procedures ORDER BY code")]
        finally:
            conn.close()
        procedures = parse_catalogue({"version": "station", "procedures": rows}) if rows else []
    except (sqlite3.DatabaseError, ValueError, DeskError) as exc:
        text = exc.message if isinstance(exc, DeskError) else str(exc)
        fix = "nhập lại danh mục ('desk-app catalogue import')"
        return Finding(name, Level.FAIL, f"không đọc được: {text}", fix)
    level = cfg.station.level
    offered = [p for p in procedures if p.offered_at(level)]
    if not offered:
        return Finding(
            name, Level.FAIL, f"không có thủ tục nào cho {LEVEL_VI[level]}",
            "kiểm tra [station] level trong station.toml, nhập danh mục ('desk-app catalogue import')",
        )  # fmt: skip
    unsourced = [p.code for p in procedures if LEGACY_SOURCE_MARK in p.source("code")]
    if unsourced:
        codes = ", ".join(unsourced[:5]) + (" …" if len(unsourced) > 5 else "")
        return Finding(
            name, Level.WARN, f"{len(unsourced)} thủ tục chưa ghi nguồn (từ bản cũ): {codes}",
            "nhập danh mục có nguồn ('desk-app catalogue import') hoặc nhận từ máy chủ",
        )  # fmt: skip
    return Finding(name, Level.OK, f"{len(offered)} thủ tục cho {LEVEL_VI[level]}, mỗi thủ tục có nguồn")


def _database(data_dir: Path) -> Finding:
    from desk_app.storage.db import SCHEMA_HEAD

    name = "cơ sở dữ liệu"
    db = data_dir / config_mod.DB_NAME
    if not db.is_file():
        return Finding(
            name, Level.FAIL, f"không có {db}", "chạy 'desk-app init' hoặc khôi phục từ bản sao lưu"
        )
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Finding(
            name, Level.FAIL, f"không đọc được: {exc}", "khôi phục bản sao lưu gần nhất ('desk-app restore')"
        )
    if result != "ok":
        return Finding(
            name, Level.FAIL, f"hỏng: {result}", "khôi phục bản sao lưu gần nhất ('desk-app restore')"
        )
    level = row[0] if row else None
    if level == SCHEMA_HEAD:
        return Finding(name, Level.OK, f"nguyên vẹn, phiên bản lược đồ {level}")
    if level is not None and level.isdigit() and SCHEMA_HEAD.isdigit() and int(level) > int(SCHEMA_HEAD):
        return Finding(
            name,
            Level.FAIL,
            f"do bản desk_app mới hơn tạo (lược đồ {level}, bản này {SCHEMA_HEAD})",
            "cài bản desk_app mới hơn; không mở bằng bản này",
        )
    return Finding(
        name,
        Level.WARN,
        f"lược đồ {level or 'chưa có'}, bản này cần {SCHEMA_HEAD}",
        "mở ứng dụng một lần: nó tự sao lưu rồi nâng cấp",
    )


def _fonts(folder: Path | None = None) -> Finding:
    from desk_app.documents.fonts import FACE_FILES
    from desk_app.locator import resource

    name = "phông chữ"
    folder = folder or resource("fonts")
    missing = [file for file in FACE_FILES.values() if not (folder / file).is_file()]
    if missing:
        return Finding(
            name,
            Level.FAIL,
            f"thiếu {', '.join(missing)} trong {folder}",
            "cài lại desk_app (bản cài đặt thiếu tệp)",
        )
    return Finding(name, Level.OK, f"đủ {len(FACE_FILES)} kiểu chữ Liberation Serif")


def _printer(cfg: config_mod.Config, probes: Probes) -> Finding:
    name = "máy in"
    try:
        names, default = probes.printers()
    except Exception as exc:  # the print system itself is missing or broken
        return Finding(
            name, Level.FAIL, f"không hỏi được hệ thống in: {exc}", "cài/khởi động dịch vụ in (CUPS)"
        )
    wanted = cfg.counter.printer
    if wanted:
        if wanted in names:
            return Finding(name, Level.OK, f"hàng in {wanted}")
        return Finding(
            name,
            Level.FAIL,
            f"không có hàng in {wanted!r} (có: {', '.join(names) or 'không có'})",
            "cài máy in với đúng tên đó, hoặc sửa [counter] printer",
        )
    if default:
        return Finding(name, Level.OK, f"máy in mặc định {default}")
    if names:
        return Finding(
            name,
            Level.FAIL,
            f"chưa chọn máy in và hệ thống không có máy in mặc định (có: {', '.join(names)})",
            f"đặt [counter] printer = {names[0]!r} hoặc chọn máy in mặc định",
        )
    return Finding(
        name,
        Level.FAIL,
        "chưa có máy in nào (không in được giấy tiếp nhận)",
        "cài máy in, hoặc đặt [counter] printer",
    )


def _scanner(cfg: config_mod.Config, probes: Probes) -> Finding:
    name = "máy quét"
    try:
        ids = probes.scanners(cfg.scanning.watch_folder)
    except Exception as exc:
        return Finding(
            name,
            Level.WARN,
            f"không hỏi được trình điều khiển máy quét: {exc}",
            "cài SANE (Linux) hoặc trình điều khiển WIA của máy quét",
        )
    wanted = cfg.scanning.device
    if wanted:
        if wanted in ids:
            return Finding(name, Level.OK, wanted)
        return Finding(
            name,
            Level.FAIL,
            f"không thấy máy quét {wanted!r} (thấy: {', '.join(ids) or 'không có'})",
            "cắm và bật máy quét, hoặc sửa [scanning] device theo 'desk-app scanners'",
        )
    if ids:
        return Finding(name, Level.OK, f"{len(ids)} máy quét, dùng {ids[0]}")
    return Finding(
        name, Level.WARN, "không thấy máy quét nào (vẫn nhận được tệp ảnh và PDF)", "cắm và bật máy quét"
    )


def open_serial_port(port: str) -> str:
    """Open ``port`` for reading and close it again: "" if it opened, else why not (the OS's words)."""
    import os

    path = rf"\\.\{port}" if sys.platform == "win32" and not port.startswith("\\") else port
    try:
        if sys.platform == "win32":
            with open(path, "rb", buffering=0):
                return ""
        fd = os.open(path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        if not os.isatty(fd):
            return "không phải cổng nối tiếp"
    finally:
        os.close(fd)
    return ""


def _id_scanner(cfg: config_mod.Config, probes: Probes) -> Finding:
    """The chip-card scanner: keyboard mode needs nothing; a serial port must open."""
    name = "máy quét thẻ căn cước"
    port = cfg.id_scanner.port
    if not port:
        return Finding(name, Level.OK, "chế độ bàn phím (đặt máy quét ở chế độ bàn phím Unicode/Alt-code)")
    problem = probes.serial_port(port)
    if problem:
        return Finding(
            name,
            Level.FAIL,
            f"không mở được cổng {port}: {problem}",
            "cắm máy quét, đặt nó ở chế độ USB-COM, sửa [id_scanner] port (Linux: quyền nhóm dialout)",
        )
    return Finding(name, Level.OK, f"cổng {port}, {cfg.id_scanner.baud} baud")


def _calendar(data_dir: Path, today: date) -> Finding:
    from desk_app.domain.calendar import PROVISIONAL
    from desk_app.services.reference import load_calendar

    name = "lịch ngày nghỉ"
    try:
        calendar = load_calendar(data_dir)
    except DeskError as exc:
        return Finding(name, Level.FAIL, exc.message, "sửa hoặc xóa tệp lịch trong thư mục calendar")
    until = today + timedelta(days=CALENDAR_AHEAD_DAYS)
    missing = [y for y in range(today.year, until.year + 1) if calendar.schedule_for(y).status == PROVISIONAL]
    if missing:
        years = ", ".join(map(str, missing))
        return Finding(
            name,
            Level.WARN,
            f"chưa có lịch chính thức năm {years} (60 ngày tới tính theo lịch dự kiến)",
            f"công bố lịch năm {years}: 'desk-central publish calendar {missing[0]}.toml'",
        )
    marked = calendar.provisional_between(today, until)
    if marked:
        days = ", ".join(f"{d:%d/%m/%Y}" for d in marked[:5]) + (" …" if len(marked) > 5 else "")
        return Finding(
            name,
            Level.WARN,
            f"60 ngày tới có ngày chưa được xác nhận chính thức (dự kiến): {days}",
            f"khi có thông báo chính thức, công bố lại lịch năm {marked[0].year} "
            f"('desk-central publish calendar {marked[0].year}.toml')",
        )
    return Finding(name, Level.OK, f"lịch chính thức đến hết {until:%d/%m/%Y}")


def _server(data_dir: Path, cfg: config_mod.Config | None, probes: Probes) -> list[Finding]:
    import json

    path = data_dir / "sync.json"
    if not path.exists():
        return [
            Finding(
                "máy chủ trung tâm",
                Level.WARN,
                "bàn chưa đăng ký với máy chủ (hồ sơ chỉ lưu tại chỗ)",
                "'desk-app enroll --server URL --token MÃ --user QUẢN_TRỊ' hoặc [enrol] trong station.toml",
            )
        ]
    try:
        creds = json.loads(path.read_text(encoding="utf-8"))
        server, credential = str(creds["server"]), str(creds["credential"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [
            Finding(
                "máy chủ trung tâm",
                Level.FAIL,
                f"{path} hỏng: {exc}",
                "đăng ký lại: 'desk-app enroll --server URL --token MÃ --user QUẢN_TRỊ'",
            )
        ]
    from desk_app.sync.client import Offline, trusted

    try:
        verify = trusted(cfg.sync.ca_file if cfg else "")
    except Offline as exc:
        return [Finding("máy chủ trung tâm", Level.FAIL, f"[sync] ca_file: {exc.reason}",
                        "sửa đường dẫn ca_file trong station.toml")]  # fmt: skip
    try:
        their = probes.server_time(server, credential, verify)
    except ServerRefused as exc:
        return [
            Finding("máy chủ trung tâm", Level.OK, f"{server} trả lời"),
            Finding(
                "chứng thực",
                Level.FAIL,
                f"máy chủ không nhận khóa của trạm: {exc}",
                "xin mã đăng ký mới ('desk-central token') và 'desk-app enroll' lại",
            ),
        ]
    except Exception as exc:
        return [
            Finding(
                "máy chủ trung tâm",
                Level.FAIL,
                f"không kết nối được {server}: {exc}",
                "kiểm tra mạng, tường lửa, proxy và địa chỉ máy chủ",
            )
        ]
    findings = [
        Finding("máy chủ trung tâm", Level.OK, f"{server} trả lời"),
        Finding("chứng thực", Level.OK, "máy chủ nhận khóa của trạm"),
    ]
    skew = probes.now() - their
    size = abs(skew)
    ahead = "nhanh" if skew > timedelta(0) else "chậm"
    text = f"đồng hồ máy {ahead} {int(size.total_seconds())} giây so với máy chủ"
    if size > SKEW_FAIL:
        findings.append(Finding("đồng hồ", Level.FAIL, text, "chỉnh giờ máy (bật đồng bộ giờ NTP)"))
    elif size > SKEW_WARN:
        findings.append(Finding("đồng hồ", Level.WARN, text, "bật đồng bộ giờ NTP"))
    else:
        findings.append(Finding("đồng hồ", Level.OK, text))
    return findings


# --- the real world's probes -----------------------------------------------------------------------
def system_scanners(watch_folder: str) -> list[str]:
    from desk_app.scanning.devices import available_backends

    return [device.id for backend in available_backends(watch_folder) for device in backend.devices()]


def server_clock(server: str, credential: str, verify: Any) -> datetime:
    """The server's time from its authenticated probe; :class:`ServerRefused` for a refused credential."""
    from desk_app.sync.client import Offline, SyncClient

    client = SyncClient(server, credential, verify=verify, timeout=10.0)
    try:
        response = client.http.get("/v1/probe")
    except Exception as exc:
        raise Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:200]) from None
    finally:
        client.close()
    if response.status_code in (401, 403):
        raise ServerRefused(f"HTTP {response.status_code}")
    if response.status_code != 200:
        raise Offline(f"HTTP {response.status_code}")
    data = response.json()
    return datetime.fromisoformat(str(data["server_time"]))


def real_probes(printers: Callable[[], tuple[list[str], str]]) -> Probes:
    """The probes of this PC (``printers`` from the GUI layer: only it may load Qt's print support)."""
    return Probes(printers=printers, scanners=system_scanners, server_time=server_clock)
