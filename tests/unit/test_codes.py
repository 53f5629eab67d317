"""Tests of desk_app.domain.codes: agency identifier, dossier code and the per-desk sequence blocks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.codes import (
    DossierCode,
    SequenceBlock,
    desk_for_sequence,
    desks_capacity,
    format_dossier_code,
    looks_like_dossier_code,
    next_sequence,
    parse_dossier_code,
    sequence_block,
    validate_agency_code,
)
from desk_app.domain.errors import DeskError, SequenceExhausted

BLOCK_SIZES = [n for n in range(10, 10_001) if 10_000 % n == 0]

# --- agency identifier -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("000.00.00.G01", "000.00.00.G01"),
        (" g01.01.02 \n", "G01.01.02"),
        ("H29", "H29"),
        ("A" * 35, "A" * 35),
    ],
)
def test_validate_agency_code_normalises(text: str, expected: str) -> None:
    assert validate_agency_code(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "Chưa nhập"), ("   ", "Chưa nhập"), ("A" * 36, "tối đa 35 ký tự (đang có 36)"),
     ("G01-02", "'-'"), ("G01 02", "' '"), ("ĐN.01", "'Đ'"), (".G01", "dấu chấm"), ("G01.", "dấu chấm"),
     ("G01..H29", "dấu chấm"), ("G01.ı", "'ı'")],
)  # fmt: skip
def test_validate_agency_code_refuses(text: str, fragment: str) -> None:
    with pytest.raises(DeskError) as info:
        validate_agency_code(text)
    assert fragment in info.value.message
    assert info.value.field == "agency_code"


# --- dossier code -------------------------------------------------------------------------------------


def test_format_and_str() -> None:
    assert format_dossier_code("g01.01.02", date(2025, 3, 14), 7) == "G01.01.02-250314-0007"
    assert str(DossierCode("000.00.00.G01", date(2026, 12, 31), 9999)) == "000.00.00.G01-261231-9999"


def test_dossier_code_normalises_its_agency() -> None:
    assert DossierCode("g01", date(2025, 1, 1), 1) == DossierCode("G01", date(2025, 1, 1), 1)


@pytest.mark.parametrize(
    ("day", "seq"),
    [(date(1999, 12, 31), 1), (date(2100, 1, 1), 1), (date(2025, 1, 1), 0), (date(2025, 1, 1), 10_000)],
)
def test_dossier_code_refuses_out_of_range_parts(day: date, seq: int) -> None:
    with pytest.raises(DeskError):
        DossierCode("G01", day, seq)


def test_dossier_code_refuses_a_bool_sequence() -> None:
    with pytest.raises(DeskError):
        DossierCode("G01", date(2025, 1, 1), True)


def test_parse_tolerates_white_space_and_lower_case() -> None:
    assert parse_dossier_code("  g01.01.02-250314-0007\r\n") == DossierCode("G01.01.02", date(2025, 3, 14), 7)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "phải có dạng"), ("G01-250314", "phải có dạng"), ("-250314-0001", "phải có dạng"),
     ("G01-251314-0001", "ngày 251314 không có thật"), ("G01-250229-0001", "không có thật"),
     ("G01-2503140-0001", "6 chữ số"), ("G01-25031-0001", "6 chữ số"), ("G01-250314-001", "4 chữ số"),
     ("G01-250314-00001", "4 chữ số"), ("G01-250314-0000", "0001 đến 9999"), ("G01_X-250314-0001", "'_'"),
     ("G01-250314 -0001", "6 chữ số"), ("G01-２５0314-0001", "6 chữ số"), ("G-01-250314-0001", "'-'")],
)  # fmt: skip
def test_parse_refuses(text: str, fragment: str) -> None:
    with pytest.raises(DeskError) as info:
        parse_dossier_code(text)
    assert fragment in info.value.message
    assert info.value.field == "dossier_code"


agencies = st.from_regex(r"[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){0,4}", fullmatch=True).filter(
    lambda s: len(s) <= 35
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
seqs = st.integers(1, 9999)


@given(agencies, days, seqs)
def test_format_parse_round_trip(agency: str, day: date, seq: int) -> None:
    text = format_dossier_code(agency, day, seq)
    assert len(text) == len(agency) + 12
    assert looks_like_dossier_code(text)
    assert parse_dossier_code(text) == DossierCode(agency, day, seq)
    assert parse_dossier_code(f" {text.lower()}\n") == DossierCode(agency, day, seq)
    assert str(parse_dossier_code(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("G01.01.02-250314-0007", True), (" g01-250314-0007 ", True), ("G01-250314-007", False),
     ("034303011829||Nguyễn", False), ("G01250314", False), ("", False)],
)  # fmt: skip
def test_looks_like_dossier_code(text: str, expected: bool) -> None:
    assert looks_like_dossier_code(text) is expected


# --- sequence blocks ------------------------------------------------------------------------------------


def test_default_blocks() -> None:
    assert sequence_block(1) == SequenceBlock(1, 999, 1)
    assert sequence_block(2) == SequenceBlock(1000, 1999, 2)
    assert sequence_block(10) == SequenceBlock(9000, 9999, 10)
    assert desks_capacity() == 10
    assert sequence_block(1).size == 999 and sequence_block(2).size == 1000


def test_other_block_sizes() -> None:
    assert sequence_block(3, 500) == SequenceBlock(1000, 1499, 3)
    assert sequence_block(20, 500) == SequenceBlock(9500, 9999, 20)
    assert sequence_block(1, 10_000) == SequenceBlock(1, 9999, 1)
    assert desks_capacity(250) == 40


@pytest.mark.parametrize(("desk", "size"), [(0, 1000), (-1, 1000), (11, 1000), (21, 500), (True, 1000)])
def test_desk_out_of_range(desk: int, size: int) -> None:
    with pytest.raises(DeskError) as info:
        sequence_block(desk, size)
    assert info.value.field == "desk"
    assert "Số bàn phải từ 1 đến" in info.value.message


@pytest.mark.parametrize("size", [0, 1, 5, 7, 300, 999, 3000, 20_000, -1000])
def test_bad_block_size(size: int) -> None:
    with pytest.raises(DeskError) as info:
        sequence_block(1, size)
    assert info.value.field == "block_size"


@pytest.mark.parametrize(("first", "last"), [(0, 10), (5, 4), (1, 10_000)])
def test_sequence_block_refuses_bad_ranges(first: int, last: int) -> None:
    with pytest.raises(DeskError):
        SequenceBlock(first, last)


@given(st.sampled_from(BLOCK_SIZES))
def test_blocks_of_all_desks_partition_the_daily_range(size: int) -> None:
    seen: set[int] = set()
    for desk in range(1, desks_capacity(size) + 1):
        block = sequence_block(desk, size)
        numbers = set(range(block.first, block.last + 1))
        assert not numbers & seen  # distinct desks never overlap
        seen |= numbers
        assert desk_for_sequence(block.first, size) == desk == desk_for_sequence(block.last, size)
    assert seen == set(range(1, 10_000))


@given(st.sampled_from(BLOCK_SIZES), st.data())
def test_two_distinct_desks_never_share_a_number(size: int, data: st.DataObject) -> None:
    capacity = desks_capacity(size)
    a = data.draw(st.integers(1, capacity))
    b = data.draw(st.integers(1, capacity).filter(lambda d: d != a))
    ba, bb = sequence_block(a, size), sequence_block(b, size)
    assert ba.last < bb.first or bb.last < ba.first


def test_next_sequence_starts_at_the_block_and_counts_up() -> None:
    block = sequence_block(3)
    assert next_sequence(None, block) == 2000
    assert next_sequence(2000, block) == 2001
    assert next_sequence(2998, block) == 2999


def test_next_sequence_when_the_block_is_used_up() -> None:
    with pytest.raises(SequenceExhausted) as info:
        next_sequence(2999, sequence_block(3), day=date(2025, 3, 14))
    assert info.value.message.startswith("Bàn số 3 đã dùng hết 1000 số hồ sơ của ngày 14/03/2025")


def test_next_sequence_exhausted_without_desk_or_day() -> None:
    with pytest.raises(SequenceExhausted, match="Bàn này đã dùng hết 5 số hồ sơ của hôm nay"):
        next_sequence(9, SequenceBlock(5, 9))


@pytest.mark.parametrize("last_used", [1999, 3000, 0, 12_000])
def test_next_sequence_refuses_a_number_from_another_block(last_used: int) -> None:
    with pytest.raises(DeskError) as info:
        next_sequence(last_used, sequence_block(3))
    assert not isinstance(info.value, SequenceExhausted)
    assert "không thuộc khối" in info.value.message


@given(st.sampled_from([s for s in BLOCK_SIZES if s <= 1000]), st.data())
def test_next_sequence_walks_the_whole_block_then_stops(size: int, data: st.DataObject) -> None:
    desk = data.draw(st.integers(1, desks_capacity(size)))
    block = sequence_block(desk, size)
    issued: list[int] = []
    last: int | None = None
    while True:
        try:
            last = next_sequence(last, block)
        except SequenceExhausted:
            break
        assert last in block
        issued.append(last)
    assert issued == list(range(block.first, block.last + 1))


@given(st.integers(1, 9999))
def test_desk_for_sequence_default_block(seq: int) -> None:
    desk = desk_for_sequence(seq)
    assert seq in sequence_block(desk)
