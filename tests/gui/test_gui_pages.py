"""The page editor (F7 in the dossier view): scan from SANE's test device, add files, turn, reorder, move."""

from __future__ import annotations

import pytest
from gui_keys import press
from gui_support import WATCHDOG, save_screen
from PIL import Image
from PySide6.QtCore import QModelIndex, Qt

from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.page_editor import PageEditorDialog
from desk_app.services.attachments import list_pages
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in

PAPER = "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)"


@pytest.fixture
def editor(qtbot, main_window: MainWindow, sane_test_device, tmp_path):
    WATCHDOG["enabled"] = False  # the editor is window-modal over the dossier view
    ctx = main_window.shell.ctx
    code = receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat())).dossier.code
    main_window.open_dossier(code)
    main_window.shell.tasks.wait_idle()
    details = next(d for d in main_window.findChildren(DossierDetailsDialog) if d.isVisible())
    details.activateWindow()
    qtbot.waitUntil(details.isActiveWindow)
    press(Qt.Key.Key_F7, details)
    qtbot.waitUntil(lambda: any(e.isVisible() for e in details.findChildren(PageEditorDialog)))
    dialog = next(e for e in details.findChildren(PageEditorDialog) if e.isVisible())
    main_window.shell.tasks.wait_idle()  # the scanners and the (empty) page list
    return dialog


def files(tmp_path, n: int) -> list:
    out = []
    for i in range(n):
        page = Image.new("L", (850, 1100), 250)
        page.paste(i * 50, (100, 100, 500, 500))
        page.save(tmp_path / f"p{i}.png", dpi=(100, 100))
        out.append(tmp_path / f"p{i}.png")
    return out


def test_scan_a_feeder_batch_then_edit_the_pages(qtbot, editor: PageEditorDialog, main_window, tmp_path):
    tasks, code = main_window.shell.tasks, editor.record.code
    assert editor.device_combo.currentData() == "sane:test:0"
    editor.device_combo.setCurrentIndex(editor.device_combo.findData("sane:test:1"))
    editor.source_combo.setCurrentIndex(editor.source_combo.findData("adf"))
    editor.resolution.setValue(75)
    press(Qt.Key.Key_F7, editor)
    assert editor.progress.isVisible() and editor.stop_button.isVisible()  # a batch is running
    tasks.wait_idle()
    assert not editor.progress.isVisible()
    assert editor.list.count() == 10 and "10 trang" in editor.item_combo.currentText()
    qtbot.waitUntil(lambda: all(not editor.list.item(r).icon().isNull() for r in range(10)))
    details = editor.parent()
    assert isinstance(details, DossierDetailsDialog) and "10" in details.pages_button.text()
    save_screen("page_editor_feeder_batch", editor)

    ids = editor.shown_ids()
    editor.list.setCurrentRow(0)
    press(Qt.Key.Key_R, editor.list, Qt.KeyboardModifier.ControlModifier)
    tasks.wait_idle()
    assert [p.rotation for p in list_pages(main_window.shell.ctx, OFFICER, code)][:2] == [90, 0]
    assert editor.selected_ids() == [ids[0]]  # still selected: a second Ctrl+R turns it again
    press(Qt.Key.Key_R, editor.list, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    tasks.wait_idle()
    assert [p.rotation for p in list_pages(main_window.shell.ctx, OFFICER, code)][:2] == [0, 0]  # turned back
    editor.list.setCurrentRow(0)
    press(Qt.Key.Key_Right, editor.list, Qt.KeyboardModifier.ControlModifier)  # one place later
    tasks.wait_idle()
    assert editor.shown_ids()[:2] == [ids[1], ids[0]]
    editor.list.model().moveRow(QModelIndex(), 9, QModelIndex(), 0)  # what a drag to the front does
    tasks.wait_idle()
    assert editor.shown_ids()[0] == ids[9]
    assert list_pages(main_window.shell.ctx, OFFICER, code)[0].id == ids[9]

    editor.list.clearSelection()
    for row in (0, 1):
        editor.list.item(row).setSelected(True)
    editor.move_combo.setCurrentIndex(editor.move_combo.findData(PAPER))
    editor.move_selected()
    tasks.wait_idle()
    record = get_dossier(main_window.shell.ctx, OFFICER, code)
    assert sorted((a.item, a.pages) for a in record.attachments) == [("", 8), (PAPER, 2)]
    editor.list.setCurrentRow(0)
    press(Qt.Key.Key_Delete, editor.list)
    tasks.wait_idle()
    assert editor.list.count() == 7 and "lịch sử" in editor.status.text()


def test_stop_keeps_the_pages_scanned_so_far(qtbot, editor: PageEditorDialog, main_window):
    editor.device_combo.setCurrentIndex(editor.device_combo.findData("sane:test:1"))
    editor.source_combo.setCurrentIndex(editor.source_combo.findData("adf"))
    editor.resolution.setValue(75)
    stopped = []
    editor.controls.step.connect(lambda n, _s: n >= 2 and not stopped and (stopped.append(n), editor.stop()))
    editor.scan()
    main_window.shell.tasks.wait_idle()
    assert 2 <= editor.list.count() < 10
    assert "dừng" in editor.status.text().lower() and "Đã lưu" in editor.status.text()


def test_add_files_to_a_paper_and_print_its_cover_sheet(qtbot, editor, main_window, tmp_path):
    editor.item_combo.setCurrentIndex(editor.item_combo.findData(PAPER))
    editor.add_files(files(tmp_path, 3))
    main_window.shell.tasks.wait_idle()
    assert editor.list.count() == 3 and "Đã thêm 3 trang" in editor.status.text()
    assert [a.item for a in get_dossier(main_window.shell.ctx, OFFICER, editor.record.code).attachments] == [
        PAPER
    ]
    editor.add_files([tmp_path / "missing.pdf"])
    main_window.shell.tasks.wait_idle()
    assert "missing.pdf: không tìm thấy tệp" in editor.status.text() and editor.list.count() == 3
    printed: list[tuple[str, str]] = []
    main_window.shell.printing.printed.connect(lambda name, where: printed.append((name, where)))
    editor.print_cover_sheet()
    main_window.shell.tasks.wait_idle()
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    assert printed[0][0].startswith(f"cover-{editor.record.code}")
    save_screen("page_editor_paper", editor)


def test_rescan_replaces_the_selected_page_in_place(qtbot, editor: PageEditorDialog, main_window, tmp_path):
    ctx, tasks = main_window.shell.ctx, main_window.shell.tasks
    editor.add_files(files(tmp_path, 3))
    tasks.wait_idle()
    before = editor.shown_ids()
    editor.resolution.setValue(75)
    editor.list.setCurrentRow(1)
    child_button = editor.form.findChild(type(editor.scan_button), "rescanButton")
    child_button.click()
    tasks.wait_idle()
    pages = list_pages(ctx, OFFICER, editor.record.code)
    assert [p.source for p in pages] == ["file:p0.png#1", "sane:test:0#1", "file:p2.png#1"]
    assert [p.id for p in pages][0::2] == before[0::2] and pages[1].id not in before
    assert editor.list.count() == 3
