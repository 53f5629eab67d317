"""The dashboard on a high-DPI screen: run in its own process with ``QT_SCALE_FACTOR=2`` (Qt reads it once,
when the application starts) by ``test_gui_dashboard.py``; prints the device pixel ratio, the window's
size and its smallest size, and saves the screenshot given as the first argument."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main(data_dir: Path, shot: Path) -> None:
    app = QApplication([])
    from desk_app import bootstrap
    from desk_app.config import Config, Counter
    from desk_app.gui.app import build_main_window
    from desk_app.services.demo import DEMO_STATION, populate
    from tests.actors import SUPERVISOR, add_accounts

    config = Config(DEMO_STATION, Counter(officer_name="Trần Văn Hòa"))
    station = bootstrap.initialise_station(data_dir, config)
    populate(station.ctx, 600)
    add_accounts(station.ctx)
    window = build_main_window(station, SUPERVISOR)
    window.resize(1366, 768)
    window.show()
    window.dashboard_action.trigger()
    dialog = window.dashboard
    dialog.show_month()
    for _ in range(100):
        app.processEvents()
        window.shell.tasks.wait_idle()
        if dialog.figures is not None and dialog.figures.start.day == 1:
            break
    dialog.resize(1366, 740)
    app.processEvents()
    dialog.grab().save(str(shot))
    hint = dialog.minimumSizeHint()
    print(dialog.devicePixelRatio(), dialog.width(), dialog.height(), hint.width(), hint.height(),
          dialog.figures.received if dialog.figures else -1)  # fmt: skip
    window.close()
    station.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
