"""Scan to folder: a file is taken only once complete, then moved aside so it is never taken twice."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from desk_app.config import Config, Counter, Scanning
from desk_app.scanning.errors import ScanError
from desk_app.scanning.folder import FolderWatcher
from desk_app.services.intake import receive_dossier
from desk_app.services.scanning import list_scanners, scan_into
from tests.actors import OFFICER
from tests.conftest import TEST_STATION, walk_in
from tests.scan_samples import form_pdf, render, scanned


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_file_still_being_written_is_not_taken(tmp_path):
    ticks = Ticks()
    watcher = FolderWatcher(tmp_path, settle_seconds=2.0, clock=ticks)
    growing = tmp_path / "scan0001.pdf"
    with growing.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.flush()
        assert watcher.ready() == []  # first sight
        ticks.now += 3
        f.write(b"more bytes\n")  # the printer is still writing
        f.flush()
        assert watcher.ready() == []  # it changed: wait again
        ticks.now += 1
        assert watcher.ready() == []  # stable for 1 s only
    ticks.now += 2.5
    assert watcher.ready() == [growing]


def test_temporary_names_and_other_files_are_ignored_and_a_rename_is_taken(tmp_path):
    ticks = Ticks()
    watcher = FolderWatcher(tmp_path, settle_seconds=2.0, clock=ticks)
    for name in ("scan.pdf.part", "~scan.pdf", ".scan.pdf", "notes.txt", "scan.tmp"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "empty.pdf").write_bytes(b"")
    watcher.ready()
    ticks.now += 5
    assert watcher.ready() == []
    (tmp_path / "scan.pdf.part").rename(tmp_path / "scan.pdf")  # written under a temporary name
    watcher.ready()
    ticks.now += 2.1
    assert watcher.ready() == [tmp_path / "scan.pdf"]


def test_a_taken_file_is_moved_aside_and_never_taken_twice(tmp_path):
    ticks = Ticks()
    one = FolderWatcher(tmp_path, settle_seconds=0.0, clock=ticks)
    other = FolderWatcher(tmp_path, settle_seconds=0.0, clock=ticks)  # a second desk on the same share
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert one.ready() == other.ready() == [tmp_path / "a.png"]
    taken = one.take(tmp_path / "a.png")
    assert taken is not None and taken.parent == tmp_path / "taken" and taken.name.endswith("-a.png")
    assert other.take(tmp_path / "a.png") is None
    assert one.ready() == [] and other.ready() == []
    with pytest.raises(ScanError, match="Không thấy thư mục quét"):
        FolderWatcher(tmp_path / "gone").ready()


def test_scanning_from_the_folder_attaches_its_files(tmp_path, clock):
    from desk_app import bootstrap

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = Config(TEST_STATION, Counter(officer_name="Lê Thị Mai"), Scanning(watch_folder=str(inbox)))
    station = bootstrap.initialise_station(tmp_path / "data", config)
    station.ctx.clock = clock
    try:
        code = receive_dossier(station.ctx, OFFICER, walk_in()).dossier.code
        devices, _ = list_scanners(station.ctx)
        folder = [d for d in devices if d.backend == "folder"]
        assert [d.id for d in folder] == [f"folder:{inbox}"]
        page = scanned(render(form_pdf(station.ctx, code, tmp_path / "slip.pdf"), 150), 0.8)
        page.save(inbox / "mfp-0001.tif", save_all=True, append_images=[page], dpi=(150, 150))
        Image.new("L", (10, 10)).save(inbox / "ignored.bmp")
        done = scan_into(station.ctx, OFFICER, code, device_id=folder[0].id)
        assert done.interrupted is None and done.pages == 2
        assert not (inbox / "mfp-0001.tif").exists() and len(list((inbox / "taken").iterdir())) == 1
        with pytest.raises(ScanError, match="Chưa có tệp nào"):
            scan_into(station.ctx, OFFICER, code, device_id=folder[0].id)
        record_json = json.dumps([a.pages for a in done.attached.dossier.attachments])  # type: ignore[union-attr]
        assert record_json == "[2]"
    finally:
        station.close()
