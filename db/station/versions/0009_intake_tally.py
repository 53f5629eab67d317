"""the intake tally kept by triggers (the dashboard's month view), and the late mark of returns in the
steps index (counted without reading the events)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DAY, HOUR = "substr({r}.received_at, 1, 10)", "CAST(substr({r}.received_at, 12, 2) AS INTEGER)"
KEY = "(day, hour, channel, procedure_code, officer)"
ADD = (
    f"INSERT INTO intake_tally {KEY[:-1]}, n) SELECT {DAY.format(r='NEW')}, {HOUR.format(r='NEW')}, "
    f"NEW.channel, NEW.procedure_code, NEW.officer, 1 WHERE NEW.status != 'voided' "
    f"ON CONFLICT {KEY} DO UPDATE SET n = n + 1;"
)
TAKE = (
    f"UPDATE intake_tally SET n = n - 1 WHERE OLD.status != 'voided' AND day = {DAY.format(r='OLD')} "
    f"AND hour = {HOUR.format(r='OLD')} AND channel = OLD.channel "
    f"AND procedure_code = OLD.procedure_code AND officer = OLD.officer;"
)
CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}" for c in ("status", "received_at", "channel", "procedure_code", "officer")
)
TRIGGERS = {
    "intake_tally_insert": f"CREATE TRIGGER intake_tally_insert AFTER INSERT ON dossiers BEGIN {ADD} END",
    "intake_tally_update": (
        "CREATE TRIGGER intake_tally_update AFTER UPDATE OF status, received_at, channel, procedure_code, "
        f"officer ON dossiers WHEN {CHANGED} BEGIN {TAKE} {ADD} END"
    ),
    "intake_tally_delete": f"CREATE TRIGGER intake_tally_delete AFTER DELETE ON dossiers BEGIN {TAKE} END",
}


def upgrade() -> None:
    op.create_table(
        "intake_tally",
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("procedure_code", sa.String(16), nullable=False),
        sa.Column("officer", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "hour", "channel", "procedure_code", "officer", name="pk_intake_tally"
        ),
    )
    op.execute(
        f"INSERT INTO intake_tally {KEY[:-1]}, n) SELECT {DAY.format(r='dossiers')}, "
        f"{HOUR.format(r='dossiers')}, channel, procedure_code, officer, count(*) FROM dossiers "
        "WHERE status != 'voided' GROUP BY 1, 2, 3, 4, 5"
    )
    for ddl in TRIGGERS.values():
        op.execute(ddl)
    op.drop_index("ix_dossier_events_kind_at_dossier_id", table_name="dossier_events")
    op.create_index(
        "ix_dossier_events_steps",
        "dossier_events",
        ["kind", "at", "dossier_id", sa.text("json_extract(data, '$.late')")],
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_events_steps", table_name="dossier_events")
    op.create_index("ix_dossier_events_kind_at_dossier_id", "dossier_events", ["kind", "at", "dossier_id"])
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("intake_tally")
