"""Translations: every string of the UI has an English translation; English mode shows no Vietnamese."""

from __future__ import annotations

import ast
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

from desk_app.gui.app import build_main_window, set_language
from desk_app.gui.i18n import TsTranslator, parse_ts
from desk_app.gui.main_window import MainWindow
from desk_app.locator import resource, ui_file
from tests.actors import OFFICER

ROOT = Path(__file__).resolve().parents[2]


def source_strings() -> set[tuple[str, str]]:
    """(context, text) of every translatable string: ``_t``/``translate`` calls and Designer forms."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "desk_app" / "gui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        context = None
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "_t":
                calls = [
                    c
                    for c in ast.walk(node)
                    if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "translate"
                ]
                context = calls[0].args[0].value  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "_t" and context:
                found.add((context, node.args[0].value))
            elif getattr(node.func, "attr", "") == "translate" and isinstance(node.args[1], ast.Constant):
                found.add((node.args[0].value, node.args[1].value))
    for path in sorted(ui_file("x").parent.glob("*.ui")):
        root = ET.parse(path).getroot()
        context = root.findtext("class") or ""
        found |= {
            (context, s.text)
            for s in root.iter("string")
            if s.text and s.get("notr") != "true" and any(ch.isalpha() for ch in s.text)
        }
    return found


def test_every_ui_string_has_an_english_translation():
    table = parse_ts(resource("i18n", "desk_app_en.ts"))
    missing = sorted(s for s in source_strings() if s not in table)
    assert not missing, f"add these to resources/i18n/desk_app_en.ts: {missing}"
    for (_context, source), text in table.items():
        assert source.count("%") == text.count("%") or source == text, f"placeholders differ: {source!r}"


def test_qt_builtin_strings_are_vietnamese():
    assert len(parse_ts(resource("i18n", "qt_vi.ts"))) >= 20
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"  # the session runs in Vietnamese


def test_translator_falls_back_to_the_source_text(tmp_path):
    ts = tmp_path / "t.ts"
    ts.write_text(
        '<?xml version="1.0"?><TS version="2.1"><context><name>C</name>'
        "<message><source>Hồ sơ</source><translation>Dossier</translation></message>"
        '<message><source>Chưa dịch</source><translation type="unfinished"></translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    translator = TsTranslator.from_file(ts, "en")
    assert len(translator) == 1
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("C", "Hồ sơ") == "Dossier"
        assert QCoreApplication.translate("C", "Chưa dịch") == "Chưa dịch"
    finally:
        app.removeTranslator(translator)


def _vietnamese(text: str) -> bool:
    """True if ``text`` has letters only Vietnamese uses (diacritics, đ) — untranslated UI text."""
    return any(ch in "đĐ" or (ch.isalpha() and unicodedata.decomposition(ch) != "") for ch in text)


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("vi")


def test_english_ui_has_no_untranslated_vietnamese(qtbot, english, station):
    window = build_main_window(station, OFFICER)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    intake = window.open_intake()
    window.shell.tasks.wait_idle()
    texts = [window.windowTitle(), intake.windowTitle()]
    for root in (window, intake):
        texts += [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
        texts += [w.text() for w in root.findChildren(QAbstractButton)]
        texts += [w.title() for w in root.findChildren(QGroupBox)]
        texts += [w.placeholderText() for w in root.findChildren(QLineEdit)]
    texts += [a.text() for a in window.actions()]
    model = window.model
    texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    station_name = station.ctx.config.station.agency_name
    leftovers = [
        t for t in texts if _vietnamese(t.replace(station_name, "").replace(OFFICER.display_name, ""))
    ]
    assert not leftovers, leftovers
    assert "Full &name: *" in texts and "New intake (F2)" in texts
    intake.reject()
    window.close()


def test_english_mail_in_details_and_action_dialogs_have_no_untranslated_vietnamese(qtbot, english, station):
    from gui_data import citizen_qr
    from PySide6.QtWidgets import QTableWidget

    from desk_app.gui.details import DossierDetailsDialog
    from desk_app.services.intake import receive_dossier

    window = build_main_window(station, OFFICER)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    mailin = window.open_mailin()
    window.shell.tasks.wait_idle()
    texts = [mailin.windowTitle()]
    texts += [w.text() for w in mailin.findChildren(QLabel) if w.isVisibleTo(mailin)]
    texts += [w.text() for w in mailin.findChildren(QAbstractButton)]
    texts += [w.title() for w in mailin.findChildren(QGroupBox)]
    texts += [w.placeholderText() for w in mailin.findChildren(QLineEdit)]
    texts += [window.list.status_combo.itemText(i) for i in range(window.list.status_combo.count())]
    texts += [window.list.channel_combo.itemText(i) for i in range(window.list.channel_combo.count())]
    raw = {"procedure": "1.004222", "citizen_qr": citizen_qr(1), "documents": [{"name": "Tờ khai CT01"}]}
    record = receive_dossier(station.ctx, OFFICER, raw).dossier
    details = DossierDetailsDialog(record, window.shell, window)
    details.show()
    texts += [details.windowTitle()]
    texts += [w.text() for w in details.findChildren(QLabel) if w.objectName().endswith("Label")]
    texts += [child.text() for child in details.findChildren(QLabel) if child.objectName() == "statusValue"]
    texts += [w.text() for w in details.findChildren(QAbstractButton)]
    texts += [w.title() for w in details.findChildren(QGroupBox)]
    for table in details.findChildren(QTableWidget):
        texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    events = details.form.findChild(QTableWidget, "eventsTable")
    assert events is not None
    texts += [events.item(0, 1).text()]  # type: ignore[union-attr]
    for action in details.action_buttons:
        dialog = details.open_action(action)
        texts += [w.text() for w in dialog.findChildren(QLabel) if w.objectName() != "dossierLabel"]
        texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
        texts += [w.placeholderText() for w in dialog.findChildren(QLineEdit)]
        dialog.reject()
    station_name = station.ctx.config.station.agency_name
    leftovers = [t for t in texts if _vietnamese(t.replace(station_name, "").replace(record.code, ""))]
    assert not leftovers, leftovers
    assert "Mail-&in intake" in [a.text() for a in window.actions()]
    assert "Hand over the &result (Enter)" not in texts  # no result yet: the action is not offered
    details.close()
    mailin.reject()
    window.close()
