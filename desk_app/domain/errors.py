"""Known errors: problems the officer can act on, each with a Vietnamese message.

Anything that is not a :class:`DeskError` is a bug: it is logged with a trace and shown once.
"""

from __future__ import annotations

from dataclasses import dataclass


class DeskError(Exception):
    """A known, user-facing problem. ``message`` is Vietnamese and shown as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldError:
    """One invalid field: ``field`` is a dotted path (``applicant.id_number``, ``documents.2.copies``)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationFailed(DeskError):
    """Input that must not be saved; carries every field error found, not only the first."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors) or "Dữ liệu không hợp lệ")

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFound(DeskError):
    """A dossier, procedure or other record that does not exist."""


class SequenceExhausted(DeskError):
    """The desk has used every dossier number of its block for the day."""


class StationNotInitialised(DeskError):
    """The data directory has no station configuration yet."""
