"""An item's pages into one PDF, the encoded pages embedded as they are (img2pdf: no re-encoding).

JPEG pages go in as DCT streams and Group 4 TIFF pages as CCITT streams, each page sized from its
resolution. A page the officer turned in the page editor gets the PDF's ``/Rotate`` (pikepdf, which
img2pdf already depends on) — the image itself is never decoded again. No date is written, so the same
pages always give the same bytes (and the same content address).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Protocol


class EncodedPage(Protocol):
    @property
    def data(self) -> bytes: ...

    @property
    def rotation(self) -> int: ...


def pages_pdf(pages: Sequence[EncodedPage]) -> bytes:
    """One PDF of ``pages`` in order."""
    import img2pdf

    if not pages:
        raise ValueError("no pages")
    # img2pdf's own writer: no date and no random /ID (its pikepdf engine adds one), so equal pages give
    # equal bytes across processes
    pdf = img2pdf.convert([p.data for p in pages], nodate=True, engine=img2pdf.Engine.internal)
    assert isinstance(pdf, bytes)
    if not any(p.rotation % 360 for p in pages):
        return pdf
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page, source in zip(doc.pages, pages, strict=True):
            if source.rotation % 360:
                page.Rotate = source.rotation % 360
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()
