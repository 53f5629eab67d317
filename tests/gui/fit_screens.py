"""Every window and dialog of the counter on one screen size and scale, in its own process (Qt reads
``QT_SCALE_FACTOR`` and the offscreen screen's size once, when the application starts): opens each screen
as the user who sees it, saves its screenshot, and prints one JSON line per screen with what does not fit —
the window larger than the screen's free area, a label, button or check box narrower than its text, a
table column narrower than its header or its cells, a widget reaching outside its window.

Run by ``test_gui_fit.py`` as ``python fit_screens.py DATA_DIR SHOTS_DIR``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTreeView,
    QWidget,
)

from desk_app.gui.geometry import room  # the screen's free area (the test's offscreen screen) less decoration
from tests.english_words import ENGLISH

SLACK = 1  # a pixel of rounding at fractional scales
QSpinBoxes = QAbstractSpinBox  # a spin box's or date edit's own line edit is measured with it


def visible_children(window: QWidget) -> Iterator[QWidget]:
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window) and widget.window() is window:
            yield widget


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QScrollArea, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text().replace("\n", " ")[:50]
    return f"{type(widget).__name__}({widget.objectName() or '-'}{': ' + text if text else ''})"


def problems(window: QWidget) -> list[str]:
    """What does not fit on ``window`` as it is shown."""
    found: list[str] = []
    most = room(window)
    size, least = window.size(), window.minimumSizeHint()
    if size.width() > most[0] + SLACK or size.height() > most[1] + SLACK:
        found.append(f"window {size.width()}×{size.height()} > room on the screen {most[0]}×{most[1]}")
    elif least.width() > most[0] + SLACK or least.height() > most[1] + SLACK:
        found.append(f"window cannot shrink to {most[0]}×{most[1]}: least {least.width()}×{least.height()}")
    whole = QRect(QPoint(0, 0), window.size()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
    for widget in visible_children(window):
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not _inside_scroll_area(widget) and not whole.contains(rect):
            found.append(f"{_name(widget)} reaches outside the window ({rect.x()},{rect.y()} "
                         f"{rect.width()}×{rect.height()})")  # fmt: skip
            continue
        found += _cut(widget)
    return found


def _cut(widget: QWidget) -> list[str]:
    """A label, button, check box or combo box narrower (or a wrapped label lower) than its text."""
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + SLACK:
                return [f"{_name(widget)} cut: {widget.height()} px high, needs {need}"]
            return []
        have, need = widget.width(), widget.minimumSizeHint().width()
    elif isinstance(widget, QAbstractButton) and widget.text():
        have, need = widget.width(), widget.sizeHint().width()
    elif isinstance(widget, QComboBox) and widget.currentText():
        have, need = widget.width(), widget.minimumSizeHint().width()
    elif isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(), QComboBox | QSpinBoxes):
        have, need = widget.width(), min(widget.sizeHint().width(), 100)  # room for a name or a number
    elif isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
        return _columns(widget)
    elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
        return [f"{_name(widget)} scrolls sideways"]
    else:
        return []
    return [f"{_name(widget)} cut: {have} px wide, needs {need}"] if have + SLACK < need else []


_MNEMONIC = re.compile(r"&(?!&)(.)")
_CODE = re.compile(r"--[\w-]+|\b\w+[_.]\w+\b|\[\w+\]|\"[^\"]*\"|https?://\S+|/\S+")


def english(window: QWidget) -> list[str]:
    """Visible texts of ``window`` with English words in them (titles, labels, buttons, tooltips,
    placeholders, list items, column titles)."""
    texts = [window.windowTitle()]
    for widget in visible_children(window):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
            model = widget.model()
            columns = range(model.columnCount())
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    found = []
    for text in texts:
        if set(re.findall(r"[a-z]+", _CODE.sub(" ", text or "").lower())) & ENGLISH:
            found.append(text[:80])
    return found


#: a control's own key in its text ("Lưu (F9)", "Đóng (Esc)") stands for an Alt key
_OWN_KEY = re.compile(r"\((F\d+|Esc|Enter|Delete|Ctrl\+|Alt\+)")
#: labels the mail-in screen leaves without an Alt key: every plain letter of theirs is taken there
WITHOUT_KEY = {"Địa chỉ nhận kết quả:", "Lệ phí nộp qua bưu điện:", "Ghi chú:", "Thời hạn giải quyết:"}


def _needs_key(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return widget.buddy() is not None and widget.text() not in WITHOUT_KEY
    return isinstance(widget, (QCheckBox, QRadioButton, QPushButton)) and bool(widget.text())


def mnemonics(window: QWidget) -> list[str]:
    """Alt keys that clash (two controls on one letter), sit on a letter with a diacritic, or are missing
    (a field's label, a button, a check box without one), on ``window``."""
    found: list[str] = []
    seen: dict[str, str] = {}
    for widget in visible_children(window):
        if _needs_key(widget):
            text = widget.text()  # type: ignore[attr-defined]
            if "&" not in text.replace("&&", "") and not _OWN_KEY.search(text):
                found.append(f"no Alt key: {text}")
        if not isinstance(widget, (QLabel, QAbstractButton, QGroupBox)):
            continue
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        match = _MNEMONIC.search(text.replace("&&", ""))
        if match is None:
            continue
        key = match.group(1).lower()
        shown = text.replace("&", "")
        if not ("a" <= key <= "z" or "0" <= key <= "9"):
            found.append(f"Alt key on “{key}” (not a plain letter): {shown}")
        elif key in seen:
            found.append(f"Alt+{key.upper()} twice: {seen[key]} / {shown}")
        else:
            seen[key] = shown
    return found


def _columns(view: QTableView | QTreeView) -> list[str]:
    """Columns narrower than their header or their cells, and a horizontal scroll bar."""
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    found: list[str] = []
    model = view.model()
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        width = header.sectionSize(column)
        title = str(model.headerData(column, header.orientation()) or column)
        need = max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
        stretched = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch or (
            column == model.columnCount() - 1 and header.stretchLastSection())
        explained = model.rowCount() > 0 and model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
        if stretched and explained:
            continue  # the column that takes the room left elides, and its tooltip gives the whole text
        if width + SLACK < need:
            found.append(f"{_name(view)} column “{title}” cut: {width} px, needs {need}")
    if view.horizontalScrollBar().isVisible():
        found.append(f"{_name(view)} scrolls sideways ({header.length()} px in {view.viewport().width()})")
    return found


def main(data_dir: Path, shots: Path) -> None:
    app = QApplication([])
    from desk_app import bootstrap
    from desk_app.config import Config, Counter
    from desk_app.domain.lifecycle import Action
    from desk_app.gui.app import build_main_window
    from desk_app.services.demo import DEMO_STATION, populate
    from tests.actors import ADMIN, SUPERVISOR, add_accounts

    shots.mkdir(parents=True, exist_ok=True)
    config = Config(DEMO_STATION, Counter(officer_name="Trần Văn Hòa"))
    station = bootstrap.initialise_station(data_dir, config)
    populate(station.ctx, 60)
    add_accounts(station.ctx)
    window = build_main_window(station, SUPERVISOR)
    shell = window.shell

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            shell.tasks.wait_idle()
        app.processEvents()

    def report(name: str, shown: QWidget) -> None:
        settle()
        shown.grab().save(str(shots / f"{name}.png"))
        size, least = shown.size(), shown.minimumSizeHint()
        line = {"screen": name, "size": [size.width(), size.height()],
                "least": [least.width(), least.height()], "room": list(room(shown)),
                "problems": problems(shown), "keys": mnemonics(shown), "english": english(shown)}  # fmt: skip
        print(json.dumps(line, ensure_ascii=False), flush=True)

    window.show()
    settle()
    window.list.all_days.setChecked(True)
    settle()
    report("main_window", window)
    first = window.model.summary(0) if window.model.rowCount() else None
    code = first.code if first else ""

    steps: list[tuple[str, Callable[[], QWidget]]] = []

    def intake() -> QWidget:
        dialog = window.open_intake()
        settle()
        dialog.picker.pick(shell.catalogue.get("1.004222"))  # the longest checklist
        return dialog

    def mailin() -> QWidget:
        dialog = window.open_mailin()
        settle()
        dialog.picker.pick(shell.catalogue.get("1.010386"))
        return dialog

    steps += [("intake", intake), ("mailin", mailin), ("batch", window.open_batch),
              ("dashboard", window.open_dashboard), ("audit", window.open_audit),
              ("outbox", window.open_outbox), ("accounts_own", window.open_accounts),
              ("print_settings", window.edit_print_settings), ("id_scanner", window.open_id_scanner_test)]
    for name, opener in steps:
        shown = opener()
        report(name, shown)
        shown.hide()
    from desk_app.gui.dashboard import DossierListDialog
    from desk_app.services.queries import list_dossiers

    rows = [{"code": d.code, "applicant_name": d.applicant_name, "procedure_name": d.procedure_name,
             "received_at": d.received_at, "due_at": d.due_at, "officer": "Trần Văn Hòa"}
            for d in list_dossiers(shell.ctx, shell.user, None, None, 40)]  # fmt: skip
    shown = DossierListDialog("Quá hạn", rows, window)
    shown.show()
    report("dashboard_list", shown)
    shown.hide()
    shell.session.user = ADMIN
    shown = window.open_accounts()
    report("accounts_admin", shown)
    shown.hide()
    shell.session.user = SUPERVISOR
    if code:
        from desk_app.services.queries import get_dossier

        record = get_dossier(shell.ctx, shell.user, code)
        details = window.show_details(record)
        report("details", details)
        pages = details.open_pages()
        report("pages", pages)
        pages.hide()
        for action in (Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.EXTEND, Action.STOP, Action.VOID):
            try:
                dialog = details.open_action(action)
            except Exception as exc:  # an action this dossier cannot take now
                print(json.dumps({"screen": f"action_{action.value}", "skipped": str(exc)}), flush=True)
                continue
            report(f"action_{action.value}", dialog)
            dialog.hide()
        details.hide()
    from desk_app.gui.setup_dialog import SetupDialog

    setup = SetupDialog(data_dir / "new-station", shell.tasks)
    setup.show()
    report("setup", setup)
    setup.hide()
    window.lock()
    report("locked", window)
    window.close()
    station.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
