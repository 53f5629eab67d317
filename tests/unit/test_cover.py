"""Cover-sheet barcode text: made and read back; anything else is not a cover."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.cover import CoverMark, cover_text, parse_cover

CODE = "G01.79.760.001-261120-1000"


def test_cover_text_round_trip():
    assert cover_text(CODE) == "TB:G01.79.760.001-261120-1000"
    assert parse_cover(cover_text(CODE)) == CoverMark(CODE)
    assert parse_cover(cover_text(CODE, 3)) == CoverMark(CODE, 3)
    assert parse_cover(" tb:g01.79.760.001-261120-1000/12 ".upper()) == CoverMark(CODE, 12)


@pytest.mark.parametrize(
    "text", [CODE, "TB:", "TB:G01-2611-1000", f"TB:{CODE}/0", f"TB:{CODE}/x", f"XTB:{CODE}", ""]
)
def test_other_text_is_not_a_cover(text):
    assert parse_cover(text) is None


def test_a_bad_code_makes_no_cover():
    with pytest.raises(ValueError):
        cover_text("Nguyễn Văn A")


@given(
    agency=st.from_regex(r"[0-9A-Z.]{1,35}", fullmatch=True),
    day=st.from_regex(r"[0-9]{6}", fullmatch=True),
    seq=st.integers(0, 9999),
    item=st.one_of(st.none(), st.integers(1, 999)),
)
def test_every_code_and_item_survives_the_round_trip(agency, day, seq, item):
    code = f"{agency}-{day}-{seq:04d}"
    mark = parse_cover(cover_text(code, item))
    assert mark == CoverMark(code, item)
    assert cover_text(code, item).isascii()  # Code128 prints ASCII only
