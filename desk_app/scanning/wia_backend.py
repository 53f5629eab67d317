"""Scanners on Windows through WIA 2.0 (the Windows Image Acquisition automation library, via COM).

``comtypes`` (or pywin32) is imported on Windows only, inside :func:`_device_manager`; the logic below talks
to the automation objects' documented names and property IDs only, so Linux CI drives it with a recorded
fake (``tests/integration/test_scan_wia.py``). What was and was not tried on real hardware is stated in the
README.

Property IDs (WIA 2.0): device 3088 ``WIA_DPS_DOCUMENT_HANDLING_SELECT`` (1 feeder, 2 flatbed, 4 duplex),
3087 ``..._CAPABILITIES``, 3096 ``WIA_DPS_PAGES`` (0 = all); item 6146 ``WIA_IPS_CUR_INTENT``
(1 colour, 2 grey, 4 text), 6147/6148 horizontal/vertical resolution. Errors: 0x80210003 feeder empty
(ends a batch), 0x80210002 paper jam, 0x80210005 device offline, 0x80210006 busy.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from PIL import Image

from desk_app.scanning.devices import Cancel, Device, ScanRequest, split_id
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.scanning.files import SourcePage

SCANNER_TYPE = 1
DOCUMENT_HANDLING_SELECT, DOCUMENT_HANDLING_CAPABILITIES, PAGES = 3088, 3087, 3096
FEEDER, FLATBED, DUPLEX = 1, 2, 4
CUR_INTENT, HORIZONTAL_RES, VERTICAL_RES = 6146, 6147, 6148
INTENT = {"colour": 1, "grey": 2, "bw": 2}  # bw is scanned grey and thresholded by the pipeline
FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
PAPER_EMPTY, PAPER_JAM, OFFLINE, BUSY = 0x80210003, 0x80210002, 0x80210005, 0x80210006
MESSAGES = {
    PAPER_JAM: "Kẹt giấy trong máy quét",
    OFFLINE: "Máy quét đã ngắt kết nối",
    BUSY: "Máy quét đang bận",
}


def _device_manager() -> Any:  # pragma: no cover - Windows only
    import comtypes.client

    return comtypes.client.CreateObject("WIA.DeviceManager")


def _hresult(exc: BaseException) -> int | None:
    for arg in (getattr(exc, "hresult", None), *getattr(exc, "args", ())[:1]):
        if isinstance(arg, int):
            return arg & 0xFFFFFFFF
    return None


def _set(properties: Any, prop_id: int, value: int) -> bool:
    for prop in properties:
        if prop.PropertyID == prop_id:
            prop.Value = value
            return True
    return False


def _get(properties: Any, prop_id: int) -> Any:
    for prop in properties:
        if prop.PropertyID == prop_id:
            return prop.Value
    return None


class WiaBackend:
    name = "wia"

    def __init__(self, manager_factory: Callable[[], Any] = _device_manager) -> None:
        self._factory = manager_factory

    def _infos(self) -> list[Any]:
        try:
            manager = self._factory()
            return [info for info in manager.DeviceInfos if info.Type == SCANNER_TYPE]
        except ScanError:
            raise
        except Exception as exc:
            raise ScanError(f"Không liệt kê được máy quét (WIA): {exc}") from exc

    def devices(self) -> list[Device]:
        return [
            Device(f"wia:{info.DeviceID}", str(_get(info.Properties, 7) or info.DeviceID), "wia")
            for info in self._infos()
        ]  # property 7: WIA_DIP_DEV_NAME

    def scan(self, device_id: str, request: ScanRequest, cancel: Cancel) -> Iterator[SourcePage]:
        _, wanted = split_id(device_id)
        info = next((i for i in self._infos() if i.DeviceID == wanted), None)
        if info is None:
            raise ScanError(f"Không thấy máy quét {wanted}: hãy kiểm tra cáp và nguồn.")
        device = info.Connect()
        self._choose_source(device, request)
        item = device.Items[1]
        _set(item.Properties, CUR_INTENT, INTENT[request.mode])
        _set(item.Properties, HORIZONTAL_RES, request.resolution)
        _set(item.Properties, VERTICAL_RES, request.resolution)
        number = 0
        while True:
            if cancel():
                raise ScanCancelled()
            try:
                image_file = item.Transfer(FORMAT_PNG)
            except Exception as exc:
                code = _hresult(exc)
                if code == PAPER_EMPTY:
                    if number == 0 and request.source == "adf":
                        raise ScanError("Khay nạp giấy không có giấy: hãy đặt giấy tờ vào khay.") from exc
                    return
                reason = MESSAGES.get(code or 0, str(exc))
                raise ScanError(f"{reason} ở trang {number + 1}. Các trang đã quét được giữ lại.") from exc
            number += 1
            data = bytes(image_file.FileData.BinaryData)
            yield SourcePage(Image.open(io.BytesIO(data)), request.resolution, f"wia:{wanted}#{number}")
            if request.source == "flatbed":
                return

    @staticmethod
    def _choose_source(device: Any, request: ScanRequest) -> None:
        capabilities = int(_get(device.Properties, DOCUMENT_HANDLING_CAPABILITIES) or FLATBED)
        if request.source == "adf":
            if not capabilities & FEEDER:
                raise ScanError("Máy quét này không có khay nạp giấy (ADF); hãy quét trên mặt kính.")
            if request.duplex and not capabilities & DUPLEX:
                raise ScanError("Máy quét này không quét được hai mặt; hãy bỏ chọn quét hai mặt.")
            _set(device.Properties, DOCUMENT_HANDLING_SELECT, FEEDER | (DUPLEX if request.duplex else 0))
            _set(device.Properties, PAGES, 0)
        else:
            _set(device.Properties, DOCUMENT_HANDLING_SELECT, FLATBED)
