"""The station's configuration: a TOML file in the data directory that IT can read and edit.

``station.toml`` holds who the desk is (agency, desk number, place) and its counter settings
(cutoff, return time, dossier-number block). :func:`load` validates it with Vietnamese messages.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any

from desk_app.domain.catalogue import STATION_LEVELS
from desk_app.domain.codes import sequence_block, validate_agency_code
from desk_app.domain.errors import DeskError, StationNotInitialised
from desk_app.domain.text import clean

CONFIG_NAME = "station.toml"
DB_NAME = "station.sqlite3"
ENV_DATA_DIR = "DESK_APP_DATA_DIR"


def default_data_dir() -> Path:
    """``--data-dir``, else ``$DESK_APP_DATA_DIR``, else the platform's per-user data folder."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    import platformdirs  # only here: start-up of a configured station never needs it

    return Path(platformdirs.user_data_dir("desk_app", appauthor=False))


@dataclass(frozen=True)
class Station:
    """Who this desk is."""

    agency_code: str
    agency_name: str
    desk: int
    parent_agency: str = ""
    place: str = ""
    level: str = "commune"  # commune (Công an cấp xã) | province: which procedures its desks are offered


@dataclass(frozen=True)
class Counter:
    """Counter settings that a station may change."""

    cutoff: str = "15:00"  # receipts after this time count from the next working day (15:00 itself: that day)
    return_time: str = "16:00"  # time of day printed for results due in working days
    sequence_block_size: int = 1000  # dossier numbers owned by each desk per day (see README)
    officer_name: str = ""  # printed under "NGƯỜI TIẾP NHẬN HỒ SƠ" until accounts exist
    language: str = "vi"
    printer: str = ""  # empty: the system's default printer


@dataclass(frozen=True)
class Scanning:
    """How pages are scanned and kept (see the README's scanning section)."""

    mode: str = "bw"  # bw (Group 4 TIFF, smallest for text) | grey (JPEG) | colour (JPEG)
    quality: int = 60  # JPEG quality of grey and colour pages, 10–95
    resolution: int = 300  # dpi asked of the scanner
    skip_blank: bool = True  # drop blank pages (the backs of a duplex batch); False keeps them, flagged
    device: str = ""  # the scanner used by default (an id from `desk-app scanners`); "" = the first
    watch_folder: str = ""  # where a network scanner drops its files (scan to folder); "" = none


@dataclass(frozen=True)
class Safety:
    """Accounts and guardrails (issue 5)."""

    idle_lock_minutes: int = 5  # the window locks after this long without input
    min_free_mb: int = 500  # below this much free disk, intake and scanning stop before writing anything
    scan_retention_days: int = 365  # scans of dossiers returned longer ago are deleted (0: kept for ever)
    sync_warning_days: int = 3  # warn when the station has not synced for this long
    backup_keep: int = 7  # automatic daily backups kept (0: no automatic backup)
    backup_folder: str = ""  # where they go (default: <data dir>/backups/daily; another disk is better)
    recovery_keys: tuple[str, ...] = ()  # age public keys (age1…) every backup is also encrypted to


@dataclass(frozen=True)
class Sync:
    """The central server (issue 6); the station's credential itself is in ``sync.json`` (0600)."""

    ca_file: str = ""  # a private CA's certificates (PEM), e.g. a ministry's; "" = the system's trusted CAs
    interval_seconds: int = 60  # how often the open app tries to drain the outbox


@dataclass(frozen=True)
class Logs:
    """The log file, ``<data dir>/logs/desk_app.log`` (rotated; ``$DESK_APP_LOG_LEVEL`` overrides)."""

    level: str = "INFO"  # DEBUG | INFO | WARNING | ERROR


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class IdScanner:
    """The chip-card QR scanner when it is set to a serial port (USB-COM/CDC or RS-232) instead of typing as a
    keyboard: its bytes are read as UTF-8 whatever has the focus (see the README's "ID scanners")."""

    port: str = ""  # "COM3" on Windows, "/dev/ttyACM0" on Linux; "" = keyboard (wedge) mode
    baud: int = 9600  # most scanners in USB-COM mode ignore it; RS-232 ones need the one set on the scanner


BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class Config:
    station: Station
    counter: Counter = field(default_factory=Counter)
    scanning: Scanning = field(default_factory=Scanning)
    safety: Safety = field(default_factory=Safety)
    sync: Sync = field(default_factory=Sync)
    logs: Logs = field(default_factory=Logs)
    id_scanner: IdScanner = field(default_factory=IdScanner)

    @property
    def cutoff_time(self) -> time:
        return _parse_hhmm(self.counter.cutoff, "counter.cutoff")

    @property
    def return_time(self) -> time:
        return _parse_hhmm(self.counter.return_time, "counter.return_time")


