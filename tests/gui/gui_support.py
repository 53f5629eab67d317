"""Shared constants and helpers of the GUI tests (imported by conftest.py and tests; never conftest)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.config import Config, Counter, Station

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
STATION_CONFIG = Config(
    Station(
        agency_code="G01.79.760.001",
        agency_name="Công an phường Sài Gòn",
        desk=1,
        parent_agency="Công an TP. Hồ Chí Minh",
        place="TP. Hồ Chí Minh",
    ),
    Counter(officer_name="Trần Văn Hòa"),
)
#: tests that drive a modal exec() themselves turn conftest's modal watchdog off
WATCHDOG = {"enabled": True}


SIZE = (1366, 768)


def beside(label: QWidget, field: QWidget) -> bool:
    """``label`` (a field's error) is shown just under or level with ``field`` in the same window:
    visible, starting within a line's height of the field and overlapping it horizontally."""
    if not (label.isVisible() and field.isVisible()):
        return False
    window = field.window()
    at, own = label.mapTo(window, QPoint(0, 0)), field.mapTo(window, QPoint(0, 0))
    below = 0 <= at.y() - (own.y() + field.height()) <= field.height()
    level = abs(at.y() - own.y()) <= field.height()
    overlap = at.x() < own.x() + field.width() and own.x() < at.x() + label.width()
    return (below or level) and overlap


def save_screen(name: str, widget: QWidget, behind: QPixmap | None = None) -> Path:
    """``widget`` as it would look on a 1366×768 screen (full screen, or centred over ``behind``)."""
    QApplication.processEvents()
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    shot = widget.grab()
    if (shot.width(), shot.height()) != SIZE:
        screen = QPixmap(*SIZE)
        screen.fill(QColor("#5b6770"))
        painter = QPainter(screen)
        if behind is not None:
            painter.drawPixmap(0, 0, behind)
            painter.fillRect(screen.rect(), QColor(0, 0, 0, 60))
        painter.drawPixmap(QPoint((SIZE[0] - shot.width()) // 2, (SIZE[1] - shot.height()) // 2), shot)
        painter.end()
        shot = screen
    assert shot.save(str(path))
    return path


def bring_up(qtbot, dialog: QWidget, shell) -> None:  # type: ignore[no-untyped-def]
    """Wait for a dialog just opened to be shown and active, and for the shell's reference data (the
    catalogue) to be loaded: the state a person meets it in."""
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    shell.tasks.wait_idle()
