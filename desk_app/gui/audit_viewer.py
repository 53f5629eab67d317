"""The supervisor's audit viewer: the trail's newest entries, filtered, and a check of its hash chain.

Filters: account, a group of actions by name (:func:`~desk_app.gui.audit_words.groups`), days from–to.
The newest :data:`PAGE` entries that match are shown, newest first, in words
(:mod:`desk_app.gui.audit_words`: "Đăng nhập", "lý do: …", dd/mm/yyyy times). "Kiểm tra tính toàn
vẹn" walks the whole chain
(:func:`~desk_app.services.audit.verify_audit`) and names the first entry that was changed, removed or
inserted. Both run off the GUI thread; officers cannot open it (the service refuses them too).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.audit import AuditEntry
from desk_app.domain.errors import DeskError
from desk_app.gui.audit_words import action_words, details_words, groups, when_words
from desk_app.gui.field_errors import restyle
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services.audit import AuditCheck, search_audit, verify_audit

PAGE = 500


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditDialog", text)


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class AuditDialog(QDialog):
    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setWindowTitle(_t("Nhật ký hệ thống"))
        self.form = embed_form("audit.ui", self)
        self.user = child(self.form, QLineEdit, "userEdit")
        self.action = child(self.form, QComboBox, "actionCombo")
        for text, prefix in groups():
            self.action.addItem(text, prefix)
        self.since = child(self.form, QDateEdit, "sinceEdit")
        self.until = child(self.form, QDateEdit, "untilEdit")
        self.table = child(self.form, QTableWidget, "entriesTable")
        self.outcome = child(self.form, QLabel, "resultLabel")
        today = shell.ctx.clock().date()
        self.until.setDate(QDate(today.year, today.month, today.day))
        self.since.setDate(QDate(today.year, today.month, today.day).addDays(-7))
        headers = [
            _t("Số"),
            _t("Thời điểm"),
            _t("Tài khoản"),
            _t("Thao tác"),
            _t("Đối tượng"),
            _t("Chi tiết"),
        ]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((70, 170, 110, 170, 200)):
            self.table.setColumnWidth(col, width)
        child(self.form, QPushButton, "filterButton").clicked.connect(self.refresh)
        child(self.form, QPushButton, "verifyButton").clicked.connect(self.verify)
        child(self.form, QPushButton, "closeButton").clicked.connect(self.reject)
        self.user.returnPressed.connect(self.refresh)
        self.action.currentIndexChanged.connect(self.refresh)
        fit_to_screen(self, 1100, 640)
        self.refresh()

    def refresh(self) -> None:
        work = partial(
            search_audit, self.shell.ctx, self.shell.user, user=self.user.text().strip().lower(),
            action=str(self.action.currentData() or ""), since=_day(self.since), until=_day(self.until),
            limit=PAGE,
        )  # fmt: skip
        self.shell.tasks.run(work, name="search-audit", owner=self, on_done=self._show, on_error=self._failed)

    def _show(self, entries: list[AuditEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = (str(e.id), when_words(e.at), e.actor, action_words(e.action), e.subject,
                      details_words(e.data if e.data != "{}" else ""))  # fmt: skip
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if col != 3 else f"{text} ({e.action})")  # the key, for IT
                self.table.setItem(row, col, cell)
        restyle(self.outcome, "role", "")
        more = _t(" (chỉ hiện %1 mục mới nhất)").replace("%1", str(PAGE)) if len(entries) >= PAGE else ""
        self.outcome.setText(_t("%1 mục").replace("%1", str(len(entries))) + more)

    def verify(self) -> None:
        self.outcome.setText(_t("Đang kiểm tra…"))
        work = partial(verify_audit, self.shell.ctx, self.shell.user)
        self.shell.tasks.run(
            work, name="verify-audit", owner=self, on_done=self._verified, on_error=self._failed
        )

    def _verified(self, outcome: AuditCheck) -> None:
        count, broken, anchors = outcome
        if broken is None:
            restyle(self.outcome, "role", "success")
            self.outcome.setText(_t("Nhật ký nguyên vẹn: %1 mục, không mục nào bị sửa, xóa hay chèn.")
                                .replace("%1", str(count)) + f" ({anchors})")  # fmt: skip
        else:
            where = str(broken.entry_id) if broken.entry_id is not None else _t("cuối nhật ký")
            restyle(self.outcome, "role", "error")
            self.outcome.setText(_t("Nhật ký đã bị thay đổi tại mục %1: %2").replace("%1", where)
                                .replace("%2", broken.reason) + f" ({anchors})")  # fmt: skip

    def _failed(self, exc: DeskError) -> None:
        restyle(self.outcome, "role", "error")
        self.outcome.setText(exc.message)
