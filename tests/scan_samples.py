"""Realistic scanned pages for the scanning tests: our own forms rendered, then skewed and soiled.

A scanner never gives a perfect page: the sheet lies a little crooked, the sensor adds noise and dust
leaves specks. :func:`scanned` does that to a rendered page, reproducibly (seeded).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from desk_app.services.forms import write_form
from desk_app.services.receipts import render_receipt_for
from tests.actors import OFFICER


def form_pdf(ctx, code: str, out: Path, form: str = "control-slip") -> Path:
    """A dossier's form (or its receipt) as a PDF, made by the app itself."""
    if form == "receipt":
        from desk_app.services.queries import get_dossier

        render_receipt_for(ctx, get_dossier(ctx, OFFICER, code), out)
    else:
        write_form(ctx, OFFICER, form, code, out)
    return out


def render(pdf: Path, dpi: int, page: int = 0) -> Image.Image:
    """Page ``page`` of ``pdf`` as a grey image at ``dpi`` (PDFium, white background)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        bitmap = doc[page].render(scale=dpi / 72, grayscale=True, fill_color=(255, 255, 255, 255))
        return bitmap.to_pil().convert("L")
    finally:
        doc.close()


def scanned(image: Image.Image, angle: float = 0.0, noise: float = 6.0, specks: int = 60, seed: int = 1):
    """``image`` as a scanner would give it: turned by ``angle``°, grey noise, dust specks."""
    rng = np.random.default_rng(seed)
    turned = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=250) if angle else image
    pixels = np.asarray(turned, dtype=np.float32) * 0.97 + 4  # paper is never quite white
    pixels += rng.normal(0, noise, pixels.shape)
    h, w = pixels.shape
    for _ in range(specks):
        y, x = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
        pixels[y : y + 2, x : x + 2] = rng.integers(0, 90)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def blank_page(dpi: int = 200, seed: int = 2) -> Image.Image:
    """The back of a sheet: paper, noise and a few specks, no text."""
    size = (round(8.27 * dpi), round(11.69 * dpi))
    return scanned(Image.new("L", size, 245), noise=5.0, specks=25, seed=seed)
