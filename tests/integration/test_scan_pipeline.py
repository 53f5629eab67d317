"""The page pipeline on realistic pages: skew corrected, blank pages found, sizes kept small."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from desk_app.scanning.assemble import pages_pdf
from desk_app.scanning.pipeline import PageSettings, process_page
from desk_app.services.intake import receive_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.scan_samples import blank_page, form_pdf, render, scanned


@pytest.fixture
def form_page(station, tmp_path):
    code = receive_dossier(station.ctx, OFFICER, walk_in()).dossier.code
    return render(form_pdf(station.ctx, code, tmp_path / "slip.pdf"), 300)


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.3, 4.0])
def test_a_crooked_page_is_straightened(form_page, angle):
    page = process_page(scanned(form_page, angle), 300, PageSettings(mode="grey"))
    assert abs(page.skew + angle) <= 0.3, (page.skew, angle)
    assert not page.blank


def test_a_straight_page_is_left_alone(form_page):
    assert process_page(scanned(form_page), 300, PageSettings()).skew == 0.0


def test_blank_backs_are_found_and_forms_are_not(form_page):
    assert process_page(blank_page(300), 300, PageSettings()).blank
    assert process_page(blank_page(150, seed=9), 150, PageSettings(mode="grey")).blank
    assert not process_page(scanned(form_page, 1.0), 300, PageSettings()).blank


def test_black_and_white_is_group4_tiff_and_small(form_page):
    page = process_page(scanned(form_page, 1.0), 300, PageSettings(mode="bw"))
    assert page.kind == "g4" and len(page.data) <= 150_000  # a typical text form, 300 dpi
    stored = Image.open(io.BytesIO(page.data))
    assert stored.mode == "1" and stored.info.get("compression") == "group4"
    assert round(stored.info["dpi"][0]) == 300 and stored.size == (page.width, page.height)


def test_grey_is_jpeg_at_the_quality_asked(form_page):
    low = process_page(scanned(form_page), 300, PageSettings(mode="grey", quality=30))
    high = process_page(scanned(form_page), 300, PageSettings(mode="grey", quality=85))
    assert low.kind == high.kind == "jpeg" and len(low.data) < len(high.data)
    assert Image.open(io.BytesIO(low.data)).format == "JPEG"


def test_pages_go_into_the_pdf_unchanged_and_turned_by_rotate(form_page, tmp_path):
    bw = process_page(scanned(form_page), 300, PageSettings(mode="bw"))
    grey = process_page(scanned(form_page), 300, PageSettings(mode="grey"))

    class P:
        def __init__(self, data: bytes, rotation: int) -> None:
            self.data, self.rotation = data, rotation

    pdf = pages_pdf([P(bw.data, 0), P(grey.data, 90)])
    assert pdf == pages_pdf([P(bw.data, 0), P(grey.data, 90)])  # no date: same pages, same bytes
    script = (
        "import sys; from desk_app.scanning.assemble import pages_pdf\n"
        "class P:\n    def __init__(s, d, r): s.data, s.rotation = d, r\n"
        "sys.stdout.buffer.write(pages_pdf([P(open(sys.argv[1], 'rb').read(), 0)]))"
    )
    blob = tmp_path / "page.tif"
    blob.write_bytes(bw.data)
    runs = {subprocess.run([sys.executable, "-c", script, str(blob)], capture_output=True, check=True).stdout
            for _ in range(2)}  # fmt: skip
    assert runs == {pages_pdf([P(bw.data, 0)])}  # and in other processes too
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        first, second = doc.pages
        assert "/Rotate" not in first.obj and int(second.obj.Rotate) == 90
        images = [next(iter(p.get_images().values())) for p in doc.pages]
        assert [str(f) for f in images[0].Filter] == ["/CCITTFaxDecode"]
        assert str(images[1].Filter) == "/DCTDecode"  # a single filter, not an array
        assert images[1].read_raw_bytes() == grey.data  # the JPEG itself, not re-encoded
        width_pt = float(first.mediabox[2])
        assert abs(width_pt - bw.width * 72 / 300) < 1  # sized from the page's resolution


def test_a_page_without_text_lines_is_not_turned():
    """A grid (SANE's test picture) or a photo has no lines to level: deskewing it would only spoil it."""
    grid = Image.new("L", (1240, 1754), 255)
    for y in range(0, 1754, 118):
        for x in range(0, 1240, 118):
            if (x // 118 + y // 118) % 2:
                grid.paste(0, (x, y, x + 118, y + 118))
    page = process_page(grid, 150, PageSettings())
    assert page.skew == 0.0 and not page.blank


def test_a_dark_page_is_never_blank():
    assert not process_page(Image.new("L", (800, 1000), 5), 100, PageSettings()).blank
