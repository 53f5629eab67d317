"""The intake tally: dossiers received per day, hour, channel, procedure and officer, kept by triggers.

The dashboard's month (or year) view sums these few thousand rows instead of grouping every dossier of
the range (a month of a busy station is ~90,000 rows, 200+ ms). SQLite triggers on ``dossiers`` keep the
tally exact whatever writes a dossier — a save, a void (a voided dossier leaves the tally), a bulk load —
so no code path can forget it. A bulk load may drop the triggers and :func:`rebuild` once afterwards.

The same DDL is in migration 0009; a test checks that a migrated database holds exactly these triggers.
"""

from __future__ import annotations

from sqlalchemy import Connection

_DAY, _HOUR = "substr({r}.received_at, 1, 10)", "CAST(substr({r}.received_at, 12, 2) AS INTEGER)"
_KEY = "(day, hour, channel, procedure_code, officer)"
_ADD = (
    f"INSERT INTO intake_tally {_KEY[:-1]}, n) SELECT {_DAY.format(r='NEW')}, {_HOUR.format(r='NEW')}, "
    f"NEW.channel, NEW.procedure_code, NEW.officer, 1 WHERE NEW.status != 'voided' "
    f"ON CONFLICT {_KEY} DO UPDATE SET n = n + 1;"
)
_TAKE = (
    f"UPDATE intake_tally SET n = n - 1 WHERE OLD.status != 'voided' AND day = {_DAY.format(r='OLD')} "
    f"AND hour = {_HOUR.format(r='OLD')} AND channel = OLD.channel "
    f"AND procedure_code = OLD.procedure_code AND officer = OLD.officer;"
)
_CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}" for c in ("status", "received_at", "channel", "procedure_code", "officer")
)

#: name → CREATE TRIGGER statement
TRIGGERS = {
    "intake_tally_insert": f"CREATE TRIGGER intake_tally_insert AFTER INSERT ON dossiers BEGIN {_ADD} END",
    "intake_tally_update": (
        "CREATE TRIGGER intake_tally_update AFTER UPDATE OF status, received_at, channel, procedure_code, "
        f"officer ON dossiers WHEN {_CHANGED} BEGIN {_TAKE} {_ADD} END"
    ),
    "intake_tally_delete": f"CREATE TRIGGER intake_tally_delete AFTER DELETE ON dossiers BEGIN {_TAKE} END",
}

REBUILD = (
    f"INSERT INTO intake_tally {_KEY[:-1]}, n) SELECT {_DAY.format(r='dossiers')}, "
    f"{_HOUR.format(r='dossiers')}, channel, procedure_code, officer, count(*) FROM dossiers "
    "WHERE status != 'voided' GROUP BY 1, 2, 3, 4, 5"
)


def drop_triggers(conn: Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(conn: Connection) -> None:
    for ddl in TRIGGERS.values():
        conn.exec_driver_sql(ddl)


def rebuild(conn: Connection) -> None:
    """Count the tally again from the dossiers (after a bulk load without the triggers)."""
    conn.exec_driver_sql("DELETE FROM intake_tally")
    conn.exec_driver_sql(REBUILD)
