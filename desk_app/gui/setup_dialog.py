"""The first-run set-up dialog: who this desk is, validated by :func:`desk_app.config.validate`.

Each field is checked on its own (the others replaced by known-good values) so every problem is shown
beside its field at once; then the whole configuration is validated and the station initialised
(:func:`desk_app.bootstrap.initialise_station`, off the GUI thread).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from desk_app import config as config_mod
from desk_app.bootstrap import Station as OpenStation
from desk_app.bootstrap import initialise_station
from desk_app.config import Config, Counter, Station
from desk_app.domain.accounts import User, validate_password, validate_username
from desk_app.domain.errors import DeskError
from desk_app.gui.field_errors import sentence
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.tasks import TaskManager
from desk_app.gui.uiloader import child, embed_form

_GOOD = Config(Station(agency_code="G01", agency_name="x", desk=1))
#: config field (as DeskError.field names it) → the form's error label
ERROR_LABELS = {
    "agency_code": "agencyCodeError",
    "agency_name": "agencyNameError",
    "desk": "deskError",
    "parent_agency": "parentAgencyError",
    "place": "placeError",
    "officer_name": "officerError",
    "display_name": "officerError",
    "language": "languageError",
    "username": "adminUserError",
    "password": "adminPasswordError",
    "confirm": "adminConfirmError",
}


def _t(text: str) -> str:
    return QCoreApplication.translate("SetupDialog", text)


def initialise_with_admin(
    data_dir: Path, cfg: Config, admin: tuple[str, str, str]
) -> tuple[OpenStation, User]:
    """Worker job: the station, then its first admin account (who is logged in at once)."""
    from desk_app.services.accounts import create_first_admin

    station = initialise_station(data_dir, cfg)
    try:
        return station, create_first_admin(station.ctx, *admin)
    except BaseException:
        station.close()
        raise


class SetupDialog(QDialog):
    """Collects the station's identity and its first admin; after ``accept()``, ``station`` holds the
    opened station and ``user`` the admin, logged in."""

    def __init__(self, data_dir: Path, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._tasks = tasks
        self.station: OpenStation | None = None
        self.user: User | None = None
        self.setWindowTitle(_t("Thiết lập bàn tiếp nhận"))
        self.form = embed_form("setup.ui", self)
        self.agency_code = child(self.form, QLineEdit, "agencyCodeEdit")
        self.agency_name = child(self.form, QLineEdit, "agencyNameEdit")
        self.desk = child(self.form, QSpinBox, "deskSpin")
        self.parent_agency = child(self.form, QLineEdit, "parentAgencyEdit")
        self.place = child(self.form, QLineEdit, "placeEdit")
        self.officer = child(self.form, QLineEdit, "officerEdit")
        self.language = child(self.form, QComboBox, "languageCombo")
        self.admin_user = child(self.form, QLineEdit, "adminUserEdit")
        self.admin_password = child(self.form, QLineEdit, "adminPasswordEdit")
        self.admin_confirm = child(self.form, QLineEdit, "adminConfirmEdit")
        self.ok_button = child(self.form, QPushButton, "okButton")
        where = _t("Thư mục dữ liệu: %1").replace("%1", str(data_dir))
        child(self.form, QLabel, "dataDirLabel").setText(where)
        self.ok_button.clicked.connect(self.submit)
        child(self.form, QPushButton, "cancelButton").clicked.connect(self.reject)
        fit_to_screen(self, 760, 600)
        self.agency_code.setFocus()

    def config(self) -> Config:
        return Config(
            Station(
                agency_code=self.agency_code.text(),
                agency_name=self.agency_name.text(),
                desk=self.desk.value(),
                parent_agency=self.parent_agency.text(),
                place=self.place.text(),
            ),
            Counter(language="en" if self.language.currentIndex() == 1 else "vi"),
        )

    def field_errors(self, cfg: Config) -> dict[str, str]:
        """Every field's problem, each checked with the other fields set to known-good values."""
        errors: dict[str, str] = {}
        s, good = cfg.station, _GOOD.station
        probes = {
            "agency_code": replace(good, agency_code=s.agency_code),
            "agency_name": replace(good, agency_name=s.agency_name),
            "desk": replace(good, desk=s.desk),
        }
        for name, station in probes.items():
            try:
                config_mod.validate(replace(_GOOD, station=station))
            except DeskError as exc:
                errors[exc.field or name] = exc.message
        if not errors:
            try:
                config_mod.validate(cfg)
            except DeskError as exc:
                errors[exc.field or ""] = exc.message
        return errors

    def admin_errors(self) -> dict[str, str]:
        """The first admin's name and password, checked by the same rules as ``desk-app user add``."""
        errors: dict[str, str] = {}
        try:
            name = validate_username(self.admin_user.text())
        except DeskError as exc:
            errors["username"], name = exc.message, self.admin_user.text()
        try:
            known = (self.agency_name.text(), self.agency_code.text(), self.place.text(), self.officer.text())
            validate_password(self.admin_password.text(), name, known)  # as the service will check it
        except DeskError as exc:
            errors["password"] = exc.message
        if "password" not in errors and self.admin_confirm.text() != self.admin_password.text():
            errors["confirm"] = _t("Hai lần nhập mật khẩu không khớp")
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in (*ERROR_LABELS.values(), "generalError"):
            label = child(self.form, QLabel, name)
            label.clear()
            label.setVisible(False)
        for field, message in errors.items():
            label = child(self.form, QLabel, ERROR_LABELS.get(field, "generalError"))
            label.setText(sentence(message))
            label.setVisible(True)

    def submit(self) -> None:
        cfg = self.config()
        errors = {**self.field_errors(cfg), **self.admin_errors()}
        self.show_errors(errors)
        if errors:
            return
        self.ok_button.setEnabled(False)
        admin = (self.admin_user.text(), self.admin_password.text(), self.officer.text())
        self._tasks.run(
            partial(initialise_with_admin, self.data_dir, cfg, admin),
            name="initialise-station",
            owner=self,
            on_done=self._initialised,
            on_error=lambda exc: self.show_errors({exc.field or "": exc.message}),
            on_finished=partial(self.ok_button.setEnabled, True),
        )

    def _initialised(self, opened: tuple[OpenStation, User]) -> None:
        self.station, self.user = opened
        self.admin_password.clear()
        self.admin_confirm.clear()
        self.accept()
