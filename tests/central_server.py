"""The reference central server in a subprocess (``desk-central serve``), for the sync tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from desk_app.services.context import DeskContext


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Central:
    """``desk-central serve`` in a subprocess; ``stop()`` / ``start()`` to take it away and back."""

    def __init__(
        self, tmp: Path, db: str | None = None, workers: int = 1, env: dict[str, str] | None = None
    ) -> None:
        self.workers = workers
        self.env = env  # added to this process's environment for the server (None: inherited as it is)
        self.db = db or f"sqlite:///{tmp / 'central.sqlite3'}"
        self.blobs = tmp / "blobs"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # in its own process group: stop() takes the --workers processes too
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desk_app.central", "serve", "--db", self.db, "--blobs", str(self.blobs),
             "--port", str(self.port), "--workers", str(self.workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, **self.env} if self.env else None,
        )  # fmt: skip
        deadline = time.monotonic() + 120  # ends a hang; the wait itself is for the server's answer
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/probe", timeout=5).status_code == 401:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError("desk-central did not start")

    def stop(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the server and its --workers processes
            self.proc.wait(10)
            self.proc = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desk_app.central", *args, "--db", self.db],
                              capture_output=True, text=True, timeout=60)  # fmt: skip

    def token(self, agency: str, desk: int, station: str = "", *, replace: bool = False) -> str:
        """A one-time token for desk ``desk`` of ``agency`` (``desk-central token``)."""
        extra = (["--station", station] if station else []) + (["--replace"] if replace else [])
        out = self.cli("token", "--agency", agency, "--desk", str(desk), *extra)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()[-1]

    def token_for(self, ctx: DeskContext, *, replace: bool = False) -> str:
        """A token for the desk of this station's ``station.toml``."""
        return self.token(ctx.config.station.agency_code, ctx.config.station.desk, replace=replace)

    def show(self, code: str) -> dict:
        out = self.cli("show", code, "--json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)
