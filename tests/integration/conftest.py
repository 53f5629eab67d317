"""Fixtures of the integration tests: the central server on SQLite (quick) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.central_server import Central


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    """The server on SQLite (the quick tests)."""
    server = Central(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def central_pg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """The server on a private PostgreSQL (the production database): exactly once, code clashes, the feed."""
    from tests.pg import new_database

    server = Central(tmp_path, new_database(request.getfixturevalue("postgres_base")))
    server.start()
    yield server
    server.stop()
