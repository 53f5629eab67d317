"""The audit trail's hash chain (pure): each entry holds the hash of the one before it.

``entry_hash`` is SHA-256 over the previous hash and a canonical JSON of the entry (sorted keys, no
spaces, UTF-8), so changing any field of an entry breaks its own hash, removing an entry breaks the next
entry's link, and inserting one breaks a link or an id. The head (the last id and hash, and the count) is
kept apart, so that removing the last entries is seen too. :func:`first_broken` names the first entry that
does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # ISO time, as stored
    actor: str
    action: str
    subject: str
    data: str  # canonical JSON
    prev_hash: str
    hash: str


def canonical(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev_hash: str, entry_id: int, at: str, actor: str, action: str, subject: str, data: str
) -> str:
    body = canonical(
        {"id": entry_id, "at": at, "actor": actor, "action": action, "subject": subject, "data": data}
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Broken:
    entry_id: int | None  # the first entry that does not fit; None: the end of the chain (entries removed)
    reason: str


def first_broken(entries: Iterable[AuditEntry], head: tuple[int, str, int] | None) -> Broken | None:
    """The first problem walking ``entries`` in id order against ``head`` = (last id, last hash, count)."""
    prev, expected_id, count = GENESIS, 1, 0
    for e in entries:
        if e.id != expected_id:
            kind = "bị xóa" if e.id > expected_id else "bị chèn"
            return Broken(e.id, f"mục {expected_id} {kind} (số thứ tự nhảy tới {e.id})")
        if e.prev_hash != prev:
            return Broken(e.id, f"mục {e.id} không nối với mục trước (mục bị xóa hoặc chèn)")
        if entry_hash(e.prev_hash, e.id, e.at, e.actor, e.action, e.subject, e.data) != e.hash:
            return Broken(e.id, f"mục {e.id} đã bị sửa")
        prev, expected_id, count = e.hash, e.id + 1, count + 1
    if head is None:
        return None if count == 0 else Broken(None, "thiếu dấu cuối của nhật ký")
    last_id, last_hash, head_count = head
    if (last_id, last_hash, head_count) != (expected_id - 1, prev, count):
        return Broken(None, f"nhật ký bị cắt: dấu cuối ghi {head_count} mục, còn {count} mục")
    return None
