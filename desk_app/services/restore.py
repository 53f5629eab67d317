"""Restoring a backup: ``desk-app restore FILE [--key-file KEY] --user ADMIN`` (the app closed).

Nothing in a backup file is trusted until checked, and nothing of the station changes until everything is:

1. **Opened aside.** An encrypted backup is decrypted as a stream into a private scratch folder of the data
   directory (``.restore-…``), with the station's own key or a recovery key; the free disk is checked first.
2. **Its own list only.** ``manifest.json`` must name this station (agency code and desk; on a new PC,
   any), and the ZIP must hold exactly the members it lists, each a name of the form a backup writes
   (``station.sqlite3``, ``station.toml``, ``scans/ab/<sha256>``, ``calendar/NAME``, ``templates/NAME``).
   Where a member goes is derived from that form, never by joining the stored name to a path.
   ``sync.json`` and ``backup.key`` are never taken from a backup (the desk enrolls again).
3. **Unpacked aside.** The free disk is checked against the members' unpacked size, then each member is
   streamed out in bounded memory, hashed as it goes, and refused if it is longer than stated or its
   SHA-256 differs. The unpacked ``station.toml`` must name the same station; the DB passes SQLite's own
   integrity check. On this PC the station keeps its own ``station.toml``.
4. **Swapped in one step.** The moves (the current DB, its WAL, scans, calendar and templates aside into
   ``backups/before-restore-<time>/``; the unpacked ones in) are written to ``restore-journal.json`` first;
   its removal after the last move is the commit. A failed move undoes the ones before it; a crash
   (power cut) mid-way is undone by :func:`finish_interrupted`, which the next start runs. So a failure at
   any step leaves the station exactly as it was.

The restore is audited in the restored station (and a refused one in the current station) by the command.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_app import config as config_mod
from desk_app.atomic import sync_folder, write_text
from desk_app.domain.accounts import Permission, require
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ
from desk_app.services.accounts import User
from desk_app.services.backup import EXTRA_DIRS, MANIFEST, BackupInfo, integrity_problem
from desk_app.services.backup_keys import decrypt_to, is_encrypted, station_identity

log = logging.getLogger(__name__)

JOURNAL = "restore-journal.json"
STAGING_PREFIX = ".restore-"
FORMATS = (1, 2)
MAX_MANIFEST = 256 * 1024 * 1024
SPARE = 64 * 1024 * 1024  # free disk kept beyond what a restore needs
CHUNK = 1 << 20
SHA256 = re.compile(r"[0-9a-f]{64}")
BLOB = re.compile(r"scans/([0-9a-f]{2})/([0-9a-f]{64})")
EXTRA = re.compile(rf"({'|'.join(EXTRA_DIRS)})/([A-Za-z0-9][A-Za-z0-9_.-]{{0,120}})")
#: what a restore puts in place (and moves the current one of aside), besides station.toml on a new PC
REPLACED = (config_mod.DB_NAME, *EXTRA_DIRS, "scans")
SIDE_FILES = (f"{config_mod.DB_NAME}-wal", f"{config_mod.DB_NAME}-shm")


@dataclass(frozen=True)
class Manifest:
    format: int
    agency_code: str
    desk: int
    schema: str
    created_at: str
    files: dict[str, str]  # member name → SHA-256


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def _need_disk(folder: Path, size: int, what: str) -> None:
    free = free_bytes(folder)
    if free < size + SPARE:
        raise DeskError(
            f"Không đủ chỗ trống trên đĩa để {what}: cần {(size + SPARE) // 2**20} MB, "
            f"còn {free // 2**20} MB — không khôi phục, dữ liệu giữ nguyên"
        )


def destination(root: Path, name: str) -> Path:
    """Where member ``name`` goes under ``root``, built from the parts of the form it matches; DeskError
    for any other name (``../x``, ``logs/…``, ``sync.json``, an absolute path …)."""
    if name in (config_mod.DB_NAME, config_mod.CONFIG_NAME):
        return root / (config_mod.DB_NAME if name == config_mod.DB_NAME else config_mod.CONFIG_NAME)
    blob = BLOB.fullmatch(name)
    if blob and blob[2].startswith(blob[1]):
        return root / "scans" / blob[2][:2] / blob[2]
    extra = EXTRA.fullmatch(name)
    if extra and ".." not in extra[2]:
        return root / EXTRA_DIRS[EXTRA_DIRS.index(extra[1])] / extra[2]
    raise DeskError(f"Bản sao lưu chứa mục lạ {name[:80]!r}, không phải của một bản sao lưu: không khôi phục")


def _manifest(archive: zipfile.ZipFile) -> Manifest:
    infos = archive.infolist()
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise DeskError("Bản sao lưu có mục trùng tên: không khôi phục")
    if MANIFEST not in names or archive.getinfo(MANIFEST).file_size > MAX_MANIFEST:
        raise DeskError("Bản sao lưu thiếu hoặc có danh mục (manifest) không hợp lệ: không khôi phục")
    try:
        raw = json.loads(archive.read(MANIFEST))
        files = raw["files"]
        manifest = Manifest(
            int(raw["format"]), str(raw["agency_code"]), int(raw["desk"]), str(raw["schema"]),
            str(raw["created_at"]), dict(files),
        )  # fmt: skip
        for key, value in files.items():
            if not (isinstance(key, str) and isinstance(value, str) and SHA256.fullmatch(value)):
                raise ValueError("files")
    except (KeyError, ValueError, TypeError, AttributeError, RecursionError, zipfile.BadZipFile, zlib.error):
        raise DeskError("Danh mục (manifest) của bản sao lưu không đọc được: không khôi phục") from None
    if manifest.format not in FORMATS or config_mod.DB_NAME not in manifest.files:
        raise DeskError("Bản sao lưu không đúng định dạng hoặc thiếu cơ sở dữ liệu: không khôi phục")
    for name in manifest.files:
        destination(Path("."), name)
    if set(names) != {*manifest.files, MANIFEST}:
        stray = sorted(set(names) - {*manifest.files, MANIFEST})
        raise DeskError(
            f"Bản sao lưu {'có mục ngoài danh mục: ' + stray[0][:80] if stray else 'thiếu phần'}"
            ": không khôi phục"
        )
    return manifest


@contextmanager
def opened_backup(
    path: Path, scratch: Path, identities: list, key_given: bool = False  # type: ignore[type-arg]
) -> Iterator[tuple[Manifest, zipfile.ZipFile]]:
    """The checked manifest and the ZIP of backup ``path`` (decrypted into ``scratch`` if encrypted)."""
    try:
        encrypted = is_encrypted(path)
    except FileNotFoundError:
        raise DeskError(f"Không thấy tệp sao lưu {path}") from None
    except OSError as exc:
        raise DeskError(f"Không đọc được tệp sao lưu {path}: {exc.strerror or exc}") from None
    plain = path
    if encrypted:
        _need_disk(scratch, path.stat().st_size, "giải mã bản sao lưu")
        plain = scratch / "backup.zip"
        decrypt_to(path, plain, identities, key_given)
    try:
        archive = zipfile.ZipFile(plain)
    except (zipfile.BadZipFile, OSError):
        raise DeskError(f"Tệp {path.name} không phải bản sao lưu hoặc đã bị cắt cụt") from None
    with archive:
        yield _manifest(archive), archive


def unpack(archive: zipfile.ZipFile, manifest: Manifest, name: str, target: Path) -> None:
    """Member ``name`` streamed into ``target`` (a new file), its length and SHA-256 checked."""
    info = archive.getinfo(name)
    digest = hashlib.sha256()
    seen = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with archive.open(info) as src, target.open("xb") as out:
            while chunk := src.read(CHUNK):
                seen += len(chunk)
                if seen > info.file_size:
                    raise ValueError("longer than stated")
                digest.update(chunk)
                out.write(chunk)
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DeskError(f"Bản sao lưu bị hỏng hoặc thiếu phần ({name}: {exc}): không khôi phục") from None
    if digest.hexdigest() != manifest.files[name]:
        raise DeskError(f"Bản sao lưu bị hỏng hoặc thiếu phần ({name}): không khôi phục")


def identities_for(data_dir: Path, key_files: tuple[Path, ...]) -> list:  # type: ignore[type-arg]
    from desk_app.services.backup_keys import read_identities

    found = [identity for key in key_files for identity in read_identities(key)]
    own = station_identity(data_dir) if (data_dir / "backup.key").is_file() else None
    return found + ([own] if own is not None else [])


def restore_backup(
    data_dir: Path,
    path: Path,
    actor: User,
    current_station: tuple[str, int] | None,
    key_files: tuple[Path, ...] = (),
) -> BackupInfo:
    """Put backup ``path`` in place of ``data_dir``'s DB, scans, calendar and templates (see the module).
    ``current_station`` is the (agency code, desk) of the station there now (None when it is gone)."""
    require(actor.role, Permission.BACKUP, "khôi phục dữ liệu")  # no station to audit in: it may be broken
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    finish_interrupted(data_dir)
    identities = identities_for(data_dir, key_files)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    try:
        with opened_backup(path, staging, identities, bool(key_files)) as (manifest, archive):
            theirs = (manifest.agency_code, manifest.desk)
            if current_station is not None and theirs != current_station:
                raise DeskError(
                    f"Bản sao lưu của trạm {theirs[0]} bàn {theirs[1]}, không phải trạm này "
                    f"({current_station[0]} bàn {current_station[1]}): không khôi phục"
                )
            _need_disk(data_dir, sum(i.file_size for i in archive.infolist()), "giải nén bản sao lưu")
            new = staging / "new"
            new.mkdir()
            for name in manifest.files:
                unpack(archive, manifest, name, destination(new, name))
        if (staging / "backup.zip").exists():
            (staging / "backup.zip").unlink()
        _check_unpacked(new, theirs)
        if current_station is not None:
            (new / config_mod.CONFIG_NAME).unlink(missing_ok=True)  # this PC keeps its own settings
        _swap_in(data_dir, new)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupInfo(
        path, theirs[0], theirs[1], manifest.schema, manifest.created_at, len(manifest.files),
        path.stat().st_size,
    )  # fmt: skip


def _check_unpacked(new: Path, station: tuple[str, int]) -> None:
    if (new / config_mod.CONFIG_NAME).exists():
        try:
            cfg = config_mod.load(new)
        except DeskError as exc:
            raise DeskError(f"station.toml trong bản sao lưu không hợp lệ ({exc.message})") from None
        theirs = cfg.station
        if (theirs.agency_code, theirs.desk) != station:
            raise DeskError(
                f"station.toml trong bản sao lưu là của trạm {theirs.agency_code} bàn {theirs.desk}, "
                "không khớp với bản sao lưu: không khôi phục"
            )
    problem = integrity_problem(new / config_mod.DB_NAME)
    if problem is not None:
        raise DeskError(f"Cơ sở dữ liệu trong bản sao lưu bị hỏng ({problem}): không khôi phục")


def _move(source: Path, target: Path) -> None:
    os.replace(source, target)


def _aside_folder(data_dir: Path) -> Path:
    stamp = datetime.now(VN_TZ).strftime("%Y%m%d-%H%M%S")  # the station's time, as its messages say
    aside = data_dir / "backups" / f"before-restore-{stamp}"
    n = 1
    while aside.exists():
        n += 1
        aside = data_dir / "backups" / f"before-restore-{stamp}-{n}"
    return aside


def _swap_in(data_dir: Path, new: Path) -> None:
    aside = _aside_folder(data_dir)
    rel = aside.relative_to(data_dir).as_posix()
    moves = [(name, f"{rel}/{name}") for name in (*SIDE_FILES, *REPLACED) if (data_dir / name).exists()]
    made_parent = bool(moves) and not aside.parent.exists()
    if moves:  # a new PC has nothing to put aside
        aside.mkdir(parents=True, mode=0o700)
    staged = new.relative_to(data_dir).as_posix()
    moves += [(f"{staged}/{item.name}", item.name) for item in sorted(new.iterdir())]
    try:
        write_text(data_dir / JOURNAL, json.dumps({"aside": rel, "made_parent": made_parent, "moves": moves}))
        for source, target in moves:
            _move(data_dir / source, data_dir / target)
        sync_folder(data_dir)
    except BaseException:
        _undo(data_dir, moves, aside, made_parent)
        raise
    (data_dir / JOURNAL).unlink()  # the commit
    sync_folder(data_dir)


def _undo(data_dir: Path, moves: list[tuple[str, str]], aside: Path, made_parent: bool) -> None:
    for source, target in reversed(moves):
        src, dst = data_dir / source, data_dir / target
        if dst.exists() and not src.exists():
            os.replace(dst, src)
    sync_folder(data_dir)
    (data_dir / JOURNAL).unlink(missing_ok=True)
    if aside.is_dir() and not any(aside.iterdir()):
        aside.rmdir()
        if made_parent and not any(aside.parent.iterdir()):
            aside.parent.rmdir()


def _plain(name: object) -> bool:
    return isinstance(name, str) and not name.startswith(("/", "\\")) and ".." not in name.split("/")


def finish_interrupted(data_dir: Path) -> bool:
    """Undo a restore cut off mid-swap (its journal still there); True if there was one."""
    journal = data_dir / JOURNAL
    if not journal.exists():
        return False
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        moves = [(str(s), str(t)) for s, t in plan["moves"] if _plain(s) and _plain(t)]
        aside = data_dir / str(plan["aside"]) if _plain(plan["aside"]) else data_dir / "backups" / "-"
    except (ValueError, KeyError, TypeError):
        raise DeskError(f"{journal} không đọc được: hãy báo bộ phận CNTT trước khi mở trạm") from None
    log.warning("undoing a restore interrupted mid-way (%d moves)", len(moves))
    _undo(data_dir, moves, aside, plan.get("made_parent") is True)
    for left in data_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(left, ignore_errors=True)
    return True


def authenticate_from_backup(
    path: Path, username: str, password: str, data_dir: Path, key_files: tuple[Path, ...] = ()
) -> User:
    """Log in against the accounts *in the backup*: to restore a station whose own DB is broken or gone."""
    import sqlite3

    from desk_app.domain.accounts import Role
    from desk_app.services.accounts import LoginFailed, password_matches

    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    identities = identities_for(data_dir, key_files)
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=data_dir) as scratch:
        with opened_backup(path, Path(scratch), identities, bool(key_files)) as (manifest, archive):
            db = Path(scratch) / "accounts.sqlite3"
            unpack(archive, manifest, config_mod.DB_NAME, db)
        conn = sqlite3.connect(db)
        try:
            row = conn.execute(
                "SELECT username, display_name, role, password_hash, disabled FROM users WHERE username = ?",
                (username.strip().lower(),),
            ).fetchone()
        except sqlite3.DatabaseError:
            row = None
        finally:
            conn.close()
    if row is None or row[4] or not password_matches(row[3], password):
        raise LoginFailed("Sai tên đăng nhập hoặc mật khẩu (theo tài khoản trong bản sao lưu)")
    return User(row[0], row[1], Role(row[2]))
