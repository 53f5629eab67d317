"""Backups of a station: ``desk-app backup -o FILE`` and ``desk-app restore FILE`` (admin).

A backup is one ZIP file: ``station.sqlite3`` — a consistent copy taken with SQLite's online backup API, so
the desk may keep working meanwhile — then every blob of ``scans/`` (content-addressed and never changed,
so a copy is consistent too; a page stored after the DB copy is simply not referred to by it),
``station.toml``, ``calendar/`` and ``templates/``, and ``manifest.json`` naming the station (agency code
and desk), the schema revision and the SHA-256 of every member. The file is written under a temporary
name and renamed when complete.

Restoring checks the whole file first — a truncated or altered file, or one from another station, is
refused and nothing changes — then the restored DB's own integrity (``PRAGMA integrity_check``); only
then are the current DB and scans moved aside into ``backups/before-restore-<time>/`` and the backup's
put in their place.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desk_app import config as config_mod
from desk_app.atomic import is_temporary, replacing
from desk_app.domain.accounts import Permission, require
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import User, check
from desk_app.services.context import DeskContext
from desk_app.services.guards import ensure_free_disk
from desk_app.storage.db import SCHEMA_HEAD, backup_database

FORMAT = 1
MANIFEST = "manifest.json"
EXTRA_DIRS = ("calendar", "templates")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    agency_code: str
    desk: int
    schema: str
    created_at: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def integrity_problem(db: Path, pragma: str = "integrity_check(1)") -> str | None:
    """SQLite's own check of a database file (``pragma``: integrity_check, or quick_check of the whole
    file or of one table): None if sound, else its first complaint."""
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result == "ok" else str(result)


def write_backup(ctx: DeskContext, actor: User, out: Path) -> BackupInfo:
    """``desk-app backup``: a consistent ZIP of the station while it runs (admin)."""
    check(ctx, actor, Permission.BACKUP, "sao lưu dữ liệu")
    return _write(ctx, out, actor.username, "backup")


def _write(ctx: DeskContext, out: Path, who: str, action: str) -> BackupInfo:
    ensure_free_disk(ctx, need_mb=(ctx.data_dir / config_mod.DB_NAME).stat().st_size // (1024 * 1024))
    data = ctx.data_dir
    with tempfile.TemporaryDirectory(dir=data) as scratch:
        db_copy = backup_database_of(ctx, Path(scratch) / config_mod.DB_NAME)
        problem = integrity_problem(db_copy)
        if problem is not None:
            raise DeskError(f"Cơ sở dữ liệu đang hỏng ({problem}): không sao lưu; hãy báo quản trị")
        members: list[tuple[str, Path]] = [
            (config_mod.DB_NAME, db_copy),
            (config_mod.CONFIG_NAME, data / config_mod.CONFIG_NAME),
        ]
        for folder in ("scans", *EXTRA_DIRS):
            root = data / folder
            if root.is_dir():
                members += [(p.relative_to(data).as_posix(), p) for p in sorted(root.rglob("*"))
                            if p.is_file() and not is_temporary(p.name)]  # fmt: skip
        files = {name: _sha256(path) for name, path in members}
        station = ctx.config.station
        created = ctx.clock().isoformat()
        manifest = {"format": FORMAT, "agency_code": station.agency_code, "desk": station.desk,
                    "schema": SCHEMA_HEAD, "created_at": created, "files": files}  # fmt: skip
        try:
            with replacing(out) as part, zipfile.ZipFile(part, "w") as archive:  # 0600: personal data
                for name, path in members:
                    kind = zipfile.ZIP_STORED if name.startswith("scans/") else zipfile.ZIP_DEFLATED
                    archive.write(path, name, compress_type=kind)
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise DeskError(f"Không ghi được bản sao lưu {out}: {exc.strerror or exc}") from exc
    with ctx.uow(write=True) as uow:
        uow.audit.append(ctx.clock(), who, action, out.name, {"files": len(files)})
        uow.commit()
    return BackupInfo(
        out, station.agency_code, station.desk, SCHEMA_HEAD, created, len(files), out.stat().st_size
    )


AUTO_PREFIX = "auto-"


def daily_backup_folder(ctx: DeskContext) -> Path:
    configured = ctx.config.safety.backup_folder
    return Path(configured) if configured else ctx.data_dir / "backups" / "daily"


def scheduled_backup(ctx: DeskContext) -> BackupInfo | None:
    """The daily upkeep's backup: one a day (``auto-<agency>-<desk>-<YYYYMMDD>.zip``) in
    :func:`daily_backup_folder`, the newest ``[safety] backup_keep`` kept, older ones deleted.
    None if today's exists already or automatic backups are off (``backup_keep = 0``)."""
    keep = ctx.config.safety.backup_keep
    if keep <= 0:
        return None
    folder = daily_backup_folder(ctx)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DeskError(f"Không tạo được thư mục sao lưu {folder}: {exc.strerror or exc}") from None
    station = ctx.config.station
    stem = f"{AUTO_PREFIX}{station.agency_code}-{station.desk}-"
    target = folder / f"{stem}{ctx.clock():%Y%m%d}.zip"
    if target.exists():
        return None
    info = _write(ctx, target, "system", "backup.auto")
    for old in sorted(folder.glob(f"{stem}*.zip"), reverse=True)[keep:]:  # the names sort by day
        old.unlink(missing_ok=True)
    return info


