"""Benchmarks: each figure is a ratio against a bare baseline measured in the same run.

``make bench`` runs them on a 1,000,000-dossier station (built once, kept in ``.benchmarks/``) and checks
the issue's bounds; ``make bench-smoke`` (part of ``make test``) runs the same code on a small station and
checks only that our results equal the baseline's, since timings on a busy CI machine prove nothing.
Figures are printed and written to ``test-artifacts/benchmarks.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desk_app import bootstrap
from desk_app.config import Config, Counter
from desk_app.services.demo import DEMO_STATION
from desk_app.storage.db import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("DESK_APP_BENCH_ROWS", "1000000"))
STRICT = ROWS >= 1_000_000 and os.environ.get("DESK_APP_BENCH_STRICT", "1") == "1"
RESULTS = ROOT / "test-artifacts" / "benchmarks.json"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "benchmarks" in str(item.fspath):
            item.add_marker(pytest.mark.benchmark)


def median_seconds(action: Callable[[], object], repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def compare(
    baseline: Callable[[], object], ours: Callable[[], object], repeat: int = 40
) -> tuple[float, float]:
    """Median seconds of each, sampled alternately so that machine noise hits both alike."""
    for _ in range(3):
        baseline()
        ours()
    t_base, t_ours = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        baseline()
        middle = time.perf_counter()
        ours()
        t_base.append(middle - started)
        t_ours.append(time.perf_counter() - middle)
    return statistics.median(t_base), statistics.median(t_ours)


def report(name: str, **figures: float | int | str) -> None:
    """Print a benchmark's figures and merge them into test-artifacts/benchmarks.json."""
    RESULTS.parent.mkdir(exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[name] = {"rows": ROWS, **figures}
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    print(f"\n[bench] {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


@pytest.fixture(scope="session")
def big_station_dir() -> Path:
    """A demo station with ROWS dossiers, built once and kept (the populate time is itself a figure)."""
    target = ROOT / ".benchmarks" / f"station-{ROWS}-schema{SCHEMA_HEAD}"
    if not (target / "ready").exists():
        shutil.rmtree(target, ignore_errors=True)
        station = bootstrap.initialise_station(target, Config(DEMO_STATION, Counter(officer_name="Bench")))
        from desk_app.services.demo import populate

        started = time.perf_counter()
        populate(station.ctx, ROWS)
        elapsed = time.perf_counter() - started
        station.close()
        report("populate", seconds=round(elapsed, 1), bound_seconds=180)
        (target / "ready").write_text(f"{elapsed:.1f}\n")
    return target


@pytest.fixture(scope="session")
def big_station(big_station_dir: Path) -> Iterator[bootstrap.Station]:
    station = bootstrap.open_station(big_station_dir)
    yield station
    station.close()
