"""each station bound to one agency's desk: tokens name the desk, refusals logged, audit heads

Revision ID: c0003
Revises: c0002

Stations enrolled before (``bound`` false) keep their credential and keep working; a token issued before
names no desk and can no longer enrol anyone (IT issues a new one with ``--agency --desk``).
"""

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrolment_tokens") as batch:
        batch.add_column(sa.Column("agency_code", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("desk", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("replacement", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("stations") as batch:
        batch.add_column(sa.Column("block_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("bound", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("replaced_at", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.String(length=32), nullable=True))
    op.create_index("uq_stations_agency_desk", "stations", ["agency_code", "desk"], unique=True,
                    sqlite_where=sa.text("bound"), postgresql_where=sa.text("bound"))  # fmt: skip
    op.create_table(
        "revoked_credentials",
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_revoked_credentials_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("secret_hash", name=op.f("pk_revoked_credentials")),
    )
    op.create_table(
        "refusals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("station", sa.Text(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_refusals_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refusals")),
    )
    op.create_index(op.f("ix_refusals_station_id"), "refusals", ["station_id", "id"])
    op.create_table(
        "audit_heads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_audit_heads_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_heads")),
    )
    op.create_index(op.f("ix_audit_heads_station_id"), "audit_heads", ["station_id", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_heads_station_id"), table_name="audit_heads")
    op.drop_table("audit_heads")
    op.drop_index(op.f("ix_refusals_station_id"), table_name="refusals")
    op.drop_table("refusals")
    op.drop_table("revoked_credentials")
    op.drop_index("uq_stations_agency_desk", table_name="stations")
    with op.batch_alter_table("stations") as batch:
        for column in ("revoked_at", "replaced_at", "bound", "block_size"):
            batch.drop_column(column)
    with op.batch_alter_table("enrolment_tokens") as batch:
        for column in ("replacement", "desk", "agency_code"):
            batch.drop_column(column)
