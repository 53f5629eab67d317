"""Keyboard helpers for GUI tests.

``qtbot.keyClicks`` aborts the process on non-ASCII text (Qt's qasciikey assert), so Vietnamese is
typed as one ``QKeyEvent`` per character carrying the character as its text — what a keyboard-wedge
scanner produces — or committed at once with a ``QInputMethodEvent``, as Unikey/IBus do.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` key by key into ``widget`` (default: the focused widget); any Unicode."""
    for ch in text:
        target = widget or focused()
        code = ord(ch.upper()) if ord(ch) < 128 else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))


def commit_text(text: str, widget: QWidget | None = None) -> None:
    """Commit ``text`` through the input method, as a Vietnamese IME does after composing it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget or focused(), event)


def press(
    key: Qt.Key, widget: QWidget | None = None, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press and release ``key`` on ``widget`` (default: the focused widget); shortcuts fire."""
    QTest.keyClick(widget or focused(), key, modifier)


def scan(payload: str, widget: QWidget | None = None) -> None:
    """What a keyboard-wedge scanner does: the payload as fast keystrokes, then Enter."""
    type_text(payload, widget)
    press(Qt.Key.Key_Return, widget)
