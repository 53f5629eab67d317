"""The chip card's QR from a scanned or photographed card image (zxing-cpp).

A phone photo is large and often dim, tilted or slightly blurred: the image is tried as it is (zxing
rotates and downscales as needed), then a sharpened, contrast-stretched grey copy. The payload is parsed
by the same :func:`~desk_app.domain.identity.parse_citizen_qr` as the keyboard-wedge scanner.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

from desk_app.domain.identity import CitizenQr, looks_like_citizen_qr, parse_citizen_qr
from desk_app.scanning.errors import ScanError
from desk_app.scanning.files import read_pages

MAX_SIDE = 3000  # a 12-megapixel photo is searched at this size: the QR stays large enough


def _candidates(image: Image.Image) -> list[Image.Image]:
    grey = image.convert("L")
    if max(grey.size) > MAX_SIDE:
        grey.thumbnail((MAX_SIDE, MAX_SIDE))
    return [grey, ImageOps.autocontrast(grey.filter(ImageFilter.SHARPEN), cutoff=1)]


def qr_payloads(image: Image.Image) -> list[str]:
    """Every QR text found on ``image``, best candidate first."""
    import zxingcpp

    for candidate in _candidates(image):
        found = zxingcpp.read_barcodes(candidate, formats=zxingcpp.barcode_formats_from_str("QRCode"))
        if found:
            return [r.text for r in found]
    return []


def read_card(path: Path) -> CitizenQr:
    """The citizen's data from the QR on a card image (first page of a PDF or TIFF); ScanError if none."""
    page = next(iter(read_pages(path)))
    payloads = qr_payloads(page.image)
    cards = [p for p in payloads if looks_like_citizen_qr(p)]
    if not cards:
        if payloads:
            raise ScanError(f"Mã QR trên {path.name} không phải mã QR của thẻ căn cước.")
        raise ScanError(
            f"Không đọc được mã QR trên {path.name}: hãy chụp hoặc quét lại mặt trước của thẻ, "
            "rõ nét, đủ sáng, mã QR không bị lóa."
        )
    return parse_citizen_qr(cards[0])
