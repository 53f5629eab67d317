"""Shared fixtures: a real station (SQLite in a temp dir) with a fixed clock, and CI strictness."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from desk_app import bootstrap
from desk_app.config import Config, Counter, Station
from desk_app.domain.model import VN_TZ
from tests.actors import ADMIN, OFFICER, SUPERVISOR

__all__ = ["ADMIN", "OFFICER", "SUPERVISOR"]  # the acting users, importable from here too

FIXED_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=VN_TZ)  # a Friday
TEST_STATION = Station(
    agency_code="G01.79.760.001",
    agency_name="Công an phường Sài Gòn",
    desk=2,
    parent_agency="Công an Thành phố Hồ Chí Minh",
    place="TP. Hồ Chí Minh",
)
SAMPLE_QR = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"


def require_tool(name: str) -> str:
    """The path of a command-line tool; skip without it, but fail under CI=true (nothing may be missing)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI but is not installed")
        pytest.skip(f"{name} is not installed")
    return path


class Clock:
    """A settable clock for services."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(FIXED_NOW)


@pytest.fixture
def station(tmp_path: Path, clock: Clock) -> Iterator[bootstrap.Station]:
    st = bootstrap.initialise_station(
        tmp_path / "data", Config(TEST_STATION, Counter(officer_name="Lê Thị Mai"))
    )
    st.ctx.clock = clock
    yield st
    st.close()


def walk_in(**overrides: object) -> dict[str, object]:
    """A valid walk-in intake in the import JSON shape."""
    raw: dict[str, object] = {
        "procedure": "1.010386",  # Trình báo mất hộ chiếu phổ thông: commune level, 1 working day, post
        "channel": "walk_in",
        "received_at": "2026-11-20T09:30:00+07:00",
        "applicant": {
            "full_name": "Nguyễn Văn Đức",
            "id_number": "079090001234",
            "birth_date": "1990-05-17",
            "sex": "Nam",
            "address": "Số 12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh",
            "phone": "0901234567",
            "email": "duc@example.vn",
        },
        "documents": [
            {"name": "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)", "copies": 1, "form": "original"}
        ],
        "sets": 1,
    }
    raw.update(overrides)
    return raw


SANE_TEST_CONF = """# SANE test backend, as desk_app's tests use it: two devices, a grid picture (not blank)
number_of_devices 2
mode Gray
depth 8
resolution 75.0
test-picture "Grid"
read-limit false
read-delay false
fuzzy-parameters false
non-blocking false
select-fd false
enable-test-options false
"""


@pytest.fixture(scope="session", autouse=True)
def _private_sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test process sees only SANE's ``test`` device (DESIGN.md's recipe, /etc untouched).

    Session-wide and first: SANE reads its configuration once per process, at the first ``sane.init()``,
    whichever test makes it.
    """
    folder = tmp_path_factory.mktemp("sane.d")
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(SANE_TEST_CONF)
    before = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    yield
    if before is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = before


@pytest.fixture
def sane_test_device() -> str:
    """The id of SANE's test scanner; python-sane must be installed (under CI=true it must be)."""
    try:
        import sane  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("python-sane is required in CI but is not installed")
        pytest.skip("python-sane is not installed")
    return "sane:test:0"


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[str]:
    """A private PostgreSQL server for the session (tests/pg.py): a URL template with ``{db}``."""
    from tests.pg import private_postgres

    with private_postgres() as base:
        yield base
