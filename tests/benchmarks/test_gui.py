"""Start-up and memory of the GUI, each in a fresh process, against a bare PySide6 QMainWindow."""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.conftest import STRICT, report

PROBE = Path(__file__).with_name("gui_probe.py")


def _probe(*args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(PROBE), *args], capture_output=True, text=True, env=env,
                         timeout=300, check=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def test_start_up_against_a_bare_main_window(big_station_dir):
    # An installed build runs from bytecode (pip compiles a wheel, PyInstaller bundles .pyc); a source tree
    # under PYTHONDONTWRITEBYTECODE would compile every module at every start, so compile it once here.
    import desk_app

    assert compileall.compile_dir(Path(desk_app.__file__).parent, quiet=1)
    bare, ours = [], []
    for _ in range(5):  # alternate, so that machine noise hits both alike
        bare.append(_probe("bare")["shown_s"])
        run = _probe("app", str(big_station_dir))
        ours.append((run["shown_s"], run["ready_s"]))
    t_bare = statistics.median(bare)
    t_shown = statistics.median(s for s, _ in ours)
    t_ready = statistics.median(r for _, r in ours)
    ratio = t_shown / t_bare
    report("start_up", shown_s=round(t_shown, 3), ready_s=round(t_ready, 3), bare_s=round(t_bare, 3),
           ratio=round(ratio, 2), bound="<= 2x (window shown)")  # fmt: skip
    assert t_bare < t_shown <= t_ready
    if STRICT:
        assert ratio <= 2.0


def test_peak_memory_with_the_big_station_open(big_station_dir):
    run = _probe("app", str(big_station_dir), "--work")
    bare = _probe("bare")
    report("gui_memory", peak_mb=round(run["peak_mb"], 1), bare_peak_mb=round(bare["peak_mb"], 1),
           rows_loaded=int(run["rows_loaded"]), bound="<= 250 MB")  # fmt: skip
    assert run["rows_loaded"] > 0 and run["search_rows"] > 0
    if STRICT:
        assert run["peak_mb"] <= 250
