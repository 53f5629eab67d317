"""A private PostgreSQL instance for the tests, from Debian's packages: initdb into a temp directory, a
Unix socket there, no TCP port; stopped at the end. PostgreSQL refuses to run as root, so under root the
server runs as the ``postgres`` account (made by Debian's package). Under CI=true a missing server fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def private_postgres(*, durable: bool = False) -> Iterator[str]:
    """Yield a base SQLAlchemy URL (no database name) of a fresh private server. The tests' server skips
    fsync (speed, nothing to keep); ``durable`` keeps PostgreSQL's defaults, as the benchmarks need."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL (initdb, pg_ctl) is required in CI but is not installed")
        pytest.skip("PostgreSQL is not installed")
    root = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(_as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "desk", "-E", "UTF8",
                                    "--locale", "C"]), **run)  # type: ignore[call-overload]  # fmt: skip
    options = f"-k {sock} -c listen_addresses='' -c max_connections=50" + ("" if durable else " -c fsync=off")
    subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
                                    "start"]), **run)  # type: ignore[call-overload]  # fmt: skip
    try:
        yield f"postgresql+psycopg://desk@/{{db}}?host={sock}"
    finally:
        subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def new_database(base_url: str) -> str:
    """A new, empty database on the private server; its URL."""
    from sqlalchemy import create_engine, text

    name = f"central_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.format(db=name)
