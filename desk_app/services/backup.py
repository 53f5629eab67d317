"""Backups of a station: ``desk-app backup -o FILE`` (admin) and the daily backup of the upkeep.

A backup is one file encrypted with age (:mod:`desk_app.services.backup_keys`: the station's own key and
its recovery keys) holding one ZIP: ``station.sqlite3`` — a consistent copy taken with SQLite's online
backup API, so the desk may keep working meanwhile — then every blob of ``scans/`` (content-addressed and
never changed, so a copy is consistent too; a page stored after the DB copy is simply not referred to by
it), ``station.toml``, ``calendar/`` and ``templates/``, and ``manifest.json`` naming the station (agency
code and desk), the schema revision and the SHA-256 and size of every member. ``sync.json`` (the server
credential) and ``backup.key`` are never in it. The ZIP is made in a private scratch folder of the data
directory, then encrypted as a stream into the target, written whole or not at all (0600).

Restoring is :mod:`desk_app.services.restore`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desk_app import config as config_mod
from desk_app.atomic import is_temporary
from desk_app.domain.accounts import Permission
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import User, check
from desk_app.services.backup_keys import encrypt_to, recipients
from desk_app.services.context import DeskContext
from desk_app.services.guards import ensure_free_disk
from desk_app.storage.db import SCHEMA_HEAD, backup_database

FORMAT = 2  # 1: a plain ZIP (before backups were encrypted), still restored; 2: the ZIP encrypted
MANIFEST = "manifest.json"
EXTRA_DIRS = ("calendar", "templates")
SUFFIX = ".zip.age"


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


def _size(data: Path) -> int:
    total = (data / config_mod.DB_NAME).stat().st_size
    for folder in ("scans", *EXTRA_DIRS):
        if (data / folder).is_dir():
            total += sum(p.stat().st_size for p in (data / folder).rglob("*") if p.is_file())
    return total


def write_backup(ctx: DeskContext, actor: User, out: Path) -> BackupInfo:
    """``desk-app backup``: a consistent ZIP of the station while it runs (admin)."""
    check(ctx, actor, Permission.BACKUP, "sao lưu dữ liệu")
    return _write(ctx, out, actor.username, "backup")


def _write(ctx: DeskContext, out: Path, who: str, action: str) -> BackupInfo:
    data = ctx.data_dir
    ensure_free_disk(ctx, need_mb=2 * _size(data) // (1024 * 1024))  # the ZIP, then its encrypted copy
    with tempfile.TemporaryDirectory(dir=data, prefix=".backup-") as scratch:
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
        sizes = {name: path.stat().st_size for name, path in members}
        station = ctx.config.station
        created = ctx.clock().isoformat()
        manifest = {"format": FORMAT, "agency_code": station.agency_code, "desk": station.desk,
                    "schema": SCHEMA_HEAD, "created_at": created, "files": files, "sizes": sizes}  # fmt: skip
        plain = Path(scratch) / "backup.zip"
        try:
            with zipfile.ZipFile(plain, "w") as archive:
                for name, path in members:
                    kind = zipfile.ZIP_STORED if name.startswith("scans/") else zipfile.ZIP_DEFLATED
                    archive.write(path, name, compress_type=kind)
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            db_copy.unlink()
            encrypt_to(plain, out, recipients(ctx))
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
    """The daily upkeep's backup: one a day (``auto-<agency>-<desk>-<YYYYMMDD>.zip.age``) in
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
    day = f"{stem}{ctx.clock():%Y%m%d}"
    if any(folder.glob(f"{day}.zip*")):  # .zip before backups were encrypted
        return None
    info = _write(ctx, folder / f"{day}{SUFFIX}", "system", "backup.auto")
    made = [p for p in folder.glob(f"{stem}*.zip*") if not is_temporary(p.name)]
    for old in sorted(made, reverse=True)[keep:]:  # the names sort by day
        old.unlink(missing_ok=True)
    return info


def backup_database_of(ctx: DeskContext, target: Path) -> Path:
    from desk_app.storage.db import make_engine

    engine = make_engine(ctx.data_dir / config_mod.DB_NAME)
    try:
        return backup_database(engine, target)
    finally:
        engine.dispose()
