"""The audit trail's hash chain (pure): each entry holds the hash of the one before it.

``entry_hash`` is SHA-256 over the previous hash and a canonical JSON of the entry (sorted keys, no
spaces, UTF-8), so changing any field of an entry breaks its own hash, removing an entry breaks the next
entry's link, and inserting one breaks a link or an id. The head (the last id and hash, and the count) is
kept apart, so that removing the last entries is seen too. :func:`first_broken` names the first entry that
does not fit.

All of that is on the PC, where someone with the file and this module could rewrite entries and recompute
the whole chain consistently. So the head is also sent to the central server with each sync round, and the
heads it acknowledged (:class:`Anchor`) are checked by :func:`against_anchors`: an anchored entry can no
longer be rewritten, nor entries below it removed, without it being seen.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class Anchor:
    """A head of the chain the central server acknowledged: the trail up to ``last_id`` as it was then."""

    last_id: int
    last_hash: str
    count: int
    received_at: str = ""  # when the server received it (its clock, ISO)


def first_broken(
    entries: Iterable[AuditEntry], head: tuple[int, str, int] | None, start: Anchor | None = None
) -> Broken | None:
    """The first problem walking ``entries`` in id order against ``head`` = (last id, last hash, count);
    ``start``: the walk begins after that anchor (``entries`` are those after it).

    An entry inserted between two others is named (the one after it still links to the one before it); an
    entry written after the head without moving it is named; a head edited or entries cut off the end are
    reported against the head."""
    prev, before_prev = (start.last_hash, "") if start else (GENESIS, "")
    expected_id, count = (start.last_id + 1, start.count) if start else (1, 0)
    for e in entries:
        if e.id != expected_id:
            kind = "bị xóa" if e.id > expected_id else "bị chèn"
            return Broken(e.id, f"mục {expected_id} {kind} (số thứ tự nhảy tới {e.id})")
        if entry_hash(e.prev_hash, e.id, e.at, e.actor, e.action, e.subject, e.data) != e.hash:
            return Broken(e.id, f"mục {e.id} đã bị sửa")
        if e.prev_hash != prev:
            if before_prev and e.prev_hash == before_prev:
                return Broken(
                    e.id - 1, f"mục {e.id - 1} bị chèn vào (mục {e.id} nối thẳng với mục {e.id - 2})"
                )
            return Broken(e.id, f"mục {e.id} không nối với mục trước (mục bị xóa hoặc chèn)")
        before_prev, prev, expected_id, count = prev, e.hash, e.id + 1, count + 1
    last = expected_id - 1
    if head is None:
        return None if count == 0 else Broken(None, "thiếu dấu cuối của nhật ký")
    head_id, head_hash, head_count = head
    if (head_id, head_hash, head_count) == (last, prev, count):
        return None
    if last > head_id:
        return Broken(
            head_id + 1, f"mục {head_id + 1} được ghi thêm sau dấu cuối của nhật ký (không qua ứng dụng)"
        )
    if last == head_id:
        return Broken(last, f"dấu cuối của nhật ký (mục {last}) bị sửa")
    return Broken(None, f"nhật ký bị cắt: dấu cuối ghi {head_count} mục, còn {count} mục")


def against_anchors(entries: Sequence[AuditEntry], anchors: Sequence[Anchor]) -> Broken | None:
    """The trail against the heads the server acknowledged (oldest first): an anchored entry rewritten —
    even with the chain recomputed to match — or entries cut below an anchor. Named as narrowly as the
    anchors allow (between the last anchor that still matches and the first that does not)."""
    by_id = {e.id: e for e in entries}
    ids = sorted(by_id)
    good = 0
    for anchor in sorted(anchors, key=lambda a: a.last_id):
        if anchor.last_id == 0:
            continue
        entry = by_id.get(anchor.last_id)
        held = bisect_right(ids, anchor.last_id)
        if entry is None:
            return Broken(None, f"nhật ký bị cắt dưới mốc đã gửi máy chủ lúc {anchor.received_at}: "
                                f"mục {anchor.last_id} không còn trên máy")  # fmt: skip
        if entry.hash != anchor.last_hash:
            return Broken(good + 1, f"các mục {good + 1}–{anchor.last_id} đã bị viết lại sau khi được neo "
                                    f"trên máy chủ lúc {anchor.received_at}")  # fmt: skip
        if held != anchor.count:
            return Broken(None, f"nhật ký bị xóa bớt dưới mốc đã gửi máy chủ lúc {anchor.received_at}: "
                                f"mốc ghi {anchor.count} mục, còn {held} mục")  # fmt: skip
        good = anchor.last_id
    return None
