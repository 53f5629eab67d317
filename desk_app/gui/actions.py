"""One small dialog per life-cycle action: ask for what the action needs, run it, offer its form.

The dialog shows only the inputs its action needs (a reason; the new due date for an extension; who
collected the result and the ID checked, or the outgoing postal item, for a return), runs
:func:`~desk_app.services.lifecycle.act` off the GUI thread and shows a refusal
(:class:`~desk_app.domain.lifecycle.TransitionRefused`) beside the field it names. On success it emits
``acted(Acted)`` and, for a supplement request, a refusal or an extension, offers to print the form
(Enter prints, Esc does not). Enter confirms, Esc cancels.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desk_app.domain.accounts import OVERRIDE_ACTIONS, AccessDenied, Permission, User
from desk_app.domain.errors import DeskError, FieldError
from desk_app.domain.lifecycle import Action
from desk_app.domain.lifecycle_rules import REASON_REQUIRED as REASON_MESSAGES
from desk_app.domain.records import DossierRecord
from desk_app.gui.field_errors import FieldMessages
from desk_app.gui.labels import status_label
from desk_app.gui.mailin_form import s10_feedback
from desk_app.gui.printing import PrintJob
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services.accounts import LoginFailed, authenticate
from desk_app.services.context import DeskContext
from desk_app.services.forms import write_form
from desk_app.services.lifecycle import Acted, act

PLACES = {
    "reason": ("reasonError", "reasonEdit"),
    "provision": ("provisionError", "provisionEdit"),
    "new_due": ("newDueError", "newDueEdit"),
    "collected_by": ("collectedByError", "collectedByEdit"),
    "id_checked": ("idCheckedError", "idCheckedEdit"),
    "postal_item": ("postalItemError", "postalItemEdit"),
    "approver": ("approverError", "approverEdit"),
}
#: the form that documents an action, as named by services.forms.write_form
FORM_OF = {Action.REQUEST_SUPPLEMENT: "supplement", Action.REFUSE: "refusal", Action.EXTEND: "extension",
           Action.STOP: "stop"}  # fmt: skip
REASON_REQUIRED = (Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.STOP, Action.EXTEND, Action.VOID)
PROVISION_OF = (Action.REFUSE, Action.STOP)  # printed as "Căn cứ …" on CT06 and Mẫu 05


#: actions that end the dossier's life (or undo its intake): their button is never the one Enter presses
IRREVERSIBLE = frozenset({Action.VOID, Action.REFUSE, Action.STOP})


def _t(text: str) -> str:
    return QCoreApplication.translate("ActionDialog", text)


def action_text(action: Action) -> str:
    """The action's button label, with a mnemonic unique among the actions of any one status."""
    return {
        Action.REQUEST_SUPPLEMENT: _t("Yêu cầu &bổ sung"),
        Action.SUPPLEMENTED: _t("Đã bổ &sung"),
        Action.TRANSFER: _t("&Chuyển xử lý"),
        Action.RESULT_RECEIVED: _t("&Nhận kết quả"),
        Action.RETURN: _t("Trả &kết quả"),
        Action.REFUSE: _t("&Từ chối tiếp nhận"),
        Action.STOP: _t("&Dừng giải quyết"),
        Action.EXTEND: _t("&Gia hạn"),
        Action.VOID: _t("&Hủy hồ sơ"),
    }[action]


def _hints() -> dict[Action, str]:
    return {
        Action.REQUEST_SUPPLEMENT: _t(
            "Thời hạn giải quyết tạm dừng cho tới khi công dân bổ sung đủ, rồi tính lại từ đầu."
        ),
        Action.SUPPLEMENTED: _t(
            "Công dân đã nộp đủ giấy tờ: thời hạn giải quyết tính lại từ đầu kể từ bây giờ."
        ),
        Action.TRANSFER: _t("Chuyển hồ sơ cho bộ phận giải quyết."),
        Action.RESULT_RECEIVED: _t("Ghi nhận đã nhận kết quả giải quyết, sẵn sàng trả cho công dân."),
        Action.RETURN: _t(
            "Trả kết quả: kiểm tra giấy tờ của người nhận, hoặc ghi số hiệu bưu gửi trả kết quả."
        ),
        Action.REFUSE: _t("Từ chối tiếp nhận, giải quyết hồ sơ; lý do được in trên phiếu từ chối."),
        Action.STOP: _t(
            "Dừng giải quyết hồ sơ (ví dụ công dân rút hồ sơ); lý do và căn cứ được in trên thông báo Mẫu 05."
        ),
        Action.EXTEND: _t("Chỉ được gia hạn một lần, chậm nhất 01 ngày làm việc trước ngày hẹn trả."),
        Action.VOID: _t("Hủy hồ sơ nhập nhầm: hồ sơ không bị xóa, vẫn giữ trong lịch sử."),
    }


