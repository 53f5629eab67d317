"""The message bridge: how non-widget code tells the officer about problems.

Known errors (:class:`~desk_app.domain.errors.DeskError`) carry a Vietnamese message shown as is.
Anything else is a bug: logged with its trace and shown once per kind (never swallowed, never a storm of
dialogs). Boxes are opened window-modal with ``open()`` so the event loop (and the tests) keep running.
Every message is also kept in :attr:`Messenger.history` for tests and the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("desk_app.gui.messages")


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


@dataclass(frozen=True)
class Message:
    kind: str  # "error" | "info" | "bug"
    text: str
    details: str = ""


class Messenger(QObject):
    """Shows known errors, information and bugs; ``shown`` is emitted for every message."""

    shown = Signal(object)

    def __init__(self, parent: QObject | None = None, *, interactive: bool = True) -> None:
        super().__init__(parent)
        self.interactive = interactive  # tests and the self-test turn the boxes off
        self.history: list[Message] = []
        self.offers: list[Callable[[], None] | None] = []  # each message's offered action (tests press it)
        self._bugs_seen: set[tuple[str, str]] = set()

    def error(
        self, text: str, parent: QWidget | None = None, offer: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        """A known problem the officer can act on (printer offline, invalid ID number …); ``offer`` adds
        a button that does something about it ("Lưu PDF…")."""
        title = _t("Không thực hiện được")
        self._show(Message("error", text), parent, QMessageBox.Icon.Warning, title, offer)

    def info(self, text: str, parent: QWidget | None = None) -> None:
        self._show(Message("info", text), parent, QMessageBox.Icon.Information, _t("Thông báo"))

    def bug(
        self, exc: BaseException, trace: str, parent: QWidget | None = None, report: Path | None = None
    ) -> None:
        """An unexpected error: log it with its trace; show it once per (type, message), with the crash
        report's path when one was written."""
        log.error("unexpected error: %s\n%s", exc, trace)
        key = (type(exc).__name__, str(exc))
        if key in self._bugs_seen:
            return
        self._bugs_seen.add(key)
        text = _t("Đã xảy ra lỗi ngoài dự kiến. Hãy báo cho bộ phận CNTT; chi tiết đã được ghi vào nhật ký.")
        if report is not None:
            text += "\n" + _t("Báo cáo lỗi (không có dữ liệu công dân): %1").replace("%1", str(report))
        self._show(
            Message("bug", text, f"{type(exc).__name__}: {exc}\n\n{trace}"),
            parent,
            QMessageBox.Icon.Critical,
            _t("Lỗi chương trình"),
        )

    def _show(self, message: Message, parent: QWidget | None, icon: QMessageBox.Icon, title: str,
              offer: tuple[str, Callable[[], None]] | None = None) -> None:  # fmt: skip
        self.history.append(message)
        self.offers.append(offer[1] if offer else None)
        self.shown.emit(message)
        if not self.interactive:
            return
        box = QMessageBox(
            icon, title, message.text, QMessageBox.StandardButton.Ok, parent or QApplication.activeWindow()
        )
        box.button(QMessageBox.StandardButton.Ok).setText(_t("Đóng"))
        if offer is not None:
            button = box.addButton(offer[0], QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(offer[1])
        if message.details:
            box.setDetailedText(message.details)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        box.open()
