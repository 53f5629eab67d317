"""Crash reports: what IT needs to find a bug, without a citizen's data, in ``<data dir>/logs/``.

A report holds the build (desk_app's version, Python, Qt when loaded, the OS), the time, the exception's
type and where it happened — every frame's file, line, function and the line of code — but never the
exception's message or a variable's value: those can hold a name, an address or an ID number that no
mask can recognise. Digits and e-mail addresses are masked in what is written anyway
(:func:`desk_app.logs.mask`). The GUI and the command line call :func:`write_report` for an exception
nobody caught and tell the user the file's path.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

REPORTS = "logs"
KEEP = 20  # the newest reports kept


def write_report(data_dir: Path, exc: BaseException, tb: TracebackType | None, where: str) -> Path:
    """Write ``crash-<time>.txt`` (mode 0600) and return its path; older reports beyond :data:`KEEP` go."""
    from desk_app import __version__
    from desk_app.logs import mask

    folder = data_dir / REPORTS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = datetime.now().astimezone()
    lines = [
        f"desk_app {__version__} — báo cáo lỗi ({where})",
        f"thời điểm: {now.isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"hệ điều hành: {platform.platform()}",
    ]
    qt = sys.modules.get("PySide6")
    if qt is not None:
        lines.append(f"PySide6: {getattr(qt, '__version__', '?')}")
    lines += [
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        "",
        f"lỗi: {type(exc).__module__}.{type(exc).__qualname__}",
        "(nội dung thông báo lỗi không được ghi: có thể chứa dữ liệu của công dân)",
        "",
        "tại:",
    ]
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for i, item in enumerate(chain):
        if i:
            lines += ["", f"gây ra bởi: {type(item).__module__}.{type(item).__qualname__}"]
        frames = traceback.extract_tb(tb if i == 0 else item.__traceback__)
        for frame in frames:
            lines.append(f"  {_short(frame.filename)}:{frame.lineno} {frame.name}")
            if frame.line:
                lines.append(f"      {frame.line.strip()}")
    path = folder / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(mask("\n".join(lines)) + "\n")
    for old in sorted(folder.glob("crash-*.txt"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return path


def _short(filename: str) -> str:
    """A frame's file without the installation's own folders (they can hold the Windows user's name)."""
    parts = Path(filename).parts
    for anchor in ("desk_app", "site-packages", "lib"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return Path(filename).name
