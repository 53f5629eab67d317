"""Finding cover sheets in a feeder batch: zxing-cpp reads the barcodes of each page.

The page is searched at about 150 dpi (a cover's bars are 0.4 mm wide or more, two pixels at that
resolution, and its QR modules far larger), which keeps a page well under 100 ms. The barcode's
orientation says how the sheet went through the feeder, so a cover fed upside down still splits the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from desk_app.domain.cover import CoverMark, parse_cover

SEARCH_DPI = 150


@dataclass(frozen=True)
class FoundCover:
    mark: CoverMark
    orientation: int  # degrees the page is turned (0, 90, 180, 270), from the barcode


@dataclass(frozen=True)
class PageMarks:
    """What the barcodes of a page say: a cover sheet's mark, and how the page lies (from any barcode:
    our receipts and forms carry them too), as the clockwise turn that sets it upright."""

    cover: FoundCover | None
    upright_turn: int | None


def _read(image: Image.Image) -> PageMarks:
    import zxingcpp  # loaded on first use: a batch, or a card image

    formats = zxingcpp.barcode_formats_from_str("Code128,QRCode")
    turn: int | None = None
    for result in zxingcpp.read_barcodes(image, formats=formats, try_rotate=True, try_downscale=False):
        orientation = round(result.orientation / 90) * 90 % 360
        turn = (360 - orientation) % 360
        mark = parse_cover(result.text)
        if mark is not None:
            return PageMarks(FoundCover(mark, orientation), turn)
    return PageMarks(None, turn)


def read_marks(image: Image.Image, dpi: int) -> PageMarks:
    """Read the page's barcodes once, at about :data:`SEARCH_DPI`."""
    grey = image if image.mode == "L" else image.convert("L")
    factor = max(1, dpi // SEARCH_DPI)
    return _read(grey.reduce(factor) if factor > 1 else grey)


def find_cover(image: Image.Image, dpi: int) -> FoundCover | None:
    """The cover-sheet mark on this page, or None for an ordinary page."""
    return read_marks(image, dpi).cover
