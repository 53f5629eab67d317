"""A TCP server on loopback running its own asyncio loop on a thread: the base of the tests' proxies."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

Self = TypeVar("Self", bound="LoopbackServer")


class LoopbackServer:
    """``start()`` listens on a free port of 127.0.0.1 and serves each connection with :meth:`_client`;
    :meth:`call` runs a coroutine on the server's loop from the test's thread."""

    def __init__(self) -> None:
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self: Self) -> Self:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError(f"{type(self).__name__} did not start")
        return self

    def call(self, make: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``make()`` on the server's loop and wait for its result."""

        async def run() -> Any:
            return await make()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(30)

    def stop(self) -> None:
        async def close() -> None:
            self._closing()
            if self._server is not None:
                self._server.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:  # connections still open: ended, not left pending when the loop stops
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        self.call(close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)

    def _closing(self) -> None:
        """Let go of whatever the server holds before it closes (on the loop)."""

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError
