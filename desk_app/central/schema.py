"""The central server's tables: enrolled stations and their one-time tokens, dossiers and their events.

A dossier is keyed by the desk's client UUID and stored as the JSON the desk sent (``payload``) with its
content hash; the answer given the first time is kept, so a repeat gets the same answer. The official code
is unique per agency. Events are keyed by their own UUID and appended, never changed.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

stations = Table(
    "stations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # as the admin named it when issuing the token
    Column("secret_hash", String(64), nullable=False),  # SHA-256 of the station's random credential
    Column("enrolled_at", String(32), nullable=False),
    Column("agency_code", String(40), nullable=False, server_default=""),
    Column("desk", Integer, nullable=False, server_default="0"),
)

enrolment_tokens = Table(
    "enrolment_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("station_name", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("station_id", Integer, ForeignKey("stations.id")),  # set when used: a token works once
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("agency_code", String(40), nullable=False),
    Column("code", String(64), nullable=False),
    Column("station_id", Integer, ForeignKey("stations.id"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(32), nullable=False),  # the latest known, from the events
    Column("accepted_at", String(32), nullable=False),
    UniqueConstraint("agency_code", "code", name="uq_dossiers_agency_code_code"),
)

events = Table(
    "events",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("dossier_uuid", String(36), ForeignKey("dossiers.uuid"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("accepted_at", String(32), nullable=False),
    Index(None, "dossier_uuid"),
)

changes = Table(  # the feed the desks read since their cursor (``seq``): status updates, new reference data
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("station_id", Integer, ForeignKey("stations.id")),  # NULL: for every station (reference data)
    Column("kind", String(16), nullable=False),  # "status" | "reference"
    Column("dossier_uuid", String(36)),
    Column("payload", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index(None, "station_id"),
)

reference_documents = Table(  # each publication of the catalogue or of a year's calendar, versioned
    "reference_documents",
    metadata,
    Column("kind", String(40), primary_key=True),  # "catalogue" | "calendar-2027"
    Column("version", Integer, primary_key=True),
    Column("content", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("published_at", String(32), nullable=False),
)
