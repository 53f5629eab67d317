"""What a desk sends for a dossier (protocol 1): its identity, applicant, papers and terms as received.

Plain JSON-able dicts built from the stored records (pure: no I/O). The dossier's state after intake
travels as events, each with the status it left the dossier in.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from desk_app.domain.records import DossierRecord


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
    a = record.applicant
    return jsonable({
        "protocol": 1, "uuid": record.uuid, "code": record.code, "agency_code": agency_code,
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
    event_uuid: str, dossier_uuid: str, kind: str, at: datetime, actor: str, reason: str,
    data: dict[str, Any], status: str,
) -> dict[str, Any]:  # fmt: skip
    return jsonable({"protocol": 1, "uuid": event_uuid, "dossier_uuid": dossier_uuid, "kind": kind, "at": at,
                     "actor": actor, "reason": reason, "data": data, "status": status})  # fmt: skip
