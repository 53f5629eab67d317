"""Offline guardrails: stop before writing when the disk is nearly full.

A desk that runs out of disk mid-save could leave a dossier half-written or a scan without its PDF; so
intake, attaching pages and backups first check that at least ``safety.min_free_mb`` is free in the data
directory, and refuse with a clear reason otherwise — before anything is written.
"""

from __future__ import annotations

import shutil

from desk_app.domain.errors import DeskError
from desk_app.services.context import DeskContext


def ensure_free_disk(ctx: DeskContext, need_mb: int = 0) -> None:
    floor = ctx.config.safety.min_free_mb + need_mb
    try:
        free = shutil.disk_usage(ctx.data_dir).free // (1024 * 1024)
    except OSError as exc:
        raise DeskError(f"Không kiểm tra được dung lượng ổ đĩa của {ctx.data_dir}: {exc.strerror}") from None
    if free < floor:
        raise DeskError(
            f"Ổ đĩa chứa dữ liệu gần đầy (còn {free} MB, cần ít nhất {floor} MB): đã dừng tiếp nhận để không "
            "ghi dở hồ sơ. Hãy báo quản trị giải phóng ổ đĩa hoặc sao lưu rồi chuyển dữ liệu cũ đi."
        )