def form_title(form: str) -> str:
    return {
        "receipt": _t("Giấy biên nhận"),
        "supplement": _t("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": _t("Phiếu từ chối tiếp nhận, giải quyết hồ sơ"),
        "extension": _t("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "stop": _t("Thông báo dừng giải quyết hồ sơ"),
        "control-slip": _t("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    }.get(form, form)


def form_job(ctx: DeskContext, user: User, form: str, code: str) -> PrintJob:
    """Print one of the dossier's one-stop forms (``services.forms.write_form``)."""
    title = form_title(form) + " — " + code
    return PrintJob(f"{form}-{code}", partial(write_form, ctx, user, form, code), "forms", title)


def next_working_day(ctx: DeskContext, day: date) -> date:
    day += timedelta(days=1)
    while not ctx.calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def act_approved(ctx: DeskContext, actor: User, code: str, action: Action, approver: tuple[str, str],
                 **inputs: Any) -> Acted:  # fmt: skip
    """Worker job of an override by an officer: the supervisor logs in on the officer's screen ("four
    eyes"), then the action runs with them as approver. A failed approval is shown at its field."""
    try:
        supervisor = authenticate(ctx, *approver)
        return act(ctx, actor, code, action, approver=supervisor, **inputs)
    except (LoginFailed, AccessDenied) as exc:
        raise DeskError(exc.message, field="approver") from None


class ActionDialog(QDialog):
    """Asks for what ``action`` needs on ``record`` and applies it; ``acted(Acted)`` on success."""

    acted = Signal(object)

    def __init__(self, shell: Shell, record: DossierRecord, action: Action, parent: QWidget | None = None):
        super().__init__(parent)
        self.shell, self.record, self.action = shell, record, action
        self.result_: Acted | None = None
        self.busy = False
        self.setWindowTitle(action_text(action).replace("&", "") + " — " + record.code)
        self.form = embed_form("action.ui", self)
        self.messages = FieldMessages(self.form, PLACES)
        self.reason = child(self.form, QLineEdit, "reasonEdit")
        self.new_due = child(self.form, QDateEdit, "newDueEdit")
        self.by_post = child(self.form, QCheckBox, "byPostCheck")
        self.collected_by = child(self.form, QLineEdit, "collectedByEdit")
        self.id_checked = child(self.form, QLineEdit, "idCheckedEdit")
        self.postal_item = child(self.form, QLineEdit, "postalItemEdit")
        self.approver = child(self.form, QLineEdit, "approverEdit")
        self.approver_password = child(self.form, QLineEdit, "approverPasswordEdit")
        self.needs_approval = action.value in OVERRIDE_ACTIONS and not shell.user.may(Permission.OVERRIDE)
        self.ok_button = child(self.form, QPushButton, "okButton")
        self.print_button = child(self.form, QPushButton, "printButton")
        self.cancel_button = child(self.form, QPushButton, "cancelButton")
        self._layout = self.form.findChild(QFormLayout, "inputForm")
        self._fill()
        self.ok_button.clicked.connect(self.submit)
        self.print_button.clicked.connect(self.print_form)
        self.cancel_button.clicked.connect(self.reject)
        self.by_post.toggled.connect(self._show_delivery)
        self.postal_item.editingFinished.connect(self._check_item)
        (self.cancel_button if self.action in IRREVERSIBLE else self.ok_button).setDefault(True)
        self.setMinimumWidth(640)
        self.adjustSize()

    # --- the inputs -----------------------------------------------------------------------------------
    def _row(self, label: str, visible: bool) -> None:
        assert self._layout is not None
        self._layout.setRowVisible(child(self.form, QLabel, label), visible)

    def _fill(self) -> None:
        r, a = self.record, self.action
        child(self.form, QLabel, "titleLabel").setText(action_text(a).replace("&", ""))
        who = f"{r.code} — {r.applicant.full_name} — {r.procedure_name}"
        child(self.form, QLabel, "dossierLabel").setText(who)
        child(self.form, QLabel, "hintLabel").setText(_hints()[a])
        if a in IRREVERSIBLE:  # never on Enter: a click, or Alt + its letter; Enter and Esc go back
            self.ok_button.setText(action_text(a))
            self.ok_button.setAutoDefault(False)
            what = action_text(a).replace("&", "").lower()
            self.cancel_button.setText(_t("Quay lại, không %1 (Enter, Esc)").replace("%1", what))
        else:
            self.ok_button.setText(action_text(a) + " " + _t("(Enter)"))
        reason_label = child(self.form, QLabel, "reasonLabel")
        reason_label.setText(_t("&Lý do: *") if a in REASON_REQUIRED else _t("&Ghi chú:"))
        if a is Action.REQUEST_SUPPLEMENT:
            self.reason.setPlaceholderText(_t("Ghi rõ giấy tờ cần bổ sung, hoàn thiện"))
        self._row("reasonLabel", a is not Action.RETURN)
        self._row("provisionLabel", a in PROVISION_OF)  # the legal provision a refusal or a stop rests on
        extend = a is Action.EXTEND
        self._row("currentDueLabel", extend)
        self._row("newDueLabel", extend)
        if extend:
            due = r.due_at.date()
            child(self.form, QLabel, "currentDueValue").setText(r.due_at.strftime("%H:%M %d/%m/%Y"))
            self.new_due.setMinimumDate(QDate(due.year, due.month, due.day).addDays(1))
            new = next_working_day(self.shell.ctx, due)
            self.new_due.setDate(QDate(new.year, new.month, new.day))
        self._row("approvalLabel", self.needs_approval)
        self._row("approverLabel", self.needs_approval)
        self._row("approverPasswordLabel", self.needs_approval)
        if self.needs_approval:
            child(self.form, QLabel, "approvalLabel").setText(
                _t("Thao tác này cần lãnh đạo duyệt: lãnh đạo nhập tên đăng nhập và mật khẩu tại đây.")
            )
        self._row("deliveryLabel", a is Action.RETURN)
        if a is Action.RETURN:
            self.collected_by.setText(r.applicant.full_name)
            self.id_checked.setText(r.applicant.id_number)
            self.by_post.setChecked(r.result_delivery == "post")
        self._show_delivery(self.by_post.isChecked())

    def _show_delivery(self, by_post: bool) -> None:
        returning = self.action is Action.RETURN
        self._row("collectedByLabel", returning and not by_post)
        self._row("idCheckedLabel", returning and not by_post)
        self._row("postalItemLabel", returning and by_post)
        self.messages.clear()
        self.first_input().setFocus()

    def first_input(self) -> QWidget:
        if self.action is Action.RETURN:
            return self.postal_item if self.by_post.isChecked() else self.collected_by
        return self.reason

    def _check_item(self) -> None:
        message, role = s10_feedback(self.postal_item.text())
        self.messages.set_message("postalItemError", message, role)

    def inputs(self) -> dict[str, Any]:
        """The keyword arguments of ``act`` for what is on screen."""
        a = self.action
        if a is Action.RETURN:
            if self.by_post.isChecked():
                return {"postal_item": self.postal_item.text()}
            return {"collected_by": self.collected_by.text(), "id_checked": self.id_checked.text()}
        kwargs: dict[str, Any] = {"reason": self.reason.text()}
        if a in PROVISION_OF:
            kwargs["provision"] = child(self.form, QLineEdit, "provisionEdit").text()
        if a is Action.EXTEND:
            d = self.new_due.date()
            kwargs["new_due"] = date(d.year(), d.month(), d.day())
        return kwargs

    # --- acting ---------------------------------------------------------------------------------------
    def submit(self) -> None:
        """Enter: apply the action off the GUI thread (the button is disabled meanwhile)."""
        if self.busy or self.result_ is not None:
            return
        self.messages.clear()
        ctx, user, code = self.shell.ctx, self.shell.user, self.record.code
        work = partial(act, ctx, user, code, self.action, **self.inputs())
        problems = []  # every missing input at once, the cursor in the first
        if self.action in REASON_REQUIRED and not self.reason.text().strip():  # the service's own words
            problems.append(FieldError("reason", REASON_MESSAGES.get(self.action.value, "")))
        name, secret = self.approver.text().strip(), self.approver_password.text()
        if self.needs_approval and (not name or not secret):
            problems.append(FieldError("approver", _t("Cần tên đăng nhập và mật khẩu của lãnh đạo duyệt")))
        if problems:
            self.messages.show(problems)
            self.messages.focus_first(problems)
            self.adjustSize()
            return
        if self.needs_approval:
            self.approver_password.clear()
            work = partial(act_approved, ctx, user, code, self.action, (name, secret), **self.inputs())
        self._set_busy(True)
        self.shell.tasks.run(
            work,
            name=f"act-{self.action.value}",
            owner=self,
            on_done=self._done,
            on_error=self._refused,
            on_finished=partial(self._set_busy, False),
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)

    def _refused(self, exc: DeskError) -> None:
        field = exc.field if exc.field in PLACES else ""
        self.messages.show([FieldError(field, exc.message)])
        self.messages.focus_first([FieldError(field, exc.message)])
        self.adjustSize()  # the message below its field needs room: the inputs keep their height

    def _done(self, acted: Acted) -> None:
        self.result_ = acted
        self.acted.emit(acted)
        form = FORM_OF.get(self.action)
        if form is None and not acted.warnings:
            self.accept()
            return
        self.messages.set_message("doneLabel", self.done_text(acted.dossier), role="success")
        self.messages.set_message("doneWarnings", "\n".join(acted.warnings), role="warning")
        child(self.form, QStackedWidget, "pages").setCurrentIndex(1)
        self.ok_button.hide()
        self.ok_button.setDefault(False)
        if form is not None:
            self.print_button.setText(_t("In %1 (Enter)").replace("%1", form_title(form).lower()))
            self.print_button.show()
            self.print_button.setDefault(True)
            self.print_button.setFocus()
            self.cancel_button.setText(_t("Không in (Esc)"))
        else:
            self.cancel_button.setText(_t("Đóng (Enter)"))
            self.cancel_button.setDefault(True)
            self.cancel_button.setFocus()

    def done_text(self, record: DossierRecord) -> str:
        """What the officer is told once the action is recorded."""
        due = record.due_at.strftime("%H:%M %d/%m/%Y")
        text = {
            Action.REQUEST_SUPPLEMENT: _t("Đã yêu cầu bổ sung hồ sơ; thời hạn giải quyết tạm dừng."),
            Action.REFUSE: _t("Đã từ chối tiếp nhận hồ sơ."),
            Action.STOP: _t("Đã dừng giải quyết hồ sơ."),
            Action.EXTEND: _t("Đã gia hạn: hẹn trả mới %1.").replace("%1", due),
            Action.SUPPLEMENTED: _t("Đã ghi nhận bổ sung: hẹn trả mới %1.").replace("%1", due),
        }.get(self.action)
        if text is None:
            text = _t("Đã ghi nhận. Trạng thái hồ sơ: %1.").replace("%1", status_label(record.status))
        return text

    def print_form(self) -> None:
        """Print the form that documents the action (supplement request, refusal, extension)."""
        form = FORM_OF.get(self.action)
        if form is not None and self.result_ is not None:
            self.shell.printing.print_document(
                form_job(self.shell.ctx, self.shell.user, form, self.record.code), self.parentWidget()
            )
        self.accept()

    def reject(self) -> None:
        if not self.busy:
            super().reject()
