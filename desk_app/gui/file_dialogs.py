"""Saving and opening files the way an officer expects: the system's own dialog (Windows' is in the
language of Windows; elsewhere Qt's, translated by ``resources/i18n/qt_vi.ts``), starting in the user's
Documents folder, with the file name filled in (the whole dossier code, never cut at a dot)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """The user's Documents folder (``~/Documents``, ``C:\\Users\\…\\Documents``), else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def save_file(parent: QWidget | None, title: str, name: str, kinds: str) -> Path | None:
    """Ask where to save ``name`` (in Documents by default); None when the officer cancels."""
    chosen, _kind = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / name), kinds)
    return Path(chosen) if chosen else None
