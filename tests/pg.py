"""A private PostgreSQL instance for the tests, from Debian's packages: initdb into a temp directory, a
Unix socket there, no TCP port; stopped at the end. PostgreSQL refuses to run as root, so under root the
server runs as the ``postgres`` account (made by Debian's package). Under CI=true a missing server fails.
:func:`replicated_postgres` adds a hot standby of such a server (streaming replication, issue 19).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _require(*names: str) -> list[str]:
    """The paths of PostgreSQL's programs; skip without them, but fail under CI=true."""
    found = [_bin(name) for name in names]
    if None in found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL ({', '.join(names)}) is required in CI but is not installed")
        pytest.skip("PostgreSQL is not installed")
    return [str(path) for path in found]


RUN = {"check": True, "capture_output": True, "timeout": 120}


@dataclass
class Server:
    """One private server: its data folder, and the folder of its Unix socket (no TCP port)."""

    data: Path
    sock: Path
    log: Path
    options: str

    @property
    def base(self) -> str:
        """Its SQLAlchemy URL with ``{db}`` for the database's name."""
        return f"postgresql+psycopg://desk@/{{db}}?host={self.sock}"

    def start(self) -> None:
        """Start it; back once it accepts connections (``pg_ctl -w``: a standby, once it is consistent)."""
        (pg_ctl,) = _require("pg_ctl")
        subprocess.run(_as_server_user([pg_ctl, "-D", str(self.data), "-o", self.options, "-l", str(self.log),
                                        "-w", "start"]), **RUN)  # type: ignore[call-overload]  # fmt: skip

    def stop(self) -> None:
        """Stop it at once (no shutdown checkpoint); back once the server has ended."""
        (pg_ctl,) = _require("pg_ctl")
        subprocess.run(_as_server_user([pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)  # fmt: skip


def _new_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    return root


def _socket_folder(root: Path, name: str) -> Path:
    sock = root / name
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(sock, "postgres")
    return sock


def _options(sock: Path, durable: bool, extra: str = "") -> str:
    return (f"-k {sock} -c listen_addresses='' -c max_connections=50" + ("" if durable else " -c fsync=off")
            + extra)  # fmt: skip


def _initdb(root: Path, durable: bool, extra: str = "") -> Server:
    (initdb,) = _require("initdb")
    data, sock = root / "data", _socket_folder(root, "sock")
    subprocess.run(_as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "desk", "-E", "UTF8",
                                    "--locale", "C"]), **RUN)  # type: ignore[call-overload]  # fmt: skip
    return Server(data, sock, root / "log", _options(sock, durable, extra))


@contextmanager
def private_postgres(*, durable: bool = False) -> Iterator[str]:
    """Yield a base SQLAlchemy URL (no database name) of a fresh private server. The tests' server skips
    fsync (speed, nothing to keep); ``durable`` keeps PostgreSQL's defaults, as the benchmarks need."""
    _require("initdb", "pg_ctl")
    root = _new_root()
    server = _initdb(root, durable)
    server.start()
    try:
        yield server.base
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def replicated_postgres() -> Iterator[tuple[Server, Server]]:
    """A private primary set up for streaming replication and a hot standby of it (``pg_basebackup -R``),
    each with its own socket folder; both stopped at the end. Replication connects over the primary's Unix
    socket, which initdb's ``pg_hba.conf`` lets do (``local replication all trust``)."""
    basebackup = _require("initdb", "pg_ctl", "pg_basebackup")[2]
    root = _new_root()
    primary = _initdb(root, False, " -c wal_level=replica -c max_wal_senders=4")
    hba = primary.data / "pg_hba.conf"
    if not any(line.split()[:3] == ["local", "replication", "all"] for line in hba.read_text().splitlines()):
        with hba.open("a") as lines:  # initdb writes it; said here in case a packaging ever does not
            lines.write("local replication all trust\n")
    primary.start()
    started = [primary]
    try:
        sock = _socket_folder(root, "standby-sock")
        standby = Server(root / "standby", sock, root / "standby.log",
                         _options(sock, False, " -c hot_standby=on"))  # fmt: skip
        subprocess.run(_as_server_user([basebackup, "-d", f"host={primary.sock} user=desk", "-D",
                                        str(standby.data), "-R", "-X", "stream", "-c", "fast"]),
                       **RUN)  # type: ignore[call-overload]  # fmt: skip
        standby.start()
        started.append(standby)
        yield primary, standby
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


def wait_replayed(primary_base: str, standby_base: str, *, deadline_s: float = 60.0) -> str:
    """Wait until the standby has replayed everything the primary had written when asked (its
    ``pg_current_wal_lsn()``): polled, the deadline only stops a hang. The primary's position, returned."""
    lsn = _scalar(primary_base, "SELECT pg_current_wal_lsn()::text")
    wait_until(standby_base, "SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)", {"lsn": lsn},
               deadline_s=deadline_s, what=f"the standby to replay up to {lsn}")  # fmt: skip
    return lsn


def wait_until(base: str, query: str, params: dict[str, object] | None = None, *, deadline_s: float = 60.0,
               what: str = "") -> None:  # fmt: skip
    """Ask ``query`` (a boolean) on the server's ``postgres`` database until it says true; fail at the
    deadline, which only stops a hang."""
    from sqlalchemy import create_engine, text

    engine = create_engine(base.format(db="postgres"), isolation_level="AUTOCOMMIT")
    ends = time.monotonic() + deadline_s
    try:
        with engine.connect() as conn:
            while not conn.execute(text(query), params or {}).scalar():
                if time.monotonic() > ends:
                    pytest.fail(f"gave up waiting for {what or query} after {deadline_s:.0f} s")
                time.sleep(0.02)  # a poll's pause, not a wait for something to happen
    finally:
        engine.dispose()


def _scalar(base: str, query: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(base.format(db="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return str(conn.execute(text(query)).scalar())
    finally:
        engine.dispose()


def new_database(base_url: str) -> str:
    """A new, empty database on the private server; its URL."""
    from sqlalchemy import create_engine, text

    name = f"central_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.format(db=name)
