"""Applying what the central server sends: its changes feed, read after this desk's cursor.

* ``status`` — a processing department's update of one of this desk's dossiers (result ready, supplement
  needed, refused): applied through the domain's rules as if recorded at the counter, under the server's
  event UUID and not queued back. One the rules refuse here (the dossier was voided meanwhile, say) is
  skipped, audited and reported; it never stops the feed.
* ``reference`` — a new catalogue or a year's calendar was published: fetched, checked by the same parsers
  as a file import, applied (procedures upserted; the calendar written to ``<data>/calendar/YEAR.toml`` and
  reloaded), its version remembered.

Each change is applied in one transaction with the cursor moving past it: a crash applies it once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from desk_app.atomic import write_text
from desk_app.domain.calendar import parse_year_file
from desk_app.domain.catalogue import parse_catalogue
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import Action, ActionInput, TransitionRefused, apply
from desk_app.domain.model import parse_datetime
from desk_app.services.context import DeskContext
from desk_app.services.lifecycle import state_of, store_transition
from desk_app.sync.client import NotYet, Rejected, SyncClient

log = logging.getLogger("desk_app.services.changes")
CURSOR = "changes_cursor"


@dataclass
class FeedReport:
    applied: int = 0  # status updates applied to dossiers
    reference: list[str] = field(default_factory=list)  # "catalogue v3", "calendar-2027 v1"
    skipped: list[str] = field(default_factory=list)  # why each refused update was skipped


def pull_changes(ctx: DeskContext, client: SyncClient, *, page: int = 200) -> FeedReport:
    """Read and apply the feed to its end (Offline from the client propagates: the cursor stays put)."""
    report = FeedReport()
    while True:
        with ctx.uow() as uow:
            since = int(uow.meta.get(CURSOR) or 0)
        batch = client.changes(since, page)
        for change in batch["changes"]:
            seq, kind, payload = int(change["seq"]), change.get("kind"), change.get("payload") or {}
            if kind == "status":
                _apply_status(ctx, seq, payload, report)
            elif kind == "reference":
                _apply_reference(ctx, client, seq, payload, report)
            else:  # a newer server's kind: not for this build, never a reason to stop
                _advance(ctx, seq)
        if not batch.get("more") or not batch["changes"]:
            return report


def _advance(ctx: DeskContext, seq: int) -> None:
    with ctx.uow(write=True) as uow:
        uow.meta.set(CURSOR, str(seq))
        uow.commit()


def _apply_status(ctx: DeskContext, seq: int, payload: dict[str, Any], report: FeedReport) -> None:
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        uow.meta.set(CURSOR, str(seq))
        code = uow.dossiers.code_for_uuid(str(payload.get("dossier_uuid", "")))
        record = uow.dossiers.get(code) if code else None
        event_uuid = str(payload.get("uuid", ""))
        why = ""
        if record is None:
            why = "hồ sơ không có trên máy này"
        elif uow.dossiers.has_event(event_uuid):
            uow.commit()  # applied before (cursor lost with a restored backup): once is enough
            return
        else:
            try:
                at = min(parse_datetime(str(payload["at"])), now)  # the server's clock may run ahead
                wanted = ActionInput(Action(str(payload["kind"])), at, str(payload.get("actor", "")),
                                     reason=str(payload.get("reason", "")))  # fmt: skip
                transition = apply(state_of(record), wanted, now=now, calendar=ctx.calendar, rules=ctx.rules)
            except TransitionRefused as exc:
                why = exc.message
            except (KeyError, ValueError) as exc:
                why = f"cập nhật không hợp lệ: {exc}"
            else:
                store_transition(uow, record, transition, {"origin": "central"}, event_uuid=event_uuid,
                                 from_server=True)  # fmt: skip
                uow.audit.append(now, "system", "sync.change", record.code, {"kind": transition.event_kind})
        if why:
            subject = record.code if record is not None else str(payload.get("dossier_uuid", ""))
            uow.audit.append(now, "system", "sync.change_skipped", subject,
                             {"kind": payload.get("kind"), "why": why})  # fmt: skip
        uow.commit()
    if why:
        report.skipped.append(f"{payload.get('kind')} {record.code if record else '?'}: {why}")
        log.warning("change %d skipped: %s", seq, why)
    else:
        report.applied += 1


def _apply_reference(
    ctx: DeskContext, client: SyncClient, seq: int, payload: dict[str, Any], report: FeedReport
) -> None:
    kind, version = str(payload.get("kind", "")), int(payload.get("version", 0))
    key = f"reference.{kind}"
    with ctx.uow() as uow:
        held = int(uow.meta.get(key) or 0)
    if held >= version:
        _advance(ctx, seq)
        return
    try:
        document = client.reference(kind)
        content, latest = str(document["content"]), int(document["version"])
        if kind == "catalogue":
            data = json.loads(content)
            if not isinstance(data, dict):
                raise DeskError("danh mục không phải một đối tượng JSON")
            items = parse_catalogue(data)
        elif kind.startswith("calendar-"):
            year = parse_year_file(content).year
            if kind != f"calendar-{year}":
                raise DeskError(f"lịch năm {year} được công bố dưới tên {kind}")
        else:
            raise DeskError(f"loại dữ liệu tham chiếu không biết: {kind}")
    except (Rejected, NotYet, DeskError, ValueError, KeyError) as exc:
        message = exc.message if isinstance(exc, DeskError) else str(exc)
        with ctx.uow(write=True) as uow:
            uow.meta.set(CURSOR, str(seq))
            uow.audit.append(ctx.clock(), "system", "sync.reference_skipped", kind, {"why": message[:300]})
            uow.commit()
        report.skipped.append(f"{kind} v{version}: {message}")
        return
    if kind.startswith("calendar-"):
        _write_calendar(ctx, year, content)
    with ctx.uow(write=True) as uow:
        if kind == "catalogue":
            uow.catalogue.upsert(items, ctx.clock())
        uow.meta.set(key, str(latest))
        uow.meta.set(CURSOR, str(seq))
        uow.audit.append(ctx.clock(), "system", "sync.reference", kind, {"version": latest})
        uow.commit()
    # the open app reloads what changed on its GUI thread (Shell.reference_changed): a worker never swaps
    # the context's calendar under the screens; a command opens the station again and reads the new files
    report.reference.append(f"{kind} v{latest}")


def _write_calendar(ctx: DeskContext, year: int, content: str) -> None:
    """The year's file in the data directory (overrides the bundled one), written whole or not at all."""
    folder = ctx.data_dir / "calendar"
    folder.mkdir(mode=0o700, exist_ok=True)
    write_text(folder / f"{year}.toml", content)
