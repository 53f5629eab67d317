"""The central server's tables: enrolled stations and their one-time tokens, dossiers and their events.

A station is one desk of one agency (``agency_code``, ``desk``): a token is issued for that desk, and the
desk enrolling with it must be that desk. A station enrolled before tokens named their desk (``bound``
false) keeps working as it was. A replaced PC takes over its desk's station row (same id, so its dossiers
and its feed stay its own) with a new secret; the old secret goes to ``revoked_credentials``.

The ``tally`` counts, per station, day and procedure, what arrived (received, by post), and the supplement
requests, refusals and returns (late ones too), kept by the ingest in the transaction that stores each
dossier and event, so the provincial pages read a small table (issue 19).

A dossier is keyed by the desk's client UUID and stored as the JSON the desk sent (``payload``) with its
content hash; the answer given the first time is kept, so a repeat gets the same answer. The official code
is unique per agency. Events are keyed by their own UUID and appended, never changed.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

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
    Column("block_size", Integer),  # the desk's numbering block (codes are checked against it); NULL: legacy
    Column("bound", Boolean, nullable=False, server_default=false()),  # enrolled with a desk's own token
    Column("replaced_at", String(32)),  # when another PC last took over this desk
    Column("revoked_at", String(32)),  # a legacy duplicate of a desk retired by a replacement
    Column("last_seen_at", String(32)),  # the station's last request (to the minute): the provincial view
    Column("build", String(40), nullable=False, server_default=""),  # the desk's version, as it says
    Index(
        "uq_stations_agency_desk",
        "agency_code",
        "desk",
        unique=True,
        sqlite_where=text("bound"),
        postgresql_where=text("bound"),
    ),  # one station a bound desk
)

revoked_credentials = Table(  # secrets of replaced PCs: told apart from unknown ones (401 "revoked")
    "revoked_credentials",
    metadata,
    Column("secret_hash", String(64), primary_key=True),
    Column("station_id", Integer, ForeignKey("stations.id"), nullable=False),
    Column("revoked_at", String(32), nullable=False),
)

refusals = Table(  # every refusal of a station's request, with the station (desk-central refusals)
    "refusals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("station_id", Integer, ForeignKey("stations.id")),  # NULL: an enrolment with a token only
    Column("station", Text, nullable=False),  # the station's name (or the token's) at the time
    Column("what", String(16), nullable=False),  # enroll | dossier | event | blob
    Column("ref", String(80), nullable=False),  # the record's UUID, the scan's SHA-256, the desk enrolling
    Column("reason", String(16), nullable=False),  # desk_app.sync.policy.Reason
    Column("detail", Text, nullable=False),
    Index(None, "station_id", "id"),
)

enrolment_tokens = Table(
    "enrolment_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("station_name", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("station_id", Integer, ForeignKey("stations.id")),  # set when used: a token works once
    Column("agency_code", String(40)),  # the desk it is for (NULL: issued before tokens named one)
    Column("desk", Integer),
    Column("replacement", Boolean, nullable=False, server_default=false()),  # a new PC takes over the desk
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
    Column("procedure_code", String(32), nullable=False, server_default=""),  # from the payload: the tally's
    Column("due_at", String(32), nullable=False, server_default=""),  # the payload's, moved by extensions
    Column("received_at", String(32), nullable=False, server_default=""),  # the payload's: a station's hours
    Column("officer", Text, nullable=False, server_default=""),  # who received it (the payload's): by officer
    Column("procedure_name", Text, nullable=False, server_default=""),  # the payload's: the pages' names
    Index(None, "status", "due_at"),
    Index(None, "station_id", "received_at"),
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
    Column("kind", String(32), nullable=False, server_default=""),  # the payload's: the returned-late list
    Column("at", String(32), nullable=False, server_default=""),
    Column("late", Boolean, nullable=False, server_default=false()),  # a return after the due time
    Index(None, "dossier_uuid"),
    Index(None, "kind", "late", "at"),  # the late returns of a period, without visiting the others
)

audit_heads = Table(  # each station's audit head as sent with a sync round: its trail anchored off the PC
    "audit_heads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("station_id", Integer, ForeignKey("stations.id"), nullable=False),
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("count", Integer, nullable=False),
    Column("received_at", String(32), nullable=False),
    Index(None, "station_id", "id"),
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

#: What the tally counts, by event kind (a dossier's arrival counts ``received``, by post ``received_post``)
TALLIED_EVENTS = {"request-supplement": "supplement_requested", "refuse": "refused", "return": "returned"}
TALLY_COUNTS = ("received", "received_post", "supplement_requested", "refused", "returned", "returned_late")

tally = Table(  # per station, day (Vietnam time) and procedure: kept by the ingest in the same transaction
    "tally",
    metadata,
    Column("station_id", Integer, ForeignKey("stations.id"), primary_key=True),
    Column("day", String(10), primary_key=True),  # YYYY-MM-DD of the receipt or of the event
    Column("procedure_code", String(32), primary_key=True),
    *(Column(name, Integer, nullable=False, server_default="0") for name in TALLY_COUNTS),
    Index(None, "day"),
)

web_users = Table(  # the provincial view's accounts (never a station's credential): issue 19
    "web_users",
    metadata,
    Column("username", String(32), primary_key=True),
    Column("full_name", Text, nullable=False, server_default=""),
    Column("role", String(16), nullable=False),  # province | district | it
    Column("scope", String(40), nullable=False),  # an agency-code prefix: the stations they see
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("created_at", String(32), nullable=False),
    Column("disabled_at", String(32)),
    Column("failures", Integer, nullable=False, server_default="0"),  # wrong passwords in a row
    Column("not_before", String(32)),  # no try before this (wrong passwords slow a name down)
)

web_sessions = Table(  # a logged-in browser: the cookie holds the token, the table its hash
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(32), nullable=False),
    Column("csrf", String(64), nullable=False),  # every form of the session carries it back
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

web_audit = Table(  # what the provincial view's users did: log-ins, refusals, exports
    "web_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False, server_default=""),
    Index(None, "username", "id"),
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
