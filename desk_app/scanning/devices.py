"""One interface over the ways pages reach the desk: SANE (Linux), WIA (Windows), a watched folder.

A back-end lists its devices and scans with a :class:`ScanRequest`; :meth:`Backend.scan` yields pages
one at a time as the scanner gives them (a feeder batch is never held whole), checks ``cancel()`` between
pages, and raises :class:`~desk_app.scanning.errors.ScanError` if the device fails — the pages already
yielded stay with the caller, which keeps them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from desk_app.scanning.files import SourcePage

Source = Literal["flatbed", "adf"]
ScanMode = Literal["bw", "grey", "colour"]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Device:
    """A scanner: ``id`` is ``<backend>:<the back-end's own name>``, stable across runs."""

    id: str
    name: str
    backend: str


@dataclass(frozen=True)
class ScanRequest:
    source: Source = "flatbed"
    resolution: int = 300
    mode: ScanMode = "bw"  # bw is scanned grey and thresholded by the pipeline (better than lineart)
    duplex: bool = False


class Backend(Protocol):
    name: str

    def devices(self) -> list[Device]: ...

    def scan(self, device_id: str, request: ScanRequest, cancel: Cancel) -> Iterator[SourcePage]: ...


def available_backends(watch_folder: str = "") -> list[Backend]:
    """The back-ends of this platform (SANE on Linux, WIA on Windows), plus the watched folder if set."""
    found: list[Backend] = []
    if sys.platform.startswith("linux"):
        from desk_app.scanning.sane_backend import SaneBackend

        found.append(SaneBackend())
    elif sys.platform == "win32":  # pragma: no cover - tested through the recorded fake on Linux
        from desk_app.scanning.wia_backend import WiaBackend

        found.append(WiaBackend())
    if watch_folder:
        from pathlib import Path

        from desk_app.scanning.folder import FolderBackend

        found.append(FolderBackend(Path(watch_folder)))
    return found


def split_id(device_id: str) -> tuple[str, str]:
    backend, _, name = device_id.partition(":")
    return backend, name
