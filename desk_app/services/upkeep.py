"""The station's daily upkeep, run by the open window (after log-in, then every hour) off the GUI thread:
the automatic backup, the retention of old scans, and whether to warn that the station has not synced.

Not a user action: it runs as ``system`` in the audit trail, whoever is logged in.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from desk_app.domain.model import parse_datetime
from desk_app.services.backup import BackupInfo, scheduled_backup
from desk_app.services.context import DeskContext
from desk_app.services.retention import Purged, purge_expired

log = logging.getLogger("desk_app.services.upkeep")


@dataclass(frozen=True)
class Upkeep:
    backup: BackupInfo | None
    purged: Purged
    sync_warning: str | None


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


def startup_check(ctx: DeskContext) -> str | None:
    """SQLite's quick check of the station's DB, run off the GUI thread when the window opens: None if
    sound, else the officer's message (a DB that does not open at all is refused earlier, by bootstrap)."""
    from desk_app import config as config_mod

    db = ctx.data_dir / config_mod.DB_NAME
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result == "ok":
        return None
    log.error("the station's database failed its check at start-up")
    return (
        f"Cơ sở dữ liệu của trạm bị lỗi ({result}). Đừng tiếp nhận thêm hồ sơ trên máy này; hãy báo quản "
        "trị khôi phục bản sao lưu gần nhất (desk-app restore TỆP --user QUẢN_TRỊ)."
    )


def daily_upkeep(ctx: DeskContext) -> Upkeep:
    """Back up (once a day), purge expired scans, and say whether to warn about syncing."""
    backup = scheduled_backup(ctx)
    purged = purge_expired(ctx)
    return Upkeep(backup, purged, sync_warning(ctx))
