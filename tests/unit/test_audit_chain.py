"""The audit hash chain: any change, removal, insertion or truncation is named."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    against_anchors,
    canonical,
    entry_hash,
    first_broken,
)


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
    assert broken is not None and broken.entry_id == 7  # the old 6th no longer fits its new id


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


def recomputed(entries: list[AuditEntry]) -> tuple[list[AuditEntry], tuple[int, str, int]]:
    """The chain rewritten consistently, as someone with the file and this module could: renumbered from
    1, every link and hash recomputed, the head moved."""
    out, prev = [], GENESIS
    for i, e in enumerate(entries, start=1):
        digest = entry_hash(prev, i, e.at, e.actor, e.action, e.subject, e.data)
        out.append(AuditEntry(i, e.at, e.actor, e.action, e.subject, e.data, prev, digest))
        prev = digest
    return out, (len(out), prev, len(out))


def anchor(entries: list[AuditEntry], last_id: int) -> Anchor:
    return Anchor(last_id, entries[last_id - 1].hash, last_id, f"2026-11-23T02:{last_id:02d}:00+00:00")


def test_a_row_written_past_the_head_is_named():
    entries, head = chain(10)
    prev, at = entries[-1].hash, "2026-11-23T09:00:00+07:00"
    extra = AuditEntry(
        11, at, "x", "login.ok", "", "{}", prev, entry_hash(prev, 11, at, "x", "login.ok", "", "{}")
    )
    broken = first_broken([*entries, extra], head)
    assert broken is not None and broken.entry_id == 11 and "sau dấu cuối" in broken.reason


def test_an_edited_head_is_named_with_its_entry():
    entries, (last_id, _hash, count) = chain(10)
    broken = first_broken(entries, (last_id, "f" * 64, count))
    assert broken is not None and broken.entry_id == 10 and "dấu cuối" in broken.reason


def test_a_walk_from_an_anchor_checks_only_what_follows_it():
    entries, head = chain(12)
    start = anchor(entries, 8)
    assert first_broken(entries[8:], head, start=start) is None
    tampered = [*entries[8:10], replace(entries[10], actor="mai.lt"), entries[11]]
    broken = first_broken(tampered, head, start=start)
    assert broken is not None and broken.entry_id == 11
    assert first_broken(entries[9:], head, start=start) is not None  # entry 9 missing after the anchor


def test_a_consistent_rewrite_of_anchored_entries_is_named_between_anchors():
    entries, _head = chain(15)
    anchors = [anchor(entries, 5), anchor(entries, 10), anchor(entries, 15)]
    assert against_anchors(entries, anchors) is None
    edited = [*entries[:11], replace(entries[11], actor="mai.lt"), *entries[12:]]  # entry 12's actor
    rewritten, head = recomputed(edited)
    assert first_broken(rewritten, head) is None  # the PC alone cannot tell
    broken = against_anchors(rewritten, anchors)
    assert broken is not None and broken.entry_id == 11 and "11–15" in broken.reason
    removed, head = recomputed([*entries[:2], *entries[3:]])  # entry 3 removed, the rest renumbered
    assert first_broken(removed, head) is None
    broken = against_anchors(removed, anchors)
    assert broken is not None and broken.entry_id == 1 and "1–5" in broken.reason


def test_entries_cut_below_an_anchor_are_seen():
    entries, _head = chain(15)
    cut, head = recomputed(entries[:9])
    assert first_broken(cut, head) is None
    broken = against_anchors(cut, [anchor(entries, 5), anchor(entries, 10)])
    assert broken is not None and broken.entry_id is None and "cắt" in broken.reason
    assert against_anchors(cut, [anchor(entries, 5)]) is None  # what was anchored is intact


def test_an_entry_put_between_two_is_named_when_the_next_one_still_links_past_it():
    entries, _head = chain(10)
    prev, at = entries[-1].hash, "2026-11-23T09:00:00+07:00"
    put_in = AuditEntry(
        11, at, "x", "login.ok", "", "{}", prev, entry_hash(prev, 11, at, "x", "login.ok", "", "{}")
    )
    at12 = "2026-11-23T09:05:00+07:00"  # the app's next entry, chained to the head it knew (entry 10)
    after = AuditEntry(12, at12, "hoa.nt", "login.ok", "", "{}", prev,
                       entry_hash(prev, 12, at12, "hoa.nt", "login.ok", "", "{}"))  # fmt: skip
    broken = first_broken([*entries, put_in, after], (12, after.hash, 11))
    assert broken is not None and broken.entry_id == 11 and "chèn" in broken.reason
