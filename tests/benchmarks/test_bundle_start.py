"""The packaged bundle's start-up against running from source: the time from starting the process until its
main window is shown (``desk-app self-test --window`` prints a line then), read from outside, each in a fresh
process, the two alternated. Bound: the bundle within 1.2× of the source."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from desk_app import bootstrap
from desk_app.config import Config, Counter
from desk_app.services.demo import DEMO_STATION
from tests.benchmarks.conftest import STRICT, report
from tests.packaging.bundle_build import wait_for_bundle


def _time_to_shown(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    shown = None
    for line in proc.stdout:
        if "main window shown" in line and shown is None:
            shown = time.perf_counter() - started
    assert proc.wait(timeout=120) == 0 and shown is not None
    return shown


def test_the_bundle_starts_its_window_as_fast_as_the_source(tmp_path: Path):
    bundle = wait_for_bundle()
    import desk_app

    assert compileall.compile_dir(Path(desk_app.__file__).parent, quiet=1)  # as an installed build runs
    data = tmp_path / "station"
    bootstrap.initialise_station(data, Config(DEMO_STATION, Counter(officer_name="Bench"))).close()
    args = ["self-test", "--window", "--data-dir", str(data)]
    ours = [str(bundle / "desk-app"), *args]
    source = [sys.executable, "-m", "desk_app", *args]
    if STRICT:  # warm the disk cache for both (the smoke run only checks that both start)
        _time_to_shown(ours), _time_to_shown(source)
    t_bundle, t_source = [], []
    for _ in range(7 if STRICT else 1):
        t_bundle.append(_time_to_shown(ours))
        t_source.append(_time_to_shown(source))
    bundle_s, source_s = statistics.median(t_bundle), statistics.median(t_source)
    ratio = bundle_s / source_s
    report("bundle_start", bundle_s=round(bundle_s, 3), source_s=round(source_s, 3), ratio=round(ratio, 2),
           bound="<= 1.2x (main window shown)")  # fmt: skip
    if STRICT:
        assert ratio <= 1.2
