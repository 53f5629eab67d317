"""The fields every intake screen shares: the chip-card scan, the applicant, the procedure, the note.

The applicant block (``ui/applicant.ui``) and the procedure block (``ui/procedure.ui``) are Designer
sub-forms that the walk-in screen (``ui/intake.ui``) and the mail-in screen (``ui/mailin.ui``) embed in
their ``applicantHost`` / ``procedureHost`` placeholders. :class:`EntryFields` reads them into the
``desk-app import`` mapping, so every screen and the import validate the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QWidget

from desk_app.domain.catalogue import Procedure
from desk_app.domain.errors import FieldError
from desk_app.domain.identity import CitizenQr, LostLetters
from desk_app.domain.model import ApplicantKind
from desk_app.domain.text import fold
from desk_app.gui.field_errors import FieldMessages, Places
from desk_app.gui.uiloader import child, embed_form

#: service field path (or its first part) → (error label, input widget to outline)
BASE_PLACES: Places = {
    "applicant.full_name": ("fullNameError", "fullNameEdit"),
    "applicant.id_number": ("idNumberError", "idNumberEdit"),
    "applicant.birth_date": ("birthDateError", "birthDateEdit"),
    "applicant.sex": ("sexError", "sexCombo"),
    "applicant.address": ("addressError", "addressEdit"),
    "applicant.phone": ("phoneError", "phoneEdit"),
    "applicant.email": ("emailError", "emailEdit"),
    "applicant.kind": ("kindError", "kindCombo"),
    "applicant.old_id_number": ("oldIdError", "oldIdEdit"),
    "applicant.passport_number": ("passportError", "passportEdit"),
    "applicant.nationality": ("nationalityError", "nationalityCombo"),
    "applicant.registration_number": ("registrationError", "registrationEdit"),
    "applicant.representative.full_name": ("repNameError", "repNameEdit"),
    "applicant.representative.id_number": ("repIdError", "repIdEdit"),
    "applicant.representative.document": ("repDocumentError", "repDocumentEdit"),
    "applicant.representative": ("repNameError", "repNameEdit"),
    "applicant.address.province": ("addressError", "provinceCombo"),
    "applicant.address.commune": ("addressError", "communeCombo"),
    "applicant": ("fullNameError", "fullNameEdit"),
    "citizen_qr": ("scanMessage", "scanEdit"),
    "procedure": ("procedureError", "procedureEdit"),
    "channel": ("procedureError", "procedureEdit"),
    "documents": ("documentsError", None),
}
APPLICANT_TEXT = (
    "fullNameEdit", "idNumberEdit", "oldIdEdit", "passportEdit", "registrationEdit", "birthDateEdit",
    "addressEdit", "phoneEdit", "emailEdit", "repNameEdit", "repIdEdit", "repDocumentEdit",
)  # fmt: skip
#: the kind combo box's items by index
KINDS = (ApplicantKind.CITIZEN, ApplicantKind.FOREIGNER, ApplicantKind.ORGANISATION)
#: which rows each kind shows (by their label's name); the others are hidden
_KIND_ROWS = {
    ApplicantKind.CITIZEN: ("idNumberLabel", "oldIdLabel", "birthDateLabel"),
    ApplicantKind.FOREIGNER: ("passportLabel", "nationalityLabel", "birthDateLabel"),
    ApplicantKind.ORGANISATION: ("registrationLabel",),
}
_REPRESENTATIVE_ROWS = ("repNameLabel", "repIdLabel", "repDocumentLabel")
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


class EntryFields(FieldMessages):
    """Typed access to the shared widgets of an intake screen, and its messages beside the fields.

    Embeds the applicant and procedure sub-forms into ``form``'s hosts. ``text_fields`` names the
    screen's other line edits, cleared with the rest and counted as "something typed".
    """

    def __init__(self, form: QWidget, places: Places, text_fields: tuple[str, ...] = ()) -> None:
        super().__init__(form, places)
        embed_form("applicant.ui", child(form, QWidget, "applicantHost"))
        embed_form("procedure.ui", child(form, QWidget, "procedureHost"))
        self.text_fields = (*APPLICANT_TEXT, "noteEdit", *text_fields)
        self.scan = child(form, QLineEdit, "scanEdit")
        self.full_name = child(form, QLineEdit, "fullNameEdit")
        self.id_number = child(form, QLineEdit, "idNumberEdit")
        self.birth = child(form, QLineEdit, "birthDateEdit")
        self.sex = child(form, QComboBox, "sexCombo")
        self.address = child(form, QLineEdit, "addressEdit")
        self.phone = child(form, QLineEdit, "phoneEdit")
        self.email = child(form, QLineEdit, "emailEdit")
        self.kind = child(form, QComboBox, "kindCombo")
        self.kind.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # not in the Tab chain: Alt+L or a click
        self.old_id = child(form, QLineEdit, "oldIdEdit")
        self.passport = child(form, QLineEdit, "passportEdit")
        self.nationality = child(form, QComboBox, "nationalityCombo")
        self.registration = child(form, QLineEdit, "registrationEdit")
        self.represented = child(form, QCheckBox, "representativeCheck")
        self.rep_name = child(form, QLineEdit, "repNameEdit")
        self.rep_id = child(form, QLineEdit, "repIdEdit")
        self.rep_document = child(form, QLineEdit, "repDocumentEdit")
        self._rows = child(form, QFormLayout, "applicantForm")
        self.province = child(form, QComboBox, "provinceCombo")  # the current divisions (since 7/2025)
        self.commune = child(form, QComboBox, "communeCombo")
        self._fill_provinces()
        self._countries_loaded = False
        self.kind.currentIndexChanged.connect(self._show_kind)
        self.represented.toggled.connect(self._show_representative)
        self._show_kind()
        self._show_representative()
        self.procedure = child(form, QLineEdit, "procedureEdit")
        self.case = child(form, QComboBox, "caseCombo")  # shown for a procedure whose limit has cases
        self.case.setVisible(False)
        self.note = child(form, QLineEdit, "noteEdit")

    def label(self, name: str) -> QLabel:
        return child(self.form, QLabel, name)

    def applicant_chain(self) -> list[QWidget]:
        """The applicant's inputs in keyboard order (hidden ones are skipped by Tab)."""
        return [
            self.full_name, self.id_number, self.passport, self.nationality, self.registration,
            self.birth, self.sex, self.address, self.province, self.commune, self.phone, self.email,
            self.old_id,
            self.represented, self.rep_name, self.rep_id, self.rep_document,
        ]  # fmt: skip

    @property
    def applicant_kind(self) -> ApplicantKind:
        index = self.kind.currentIndex()
        return KINDS[index] if 0 <= index < len(KINDS) else ApplicantKind.CITIZEN

    def _show_kind(self) -> None:
        """Show the rows of the chosen kind: a citizen's number, a foreigner's passport, a registration."""
        kind = self.applicant_kind
        for rows in _KIND_ROWS.values():
            for name in rows:
                self._rows.setRowVisible(child(self.form, QLabel, name), name in _KIND_ROWS[kind])
        self._hide_empty_messages()
        organisation = kind is ApplicantKind.ORGANISATION
        self.label("fullNameLabel").setText(_t("Tên tổ c&hức: *") if organisation else _t("&Họ và tên: *"))
        if kind is ApplicantKind.FOREIGNER and not self._countries_loaded:
            self._load_countries()

    def _load_countries(self) -> None:
        """The nationality list, "FRA — Pháp", read once (ISO 3166-1 through pycountry)."""
        from desk_app.services.reference import countries

        self.nationality.blockSignals(True)
        self.nationality.addItem("", "")
        for code, name in sorted(countries().items(), key=lambda item: item[1]):
            self.nationality.addItem(f"{code} — {name}", code)
        self.nationality.setCurrentIndex(0)
        self.nationality.blockSignals(False)
        completer = self.nationality.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._countries_loaded = True

    def nationality_code(self) -> str:
        """The code chosen or typed: "FRA — Pháp" → "FRA", "fra" → "FRA"."""
        return self.nationality.currentText().split("—")[0].strip().upper()

    def _fill_provinces(self) -> None:
        """The 34 provinces (typed with or without diacritics: the list filters as the officer types)."""
        from desk_app.services.reference import divisions

        self._divisions = divisions()
        self.province.addItem("")
        self.province.addItems(sorted(self._divisions.communes, key=fold))
        for box in (self.province, self.commune):
            completer = box.completer()
            if completer is not None:
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.province.currentTextChanged.connect(self._fill_communes)

    def _fill_communes(self, province: str) -> None:
        """The communes of the province chosen (none for a name that is not one)."""
        self.commune.clear()
        found = self._divisions.province(province) if province.strip() else None
        if found is not None:
            self.commune.addItem("")
            self.commune.addItems(self._divisions.communes[found])

    def _show_representative(self) -> None:
        for name in _REPRESENTATIVE_ROWS:
            self._rows.setRowVisible(child(self.form, QLabel, name), self.represented.isChecked())
        self._hide_empty_messages()

    def _hide_empty_messages(self) -> None:
        """A row shown again shows all its widgets, its empty error line too: hide those again."""
        for name in self.labels():
            label = child(self.form, QLabel, name)
            if not label.text():
                label.setVisible(False)

    def mapping(
        self, procedure: Procedure | None, documents: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """The shared part of the intake mapping, and the errors found before the service is asked."""
        errors: list[FieldError] = []
        try:
            birth = parse_birth_date(self.birth.text())
        except ValueError:
            birth = None
            message = _t("Ngày sinh phải có dạng dd/mm/yyyy, ví dụ 21/03/2003")
            errors.append(FieldError("applicant.birth_date", message))
        kind = self.applicant_kind
        applicant: dict[str, Any] = {"kind": kind.value, "full_name": self.full_name.text()}
        if kind is ApplicantKind.CITIZEN:
            applicant.update(id_number=self.id_number.text(), old_id_number=self.old_id.text())
        elif kind is ApplicantKind.FOREIGNER:
            applicant.update(passport_number=self.passport.text(), nationality=self.nationality_code())
        else:
            applicant.update(registration_number=self.registration.text())
        if kind is not ApplicantKind.ORGANISATION:
            sex = SEXES[self.sex.currentIndex()] if 0 <= self.sex.currentIndex() < len(SEXES) else ""
            applicant.update(birth_date=birth.isoformat() if birth else "", sex=sex)
        address: str | dict[str, str] = self.address.text()
        if self.province.currentText().strip():  # province and commune from the list, the rest as text
            address = {"street": self.address.text(), "commune": self.commune.currentText(),
                       "province": self.province.currentText()}  # fmt: skip
        applicant.update(address=address, phone=self.phone.text(), email=self.email.text())
        if self.represented.isChecked():
            applicant["representative"] = {
                "full_name": self.rep_name.text(), "id_number": self.rep_id.text(),
                "document": self.rep_document.text(),
            }  # fmt: skip
        raw = {
            "procedure": procedure.code if procedure else "",
            "applicant": applicant,
            "documents": documents,
            "fee": None,  # the procedure's fee
            "note": self.note.text(),
        }
        if procedure is not None and procedure.cases:
            raw["case"] = self.case.currentData() or ""
        return raw, errors

    def show_cases(self, procedure: Procedure | None) -> None:
        """The case picker: the procedure's cases (each with its limit), hidden when it has none."""
        self.case.blockSignals(True)
        self.case.clear()
        for case in procedure.cases if procedure else ():
            self.case.addItem(f"{case.name} — {case.limit.label_vi}", case.id)
        self.case.blockSignals(False)
        self.case.setVisible(bool(procedure and procedure.cases))

    def chosen_case(self) -> str:
        return str(self.case.currentData() or "") if self.case.count() else ""

    def fill_from_qr(self, card: CitizenQr) -> None:
        self.kind.setCurrentIndex(KINDS.index(ApplicantKind.CITIZEN))
        self.full_name.setText(card.full_name)
        self.old_id.setText(card.old_id_number if len(card.old_id_number) == 9 else "")
        self.id_number.setText(card.id_number)
        self.birth.setText(card.birth_date.strftime("%d/%m/%Y"))
        self.sex.setCurrentIndex(SEXES.index(card.sex.value))
        self.address.setText(card.address)

    def fill_from_lost_letters(self, card: LostLetters) -> None:
        """What arrived intact of a card whose letters the scanner lost; the name and address emptied and
        marked for the officer to type."""
        self.kind.setCurrentIndex(KINDS.index(ApplicantKind.CITIZEN))
        self.id_number.setText(card.id_number)
        self.old_id.setText(card.old_id_number if len(card.old_id_number) == 9 else "")
        self.birth.setText(card.birth_date.strftime("%d/%m/%Y"))
        self.sex.setCurrentIndex(SEXES.index(card.sex.value))
        self.full_name.clear()
        self.address.clear()
        self.show_errors([
            FieldError("applicant.full_name", _t("Gõ họ tên (máy quét làm mất chữ có dấu)")),
            FieldError("applicant.address", _t("Gõ địa chỉ (máy quét làm mất chữ có dấu)")),
        ])  # fmt: skip
        self.full_name.setFocus()

    def has_entries(self) -> bool:
        typed = any(child(self.form, QLineEdit, n).text().strip() for n in self.text_fields)
        chosen = self.sex.currentIndex() > 0 or self.kind.currentIndex() > 0
        chosen = chosen or bool(self.province.currentText())
        return typed or chosen or self.represented.isChecked()

    def reset(self) -> None:
        for name in (*self.text_fields, "scanEdit"):
            child(self.form, QLineEdit, name).clear()
        self.sex.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.nationality.setCurrentIndex(0)
        self.nationality.setEditText("")
        self.represented.setChecked(False)
        self.province.setCurrentIndex(0)
        self.province.setEditText("")

    # kept for the screens' and tests' wording
    clear_errors = FieldMessages.clear
    show_errors = FieldMessages.show
