"""A fault-injecting TCP proxy for the sync tests: between a desk and the central server on loopback.

It relays bytes both ways and, on a seeded random draw, misbehaves the way bad networks do: drops a new
connection at once, answers ``503`` itself, delays a chunk, cuts a connection part-way through a request
body or a response (so the server may have committed what the desk never hears about), or passes a
response's headers and half its body before closing (a truncated answer). Runs on its own thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field

from tests.loopback import LoopbackServer


@dataclass
class Faults:
    drop: float = 0.05  # a new connection closed before anything is relayed
    unavailable: float = 0.05  # a new connection answered "503 Service Unavailable" by the proxy
    delay: float = 0.05  # a chunk held back 50–300 ms
    cut_request: float = 0.03  # a chunk towards the server: half of it sent, then both sides closed
    cut_response: float = 0.05  # a chunk towards the desk: half of it sent, then both sides closed
    seed: int = 2026
    seen: Counter[str] = field(default_factory=Counter)


class FaultProxy(LoopbackServer):
    def __init__(self, upstream_port: int, faults: Faults) -> None:
        super().__init__()
        self.upstream_port, self.faults = upstream_port, faults
        self.rng = random.Random(faults.seed)
        self.enabled = True

    def _draw(self, name: str, p: float) -> bool:
        hit = self.enabled and self.rng.random() < p
        if hit:
            self.faults.seen[name] += 1
        return hit

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        f = self.faults
        if self._draw("drop", f.drop):
            writer.close()
            return
        if self._draw("unavailable", f.unavailable):
            await reader.read(65536)
            writer.write(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            return
        cut = asyncio.Event()

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, towards_server: bool) -> None:
            try:
                while not cut.is_set():
                    chunk = await src.read(16384)
                    if not chunk:
                        break
                    if self._draw("delay", f.delay):
                        await asyncio.sleep(self.rng.uniform(0.05, 0.3))
                    name, p = (
                        ("cut_request", f.cut_request) if towards_server else ("cut_response", f.cut_response)
                    )
                    if self._draw(name, p):
                        dst.write(chunk[: max(1, len(chunk) // 2)])
                        await dst.drain()
                        cut.set()
                        break
                    dst.write(chunk)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                cut.set()
                for w in (dst, writer if towards_server else up_writer):
                    with contextlib.suppress(Exception):  # closing a broken socket
                        w.close()

        await asyncio.gather(pump(reader, up_writer, True), pump(up_reader, writer, False))
