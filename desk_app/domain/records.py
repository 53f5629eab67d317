"""Read-side records that services return and screens render: plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from desk_app.domain.model import Applicant, SubmittedDocument


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
class PostalInfo:
    """A mail-in dossier's post details (Decision 45/2016) and its handover record."""

    item_number: str
    handover_number: str
    handover_at: datetime
    postal_worker: str
    sender_address: str
    return_by_post: bool
    return_address: str
    fee_paid: int | None
    post_receipt_number: str
    outgoing_item_number: str | None


@dataclass(frozen=True)
class EventRecord:
    """One stored event with the data its transition carried (previous/new due date, postal item …)."""

    uuid: str
    kind: str
    at: datetime
    actor: str
    reason: str
    data: dict[str, Any]


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
    events: tuple[EventRecord, ...] = ()
    extended: bool = False
    clock_started_at: datetime | None = None
    supplement_requests: int = 0
    supplement_requested_at: datetime | None = None
    result_received_at: datetime | None = None
    last_event_at: datetime | None = None
    register_book: int | None = None
    register_number: int | None = None
    postal: PostalInfo | None = None
    form_set: str = "general"  # the catalogue's form set at intake: "police_residence" prints CT04/05/06
    attachments: tuple[AttachmentInfo, ...] = ()  # scanned pages, one PDF per checklist item

    @property
    def seq_day(self) -> date:
        return self.received_at.date()


@dataclass(frozen=True)
class AttachmentInfo:
    """One checklist item's scanned pages as a PDF (``item`` "" is the dossier as a whole)."""

    item: str
    pages: int
    bytes: int
    sha256: str
    updated_at: datetime


@dataclass(frozen=True)
class ScanPageRecord:
    """One stored page of a dossier, in the order the officer gave."""

    id: int
    item: str
    position: int
    sha256: str
    kind: str  # "jpeg" or "g4"
    width: int
    height: int
    dpi: int
    rotation: int
    blank: bool
    bytes: int
    source: str
    added_at: datetime


@dataclass(frozen=True)
class ListCursor:
    """Keyset position in a list ordered by (received_at desc, id desc): pages never use OFFSET."""

    received_at: datetime
    id: int
