"""Scanning failures the officer is told about (one Vietnamese sentence each)."""

from __future__ import annotations

from desk_app.domain.errors import DeskError


class ScanError(DeskError):
    """A file, a page or a scanner that cannot give pages; the message says which and why."""


class ScanCancelled(ScanError):
    """The officer pressed Cancel during a feeder batch; the pages scanned so far are kept."""

    def __init__(self) -> None:
        super().__init__("Đã dừng quét theo yêu cầu; các trang đã quét được giữ lại.")
