"""Run in a fresh process by the GUI benchmarks: start, show a window, report timings and memory.

``python gui_probe.py bare`` shows a bare QMainWindow; ``python gui_probe.py app DATA_DIR [--work]``
shows desk_app's main window on that station and, with ``--work``, lists all days, fetches pages and
searches, as an officer would, before reporting peak memory. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a
    probe started by a big test process would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - STARTED
    return {"shown_s": shown, "peak_mb": _peak_mb()}


def app(data_dir: str, work: bool) -> dict[str, float]:
    from pathlib import Path

    import desk_app.cli  # noqa: F401 - the way in of `desk-app`: what it loads counts before the window
    from desk_app.domain.accounts import Role, User
    from desk_app.gui.app import ensure_application, launch

    marks: dict[str, float] = {}
    window, station = launch(
        Path(data_dir),
        interactive=False,
        on_shown=lambda: marks.setdefault("shown", time.perf_counter() - STARTED),
        user=User("bench", "Bench", Role.OFFICER),  # as if logged in: the login itself is not measured
    )
    qt_app = ensure_application()
    window.shell.tasks.wait_idle()  # the day's first page and the catalogue
    qt_app.processEvents()
    figures = {"shown_s": marks["shown"], "ready_s": time.perf_counter() - STARTED}
    if work:
        tasks = window.shell.tasks
        tasks.wait_idle()
        model = window.table.model()
        model.show_day(None)  # every day: the lazy model over the whole station
        tasks.wait_idle()
        for _ in range(20):
            if model.canFetchMore():
                model.fetchMore()
                tasks.wait_idle()
            qt_app.processEvents()
        window.table.scrollToBottom()
        qt_app.processEvents()
        figures["rows_loaded"] = model.rowCount()
        for text in ("nguyen", "tran van h", "079"):
            model.show_search(text)
            tasks.wait_idle()
            qt_app.processEvents()
        figures["search_rows"] = model.rowCount()
    figures["peak_mb"] = _peak_mb()
    window.close()
    qt_app.processEvents()
    station.close()
    return figures


if __name__ == "__main__":
    result = bare() if sys.argv[1] == "bare" else app(sys.argv[2], "--work" in sys.argv)
    print(json.dumps(result))
