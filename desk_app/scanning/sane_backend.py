"""Scanners on Linux through SANE (python-sane): USB flatbeds, feeders, network devices (airscan).

python-sane is imported on first use, and SANE is initialised once per process. Options are matched by
meaning, not by exact name, because every driver spells them its own way: the source whose name says
flatbed, feeder/ADF or duplex; the mode Gray/Color (black-and-white pages are scanned grey and thresholded
by the pipeline); the scan area set to the driver's largest. An empty feeder ends a batch; any other SANE
error (a jam, the cable pulled) stops it with a message, keeping the pages already scanned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from desk_app.scanning.devices import Cancel, Device, ScanRequest, split_id
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.scanning.files import SourcePage

log = logging.getLogger("desk_app.scanning.sane")
_init_lock = threading.Lock()
_initialised = False
_EMPTY = ("no more documents", "out of documents", "document feeder out of documents", "no documents")


def _sane() -> Any:
    global _initialised
    try:
        import sane
    except ImportError as exc:
        raise ScanError("Chưa cài SANE (python-sane) trên máy này: không dùng được máy quét.") from exc
    with _init_lock:
        if not _initialised:
            sane.init()
            _initialised = True
    return sane


def _pick(choices: list[Any] | tuple[Any, ...] | None, *words: str) -> str | None:
    for choice in choices if isinstance(choices, list) else []:
        text = str(choice).lower()
        if any(w in text for w in words):
            return str(choice)
    return None


class SaneBackend:
    name = "sane"

    def devices(self) -> list[Device]:
        sane = _sane()
        try:
            found = sane.get_devices()
        except Exception as exc:  # sane raises its own _sane.error
            raise ScanError(f"Không liệt kê được máy quét (SANE): {exc}") from exc
        return [
            Device(f"sane:{name}", f"{vendor} {model}".strip(), "sane") for name, vendor, model, _ in found
        ]

    def scan(self, device_id: str, request: ScanRequest, cancel: Cancel) -> Iterator[SourcePage]:
        sane = _sane()
        _, name = split_id(device_id)
        try:
            dev = sane.open(name)
        except Exception as exc:
            raise ScanError(f"Không mở được máy quét {name}: {exc}. Hãy kiểm tra cáp và nguồn.") from exc
        try:
            dpi = self._configure(dev, request)
            if request.source == "flatbed":
                if cancel():
                    raise ScanCancelled()
                yield SourcePage(self._one(dev, name), dpi, f"sane:{name}#1")
                return
            number = 0
            while True:
                if cancel():
                    dev.cancel()
                    raise ScanCancelled()
                try:
                    image = dev.scan()
                except Exception as exc:
                    if any(word in str(exc).lower() for word in _EMPTY) or isinstance(exc, StopIteration):
                        if number == 0:
                            raise ScanError("Khay nạp giấy không có giấy: hãy đặt giấy tờ vào khay.") from exc
                        return
                    raise ScanError(
                        f"Máy quét {name} dừng ở trang {number + 1}: {exc}. Các trang đã quét được giữ lại."
                    ) from exc
                number += 1
                yield SourcePage(image, dpi, f"sane:{name}#{number}")
        finally:
            dev.close()

    @staticmethod
    def _one(dev: Any, name: str) -> Any:
        try:
            return dev.scan()
        except Exception as exc:
            raise ScanError(f"Máy quét {name} không quét được: {exc}.") from exc

    @staticmethod
    def _configure(dev: Any, request: ScanRequest) -> int:
        opts = dev.opt
        if "mode" in opts:
            words = ("color", "colour") if request.mode == "colour" else ("gray", "grey")
            mode = _pick(opts["mode"].constraint, *words)
            if mode:
                dev.mode = mode
        if "source" in opts:
            constraint = opts["source"].constraint
            if request.source == "adf":
                source = _pick(constraint, "duplex") if request.duplex else None
                if request.duplex and source is None:
                    raise ScanError("Máy quét này không quét được hai mặt; hãy bỏ chọn quét hai mặt.")
                source = source or _pick(constraint, "feeder", "adf", "automatic document")
                if source is None:
                    raise ScanError("Máy quét này không có khay nạp giấy (ADF); hãy quét trên mặt kính.")
            else:
                source = _pick(constraint, "flatbed", "platen", "glass")
            if source:
                dev.source = source
        elif request.source == "adf":
            raise ScanError("Máy quét này không có khay nạp giấy (ADF); hãy quét trên mặt kính.")
        dpi = request.resolution
        if "resolution" in opts:
            constraint = opts["resolution"].constraint
            if isinstance(constraint, tuple):
                dpi = int(min(max(dpi, constraint[0]), constraint[1]))
            elif isinstance(constraint, list) and constraint:
                dpi = int(min(constraint, key=lambda v: abs(float(v) - dpi)))
            dev.resolution = dpi
        for edge in ("br_x", "br_y"):  # the whole glass / the longest page the feeder takes
            option = opts.get(edge)
            if option is not None and isinstance(option.constraint, tuple):
                setattr(dev, edge, option.constraint[1])
        return dpi
