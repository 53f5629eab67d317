"""Tables of the station database (SQLAlchemy Core). Alembic migrations in ``db/station`` create them.

Times are stored as Vietnam local time (UTC+7, no daylight saving) and read back aware, so the
stored text is what the officer saw and sorts correctly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)

from desk_app.domain.model import VN_TZ


class VnDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as Vietnam local time."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the station database")
        return value.astimezone(VN_TZ).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=VN_TZ)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

procedures = Table(
    "procedures",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("data", Text, nullable=False),  # the catalogue entry as JSON
    Column("updated_at", VnDateTime, nullable=False),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("seq_day", Date, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("procedure_code", String(16), nullable=False),
    Column("procedure_name", Text, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("received_at", VnDateTime, nullable=False),
    Column("due_at", VnDateTime, nullable=False),
    Column("due_provisional", Boolean, nullable=False, default=False),
    Column("limit_value", Integer, nullable=False),
    Column("limit_unit", String(16), nullable=False),
    Column("sets", Integer, nullable=False),
    Column("fee", Integer),
    Column("result_delivery", String(16), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("applicant_name", Text, nullable=False),
    Column("applicant_name_key", Text, nullable=False),
    Column("applicant_id_number", String(16), nullable=False),
    Column("applicant_birth_date", Date),
    Column("applicant_sex", String(8)),
    Column("applicant_address", Text, nullable=False),
    Column("applicant_phone", String(20), nullable=False, default=""),
    Column("applicant_email", String(120), nullable=False, default=""),
    # issue 17: who files — citizen | foreigner | organisation — and what identifies them
    Column("applicant_kind", String(16), nullable=False, server_default="citizen"),
    Column("applicant_passport", String(20), nullable=False, server_default=""),
    Column("applicant_nationality", String(3), nullable=False, server_default=""),
    Column("applicant_registration", String(40), nullable=False, server_default=""),
    Column("applicant_old_id", String(12), nullable=False, server_default=""),
    Column("representative", Text),  # JSON {full_name, id_number, document}; NULL: the applicant filed
    Column("officer", Text, nullable=False),
    Column("desk", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("created_at", VnDateTime, nullable=False),
    # life cycle (issue 3): what the state machine needs besides the status and the due date
    Column("extended", Boolean, nullable=False, server_default="0"),
    Column("clock_started_at", VnDateTime),  # None: the receipt time
    Column("supplement_requests", Integer, nullable=False, server_default="0"),
    Column("supplement_requested_at", VnDateTime),
    Column("result_received_at", VnDateTime),
    Column("last_event_at", VnDateTime),
    # Sổ theo dõi hồ sơ: one book a year per desk, numbers from 01 (README)
    Column("register_book", Integer),
    Column("register_number", Integer),
    # the catalogue's form set at intake ("general" | "police_residence"): which forms this dossier prints
    Column("form_set", String(24), nullable=False, server_default="general"),
    Index(None, "received_at"),
    Index(None, "status", "due_at"),
    Index(None, "status", "received_at"),
    Index(None, "channel", "received_at"),
    Index(None, "applicant_id_number"),
    Index(None, "applicant_name_key"),
    Index(None, "seq_day", "seq"),
    Index(None, "received_at", "status", "channel", "procedure_code", "officer"),  # the dashboard's intake
)

dossier_documents = Table(
    "dossier_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("copies", Integer, nullable=False),
    Column("form", String(16), nullable=False),
    Index(None, "dossier_id"),
)

dossier_events = Table(
    "dossier_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("at", VnDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("data", Text, nullable=False, default="{}"),
    Index(None, "dossier_id"),
    # the dashboard's steps, counted on the index alone, the late mark of returns included
    Index("ix_dossier_events_steps", "kind", "at", "dossier_id", text("json_extract(data, '$.late')")),
)

#: dossiers received per day, hour, channel, procedure and officer, kept by triggers (storage/tally.py)
intake_tally = Table(
    "intake_tally",
    metadata,
    Column("day", String(10), primary_key=True),  # "2026-11-29", Vietnam time
    Column("hour", Integer, primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("procedure_code", String(16), primary_key=True),
    Column("officer", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

daily_counters = Table(
    "daily_counters",
    metadata,
    Column("day", Date, primary_key=True),
    Column(
        "block_first", Integer, primary_key=True
    ),  # the desk's block: a desk renumbered mid-day starts clean
    Column("last_seq", Integer, nullable=False),
)

handover_records = Table(
    "handover_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("signed_at", VnDateTime, nullable=False),  # the legal time of receipt of its dossiers
    Column("postal_worker", Text, nullable=False),
    Column("postal_unit", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("officer", Text, nullable=False),
    Column("created_at", VnDateTime, nullable=False),
)

postal_items = Table(
    "postal_items",
    metadata,
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), primary_key=True),
    Column("handover_id", Integer, ForeignKey("handover_records.id"), nullable=False),
    Column("item_number", String(13), nullable=False),
    Column("sender_address", Text, nullable=False),
    Column("return_by_post", Boolean, nullable=False),
    Column("return_address", Text, nullable=False, server_default=""),
    Column("fee_paid", Integer),
    Column("post_receipt_number", String(40), nullable=False, server_default=""),
    Column("outgoing_item_number", String(13)),
    Index(None, "item_number"),
    Index(None, "handover_id"),
)

register_counters = Table(
    "register_counters",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("book", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

scan_pages = Table(
    "scan_pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False),
    Column("item", Text, nullable=False, server_default=""),  # a checklist item's name; "" = the dossier
    Column("position", Integer, nullable=False),  # order within the item
    Column("sha256", String(64), nullable=False),  # the encoded page in the blob store
    Column("kind", String(8), nullable=False),  # "jpeg" (grey / colour) or "g4" (black and white TIFF)
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("dpi", Integer, nullable=False),
    Column("rotation", Integer, nullable=False, server_default="0"),  # shown turned by 0/90/180/270
    Column("blank", Boolean, nullable=False, server_default="0"),
    Column("bytes", Integer, nullable=False),
    Column("source", Text, nullable=False, server_default=""),  # "file:x.pdf#2", "sane:test:0", …
    Column("added_at", VnDateTime, nullable=False),
    Column("officer", Text, nullable=False),
    Column("removed_at", VnDateTime),  # removed in the page editor: kept, never deleted
    Index(None, "dossier_id", "item", "position"),
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dossier_id", Integer, ForeignKey("dossiers.id"), nullable=False),
    Column("item", Text, nullable=False, server_default=""),
    Column("sha256", String(64), nullable=False),  # the item's PDF (its pages, in order) in the blob store
    Column("pages", Integer, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("updated_at", VnDateTime, nullable=False),
    UniqueConstraint("dossier_id", "item"),
)

unfiled_pages = Table(
    "unfiled_pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("dpi", Integer, nullable=False),
    Column("blank", Boolean, nullable=False, server_default="0"),
    Column("bytes", Integer, nullable=False),
    Column("source", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),  # why it was not filed
    Column("added_at", VnDateTime, nullable=False),
    Column("officer", Text, nullable=False),
    Column("filed_at", VnDateTime),  # sorted by hand into a dossier (its scan_pages row) — kept, not deleted
    Index(None, "filed_at"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, with its own salt and parameters
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", VnDateTime),
    Column("created_at", VnDateTime, nullable=False),
    Column("password_changed_at", VnDateTime, nullable=False),
    Column("must_change_password", Boolean, nullable=False, server_default="0"),  # set by migration 0010
)

#: wrong passwords in a row per log-in name, known or not, and when it may try again (no lockout)
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("not_before", VnDateTime),
    Column("last_at", VnDateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),  # 1, 2, 3 … with no gaps: a gap is a removed entry
    Column("at", String(32), nullable=False),  # ISO text, hashed exactly as stored
    Column("actor", String(32), nullable=False),
    Column("action", String(40), nullable=False),
    Column(
        "subject", Text, nullable=False, server_default=""
    ),  # a dossier code, a user name … never personal data
    Column("data", Text, nullable=False, server_default="{}"),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("count", Integer, nullable=False),
)

station_meta = Table(
    "station_meta",
    metadata,
    Column("key", String(40), primary_key=True),  # initialised_at, last_synced_at (ISO text)
    Column("value", Text, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # "dossier" | "event" (scans: a later step)
    Column("ref", String(64), nullable=False, unique=True),  # the record's UUID: its key at the server
    Column("dossier_uuid", String(36), nullable=False),
    Column("payload", Text, nullable=False),  # the canonical JSON sent, fixed when queued
    Column("content_hash", String(64), nullable=False),
    Column(
        "state", String(16), nullable=False, server_default="queued"
    ),  # queued|sending|acknowledged|attention
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", VnDateTime),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("created_at", VnDateTime, nullable=False),
    Column("acked_at", VnDateTime),
    Index(None, "state", "next_attempt_at"),
)
