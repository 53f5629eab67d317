"""Scanning with real SANE (python-sane) and its ``test`` device: flatbed, feeder, errors, cancel."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from desk_app.scanning.devices import ScanRequest
from desk_app.scanning.errors import ScanError
from desk_app.scanning.sane_backend import SaneBackend
from desk_app.services.attachments import list_pages
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from desk_app.services.scanning import list_scanners, scan_into
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_cli import desk, station_with_one_dossier

FEEDER_PAGES = 10  # SANE's test feeder is "empty" after ten sheets


@pytest.fixture
def dossier(station, sane_test_device):
    return receive_dossier(station.ctx, OFFICER, walk_in()).dossier


def test_the_test_scanners_are_listed(station, sane_test_device):
    devices, problems = list_scanners(station.ctx)
    assert [d.id for d in devices] == ["sane:test:0", "sane:test:1"] and problems == []
    assert all(d.backend == "sane" for d in devices)


def test_flatbed_gives_one_page_onto_the_item(station, dossier):
    done = scan_into(station.ctx, OFFICER, dossier.code, device_id="sane:test:0", resolution=100,
                     item="don trinh bao mat ho chieu pho thong (mau tk05)")  # fmt: skip
    assert done.interrupted is None and done.pages == 1 and done.attached is not None
    [attachment] = done.attached.dossier.attachments
    assert attachment.item == "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)" and attachment.pages == 1
    [page] = list_pages(station.ctx, OFFICER, dossier.code)
    assert page.source == "sane:test:0#1" and page.dpi == 100 and page.kind == "g4"


def test_the_feeder_is_scanned_until_empty(station, dossier):
    done = scan_into(
        station.ctx, OFFICER, dossier.code, device_id="sane:test:1", source="adf", resolution=75, mode="grey"
    )
    assert done.interrupted is None and done.pages == FEEDER_PAGES
    assert [p.source for p in list_pages(station.ctx, OFFICER, dossier.code)] == [
        f"sane:test:1#{n}" for n in range(1, 11)
    ]
    assert {p.kind for p in list_pages(station.ctx, OFFICER, dossier.code)} == {"jpeg"}


def test_colour_scans_are_kept_in_colour(station, dossier):
    from PIL import Image

    from desk_app.services.attachments import blobs

    scan_into(station.ctx, OFFICER, dossier.code, device_id="sane:test:0", resolution=75, mode="colour")
    [page] = list_pages(station.ctx, OFFICER, dossier.code)
    assert Image.open(blobs(station.ctx).path(page.sha256)).mode == "RGB"


def test_cancel_keeps_the_pages_already_scanned(station, dossier):
    seen: list[int] = []
    done = scan_into(station.ctx, OFFICER, dossier.code, device_id="sane:test:1", source="adf", resolution=75,
                     progress=lambda n, _src: seen.append(n), cancel=lambda: len(seen) >= 3)  # fmt: skip
    assert done.pages == 3 and done.interrupted is not None and "dừng" in done.interrupted
    assert len(list_pages(station.ctx, OFFICER, dossier.code)) == 3


def test_a_scanner_unplugged_mid_batch_keeps_the_pages_before(station, dossier, monkeypatch):
    """The real test device, with its cable "pulled" after two sheets (the one thing SANE's test backend
    cannot do by itself): the error is reported, the two pages are attached."""
    import sane

    real_open = sane.open

    class Unplugged:
        def __init__(self, dev: Any) -> None:
            self._dev, self._scans = dev, 0

        def __getattr__(self, name: str) -> Any:
            return getattr(self._dev, name)

        def __setattr__(self, name: str, value: Any) -> None:
            if name.startswith("_"):
                object.__setattr__(self, name, value)
            else:
                setattr(self._dev, name, value)

        def scan(self) -> Any:
            self._scans += 1
            if self._scans > 2:
                raise sane._sane.error("Error during device I/O")
            return self._dev.scan()

    monkeypatch.setattr(sane, "open", lambda name: Unplugged(real_open(name)))
    done = scan_into(station.ctx, OFFICER, dossier.code, device_id="sane:test:1", source="adf", resolution=75)
    assert done.pages == 2 and done.interrupted is not None
    assert "trang 3" in done.interrupted and "I/O" in done.interrupted
    assert get_dossier(station.ctx, OFFICER, dossier.code).attachments[0].pages == 2


def test_bad_requests_are_refused_before_scanning(station, dossier):
    backend = SaneBackend()
    with pytest.raises(ScanError, match="hai mặt"):
        list(backend.scan("sane:test:1", ScanRequest(source="adf", duplex=True), lambda: False))
    with pytest.raises(ScanError, match="Không mở được máy quét"):
        list(backend.scan("sane:nothing:9", ScanRequest(), lambda: False))
    with pytest.raises(ScanError, match="Không có máy quét wia:"):
        scan_into(station.ctx, OFFICER, dossier.code, device_id="wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}")
    assert get_dossier(station.ctx, OFFICER, dossier.code).attachments == ()


def test_cli_scanners_and_scan(tmp_path, sane_test_device):
    env = {"SANE_CONFIG_DIR": os.environ["SANE_CONFIG_DIR"]}
    data, code = station_with_one_dossier(tmp_path)
    lines = desk("scanners", data_dir=data, env=env).stdout.splitlines()
    assert [line.split("\t") for line in lines] == [
        ["sane:test:0", "Noname frontend-tester", "sane"], ["sane:test:1", "Noname frontend-tester", "sane"],
    ]  # fmt: skip
    args = ("--device", "sane:test:1", "--source", "adf", "--resolution", "75", "--mode", "bw")
    out = desk("scan", code, *args, data_dir=data, env=env).stdout.split("\t")
    assert out[:4] == [code, "-", "10", "10"]
    shown = json.loads(desk("show", code, "--json", data_dir=data).stdout)
    assert shown["attachments"][0]["pages"] == 10 and shown["attachments"][0]["sha256"] == out[4].strip()
    bad = desk("scan", code, "--device", "sane:test:1", "--source", "adf", "--duplex", data_dir=data, env=env,
               check=False)  # fmt: skip
    assert bad.returncode != 0 and "hai mặt" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
