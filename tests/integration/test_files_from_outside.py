"""Files from outside: ``attach``, ``file-batch`` and the scan folder read regular files only, refused at
once otherwise (a FIFO never hangs the desk); page caps per file and per dossier, refused with the count."""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from desk_app.scanning.errors import ScanError
from desk_app.scanning.files import MAX_FILE_PAGES, read_pages
from desk_app.services import attachments as attachments_mod
from desk_app.services.attachments import attach_files, list_pages
from desk_app.services.intake import receive_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_cli import desk, station_with_one_dossier


def ink_page(path: Path, seed: int = 0) -> Path:
    page = Image.new("L", (600, 800), 250)
    page.paste(0, (40 + seed, 40, 400, 300 + seed))
    page.save(path, dpi=(200, 200))
    return path


def thick_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages, made in a moment (one page repeated)."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        for _ in range(pages - 1):
            pdf.pages.append(pdf.pages[0])
        pdf.save(path)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_a_folder_or_a_device_is_refused_at_once(tmp_path: Path):
    """Each command returns by itself with one line; none waits for a writer that never comes."""
    data, code = station_with_one_dossier(tmp_path)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    for path, said in ((fifo, "đường ống"), (folder, "thư mục"), (Path("/dev/zero"), "thiết bị")):
        for args in (("attach", code, str(path)), ("file-batch", str(path))):
            out = desk(*args, data_dir=data, check=False)
            assert out.returncode == 1 and said in out.stderr, (args, out.stderr)
            assert len(out.stderr.strip().splitlines()) == 1
    shown = desk("show", code, "--json", data_dir=data).stdout
    assert '"attachments": []' in shown


def test_a_file_of_more_pages_than_the_cap_is_refused_before_any_page_is_read(tmp_path: Path):
    pdf = thick_pdf(tmp_path / "3000.pdf", 3000)
    pages = read_pages(pdf)
    cap = f"{MAX_FILE_PAGES:,}".replace(",", r"\.")
    with pytest.raises(ScanError, match=rf"3\.000 trang, quá giới hạn {cap} trang"):
        next(pages)
    data, code = station_with_one_dossier(tmp_path)
    out = desk("attach", code, str(pdf), data_dir=data, check=False)
    assert out.returncode == 1 and "3.000 trang" in out.stderr


def test_a_dossier_takes_pages_up_to_its_cap_and_says_how_many(station, tmp_path, monkeypatch):
    monkeypatch.setattr(attachments_mod, "MAX_DOSSIER_PAGES", 3)
    code = receive_dossier(station.ctx, OFFICER, walk_in()).dossier.code
    two = [ink_page(tmp_path / "a.png"), ink_page(tmp_path / "b.png", 5)]
    assert attach_files(station.ctx, OFFICER, code, two).added == 2
    with pytest.raises(ScanError, match="đã có 2 trang; thêm 2 trang sẽ quá giới hạn 3 trang"):
        attach_files(station.ctx, OFFICER, code, two)
    assert len(list_pages(station.ctx, OFFICER, code)) == 2  # nothing of the refused ones
    assert attach_files(station.ctx, OFFICER, code, two[:1]).added == 1
