"""The WIA back-end's logic against a recorded fake of the WIA automation objects (Windows only for real).

The fake answers with what WIA 2.0 documents and what a feeder scanner returns: device infos with
properties, ``Connect()``, ``Items[1]``, ``Transfer(format)`` returning an ImageFile whose
``FileData.BinaryData`` is the page, and COM errors carrying WIA's HRESULTs. It records every property set,
so the test checks what would have been asked of a real scanner.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from desk_app.scanning.devices import ScanRequest
from desk_app.scanning.errors import ScanError
from desk_app.scanning.wia_backend import (
    CUR_INTENT,
    DOCUMENT_HANDLING_SELECT,
    DUPLEX,
    FEEDER,
    FLATBED,
    FORMAT_PNG,
    HORIZONTAL_RES,
    OFFLINE,
    PAGES,
    PAPER_EMPTY,
    PAPER_JAM,
    WiaBackend,
)  # fmt: skip

DEVICE_ID = "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001"


class ComError(Exception):
    """What comtypes raises: ``hresult`` is the signed HRESULT."""

    def __init__(self, hresult: int) -> None:
        super().__init__(hresult - (1 << 32), "WIA error", None)
        self.hresult = hresult - (1 << 32)


class Prop:
    def __init__(self, pid: int, value: Any, log: list[tuple[int, Any]]) -> None:
        self.PropertyID, self._value, self._log = pid, value, log

    @property
    def Value(self) -> Any:  # noqa: N802
        return self._value

    @Value.setter
    def Value(self, value: Any) -> None:  # noqa: N802
        self._log.append((self.PropertyID, value))
        self._value = value


class Page:
    def __init__(self, data: bytes) -> None:
        self.FileData = type("FileData", (), {"BinaryData": data})()


class Item:
    def __init__(self, device: Device) -> None:
        self.device = device
        self.Properties = [Prop(p, 0, device.log) for p in (CUR_INTENT, HORIZONTAL_RES, 6148)]

    def Transfer(self, fmt: str) -> Page:  # noqa: N802
        assert fmt == FORMAT_PNG
        if not self.device.sheets:
            raise ComError(PAPER_EMPTY)
        sheet = self.device.sheets.pop(0)
        if isinstance(sheet, int):
            raise ComError(sheet)
        return Page(sheet)


class Device:
    def __init__(self, sheets: list[Any], capabilities: int, log: list[tuple[int, Any]]) -> None:
        self.sheets, self.log = sheets, log
        self.Properties = [Prop(3087, capabilities, log), Prop(DOCUMENT_HANDLING_SELECT, FLATBED, log),
                           Prop(PAGES, 1, log)]  # fmt: skip
        self.Items = {1: Item(self)}


class Info:
    Type = 1

    def __init__(self, device: Device) -> None:
        self.DeviceID, self._device = DEVICE_ID, device
        self.Properties = [Prop(7, "Canon DR-C225 II", [])]

    def Connect(self) -> Device:  # noqa: N802
        return self._device


def png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (200, 280), shade).save(out, format="PNG")
    return out.getvalue()


def backend(sheets: list[Any], capabilities: int = FEEDER | FLATBED | DUPLEX):
    log: list[tuple[int, Any]] = []
    device = Device(sheets, capabilities, log)
    manager = type("DeviceManager", (), {"DeviceInfos": [Info(device)]})()
    return WiaBackend(lambda: manager), log


def test_devices_are_listed_by_their_wia_id_and_name():
    wia, _ = backend([])
    [device] = wia.devices()
    assert (device.id, device.name, device.backend) == (f"wia:{DEVICE_ID}", "Canon DR-C225 II", "wia")


def test_a_feeder_batch_runs_until_the_feeder_is_empty():
    wia, log = backend([png(10), png(20), png(30)])
    pages = list(wia.scan(f"wia:{DEVICE_ID}", ScanRequest("adf", 200, "grey", duplex=True), lambda: False))
    assert [p.image.getpixel((5, 5)) for p in pages] == [10, 20, 30]
    assert [p.source for p in pages] == [f"wia:{DEVICE_ID}#{n}" for n in (1, 2, 3)]
    assert (DOCUMENT_HANDLING_SELECT, FEEDER | DUPLEX) in log and (PAGES, 0) in log
    assert (CUR_INTENT, 2) in log and (HORIZONTAL_RES, 200) in log


def test_the_flatbed_gives_one_page_in_colour():
    wia, log = backend([png(50), png(60)])
    pages = list(wia.scan(f"wia:{DEVICE_ID}", ScanRequest("flatbed", 300, "colour"), lambda: False))
    assert len(pages) == 1 and (DOCUMENT_HANDLING_SELECT, FLATBED) in log and (CUR_INTENT, 1) in log


@pytest.mark.parametrize(("error", "message"), [(PAPER_JAM, "Kẹt giấy"), (OFFLINE, "ngắt kết nối")])
def test_a_jam_or_a_pulled_cable_stops_the_batch_after_the_pages_scanned(error, message):
    wia, _ = backend([png(10), png(20), error, png(40)])
    got: list[Any] = []
    with pytest.raises(ScanError, match=f"{message}.* ở trang 3"):
        for page in wia.scan(f"wia:{DEVICE_ID}", ScanRequest("adf"), lambda: False):
            got.append(page)
    assert len(got) == 2  # the caller still has them


def test_what_the_scanner_cannot_do_is_refused_before_scanning():
    wia, _ = backend([png(10)], capabilities=FLATBED)
    with pytest.raises(ScanError, match="khay nạp giấy"):
        list(wia.scan(f"wia:{DEVICE_ID}", ScanRequest("adf"), lambda: False))
    wia, _ = backend([], capabilities=FEEDER | FLATBED)
    with pytest.raises(ScanError, match="hai mặt"):
        list(wia.scan(f"wia:{DEVICE_ID}", ScanRequest("adf", duplex=True), lambda: False))
    with pytest.raises(ScanError, match="không có giấy"):
        list(wia.scan(f"wia:{DEVICE_ID}", ScanRequest("adf"), lambda: False))
    with pytest.raises(ScanError, match="Không thấy máy quét"):
        list(wia.scan("wia:{another}", ScanRequest(), lambda: False))


def test_a_broken_wia_service_is_a_message():
    def broken() -> Any:
        raise OSError("WIA service (stisvc) is not running")

    with pytest.raises(ScanError, match="stisvc"):
        WiaBackend(broken).devices()
