"""The one loader of Qt Designer forms (``ui/*.ui``), created lazily because its first use is costly.

Screens call :func:`load_form` to build their layout from a ``.ui`` file and :func:`child` to pick the
named widgets out of it. The forms are found through :mod:`desk_app.locator`, so a source tree, an
installed wheel and a frozen bundle behave the same. Strings in a form are translated at load time
(``QUiLoader`` asks the installed translators, with the form's class name as the context).
"""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_app.locator import ui_file

log = logging.getLogger("desk_app.gui.uiloader")

_loader: QUiLoader | None = None
W = TypeVar("W", bound=QObject)


def _get_loader() -> QUiLoader:
    global _loader
    if _loader is None:
        _loader = QUiLoader()
    return _loader


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Load ``ui/<name>`` and return its top-level widget (parented to ``parent`` if given)."""
    path = ui_file(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"Qt Designer form not found: {path}")
    try:
        widget = _get_loader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"Qt Designer form {path} could not be loaded: {_get_loader().errorString()}")
    log.debug("loaded form %s", name)
    return widget


def embed_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>`` and make it the whole content of ``host`` (a dialog or a page)."""
    form = load_form(name, host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def child(form: QObject, kind: type[W], name: str) -> W:
    """The widget ``name`` of ``kind`` in ``form``; a missing one is a bug in the form, not a user error."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} '{name}' is missing from form {form.objectName()!r}")
    return found
