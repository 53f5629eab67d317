"""life cycle, mail-in, register

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "handover_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("postal_worker", sa.Text(), nullable=False),
        sa.Column("postal_unit", sa.Text(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("officer", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_records")),
        sa.UniqueConstraint("number", name=op.f("uq_handover_records_number")),
    )
    op.create_table(
        "register_counters",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("book", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", "book", name=op.f("pk_register_counters")),
    )
    op.create_table(
        "postal_items",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("item_number", sa.String(length=13), nullable=False),
        sa.Column("sender_address", sa.Text(), nullable=False),
        sa.Column("return_by_post", sa.Boolean(), nullable=False),
        sa.Column("return_address", sa.Text(), server_default="", nullable=False),
        sa.Column("fee_paid", sa.Integer(), nullable=True),
        sa.Column("post_receipt_number", sa.String(length=40), server_default="", nullable=False),
        sa.Column("outgoing_item_number", sa.String(length=13), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_postal_items_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handover_records.id"],
            name=op.f("fk_postal_items_handover_id_handover_records"),
        ),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_postal_items")),
    )
    with op.batch_alter_table("postal_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_postal_items_handover_id"), ["handover_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_postal_items_item_number"), ["item_number"], unique=False)

    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extended", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("clock_started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("supplement_requests", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("supplement_requested_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("result_received_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_event_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("register_book", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("register_number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("form_set", sa.String(length=24), server_default="general", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_dossiers_status_due_at"), ["status", "due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dossiers_status_received_at"), ["status", "received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dossiers_channel_received_at"), ["channel", "received_at"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossiers_channel_received_at"))
        batch_op.drop_index(batch_op.f("ix_dossiers_status_received_at"))
        batch_op.drop_index(batch_op.f("ix_dossiers_status_due_at"))
        batch_op.drop_column("form_set")
        batch_op.drop_column("register_number")
        batch_op.drop_column("register_book")
        batch_op.drop_column("last_event_at")
        batch_op.drop_column("result_received_at")
        batch_op.drop_column("supplement_requested_at")
        batch_op.drop_column("supplement_requests")
        batch_op.drop_column("clock_started_at")
        batch_op.drop_column("extended")

    with op.batch_alter_table("postal_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postal_items_item_number"))
        batch_op.drop_index(batch_op.f("ix_postal_items_handover_id"))

    op.drop_table("postal_items")
    op.drop_table("register_counters")
    op.drop_table("handover_records")
