"""Window sizes that fit the screen the window opens on: 1366×768 at 100 %, 1920×1080 at 125 % and 150 %
(1280×720 logical pixels, less the taskbar), with the title bar and borders the window manager adds."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: what a window manager adds around a window's client area (Windows 10/11: a 31 px title bar and 1 px
#: borders), in logical pixels
DECORATION = (2, 32)


def room(widget: QWidget) -> tuple[int, int]:
    """The largest client area a window of ``widget`` can have on its screen's free area."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    return free.width() - DECORATION[0], free.height() - DECORATION[1]


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Open ``widget`` at ``width``×``height``, or as large as its screen allows."""
    most_width, most_height = room(widget)
    widget.resize(min(width, most_width), min(height, most_height))
