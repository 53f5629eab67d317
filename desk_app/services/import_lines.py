"""The lines of an import file (``desk-app import``), each read on its own.

One bad line never ends an import: every line is decoded (UTF-8), parsed (JSON, at most
:data:`MAX_LINE` bytes; nesting too deep for the parser, or numbers too long, are refused) and checked to
be an object independently, and a failure is that line's reason. Each good line also gets its
**key**, the SHA-256 of its canonical JSON: a line without ``received_at`` is saved under it, so the same
file imported again after a crash saves only the lines not saved yet (:func:`~desk_app.services.intake.
receive_dossier`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAX_LINE = 1 << 20  # bytes: a dossier's line is a few KB


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor shows it
    raw: dict[str, Any] | None  # None: refused, see ``problem``
    problem: str = ""
    key: str = ""


def _decoded(data: bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"không phải văn bản UTF-8 (byte 0x{data[exc.start]:02X} ở vị trí {exc.start + 1})"
    try:
        raw = json.loads(text.rstrip("\r\n").lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return None, f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})"
    except RecursionError:
        return None, "JSON lồng nhau quá sâu"
    except ValueError:  # an integer of thousands of digits
        return None, "JSON có số quá lớn (hơn 4.300 chữ số)"
    if not isinstance(raw, dict):
        return None, "mỗi dòng phải là một đối tượng JSON"
    return raw, ""


def key_of(raw: dict[str, Any]) -> str:
    canonical = json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(("import-line:" + canonical).encode("utf-8")).hexdigest()


def open_import(path: Path) -> BinaryIO:
    """``path`` opened if it is a regular file (a FIFO, a device, a folder or a missing file: DeskError at
    once, in one Vietnamese line — never a wait)."""
    from desk_app.scanning.files import open_regular

    return open_regular(path)


def read_lines(f: BinaryIO) -> Iterator[Line]:
    """Every non-blank line of the opened file ``f``, good or refused, in order."""
    with f:
        number = 0
        while data := f.readline(MAX_LINE + 1):
            number += 1
            if len(data) > MAX_LINE:
                while data and not data.endswith(b"\n"):  # the rest of that line, never held whole
                    data = f.readline(MAX_LINE)
                yield Line(number, None, f"dòng dài quá {MAX_LINE // 1024} KB")
                continue
            if not data.strip():
                continue
            raw, problem = _decoded(data)
            yield Line(number, raw, problem, key_of(raw) if raw is not None else "")
