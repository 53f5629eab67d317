"""The document checklist of the intake screen: one row per paper the procedure asks for.

Each row has a check box (ticked = handed over; mandatory papers end with “*”), the number of copies
and original / certified copy / copy. A row's copies and form are enabled only when it is ticked, so
Tab walks through the ticked rows' details and skips the rest. A paper's name wraps (a click on it ticks
the box, as on a check box's own text), so the copies and form columns never hide behind a scroll bar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from desk_app.domain.catalogue import RequiredDocument
from desk_app.domain.model import DocumentForm


def _t(text: str) -> str:
    return QCoreApplication.translate("DocumentChecklist", text)


class _Row:
    def __init__(self, doc: RequiredDocument, check: QCheckBox, copies: QSpinBox, form: QComboBox,
                 label: QLabel) -> None:  # fmt: skip
        self.doc, self.check, self.copies, self.form, self.label = doc, check, copies, form, label


class _Ticks(QObject):
    """A click on a paper's name toggles its check box."""

    def __init__(self, check: QCheckBox) -> None:
        super().__init__(check)
        self.check = check

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(event, QMouseEvent) or event.type() != QEvent.Type.MouseButtonRelease:
            return False
        if event.button() == Qt.MouseButton.LeftButton and self.check.isEnabled():
            self.check.toggle()
            self.check.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return False


def _paper(doc: RequiredDocument, i: int, host: QWidget) -> tuple[QWidget, QCheckBox, QLabel]:
    """A check box and the paper's name beside it, wrapping."""
    cell = QWidget(host)
    line = QHBoxLayout(cell)
    line.setContentsMargins(0, 0, 0, 0)
    line.setSpacing(4)
    name = doc.name + (" *" if doc.mandatory else "")
    check = QCheckBox(cell)
    check.setObjectName(f"documentCheck{i}")
    check.setAccessibleName(name)
    label = QLabel(name, cell)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setObjectName(f"documentName{i}")
    label.installEventFilter(_Ticks(check))
    if doc.mandatory:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        tip = _t("Giấy tờ bắt buộc") + (f"\n{doc.note}" if doc.note else "")
    else:
        tip = doc.note
    for widget in (check, label):
        widget.setToolTip(tip)
    line.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(label, 1)
    return cell, check, label


class DocumentChecklist(QObject):
    """Builds the rows inside ``host``; ``changed`` when a row is ticked or edited."""

    changed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self._grid = QGridLayout(host)
        self._grid.setContentsMargins(6, 4, 6, 4)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(4)
        self.rows: list[_Row] = []
        self.set_documents(())

    def _clear_grid(self) -> None:
        # By widget, not by QLayoutItem (see uiloader.pin_form_labels on PySide and layout items):
        # removeWidget drops and frees the grid's item at once, deleteLater the widget.
        for widget in self._host.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.rows = []

    def set_documents(self, documents: tuple[RequiredDocument, ...]) -> None:
        """Show the checklist of a procedure (an empty tuple shows a hint)."""
        self._clear_grid()
        if not documents:
            hint = QLabel(_t("Chọn thủ tục để hiện danh sách giấy tờ cần nộp."), self._host)
            hint.setStyleSheet("color: #555;")
            self._grid.addWidget(hint, 0, 0)
            hint.show()
            self._grid.setRowStretch(1, 1)
            return
        for col, text in enumerate((_t("Giấy tờ"), _t("Số bản"), _t("Loại bản"))):
            header = QLabel(text, self._host)
            header.setStyleSheet("font-weight: bold;")
            self._grid.addWidget(header, 0, col)
            header.show()
        for i, doc in enumerate(documents, start=1):
            cell, check, label = _paper(doc, i, self._host)
            copies = QSpinBox(self._host)
            copies.setRange(1, 99)
            copies.setValue(doc.copies)
            copies.setObjectName(f"documentCopies{i}")
            form = QComboBox(self._host)
            form.setObjectName(f"documentForm{i}")
            for f in DocumentForm:
                form.addItem(_t(f.label_vi), f.value)
            form.setCurrentIndex(form.findData(doc.form.value))
            row = _Row(doc, check, copies, form, label)
            self._set_row_enabled(row, False)
            check.toggled.connect(lambda on, r=row: self._toggled(r, on))
            copies.valueChanged.connect(self.changed)
            form.currentIndexChanged.connect(self.changed)
            top = Qt.AlignmentFlag.AlignTop
            for col, widget in enumerate((cell, copies, form)):
                self._grid.addWidget(widget, i, col, top if col else Qt.AlignmentFlag(0))
                widget.show()  # now, not at the next event loop turn: Tab must reach it at once
            self.rows.append(row)
        self._grid.setColumnStretch(0, 1)
        self._grid.setRowStretch(len(documents) + 1, 1)

    def _set_row_enabled(self, row: _Row, on: bool) -> None:
        row.copies.setEnabled(on)
        row.form.setEnabled(on)

    def _toggled(self, row: _Row, on: bool) -> None:
        self._set_row_enabled(row, on)
        self.changed.emit()

    def selected(self) -> list[dict[str, Any]]:
        """The ticked papers in the intake mapping's shape."""
        return [
            {"name": r.doc.name, "copies": r.copies.value(), "form": r.form.currentData()}
            for r in self.rows
            if r.check.isChecked()
        ]

    def any_checked(self) -> bool:
        return any(r.check.isChecked() for r in self.rows)

    def tab_chain(self) -> list[QWidget]:
        """The row widgets in keyboard order: check box, copies, form, next row…"""
        return [w for r in self.rows for w in (r.check, r.copies, r.form)]

    def first_widget(self) -> QWidget | None:
        return self.rows[0].check if self.rows else None
