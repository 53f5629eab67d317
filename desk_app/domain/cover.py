"""Cover sheets: the barcode text that tells a feeder batch where one dossier (or paper) starts.

A cover sheet carries ``TB:<dossier code>`` — or ``TB:<dossier code>/<n>`` for the n-th paper of the
dossier's checklist — as Code128 and QR. The ``TB:`` prefix (tờ bìa) keeps a receipt, which carries the
bare code, from being taken for a cover when it is scanned with the papers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "TB:"
_COVER = re.compile(r"TB:([0-9A-Za-z.]{1,35}-[0-9]{6}-[0-9]{4})(?:/([1-9][0-9]{0,2}))?")


@dataclass(frozen=True)
class CoverMark:
    """What a cover sheet says: the dossier, and the checklist paper (1-based) if it names one."""

    code: str
    item_number: int | None = None


def cover_text(code: str, item_number: int | None = None) -> str:
    """The barcode text of the cover sheet of ``code`` (and of its ``item_number``-th paper)."""
    text = f"{PREFIX}{code}" + (f"/{item_number}" if item_number else "")
    if parse_cover(text) is None:
        raise ValueError(f"not a dossier code: {code!r}")
    return text


def parse_cover(text: str) -> CoverMark | None:
    """The mark of a cover sheet's barcode text; None for any other text (a receipt, a QR on a form)."""
    m = _COVER.fullmatch(text.strip())
    if m is None:
        return None
    return CoverMark(m.group(1).upper(), int(m.group(2)) if m.group(2) else None)