def backup_database_of(ctx: DeskContext, target: Path) -> Path:
    from desk_app.storage.db import make_engine

    engine = make_engine(ctx.data_dir / config_mod.DB_NAME)
    try:
        return backup_database(engine, target)
    finally:
        engine.dispose()


def read_backup(path: Path) -> tuple[dict[str, object], zipfile.ZipFile]:
    """The manifest of a backup whose every member is present and intact; DeskError otherwise."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise DeskError(f"Không thấy tệp sao lưu {path}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise DeskError(f"Tệp {path.name} không phải bản sao lưu hoặc đã bị cắt cụt ({exc})") from None
    try:
        manifest = json.loads(archive.read(MANIFEST))
        files = manifest["files"]
        if manifest.get("format") != FORMAT or config_mod.DB_NAME not in files:
            raise ValueError("manifest")
        for name, digest in files.items():
            if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                raise ValueError(name)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, json.JSONDecodeError) as exc:
        archive.close()
        raise DeskError(f"Bản sao lưu {path.name} bị hỏng hoặc thiếu phần ({exc}): không khôi phục") from None
    return manifest, archive


def restore_backup(
    data_dir: Path, path: Path, actor: User, current_station: tuple[str, int] | None
) -> BackupInfo:
    """Put backup ``path`` in place of ``data_dir``'s DB and scans. ``current_station`` is the
    (agency code, desk) of the station there now (None when it is gone): a backup of another is refused."""
    require(actor.role, Permission.BACKUP, "khôi phục dữ liệu")  # no station to audit in: it may be broken
    manifest, archive = read_backup(path)
    with archive:
        theirs = (str(manifest["agency_code"]), int(manifest["desk"]))  # type: ignore[call-overload]
        if current_station is not None and theirs != current_station:
            raise DeskError(
                f"Bản sao lưu của trạm {theirs[0]} bàn {theirs[1]}, không phải trạm này "
                f"({current_station[0]} bàn {current_station[1]}): không khôi phục"
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
        try:
            names = list(manifest["files"])  # type: ignore[call-overload]
            for name in names:
                archive.extract(name, staging)
            problem = integrity_problem(staging / config_mod.DB_NAME)
            if problem is not None:
                raise DeskError(f"Cơ sở dữ liệu trong bản sao lưu bị hỏng ({problem}): không khôi phục")
            _swap_in(data_dir, staging, str(manifest["created_at"]))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    size = path.stat().st_size
    return BackupInfo(
        path, theirs[0], theirs[1], str(manifest["schema"]), str(manifest["created_at"]), len(names), size
    )


def _swap_in(data_dir: Path, staging: Path, created: str) -> None:
    from datetime import datetime

    aside = data_dir / "backups" / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}"
    aside.mkdir(parents=True, exist_ok=True)
    db = data_dir / config_mod.DB_NAME
    for suffix in ("", "-wal", "-shm"):
        current = db.with_name(db.name + suffix)
        if current.exists():
            current.replace(aside / current.name)
    for folder in ("scans", *EXTRA_DIRS):
        if (data_dir / folder).exists():
            (data_dir / folder).replace(aside / folder)
    if (data_dir / config_mod.CONFIG_NAME).exists():
        shutil.copy2(data_dir / config_mod.CONFIG_NAME, aside / config_mod.CONFIG_NAME)
    for item in staging.iterdir():
        item.replace(data_dir / item.name)


def authenticate_from_backup(path: Path, username: str, password: str) -> User:
    """Log in against the accounts *in the backup*: to restore a station whose own DB is broken or gone."""
    from desk_app.domain.accounts import Role
    from desk_app.services.accounts import LoginFailed, password_matches

    _, archive = read_backup(path)
    with archive, tempfile.TemporaryDirectory() as scratch:
        db = Path(archive.extract(config_mod.DB_NAME, scratch))
        conn = sqlite3.connect(db)
        try:
            row = conn.execute(
                "SELECT username, display_name, role, password_hash, disabled FROM users WHERE username = ?",
                (username.strip().lower(),),
            ).fetchone()
        finally:
            conn.close()
    if row is None or row[4] or not password_matches(row[3], password):
        raise LoginFailed("Sai tên đăng nhập hoặc mật khẩu (theo tài khoản trong bản sao lưu)")
    return User(row[0], row[1], Role(row[2]))
