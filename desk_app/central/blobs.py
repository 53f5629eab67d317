"""Scans at the central server: blobs keyed by SHA-256, uploaded resumably (a documented scheme close to
tus 1.0's core).

* ``HEAD /v1/blobs/{sha256}`` → ``Upload-Offset``: bytes held so far (``Upload-Complete: 1`` once whole);
* ``PATCH /v1/blobs/{sha256}`` with ``Upload-Offset: n`` and ``Upload-Length: total`` appends the body at
  ``n`` — which must be the server's offset (else 409 with the server's offset, so the desk resumes from
  there). When the last byte arrives the server hashes the whole file: a mismatch discards it (422).
The bytes are streamed to the partial file as they arrive (never read whole into memory) and stop at the
declared length. A cut connection leaves what arrived in the partial file: the next attempt resumes from
the server's offset, not from zero. Unfinished uploads untouched for a day are removed (:meth:`sweep`).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import Protocol

from desk_app.atomic import sync_folder
from desk_app.sync.policy import Reason

try:
    import fcntl
except ImportError:  # Windows: one process, one lock for all blobs
    fcntl = None  # type: ignore[assignment]

MAX_BLOB = 200 * 1024 * 1024
STALE_AFTER_S = 24 * 3600  # an unfinished upload untouched this long is removed
_LOCK = threading.Lock()


class BlobError(Exception):
    """A PATCH refused (413 too large, 422 bytes that do not fit), or 409 with the server's offset to
    resume from (protocol, not a refusal)."""

    def __init__(self, status: int, detail: str, offset: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.offset = status, detail, offset

    def body(self) -> dict[str, str]:
        reason = {413: Reason.TOO_LARGE, 422: Reason.UPLOAD}.get(self.status)
        return {"reason": reason.value, "detail": self.detail} if reason else {"detail": self.detail}


class BlobUpload(Protocol):
    """One PATCH's bytes on their way into a store."""

    def write(self, chunk: bytes) -> None: ...

    def finish(self) -> tuple[int, bool]: ...

    def close(self) -> None: ...


class Blobs(Protocol):
    """What the server needs of a blob store: the one interface the API is written against.
    :class:`BlobStore` is today's, on the file system; an S3-compatible store would implement the same
    three operations over a multipart upload (README, "Provincial view" → scaling)."""

    def offset(self, sha: str) -> tuple[int, bool]: ...

    def open_upload(self, sha: str, offset: int, length: int, declared: int | None) -> BlobUpload | None: ...

    def sweep(self, max_age_s: float = STALE_AFTER_S, now: float | None = None) -> int: ...


class BlobStore:
    """Blobs as files: ``<root>/<sha[:2]>/<sha>`` once whole, ``<root>/partial/<sha>`` while arriving."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)
        (root / "locks").mkdir(exist_ok=True)

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

    def open_upload(self, sha: str, offset: int, length: int, declared: int | None) -> Upload | None:
        """Start appending a PATCH's bytes at ``offset`` (under the blob's lock, held until the upload is
        closed); None when the blob is whole already. Refused before a byte is read: a length out of range,
        an offset that is not the server's (409 with its offset), a body declared longer than what is left."""
        if not 0 < length <= MAX_BLOB:
            raise BlobError(413 if length > MAX_BLOB else 422, "Upload-Length out of range")
        if declared is not None and offset + declared > length:
            raise BlobError(422, "the body is longer than Upload-Length leaves")
        lock = self._lock(sha)
        try:
            held, complete = self.offset(sha)
            if complete:
                lock.release()
                return None
            if offset != held:
                raise BlobError(409, f"the server holds {held} bytes of this blob", held)
            return Upload(self, sha, offset, length, lock)
        except BaseException:
            lock.release()
            raise

    def _lock(self, sha: str) -> _Lock:
        """One writer a blob at a time, across threads and the server's worker processes: an exclusive
        ``flock`` on one of 256 lock files picked by the hash's first two hex digits (blocks until free)."""
        if fcntl is None:
            _LOCK.acquire()
            return _Lock(None)
        fd = os.open(self.root / "locks" / f"{sha[:2]}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return _Lock(fd)

    def sweep(self, max_age_s: float = STALE_AFTER_S, now: float | None = None) -> int:
        """Remove unfinished uploads untouched for ``max_age_s`` (a desk that never came back); the count."""
        limit = (now if now is not None else time.time()) - max_age_s
        removed = 0
        for part in (self.root / "partial").iterdir():
            try:
                if part.stat().st_mtime >= limit:
                    continue
                lock = self._lock(part.name)
                try:
                    if part.stat().st_mtime < limit:  # still stale once locked: nobody is appending
                        part.unlink()
                        removed += 1
                finally:
                    lock.release()
            except FileNotFoundError:
                continue
        return removed


class _Lock:
    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            _LOCK.release()
        else:
            os.close(self.fd)  # releases the flock


class Upload:
    """One PATCH's bytes, appended to the partial file as they arrive (never more than the declared length),
    then completed: when the last byte is in, the whole file is hashed and kept under its name or dropped."""

    def __init__(self, store: BlobStore, sha: str, offset: int, length: int, lock: _Lock) -> None:
        self.store, self.sha, self.offset, self.length, self._lock = store, sha, offset, length, lock
        self.path = store.partial(sha)
        self.file = self.path.open("ab")
        self.written = 0

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; past the declared length, this request's bytes are dropped (422)."""
        if self.offset + self.written + len(chunk) > self.length:
            self.file.truncate(self.offset)
            self.written = 0
            raise BlobError(422, "more bytes than Upload-Length")
        self.file.write(chunk)
        self.written += len(chunk)

    def finish(self) -> tuple[int, bool]:
        """(bytes held, complete?): the bytes made durable; when whole, hashed and kept, or dropped (422)."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        held = self.offset + self.written
        if held < self.length:
            return held, False
        digest = hashlib.sha256()
        with self.path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != self.sha:
            self.path.unlink()
            raise BlobError(422, "the bytes do not hash to this SHA-256: discarded, send it again")
        target = self.store.final(self.sha)
        target.parent.mkdir(exist_ok=True)
        os.replace(self.path, target)
        sync_folder(target.parent)  # the rename survives a power cut
        return held, True

    def close(self) -> None:
        """Keep what arrived (a cut connection: the desk resumes from there) and let the next writer in."""
        try:
            if not self.file.closed:
                self.file.flush()
                os.fsync(self.file.fileno())
                self.file.close()
        finally:
            self._lock.release()
