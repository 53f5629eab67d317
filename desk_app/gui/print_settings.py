"""The counter's print settings (printer, print directly or preview first, paper) and their dialog.

Stored per station in ``gui.ini`` in the data directory (``QSettings`` INI format), so IT finds them
next to ``station.toml``; the printer defaults to ``[counter] printer`` of the station configuration,
else the system's default printer. :data:`FILE_PRINTER` stands for "save the receipt as a PDF file in
``receipts/``" — for a desk without a printer, and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton, QRadioButton, QWidget

from desk_app.config import Config
from desk_app.gui.uiloader import child, embed_form

FILE_PRINTER = "@pdf-file"
SETTINGS_NAME = "gui.ini"


def _t(text: str) -> str:
    return QCoreApplication.translate("PrintSettings", text)


@dataclass(frozen=True)
class PrintSettings:
    printer: str = ""  # "" = the system's default printer; FILE_PRINTER = PDF file in receipts/
    preview: bool = False  # True: show the print preview first; False: print on F9 at once
    a4: bool = False  # True: both copies on one A4 sheet

    @classmethod
    def load(cls, data_dir: Path, config: Config) -> PrintSettings:
        qs = QSettings(str(data_dir / SETTINGS_NAME), QSettings.Format.IniFormat)
        return cls(
            printer=str(qs.value("print/printer", config.counter.printer) or ""),
            preview=str(qs.value("print/mode", "direct")) == "preview",
            a4=str(qs.value("print/paper", "a5")) == "a4",
        )

    def save(self, data_dir: Path) -> None:
        qs = QSettings(str(data_dir / SETTINGS_NAME), QSettings.Format.IniFormat)
        qs.setValue("print/printer", self.printer)
        qs.setValue("print/mode", "preview" if self.preview else "direct")
        qs.setValue("print/paper", "a4" if self.a4 else "a5")
        qs.sync()


def printer_choices() -> list[tuple[str, str]]:
    """(label, value) pairs for the printer list: system default, each installed printer, PDF file."""
    default = QPrinterInfo.defaultPrinterName()
    choices = [(_t("Máy in mặc định của hệ thống") + (f" ({default})" if default else ""), "")]
    choices += [(name, name) for name in QPrinterInfo.availablePrinterNames()]
    choices.append((_t("Lưu thành tệp PDF (thư mục receipts)"), FILE_PRINTER))
    return choices


class PrintSettingsDialog(QDialog):
    """Choose the printer, direct printing or preview, and the paper size."""

    def __init__(self, settings: PrintSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Cài đặt in biên nhận"))
        form = embed_form("print_settings.ui", self)
        self._printer = child(form, QComboBox, "printerCombo")
        self._direct = child(form, QRadioButton, "directRadio")
        self._preview = child(form, QRadioButton, "previewRadio")
        self._paper = child(form, QComboBox, "paperCombo")
        choices = printer_choices()
        if settings.printer and settings.printer not in [v for _, v in choices]:
            choices.insert(1, (settings.printer + " " + _t("(không tìm thấy)"), settings.printer))
        for text, value in choices:
            self._printer.addItem(text, value)
        self._printer.setCurrentIndex(max(0, self._printer.findData(settings.printer)))
        (self._preview if settings.preview else self._direct).setChecked(True)
        self._paper.setCurrentIndex(1 if settings.a4 else 0)
        self._settings = settings
        save = child(form, QPushButton, "okButton")
        save.clicked.connect(self.accept)
        save.setDefault(True)  # Enter saves (Esc cancels)
        child(form, QPushButton, "cancelButton").clicked.connect(self.reject)

    def result_settings(self) -> PrintSettings:
        return replace(
            self._settings,
            printer=str(self._printer.currentData() or ""),
            preview=self._preview.isChecked(),
            a4=self._paper.currentIndex() == 1,
        )
