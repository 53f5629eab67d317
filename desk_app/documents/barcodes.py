"""Code128 and QR codes drawn as vector shapes on a reportlab canvas.

Bars and modules are filled rectangles (one path per symbol, so no hairline seams between neighbours),
never a raster image: they stay sharp at any printer resolution and decode exactly from 150 dpi renders.
python-barcode gives the Code128 module pattern, segno the QR matrix; both are cached per text so a receipt
printed in two copies computes each symbol once.

Code128 carries codes (ASCII), never names: :func:`code128_modules` refuses anything else. The QR code
carries any text, encoded as UTF-8.
"""

from __future__ import annotations

from functools import lru_cache

import barcode
import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

#: Narrowest bar (X dimension) we print: thinner bars do not survive office printers and 150 dpi scans.
MIN_MODULE = 0.3 * mm
#: Light margin left and right of a Code128 symbol, in modules (ISO/IEC 15417 asks for at least 10).
QUIET_MODULES = 10
#: Light margin around a QR symbol, in modules (ISO/IEC 18004 asks for 4).
QR_QUIET_MODULES = 4

Runs = tuple[tuple[int, int, int], ...]  # (row, first column, length) of each run of dark modules


def _check_code(text: str) -> None:
    if not text:
        raise ValueError("Code128: empty text")
    if not (text.isascii() and text.isprintable()):
        raise ValueError(f"Code128 carries printable ASCII codes only, not {text!r}")


@lru_cache(maxsize=256)
def code128_modules(text: str) -> str:
    """The module pattern of ``text`` as Code128: ``"1"`` a dark module, ``"0"`` a light one.

    Start code, data, check symbol and stop pattern (with its final bar), without the quiet zones.
    Raises ValueError for empty or non-ASCII text.
    """
    _check_code(text)
    return str(barcode.get("code128", text).build()[0])


def code128_total_modules(text: str) -> int:
    """Width of the symbol of ``text`` in modules, the two quiet zones included."""
    return len(code128_modules(text)) + 2 * QUIET_MODULES


@lru_cache(maxsize=256)
def _code128_runs(text: str) -> Runs:
    return _runs((code128_modules(text),))


def _runs(rows: tuple[str, ...]) -> Runs:
    """Runs of ``"1"`` in each row of a module matrix."""
    found: list[tuple[int, int, int]] = []
    for r, row in enumerate(rows):
        start = -1
        for c, bit in enumerate(row + "0"):
            if bit == "1" and start < 0:
                start = c
            elif bit != "1" and start >= 0:
                found.append((r, start, c - start))
                start = -1
    return tuple(found)


def draw_code128(canvas: Canvas, text: str, x: float, y: float, width: float, height: float) -> float:
    """Draw ``text`` as Code128 bars in the box of lower-left corner (x, y), ``width`` × ``height`` points.

    The box includes the quiet zones (10 modules each side): nothing else may be drawn in it. The module
    width is ``width`` divided by :func:`code128_total_modules`; returns it, in points.
    Raises ValueError for non-ASCII text or when the module would be narrower than :data:`MIN_MODULE`.
    """
    runs = _code128_runs(text)
    module = width / code128_total_modules(text)
    if module < MIN_MODULE * (1 - 1e-9):
        raise ValueError(
            f"Code128 of {text!r} needs {code128_total_modules(text) * MIN_MODULE / mm:.1f} mm, "
            f"only {width / mm:.1f} mm available"
        )
    x0 = x + QUIET_MODULES * module
    path = canvas.beginPath()
    for _row, start, length in runs:
        path.rect(x0 + start * module, y, length * module, height)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module


QR_MASK = 2  # see qr_matrix


@lru_cache(maxsize=256)
def qr_matrix(text: str) -> tuple[str, ...]:
    """The QR symbol of ``text`` (UTF-8, error correction M or better) as rows of ``"1"``/``"0"``.

    No quiet zone. Raises ValueError for empty text.
    """
    if not text:
        raise ValueError("QR: empty text")
    # A fixed data mask: choosing the best of the eight (segno's default) costs ~2.4 ms a receipt in
    # pure Python, 8% of a save-and-print. Any mask is valid for decoders (ISO/IEC 18004 §7.8);
    # tests/integration/test_barcodes_decode.py decodes a broad sample of dossier codes with it.
    qr = segno.make(text, error="m", micro=False, encoding="utf-8", mask=QR_MASK)
    return tuple("".join("1" if bit else "0" for bit in row) for row in qr.matrix)


def qr_total_modules(text: str) -> int:
    """Width of the QR symbol of ``text`` in modules, the quiet zone included."""
    return len(qr_matrix(text)) + 2 * QR_QUIET_MODULES


@lru_cache(maxsize=256)
def _qr_runs(text: str) -> Runs:
    return _runs(qr_matrix(text))


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> float:
    """Draw ``text`` as a QR code in the square of lower-left corner (x, y) and side ``size`` points.

    The square includes the 4-module quiet zone. Returns the module size in points.
    Raises ValueError when a module would be smaller than :data:`MIN_MODULE`.
    """
    runs = _qr_runs(text)
    module = size / qr_total_modules(text)
    if module < MIN_MODULE * (1 - 1e-9):
        raise ValueError(f"QR of {len(text)} characters does not fit in {size / mm:.1f} mm")
    top = y + size - QR_QUIET_MODULES * module
    left = x + QR_QUIET_MODULES * module
    path = canvas.beginPath()
    for row, start, length in runs:
        path.rect(left + start * module, top - (row + 1) * module, length * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module
