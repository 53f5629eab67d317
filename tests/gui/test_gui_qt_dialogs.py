"""Issue 18, part 6: Qt's own dialogs speak Vietnamese — the file dialog (Qt's, where the system has no
dialog of its own), the print dialog with its options, the print preview, the page set-up. A recording
translator sits in front of the app's and notes every string Qt asks for while the dialogs open; each one
must have its Vietnamese in ``resources/i18n/qt_vi.ts``. Names of keys (QShortcut) and units stay."""

from __future__ import annotations

import os
import re

import pytest
from gui_support import WATCHDOG
from PySide6.QtCore import QTranslator
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from desk_app.gui.app import set_language
from desk_app.gui.i18n import parse_ts
from desk_app.locator import resource

NOT_WORDS = {"QShortcut", "QGuiApplication", "QPageSize"}  # key names, layout direction, paper names
ENGLISH = re.compile(r"[A-Za-z]{3,}")


class Recorder(QTranslator):
    """Answers nothing, remembers every question."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context, source_text, disambiguation=None, n=-1):  # type: ignore[override]
        if source_text and ENGLISH.search(source_text) and context not in NOT_WORDS:
            self.asked.add((context, source_text))
        return None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def test_qt_dialogs_the_officer_meets_are_in_vietnamese(qapp) -> None:
    WATCHDOG["enabled"] = False  # Qt's dialogs may be modal; they are shown without exec() and closed here
    set_language("vi")
    recorder = Recorder()
    qapp.installTranslator(recorder)
    queue = QPrinterInfo.printerInfo("PDF")  # Qt's page set-up needs a native printer
    if queue.isNull():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs the CUPS queue 'PDF': .ci/run must start cupsd and create it")
        pytest.skip("no CUPS queue 'PDF' on this machine")
    printer = QPrinter(queue, QPrinter.PrinterMode.HighResolution)
    shown = []
    try:
        for mode in (QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen):
            files = QFileDialog(None, "Lưu PDF")
            files.setOption(QFileDialog.Option.DontUseNativeDialog)
            files.setAcceptMode(mode)
            shown.append(files)
        shown += [QPrintDialog(printer), QPrintPreviewDialog(printer), QPageSetupDialog(printer)]
        for dialog in shown:
            dialog.show()
        QApplication.processEvents()
        for button in shown[2].findChildren(QPushButton):  # "Tùy chọn >>" shows the print options
            if button.text().startswith("&Tùy chọn"):
                button.click()
        QApplication.processEvents()
    finally:
        qapp.removeTranslator(recorder)
        for dialog in shown:
            dialog.close()
    contexts = {c for c, _ in recorder.asked}
    assert {"QFileDialog", "QPrintDialog", "QPrintPreviewDialog", "QPageSetupWidget"} <= contexts
    vietnamese = parse_ts(resource("i18n", "qt_vi.ts"))
    keys = re.compile(r"(Ctrl|Alt|Shift|Meta)\+\w+")  # shortcuts, not words: Qt shows them as keys
    missing = sorted(q for q in recorder.asked if q not in vietnamese and not keys.fullmatch(q[1]))
    assert not missing, f"add to resources/i18n/qt_vi.ts: {missing}"
