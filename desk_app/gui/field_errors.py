"""Messages beside the fields of a form: the service's field errors, shown where the officer looks.

Each screen maps the service's field paths (``applicant.id_number``, ``postal.item_number``, ``reason`` …)
to an error label and the input to outline in red (``invalid`` property, styled by the form's style
sheet). A path not in the map falls back on its parents (``documents.2.copies`` → ``documents``), then on
the form's general error label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QLabel, QWidget

from desk_app.domain.errors import FieldError
from desk_app.gui.uiloader import child

#: field path → (error label, input widget to outline or None)
Places = Mapping[str, tuple[str, str | None]]


def sentence(text: str) -> str:
    """Service messages start in lower case (they follow a field name); show them as sentences."""
    return text[:1].upper() + text[1:] if text else text


def restyle(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the style sheet selects on, and re-apply the style."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class FieldMessages:
    """Shows and clears the messages of one form (labels found by name, anywhere inside ``form``)."""

    def __init__(self, form: QWidget, places: Places, general: str = "generalError") -> None:
        self.form, self.places, self.general = form, places, general

    def place_of(self, field: str) -> tuple[str, str | None]:
        """Where to show an error on ``field`` (the longest known prefix of its path)."""
        parts = field.split(".")
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            if key in self.places:
                return self.places[key]
        return self.general, None

    def labels(self) -> list[str]:
        return sorted({label for label, _ in self.places.values()} | {self.general})

    def clear(self) -> None:
        for name in self.labels():
            self.set_message(name, "")
        for widget in self.form.findChildren(QWidget):
            if widget.property("invalid"):
                restyle(widget, "invalid", False)

    def show(self, errors: Iterable[FieldError]) -> None:
        grouped: dict[str, list[str]] = {}
        for e in errors:
            label, widget = self.place_of(e.field)
            grouped.setdefault(label, []).append(sentence(e.message))
            if widget:
                restyle(child(self.form, QWidget, widget), "invalid", True)
        for label, messages in grouped.items():
            self.set_message(label, "\n".join(dict.fromkeys(messages)))

    def focus_first(self, errors: list[FieldError]) -> bool:
        """Put the cursor in the input of the first error; False if it has no input."""
        widget = self.place_of(errors[0].field)[1] if errors else None
        if widget:
            child(self.form, QWidget, widget).setFocus()
        return widget is not None

    def set_message(self, name: str, text: str, role: str = "error") -> None:
        label = child(self.form, QLabel, name)
        label.setText(text)
        restyle(label, "role", role)
        label.setVisible(bool(text))
