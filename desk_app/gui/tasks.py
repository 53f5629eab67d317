"""The one background-task helper: run a callable off the GUI thread, get the outcome on it.

``tasks.run(fn, on_done=…, on_error=…, on_finished=…, owner=…)`` queues ``fn`` on the manager's own
``QThreadPool``. The operation must not touch widgets; it returns plain data. The worker emits one
signal of the manager (which lives in the GUI thread), so the callbacks always run on the GUI thread:

* success → ``on_done(result)``;
* :class:`DeskError` → ``on_error(exc)`` if given, else the Vietnamese message is shown;
* anything else → logged with its trace and shown once as a bug (:class:`Messenger.bug`);
* then ``on_finished()`` in every case (re-enable a button …).

Callbacks are skipped when ``owner`` (a widget) has been deleted meanwhile. :meth:`wait_idle` lets tests
and window close wait until no task is queued, running or waiting for its callbacks.
"""

from __future__ import annotations

import itertools
import logging
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from desk_app.domain.errors import DeskError
from desk_app.gui.messages import Messenger

log = logging.getLogger("desk_app.gui.tasks")

#: Every manager ever built, so test fixtures can check that none left work running.
ALL_MANAGERS: weakref.WeakSet[TaskManager] = weakref.WeakSet()


@dataclass
class _Pending:
    name: str
    on_done: Callable[[Any], object] | None
    on_error: Callable[[DeskError], object] | None
    on_finished: Callable[[], object] | None
    owner: QObject | None


class _Job(QRunnable):
    def __init__(self, manager: TaskManager, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._manager, self._id, self._fn = manager, task_id, fn

    def run(self) -> None:  # worker thread: no widgets here
        try:
            result = self._fn()
        except BaseException as exc:  # reported on the GUI thread
            self._manager._finished.emit(self._id, False, (exc, traceback.format_exc()))
        else:
            self._manager._finished.emit(self._id, True, result)


class TaskManager(QObject):
    """Runs operations on a private thread pool; ``idle`` is emitted when the last one has finished."""

    _finished = Signal(int, bool, object)
    idle = Signal()

    def __init__(self, messenger: Messenger, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pool.setExpiryTimeout(2000)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        ALL_MANAGERS.add(self)

    @property
    def pending(self) -> int:
        """Tasks queued, running, or whose callbacks have not run yet."""
        return len(self._pending)

    @property
    def active_threads(self) -> int:
        return self._pool.activeThreadCount()

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[DeskError], object] | None = None,
        on_finished: Callable[[], object] | None = None,
        owner: QObject | None = None,
        name: str = "",
    ) -> int:
        """Queue ``fn`` (no arguments; use a lambda or functools.partial); return the task's id."""
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(
            name or getattr(fn, "__name__", "task"), on_done, on_error, on_finished, owner
        )
        self._pool.start(_Job(self, task_id, fn))
        return task_id

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        item = self._pending.pop(task_id, None)
        if item is None:
            return
        try:
            alive = item.owner is None or shiboken6.isValid(item.owner)
            owner = item.owner if alive else None
            parent = owner if isinstance(owner, QWidget) else None
            if ok:
                if alive and item.on_done is not None:
                    item.on_done(payload)
            else:
                error, trace = cast(tuple[BaseException, str], payload)
                if isinstance(error, DeskError):
                    log.info("task %s: %s", item.name, type(error).__name__)  # no personal data
                    if alive and item.on_error is not None:
                        item.on_error(error)
                    else:
                        self._messenger.error(error.message, parent)
                else:
                    self._messenger.bug(error, trace, parent)
            if alive and item.on_finished is not None:
                item.on_finished()
        except Exception as exc:  # a bug in a callback: report it, keep the loop alive
            self._messenger.bug(exc, traceback.format_exc())
        finally:
            if not self._pending:
                self.idle.emit()

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Wait (processing events) until every task has run and delivered; False on time-out."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            self._pool.waitForDone(20)
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents()
        return not self._pending

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Drop queued work, wait for running work; called when the main window closes."""
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
        self._pending.clear()
