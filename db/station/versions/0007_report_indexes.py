"""indexes for the supervisor's dashboard and the register: events by kind and time, unsent records

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_dossier_events_kind_at"), "dossier_events", ["kind", "at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_dossier_events_kind_at"), table_name="dossier_events")
