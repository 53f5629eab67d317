"""The dossier details dialog: who filed what, when it is due, the papers handed over, its history."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.model import DocumentForm, ResultDelivery
from desk_app.domain.records import DossierRecord
from desk_app.gui.dossier_model import status_label
from desk_app.gui.printing import ReceiptPrinting
from desk_app.gui.uiloader import child, embed_form

EVENT_LABELS = {"received": "Tiếp nhận hồ sơ, in giấy biên nhận"}


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierDetails", text)


def _money(amount: int | None) -> str:
    return _t("chưa rõ") if amount is None else f"{amount:,}".replace(",", ".") + " " + _t("đồng")


class DossierDetailsDialog(QDialog):
    """Shows one dossier read-only; Ctrl+P (or the button) reprints its receipt."""

    def __init__(
        self, record: DossierRecord, printing: ReceiptPrinting, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.record = record
        self._printing = printing
        self.setWindowTitle(_t("Hồ sơ %1").replace("%1", record.code))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = embed_form("details.ui", self)
        self._fill()
        child(self.form, QPushButton, "reprintButton").clicked.connect(self.reprint)
        child(self.form, QPushButton, "closeButton").clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.reprint)
        self.resize(1000, 640)

    def _set(self, name: str, text: str) -> None:
        child(self.form, QLabel, name).setText(text or "—")

    def _fill(self) -> None:
        r, a = self.record, self.record.applicant
        self._set("codeValue", r.code)
        self._set("statusValue", status_label(r.status))
        self._set("nameValue", a.full_name)
        self._set("idValue", a.id_number)
        birth = a.birth_date.strftime("%d/%m/%Y") if a.birth_date else ""
        self._set("birthValue", ", ".join(x for x in (birth, a.sex.value if a.sex else "") if x))
        self._set("addressValue", a.address)
        self._set("contactValue", ", ".join(x for x in (a.phone, a.email) if x))
        self._set("procedureValue", f"{r.procedure_name} ({r.procedure_code})")
        self._set("receivedValue", r.received_at.strftime("%H:%M %d/%m/%Y"))
        due = r.due_at.strftime("%H:%M %d/%m/%Y") + (" " + _t("(dự kiến)") if r.due_provisional else "")
        self._set("dueValue", due)
        self._set("feeValue", f"{_money(r.fee)}; {r.sets} " + _t("bộ"))
        try:
            delivery = _t(ResultDelivery(r.result_delivery).label_vi)
        except ValueError:
            delivery = r.result_delivery
        self._set("deliveryValue", delivery)
        self._set("officerValue", f"{r.officer} — " + _t("bàn %1").replace("%1", str(r.desk)))
        docs = child(self.form, QTableWidget, "documentsTable")
        docs.setRowCount(len(r.documents))
        for row, d in enumerate(r.documents):
            docs.setItem(row, 0, QTableWidgetItem(d.name))
            docs.setItem(row, 1, QTableWidgetItem(_t(DocumentForm(d.form).label_vi)))
            docs.setItem(row, 2, QTableWidgetItem(str(d.copies)))
        docs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        docs.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        docs.horizontalHeader().setStretchLastSection(False)
        events = child(self.form, QTableWidget, "eventsTable")
        events.setRowCount(len(r.events))
        for row, e in enumerate(r.events):
            events.setItem(row, 0, QTableWidgetItem(e.at.strftime("%H:%M:%S %d/%m/%Y")))
            events.setItem(row, 1, QTableWidgetItem(_t(EVENT_LABELS.get(e.kind, e.kind))))
            events.setItem(row, 2, QTableWidgetItem(e.actor))
            events.setItem(row, 3, QTableWidgetItem(e.reason))
        events.resizeColumnsToContents()
        events.horizontalHeader().setStretchLastSection(True)

    def reprint(self) -> None:
        self._printing.print_receipt(self.record, self)
