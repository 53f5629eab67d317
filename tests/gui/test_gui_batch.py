"""F8: a stack with cover sheets filed into dossiers; the unfiled tray sorted by hand."""

from __future__ import annotations

import pytest
from gui_keys import press
from gui_support import WATCHDOG, save_screen
from PySide6.QtCore import Qt

from desk_app.gui.batch import BatchDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.cover_sheets import write_cover_sheet
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_filing import _stack
from tests.scan_samples import form_pdf, render, scanned


@pytest.fixture
def batch(qtbot, main_window: MainWindow, sane_test_device) -> BatchDialog:
    WATCHDOG["enabled"] = False
    press(Qt.Key.Key_F8, main_window.table)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main_window.findChildren(BatchDialog)))
    dialog = next(d for d in main_window.findChildren(BatchDialog) if d.isVisible())
    main_window.shell.tasks.wait_idle()
    return dialog


def test_a_stack_from_a_file_is_filed_and_the_tray_sorted_by_hand(qtbot, batch, main_window, tmp_path):
    ctx, tasks = main_window.shell.ctx, main_window.shell.tasks
    code = receive_dossier(ctx, OFFICER, walk_in(received_at=ctx.clock().isoformat())).dossier.code
    cover = render(write_cover_sheet(ctx, OFFICER, code, tmp_path / "cover.pdf"), 200)
    page = render(form_pdf(ctx, code, tmp_path / "slip.pdf"), 200)
    stack = _stack([(scanned(page, 0.5, seed=1), 200), (scanned(cover, -1.5, seed=2), 200),
                    (scanned(page, 1.0, seed=3), 200)], tmp_path / "stack.pdf")  # fmt: skip
    batch.file_from(stack)
    tasks.wait_idle()
    rows = [[batch.results.item(r, c).text() for c in range(4)] for r in range(batch.results.rowCount())]
    assert rows == [["1", "chưa phân loại", "—", ""], ["2", code, "—", "tờ bìa"], ["3", code, "—", ""]]
    assert "Đã xếp 1 trang vào 1 hồ sơ; 1 trang chưa phân loại" in batch.status.text()
    assert batch.tray.count() == 1
    qtbot.waitUntil(lambda: not batch.tray.item(0).icon().isNull())
    save_screen("batch_filed", batch)

    batch.tray.item(0).setSelected(True)
    batch.code.setText(code.lower())
    batch.code.returnPressed.emit()
    tasks.wait_idle()
    assert batch.paper.count() == 1 + len(get_dossier(ctx, OFFICER, code).documents)
    batch.paper.setCurrentIndex(1)
    press(Qt.Key.Key_Return, batch.code, Qt.KeyboardModifier.ControlModifier)
    tasks.wait_idle()
    assert batch.tray.count() == 0 and code in batch.status.text()
    filed = [batch.results.item(0, c).text() for c in range(3)]  # issue 18: the list says where it went
    assert filed == ["1", code, "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)"]
    assert sorted((a.item, a.pages) for a in get_dossier(ctx, OFFICER, code).attachments) == [
        ("", 1), ("Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)", 1)
    ]  # fmt: skip


def test_scanning_a_stack_without_covers_fills_the_tray(qtbot, batch, main_window):
    batch.device_combo.setCurrentIndex(batch.device_combo.findData("sane:test:1"))
    batch.resolution.setValue(75)
    press(Qt.Key.Key_F8, batch)
    main_window.shell.tasks.wait_idle()
    assert batch.tray.count() == 10 and batch.results.rowCount() == 10
    assert {batch.results.item(r, 1).text() for r in range(10)} == {"chưa phân loại"}
    assert batch.tray.item(9).toolTip().startswith("sane:test:1#10")
