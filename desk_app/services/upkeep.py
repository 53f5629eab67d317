"""The station's daily upkeep, run by the open window (after log-in, then every hour) off the GUI thread:
the full check of the DB (once a day), the automatic backup, the retention of old scans, and whether to warn
that the station has not synced; and the quick check of the critical tables at every start-up.

Not a user action: it runs as ``system`` in the audit trail, whoever is logged in.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from desk_app.domain.model import parse_datetime
from desk_app.services.backup import BackupInfo, integrity_problem, scheduled_backup
from desk_app.services.context import DeskContext
from desk_app.services.retention import Purged, purge_expired

log = logging.getLogger("desk_app.services.upkeep")


@dataclass(frozen=True)
class Upkeep:
    backup: BackupInfo | None
    purged: Purged
    sync_warning: str | None
    db_problem: str | None = None  # the daily full check of the DB found damage


def last_synced(ctx: DeskContext) -> datetime | None:
    """When the station last synced with the central server; before its first sync, when it was set up."""
    with ctx.uow() as uow:
        text = uow.meta.get("last_synced_at") or uow.meta.get("initialised_at")
    return parse_datetime(text) if text else None


def sync_warning(ctx: DeskContext) -> str | None:
    """The officer's warning when the station has not synced for ``[safety] sync_warning_days`` days."""
    days = ctx.config.safety.sync_warning_days
    since = last_synced(ctx)
    if days <= 0 or since is None:
        return None
    idle = (ctx.clock() - since).days
    if idle < days:
        return None
    return (
        f"Trạm chưa đồng bộ với máy chủ trung tâm từ {since:%d/%m/%Y} ({idle} ngày). "
        "Hồ sơ vẫn được lưu trên máy; hãy kiểm tra kết nối mạng hoặc báo quản trị."
    )


#: checked at every start-up (milliseconds, whatever the size of the station): the accounts, the audit
#: trail and the counters that number dossiers; the whole file is checked once a day by the upkeep
CRITICAL_TABLES = ("users", "audit_log", "audit_head", "daily_counters", "register_counters", "station_meta")


def _quick_check(ctx: DeskContext, table: str | None = None) -> str | None:
    """SQLite's quick check of the station's DB (one table, or the whole file): None if sound."""
    from desk_app import config as config_mod

    return integrity_problem(ctx.data_dir / config_mod.DB_NAME, f"quick_check({table or 1})")


def _problem(result: str) -> str:
    log.error("the station's database failed its check")
    return (
        f"Cơ sở dữ liệu của trạm bị lỗi ({result}). Đừng tiếp nhận thêm hồ sơ trên máy này; hãy báo quản "
        "trị khôi phục bản sao lưu gần nhất (desk-app restore TỆP --user QUẢN_TRỊ)."
    )


def startup_check(ctx: DeskContext) -> str | None:
    """SQLite's quick check of the critical tables, off the GUI thread when the window opens: None if
    sound, else the officer's message (a DB that does not open at all is refused earlier, by bootstrap)."""
    if sqlite3.sqlite_version_info < (3, 33, 0):  # no per-table check: the whole file, however long
        return full_check(ctx)
    for table in CRITICAL_TABLES:
        result = _quick_check(ctx, table)
        if result is not None:
            return _problem(result)
    return None


def full_check(ctx: DeskContext) -> str | None:
    """The whole file's quick check (seconds on a million dossiers): the daily upkeep runs it once a day."""
    result = _quick_check(ctx)
    if result is not None:
        return _problem(result)
    with ctx.uow(write=True) as uow:
        uow.meta.set("last_full_check", ctx.clock().date().isoformat())
        uow.commit()
    return None


def _full_check_due(ctx: DeskContext) -> bool:
    with ctx.uow() as uow:
        return uow.meta.get("last_full_check") != ctx.clock().date().isoformat()


def daily_upkeep(ctx: DeskContext) -> Upkeep:
    """Back up (once a day), purge expired scans, and say whether to warn about syncing."""
    problem = full_check(ctx) if _full_check_due(ctx) else None
    backup = scheduled_backup(ctx) if problem is None else None  # never back up a damaged DB over good ones
    purged = purge_expired(ctx)
    return Upkeep(backup, purged, sync_warning(ctx), problem)
