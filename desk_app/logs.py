"""The station's log file, ``<data dir>/logs/desk_app.log`` (rotated), kept free of personal data.

The code logs codes, counts and user names, never a citizen's name, ID number, address or phone (the
issue-5 rule; a test runs a whole intake at DEBUG and scans the file). As a second line of defence every
record — and the trace of a crash report — passes :class:`PersonalDataFilter`, which masks what looks
like an ID or phone number (9–12 digits) or an e-mail address. SQLAlchemy's statement log (which would
print the citizens' data as parameters) is held at WARNING whatever the level asked for.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

ENV_LEVEL = "DESK_APP_LOG_LEVEL"
LOG_NAME = "desk_app.log"
_MASKS = (
    re.compile(r"(?<!\d)\d{9,12}(?!\d)"),  # CCCD (12), old CMND (9), phone numbers (10–11)
    re.compile(r"\+84\d{9,10}"),
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
)


def mask(text: str) -> str:
    for pattern in _MASKS:
        text = pattern.sub("***", text)
    return text


class PersonalDataFilter(logging.Filter):
    """Masks ID numbers, phone numbers and e-mail addresses in the message and the exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def log_to_file(data_dir: Path, level: str | None = None) -> Path:
    """Send this process's log to the station's log file (once; called by the composition roots)."""
    folder = data_dir / "logs"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "desk_app_file", None) == str(path):
            return path
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.desk_app_file = str(path)  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    for other in root.handlers:  # the console (stderr) is masked too, and keeps to warnings: the file
        other.addFilter(PersonalDataFilter())  # has the rest, a command's stderr stays one line
        other.setLevel(max(other.level, logging.WARNING))
    root.addHandler(handler)
    wanted = (level or os.environ.get(ENV_LEVEL) or _configured_level(data_dir)).upper()
    root.setLevel(getattr(logging, wanted, logging.INFO))
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)  # its statement log holds citizens' data
    return path


def _configured_level(data_dir: Path) -> str:
    """``[logs] level`` of the station's ``station.toml`` (read on its own: logging starts before the
    configuration is validated), INFO when unset or unreadable."""
    import tomllib

    try:
        raw = tomllib.loads((data_dir / "station.toml").read_text(encoding="utf-8"))
        level = raw.get("logs", {}).get("level", "INFO")
    except (OSError, ValueError, AttributeError):
        return "INFO"
    return level if isinstance(level, str) else "INFO"
