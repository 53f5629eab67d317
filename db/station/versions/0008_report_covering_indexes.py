"""covering indexes for the dashboard on a million dossiers: intake by receipt time with the grouped
columns, events by kind and time with their dossier

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f("ix_dossier_events_kind_at"), table_name="dossier_events")
    op.create_index(
        op.f("ix_dossier_events_kind_at_dossier_id"), "dossier_events", ["kind", "at", "dossier_id"]
    )
    op.create_index(
        op.f("ix_dossiers_received_at_status_channel_procedure_code_officer"),
        "dossiers",
        ["received_at", "status", "channel", "procedure_code", "officer"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_dossiers_received_at_status_channel_procedure_code_officer"), table_name="dossiers"
    )
    op.drop_index(op.f("ix_dossier_events_kind_at_dossier_id"), table_name="dossier_events")
    op.create_index(op.f("ix_dossier_events_kind_at"), "dossier_events", ["kind", "at"])
