"""The station's SQLite engine, its pragmas, and Alembic migrations with a backup first.

WAL and foreign keys are on for every connection. Writers start with ``BEGIN IMMEDIATE`` so two
threads never deadlock upgrading a read lock; readers use a deferred transaction and never block.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from desk_app.domain.errors import DeskError
from desk_app.locator import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

log = logging.getLogger("desk_app.storage")

#: The newest migration in db/station/versions. A station already at this revision opens without importing
#: Alembic at all (it costs ~150 ms of start-up); a test checks that this equals Alembic's own head.
SCHEMA_HEAD = "0012"


def make_engine(db_path: Path) -> Engine:
    """An engine on ``db_path`` with the station's pragmas and explicit transaction control."""
    engine = create_engine(f"sqlite+pysqlite:///{db_path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(
            "PRAGMA cache_size=-65536"
        )  # 64 MiB of page cache: index pages of a million rows stay hot
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir("station")))
    return cfg


def head_revision() -> str:
    """Alembic's head revision, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the DB, or None for a new (empty) database."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no such table: nothing was ever migrated here
            return None


def backup_database(engine: Engine, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def _known(script: object, revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    assert isinstance(script, ScriptDirectory)
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def migrate(engine: Engine, backups_dir: Path) -> str | None:
    """Bring the DB to the head revision; back it up first if it already held data.

    Returns the path of the backup taken, if any. A DB newer than this build is refused untouched.
    """
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    if current is not None and not _known(script, current):
        raise DeskError(
            f"Cơ sở dữ liệu được tạo bởi phiên bản desk_app mới hơn (revision {current}); "
            "hãy cài phiên bản mới hơn, không mở bằng bản này"
        )
    backup: Path | None = None
    if current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_database(engine, backups_dir / f"pre-migrate-{current}-{stamp}.sqlite3")
        log.info("backup before migration: %s", backup)
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        if backup is None:
            raise
        log.exception("migration from %s failed; restoring %s", current, backup.name)
        restore_database(engine, backup)
        raise DeskError(
            f"Nâng cấp cơ sở dữ liệu từ phiên bản {current} lên {SCHEMA_HEAD} không thành công "
            f"({type(exc).__name__}); đã khôi phục bản sao lưu {backup.name}, dữ liệu giữ nguyên như trước "
            "khi nâng cấp. Hãy báo bộ phận CNTT và dùng lại bản desk_app cũ."
        ) from None
    return str(backup) if backup else None


def restore_database(engine: Engine, backup: Path) -> None:
    """Put ``backup`` back in place of the live database, through SQLite's backup API (the WAL included)."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        source.close()
