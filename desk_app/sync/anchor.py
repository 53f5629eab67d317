"""The audit trail anchored off the PC: each sync round sends the trail's head to the central server, which
keeps every head it acknowledged; ``audit verify`` checks the local trail against those anchors.

Before a head is sent, the entries written since the last acknowledged anchor are checked to chain from
it to the head (:func:`~desk_app.domain.audit.first_broken` from the anchor): a trail tampered with on the
PC is never anchored, and the round reports it. The last acknowledged anchor is also kept on the PC
(``station_meta``), to check against when the server cannot be reached; the server's copy wins.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from desk_app.domain.audit import Anchor, first_broken
from desk_app.services.context import DeskContext
from desk_app.sync.client import Offline, SyncClient, SyncFailure

log = logging.getLogger("desk_app.sync.anchor")
ANCHOR_KEY = "audit_anchor"


def _anchor(data: dict[str, object]) -> Anchor:
    return Anchor(int(data["last_id"]), str(data["last_hash"]), int(data["count"]),  # type: ignore[call-overload]
                  str(data.get("received_at", "")))  # fmt: skip


def local_anchor(ctx: DeskContext) -> Anchor | None:
    """The last anchor the server acknowledged, as kept on this PC (None: never anchored)."""
    with ctx.uow() as uow:
        raw = uow.meta.get(ANCHOR_KEY)
    try:
        return _anchor(json.loads(raw)) if raw else None
    except (ValueError, KeyError, TypeError):
        return None  # a copy edited by hand: the server's anchors decide


def send_head(ctx: DeskContext, client: SyncClient) -> str | None:
    """Anchor the audit head at the server if it moved since the last anchor; the problem (in Vietnamese)
    when the entries since then do not chain to the head — then nothing is sent. Offline propagates."""
    anchor = local_anchor(ctx)
    with ctx.uow() as uow:
        head = uow.audit.head()
        if head is None or (anchor is not None and (anchor.last_id, anchor.last_hash, anchor.count) == head):
            return None
        entries = uow.audit.after(anchor.last_id if anchor else 0)
    broken = first_broken(entries, head, start=anchor)
    if broken is not None:
        where = f"mục {broken.entry_id}" if broken.entry_id is not None else "cuối nhật ký"
        log.warning("audit head not anchored: the trail is broken at %s", where)
        return f"Nhật ký trên máy đã bị thay đổi ({where}: {broken.reason}); chưa gửi mốc lên máy chủ"
    try:
        kept = client.put_audit_head(*head)
    except SyncFailure as exc:
        if isinstance(exc, Offline):
            raise
        return f"Máy chủ không nhận mốc nhật ký: {exc.reason}"
    with ctx.uow(write=True) as uow:
        uow.meta.set(ANCHOR_KEY, json.dumps(kept))
        uow.commit()
    return None


@dataclass(frozen=True)
class Anchors:
    anchors: tuple[Anchor, ...]
    source: str  # the officer's words: where the anchors come from


def anchors_for_verify(ctx: DeskContext) -> Anchors:
    """The anchors to check the trail against: the server's (all it keeps), or — not enrolled or offline —
    the last one kept on this PC."""
    from desk_app.sync.worker import client_for, load_credentials

    if load_credentials(ctx) is not None:
        client = client_for(ctx)
        try:
            anchors = tuple(_anchor(h) for h in client.audit_heads())
            return Anchors(anchors, f"so với {len(anchors)} mốc trên máy chủ trung tâm")
        except (SyncFailure, ValueError, KeyError, TypeError) as exc:
            reason = exc.reason if isinstance(exc, SyncFailure) else str(exc)
            offline = f"không hỏi được máy chủ ({reason[:120]})"
        finally:
            client.close()
    else:
        offline = "trạm chưa đăng ký với máy chủ"
    kept = local_anchor(ctx)
    if kept is None:
        return Anchors((), f"chưa có mốc nào ngoài máy này — {offline}")
    return Anchors((kept,), f"so với mốc lưu trên máy này (mục {kept.last_id}) — {offline}")
