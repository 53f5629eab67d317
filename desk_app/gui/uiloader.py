"""The one loader of Qt Designer forms (``ui/*.ui``), created lazily because its first use is costly.

Screens call :func:`load_form` to build their layout from a ``.ui`` file and :func:`child` to pick the
named widgets out of it. The forms are found through :mod:`desk_app.locator`, so a source tree, an
installed wheel and a frozen bundle behave the same. Strings in a form are translated at load time
(``QUiLoader`` asks the installed translators, with the form's class name as the context).

Modules on the start-up path look ``QtCore.Qt`` up where they use it instead of importing ``Qt``: PySide
builds the namespace's hundred-odd enums on first access (~25 ms), which the window need not wait for.
"""

from __future__ import annotations

import itertools
import logging
from typing import TypeVar, cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QVBoxLayout, QWidget

from desk_app.locator import ui_file

log = logging.getLogger("desk_app.gui.uiloader")

_loader: QUiLoader | None = None
W = TypeVar("W", bound=QObject)


def _get_loader() -> QUiLoader:
    """The one ``QUiLoader``, made without Designer plugins.

    ``QUiLoader()`` loads every plugin in the ``designer`` folders of the library paths (in PySide6's
    wheels: Qt Quick, WebEngine and PySide's custom-widget bridge — WebEngine's libraries with them):
    ~25 ms of start-up and memory for nothing, since our forms use stock widgets only. The library
    paths are hidden from it while it is made, then restored.
    """
    global _loader
    if _loader is None:
        paths = QCoreApplication.libraryPaths()
        QCoreApplication.setLibraryPaths([])
        try:
            _loader = QUiLoader()
        finally:
            QCoreApplication.setLibraryPaths(paths)
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
    if parent is not None:
        # Hand ownership to the parent explicitly: the wrapper QUiLoader returns is otherwise owned by
        # Python, so collecting it deleted the form under Qt's feet (missing children, a GC segfault).
        widget.setParent(parent)
    pin_form_labels(widget)
    for view in widget.findChildren(QAbstractItemView):  # Tab leaves a list; arrow keys move inside it
        view.setTabKeyNavigation(False)
    log.debug("loaded form %s", name)
    return widget


def _in_label_column(layout: QFormLayout, label: QLabel) -> bool:
    row, role = cast(tuple[int, QFormLayout.ItemRole], layout.getWidgetPosition(label))
    return row >= 0 and role == QFormLayout.ItemRole.LabelRole


def pin_form_labels(form: QWidget) -> None:
    """Keep each form label level with its input when an error message opens below the input.

    A field cell may be the input plus a hidden error label; the form layout gives the label the whole
    cell's height, so a vertically centred label would drift down when the error shows. The label's
    text is put at the top, padded to sit level with the input's text. The input is the label's buddy
    (every input row of our forms has one; a test checks the .ui files).

    Positions are asked of the layouts (``getWidgetPosition``), never their ``QLayoutItem`` objects:
    PySide keeps a wrapper of each item it hands out alive with the layout, and once Qt deleted such an
    item its address came back for another object, which then had the wrong Python type (a "missing"
    child widget, a ``QWidgetItem`` where a layout was expected, a crash at garbage collection).
    """
    layouts = form.findChildren(QFormLayout)
    if not layouts:
        return
    for label in form.findChildren(QLabel):
        field = label.buddy()
        if field is None or isinstance(field, QLabel):
            continue
        if not any(_in_label_column(layout, label) for layout in layouts):
            continue
        pad = max(0, (field.sizeHint().height() - label.fontMetrics().height()) // 2)
        label.setContentsMargins(0, pad, 0, 0)
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop)


def embed_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>`` and make it the whole content of ``host`` (a dialog or a page)."""
    form = load_form(name, host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def chain_tabs(*widgets: QWidget) -> None:
    """Make Tab visit ``widgets`` in this order (forms embedded into hosts join the chain here)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def child(form: QObject, kind: type[W], name: str) -> W:
    """The widget ``name`` of ``kind`` in ``form``; a missing one is a bug in the form, not a user error."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} '{name}' is missing from form {form.objectName()!r}")
    return found
