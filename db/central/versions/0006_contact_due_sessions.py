"""each station's last contact and build; dossiers keep their due time; the provincial view's sessions

Revision ID: c0006
Revises: c0005

The dossiers already stored get their due time from their payload.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("build", sa.String(length=40), server_default="", nullable=False))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("due_at", sa.String(length=32), server_default="", nullable=False))
    op.create_index(op.f("ix_dossiers_status"), "dossiers", ["status", "due_at"])
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_web_sessions")),
    )
    conn = op.get_bind()
    for uuid, payload in conn.execute(sa.text("SELECT uuid, payload FROM dossiers")).fetchall():
        due = json.loads(payload).get("due_at")
        if isinstance(due, str) and due:
            conn.execute(sa.text("UPDATE dossiers SET due_at = :due WHERE uuid = :uuid"),
                         {"due": due[:32], "uuid": uuid})  # fmt: skip


def downgrade() -> None:
    op.drop_table("web_sessions")
    op.drop_index(op.f("ix_dossiers_status"), table_name="dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("due_at")
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("build")
        batch.drop_column("last_seen_at")
