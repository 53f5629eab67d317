"""Cài đặt → "Máy quét thẻ căn cước…": which mode the card scanner is used in, and a field to scan a test
card into that says what arrived (every letter, letters lost on the way, not a card at all).

In keyboard (wedge) mode the scanner types into the field; in serial mode the counter window hands the
payload to this dialog while it is the active window (:meth:`take_scan`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.config import IdScanner
from desk_app.domain.codes import looks_like_dossier_code
from desk_app.domain.errors import DeskError
from desk_app.domain.identity import LostLetters, looks_like_citizen_qr, read_citizen_qr
from desk_app.gui.geometry import fit_to_screen


def _t(text: str) -> str:
    return QCoreApplication.translate("IdScannerDialog", text)


def what_arrived(payload: str) -> tuple[str, str]:
    """(role, text): what a scanned test card tells the officer — "info" when the scanner is ready."""
    text = payload.strip()
    if looks_like_dossier_code(text):
        return "info", _t("Mã hồ sơ trên giấy biên nhận: %1 — máy quét đọc được mã vạch.").replace("%1", text)
    if not looks_like_citizen_qr(text):
        return "error", _t("Không phải mã QR trên thẻ căn cước (cần bắt đầu bằng 12 chữ số và dấu |).")
    try:
        card = read_citizen_qr(text)
    except DeskError as exc:
        return "error", exc.message
    if isinstance(card, LostLetters):
        return "warning", card.message + "."
    said = _t("Nhận đủ: %1, số định danh %2, sinh ngày %3, %4; địa chỉ: %5. Chữ có dấu nguyên vẹn — máy "
              "quét đã sẵn sàng.")  # fmt: skip
    for key, value in (("%1", card.full_name), ("%2", card.id_number),
                       ("%3", card.birth_date.strftime("%d/%m/%Y")), ("%4", card.sex.value),
                       ("%5", card.address)):  # fmt: skip
        said = said.replace(key, value)
    return "info", said


def mode_text(setting: IdScanner, problem: str = "") -> str:
    if not setting.port:
        return _t(
            "Chế độ bàn phím (máy quét gõ vào ô đang có con trỏ). Để giữ chữ có dấu, đặt máy quét ở chế độ "
            "bàn phím Unicode hoặc Alt-code; hoặc dùng chế độ cổng COM ([id_scanner] port)."
        )
    text = _t("Chế độ cổng nối tiếp: %1, %2 baud (đọc thẳng dữ liệu UTF-8, ô nào có con trỏ cũng được).")
    text = text.replace("%1", setting.port).replace("%2", str(setting.baud))
    return text + ("\n" + problem if problem else "")


class IdScannerDialog(QDialog):
    """The mode in use and the "scan a test card" field."""

    def __init__(self, setting: IdScanner, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Máy quét thẻ căn cước"))
        self.mode = QLabel(mode_text(setting, problem), self)
        self.mode.setWordWrap(True)
        self.test = QLineEdit(self)
        self.test.setPlaceholderText(_t("Quét thử một thẻ căn cước hoặc một giấy biên nhận"))
        self.test.returnPressed.connect(lambda: self.take_scan(self.test.text()))
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        label = QLabel(_t("Quét &thử:"), self)
        label.setBuddy(self.test)
        form.addRow(label, self.test)
        close = QPushButton(_t("Đóng (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mode)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        fit_to_screen(self, 640, 300)
        self.test.setFocus()

    def take_scan(self, payload: str) -> None:
        role, text = what_arrived(payload)
        self.outcome.setText(text)
        self.outcome.setProperty("role", role)
        colour = {"info": "#1b5e20", "warning": "#8a5300"}.get(role, "#b00020")
        self.outcome.setStyleSheet(f"color: {colour}")
        self.test.clear()
