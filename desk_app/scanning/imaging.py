"""Page analysis on a small grey copy of the page: ink threshold (Otsu), blank pages, skew angle.

Everything here works on a copy about 600 px wide, so a 300 dpi A4 page costs a few milliseconds; only
the correction itself (rotating, thresholding) touches the full page, in :mod:`.pipeline`.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

ANALYSIS_WIDTH = 600
#: a page whose ink covers less than this share of its area (margins excluded) is blank
BLANK_INK_RATIO = 0.0015
#: row contrast per ink pixel at the best angle below which a page has no text lines (text forms score
#: ~10,000; a checkerboard ~200)
LINE_STRUCTURE = 1000.0
MARGIN = 0.06  # scanner edges, punch holes and shadows at the borders are not content


def analysis_copy(image: Image.Image) -> Image.Image:
    """A grey copy about :data:`ANALYSIS_WIDTH` wide (box-filtered: noise averages out)."""
    factor = max(1, image.width // ANALYSIS_WIDTH)
    small = image.reduce(factor) if factor > 1 else image
    return small if small.mode == "L" else small.convert("L")


def otsu_threshold(grey: np.ndarray) -> int:
    """The grey level that best separates ink from paper (Otsu's method on the histogram)."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight_dark = np.cumsum(hist)
    weight_light = total - weight_dark
    sum_dark = np.cumsum(hist * levels)
    mean_dark = np.divide(sum_dark, weight_dark, out=np.zeros(256), where=weight_dark > 0)
    mean_light = np.divide(sum_dark[-1] - sum_dark, weight_light, out=np.zeros(256), where=weight_light > 0)
    between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return int(best.mean())  # the middle of a plateau: pure black-and-white pages separate at mid-grey


def _inner(grey: np.ndarray) -> np.ndarray:
    h, w = grey.shape
    dy, dx = int(h * MARGIN), int(w * MARGIN)
    return grey[dy : h - dy or h, dx : w - dx or w]


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Ink pixels: clearly darker than the paper (the paper's level: the 90th percentile of the page, so
    that a page mostly covered in ink still has paper to compare with)."""
    paper = float(np.percentile(grey, 90))
    level = min(otsu_threshold(grey), paper - 40)
    return grey < level


def ink_ratio(grey: np.ndarray) -> float:
    inner = _inner(grey)
    return float(ink_mask(inner).mean()) if inner.size else 0.0


def is_blank(grey: np.ndarray) -> bool:
    if grey.size and float(np.percentile(grey, 90)) < 128:
        return False  # a dark page (a photo, a black card) has no paper to see: never blank
    return ink_ratio(grey) < BLANK_INK_RATIO


def _profile_score(mask: Image.Image, angle: float) -> float:
    turned = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
    rows = turned.sum(axis=1)
    return float(np.square(np.diff(rows)).sum())  # text lines level: sharp row-to-row contrast


def skew_angle(grey: np.ndarray, limit: float = 5.0) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's text lines; 0 if unsure.

    Projection profiles: the ink is turned by candidate angles and the one whose rows alternate most
    sharply between text and gaps wins — steps of 0.5° on a half-size copy, then 0.1° around the best
    on the analysis copy.
    """
    inner = _inner(grey)
    mask_array = ink_mask(inner)
    if mask_array.mean() < BLANK_INK_RATIO:
        return 0.0
    mask = Image.fromarray(mask_array.astype(np.uint8) * 255, mode="L")
    half = mask.reduce(2)
    coarse = [a / 2 for a in range(int(-limit * 2), int(limit * 2) + 1)]
    best = max(coarse, key=lambda a: _profile_score(half, a))
    scores = {a: _profile_score(mask, a) for a in {0.0, *(round(best + a / 10, 1) for a in range(-4, 5))}}
    angle = max(scores, key=lambda a: scores[a])
    if scores[angle] <= scores[0.0] * 1.02:  # no clear gain: leave the page alone
        return 0.0
    if scores[angle] / (float(mask_array.sum()) * 255) < LINE_STRUCTURE:
        return 0.0  # no text lines to level (a photo, a grid, a drawing): turning it would only spoil it
    return round(angle, 1)
