"""Normalisation: NFC, white space collapsed, and nothing invisible kept (issue 16)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.text import clean, fold


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Phạm\u200b Minh", "Phạm Minh"),  # zero-width space: hid the name from search
        ("\u202eĐức Nguyễn", "Đức Nguyễn"),  # right-to-left override: turned the receipt's text around
        ("Lê\x00 Văn\x1b[31m", "Lê Văn[31m"),  # NUL, ESC
        ("Trần\u2066 Thị\u2069 Hoa\ufeff", "Trần Thị Hoa"),  # isolates, BOM
        ("Ngô\u00adquyền", "Ngôquyền"),  # soft hyphen
        ("Nguye\u0302\u0303n  Văn\tA", "Nguyễn Văn A"),  # NFC, white space collapsed
    ],
)
def test_clean_keeps_what_the_officer_sees(typed: str, kept: str) -> None:
    assert clean(typed) == kept


@given(st.text(max_size=40))
def test_clean_leaves_no_control_or_format_character(text: str) -> None:
    out = clean(text)
    assert not any(unicodedata.category(ch) in ("Cc",) for ch in out)
    assert not any(ch in out for ch in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff")
    assert clean(out) == out  # idempotent
    assert fold(out) == fold(clean(out))
