"""Scans at the central server: blobs keyed by SHA-256, uploaded resumably (a documented scheme close to
tus 1.0's core).

* ``HEAD /v1/blobs/{sha256}`` → ``Upload-Offset``: bytes held so far (``Upload-Complete: 1`` once whole);
* ``PATCH /v1/blobs/{sha256}`` with ``Upload-Offset: n`` and ``Upload-Length: total`` appends the body at
  ``n`` — which must be the server's offset (else 409 with the server's offset, so the desk resumes from
  there). When the last byte arrives the server hashes the whole file: a mismatch discards it (422).
A cut connection leaves what arrived in the partial file: the next attempt resumes from the server's
offset, not from zero.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one process, one lock for all blobs
    fcntl = None  # type: ignore[assignment]

MAX_BLOB = 200 * 1024 * 1024
_LOCK = threading.Lock()


class BlobError(Exception):
    def __init__(self, status: int, detail: str, offset: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.offset = status, detail, offset


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)
        (root / "locks").mkdir(exist_ok=True)

    @contextmanager
    def _writer(self, sha: str) -> Iterator[None]:
        """One writer a blob at a time, across threads and the server's worker processes: an exclusive
        ``flock`` on one of 256 lock files picked by the hash's first two hex digits."""
        if fcntl is None:
            with _LOCK:
                yield
            return
        fd = os.open(self.root / "locks" / f"{sha[:2]}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def partial(self, sha: str) -> Path:
        return self.root / "partial" / sha

    def offset(self, sha: str) -> tuple[int, bool]:
        """(bytes held, complete?)."""
        done = self.final(sha)
        if done.exists():
            return done.stat().st_size, True
        part = self.partial(sha)
        return (part.stat().st_size if part.exists() else 0), False

    def append(self, sha: str, offset: int, length: int, chunk: bytes) -> tuple[int, bool]:
        if not 0 < length <= MAX_BLOB:
            raise BlobError(413 if length > MAX_BLOB else 422, "Upload-Length out of range")
        with self._writer(sha):
            held, complete = self.offset(sha)
            if complete:
                return held, True
            if offset != held:
                raise BlobError(409, f"the server holds {held} bytes of this blob", held)
            if offset + len(chunk) > length:
                raise BlobError(422, "more bytes than Upload-Length")
            part = self.partial(sha)
            with part.open("ab") as f:
                f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            held += len(chunk)
            if held < length:
                return held, False
            digest = hashlib.sha256()
            with part.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != sha:
                part.unlink()
                raise BlobError(422, "the bytes do not hash to this SHA-256: discarded, send it again")
            target = self.final(sha)
            target.parent.mkdir(exist_ok=True)
            os.replace(part, target)
            return held, True
