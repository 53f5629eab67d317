"""What the walk-in and the mail-in screens share: scan the chip card, pick the procedure, F9 to save.

:class:`EntryDialog` is built for the keyboard: F3 scan field, F4 procedure, Tab through the fields and
the checklist, F9 save (off the GUI thread, the button disabled meanwhile so a dossier is never saved
twice), Esc cancel (asks first if something was typed). The due date is shown live and recomputed every
minute. A screen says what it adds through a few hooks: :meth:`build_raw` (the intake mapping),
:meth:`on_saved`, :meth:`tab_head` / :meth:`tab_tail` and :meth:`received_at`.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton, QWidget

from desk_app.domain.addresses import former_units
from desk_app.domain.catalogue import Catalogue, Procedure
from desk_app.domain.errors import DeskError, FieldError, ValidationFailed
from desk_app.domain.identity import CitizenQr, LostLetters, looks_like_citizen_qr, read_citizen_qr
from desk_app.gui.checklist import DocumentChecklist
from desk_app.gui.field_errors import Places
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.intake_form import EntryFields, parse_birth_date
from desk_app.gui.procedure_picker import ProcedurePicker, limit_text
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import chain_tabs, child, embed_form
from desk_app.services.intake import Received, preview_due, receive_dossier
from desk_app.services.reference import divisions

DUE_REFRESH_MS = 60_000


def _t(text: str) -> str:
    return QCoreApplication.translate("EntryDialog", text)


def money(amount: int | None) -> str:
    return _t("Chưa rõ") if amount is None else f"{amount:,}".replace(",", ".") + " " + _t("đồng")


def fee_text(procedure: Procedure | None) -> str:
    """The counter fee, then the online and per-person rates and the note, as the catalogue gives them."""
    if procedure is None:
        return "—"
    fee = money(procedure.fee)
    more = []
    if procedure.fee_online is not None and procedure.fee_online != procedure.fee:
        more.append(_t("trực tuyến") + " " + money(procedure.fee_online))
    per = procedure.fee_per_person
    if per is not None:
        more.append(f"{per.when}: {money(per.counter)}/" + _t("người"))
    if procedure.fee is None and procedure.fee_note and not more:
        return procedure.fee_note  # it says why the fee is not known
    if procedure.fee_note:
        more.append(procedure.fee_note)
    return fee + (f" ({'; '.join(more)})" if more else "")


class EntryDialog(QDialog):
    """Receive dossiers one after another from the form ``ui``; ``saved(Received)`` after each save."""

    saved = Signal(object)

    def __init__(
        self,
        shell: Shell,
        ui: str,
        places: Places,
        text_fields: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.shell = shell
        self.form = embed_form(ui, self)
        self.fields = f = EntryFields(self.form, places, text_fields)
        self.checklist = DocumentChecklist(child(self.form, QWidget, "documentsHost"))
        self.picker = ProcedurePicker(f.procedure)
        self.save_button = child(self.form, QPushButton, "saveButton")
        self.saving = False
        self.last: Received | None = None
        self._due_timer = QTimer(self)
        self._due_timer.setInterval(DUE_REFRESH_MS)
        self._due_timer.timeout.connect(self.update_due)
        f.scan.returnPressed.connect(self.scan_entered)
        f.birth.editingFinished.connect(self._tidy_birth_date)
        self.picker.picked.connect(self._show_procedure)
        f.case.currentIndexChanged.connect(self.update_due)
        self.save_button.clicked.connect(self.save)
        child(self.form, QPushButton, "cancelButton").clicked.connect(self.reject)
        self.shortcut("F9", self.save)
        self.shortcut("F3", self.focus_scan)
        self.shortcut("F4", self.focus_procedure)
        self.shortcut("Ctrl+I", self.choose_card_image)
        self.shortcut("F7", self.open_pages)
        child(self.form, QPushButton, "cardImageButton").clicked.connect(self.choose_card_image)
        f.procedure.setEnabled(False)
        shell.with_catalogue(self._catalogue_loaded, owner=self)
        shell.changes.catalogue_changed.connect(self._catalogue_changed)
        self._said = ""  # the last save's outcome, without what the printer did
        shell.printing.printed.connect(self._receipt_printed)
        shell.printing.failed.connect(self._receipt_failed)

    def shortcut(self, keys: str, slot: Any) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def fit_to_screen(self, width: int, height: int) -> None:
        """Open large (it is the counter's main screen) but never larger than the screen's free area."""
        fit_to_screen(self, width, height)

    def _catalogue_changed(self, catalogue: Catalogue) -> None:
        """A new catalogue (and calendar) from the server: the picker offers it, the due date is recounted;
        a procedure already picked is picked again from the new catalogue (or cleared if it left it)."""
        picked = self.procedure.code if self.procedure is not None else None
        self._catalogue_loaded(catalogue)
        if picked is not None:
            if picked in catalogue:
                self.picker.pick(catalogue.get(picked))
            else:
                self.picker.clear()
        self.update_due()

    def _catalogue_loaded(self, catalogue: Catalogue) -> None:
        self.picker.set_catalogue(catalogue)
        self.fields.procedure.setEnabled(True)

    # --- hooks --------------------------------------------------------------------------------------
    def build_raw(self) -> tuple[dict[str, Any], list[FieldError]]:
        """The intake mapping of what is on screen, and the errors found before asking the service."""
        return self.fields.mapping(self.procedure, self.checklist.selected())

    def on_saved(self, received: Received) -> None:
        """After a save: show the outcome, print the receipt, clear for the next dossier."""

    def tab_head(self) -> list[QWidget]:
        """The widgets Tab visits before the procedure field."""
        return [self.fields.scan, *self.fields.applicant_chain()]

    def tab_tail(self) -> list[QWidget]:
        """The widgets Tab visits after the checklist."""
        return []

    def received_at(self) -> datetime | None:
        """The legal time of receipt for the live due date (None: now)."""
        return None

    # --- scanning the chip card ------------------------------------------------------------------
    def focus_scan(self) -> None:
        self.fields.scan.setFocus()
        self.fields.scan.selectAll()

    def focus_procedure(self) -> None:
        self.fields.procedure.setFocus()
        self.fields.procedure.selectAll()

    def scan_entered(self) -> None:
        """A keyboard-wedge scanner typed the QR payload and Enter: fill the applicant."""
        f = self.fields
        payload = f.scan.text()
        if not payload.strip():
            return
        if not looks_like_citizen_qr(payload):
            f.set_message(
                "scanMessage",
                _t("Đây không phải mã QR trên thẻ căn cước (cần bắt đầu bằng 12 chữ số và dấu |)."),
            )
            f.scan.selectAll()
            return
        try:
            card = read_citizen_qr(payload)
        except DeskError as exc:
            f.set_message("scanMessage", exc.message)
            f.scan.selectAll()
            return
        if isinstance(card, LostLetters):  # a wedge scanner in plain keyboard mode: digits only
            f.clear_errors()
            f.scan.clear()
            f.set_message("scanMessage", card.message + ".", role="warning")
            f.fill_from_lost_letters(card)
            return
        self.fill_from_card(card)

    def take_scan(self, payload: str) -> None:
        """A card read by the serial scanner (``[id_scanner] port``): as if it had been scanned into the
        scan field, whatever has the focus."""
        f = self.fields
        if not f.scan.isEnabled() or not f.scan.isVisibleTo(self):
            self.raise_()
            return
        f.scan.setText(payload)
        self.scan_entered()

    def open_pages(self) -> QDialog | None:
        """F7: the page editor of the dossier just saved (its code exists once it is saved), to scan its
        papers while the citizen is still at the counter."""
        if self.last is None:
            self.fields.set_message(
                "resultLabel",
                _t("Hãy lưu hồ sơ (F9) trước, rồi nhấn F7 để quét giấy tờ của hồ sơ."),
                role="warning",
            )
            return None
        from desk_app.gui.page_editor import PageEditorDialog

        editor = PageEditorDialog(self.shell, self.last.dossier, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(lambda _result: self.activateWindow())
        editor.open()
        return editor

    def choose_card_image(self) -> None:
        """Ctrl+I: the QR read from a photo or scan of the chip card (no QR scanner, or it cannot read it)."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            _t("Chọn ảnh thẻ căn cước"),
            str(Path.home()),
            _t("Ảnh (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"),
        )
        if path:
            self.read_card_image(Path(path))

    def read_card_image(self, path: Path) -> None:
        from desk_app.scanning.idcard import read_card

        self.fields.set_message("scanMessage", _t("Đang đọc mã QR trong ảnh…"), role="info")
        self.shell.tasks.run(
            partial(read_card, path), name="read-card", owner=self, on_done=self.fill_from_card,
            on_error=lambda exc: self.fields.set_message("scanMessage", exc.message),
        )  # fmt: skip

    def fill_from_card(self, card: CitizenQr) -> None:
        """The applicant from the card's QR (wedge scanner or card image): the same parser, the same fill."""
        f = self.fields
        f.fill_from_qr(card)
        f.scan.clear()
        text = _t("Đã điền thông tin từ thẻ căn cước của %1.").replace("%1", card.full_name)
        notes = [*card.warnings]
        if former := former_units(card.address, divisions()):  # a card issued before the July 2025 reform
            notes.append(former)
        if notes:
            f.set_message("scanMessage", text + "\n" + "\n".join(notes), role="warning")
        else:
            f.set_message("scanMessage", text, role="info")
        f.phone.setFocus()

    def _tidy_birth_date(self) -> None:
        try:
            day = parse_birth_date(self.fields.birth.text())
        except ValueError:
            return
        if day is not None:
            self.fields.birth.setText(day.strftime("%d/%m/%Y"))

    # --- procedure, checklist and due date ------------------------------------------------------
    @property
    def procedure(self) -> Procedure | None:
        return self.picker.current

    def _show_procedure(self, procedure: Procedure | None) -> None:
        f = self.fields
        self.checklist.set_documents(procedure.documents if procedure else ())
        f.label("procedureName").setText(procedure.name if procedure else "—")
        f.show_cases(procedure)  # a limit that depends on the case: the picker shows each case's limit
        f.label("limitValue").setText(limit_text(procedure.limit) if procedure else "—")
        f.label("limitValue").setVisible(not (procedure and procedure.cases))
        f.label("feeValue").setText(fee_text(procedure))
        if procedure is not None:
            f.set_message("procedureError", "")
            self._due_timer.start()
        else:
            self._due_timer.stop()
        self.update_due()
        self.chain_tabs()

    def update_due(self) -> None:
        """Recompute the due date as if the dossier were saved now (cheap; no database)."""
        label = self.fields.label("dueValue")
        if self.procedure is None:
            label.setText("—")
            return
        due = preview_due(self.shell.ctx, self.procedure, self.received_at(), self.fields.chosen_case())
        if self.procedure.limit.at_once and not self.procedure.cases:
            label.setText(_t("ghi nhận ngay, không có kết quả phải trả"))
            return
        text = due.at.strftime("%H:%M, %d/%m/%Y")
        if due.provisional:
            text += " " + _t("(dự kiến)")
        label.setText(text)

    def chain_tabs(self) -> None:
        case = [self.fields.case] if self.fields.case.count() else []  # right after the procedure
        head = (*self.tab_head(), self.fields.procedure, *case)
        chain_tabs(*head, *self.checklist.tab_chain(), *self.tab_tail())

    # --- saving ---------------------------------------------------------------------------------------
    def save(self) -> None:
        """F9: validate and save off the GUI thread; on success :meth:`on_saved`."""
        if self.saving:
            return
        f = self.fields
        f.clear_errors()
        f.set_message("resultLabel", "", role="success")
        f.set_message("warningsLabel", "", role="warning")
        raw, errors = self.build_raw()
        if errors:  # what the screen could not read, with every problem the service finds in the rest
            from desk_app.services.intake import check_intake

            self.shell.tasks.run(partial(check_intake, self.shell.ctx, self.shell.user, raw), name="check",
                                 owner=self, on_done=lambda more: self.show_all(errors, more))  # fmt: skip
            return
        self._set_saving(True)
        self.shell.tasks.run(
            partial(receive_dossier, self.shell.ctx, self.shell.user, raw),
            name="receive-dossier",
            owner=self,
            on_done=self._saved,
            on_error=self._save_failed,
            on_finished=partial(self._set_saving, False),
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(_t("Đang lưu…") if saving else _t("Lưu và in biên nhận (F9)"))

    def _save_failed(self, exc: DeskError) -> None:
        errors = exc.errors if isinstance(exc, ValidationFailed) and exc.errors else []
        self.show_all(errors or [FieldError("", exc.message)])

    def show_all(self, errors: list[FieldError], more: list[FieldError] | None = None) -> None:
        """Every field error at once, beside its field, and the cursor in the first one in the form's
        order (not the order they were found in)."""
        seen = {e.field for e in errors}
        errors = [*errors, *(e for e in more or [] if e.field not in seen)]
        order = {w.objectName(): i for i, w in enumerate((*self.tab_head(), self.fields.procedure,
                                                          *self.checklist.tab_chain(), *self.tab_tail()))}
        errors.sort(key=lambda e: order.get(self.fields.place_of(e.field)[1] or "", len(order)))
        self.fields.show_errors(errors)
        first = self.checklist.first_widget()
        if not self.fields.focus_first(errors) and errors[0].field.startswith("documents") and first:
            first.setFocus()

    def _saved(self, received: Received) -> None:
        self.last = received
        if received.warnings:
            text = _t("Lưu ý:") + " " + "\n".join(received.warnings)
            self.fields.set_message("warningsLabel", text, role="warning")
        self.on_saved(received)
        self.shell.printing.print_receipt(received.dossier, self, self.reprint_hint())
        self.saved.emit(received)
        self.reset_form()

    def show_result(self, text: str) -> None:
        """The save's outcome, and that the receipt is being printed (then whether it was)."""
        self._said = text
        self.fields.set_message("resultLabel", text + " " + _t("Đang in giấy biên nhận…"), role="success")

    def reprint_hint(self) -> str:
        """How the officer prints the receipt again from this screen."""
        return _t("Chọn hồ sơ trong danh sách rồi nhấn Ctrl+P để in lại, hoặc “Lưu PDF…”.")

    def _receipt_printed(self, name: str, where: str) -> None:
        if self.last is not None and name == self.last.dossier.code and self._said:
            from desk_app.gui.printing import PREVIEWED

            if where == PREVIEWED:
                said = _t("Giấy biên nhận đang mở trong bản xem trước.")
            else:  # a printer's name, or the PDF file's path ("PDF file" printer): its name only
                shown = Path(where).name if ("/" in where or "\\" in where) else where
                said = _t("Đã in giấy biên nhận (%1).").replace("%1", shown)
            self.fields.set_message("resultLabel", self._said + " " + said, role="success")

    def _receipt_failed(self, name: str, message: str) -> None:
        if self.last is not None and name == self.last.dossier.code and self._said:
            said = _t("Chưa in được giấy biên nhận: %1").replace("%1", message)
            text = f"{self._said}\n{said}\n{self.reprint_hint()}"
            self.fields.set_message("resultLabel", text, role="error")

    def reset_form(self) -> None:
        """Clear the fields for the next dossier (the last result stays visible)."""
        self.fields.reset()
        self.fields.clear_errors()
        self.fields.set_message("scanMessage", "")
        self.picker.clear()
        self.focus_scan()

    def is_dirty(self) -> bool:
        return self.fields.has_entries() or self.procedure is not None or self.checklist.any_checked()

    # --- closing ------------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc: ask before dropping what was typed; never while a save is running."""
        if self.saving:
            return
        if self.is_dirty() and not self.confirm_discard():
            return
        self._due_timer.stop()
        super().reject()

    def confirm_discard(self) -> bool:
        box = self.discard_box()
        box.exec()
        return box.clickedButton() is box.property("discard")

    def discard_box(self) -> QMessageBox:
        """Esc with entries: keep typing (the default, Enter and Esc) or drop them. The buttons are plain
        text — the style's ✓/✗ icons of Yes/No would put the tick on dropping the officer's work."""
        box = QMessageBox(QMessageBox.Icon.Question, _t("Đóng màn hình tiếp nhận"),
                          _t("Các thông tin đã nhập sẽ bị bỏ. Bỏ hồ sơ đang nhập dở?"),
                          QMessageBox.StandardButton.NoButton, self)  # fmt: skip
        discard = box.addButton(_t("Bỏ thông tin đã nhập"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_t("Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setProperty("discard", discard)
        return box
