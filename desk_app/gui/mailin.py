"""The mail-in screen (F6): a postal delivery's handover record once, then its dossiers one by one.

Step 1 (:mod:`desk_app.gui.handover_step`): the handover record signed with the postal worker —
number, signing time (now by default), postal worker and unit — Enter records it. Step 2, without the
mouse, for each item in the delivery: scan or type the item number (S10, checked at once), scan the
citizen's chip-card QR (or type the applicant), Tab to the sender address (the applicant's by default),
F4 the procedure, Space to tick the papers, whether the result goes back by post, the fee paid at the
post office and its receipt; F9 saves it (channel post, dated at the handover's signing time) off the GUI
thread, prints its receipt — with the return address for a window envelope — adds it to the list of this
handover and clears the form for the next item, keeping the record. Ctrl+P prints the handover record
with every dossier it carries. Ctrl+N ends this delivery and starts the next one at step 1 (asking first
if an item was being typed). Closing the screen keeps the open delivery: F6 brings it back where it was.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QWidget

from desk_app.domain.catalogue import Procedure
from desk_app.domain.errors import FieldError
from desk_app.gui.entry import EntryDialog
from desk_app.gui.handover_step import HandoverStep
from desk_app.gui.mailin_form import PLACES, TEXT_FIELDS, PostalFields
from desk_app.gui.printing import PrintJob
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child
from desk_app.services.forms import write_handover
from desk_app.services.intake import Received
from desk_app.services.mailin import Handover


def _t(text: str) -> str:
    return QCoreApplication.translate("MailInDialog", text)


class MailInDialog(EntryDialog):
    """Receive the dossiers of one postal handover; ``saved(Received)`` after each save."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, "mailin.ui", PLACES, TEXT_FIELDS, parent)
        self.setWindowTitle(_t("Tiếp nhận hồ sơ qua bưu chính"))
        f = self.fields
        self.postal = PostalFields(self.form, f, f.address)
        self.step = HandoverStep(self.form, shell, f, self)
        self.step.opened.connect(self._handover_opened)
        self.items = child(self.form, QTableWidget, "itemsTable")
        self.area = child(self.form, QWidget, "dossierArea")
        self.print_button = child(self.form, QPushButton, "printHandoverButton")
        self.print_button.clicked.connect(self.print_handover)
        self.shortcut("Ctrl+P", self.print_handover)
        self.new_button = child(self.form, QPushButton, "newHandoverButton")
        self.new_button.clicked.connect(self.new_handover)
        self.shortcut("Ctrl+N", self.new_handover)
        self.postal.item.returnPressed.connect(self._item_entered)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        child(self.form, QWidget, "documentsArea").setMinimumHeight(100)
        # the left column scrolls up and down on a short screen (1920×1080 at 150 %), never sideways
        left = child(self.form, QScrollArea, "leftScroll")
        left.setMinimumWidth(child(self.form, QWidget, "leftHost").minimumSizeHint().width()
                             + left.verticalScrollBar().sizeHint().width())  # fmt: skip
        self.area.setEnabled(False)
        self._lock_items()
        self._show_procedure(None)
        self.fit_to_screen(1366, 768)
        self.step.number.setFocus()

    @property
    def handover(self) -> Handover | None:
        return self.step.handover

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter in step 1 records the handover (the line edits and the date pass Enter up to here)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.handover is None:
            self.step.open()
            return
        super().keyPressEvent(event)

    def _lock_items(self) -> None:
        """Step 2 waits for a handover record."""
        for widget in (self.area, self.save_button, self.print_button, self.new_button):
            widget.setEnabled(False)

    def _handover_opened(self, _handover: Handover) -> None:
        for widget in (self.area, self.save_button, self.print_button, self.new_button):
            widget.setEnabled(True)
        self.update_due()
        self.postal.item.setFocus()

    # --- hooks of EntryDialog ---------------------------------------------------------------------
    def tab_head(self) -> list[QWidget]:
        f = self.fields
        return [*self.step.chain(), self.postal.item, f.scan, *f.applicant_chain(), self.postal.sender]

    def tab_tail(self) -> list[QWidget]:
        buttons = [
            self.save_button,
            self.print_button,
            self.new_button,
            child(self.form, QPushButton, "cancelButton"),
        ]
        return [*self.postal.after_checklist(), self.fields.note, *buttons]

    def received_at(self) -> datetime | None:
        """A mail-in dossier is received when the handover record is signed."""
        return self.handover.signed_at if self.handover else None

    def _item_entered(self) -> None:
        """Enter after the item number (a barcode scanner sends one): on to the chip card if valid."""
        if self.postal.check_item():
            self.fields.scan.setFocus()
        else:
            self.postal.item.selectAll()

    def _show_procedure(self, procedure: Procedure | None) -> None:
        super()._show_procedure(procedure)
        if procedure is not None and (procedure.personal_presence or not procedure.post_allowed):
            text = _t("Thủ tục %1 phải nộp trực tiếp tại bộ phận một cửa, không nhận hồ sơ qua bưu chính.")
            self.fields.set_message("procedureError", text.replace("%1", procedure.code))

    def build_raw(self) -> tuple[dict[str, Any], list[FieldError]]:
        raw, errors = super().build_raw()
        handover = self.handover
        if handover is None:
            return raw, [FieldError("handover", _t("Hãy mở biên bản giao nhận trước (bước 1)."))]
        raw["channel"] = "post"
        raw["postal"] = self.postal.mapping(handover.number, handover.signed_at)
        return raw, errors

    def on_saved(self, received: Received) -> None:
        record = received.dossier
        item = record.postal.item_number if record.postal else ""
        row = self.items.rowCount()
        self.items.insertRow(row)
        values = (item, record.applicant.full_name, record.procedure_name, record.code)
        for col, text in enumerate(values):
            self.items.setItem(row, col, QTableWidgetItem(text))
        self.items.scrollToBottom()
        self.step.count_one()
        self.show_result(
            _t("Đã tiếp nhận hồ sơ mã %1 (bưu gửi %2) — hẹn trả %3.")
            .replace("%1", record.code)
            .replace("%2", item)
            .replace("%3", record.due_at.strftime("%H:%M, %d/%m/%Y"))
        )

    def reset_form(self) -> None:
        """Clear for the next item of the delivery (the handover stays); it starts with the item number."""
        self.postal.reset()
        super().reset_form()
        if self.handover is not None:
            self.postal.item.setFocus()

    # --- the handover record ------------------------------------------------------------------------
    def new_handover(self) -> None:
        """Ctrl+N: this delivery is done; clear the screen for the next one, starting at step 1."""
        if self.saving or self.handover is None:
            return
        if self.is_dirty() and not self.confirm_discard():
            return
        self.reset_form()
        self.fields.set_message("resultLabel", "")
        self.fields.set_message("warningsLabel", "")
        self.items.setRowCount(0)
        self._lock_items()
        self.step.reset()
        self.update_due()

    def entered_items(self) -> list[str]:
        """The item numbers saved from this screen, in order."""
        cells = (self.items.item(row, 0) for row in range(self.items.rowCount()))
        return [cell.text() for cell in cells if cell is not None]

    def print_handover(self) -> None:
        """Ctrl+P: print the handover record with every dossier it carries (off the GUI thread)."""
        handover = self.handover
        if handover is None:
            self.fields.set_message("handoverError", _t("Chưa có biên bản giao nhận để in."))
            return
        job = PrintJob(
            f"handover-{handover.number}",
            partial(write_handover, self.shell.ctx, self.shell.user, handover.number),
            "forms",
            _t("Biên bản giao nhận số %1").replace("%1", handover.number),
        )
        self.shell.printing.print_document(job, self)
        self.fields.set_message(
            "handoverSummary",
            self.fields.label("handoverSummary").text() + " — " + _t("đang in biên bản…"),
            role="info",
        )
