"""A central server inside this process, on loopback, for ``desk-app demo``: the demo station syncs to
it as a real station syncs to the real one (same HTTP, same protocol), with its data beside the demo's.

:class:`DemoCentral` shares one such server between demo desks: the first demo process to start serves it
(port 8765 when free) and notes its address in ``server.json``; a second desk (``demo --desk 2``) finds it
answering there and uses it, issuing its enrolment token straight into the server's DB."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from desk_app.central import stations
from desk_app.central.app import create_app
from desk_app.central.db import make_engine


class LocalCentral:
    def __init__(self, folder: Path, port: int = 0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = f"sqlite:///{folder / 'central.sqlite3'}"
        self.app = create_app(self.db, folder / "blobs")
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="demo-central", daemon=True)

    def start(self) -> LocalCentral:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the demo's central server did not start")
            time.sleep(0.05)
        return self

    def token(self, agency: str, desk: int, replace: bool = False) -> str:
        return stations.issue_token(self.app.state.engine, agency, desk, replace=replace)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DEMO_PORTS = range(8765, 8776)


class DemoCentral:
    """The demo desks' shared central server: served by this process unless another one already does."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.db = f"sqlite:///{folder / 'central.sqlite3'}"
        self.info = folder / "server.json"
        self.local: LocalCentral | None = None
        self.url = ""

    @property
    def serving(self) -> bool:
        return self.local is not None

    def start(self) -> DemoCentral:
        known = self._known_url()
        if known and _answers(known):
            self.url = known
            return self
        self.local = LocalCentral(self.folder, _first_free(DEMO_PORTS)).start()
        self.url = self.local.url
        self.info.write_text(json.dumps({"url": self.url, "pid": os.getpid()}), encoding="utf-8")
        return self

    def _known_url(self) -> str:
        try:
            return str(json.loads(self.info.read_text(encoding="utf-8"))["url"])
        except (OSError, ValueError, KeyError, TypeError):
            return ""

    def token(self, agency: str, desk: int, replace: bool = False) -> str:
        if self.local is not None:
            return self.local.token(agency, desk, replace)
        engine = make_engine(self.db)  # migrated by the process that serves it
        try:
            return stations.issue_token(engine, agency, desk, replace=replace)
        finally:
            engine.dispose()

    def stop(self) -> None:
        if self.local is not None:
            self.local.stop()
            if self._known_url() == self.url:
                self.info.unlink(missing_ok=True)
            self.local = None


def _answers(url: str) -> bool:
    """A central server is there: its probe asks for a credential (401), as only the server does."""
    try:
        return httpx.get(f"{url}/v1/probe", timeout=2).status_code == 401
    except httpx.HTTPError:
        return False


def _first_free(ports: range) -> int:
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return 0
