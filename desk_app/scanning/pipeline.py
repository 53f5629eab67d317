"""The page pipeline: one scanned or imported page → a stored page (deskewed, blank-flagged, encoded).

Grey or colour pages become JPEG at the chosen quality; black-and-white pages are thresholded (Otsu, not
dithered: dithering would multiply the size) and stored as CCITT Group 4 TIFF, the archive format for
text — a typical A4 form at 300 dpi is tens of kilobytes. The encoded bytes are what :mod:`.assemble`
puts into the item's PDF unchanged.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from desk_app.scanning.imaging import analysis_copy, is_blank, otsu_threshold, skew_angle

Mode = Literal["bw", "grey", "colour"]
MODES: tuple[Mode, ...] = ("bw", "grey", "colour")


@dataclass(frozen=True)
class PageSettings:
    """How pages are kept (a station setting; the scan dialog may change the mode per batch)."""

    mode: Mode = "bw"
    quality: int = 60  # JPEG quality for grey and colour pages
    deskew: bool = True
    max_skew: float = 5.0


@dataclass(frozen=True)
class ProcessedPage:
    """An encoded page ready for the store; ``skew`` is the correction applied (degrees)."""

    data: bytes
    kind: Literal["jpeg", "g4"]
    width: int
    height: int
    dpi: int
    blank: bool
    skew: float
    source: str = ""
    rotation: int = 0  # clockwise turn to show it upright (/Rotate in the PDF; the image is never re-encoded)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def process_page(image: Image.Image, dpi: int, settings: PageSettings, source: str = "") -> ProcessedPage:
    """Analyse, straighten and encode ``image`` (scanned at ``dpi``) as ``settings`` say."""
    colour = settings.mode == "colour" and image.mode not in ("1", "L", "LA", "I", "I;16")
    page = image.convert("RGB") if colour else (image if image.mode == "L" else image.convert("L"))
    small = np.asarray(analysis_copy(page))
    blank = is_blank(small)
    angle = 0.0 if blank or not settings.deskew else skew_angle(small, settings.max_skew)
    out = io.BytesIO()
    if settings.mode == "bw":  # threshold, then turn the bilevel page (nearest: exact for two levels)
        level = otsu_threshold(small)
        bilevel = page.point([255 if v > level else 0 for v in range(256)], mode="1")
        if angle:
            bilevel = bilevel.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=1)
        bilevel.save(out, format="TIFF", compression="group4", dpi=(dpi, dpi))
        kind: Literal["jpeg", "g4"] = "g4"
    else:
        if angle:  # bilinear: bicubic costs three times as much for no visible gain on a scan
            white = (255, 255, 255) if colour else 255
            page = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=white)
        page.save(out, format="JPEG", quality=settings.quality, dpi=(dpi, dpi))
        kind = "jpeg"
    return ProcessedPage(out.getvalue(), kind, page.width, page.height, dpi, blank, angle, source)
