"""The hot search path: indexed look-ups on a per-thread, read-only SQLite connection.

Searching is what an officer does most, so it skips everything between the query and SQLite: no pool
checkout, no transaction, no SQL compilation, no per-column type processing. Each thread gets its own
read-only connection (SQLite connections must stay on one thread), opened on first use and closed with
the station. Only equality or prefix ranges on indexed columns are used, so a million dossiers cost the
same as a thousand (benchmark: tests/benchmarks/test_search.py). A status or channel filter is checked on
the rows of that range (the list's filters apply to a search too).
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from desk_app.domain.model import VN_TZ
from desk_app.domain.records import DossierSummary
from desk_app.domain.text import fold

#: (status, channel): None for any; both are checked on the rows the index range yields
Filters = tuple[str | None, str | None]
NO_FILTERS: Filters = (None, None)

SUMMARY_SQL = (
    "SELECT id, code, applicant_name, applicant_id_number, procedure_code, procedure_name, channel, status, "
    "received_at, due_at FROM dossiers"
)


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (for index ranges)."""
    return prefix + "\U0010ffff"


@functools.lru_cache(maxsize=8192)
def load_datetime(text: str) -> datetime:
    """A stored Vietnam-time timestamp (see schema.VnDateTime) as an aware datetime; cached, they repeat."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


class DossierSearch:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path.resolve()  # a file: URI needs an absolute path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"{self.db_path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA cache_size=-32768")
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._local = threading.local()

    def _rows(
        self, where: str, order: str, params: tuple[str, ...], limit: int, filters: Filters
    ) -> list[DossierSummary]:
        status, channel = filters
        extra = (" AND status = ?" if status else "") + (" AND channel = ?" if channel else "")
        values = (*params, *(v for v in (status, channel) if v))
        sql = f"{SUMMARY_SQL} WHERE {where}{extra} ORDER BY {order} LIMIT ?"
        rows = self._connection().execute(sql, (*values, limit)).fetchall()
        load = load_datetime
        return [
            DossierSummary(i, c, n, idn, pc, pn, ch, st, load(ra), load(du))
            for i, c, n, idn, pc, pn, ch, st, ra, du in rows
        ]

    def by_code(self, prefix: str, limit: int, filters: Filters = NO_FILTERS) -> list[DossierSummary]:
        return self._rows(
            "code >= ? AND code < ?", "code", (prefix, prefix_upper_bound(prefix)), limit, filters
        )

    def by_id_number(self, prefix: str, limit: int, filters: Filters = NO_FILTERS) -> list[DossierSummary]:
        if len(prefix) >= 12:
            return self._rows("applicant_id_number = ?", "applicant_id_number", (prefix,), limit, filters)
        return self._rows(
            "applicant_id_number >= ? AND applicant_id_number < ?",
            "applicant_id_number",
            (prefix, prefix + ":"),
            limit,
            filters,
        )

    def by_name(self, text: str, limit: int, filters: Filters = NO_FILTERS) -> list[DossierSummary]:
        key = fold(text)
        return self._rows(
            "applicant_name_key >= ? AND applicant_name_key < ?",
            "applicant_name_key",
            (key, prefix_upper_bound(key)),
            limit,
            filters,
        )
