"""Search on a big station (code, ID number, folded name prefix) against the raw indexed SQLite query."""

from __future__ import annotations

import sqlite3

import pytest

from desk_app.domain.text import fold
from desk_app.services.queries import search_dossiers
from desk_app.storage.search import SUMMARY_SQL, prefix_upper_bound
from tests.actors import OFFICER
from tests.benchmarks.conftest import STRICT, compare, report


def _raw(
    con: sqlite3.Connection, where: str, order: str, params: tuple[str, ...]
) -> list[tuple[object, ...]]:
    return con.execute(f"{SUMMARY_SQL} WHERE {where} ORDER BY {order} LIMIT 50", params).fetchall()


@pytest.mark.parametrize("kind", ["code", "id_number", "name"])
def test_search_against_raw_indexed_query(big_station, kind):
    ctx = big_station.ctx
    sample = search_dossiers(ctx, OFFICER, "nguyen thi h", 1)[0]
    con = sqlite3.connect(f"file:{ctx.data_dir / 'station.sqlite3'}?mode=ro", uri=True)
    con.execute("PRAGMA cache_size=-32768")
    if kind == "code":
        text = sample.code
        raw = lambda: _raw(con, "code >= ? AND code < ?", "code", (text, prefix_upper_bound(text)))  # noqa: E731
    elif kind == "id_number":
        text = sample.id_number
        raw = lambda: _raw(con, "applicant_id_number = ?", "applicant_id_number", (text,))  # noqa: E731
    else:
        text = "nguyen thi h"
        key = fold(text)
        raw = lambda: _raw(  # noqa: E731
            con,
            "applicant_name_key >= ? AND applicant_name_key < ?",
            "applicant_name_key",
            (key, prefix_upper_bound(key)),
        )
    ours = lambda: search_dossiers(ctx, OFFICER, text, 50)  # noqa: E731
    # same answer as the bare query, row for row
    assert [s.id for s in ours()] == [r[0] for r in raw()]
    assert ours(), "the benchmark must search for something that exists"
    t_raw, t_ours = compare(raw, ours, repeat=300)
    ratio = t_ours / t_raw
    report(
        f"search_{kind}",
        median_ms=round(t_ours * 1000, 3),
        raw_ms=round(t_raw * 1000, 3),
        ratio=round(ratio, 2),
        bound="<= 20 ms and <= 3x",
    )
    con.close()
    if STRICT:
        assert t_ours <= 0.020
        assert ratio <= 3.0
