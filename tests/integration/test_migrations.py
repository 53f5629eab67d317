"""The station schema: migrations match the tables, start-up skips Alembic when current, backups first."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desk_app.domain.errors import DeskError
from desk_app.services.accounts import PasswordChangeRequired, authenticate
from desk_app.storage import tally
from desk_app.storage.db import SCHEMA_HEAD, current_revision, head_revision, make_engine, migrate
from desk_app.storage.schema import metadata
from tests.actors import SUPERVISOR


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
    # what compare_metadata cannot see: the intake tally's triggers and the expression index
    with engine.connect() as conn:
        triggers = dict(
            conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()
        )
        steps = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_dossier_events_steps'"
        ).scalar()
    assert triggers == tally.TRIGGERS
    assert "json_extract(data, '$.late')" in steps
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


def _previous_schema_with_dossiers(tmp_path: Path) -> tuple[Path, list[str]]:
    """A station made by this build with a few dossiers, then taken back to the previous schema (0008) —
    the database an upgrade from the previous build finds."""
    from alembic import command

    from desk_app import bootstrap
    from desk_app.services.accounts import create_first_admin
    from desk_app.services.demo import populate
    from desk_app.storage.db import _alembic_config
    from tests.gui.gui_support import STATION_CONFIG

    data = tmp_path / "desk"
    station = bootstrap.initialise_station(data, STATION_CONFIG)
    populate(station.ctx, 40)
    create_first_admin(station.ctx, "quan.tri", "admin-pass-1")
    station.close()
    engine = make_engine(data / "station.sqlite3")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        codes = [row[0] for row in conn.exec_driver_sql("SELECT code FROM dossiers ORDER BY id")]
    engine.dispose()
    assert current_revision(make_engine(data / "station.sqlite3")) == "0008"
    return data, codes


def test_an_upgrade_from_the_previous_schema_backs_up_then_migrates(tmp_path: Path):
    from desk_app import bootstrap
    from desk_app.services.reports import figures

    data, codes = _previous_schema_with_dossiers(tmp_path)
    station = bootstrap.open_station(data)  # the newer build starts
    try:
        backups = list((data / "backups").glob("pre-migrate-0008-*.sqlite3"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0008"
            assert raw.execute("SELECT count(*) FROM dossiers").fetchone()[0] == len(codes)
        assert current_revision(make_engine(data / "station.sqlite3")) == SCHEMA_HEAD
        with sqlite3.connect(data / "station.sqlite3") as raw:  # the tally counted from the dossiers kept
            assert raw.execute("SELECT sum(n) FROM intake_tally").fetchone()[0] == len(codes)
            assert [r[0] for r in raw.execute("SELECT code FROM dossiers ORDER BY id")] == codes
        totals = figures(station.ctx, SUPERVISOR, date(2020, 1, 1), station.ctx.clock().date())
        assert totals.received == len(codes)
        with pytest.raises(PasswordChangeRequired):  # 0010: accounts from before the rule renew theirs
            authenticate(station.ctx, "quan.tri", "admin-pass-1")
    finally:
        station.close()


def test_a_failed_upgrade_restores_the_backup_and_says_so(tmp_path: Path):
    from desk_app import bootstrap

    data, codes = _previous_schema_with_dossiers(tmp_path)
    db = data / "station.sqlite3"
    with sqlite3.connect(db) as raw:  # something in the way of migration 0009: it fails half-way
        raw.execute("CREATE TABLE intake_tally (x INTEGER)")
        raw.execute("INSERT INTO intake_tally VALUES (7)")
    before = sqlite3.connect(db).execute("SELECT count(*) FROM dossiers").fetchone()[0]
    with pytest.raises(DeskError, match="đã khôi phục bản sao lưu pre-migrate-0008-"):
        bootstrap.open_station(data)
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0008"
        assert raw.execute("SELECT count(*) FROM dossiers").fetchone()[0] == before == len(codes)
        assert raw.execute("SELECT x FROM intake_tally").fetchall() == [(7,)]  # as it was
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_central_migrations_produce_exactly_the_declared_tables(tmp_path: Path, request, database: str):
    """The central server's migrations (db/central) against its tables, on both databases it runs on."""
    from desk_app.central.db import make_engine as central_engine
    from desk_app.central.db import migrate as central_migrate
    from desk_app.central.schema import metadata as central_metadata

    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    else:
        from tests.pg import new_database

        url = new_database(request.getfixturevalue("postgres_base"))
    engine = central_engine(url)
    try:
        central_migrate(engine)
        central_migrate(engine)  # idempotent
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), central_metadata) == []
    finally:
        engine.dispose()


def test_0011_removes_placeholder_codes_and_gives_every_entry_level_channels_and_sources(tmp_path: Path):
    """A station of the first release: its catalogue had TAM.xxx placeholders and entries without level,
    channels or sources. After 0011 the placeholders are gone, the bundled entries are the bundled ones and
    an entry the station imported itself is kept, offered at both levels, its sources saying so."""
    import json

    from alembic import command

    from desk_app import bootstrap
    from desk_app.services.catalogue import load_catalogue
    from desk_app.storage.db import _alembic_config
    from tests.gui.gui_support import STATION_CONFIG

    data = tmp_path / "desk"
    bootstrap.initialise_station(data, STATION_CONFIG).close()
    engine = make_engine(data / "station.sqlite3")
    cfg = _alembic_config()
    old_entry = {"code": "9.000001", "name": "Thủ tục trạm tự nhập", "field": "Khác", "form_set": "general",
                 "limit": {"value": 5, "unit": "working_days"}, "fee": 0, "fee_note": "",
                 "post_allowed": True,
                 "personal_presence": False, "documents": [], "note": "", "code_confirmed": True}  # fmt: skip
    placeholder = {**old_entry, "code": "TAM.003", "name": "Mã tạm", "code_confirmed": False}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
        for entry in (old_entry, placeholder):
            conn.exec_driver_sql(
                "INSERT INTO procedures (code, name, name_key, data, updated_at) VALUES (?, ?, ?, ?, ?)",
                (
                    entry["code"],
                    entry["name"],
                    entry["name"].lower(),
                    json.dumps(entry),
                    "2026-01-05 08:00:00",
                ),
            )
        post_before = json.loads(
            conn.exec_driver_sql("SELECT data FROM procedures WHERE code = '1.004222'").scalar()
        )["post_allowed"]
    engine.dispose()
    assert post_before is False  # the downgrade wrote the old shape
    station = bootstrap.open_station(data)
    try:
        every = {p.code: p for p in load_catalogue(station.ctx, every_level=True)}
        assert "TAM.003" not in every and not any(code.startswith("TAM") for code in every)
        kept = every["9.000001"]
        assert kept.level == "both" and kept.channels == ("counter", "post")
        assert "cần nhập lại" in kept.source("limit")
        residence = every["1.004222"]
        assert residence.channels == ("counter", "online") and residence.fee_online == 10000
        assert "A.1" in residence.source("code")
    finally:
        station.close()
