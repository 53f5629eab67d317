"""The audit hash chain: any change, removal, insertion or truncation is named."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.audit import GENESIS, AuditEntry, canonical, entry_hash, first_broken


def chain(n: int) -> tuple[list[AuditEntry], tuple[int, str, int]]:
    entries, prev = [], GENESIS
    for i in range(1, n + 1):
        at, data = f"2026-11-23T08:{i:02d}:00+07:00", canonical({"n": i})
        digest = entry_hash(prev, i, at, "hoa.nt", "login.ok", "", data)
        entries.append(AuditEntry(i, at, "hoa.nt", "login.ok", "", data, prev, digest))
        prev = digest
    return entries, (n, prev, n)


def test_an_intact_chain_passes():
    entries, head = chain(20)
    assert first_broken(entries, head) is None
    assert first_broken([], None) is None


def test_an_edited_entry_is_named():
    entries, head = chain(10)
    entries[3] = replace(entries[3], actor="mai.lt")
    broken = first_broken(entries, head)
    assert broken is not None and broken.entry_id == 4 and "sửa" in broken.reason


def test_a_removed_entry_is_named():
    entries, head = chain(10)
    del entries[4]
    broken = first_broken(entries, head)
    assert broken is not None and broken.entry_id == 6


def test_an_inserted_entry_is_named_even_with_a_forged_hash():
    entries, head = chain(10)
    prev, at = entries[4].hash, "2026-11-23T08:05:30+07:00"
    forged = AuditEntry(
        6, at, "x", "login.ok", "", "{}", prev, entry_hash(prev, 6, at, "x", "login.ok", "", "{}")
    )
    renumbered = [*entries[:5], forged, *(replace(e, id=e.id + 1) for e in entries[5:])]
    broken = first_broken(renumbered, head)
    assert broken is not None and broken.entry_id == 7  # the old 6th no longer links to its new predecessor


def test_removing_the_last_entries_is_seen_through_the_head():
    entries, head = chain(10)
    broken = first_broken(entries[:8], head)
    assert broken is not None and broken.entry_id is None and "10" in broken.reason


@given(st.integers(1, 30), st.data())
def test_any_single_field_change_is_caught(n, data):
    entries, head = chain(n)
    i = data.draw(st.integers(0, n - 1))
    field = data.draw(st.sampled_from(["at", "actor", "action", "subject", "data", "hash", "prev_hash"]))
    entries[i] = replace(entries[i], **{field: getattr(entries[i], field) + "x"})
    broken = first_broken(entries, head)
    assert broken is not None and broken.entry_id in (i + 1, None)
