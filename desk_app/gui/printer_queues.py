"""The print queues this PC has, as Qt's print support (the app's own printing path) sees them."""

from __future__ import annotations

import os
import sys


def system_printers() -> tuple[list[str], str]:
    """The queue names (CUPS on Linux, the spooler on Windows) and the default queue's name ("" if none).
    Outside the app (``desk-app doctor``) a Qt application is made for it, off screen when there is no
    display."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinterInfo

    if QGuiApplication.instance() is None:
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        system_printers.app = QGuiApplication([])  # type: ignore[attr-defined]  # kept alive
    return list(QPrinterInfo.availablePrinterNames()), QPrinterInfo.defaultPrinterName()
