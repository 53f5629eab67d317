"""Issue 18, parts 1 and 6: every window and dialog fits 1366×768 at 100 %, and 1920×1080 at 125 % and 150 %,
with nothing cut. Each size runs ``fit_screens.py`` in its own process (Qt reads ``QT_SCALE_FACTOR`` and
the offscreen screen's size when the application starts): the screen's free area is the offscreen
screen (the taskbar, 40 px, taken off), the window manager's title bar and borders are taken off that
(``desk_app.gui.geometry.DECORATION``); every screen is opened, measured and saved as a PNG under
``test-artifacts/screens/fit-<size>/`` to look at. The same run checks each window's Alt keys: no letter
twice, none on a letter with a diacritic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_support import SCREENS

ROOT = Path(__file__).resolve().parents[2]
TASKBAR = 40
SIZES = {  # name: (screen width, height in device pixels, scale)
    "1366x768-100": (1366, 768, "1"),
    "1920x1080-125": (1920, 1080, "1.25"),
    "1920x1080-150": (1920, 1080, "1.5"),
}
SCREEN_NAMES = {
    "main_window", "intake", "mailin", "batch", "dashboard", "dashboard_list", "audit", "outbox",
    "accounts_own", "accounts_admin", "print_settings", "id_scanner", "details", "pages",
    "action_request-supplement", "action_refuse", "action_extend", "action_stop", "action_void", "setup",
    "locked",
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("size", list(SIZES))
def test_every_screen_fits_with_nothing_cut(size: str, tmp_path: Path) -> None:
    width, height, scale = SIZES[size]
    screen = {"synchronousWindowSystem": True, "windowFrameMargins": False, "screens": [
        {"name": size, "x": 0, "y": 0, "width": width, "height": height - round(TASKBAR * float(scale)),
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}  # fmt: skip
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale,
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    shots = SCREENS / f"fit-{size}"
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "gui" / "fit_screens.py"), str(tmp_path / "d"),
                          str(shots)], env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    seen = {line["screen"] for line in lines}
    assert seen == SCREEN_NAMES, f"screens not opened: {SCREEN_NAMES - seen}"
    logical = (width / float(scale), (height - round(TASKBAR * float(scale))) / float(scale))
    for line in lines:
        assert line["room"][0] <= logical[0] and line["room"][1] <= logical[1]  # the size asked for
        assert (shots / f"{line['screen']}.png").is_file()
    cut = {line["screen"]: line["problems"] for line in lines if line["problems"]}
    assert not cut, json.dumps(cut, ensure_ascii=False, indent=1)
    keys = {line["screen"]: line["keys"] for line in lines if line["keys"]}  # part 6: one plain letter each
    assert not keys, json.dumps(keys, ensure_ascii=False, indent=1)
    english = {line["screen"]: line["english"] for line in lines if line["english"]}  # part 3
    assert not english, json.dumps(english, ensure_ascii=False, indent=1)
