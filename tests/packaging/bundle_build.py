"""The bundle's build for the packaging tests: started in the background as soon as the session knows a
packaging test will run (conftest.py), so the few minutes of PyInstaller overlap the rest of the suite on
the second core; the test waits for it. One module (imported as ``tests.packaging.bundle_build`` by both)
holds the running build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "build" / "bundle-build.log"
_BUILD: dict[str, Any] = {}


def bundle_is_fresh() -> bool:
    """dist/desk-app and its .deb were built from this commit, with nothing changed since."""
    stamp = ROOT / "dist" / "desk-app" / "VERSION"
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return (
        stamp.exists()
        and head.returncode == 0
        and not dirty
        and stamp.read_text().strip().endswith(f"+g{head.stdout.strip()}")
        and bool(list((ROOT / "dist").glob("desk-app_*.deb")))
    )


def start(session: pytest.Session) -> None:
    """Start the build if a packaging test was collected and dist/ is not this commit's."""
    wanted = any(Path(str(item.fspath)).parent == Path(__file__).parent for item in session.items)
    if wanted and not bundle_is_fresh():
        LOG.parent.mkdir(exist_ok=True)
        log: IO[str] = LOG.open("w")
        script = 'bash packaging/build.sh "$0" && bash packaging/linux/build-deb.sh'
        _BUILD["log"] = log
        _BUILD["proc"] = subprocess.Popen(["bash", "-c", script, sys.executable], cwd=ROOT, stdout=log,
                                          stderr=subprocess.STDOUT)  # fmt: skip


def wait_for_bundle(timeout: float = 1500) -> Path:
    """The bundle, once the background build (if one was started) has finished; built here otherwise."""
    proc = _BUILD.pop("proc", None)
    if proc is None and not bundle_is_fresh():
        LOG.parent.mkdir(exist_ok=True)
        with LOG.open("w") as log:
            script = 'bash packaging/build.sh "$0" && bash packaging/linux/build-deb.sh'
            code = subprocess.run(["bash", "-c", script, sys.executable], cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT, timeout=timeout).returncode  # fmt: skip
    elif proc is not None:
        code = proc.wait(timeout=timeout)
        _BUILD.pop("log").close()
    else:
        code = 0
    assert code == 0, f"the bundle's build failed:\n{LOG.read_text()[-4000:]}"
    return ROOT / "dist" / "desk-app"
