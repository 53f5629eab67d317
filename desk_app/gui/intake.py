"""The walk-in intake screen: scan the chip card, pick the procedure, tick the papers, F9 to save and print.

The keyboard flow and the saving are :class:`~desk_app.gui.entry.EntryDialog`'s; this screen adds the
number of sets, where the result is collected and the note. After a save the code is shown, the receipt
printed and the form cleared for the next citizen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox, QWidget

from desk_app.domain.errors import FieldError
from desk_app.domain.model import LimitUnit
from desk_app.gui.entry import EntryDialog
from desk_app.gui.intake_form import BASE_PLACES
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child
from desk_app.services.intake import Received

PLACES = {
    **BASE_PLACES,
    "sets": ("setsError", "setsSpin"),
    "result_delivery": ("setsError", "deliveryCombo"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("IntakeDialog", text)


class IntakeDialog(EntryDialog):
    """Receive walk-in dossiers one after another; ``saved(Received)`` after each save."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, "intake.ui", PLACES, parent=parent)
        self.setWindowTitle(_t("Tiếp nhận hồ sơ trực tiếp"))
        self.sets = child(self.form, QSpinBox, "setsSpin")
        self.delivery = child(self.form, QComboBox, "deliveryCombo")
        self._show_procedure(None)
        self.fit_to_screen(1300, 720)
        self.shortcut("Ctrl+P", self.reprint_last)
        self.fields.scan.setFocus()

    def reprint_hint(self) -> str:
        return _t("Nhấn Ctrl+P để in lại biên nhận, hoặc “Lưu PDF…”.")

    def reprint_last(self) -> None:
        """Ctrl+P: the receipt of the dossier just saved, again (after a printer failure)."""
        if self.last is None:
            self.fields.set_message("resultLabel", _t("Chưa lưu hồ sơ nào trong lượt này để in lại."),
                                    role="warning")  # fmt: skip
            return
        self.show_result(self._said or self.last.dossier.code)
        self.shell.printing.print_receipt(self.last.dossier, self, self.reprint_hint())

    def tab_tail(self) -> list[QWidget]:
        buttons = [child(self.form, QPushButton, n) for n in ("saveButton", "cancelButton")]
        return [self.sets, self.delivery, self.fields.note, *buttons]

    def build_raw(self) -> tuple[dict[str, Any], list[FieldError]]:
        raw, errors = super().build_raw()
        raw["channel"] = "walk_in"
        raw["sets"] = self.sets.value()
        raw["result_delivery"] = "post" if self.delivery.currentIndex() == 1 else "counter"
        return raw, errors

    def on_saved(self, received: Received) -> None:
        record = received.dossier
        if record.limit_unit == LimitUnit.AT_ONCE.value:  # a notice: recorded, nothing to return
            text = _t("Đã ghi nhận thông báo, mã %1 — giải quyết ngay, không có kết quả phải trả.")
            self.show_result(text.replace("%1", record.code))
            return
        due = record.due_at.strftime("%H:%M, %d/%m/%Y")
        self.show_result(
            _t("Đã tiếp nhận hồ sơ mã %1 — hẹn trả %2.")
            .replace("%1", record.code)
            .replace("%2", due)
        )

    def reset_form(self) -> None:
        super().reset_form()
        self.sets.setValue(1)
        self.delivery.setCurrentIndex(0)