def _parse_hhmm(text: str, name: str) -> time:
    try:
        hh, mm = text.split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise DeskError(f"{name}: giờ phải có dạng HH:MM, ví dụ 15:00 (đang là {text!r})") from None


def validate(config: Config) -> Config:
    """Return a cleaned copy of ``config`` or raise :class:`DeskError` naming the bad setting."""
    s = config.station
    name = clean(s.agency_name)
    if not name:
        raise DeskError("Chưa nhập tên cơ quan tiếp nhận (agency_name)", field="agency_name")
    if isinstance(s.desk, bool) or not isinstance(s.desk, int):
        raise DeskError("Số bàn (desk) phải là số nguyên", field="desk")
    c = config.counter
    sequence_block(s.desk, c.sequence_block_size)  # raises if the desk is outside the block scheme
    try:
        agency_code = validate_agency_code(s.agency_code)
    except DeskError as exc:
        raise DeskError(exc.message, field="agency_code") from None
    if s.level not in STATION_LEVELS:
        raise DeskError(
            f"[station] level phải là {' hoặc '.join(STATION_LEVELS)} (đang là {s.level!r})", field="level"
        )
    station = replace(
        s,
        agency_code=agency_code,
        agency_name=name,
        parent_agency=clean(s.parent_agency),
        place=clean(s.place),
    )
    sc = config.scanning
    if sc.mode not in ("bw", "grey", "colour"):
        raise DeskError("scanning.mode phải là bw, grey hoặc colour", field="scanning")
    if isinstance(sc.quality, bool) or not isinstance(sc.quality, int) or not 10 <= sc.quality <= 95:
        raise DeskError("scanning.quality phải là số nguyên từ 10 đến 95", field="scanning")
    if (
        isinstance(sc.resolution, bool)
        or not isinstance(sc.resolution, int)
        or not 75 <= sc.resolution <= 1200
    ):
        raise DeskError("scanning.resolution phải là số dpi từ 75 đến 1200", field="scanning")
    sf = config.safety
    for name in ("min_free_mb",):
        value = getattr(sf, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DeskError(f"safety.{name} phải là số nguyên dương", field="safety")
    for name in ("idle_lock_minutes", "scan_retention_days", "sync_warning_days", "backup_keep"):  # 0: off
        value = getattr(sf, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DeskError(f"safety.{name} phải là số nguyên, 0 để tắt", field="safety")
    if not isinstance(sf.backup_folder, str):
        raise DeskError("safety.backup_folder phải là một đường dẫn thư mục", field="safety")
    keys = sf.recovery_keys
    if isinstance(keys, str) or not isinstance(keys, (list, tuple)):
        raise DeskError("safety.recovery_keys phải là danh sách khóa age1…", field="safety")
    for key in keys:
        if not isinstance(key, str) or not AGE_RECIPIENT.fullmatch(key):
            raise DeskError(f"safety.recovery_keys: {str(key)[:24]!r} không phải khóa age1…", field="safety")
    sf = replace(sf, recovery_keys=tuple(keys))
    counter = replace(c, officer_name=clean(c.officer_name))
    sy = config.sync
    if (
        not isinstance(sy.ca_file, str)
        or isinstance(sy.interval_seconds, bool)
        or not isinstance(sy.interval_seconds, int)
        or sy.interval_seconds < 5
    ):
        raise DeskError("[sync] ca_file là đường dẫn tệp, interval_seconds ≥ 5", field="sync")
    if not isinstance(config.logs.level, str) or config.logs.level.upper() not in LOG_LEVELS:
        raise DeskError(f"[logs] level phải là một trong {', '.join(LOG_LEVELS)}", field="logs")
    logs = Logs(level=config.logs.level.upper())
    ids = config.id_scanner
    if not isinstance(ids.port, str) or ids.baud not in BAUDS or isinstance(ids.baud, bool):
        raise DeskError(
            "[id_scanner] port là tên cổng (COM3, /dev/ttyACM0) hoặc để trống; baud là một trong "
            + ", ".join(map(str, BAUDS)),
            field="id_scanner",
        )
    ids = replace(ids, port=ids.port.strip())
    cleaned = Config(station=station, counter=counter, scanning=sc, safety=sf, sync=sy, logs=logs,
                     id_scanner=ids)  # fmt: skip
    if cleaned.cutoff_time >= time(23, 59) or cleaned.return_time.hour < 6:
        raise DeskError("Giờ chốt nhận hồ sơ hoặc giờ hẹn trả không hợp lý", field="counter")
    if c.language not in ("vi", "en"):
        raise DeskError("language phải là 'vi' hoặc 'en'", field="language")
    return cleaned


#: an age X25519 public key: "age1" and 58 bech32 characters
AGE_RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}")

#: settings renamed since an earlier release, (section, old name) → new name: read under either name
RENAMED = {("sync", "ca_bundle"): "ca_file"}
#: settings of an earlier release that no longer mean anything (wrong passwords slow down, never lock)
OBSOLETE = {("safety", "lockout_failures"), ("safety", "lockout_minutes")}


def renamed(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """A section's keys with the old names of renamed settings given their new ones, obsolete ones gone."""
    out = {k: v for k, v in values.items() if (section, k) not in OBSOLETE}
    for (where, old), new in RENAMED.items():
        if where == section and old in out and new not in out:
            out[new] = out.pop(old)
    return out


def load(data_dir: Path) -> Config:
    """Read and validate ``station.toml``; :class:`StationNotInitialised` if there is none."""
    path = data_dir / CONFIG_NAME
    if not path.exists():
        raise StationNotInitialised(
            f"Chưa thiết lập bàn tiếp nhận trong {data_dir} — "
            "chạy 'desk-app init' hoặc mở ứng dụng để thiết lập"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DeskError(f"Tệp cấu hình {path} không đọc được: {exc}") from None
    try:
        station = Station(**raw.get("station", {}))
        counter = Counter(**raw.get("counter", {}))
        scanning = Scanning(**raw.get("scanning", {}))
        safety = Safety(**renamed("safety", raw.get("safety", {})))
        sync = Sync(**renamed("sync", raw.get("sync", {})))
        logs = Logs(**raw.get("logs", {}))
        id_scanner = IdScanner(**raw.get("id_scanner", {}))
    except TypeError as exc:
        raise DeskError(f"Tệp cấu hình {path} có mục không đúng: {exc}") from None
    return validate(
        Config(station=station, counter=counter, scanning=scanning, safety=safety, sync=sync, logs=logs,
               id_scanner=id_scanner)
    )  # fmt: skip


def save(data_dir: Path, config: Config) -> Path:
    """Write ``station.toml`` whole or not at all (:mod:`desk_app.atomic`)."""
    import tomli_w

    from desk_app.atomic import write_text

    path = data_dir / CONFIG_NAME
    header = (
        "# desk_app station configuration — IT may edit this file; restart the app afterwards.\n"
        "# [station] who this desk is; level (commune|province) decides which procedures it is offered;\n"
        "# [counter] cutoff (HH:MM), return_time (HH:MM),\n"
        "# sequence_block_size (dossier numbers per desk per day), officer_name, language (vi|en), printer;\n"
        "# [scanning] mode (bw|grey|colour), quality (JPEG 10-95), resolution (dpi), skip_blank,\n"
        "# device (an id from `desk-app scanners`), watch_folder (a network scanner's scan-to-folder path);\n"
        "# [safety] idle_lock_minutes (0: never), min_free_mb,\n"
        "# scan_retention_days (0: keep scans for ever), sync_warning_days, backup_keep (daily backups\n"
        "# kept; 0: none), backup_folder (default <data dir>/backups/daily; another disk is better),\n"
        "# recovery_keys (age public keys the backups are also encrypted to: `desk-app recovery-key`);\n"
        "# [sync] ca_file (a private CA's certificates, PEM; \"\" = the system's), interval_seconds;\n"
        "# [logs] level (DEBUG|INFO|WARNING|ERROR) of <data dir>/logs/desk_app.log;\n"
        "# [id_scanner] port (COM3, /dev/ttyACM0: the card scanner in serial mode; \"\" = keyboard\n"
        "# mode), baud.\n"
    )
    body = tomli_w.dumps(
        {
            "station": asdict(config.station),
            "counter": asdict(config.counter),
            "scanning": asdict(config.scanning),
            "safety": asdict(config.safety),
            "sync": asdict(config.sync),
            "logs": asdict(config.logs),
            "id_scanner": asdict(config.id_scanner),
        }
    )
    write_text(path, header + body)  # 0600: it names the station and where its server is
    return path
