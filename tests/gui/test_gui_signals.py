"""Guard against a PySide6 defect: 6.12.0 loses a reference to True on every Python-signal emit.

On Python 3.11 True is an ordinary refcounted object; the app emits signals all day (every background
task ends with one), so the count would reach zero and the process abort ("bool_dealloc"). pyproject pins
PySide6 below 6.12; this test fails if an upgrade brings the defect back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)
    payload = Signal(object)


def test_emitting_signals_keeps_the_reference_counts_of_true_and_false(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: received.append(None))
    emitter.flag.connect(received.append)
    emitter.payload.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.plain.emit()
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        emitter.payload.emit(True)
    assert len(received) == 800
    received.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
