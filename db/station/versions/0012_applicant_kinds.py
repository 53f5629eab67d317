"""applicants as they come: kind (citizen, foreigner, organisation), passport and nationality, registration
number, the old 9-digit CMND kept, and who filed for them (representative, JSON); existing dossiers are
citizens' with nothing more

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = (
    ("applicant_kind", sa.String(length=16), "citizen"),
    ("applicant_passport", sa.String(length=20), ""),
    ("applicant_nationality", sa.String(length=3), ""),
    ("applicant_registration", sa.String(length=40), ""),
    ("applicant_old_id", sa.String(length=12), ""),
)


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        for name, kind, default in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, server_default=default, nullable=False))
        batch_op.add_column(sa.Column("representative", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; a batch copy of dossiers would trip its foreign keys
    for name in ("representative", *(name for name, _, _ in reversed(COLUMNS))):
        op.execute(f"ALTER TABLE dossiers DROP COLUMN {name}")
