"""Translations: the UI is written in Vietnamese; ``resources/i18n/desk_app_<lang>.ts`` translates it.

We read Qt Linguist ``.ts`` files directly instead of compiling them to ``.qm``: :class:`TsTranslator`
subclasses ``QTranslator`` and answers ``translate()`` from a dictionary parsed with ``xml.etree``.
Why: the app runs from a source tree, a wheel and a frozen bundle, none of which can count on
``pyside6-lrelease`` being present at run time or on a writable cache folder, and compiled ``.qm``
files are generated binaries we do not keep in git. Parsing a few hundred messages takes milliseconds.

Contexts follow Qt's rules: code uses ``QCoreApplication.translate("<Context>", text)``; a Designer
form's strings use the form's class name as the context. ``qt_vi.ts`` gives Vietnamese for the few
Qt built-in strings the officer sees (standard buttons, the line edit's context menu).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desk_app.locator import resource

log = logging.getLogger("desk_app.gui.i18n")

LANGUAGES = ("vi", "en")


def parse_ts(path: Path) -> dict[tuple[str, str], str]:
    """``{(context, source): translation}`` for the finished, non-empty messages of a ``.ts`` file."""
    table: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None or node.get("type") in ("unfinished", "obsolete"):
                continue
            text = node.text or ""
            if text:
                table[(name, source)] = text
    return table


class TsTranslator(QTranslator):
    """A ``QTranslator`` that answers from a parsed ``.ts`` file (no ``.qm`` needed)."""

    def __init__(self, table: dict[tuple[str, str], str], language: str) -> None:
        super().__init__()
        self._table = table
        self._language = language

    @classmethod
    def from_file(cls, path: Path, language: str) -> TsTranslator:
        return cls(parse_ts(path), language)

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt "not translated here": the next translator or the source is used.
        return self._table.get((context, source_text))  # type: ignore[return-value]

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return not self._table

    def language(self) -> str:
        return self._language

    def __len__(self) -> int:
        return len(self._table)


def install_translations(language: str) -> list[QTranslator]:
    """Install the translators for ``language`` ("vi" or "en") on the running application.

    Keep the returned list alive as long as the application: Qt does not own the translators.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations() needs a QApplication")
    names = {"vi": ["qt_vi.ts"], "en": ["desk_app_en.ts"]}.get(language, [])
    installed: list[QTranslator] = []
    for name in names:
        path = resource("i18n", name)
        if not path.exists():
            log.warning("translation file %s is missing", path)
            continue
        translator = TsTranslator.from_file(path, language)
        app.installTranslator(translator)
        installed.append(translator)
    return installed
