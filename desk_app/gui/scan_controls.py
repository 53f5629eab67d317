"""What the page editor and the stack dialog share: the scanner and mode choices, progress, the status.

:class:`ScanControls` owns a dialog's scanner combo (filled off the GUI thread from
:func:`~desk_app.services.scanning.list_scanners`, the station's default scanner chosen), its mode combo,
the progress bar and "Dừng quét" button, the status line, and the cancel flag a scan polls between pages.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QPushButton, QWidget

from desk_app.gui.shell import Shell
from desk_app.services.scanning import list_scanners


def _t(text: str) -> str:
    return QCoreApplication.translate("ScanControls", text)


def pixmap(png: bytes) -> QPixmap:
    image = QPixmap()
    image.loadFromData(png, "PNG")
    return image


class ScanControls(QObject):
    """``step(n, source)`` arrives on the GUI thread for each page a running scan has received."""

    step = Signal(int, str)

    def __init__(self, shell: Shell, owner: QWidget, widgets: dict[str, Any]) -> None:
        super().__init__(owner)
        self.shell, self.owner = shell, owner
        self.device: QComboBox = widgets["device"]
        self.mode: QComboBox = widgets["mode"]
        self.progress: QProgressBar = widgets["progress"]
        self.stop_button: QPushButton = widgets["stop"]
        self.status: QLabel = widgets["status"]
        self.scan_button: QPushButton = widgets["scan"]
        self.cancel = threading.Event()
        self.busy = False
        self.step.connect(
            lambda n, src: self.say(_t("Đã nhận trang %1 (%2)…").replace("%1", str(n)).replace("%2", src))
        )
        self.stop_button.clicked.connect(self.stop)
        sc = shell.ctx.config.scanning
        for label, mode in ((_t("Đen trắng"), "bw"), (_t("Thang xám"), "grey"), (_t("Màu"), "colour")):
            self.mode.addItem(label, mode)
        self.mode.setCurrentIndex(max(0, self.mode.findData(sc.mode)))
        self.device.addItem(_t("Đang tìm máy quét…"), None)
        shell.tasks.run(
            partial(list_scanners, shell.ctx), name="list-scanners", owner=owner, on_done=self._devices
        )

    def _devices(self, found: tuple[list[Any], list[str]]) -> None:
        devices, problems = found
        self.device.clear()
        for device in devices:
            self.device.addItem(device.name + f" ({device.id})", device.id)
        if not devices:
            self.device.addItem(_t("Không tìm thấy máy quét"), None)
            self.say(" ".join(problems) or _t("Không tìm thấy máy quét nào trên máy này."), "warning")
        self.scan_button.setEnabled(bool(devices))
        wanted = self.shell.ctx.config.scanning.device
        if wanted and self.device.findData(wanted) >= 0:
            self.device.setCurrentIndex(self.device.findData(wanted))

    @property
    def device_id(self) -> str | None:
        data = self.device.currentData()
        return None if data is None else str(data)

    @property
    def mode_name(self) -> str:
        return str(self.mode.currentData())

    def say(self, text: str, role: str = "info") -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def start(self, text: str) -> None:
        """A scan or a batch begins: busy, the progress bar and the stop button shown."""
        self.busy = True
        self.cancel.clear()
        self.progress.setVisible(True)
        self.stop_button.setVisible(True)
        self.scan_button.setEnabled(False)
        self.say(text)

    def finished(self) -> None:
        self.busy = False
        self.progress.setVisible(False)
        self.stop_button.setVisible(False)
        self.scan_button.setEnabled(self.device_id is not None)

    def stop(self) -> None:
        """Esc or "Dừng quét": stop after the page being scanned; the pages so far are kept."""
        self.cancel.set()
        self.say(_t("Đang dừng sau trang hiện tại…"), "warning")
