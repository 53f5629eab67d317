"""What goes to the central server, decided in one place: each change queued in the caller's unit of work.

The services call these instead of writing an event or an attachment themselves, so that a change and the
record that carries it to the server commit together or not at all (a crash or kill -9 loses neither):

* :func:`queue_dossier` — a received dossier, as the desk fixed it (identity, applicant, papers, terms);
* :func:`record_event` — an event of a dossier's history (``from_server``: one the server sent, which it
  has already, is recorded and not queued back);
* :func:`queue_scan` — the current PDF of one checklist item's pages (a scan two dossiers share goes once).

This is the only module that builds payloads (protocol 1): plain JSON-able dicts, fixed as canonical JSON
with their SHA-256 when queued, never changed afterwards (a correction is a new event).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from desk_app.domain.model import DossierEvent
from desk_app.domain.records import DossierRecord
from desk_app.storage.uow import UnitOfWork

PROTOCOL = 1


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):  # an enum
        return value.value
    return value


def dossier_payload(record: DossierRecord, agency_code: str) -> dict[str, Any]:
    """A dossier as received; its state afterwards travels as events, each with the status it left."""
    a = record.applicant
    return jsonable({
        "protocol": PROTOCOL, "uuid": record.uuid, "code": record.code, "agency_code": agency_code,
        "desk": record.desk, "procedure": {"code": record.procedure_code, "name": record.procedure_name},
        "channel": record.channel, "status": record.status, "received_at": record.received_at,
        "due_at": record.due_at, "due_provisional": record.due_provisional,
        "time_limit": {"value": record.limit_value, "unit": record.limit_unit}, "sets": record.sets,
        "fee": record.fee, "result_delivery": record.result_delivery, "note": record.note,
        "officer": record.officer, "applicant": {**asdict(a), "sex": a.sex.value if a.sex else None},
        "documents": [{"name": d.name, "copies": d.copies, "form": d.form.value} for d in record.documents],
        "register": {"book": record.register_book, "number": record.register_number},
        "postal": asdict(record.postal) if record.postal else None,
    })  # fmt: skip


def event_payload(
    event: DossierEvent, dossier_uuid: str, data: dict[str, Any], status: str
) -> dict[str, Any]:
    return jsonable({"protocol": PROTOCOL, "uuid": event.uuid, "dossier_uuid": dossier_uuid,
                     "kind": event.kind, "at": event.at, "actor": event.actor, "reason": event.reason,
                     "data": data, "status": status})  # fmt: skip


def queue_dossier(uow: UnitOfWork, record: DossierRecord, agency_code: str, now: datetime) -> None:
    """Queue a dossier just received (inside the unit of work that stored it)."""
    uow.outbox.enqueue("dossier", record.uuid, record.uuid, dossier_payload(record, agency_code), now)


def record_event(
    uow: UnitOfWork,
    dossier_id: int,
    event: DossierEvent,
    data: dict[str, Any] | None = None,
    *,
    from_server: bool = False,
) -> None:
    """Store an event of the dossier's history and queue it with the status the dossier is left in (set
    that status first); ``from_server``: the server's own update, stored under its UUID, not sent back."""
    uow.dossiers.add_event(dossier_id, event, data)
    if from_server:
        return
    owner_uuid, status = uow.dossiers.owner(dossier_id)
    payload = event_payload(event, owner_uuid, data or {}, status)
    uow.outbox.enqueue("event", event.uuid, owner_uuid, payload, event.at)


def queue_scan(
    uow: UnitOfWork, dossier_id: int, item: str, sha256: str, pages: int, size: int, at: datetime
) -> None:
    """Record ``item``'s current PDF (its bytes already in the blob store) and queue it for the server."""
    uow.scans.set_attachment(dossier_id, item, sha256, pages, size, at)
    owner_uuid, _status = uow.dossiers.owner(dossier_id)
    payload = {"sha256": sha256, "bytes": size, "dossier_uuid": owner_uuid, "item": item}
    uow.outbox.enqueue("blob", sha256, owner_uuid, payload, at, once=True)
