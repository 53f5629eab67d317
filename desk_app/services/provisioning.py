"""``desk-app init --from station.toml``: a desk provisioned from the one file IT prepares for it.

The station file is ``station.toml``'s own format (``[station]``, ``[counter]``, ``[scanning]``,
``[safety]``, ``[sync]``) plus two optional sections used once, while provisioning: ``[enrol]`` (the
central server's ``server`` URL and a one-time enrolment ``token``) and ``[admin]`` (the first admin's
``name``; the password from ``$DESK_APP_NEW_PASSWORD`` or the prompt). Every field is checked before anything
is written, and a message names the field. The desk is then built in a staging folder beside the data
directory — configuration, database, admin, enrolment — and moved into place only when all of it worked:
a bad file, an unreachable server or a refused token leave nothing half-provisioned.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from desk_app import config as config_mod
from desk_app.domain.errors import DeskError

#: the sections of a station file and the dataclass each fills (``enrol`` and ``admin``: below)
_SECTIONS: dict[str, type] = {
    "station": config_mod.Station,
    "counter": config_mod.Counter,
    "scanning": config_mod.Scanning,
    "safety": config_mod.Safety,
    "sync": config_mod.Sync,
    "logs": config_mod.Logs,
    "id_scanner": config_mod.IdScanner,
}
_ONCE = {"enrol": ("server", "token"), "admin": ("name",)}
_REQUIRED = ("agency_code", "agency_name", "desk")
#: config.validate's field names as the file writes them
_FIELDS = {"agency_code": "station.agency_code", "agency_name": "station.agency_name", "desk": "station.desk",
           "language": "counter.language", "counter": "[counter]", "scanning": "[scanning]",
           "safety": "[safety]", "sync": "[sync]", "logs": "logs.level"}  # fmt: skip


@dataclass(frozen=True)
class Enrolment:
    server: str
    token: str


@dataclass(frozen=True)
class StationFile:
    config: config_mod.Config
    enrolment: Enrolment | None
    admin: str | None


def read_station_file(path: Path) -> StationFile:
    """Parse and check a station file; :class:`DeskError` naming the file and the field otherwise."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeskError(f"Không có tệp {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DeskError(f"{path.name}: không đọc được ({exc})") from None
    return parse_station_file(raw, path.name)


def parse_station_file(raw: dict[str, Any], name: str = "station.toml") -> StationFile:
    for section, value in raw.items():
        if section not in _SECTIONS and section not in _ONCE:
            known = ", ".join(f"[{s}]" for s in (*_SECTIONS, *_ONCE))
            raise DeskError(f"{name}: không có mục [{section}] (các mục: {known})", field=section)
        if not isinstance(value, dict):
            raise DeskError(
                f"{name}: [{section}] phải là một mục, ví dụ [{section}] rồi các khóa", field=section
            )
    parts: dict[str, Any] = {}
    for section, kind in _SECTIONS.items():
        values = config_mod.renamed(section, raw.get(section, {}))
        allowed = [f.name for f in fields(kind)]
        for key in values:
            if key not in allowed:
                raise DeskError(f"{name}: khóa {section}.{key} không có (có: {', '.join(allowed)})",
                                field=f"{section}.{key}")  # fmt: skip
        if section == "station":
            for key in _REQUIRED:
                if key not in values or values[key] in ("", None):
                    raise DeskError(f"{name}: thiếu station.{key}", field=f"station.{key}")
        parts[section] = kind(**values)
    try:
        cfg = config_mod.validate(config_mod.Config(**parts))
    except DeskError as exc:  # named as the file names it
        where = _FIELDS.get(exc.field or "", exc.field)
        raise DeskError(f"{name}: {where}: {exc.message}" if where else f"{name}: {exc.message}",
                        field=where) from None  # fmt: skip
    for section, keys in _ONCE.items():
        for key in raw.get(section, {}):
            if key not in keys:
                raise DeskError(f"{name}: khóa {section}.{key} không có (có: {', '.join(keys)})",
                                field=f"{section}.{key}")  # fmt: skip
    return StationFile(cfg, _enrolment(raw.get("enrol"), name), _admin(raw.get("admin"), name))


def _enrolment(section: dict[str, Any] | None, name: str) -> Enrolment | None:
    if section is None:
        return None
    server, token = section.get("server"), section.get("token")
    if not isinstance(server, str) or not server.strip():
        raise DeskError(f"{name}: thiếu enrol.server (địa chỉ máy chủ trung tâm)", field="enrol.server")
    url = urlsplit(server.strip())
    if url.scheme not in ("https", "http") or not url.hostname:
        raise DeskError(
            f"{name}: enrol.server phải là địa chỉ http(s)://…, đang là {server!r}", field="enrol.server"
        )
    if not isinstance(token, str) or not token.strip():
        raise DeskError(
            f"{name}: thiếu enrol.token (mã đăng ký một lần, 'desk-central token')", field="enrol.token"
        )
    return Enrolment(server.strip(), token.strip())


def _admin(section: dict[str, Any] | None, name: str) -> str | None:
    if section is None:
        return None
    admin = section.get("name")
    if not isinstance(admin, str) or not admin.strip():
        raise DeskError(f"{name}: thiếu admin.name (tên đăng nhập của quản trị)", field="admin.name")
    return admin.strip()


def check_target(data_dir: Path) -> None:
    """The data directory may not exist yet, or be empty (an installer may have made it); nothing else."""
    if (data_dir / config_mod.CONFIG_NAME).exists():
        raise DeskError(f"Bàn tiếp nhận đã được thiết lập trong {data_dir} (đã có {config_mod.CONFIG_NAME})")
    try:
        used = data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir()))
    except OSError as exc:
        raise DeskError(f"Không đọc được {data_dir}: {exc.strerror or exc}") from None
    if used:
        raise DeskError(f"{data_dir} đã có dữ liệu khác: chọn một thư mục trống")


