"""The barcodes we draw decode exactly for a broad sample of codes (the fixed QR mask included)."""

from __future__ import annotations

import random

import zxingcpp
from PIL import Image, ImageDraw

from desk_app.documents.barcodes import code128_modules, qr_matrix

MODULE_PX = 4


def _qr_image(text: str) -> Image.Image:
    rows = qr_matrix(text)
    quiet = 4
    size = (len(rows) + 2 * quiet) * MODULE_PX
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, bit in enumerate(row):
            if bit == "1":
                x0, y0 = (x + quiet) * MODULE_PX, (y + quiet) * MODULE_PX
                draw.rectangle([x0, y0, x0 + MODULE_PX - 1, y0 + MODULE_PX - 1], fill=0)
    return image


def _code128_image(text: str) -> Image.Image:
    modules = code128_modules(text)
    image = Image.new("L", ((len(modules) + 20) * 2, 60), 255)
    draw = ImageDraw.Draw(image)
    for i, bit in enumerate(modules):
        if bit == "1":
            draw.rectangle([(i + 10) * 2, 5, (i + 10) * 2 + 1, 55], fill=0)
    return image


def _codes(n: int) -> list[str]:
    rng = random.Random(7)
    agencies = ["G01.79.760.001", "000.00.34.G01", "G01.01.02", "H12.PC08.A1", "G01"]
    out = []
    for _ in range(n):
        day = f"{rng.randint(25, 30):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        out.append(f"{rng.choice(agencies)}-{day}-{rng.randint(1, 9999):04d}")
    return out


def test_every_sampled_code_decodes_exactly_from_its_qr_and_code128():
    codes = _codes(300)
    for code in codes:
        assert [r.text for r in zxingcpp.read_barcodes(_qr_image(code))] == [code], code
        assert [r.text for r in zxingcpp.read_barcodes(_code128_image(code))] == [code], code


def test_vietnamese_text_in_a_qr_round_trips_as_utf8():
    text = "Nguyễn Thị Hoa — Đặng Ðào"
    assert [r.text for r in zxingcpp.read_barcodes(_qr_image(text))] == [text]
