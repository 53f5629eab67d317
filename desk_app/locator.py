"""One locator for the files that ship with desk_app: ``ui/``, ``resources/`` and ``db/``.

They live at the repository root in a source tree, under ``desk_app/_data`` in an installed wheel
(hatchling force-include) and under ``sys._MEIPASS`` in a PyInstaller bundle; callers never care which.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    """The folder that holds ``ui``, ``resources`` and ``db``."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen))
    package = Path(__file__).resolve().parent
    candidates += [package / "_data", package.parent]
    for root in candidates:
        if (root / "resources").is_dir() and (root / "db").is_dir():
            return root
    raise FileNotFoundError("desk_app's resources were not found next to the package or in the bundle")


def resource(*parts: str) -> Path:
    """A path under ``resources/`` (fonts, calendar, catalogue, i18n, templates)."""
    return data_root().joinpath("resources", *parts)


def ui_file(name: str) -> Path:
    """A Qt Designer form under ``ui/``."""
    return data_root() / "ui" / name


def migrations_dir(name: str = "station") -> Path:
    """An Alembic environment under ``db/``."""
    return data_root() / "db" / name
