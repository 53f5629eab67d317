"""The station schema: migrations match the tables, start-up skips Alembic when current, backups first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desk_app.domain.errors import DeskError
from desk_app.storage.db import SCHEMA_HEAD, current_revision, head_revision, make_engine, migrate
from desk_app.storage.schema import metadata


def test_schema_head_constant_matches_alembic():
    assert head_revision() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_declared_tables(tmp_path: Path):
    engine = make_engine(tmp_path / "s.sqlite3")
    assert current_revision(engine) is None
    assert migrate(engine, tmp_path / "backups") is None  # a new DB needs no backup
    assert current_revision(engine) == SCHEMA_HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    engine.dispose()


def test_wal_and_foreign_keys_are_on(tmp_path: Path):
    engine = make_engine(tmp_path / "s.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_a_database_from_a_newer_build_is_refused_untouched(tmp_path: Path):
    db = tmp_path / "s.sqlite3"
    engine = make_engine(db)
    migrate(engine, tmp_path / "backups")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DeskError, match="mới hơn"):
        migrate(engine, tmp_path / "backups")
    engine.dispose()
    assert current_revision(make_engine(db)) == "9999_future"
    assert not (tmp_path / "backups").exists()
