"""The outbox view: what this desk still has to send to the central server, and what the server refused.

Opened from the status bar's sync indicator (or Xem → Hàng đợi đồng bộ). Rows newest first, filtered by
state; records needing attention (a conflict the server will not accept) are listed with the server's
reason for a supervisor to look at. "Gửi lại mục đã chọn" makes the chosen records due at once, "Gửi lại
ngay tất cả" every waiting one; the next sync round (started at once) sends them. Reads and retries run
off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.gui.field_errors import restyle
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.sync.policy import officer_text
from desk_app.sync.worker import OutboxItem, outbox_items, retry_records

PAGE = 500


def _t(text: str) -> str:
    return QCoreApplication.translate("OutboxDialog", text)


def _states() -> list[tuple[str, str | None]]:
    return [
        (_t("Tất cả"), None),
        (_t("Cần xử lý"), "attention"),
        (_t("Chờ gửi"), "queued"),
        (_t("Đang gửi"), "sending"),
        (_t("Đã gửi"), "acknowledged"),
    ]


def _kind(kind: str) -> str:
    return {"dossier": _t("Hồ sơ"), "event": _t("Xử lý hồ sơ"), "blob": _t("Bản quét")}.get(kind, kind)


def _explain(error: str) -> str:
    """The server's refusal in the officer's words (the raw reason stays in the tooltip)."""
    return officer_text(error)


def _when(value: datetime | None) -> str:
    return value.strftime("%H:%M:%S %d/%m/%Y") if value else ""


class OutboxDialog(QDialog):
    retry_requested = Signal()  # records were made due: the main window starts a sync round

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setWindowTitle(_t("Hàng đợi đồng bộ với máy chủ trung tâm"))
        self.form = embed_form("outbox.ui", self)
        self.state = child(self.form, QComboBox, "stateCombo")
        self.table = child(self.form, QTableWidget, "recordsTable")
        self.summary = child(self.form, QLabel, "summaryLabel")
        self.outcome = child(self.form, QLabel, "resultLabel")
        for label, value in _states():
            self.state.addItem(label, value)
        headers = [_t("Loại"), _t("Mã hồ sơ"), _t("Trạng thái"), _t("Số lần thử"), _t("Thử lại lúc"),
                   _t("Tạo lúc"), _t("Lý do / lỗi gần nhất")]  # fmt: skip
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((100, 190, 90, 80, 150, 150)):
            self.table.setColumnWidth(col, width)
        header = self.table.horizontalHeader()
        for col in range(len(headers) - 1):  # codes and times whole: a code differs at its end
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        child(self.form, QPushButton, "refreshButton").clicked.connect(self.refresh)
        child(self.form, QPushButton, "retrySelectedButton").clicked.connect(self.retry_selected)
        child(self.form, QPushButton, "retryAllButton").clicked.connect(self.retry_all)
        child(self.form, QPushButton, "closeButton").clicked.connect(self.reject)
        self.items: list[OutboxItem] = []
        fit_to_screen(self, 1000, 560)
        self.refresh()

    def refresh(self) -> None:
        work = partial(outbox_items, self.shell.ctx, self.shell.user, self.state.currentData(), PAGE)
        self.shell.tasks.run(work, name="outbox", owner=self, on_done=self._show, on_error=self._failed)

    def _show(self, items: list[OutboxItem]) -> None:
        self.items = items
        labels = {value: label for label, value in _states() if value}
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            retry_at = _when(item.next_attempt_at) if item.state == "queued" else ""
            values = (_kind(item.kind), item.code or item.ref[:12], labels.get(item.state, item.state),
                      str(item.attempts), retry_at, _when(item.created_at),
                      _explain(item.last_error))  # fmt: skip
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                if item.state == "attention":
                    cell.setForeground(QColor("#b3261e"))
                if col == len(values) - 1:
                    cell.setToolTip(item.last_error)
                self.table.setItem(row, col, cell)
        attention = sum(1 for i in items if i.state == "attention")
        waiting = sum(1 for i in items if i.state in ("queued", "sending"))
        text = _t("%1 bản ghi chờ gửi, %2 bản ghi máy chủ từ chối cần lãnh đạo xem "
                  "(trong %3 bản ghi hiện ra).")  # fmt: skip
        self.summary.setText(text.replace("%1", str(waiting)).replace("%2", str(attention))
                             .replace("%3", str(len(items))))  # fmt: skip
        restyle(self.summary, "role", "error" if attention else "")

    def _selected_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.items[r].id for r in sorted(rows) if self.items[r].state in ("queued", "attention")]

    def retry_selected(self) -> None:
        ids = self._selected_ids()
        if not ids:
            restyle(self.outcome, "role", "error")
            self.outcome.setText(_t("Chọn một bản ghi đang chờ gửi hoặc cần xử lý để gửi lại."))
            return
        self._retry(partial(retry_records, self.shell.ctx, self.shell.user, ids))

    def retry_all(self) -> None:
        from desk_app.sync.worker import retry_now

        self._retry(partial(retry_now, self.shell.ctx))

    def _retry(self, work: Callable[[], int]) -> None:
        done, failed = self._retried, self._failed
        self.shell.tasks.run(work, name="outbox-retry", owner=self, on_done=done, on_error=failed)

    def _retried(self, count: int) -> None:
        restyle(self.outcome, "role", "success")
        self.outcome.setText(_t("Đã đưa %1 bản ghi vào lượt gửi tiếp theo.").replace("%1", str(count)))
        self.retry_requested.emit()
        self.refresh()

    def _failed(self, exc: DeskError) -> None:
        restyle(self.outcome, "role", "error")
        self.outcome.setText(exc.message)
