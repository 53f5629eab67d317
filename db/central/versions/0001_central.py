"""the central server: stations, enrolment tokens, dossiers, events

Revision ID: c0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.String(length=32), nullable=False),
        sa.Column("agency_code", sa.String(length=40), server_default="", nullable=False),
        sa.Column("desk", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
    )
    op.create_table(
        "enrolment_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("station_name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_enrolment_tokens_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_enrolment_tokens")),
    )
    op.create_table(
        "dossiers",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("accepted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_dossiers_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("agency_code", "code", name="uq_dossiers_agency_code_code"),
    )
    op.create_table(
        "events",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("dossier_uuid", sa.String(length=36), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("accepted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_uuid"], ["dossiers.uuid"], name=op.f("fk_events_dossier_uuid_dossiers")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_dossier_uuid"), "events", ["dossier_uuid"])


def downgrade() -> None:
    op.drop_index(op.f("ix_events_dossier_uuid"), table_name="events")
    op.drop_table("events")
    op.drop_table("dossiers")
    op.drop_table("enrolment_tokens")
    op.drop_table("stations")
