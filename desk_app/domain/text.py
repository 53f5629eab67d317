"""Vietnamese text: NFC normalisation and the folded search key (DOMAIN_VN.md §9).

Every input is normalised to NFC before it is stored, without the characters nobody sees: control
characters (NUL, ESC …), bidirectional controls (U+202E turned a receipt's text around) and zero-width
characters (U+200B hid a name from search) — so search and print see what the officer sees. The search
key removes diacritics, folds đ/Đ (and the look-alikes Ð/ð, U+00D0/U+00F0) to ``d``, lower-cases and
collapses spaces, so "Nguyễn Thị Đào" and "nguyen thi dao" meet.
"""

from __future__ import annotations

import re
import unicodedata

_D_FOLD = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
#: C0 and C1 controls but tab and line breaks (white space, collapsed below), the soft hyphen, Arabic letter
#: mark, zero-width and bidirectional controls, invisible operators, the BOM, interlinear annotations, tags
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def nfc(text: str) -> str:
    """Return ``text`` composed (NFC)."""
    return unicodedata.normalize("NFC", text)


def visible(text: str) -> str:
    """``text`` without control, bidirectional and zero-width characters."""
    return text if text.isprintable() else _INVISIBLE.sub("", text)


def clean(text: str | None) -> str:
    """NFC, without invisible characters (:func:`visible`), trimmed, inner runs of white space collapsed
    to one space; ``None`` becomes ``""``."""
    if text is None:
        return ""
    return " ".join(visible(nfc(text)).split())


def fold(text: str) -> str:
    """The search key: no diacritics, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.translate(_D_FOLD).casefold().split())
