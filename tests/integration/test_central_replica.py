"""Issue 19, part 5: the provincial view reads a PostgreSQL streaming replica (``--read-db``), tested with a
primary and a hot standby started on this machine (tests/pg.py: initdb, ``pg_basebackup -R``). A row
written on the primary is read on the standby once replayed; a standby whose replay is paused falls
behind by a real, measured lag — over ``max_lag`` the pages read the primary and say why, under it they
read the replica and say the figures' age; a standby stopped makes the pages read the primary, and is not
asked again before ``retry_after`` (a clock of the test's, never a sleep). Every wait is for an observed
event (the standby's replay or receipt position, its pause), a deadline only stopping a hang. Under
CI=true a missing PostgreSQL or pg_basebackup fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from desk_app.central import stations, web_accounts
from desk_app.central.app import app_from_environment, create_app
from desk_app.central.db import make_engine, migrate
from desk_app.central.replica import ReadSource, spoken
from tests.pg import Server, new_database, replicated_postgres, wait_replayed, wait_until

PASSWORD = "Lua-chin-vang-dong-2026"
A, B = "G01.79.760.001", "G01.79.761.002"


@dataclass
class Pair:
    primary: Server
    standby: Server
    primary_url: str  # the test database on each
    standby_url: str
    engine: Engine  # the primary's

    def write(self, note: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO probe (note) VALUES (:note)"), {"note": note})

    def replayed(self) -> None:
        wait_replayed(self.primary.base, self.standby.base)


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    with replicated_postgres() as (primary, standby):
        url = new_database(primary.base)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE probe (id serial PRIMARY KEY, note text NOT NULL)"))
        found = Pair(primary, standby, url, standby.base.format(db=make_url(url).database), engine)
        found.replayed()  # the database and its table are on the standby too
        yield found
        engine.dispose()


class Clock:
    """Monotonic seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _notes(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT note FROM probe ORDER BY id")).scalars())


def _notes_at(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return _notes(engine)
    finally:
        engine.dispose()


def test_without_a_replica_the_pages_read_the_primary_and_say_nothing() -> None:
    primary = create_engine("sqlite://")
    reading = ReadSource(primary).pick()
    assert (reading.engine, reading.source, reading.age, reading.note) == (primary, "primary", None, "")
    with pytest.raises(ValueError, match="PostgreSQL"):
        ReadSource(primary, "sqlite:///replica.sqlite3")  # no standby: refused when the server starts
    assert [spoken(timedelta(seconds=s)) for s in (0, 59, 180, 3600, 3900, 3 * 86400)] == [
        "dưới một phút", "dưới một phút", "khoảng 3 phút", "khoảng 1 giờ", "khoảng 1 giờ 5 phút",
        "khoảng 3 ngày"]  # fmt: skip


def test_a_row_written_on_the_primary_is_read_on_the_replica(pair: Pair) -> None:
    before = datetime.now(UTC)
    pair.write("a")
    pair.replayed()
    source = ReadSource(pair.engine, pair.standby_url)
    try:
        reading = source.pick()
        after = datetime.now(UTC)
        assert reading.source == "replica" and reading.engine is source.replica and reading.note == ""
        assert reading.age is not None and timedelta(0) <= reading.age <= after - before
        assert "a" in _notes(reading.engine)
        with reading.engine.connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
    finally:
        source.dispose()


def test_a_standby_behind_over_max_lag_gives_way_to_the_primary_and_under_it_says_its_age(pair: Pair) -> None:
    admin = create_engine(pair.standby.base.format(db="postgres"), isolation_level="AUTOCOMMIT")
    strict = ReadSource(pair.engine, pair.standby_url, max_lag=timedelta(0))
    lenient = ReadSource(pair.engine, pair.standby_url, max_lag=timedelta(days=1), notice_after=timedelta(0))
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_wal_replay_pause()"))
        pair.write("b")
        with pair.engine.connect() as conn:
            lsn = str(conn.execute(text("SELECT pg_current_wal_lsn()::text")).scalar())
        wait_until(pair.standby.base, "SELECT pg_last_wal_receive_lsn() >= CAST(:lsn AS pg_lsn)"
                   " AND pg_get_wal_replay_pause_state() = 'paused'", {"lsn": lsn},
                   what="the standby to receive the write, its replay paused")  # fmt: skip
        assert "b" not in _notes_at(pair.standby_url)  # received, not replayed

        behind = strict.pick()
        assert behind.source == "primary" and behind.engine is pair.engine and behind.age is None
        assert behind.note.startswith("Bản sao đang chậm ") and "máy chủ chính" in behind.note
        assert "b" in _notes(behind.engine)

        aged = lenient.pick()
        assert aged.source == "replica" and aged.engine is lenient.replica
        assert aged.age is not None and aged.age > timedelta(0)  # now() less the last replayed commit
        assert aged.note == f"Số liệu đọc từ bản sao, chậm {spoken(aged.age)}."
        assert "b" not in _notes(aged.engine)  # the figures are as old as the page says
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_wal_replay_resume()"))
        pair.replayed()
        for source in (strict, lenient):
            source.dispose()
        admin.dispose()
    assert "b" in _notes_at(pair.standby_url)


def test_a_standby_down_is_left_alone_for_retry_after_and_the_pages_read_the_primary(pair: Pair) -> None:
    clock = Clock()
    source = ReadSource(pair.engine, pair.standby_url, retry_after=timedelta(seconds=30), clock=clock)
    assert source.replica is not None
    attempts: list[int] = []

    @event.listens_for(source.replica, "do_connect")
    def _count(*_args: Any) -> None:  # every connection attempt to the standby
        attempts.append(1)

    try:
        assert source.pick().source == "replica"  # a connection is pooled
        pair.standby.stop()  # pg_ctl -w: back once the server has ended
        try:
            down = source.pick()
            assert (down.source, down.engine, down.age, down.note) == ("primary", pair.engine, None,
                                                                       ReadSource.DOWN)  # fmt: skip
            tried = len(attempts)
            assert tried >= 2  # the pooled connection failed its ping, and a new one was refused
            clock.now += 29
            assert source.pick().note == ReadSource.DOWN and len(attempts) == tried  # not asked again
            clock.now += 2
            assert source.pick().note == ReadSource.DOWN and len(attempts) > tried  # asked again, still down
        finally:
            pair.standby.start()  # pg_ctl -w: back once it accepts connections
        pair.write("c")
        pair.replayed()
        clock.now += 31
        back = source.pick()
        assert back.source == "replica" and back.note == "" and "c" in _notes(back.engine)
    finally:
        source.dispose()


def test_the_app_reads_its_pages_from_the_replica(pair: Pair, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("DESK_CENTRAL_DB", pair.primary_url)  # as `serve --workers N --read-db URL` sets them
    monkeypatch.setenv("DESK_CENTRAL_BLOBS", str(tmp_path / "blobs"))
    monkeypatch.setenv("DESK_CENTRAL_READ_DB", pair.standby_url)
    migrating = make_engine(pair.primary_url)
    migrate(migrating)  # what the command does before it starts the workers
    migrating.dispose()
    worker = app_from_environment()
    assert worker.state.read_source.pick().source == "replica"
    worker.state.read_source.dispose()
    worker.state.engine.dispose()
    app = create_app(pair.primary_url, tmp_path / "blobs", read_db=pair.standby_url)
    engine = app.state.engine
    stations.enroll(engine, stations.issue_token(engine, A, 1), A, 1)
    web_accounts.add_user(engine, "hcm.giamsat", "province", "G01.79", PASSWORD)
    pair.replayed()
    admin = create_engine(pair.standby.base.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with TestClient(app, base_url="https://testserver") as client:  # the lifespan disposes the read source
        assert app.state.read_source.pick().source == "replica"
        form = client.get("/view/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        answer = client.post("/view/login", data={"csrf": csrf.group(1), "username": "hcm.giamsat",
                                                  "password": PASSWORD}, follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303  # the session is the primary's: it is written there
        try:
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_wal_replay_pause()"))
            stations.enroll(engine, stations.issue_token(engine, B, 1), B, 1)  # on the primary only, for now
            page = client.get("/view/")
            assert page.status_code == 200 and A in page.text and B not in page.text  # the replica's figures
        finally:
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_wal_replay_resume()"))
        pair.replayed()
        page = client.get("/view/")
        assert page.status_code == 200 and A in page.text and B in page.text
    admin.dispose()
    engine.dispose()
