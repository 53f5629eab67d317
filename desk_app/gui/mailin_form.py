"""The mail-in screen's postal fields: the item number (S10), sender and return addresses, the fee paid.

The item number is checked with the domain's S10 rule as soon as it is complete and again on Tab or
Enter, so a mistyped number is shown beside the field at once. The sender address follows the
applicant's address until the officer types another one; the return address is asked only when the
result goes back by post (empty: the sender address).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from desk_app.domain.errors import DeskError
from desk_app.domain.postal import check_s10, normalise_s10, s10_country_warning
from desk_app.gui.field_errors import FieldMessages, sentence
from desk_app.gui.intake_form import BASE_PLACES
from desk_app.gui.uiloader import child

S10_LENGTH = 13
PLACES = {
    **BASE_PLACES,
    "postal": ("itemError", "itemEdit"),
    "postal.item_number": ("itemError", "itemEdit"),
    "postal.sender_address": ("senderError", "senderEdit"),
    "postal.return_by_post": ("returnAddressError", "returnByPostCheck"),
    "postal.return_address": ("returnAddressError", "returnAddressEdit"),
    "result_delivery": ("returnAddressError", "returnByPostCheck"),
    "postal.fee_paid": ("feeError", "feePaidSpin"),
    "postal.post_receipt_number": ("feeError", "postReceiptEdit"),
    "postal.handover_record": ("handoverError", None),
    "postal.handover_at": ("handoverError", None),
    "received_at": ("handoverError", None),
    "handover": ("handoverError", "numberEdit"),
    "handover.number": ("handoverError", "numberEdit"),
    "handover.signed_at": ("handoverError", "signedEdit"),
    "handover.postal_worker": ("handoverError", "workerEdit"),
    "handover.postal_unit": ("handoverError", "unitEdit"),
}
TEXT_FIELDS = ("itemEdit", "senderEdit", "returnAddressEdit", "postReceiptEdit")


def _t(text: str) -> str:
    return QCoreApplication.translate("MailInForm", text)


def s10_feedback(text: str) -> tuple[str, str]:
    """The message to show beside an item-number field and its role ("error", "warning"; "" if fine)."""
    if not normalise_s10(text):
        return "", "error"
    try:
        number = check_s10(text)
    except DeskError as exc:
        return sentence(exc.message), "error"
    return s10_country_warning(number) or "", "warning"


class PostalFields:
    """Typed access to the postal widgets of ``ui/mailin.ui``; messages go through ``messages``."""

    def __init__(self, form: QWidget, messages: FieldMessages, applicant_address: QLineEdit) -> None:
        self.messages = messages
        self.item = child(form, QLineEdit, "itemEdit")
        self.sender = child(form, QLineEdit, "senderEdit")
        self.by_post = child(form, QCheckBox, "returnByPostCheck")
        self.return_address = child(form, QLineEdit, "returnAddressEdit")
        self.fee = child(form, QSpinBox, "feePaidSpin")
        self.receipt = child(form, QLineEdit, "postReceiptEdit")
        self._sender_follows = True
        applicant_address.textChanged.connect(self._mirror_address)
        self.sender.textEdited.connect(lambda text: setattr(self, "_sender_follows", not text.strip()))
        self.by_post.toggled.connect(self.return_address.setEnabled)
        self.item.textEdited.connect(self._item_typed)
        self.item.editingFinished.connect(self.check_item)

    def after_checklist(self) -> list[QWidget]:
        """The postal inputs Tab visits after the papers (the item number and sender come earlier)."""
        return [self.by_post, self.return_address, self.fee, self.receipt]

    def _mirror_address(self, text: str) -> None:
        if self._sender_follows:
            self.sender.setText(text)

    def _item_typed(self, text: str) -> None:
        if len(normalise_s10(text)) >= S10_LENGTH:
            self.check_item()
        else:
            self.messages.set_message("itemError", "")

    def check_item(self) -> bool:
        """Show the S10 check of the item number beside it; True if it is valid."""
        message, role = s10_feedback(self.item.text())
        self.messages.set_message("itemError", message, role)
        return bool(normalise_s10(self.item.text())) and role != "error"

    def mapping(self, handover_number: str, signed_at: datetime) -> dict[str, Any]:
        """The ``postal`` object of a mail-in intake."""
        fee = self.fee.value()
        return {
            "item_number": self.item.text(),
            "handover_record": handover_number,
            "handover_at": signed_at.isoformat(),
            "sender_address": self.sender.text(),
            "return_by_post": self.by_post.isChecked(),
            "return_address": self.return_address.text() if self.by_post.isChecked() else "",
            "fee_paid": fee or None,
            "post_receipt_number": self.receipt.text(),
        }

    def reset(self) -> None:
        """For the next dossier (the text fields are cleared with the rest of the form)."""
        self._sender_follows = True
        self.by_post.setChecked(True)
        self.fee.setValue(0)