def provision(
    data_dir: Path,
    station_file: StationFile,
    admin: tuple[str, str] | None,
    enrol: Callable[[Any, Any, str, str], object],
) -> None:
    """Build the desk in a staging folder beside ``data_dir`` and move it there when all of it worked.

    ``admin``: (username, password) of the first admin, checked by the caller; ``enrol``:
    :func:`desk_app.sync.worker.enroll_station` (the network), given the station's context and that admin,
    who enrols the station (an enrolment needs an admin)."""
    from desk_app import bootstrap

    check_target(data_dir)
    parent = data_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeskError(f"Không tạo được {parent}: {exc.strerror or exc}") from None
    free_mb = shutil.disk_usage(parent).free // (1024 * 1024)
    if free_mb < station_file.config.safety.min_free_mb:
        raise DeskError(f"Ổ đĩa của {parent} chỉ còn {free_mb} MB (cần ít nhất "
                        f"{station_file.config.safety.min_free_mb} MB): giải phóng ổ đĩa trước")  # fmt: skip
    staging = parent / f".{data_dir.name}.provisioning-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        station = bootstrap.initialise_station(staging, station_file.config)
        try:
            made = None
            if admin is not None:
                from desk_app.services.accounts import create_first_admin

                made = create_first_admin(station.ctx, *admin)
            if station_file.enrolment is not None:
                if made is None:
                    raise DeskError("[enrol] cần [admin] name (hoặc --admin): trạm được đăng ký bởi quản trị")
                enrol(station.ctx, made, station_file.enrolment.server, station_file.enrolment.token)
        finally:
            station.close()
        if data_dir.exists():
            data_dir.rmdir()  # empty (checked above): the staging folder takes its place
        os.replace(staging, data_dir)
    except OSError as exc:
        raise DeskError(f"Không ghi được vào {parent}: {exc.strerror or exc} — chưa thiết lập gì") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
