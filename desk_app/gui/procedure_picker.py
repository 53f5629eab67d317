"""Procedure type-ahead: a ``QLineEdit`` with a ``QCompleter`` fed by :meth:`Catalogue.search`.

``QCompleter``'s own filtering is case-insensitive at best, never diacritics-insensitive, so the
completer runs in ``UnfilteredPopupCompletion`` mode over a model we refill on each edit with the
catalogue's folded search ("ho chieu" finds "Cấp hộ chiếu phổ thông…"). Enter with the popup closed
picks the best match, so "type a few letters, Enter" is enough at the counter.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit

from desk_app.domain.catalogue import Catalogue, Procedure
from desk_app.domain.errors import NotFound
from desk_app.domain.model import LimitUnit, TimeLimit

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def _t(text: str) -> str:
    return QCoreApplication.translate("ProcedurePicker", text)


def limit_text(limit: TimeLimit) -> str:
    """The legal time limit in the UI's language ("8 ngày làm việc" / "8 working days")."""
    if limit.unit is LimitUnit.AT_ONCE:
        return _t("giải quyết ngay khi tiếp nhận")
    if limit.unit is LimitUnit.HALF_DAY:
        return _t("nửa ngày làm việc")
    if limit.unit is LimitUnit.CALENDAR_DAYS:
        return _t("%1 ngày").replace("%1", str(limit.value))
    if limit.unit is LimitUnit.HOURS:
        return _t("%1 giờ").replace("%1", str(limit.value))
    return _t("%1 ngày làm việc").replace("%1", str(limit.value))


def procedure_text(p: Procedure) -> str:
    return f"{p.code} — {p.name}"


class ProcedurePicker(QObject):
    """Owns the completer of ``edit``; ``picked(procedure or None)`` whenever the choice changes."""

    picked = Signal(object)

    def __init__(self, edit: QLineEdit, catalogue: Catalogue | None = None, *, limit: int = 15) -> None:
        super().__init__(edit)
        self._edit, self._catalogue, self._limit = edit, catalogue, limit
        self.current: Procedure | None = None
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(edit)
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        edit.textEdited.connect(self._edited)
        edit.returnPressed.connect(self._return_pressed)

    def popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter always has one
        return popup

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    def suggestions(self) -> list[str]:
        """The codes currently offered, best first (for tests and the status line)."""
        return [self.model.item(row).data(CODE_ROLE) for row in range(self.model.rowCount())]

    def pick(self, procedure: Procedure | None) -> None:
        """Choose ``procedure`` (None clears the choice) and show it in the line edit."""
        self.popup().hide()
        changed = procedure != self.current
        self.current = procedure
        if procedure is not None:
            self._edit.setText(procedure_text(procedure))
            self._edit.setCursorPosition(0)
        if changed:
            self.picked.emit(procedure)

    def clear(self) -> None:
        self._edit.clear()
        self.model.clear()
        self.pick(None)

    def _edited(self, text: str) -> None:
        if self.current is not None:
            self.current = None
            self.picked.emit(None)
        self.model.clear()
        if self._catalogue is None or not text.strip():
            self.popup().hide()
            return
        for p in self._catalogue.search(text, self._limit):
            item = QStandardItem(procedure_text(p))
            item.setData(p.code, CODE_ROLE)
            item.setToolTip(f"{p.name}\n" + _t("Thời hạn: %1").replace("%1", limit_text(p.limit)))
            item.setEditable(False)
            self.model.appendRow(item)
        if self.model.rowCount():
            self.completer.complete()
        else:
            self.popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        self._pick_code(index.data(CODE_ROLE))

    def _return_pressed(self) -> None:
        if self.current is None and self.model.rowCount():
            popup = self.popup()
            row = popup.currentIndex().row() if popup.isVisible() and popup.currentIndex().isValid() else 0
            self._pick_code(self.model.item(row).data(CODE_ROLE))

    def _pick_code(self, code: object) -> None:
        if self._catalogue is None or not isinstance(code, str):
            return
        try:
            self.pick(self._catalogue.get(code))
        except NotFound:
            self.pick(None)
