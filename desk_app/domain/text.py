"""Vietnamese text: NFC normalisation and the folded search key (DOMAIN_VN.md §9).

Every input is normalised to NFC before it is stored. The search key removes diacritics,
folds đ/Đ (and the look-alikes Ð/ð, U+00D0/U+00F0) to ``d``, lower-cases and collapses spaces,
so "Nguyễn Thị Đào" and "nguyen thi dao" meet.
"""

from __future__ import annotations

import unicodedata

_D_FOLD = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` composed (NFC)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space; ``None`` becomes ``""``."""
    if text is None:
        return ""
    return " ".join(nfc(text).split())


def fold(text: str) -> str:
    """The search key: no diacritics, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.translate(_D_FOLD).casefold().split())
