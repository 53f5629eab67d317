"""Writing a file whole or not at all: the one way every writer of the desk writes a file.

The bytes go to a temporary file created exclusively (``O_EXCL``, never following a symlink, mode 0600 by
default) in the target's own folder under an unpredictable name (``.<name>.<random>.part``); they are
made durable (``fsync``), the temporary replaces the target in one step (``os.replace``), and the folder is
made durable too, so that after a crash or a power cut the target is either the old file or the new one,
whole. On any failure the temporary file is removed and the target is left as it was.

:func:`replacing` hands a writer that takes a path (reportlab, openpyxl, zipfile) the temporary path;
:func:`write_bytes` and :func:`write_text` write what they are given.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIX = ".part"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of this module's temporaries (left behind only by a kill)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _token() -> str:
    return secrets.token_hex(8)


def _create(target: Path, mode: int) -> tuple[int, Path]:
    """A new, empty temporary file beside ``target``: its descriptor and path. A name already there —
    whatever it is, a symlink planted there included — is never opened: another name is drawn."""
    for _ in range(16):
        tmp = target.with_name(f".{target.name}.{_token()}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, _FLAGS, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op on Windows)."""
    if os.name == "nt":  # Windows cannot open a folder to flush it; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path, mode: int = 0o600) -> Iterator[Path]:
    """Yield a temporary path for a writer that writes by path; when the block ends without an error, the
    file made durable replaces ``target``. On an error it is removed and ``target`` is untouched."""
    fd, tmp = _create(target, mode)
    os.close(fd)
    try:
        yield tmp
        _sync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def write_bytes(target: Path, data: bytes, mode: int = 0o600) -> None:
    """``data`` as the whole of ``target``, or nothing changed."""
    fd, tmp = _create(target, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def write_text(target: Path, text: str, mode: int = 0o600) -> None:
    """``text`` (UTF-8) as the whole of ``target``, or nothing changed."""
    write_bytes(target, text.encode("utf-8"), mode)
