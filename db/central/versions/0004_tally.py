"""the tally: per station, day and procedure, received (by post), supplement requests, refusals, returns
(late) — kept by the ingest (issue 19); dossiers keep their procedure's code

Revision ID: c0004
Revises: c0003

The dossiers already stored get their procedure's code from their payload, and the tally is filled from
the dossiers and events (``desk_app.central.tally.rebuild``), so the pages are right from the upgrade on.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None

COUNTS = ("received", "received_post", "supplement_requested", "refused", "returned", "returned_late")


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("procedure_code", sa.String(length=32), server_default="", nullable=False))
    op.create_table(
        "tally",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("procedure_code", sa.String(length=32), nullable=False),
        *(sa.Column(name, sa.Integer(), server_default="0", nullable=False) for name in COUNTS),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_tally_station_id_stations")),
        sa.PrimaryKeyConstraint("station_id", "day", "procedure_code", name=op.f("pk_tally")),
    )
    op.create_index(op.f("ix_tally_day"), "tally", ["day"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT uuid, payload FROM dossiers")).fetchall()
    for uuid, payload in rows:
        procedure = json.loads(payload).get("procedure")
        code = procedure.get("code") if isinstance(procedure, dict) else None
        if isinstance(code, str) and code:
            conn.execute(sa.text("UPDATE dossiers SET procedure_code = :code WHERE uuid = :uuid"),
                         {"code": code[:32], "uuid": uuid})  # fmt: skip
    from desk_app.central.tally import rebuild

    rebuild(conn)


def downgrade() -> None:
    op.drop_index(op.f("ix_tally_day"), table_name="tally")
    op.drop_table("tally")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("procedure_code")
