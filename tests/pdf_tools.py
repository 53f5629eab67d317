"""What the PDF tests read back with: poppler's pdftotext / pdfinfo / pdftoppm, and zxing-cpp.

Shared by the receipt and form tests; a missing poppler tool skips, or fails under ``CI=true``.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import zxingcpp
from PIL import Image

from tests.conftest import require_tool

Word = tuple[float, float, float, float, str]


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def text(pdf: Path, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return run(require_tool("pdftotext"), *pages, str(pdf), "-")


def flat(value: str) -> str:
    return " ".join(value.split())  # also folds the no-break spaces that keep names and numbers together


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = run(require_tool("pdfinfo"), "-f", "1", "-l", "9999", str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


def words(pdf: Path) -> list[list[Word]]:
    """Word boxes per page (xMin, yMin, xMax, yMax, text), y from the top, from `pdftotext -bbox`."""
    root = ET.fromstring(run(require_tool("pdftotext"), "-bbox", str(pdf), "-"))

    def box(w: ET.Element) -> Word:
        x0, y0, x1, y1 = (float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
        return x0, y0, x1, y1, w.text or ""

    return [[box(w) for w in page.iterfind(".//{*}word")] for page in root.iterfind(".//{*}page")]


def pngs(pdf: Path, dpi: int = 150) -> list[Path]:
    """Every page of ``pdf`` as a PNG beside it, in page order."""
    prefix = pdf.with_suffix("")
    subprocess.run([require_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def decoded(page: Image.Image | Path) -> dict[str, list[str]]:
    """The Code128 and QR texts zxing-cpp reads on a page image (or PNG file)."""
    image = Image.open(page) if isinstance(page, Path) else page
    found: dict[str, list[str]] = {"code128": [], "qr": []}
    try:
        for result in zxingcpp.read_barcodes(image):
            if result.format == zxingcpp.BarcodeFormat.Code128:
                found["code128"].append(result.text)
            elif result.format == zxingcpp.BarcodeFormat.QRCode:
                found["qr"].append(result.text)
    finally:
        if isinstance(page, Path):
            image.close()
    return found
