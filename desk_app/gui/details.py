"""The dossier view: who filed what, when it is due, the post and the register, its history, its actions.

The status shows an overdue or due-today mark; mail-in dossiers show their postal details. The
timeline lists every event with its time, what happened, who did it, why and its key data. Only the
actions the dossier's state allows now (:func:`~desk_app.services.lifecycle.available_actions`) are
offered, as buttons with mnemonics; each opens :class:`~desk_app.gui.actions.ActionDialog`. When the
result is in, "Trả kết quả" is the default button, so scan the receipt → Enter → confirm with Enter is
enough to hand it over. Ctrl+P reprints the receipt; the control slip is printable at any time.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.lifecycle import Action, Status
from desk_app.domain.model import DocumentForm, ResultDelivery
from desk_app.domain.records import DossierRecord
from desk_app.gui.actions import FORM_OF, ActionDialog, action_text, form_job, form_title
from desk_app.gui.dossier_model import DUE_TODAY, MARK_COLOURS, OVERDUE
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.labels import status_label
from desk_app.gui.shell import Shell
from desk_app.gui.timeline import event_details, event_label
from desk_app.gui.uiloader import chain_tabs, child, embed_form
from desk_app.services.lifecycle import Acted, available_actions, flags


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierDetails", text)


def _money(amount: int | None) -> str:
    return _t("chưa rõ") if amount is None else f"{amount:,}".replace(",", ".") + " " + _t("đồng")


class DossierDetailsDialog(QDialog):
    """Shows one dossier and offers what can be done with it; ``changed(DossierRecord)`` after an action."""

    changed = Signal(object)

    def __init__(self, record: DossierRecord, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = embed_form("details.ui", self)
        self._actions = QHBoxLayout(child(self.form, QWidget, "actionsHost"))
        self._actions.setContentsMargins(0, 0, 0, 0)
        self._actions.setSpacing(6)
        self.action_buttons: dict[Action, QPushButton] = {}
        self.reprint_button = child(self.form, QPushButton, "reprintButton")
        self.slip_button = child(self.form, QPushButton, "controlSlipButton")
        self.reprint_button.clicked.connect(self.reprint)
        self.slip_button.clicked.connect(self.print_control_slip)
        self.forms_button = child(self.form, QPushButton, "formsButton")
        self.forms_menu = QMenu(self.forms_button)
        self.forms_button.setMenu(self.forms_menu)
        self.pages_button = child(self.form, QPushButton, "pagesButton")
        self.pages_button.clicked.connect(self.open_pages)
        QShortcut(QKeySequence("F7"), self).activated.connect(self.open_pages)
        child(self.form, QPushButton, "closeButton").clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.reprint)
        self.show_record(record)
        fit_to_screen(self, 1240, 720)

    def show_record(self, record: DossierRecord) -> None:
        """Show ``record`` (again, after an action)."""
        self.record = record
        self.setWindowTitle(_t("Hồ sơ %1").replace("%1", record.code))
        self._fill()
        self._fill_postal()
        self._fill_documents()
        pages = sum(a.pages for a in record.attachments)
        self.pages_button.setText(_t("Trang &quét: %1 (F7)").replace("%1", str(pages)))
        self._fill_events()
        self._build_actions()
        self._fill_forms()

    def _set(self, name: str, text: str) -> None:
        child(self.form, QLabel, name).setText(text or "—")

    def _fill(self) -> None:
        r, a = self.record, self.record.applicant
        self._set("codeValue", r.code)
        self._set("statusValue", status_label(r.status))
        marks = flags(self.shell.ctx, r)
        mark = OVERDUE if marks["overdue"] else DUE_TODAY if marks["due_today"] else None
        mark_label = child(self.form, QLabel, "markValue")
        mark_label.setText({OVERDUE: _t("QUÁ HẠN"), DUE_TODAY: _t("HẠN TRẢ HÔM NAY")}.get(mark or "", ""))
        if mark is not None:
            mark_label.setStyleSheet(
                f"color: white; background: {MARK_COLOURS[mark]}; font-weight: bold; padding: 2px 8px;"
            )
        mark_label.setVisible(mark is not None)
        self._set("nameValue", a.full_name)
        self._set("idValue", a.id_number)
        birth = a.birth_date.strftime("%d/%m/%Y") if a.birth_date else ""
        self._set("birthValue", ", ".join(x for x in (birth, a.sex.value if a.sex else "") if x))
        self._set("addressValue", a.address)
        self._set("contactValue", ", ".join(x for x in (a.phone, a.email) if x))
        self._set("procedureValue", f"{r.procedure_name} ({r.procedure_code})")
        self._set("receivedValue", r.received_at.strftime("%H:%M %d/%m/%Y"))
        due = r.due_at.strftime("%H:%M %d/%m/%Y") + (" " + _t("(dự kiến)") if r.due_provisional else "")
        if r.extended:
            due += " " + _t("(đã gia hạn)")
        self._set("dueValue", due)
        self._set("feeValue", f"{_money(r.fee)}; {r.sets} " + _t("bộ"))
        try:
            delivery = _t(ResultDelivery(r.result_delivery).label_vi)
        except ValueError:
            delivery = r.result_delivery
        self._set("deliveryValue", delivery)
        self._set("officerValue", f"{r.officer} — " + _t("bàn %1").replace("%1", str(r.desk)))
        register = ""
        if r.register_book is not None and r.register_number is not None:
            register = (
                _t("Quyển số %1, số thứ tự %2")
                .replace("%1", f"{r.register_book:02d}")
                .replace("%2", f"{r.register_number:02d}")
            )
        self._set("registerValue", register)

    def _fill_postal(self) -> None:
        p = self.record.postal
        child(self.form, QGroupBox, "postalBox").setVisible(p is not None)
        if p is None:
            return
        self._set("itemValue", p.item_number)
        handover = _t("số %1, ký lúc %2").replace("%1", p.handover_number)
        handover = handover.replace("%2", p.handover_at.strftime("%H:%M %d/%m/%Y"))
        self._set("handoverValue", handover + (f" — {p.postal_worker}" if p.postal_worker else ""))
        self._set("senderValue", p.sender_address)
        if p.return_by_post:
            back = _t("qua bưu chính, về: %1").replace("%1", p.return_address or p.sender_address)
        else:
            back = _t("tại bộ phận tiếp nhận và trả kết quả")
        self._set("returnPostValue", back)
        fee = _money(p.fee_paid) if p.fee_paid else _t("không")
        if p.post_receipt_number:
            fee += "; " + _t("biên lai số %1").replace("%1", p.post_receipt_number)
        self._set("postFeeValue", fee)
        self._set("outgoingValue", p.outgoing_item_number or "")

    def _fill_documents(self) -> None:
        docs = child(self.form, QTableWidget, "documentsTable")
        docs.setRowCount(len(self.record.documents))
        for row, d in enumerate(self.record.documents):
            docs.setItem(row, 0, QTableWidgetItem(d.name))
            docs.setItem(row, 1, QTableWidgetItem(_t(DocumentForm(d.form).label_vi)))
            docs.setItem(row, 2, QTableWidgetItem(str(d.copies)))
        docs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        docs.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        docs.horizontalHeader().setStretchLastSection(False)

    def _fill_events(self) -> None:
        events = child(self.form, QTableWidget, "eventsTable")
        events.setRowCount(len(self.record.events))
        for row, e in enumerate(self.record.events):
            cells = (e.at.strftime("%H:%M %d/%m/%Y"), event_label(e), e.actor, e.reason, event_details(e))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                events.setItem(row, col, cell)
        header = events.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        events.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped text
        events.scrollToBottom()

    # --- actions --------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        for button in self.action_buttons.values():
            self._actions.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.action_buttons = {}
        allowed = available_actions(self.shell.ctx, self.record)
        for action in allowed:
            button = QPushButton(action_text(action), self.form)
            button.setObjectName(f"action-{action.value}")
            button.setAutoDefault(False)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _checked=False, a=action: self.open_action(a))
            self._actions.addWidget(button)
            self.action_buttons[action] = button
        child(self.form, QLabel, "noActionsLabel").setVisible(not allowed)
        chain_tabs(*self.action_buttons.values(), self.slip_button, self.reprint_button)
        default = self.action_buttons.get(Action.RETURN)
        if default is not None and self.record.status == Status.RESULT_RECEIVED:
            default.setDefault(True)  # scan the receipt, Enter, Enter: the result is handed over
            default.setFocus()
        elif self.action_buttons:
            next(iter(self.action_buttons.values())).setFocus()

    def open_action(self, action: Action) -> ActionDialog:
        """Ask for what ``action`` needs (window-modal, the view stays responsive) and apply it."""
        dialog = ActionDialog(self.shell, self.record, action, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acted.connect(self._acted)
        dialog.finished.connect(lambda _result: self.activateWindow())  # keys come back to the view
        dialog.open()
        dialog.first_input().setFocus()
        return dialog

    def _acted(self, acted: Acted) -> None:
        self.show_record(acted.dossier)
        self.changed.emit(acted.dossier)

    def open_pages(self) -> QDialog:
        """F7: the dossier's scanned pages (scan, add files, turn, reorder, move between papers)."""
        from desk_app.gui.page_editor import PageEditorDialog

        editor = PageEditorDialog(self.shell, self.record, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.changed.connect(self._pages_changed)
        editor.finished.connect(lambda _result: self.activateWindow())
        editor.open()
        return editor

    def _pages_changed(self, record: DossierRecord) -> None:
        self.show_record(record)
        self.changed.emit(record)

    def printed_forms(self) -> list[str]:
        """The forms this dossier has had printed for it, to print again: the receipt, the control slip,
        and the notice of each action it went through (supplement request, refusal, extension, stop)."""
        kinds = {e.kind for e in self.record.events}
        done = [form for action, form in FORM_OF.items() if action.value in kinds]
        return ["receipt", "control-slip", *done]

    def _fill_forms(self) -> None:
        self.forms_menu.clear()
        for form in self.printed_forms():
            item = self.forms_menu.addAction(form_title(form))
            item.triggered.connect(partial(self.print_form, form))

    def print_form(self, form: str) -> None:
        """Print one of the dossier's forms again (after a print that failed, or a lost copy)."""
        if form == "receipt":
            self.reprint()
            return
        job = form_job(self.shell.ctx, self.shell.user, form, self.record.code)
        self.shell.printing.print_document(job, self)

    def reprint(self) -> None:
        self.shell.printing.print_receipt(self.record, self)

    def print_control_slip(self) -> None:
        """The control slip (phiếu kiểm soát) with every step so far."""
        job = form_job(self.shell.ctx, self.shell.user, "control-slip", self.record.code)
        self.shell.printing.print_document(job, self)
