"""The background-task helper: results and errors arrive on the GUI thread, bugs are shown once."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from desk_app.domain.errors import DeskError
from desk_app.gui.messages import Messenger
from desk_app.gui.tasks import TaskManager


def make() -> tuple[TaskManager, Messenger]:
    messages = Messenger(interactive=False)
    return TaskManager(messages), messages


def test_result_is_delivered_on_the_gui_thread(qtbot):
    tasks, _ = make()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(
            work,
            on_done=lambda v: seen.update(value=v, callback=threading.get_ident()),
            on_finished=lambda: seen.update(finished=True),
        )
    assert seen["worker"] != gui and seen["callback"] == gui
    assert seen["value"] == 42 and seen["finished"] is True
    assert tasks.pending == 0


def test_known_error_goes_to_on_error_or_is_shown_in_vietnamese(qtbot):
    tasks, messages = make()
    errors: list[str] = []

    def fail() -> None:
        raise DeskError("Máy in chưa bật")

    tasks.run(fail, on_error=lambda exc: errors.append(exc.message))
    tasks.run(fail)
    assert tasks.wait_idle()
    assert errors == ["Máy in chưa bật"]
    assert [(m.kind, m.text) for m in messages.history] == [("error", "Máy in chưa bật")]


def test_a_bug_is_logged_with_its_trace_and_shown_once(qtbot, caplog):
    tasks, messages = make()
    finished: list[bool] = []

    def broken() -> None:
        raise ZeroDivisionError("chia cho 0")

    for _ in range(3):
        tasks.run(
            broken, on_error=lambda exc: finished.append(False), on_finished=lambda: finished.append(True)
        )
    assert tasks.wait_idle()
    assert finished == [True, True, True]  # on_error is for known errors only
    bugs = [m for m in messages.history if m.kind == "bug"]
    assert len(bugs) == 1 and "ZeroDivisionError" in bugs[0].details and "Traceback" in bugs[0].details
    assert sum("unexpected error" in r.message for r in caplog.records) == 3


def test_callbacks_are_skipped_when_the_owner_is_gone(qtbot):
    tasks, _ = make()
    owner = QObject()
    called: list[int] = []
    tasks.run(lambda: 1, on_done=called.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(10)
    assert tasks.wait_idle()
    assert called == []
