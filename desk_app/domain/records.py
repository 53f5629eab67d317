"""Read-side records that services return and screens render: plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from desk_app.domain.model import Applicant, DossierEvent, SubmittedDocument


class DossierSummary(NamedTuple):
    """One line of the dossier list or of a search result (a tuple: a million of them stay cheap)."""

    id: int
    code: str
    applicant_name: str
    id_number: str
    procedure_code: str
    procedure_name: str
    channel: str
    status: str
    received_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class DossierRecord:
    """A whole dossier as stored: what ``desk-app show --json`` prints and the receipt is made from."""

    id: int
    uuid: str
    code: str
    procedure_code: str
    procedure_name: str
    channel: str
    status: str
    received_at: datetime
    due_at: datetime
    due_provisional: bool
    limit_value: int
    limit_unit: str
    sets: int
    fee: int | None
    result_delivery: str
    note: str
    applicant: Applicant
    officer: str
    desk: int
    documents: tuple[SubmittedDocument, ...] = ()
    events: tuple[DossierEvent, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def seq_day(self) -> date:
        return self.received_at.date()


@dataclass(frozen=True)
class ListCursor:
    """Keyset position in a list ordered by (received_at desc, id desc): pages never use OFFSET."""

    received_at: datetime
    id: int
