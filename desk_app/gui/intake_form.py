"""The intake form's fields: read them into the import mapping, fill them from a QR, show errors.

Kept apart from the dialog's behaviour (:mod:`desk_app.gui.intake`) so each stays small. The mapping
is exactly the ``desk-app import`` JSON shape, so the screen and the import validate the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from desk_app.domain.catalogue import Procedure
from desk_app.domain.errors import FieldError
from desk_app.domain.identity import CitizenQr
from desk_app.gui.uiloader import child

#: service field path (or its first part) → (error label, input widget to outline)
ERROR_PLACES: dict[str, tuple[str, str | None]] = {
    "applicant.full_name": ("fullNameError", "fullNameEdit"),
    "applicant.id_number": ("idNumberError", "idNumberEdit"),
    "applicant.birth_date": ("birthDateError", "birthDateEdit"),
    "applicant.sex": ("sexError", "sexCombo"),
    "applicant.address": ("addressError", "addressEdit"),
    "applicant.phone": ("phoneError", "phoneEdit"),
    "applicant.email": ("emailError", "emailEdit"),
    "applicant": ("fullNameError", "fullNameEdit"),
    "citizen_qr": ("scanMessage", "scanEdit"),
    "procedure": ("procedureError", "procedureEdit"),
    "channel": ("procedureError", "procedureEdit"),
    "documents": ("documentsError", None),
    "sets": ("setsError", "setsSpin"),
    "result_delivery": ("setsError", "deliveryCombo"),
}
ERROR_LABELS = sorted({label for label, _ in ERROR_PLACES.values()} | {"generalError"})
TEXT_FIELDS = (
    "fullNameEdit", "idNumberEdit", "birthDateEdit", "addressEdit", "phoneEdit", "emailEdit", "noteEdit"
)
#: the sex combo box's items by index (their labels are translated; the values are not)
SEXES = ("", "Nam", "Nữ")
_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _t(text: str) -> str:
    return QCoreApplication.translate("IntakeForm", text)


def parse_birth_date(text: str) -> date | None:
    """``dd/mm/yyyy`` (also ``-`` or ``.``, or 8 digits ``ddmmyyyy``) → date; "" → None; ValueError if bad."""
    raw = text.strip()
    if not raw:
        return None
    m = _DATE.match(raw)
    if m:
        day, month, year = (int(g) for g in m.groups())
    elif len(raw) == 8 and raw.isdigit():
        day, month, year = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    else:
        raise ValueError(raw)
    return date(year, month, day)


def sentence(text: str) -> str:
    """Service messages start in lower case (they follow a field name); show them as sentences."""
    return text[:1].upper() + text[1:] if text else text


def place_of(field: str) -> tuple[str, str | None]:
    """Where to show an error on ``field`` (``documents.2.copies`` → the documents' label)."""
    parts = field.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in ERROR_PLACES:
            return ERROR_PLACES[key]
    return "generalError", None


class IntakeFields:
    """Typed access to the widgets of ``ui/intake.ui``."""

    def __init__(self, form: QWidget) -> None:
        self.form = form
        self.scan = child(form, QLineEdit, "scanEdit")
        self.full_name = child(form, QLineEdit, "fullNameEdit")
        self.id_number = child(form, QLineEdit, "idNumberEdit")
        self.birth = child(form, QLineEdit, "birthDateEdit")
        self.sex = child(form, QComboBox, "sexCombo")
        self.address = child(form, QLineEdit, "addressEdit")
        self.phone = child(form, QLineEdit, "phoneEdit")
        self.email = child(form, QLineEdit, "emailEdit")
        self.procedure = child(form, QLineEdit, "procedureEdit")
        self.sets = child(form, QSpinBox, "setsSpin")
        self.delivery = child(form, QComboBox, "deliveryCombo")
        self.note = child(form, QLineEdit, "noteEdit")

    def label(self, name: str) -> QLabel:
        return child(self.form, QLabel, name)

    def mapping(
        self, procedure: Procedure | None, documents: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """The intake mapping, and the errors found before the service is asked (birth date format)."""
        errors: list[FieldError] = []
        try:
            birth = parse_birth_date(self.birth.text())
        except ValueError:
            birth = None
            message = _t("Ngày sinh phải có dạng dd/mm/yyyy, ví dụ 21/03/2003")
            errors.append(FieldError("applicant.birth_date", message))
        raw = {
            "procedure": procedure.code if procedure else "",
            "channel": "walk_in",
            "applicant": {
                "full_name": self.full_name.text(),
                "id_number": self.id_number.text(),
                "birth_date": birth.isoformat() if birth else "",
                "sex": SEXES[self.sex.currentIndex()] if 0 <= self.sex.currentIndex() < len(SEXES) else "",
                "address": self.address.text(),
                "phone": self.phone.text(),
                "email": self.email.text(),
            },
            "documents": documents,
            "sets": self.sets.value(),
            "fee": None,  # the procedure's fee
            "result_delivery": "post" if self.delivery.currentIndex() == 1 else "counter",
            "note": self.note.text(),
        }
        return raw, errors

    def fill_from_qr(self, card: CitizenQr) -> None:
        self.full_name.setText(card.full_name)
        self.id_number.setText(card.id_number)
        self.birth.setText(card.birth_date.strftime("%d/%m/%Y"))
        self.sex.setCurrentIndex(SEXES.index(card.sex.value))
        self.address.setText(card.address)

    def has_entries(self) -> bool:
        typed = any(child(self.form, QLineEdit, n).text().strip() for n in TEXT_FIELDS)
        return typed or self.sex.currentIndex() > 0

    def reset(self) -> None:
        for name in (*TEXT_FIELDS, "scanEdit"):
            child(self.form, QLineEdit, name).clear()
        self.sex.setCurrentIndex(0)
        self.sets.setValue(1)
        self.delivery.setCurrentIndex(0)

    # --- errors -------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for name in ERROR_LABELS:
            self.set_message(name, "")
        for widget in self.form.findChildren(QWidget):
            if widget.property("invalid"):
                self._mark(widget, False)

    def show_errors(self, errors: list[FieldError]) -> None:
        grouped: dict[str, list[str]] = {}
        for e in errors:
            label, widget = place_of(e.field)
            grouped.setdefault(label, []).append(sentence(e.message))
            if widget:
                self._mark(child(self.form, QWidget, widget), True)
        for label, messages in grouped.items():
            self.set_message(label, "\n".join(dict.fromkeys(messages)))

    def set_message(self, name: str, text: str, role: str = "error") -> None:
        label = self.label(name)
        label.setText(text)
        if label.property("role") != role:
            label.setProperty("role", role)
            label.style().unpolish(label)
            label.style().polish(label)
        label.setVisible(bool(text))

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
