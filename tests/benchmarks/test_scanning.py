"""Scanning: the page pipeline, cover-sheet detection and a feeder batch's memory, against bare baselines.

* pipeline: a 300 dpi A4 grey page (our own form, scanned crooked and noisy) through ``process_page``
  (analysis, deskew, encoding) against Pillow's bare JPEG encoding of the same page — bound ≤ 250 ms median;
  the same page kept as the default black-and-white must take ≤ 150 KB.
* cover detection: ``find_cover`` on a 300 dpi page against zxing-cpp reading the same full page —
  bound ≤ 100 ms a page.
* memory: a 50-page stack (covers and forms, 300 dpi) filed in a fresh process — peak memory may rise
  by ≤ 150 MB over the open station.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import img2pdf
import pytest

from desk_app.scanning.pipeline import PageSettings, process_page
from desk_app.scanning.separator import find_cover
from desk_app.services.cover_sheets import write_cover_sheet
from desk_app.services.intake import receive_dossier
from tests.actors import OFFICER
from tests.benchmarks.conftest import STRICT, compare, report
from tests.conftest import walk_in
from tests.scan_samples import form_pdf, render, scanned

PROBE = Path(__file__).with_name("scan_probe.py")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A form page and a cover sheet, 300 dpi, as a scanner gives them; their station and dossier code."""
    from desk_app import bootstrap
    from desk_app.config import Config, Counter
    from tests.conftest import TEST_STATION

    folder = tmp_path_factory.mktemp("scanbench")
    station = bootstrap.initialise_station(
        folder / "data", Config(TEST_STATION, Counter(officer_name="Bench"))
    )
    code = receive_dossier(station.ctx, OFFICER, walk_in()).dossier.code
    form = scanned(render(form_pdf(station.ctx, code, folder / "slip.pdf"), 300), 1.5, noise=8)
    cover = scanned(
        render(write_cover_sheet(station.ctx, OFFICER, code, folder / "cover.pdf"), 300), -2.0, noise=8
    )
    yield {"form": form, "cover": cover, "dir": folder, "station": station, "code": code}
    station.close()


def test_a_grey_page_through_the_pipeline(pages):
    form = pages["form"]

    def bare() -> None:
        form.save(io.BytesIO(), format="JPEG", quality=60, dpi=(300, 300))

    def ours() -> None:
        process_page(form, 300, PageSettings(mode="grey"))

    t_bare, t_ours = compare(bare, ours, repeat=9)
    page = process_page(form, 300, PageSettings(mode="grey"))
    bw = process_page(form, 300, PageSettings(mode="bw"))
    report("scan_pipeline", ms=round(t_ours * 1000, 1), bare_jpeg_ms=round(t_bare * 1000, 1),
           ratio=round(t_ours / t_bare, 2), grey_kb=len(page.data) // 1024, bw_kb=len(bw.data) // 1024,
           skew_corrected=page.skew, bound="<= 250 ms; bw <= 150 KB")  # fmt: skip
    assert page.skew != 0 and bw.kind == "g4"
    if STRICT:
        assert t_ours <= 0.250 and len(bw.data) <= 150_000


def test_cover_sheet_detection(pages):
    import zxingcpp

    cover, form = pages["cover"], pages["form"]

    def bare() -> None:
        zxingcpp.read_barcodes(cover)

    def ours() -> None:
        find_cover(cover, 300)

    t_bare, t_ours = compare(bare, ours, repeat=9)
    _, t_plain = compare(lambda: None, lambda: find_cover(form, 300), repeat=9)
    found = find_cover(cover, 300)
    report("cover_detection", cover_ms=round(t_ours * 1000, 1), plain_page_ms=round(t_plain * 1000, 1),
           bare_zxing_full_page_ms=round(t_bare * 1000, 1), ratio=round(t_ours / t_bare, 2),
           bound="<= 100 ms a page")  # fmt: skip
    assert found is not None and found.mark.code == pages["code"] and find_cover(form, 300) is None
    if STRICT:
        assert max(t_ours, t_plain) <= 0.100


def test_a_fifty_page_batch_peak_memory(pages):
    folder = pages["dir"]
    blobs = []
    for n in range(50):
        image = pages["cover"] if n % 10 == 0 else pages["form"]
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=75, dpi=(300, 300))
        blobs.append(buf.getvalue())
    stack = folder / "stack50.pdf"
    stack.write_bytes(img2pdf.convert(blobs))
    pages["station"].close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(PROBE), str(folder / "data"), str(stack)], capture_output=True,
                         text=True, env=env, timeout=900, check=True).stdout  # fmt: skip
    run = json.loads(out.strip().splitlines()[-1])
    rise = run["after_mb"] - run["before_mb"]
    report("batch_memory", pages=int(run["pages"]), filed=int(run["filed"]), rise_mb=round(rise, 1),
           before_mb=round(run["before_mb"], 1), bound="<= 150 MB rise")  # fmt: skip
    assert run["pages"] == 50 and run["filed"] == 45  # 5 covers
    if STRICT:
        assert rise <= 150
