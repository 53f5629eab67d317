"""station_meta: the station's own facts (when it was set up, when it last synced)

Revision ID: 0005
Revises: 0004
"""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = op.create_table(
        "station_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_station_meta")),
    )
    now = datetime.now(timezone(timedelta(hours=7))).replace(microsecond=0)
    op.bulk_insert(meta, [{"key": "initialised_at", "value": now.isoformat()}])


def downgrade() -> None:
    op.drop_table("station_meta")
