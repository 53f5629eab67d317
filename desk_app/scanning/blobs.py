"""The content-addressed store of pages and PDFs: ``<data dir>/scans/<first 2 hex>/<sha256>``.

A blob is written once under the SHA-256 of its bytes, through a temporary file renamed into place, so a
crash never leaves a half-written blob under a real name. Identical content is stored once. Nothing is
ever deleted here: the database says which blobs a dossier uses.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from desk_app.atomic import write_bytes
from desk_app.scanning.errors import ScanError


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def discard(self, sha256: str) -> bool:
        """Delete a blob nothing refers to any more (retention); True if it was there."""
        target = self.path(sha256)
        existed = target.exists()
        target.unlink(missing_ok=True)
        return existed

    def put(self, data: bytes) -> str:
        """Store ``data``; its SHA-256 (hex)."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_bytes(target, data)
        except OSError as exc:
            raise ScanError(f"Không ghi được tệp quét vào {self.root}: {exc.strerror or exc}.") from exc
        return sha

    def get(self, sha256: str) -> bytes:
        data = self.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ScanError(f"Tệp quét {sha256[:12]}… đã bị thay đổi hoặc hỏng trên đĩa.")
        return data
