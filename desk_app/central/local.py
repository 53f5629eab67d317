"""A central server inside this process, on loopback, for ``desk-app demo``: the demo station syncs to
it as a real station syncs to the real one (same HTTP, same protocol), with its data beside the demo's."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from desk_app.central import store
from desk_app.central.app import create_app


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

    def token(self, station: str) -> str:
        return store.issue_token(self.app.state.engine, station)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
