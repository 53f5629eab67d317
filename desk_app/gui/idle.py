"""The idle lock's watch: no keyboard or mouse input for ``[safety] idle_lock_minutes`` → ``idle``.

An application-wide event filter notes the time of the last input; a coarse timer asks :meth:`check`.
The clock is injected (``time.monotonic`` by default), so tests move a fake clock and call
:meth:`check` — no sleeping. Installed only once somebody is logged in: start-up pays nothing for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` once after ``limit_s`` seconds without input; :meth:`restart` arms it again."""

    idle = Signal()

    def __init__(
        self, limit_s: float, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.limit_s, self.clock = limit_s, clock
        self.last_input = clock()
        self.armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(min(max(limit_s / 10, 1), 15) * 1000))
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Watch from now (after a login or an unlock)."""
        if self.limit_s <= 0:  # 0 turns the idle lock off
            return
        app = QCoreApplication.instance()
        if app is not None and not self.armed:
            app.installEventFilter(self)
        self.armed = True
        self.last_input = self.clock()
        self._timer.start()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self.armed:
            app.removeEventFilter(self)
        self.armed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self.last_input = self.clock()
        return False

    def check(self) -> bool:
        """Emit ``idle`` (and stop watching) if the limit has passed; True if it did."""
        if self.armed and self.clock() - self.last_input >= self.limit_s:
            self.stop()
            self.idle.emit()
            return True
        return False
