"""The chip-card QR scanner in serial mode (USB-COM/CDC or RS-232), read with QtSerialPort.

A scanner set to its serial mode sends the QR's bytes as they are — UTF-8, every Vietnamese letter
intact — instead of typing keystrokes through the keyboard layout (which loses them: see
:func:`desk_app.domain.identity.read_citizen_qr`). ``[id_scanner] port`` in ``station.toml`` names the
port; the counter window routes each payload (``scanned(str)``) to the screen that is open, whatever
widget has the focus. A payload ends at CR or LF (the scanners' default suffix) or, for a scanner set
without a suffix, when no byte has come for :data:`QUIET_MS`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QIODevice, QObject, QTimer, Signal
from PySide6.QtSerialPort import QSerialPort

QUIET_MS = 300  # a payload without a suffix is complete after this long without a byte
MAX_PAYLOAD = 4096  # a card's QR is ~150 bytes; anything longer without a line end is noise


def _t(text: str) -> str:
    return QCoreApplication.translate("IdScanner", text)


def split_payloads(buffer: bytes) -> tuple[list[str], bytes]:
    """The complete lines of ``buffer`` decoded as UTF-8 (undecodable bytes shown as U+FFFD, which the QR
    parser refuses saying so), and the bytes left over for the next read."""
    lines: list[str] = []
    while True:
        ends = [i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0]
        if not ends:
            return lines, buffer
        end = min(ends)
        line, buffer = buffer[:end], buffer[end + 1 :]
        text = line.decode("utf-8", errors="replace").strip()
        if text:
            lines.append(text)


class SerialIdScanner(QObject):
    """Reads ``port``; ``scanned(payload)`` for each card or barcode read, ``failed(message)`` when the port
    cannot be opened or is lost (unplugged)."""

    scanned = Signal(str)
    failed = Signal(str)

    def __init__(self, port: str, baud: int = 9600, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port_name = port
        self.serial = QSerialPort(port, self)
        self.serial.setBaudRate(baud)
        self.serial.readyRead.connect(self._read)
        self.serial.errorOccurred.connect(self._error)
        self._buffer = b""
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self._flush)

    def open(self) -> bool:
        """Open the port for reading; False (and ``failed``) with the reason in Vietnamese."""
        if self.serial.open(QIODevice.OpenModeFlag.ReadOnly):
            return True
        self.failed.emit(self.problem())
        return False

    def problem(self) -> str:
        return (
            _t("Không mở được cổng %1 của máy quét thẻ căn cước (%2): kiểm tra cáp, tên cổng trong "
               "station.toml ([id_scanner] port) và chế độ của máy quét")
            .replace("%1", self.port_name)
            .replace("%2", self.serial.errorString())
        )  # fmt: skip

    def close(self) -> None:
        self._quiet.stop()
        if self.serial.isOpen():
            self.serial.close()

    def _read(self) -> None:
        self._buffer += bytes(self.serial.readAll().data())
        lines, self._buffer = split_payloads(self._buffer)
        if len(self._buffer) > MAX_PAYLOAD:
            self._buffer = b""
        for line in lines:
            self.scanned.emit(line)
        if self._buffer:
            self._quiet.start()

    def _flush(self) -> None:
        lines, _rest = split_payloads(self._buffer + b"\n")
        self._buffer = b""
        for line in lines:
            self.scanned.emit(line)

    def _error(self, error: QSerialPort.SerialPortError) -> None:
        if error == QSerialPort.SerialPortError.ResourceError:  # unplugged
            self.close()
            self.failed.emit(
                _t("Mất kết nối với máy quét thẻ căn cước ở cổng %1: cắm lại rồi mở lại chương trình")
                .replace("%1", self.port_name)
            )
