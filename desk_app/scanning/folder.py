"""Scan to folder: network multifunction printers drop files into a shared folder; the desk takes them.

A file is taken only once it is complete: its size and modification time have not changed for
``settle_seconds`` and it can be opened for reading (a printer still writing it over SMB holds it).
Temporary names (``.part``, ``.tmp``, ``~…``, hidden files) are never taken — a device that writes under a
temporary name and renames into place is taken at once after the rename. A taken file is first *moved*
into the ``taken`` sub-folder (one rename, atomic on one volume), then read, so it is never taken twice,
even by two desks watching one folder: the second rename fails and that desk skips the file.

Polling, not file-system events: SMB and NFS shares, where these folders live, do not deliver inotify or
ReadDirectoryChanges events reliably, and a poll every two seconds costs nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.scanning.devices import Cancel, Device, ScanRequest
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.scanning.files import SourcePage, read_pages

EXTENSIONS = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
TAKEN = "taken"


def _temporary(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "~")) or path.suffix.lower() in (".part", ".tmp", ".crdownload")


@dataclass
class FolderWatcher:
    folder: Path
    settle_seconds: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)

    def ready(self) -> list[Path]:
        """Files complete and ready to take, oldest first (call it from a timer; it keeps state)."""
        if not self.folder.is_dir():
            raise ScanError(f"Không thấy thư mục quét {self.folder}: hãy kiểm tra ổ mạng.")
        now = self.clock()
        current: dict[Path, tuple[int, int, float]] = {}
        found: list[tuple[float, Path]] = []
        for entry in os.scandir(self.folder):
            path = Path(entry.path)
            if not entry.is_file() or _temporary(path) or path.suffix.lower() not in EXTENSIONS:
                continue
            stat = entry.stat()
            key = (stat.st_size, stat.st_mtime_ns)
            before = self._seen.get(path)
            since = before[2] if before and before[:2] == key else now
            current[path] = (*key, since)
            if stat.st_size > 0 and now - since >= self.settle_seconds and _readable(path):
                found.append((stat.st_mtime, path))
        self._seen = current
        return [p for _, p in sorted(found)]

    def take(self, path: Path) -> Path | None:
        """Move ``path`` into ``taken/`` (named by time, so names never clash); None if another desk won."""
        target_dir = self.folder / TAKEN
        target_dir.mkdir(exist_ok=True)
        target = target_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{path.name}"
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ScanError(f"Không chuyển được tệp {path.name} khỏi thư mục quét: {exc.strerror}.") from exc
        self._seen.pop(path, None)
        return target


def _readable(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            f.read(1)
        return True
    except OSError:
        return False


class FolderBackend:
    """The watched folder as a "scanner": a scan takes every complete file in it, oldest first."""

    name = "folder"

    def __init__(self, folder: Path, settle_seconds: float = 2.0) -> None:
        self.watcher = FolderWatcher(folder, settle_seconds)

    def devices(self) -> list[Device]:
        return [Device(f"folder:{self.watcher.folder}", f"Thư mục quét {self.watcher.folder}", "folder")]

    def scan(self, device_id: str, request: ScanRequest, cancel: Cancel) -> Iterator[SourcePage]:
        self.watcher.ready()  # the first look only records sizes: a file must stay the same a while
        deadline = time.monotonic() + self.watcher.settle_seconds + 0.5
        files = self.watcher.ready()
        while not files and time.monotonic() < deadline:
            time.sleep(0.25)
            files = self.watcher.ready()
        if not files:
            raise ScanError(f"Chưa có tệp nào hoàn chỉnh trong thư mục quét {self.watcher.folder}.")
        for path in files:
            if cancel():
                raise ScanCancelled()
            taken = self.watcher.take(path)
            if taken is not None:
                yield from read_pages(taken)
