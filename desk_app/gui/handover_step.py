"""Step 1 of the mail-in screen: the handover record signed with the postal worker, entered once.

Number, signing date and time (now by default; typed digits move through it, Tab leaves it), postal
worker and postal unit; Enter (or the button) records it with
:func:`~desk_app.services.mailin.open_handover` off the GUI thread. Once open, the inputs lock and a
one-line summary counts the dossiers entered against it. Re-opening an existing number with the same
signing time continues that delivery.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QLabel, QLineEdit, QPushButton, QWidget

from desk_app.domain.errors import DeskError, FieldError, ValidationFailed
from desk_app.domain.model import VN_TZ
from desk_app.gui.field_errors import FieldMessages
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child
from desk_app.services.mailin import Handover, open_handover


def _t(text: str) -> str:
    return QCoreApplication.translate("HandoverStep", text)


class HandoverStep(QObject):
    """The handover inputs of ``form``; ``opened(Handover)`` once the record is stored."""

    opened = Signal(object)

    def __init__(self, form: QWidget, shell: Shell, messages: FieldMessages, owner: QWidget) -> None:
        super().__init__(owner)
        self.shell, self.messages, self.owner = shell, messages, owner
        self.box = child(form, QWidget, "handoverBox")
        self.number = child(form, QLineEdit, "numberEdit")
        self.signed = child(form, QDateTimeEdit, "signedEdit")
        self.worker = child(form, QLineEdit, "workerEdit")
        self.unit = child(form, QLineEdit, "unitEdit")
        self.open_button = child(form, QPushButton, "openButton")
        self.summary = child(form, QLabel, "handoverSummary")
        self.handover: Handover | None = None
        self.entered = 0  # dossiers saved against it from this screen
        self.busy = False
        self._sign_now()
        self.open_button.clicked.connect(self.open)
        self.signed.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Tab leaves the date-time field (QDateTimeEdit would walk its sections); digits still do."""
        key = event.key() if isinstance(event, QKeyEvent) else None
        tab = key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if watched is self.signed and tab and event.type() == QEvent.Type.KeyPress:
            self.owner.focusNextPrevChild(key == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(watched, event)

    def _sign_now(self) -> None:
        now = self.shell.ctx.clock().astimezone(VN_TZ)
        self.signed.setDateTime(QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute)))

    def reset(self) -> None:
        """Forget the open record: empty, unlocked inputs signed now, for the next delivery."""
        self.handover = None
        self.entered = 0
        for edit in (self.number, self.worker, self.unit):
            edit.clear()
        self._sign_now()
        for widget in self.chain():
            widget.setEnabled(True)
        self.messages.set_message("handoverSummary", "")
        self.number.setFocus()

    def chain(self) -> list[QWidget]:
        return [self.number, self.signed, self.worker, self.unit, self.open_button]

    def contains_focus(self) -> bool:
        focus = self.box.focusWidget()
        return focus is not None and self.box.isAncestorOf(focus)

    def signed_at(self) -> datetime:
        d, t = self.signed.date(), self.signed.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=VN_TZ)

    def open(self) -> None:
        """Record the handover (Enter in any of its fields)."""
        if self.busy or self.handover is not None:
            return
        number = self.number.text().strip()
        if not (number.isascii() and number.isprintable()):
            # stop-gap until the domain refuses it: the number is printed as a Code128 barcode (ASCII only)
            text = _t("Số biên bản chỉ gồm chữ không dấu, chữ số và các dấu / - . (được in thành mã vạch)")
            errors = [FieldError("handover.number", text)]
            self.messages.show(errors)
            self.messages.focus_first(errors)
            return
        raw = {
            "number": number,
            "signed_at": self.signed_at(),
            "postal_worker": self.worker.text(),
            "postal_unit": self.unit.text(),
        }
        self.messages.clear()
        self.busy = True
        self.open_button.setEnabled(False)
        self.shell.tasks.run(
            partial(open_handover, self.shell.ctx, self.shell.user, raw),
            name="open-handover",
            owner=self.owner,
            on_done=self._opened,
            on_error=self._failed,
            on_finished=self._finished,
        )

    def _finished(self) -> None:
        self.busy = False
        self.open_button.setEnabled(self.handover is None)

    def _failed(self, exc: DeskError) -> None:
        errors = exc.errors if isinstance(exc, ValidationFailed) else [FieldError("handover", exc.message)]
        self.messages.show(errors)
        self.messages.focus_first(errors)

    def _opened(self, handover: Handover) -> None:
        self.handover = handover
        for widget in self.chain():
            widget.setEnabled(False)
        self.show_summary()
        self.opened.emit(handover)

    def count_one(self) -> None:
        self.entered += 1
        self.show_summary()

    def show_summary(self) -> None:
        h = self.handover
        if h is None:
            return
        text = (
            _t("Biên bản số %1, ký lúc %2 — nhân viên bưu chính: %3 — đã nhập %4 hồ sơ")
            .replace("%1", h.number)
            .replace("%2", h.signed_at.strftime("%H:%M %d/%m/%Y"))
            .replace("%3", h.postal_worker + (f" ({h.postal_unit})" if h.postal_unit else ""))
            .replace("%4", str(h.items + self.entered))
        )
        self.messages.set_message("handoverSummary", text, role="info")
