"""what the provincial view's station page and lists read: each dossier's receipt time, officer and
procedure name; each event's kind, time and lateness; due times moved by extensions and supplements

Revision ID: c0007
Revises: c0006

The rows already stored get these from their payloads.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _field(path: str, limit: int) -> str:
    """SQL for a payload's text field (``'procedure'->'name'``) cut to ``limit``; anything else is ''."""
    *parents, last = path.split("->")
    where = "->".join(["payload::jsonb", *parents])
    text = f"left({where}->>{last}, {limit})"
    return f"CASE WHEN jsonb_typeof({where}->{last}) = 'string' THEN {text} ELSE '' END"


_RECEIVED, _OFFICER = _field("'received_at'", 32), _field("'officer'", 200)
_NAME, _KIND, _AT = _field("'procedure'->'name'", 500), _field("'kind'", 32), _field("'at'", 32)
_NEW_DUE = _field("'data'->'new_due'", 32)
_POSTGRESQL = (
    f"UPDATE dossiers SET received_at = {_RECEIVED}, officer = {_OFFICER}, procedure_name = {_NAME}",
    f"UPDATE events SET kind = {_KIND}, at = {_AT}, late = coalesce("
    "jsonb_typeof(payload::jsonb->'data'->'late') = 'boolean' AND (payload::jsonb->'data'->>'late')::boolean,"
    " false)",
    # the latest move of each dossier's due time wins
    f"UPDATE dossiers SET due_at = moved.due FROM (SELECT DISTINCT ON (dossier_uuid) dossier_uuid,"
    f" {_NEW_DUE} AS due FROM events WHERE {_NEW_DUE} <> '' ORDER BY dossier_uuid, at DESC) AS moved"
    " WHERE dossiers.uuid = moved.dossier_uuid",
)


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("received_at", sa.String(length=32), server_default="", nullable=False))
        batch.add_column(sa.Column("officer", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("procedure_name", sa.Text(), server_default="", nullable=False))
    op.create_index(op.f("ix_dossiers_station_id"), "dossiers", ["station_id", "received_at"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=32), server_default="", nullable=False))
        batch.add_column(sa.Column("at", sa.String(length=32), server_default="", nullable=False))
        batch.add_column(sa.Column("late", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(op.f("ix_events_kind"), "events", ["kind", "late", "at"])
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # in the database: a province's millions of rows never in memory
        for statement in _POSTGRESQL:
            conn.execute(sa.text(statement))
        return
    for uuid, payload in conn.execute(sa.text("SELECT uuid, payload FROM dossiers")).fetchall():
        data = json.loads(payload)
        procedure = data.get("procedure") if isinstance(data.get("procedure"), dict) else {}
        conn.execute(
            sa.text(
                "UPDATE dossiers SET received_at = :at, officer = :officer, procedure_name = :name"
                " WHERE uuid = :uuid"
            ),
            {
                "at": _text(data.get("received_at"), 32),
                "officer": _text(data.get("officer"), 200),
                "name": _text(procedure.get("name"), 500),
                "uuid": uuid,
            },
        )
    moved: list[tuple[str, str, str]] = []
    for uuid, owner, payload in conn.execute(
        sa.text("SELECT uuid, dossier_uuid, payload FROM events")
    ).fetchall():
        data = json.loads(payload)
        details = data.get("data") if isinstance(data.get("data"), dict) else {}
        at = _text(data.get("at"), 32)
        conn.execute(
            sa.text("UPDATE events SET kind = :kind, at = :at, late = :late WHERE uuid = :uuid"),
            {"kind": _text(data.get("kind"), 32), "at": at, "late": bool(details.get("late")), "uuid": uuid},
        )
        if _text(details.get("new_due"), 32):
            moved.append((at, owner, details["new_due"][:32]))
    for _at, owner, due in sorted(moved):  # the latest move of each dossier wins
        conn.execute(
            sa.text("UPDATE dossiers SET due_at = :due WHERE uuid = :uuid"), {"due": due, "uuid": owner}
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_events_kind"), table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("late")
        batch.drop_column("at")
        batch.drop_column("kind")
    op.drop_index(op.f("ix_dossiers_station_id"), table_name="dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("procedure_name")
        batch.drop_column("officer")
        batch.drop_column("received_at")
