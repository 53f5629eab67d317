"""A proxy that holds a chosen request, so that the fault tests kill a process at a point they observe.

HTTP/1.1 on loopback between a desk and the central server. Each request is read whole (head and
``Content-Length`` body; the desk's client never sends chunked bodies), relayed on a fresh upstream
connection, and its answer relayed back. :meth:`HoldProxy.arm` names the request to hold — the ``nth``
request from now whose line starts with ``match`` (``"POST /v1/batch"``, ``"PATCH /v1/blobs/"`` …) — and
where it stops:

* ``before`` — not forwarded: the server never sees it;
* ``half`` — the head and half the body forwarded: the server is reading a request cut short;
* ``sent`` — forwarded whole, the answer not awaited: the server is working on it;
* ``answered`` — the server's whole answer read and kept from the desk: the server did what the desk
  will never hear of.

When it holds, :attr:`held` is set (a ``threading.Event``). The test acts — kills the desk or the server —
and then calls :meth:`release`, which closes both sides of the held connection. Nothing waits a fixed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from tests.loopback import LoopbackServer

MODES = ("before", "half", "sent", "answered")


async def _read_head(reader: asyncio.StreamReader) -> bytes | None:
    try:
        return await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise
        return None  # the peer closed between requests


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}


async def _read_answer(reader: asyncio.StreamReader, method: str) -> bytes:
    """A whole HTTP answer: its head and its body (Content-Length, chunked, or up to the close)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = _headers(head)
    if method == "HEAD" or status in (204, 304) or status < 200:
        return head
    if "content-length" in headers:
        return head + await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            body += size_line + await reader.readexactly(size + 2)
            if size == 0:
                return head + body
    return head + await reader.read()


class HoldProxy(LoopbackServer):
    def __init__(self, upstream_port: int) -> None:
        super().__init__()
        self.upstream_port = upstream_port
        self.requests: list[str] = []  # every request line seen, in order
        self.held = threading.Event()
        self.held_request = ""
        self._target: tuple[str, int, str] | None = None  # (match, how many more to let through, mode)
        self._release: asyncio.Event | None = None

    def arm(self, match: str, nth: int, mode: str) -> None:
        """Hold the ``nth`` request from now whose request line starts with ``match``."""
        assert mode in MODES and nth >= 1

        async def set_target() -> None:
            self._target = (match, nth, mode)
            self.held.clear()
            self.held_request = ""

        self.call(set_target)

    def disarm(self) -> None:
        async def clear() -> None:
            self._target = None

        self.call(clear)

    def release(self) -> None:
        """Close both sides of the held connection (after the test has acted)."""

        async def free() -> None:
            self._closing()

        self.call(free)

    def _closing(self) -> None:
        if self._release is not None:
            self._release.set()

    def _hold_here(self, line: str) -> str | None:
        """The mode if this request is the one to hold (and the target spent), else None."""
        self.requests.append(line)
        if self._target is None or not line.startswith(self._target[0]):
            return None
        match, left, mode = self._target
        if left > 1:
            self._target = (match, left - 1, mode)
            return None
        self._target = None
        return mode

    async def _hold(self, line: str) -> None:
        self._release = asyncio.Event()
        self.held_request = line
        self.held.set()
        await self._release.wait()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_writer: asyncio.StreamWriter | None = None
        try:
            while True:
                head = await _read_head(reader)
                if head is None:
                    return
                length = int(_headers(head).get("content-length", "0"))
                body = await reader.readexactly(length) if length else b""
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                mode = self._hold_here(line)
                if mode == "before":
                    await self._hold(line)
                    return
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                if mode == "half":
                    up_writer.write(head + body[: len(body) // 2])
                    await up_writer.drain()
                    await self._hold(line)
                    return
                up_writer.write(head + body)
                await up_writer.drain()
                if mode == "sent":
                    await self._hold(line)
                    return
                answer = await _read_answer(up_reader, line.split(" ", 1)[0])
                if mode == "answered":
                    await self._hold(line)
                    return
                up_writer.close()
                up_writer = None
                writer.write(answer)
                await writer.drain()
        except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            return  # a side went away (the server killed, the desk killed): the other side is closed too
        finally:
            for w in (writer, up_writer):
                if w is not None:
                    with contextlib.suppress(Exception):  # closing a broken socket
                        w.close()
