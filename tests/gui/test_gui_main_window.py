"""The main window: a lazy list over a big station, search, scanning a receipt, reprint."""

from __future__ import annotations

from datetime import UTC

import pytest
from gui_keys import press, scan, type_text
from PySide6.QtCore import QDate, Qt

from desk_app.domain.text import fold
from desk_app.gui.details import DossierDetailsDialog
from desk_app.gui.main_window import MainWindow
from desk_app.services.demo import populate
from desk_app.services.queries import count_dossiers, get_dossier, list_dossiers
from tests.actors import OFFICER, SUPERVISOR


@pytest.fixture
def busy_window(qtbot, station, main_window: MainWindow) -> MainWindow:
    populate(station.ctx, 5000)
    main_window.all_days.setChecked(True)
    main_window.shell.tasks.wait_idle()
    return main_window


def test_list_loads_lazily_page_by_page(busy_window: MainWindow):
    window, model = busy_window, busy_window.model
    assert model.rowCount() == model.page_size  # only the first page, not 5,000 rows
    assert model.canFetchMore()
    model.fetchMore()
    assert model.loading and not model.canFetchMore()  # one page at a time, off the GUI thread
    window.shell.tasks.wait_idle()
    assert model.rowCount() == 2 * model.page_size
    newest = list_dossiers(window.shell.ctx, OFFICER, None, None, 1)[0]
    assert model.summary(0).code == newest.code  # type: ignore[union-attr]
    received = [model.summary(r).received_at for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert received == sorted(received, reverse=True)
    window.table.scrollToBottom()  # the view asks for more when scrolled to the end
    window.shell.tasks.wait_idle()
    assert model.rowCount() >= 3 * model.page_size
    assert window.count_label.text() == "Tất cả các ngày: 5.000 hồ sơ"


def test_search_without_diacritics_is_debounced_and_finds_names(qtbot, busy_window: MainWindow):
    window = busy_window
    window.search.setFocus()
    type_text("nguyen")
    assert not window.model.searching  # debounced: nothing yet
    qtbot.waitUntil(lambda: window.model.searching, timeout=2000)
    window.shell.tasks.wait_idle()
    rows = [window.model.summary(r) for r in range(window.model.rowCount())]
    assert rows and all("nguyen" in fold(s.applicant_name) for s in rows if s)  # type: ignore[union-attr]
    assert window.count_label.text().startswith("Tìm thấy:")
    window.search.clear()  # back to the list
    window.shell.tasks.wait_idle()
    assert not window.model.searching and window.model.rowCount() == window.model.page_size


def test_date_filter_shows_one_day(busy_window: MainWindow):
    window = busy_window
    day = list_dossiers(window.shell.ctx, OFFICER, None, None, 1)[0].received_at.date()
    window.all_days.setChecked(False)
    window.day_edit.setDate(QDate(day.year, day.month, day.day))
    window.shell.tasks.wait_idle()
    expected = count_dossiers(window.shell.ctx, OFFICER, day)
    assert window.model.rowCount() == min(expected, window.model.page_size)
    assert all(
        window.model.summary(r).received_at.date() == day  # type: ignore[union-attr]
        for r in range(window.model.rowCount())
    )
    assert window.count_label.text().endswith(f"{expected} hồ sơ")


def test_scanning_a_receipt_code_into_the_search_box_opens_the_dossier(qtbot, busy_window: MainWindow):
    window = busy_window
    code = list_dossiers(window.shell.ctx, OFFICER, None, None, 7)[6].code
    window.search.setFocus()
    scan(code.lower())  # scanners may send lower case; the service ignores case
    window.shell.tasks.wait_idle()
    dialogs = [d for d in window.findChildren(DossierDetailsDialog) if d.isVisible()]
    assert [d.record.code for d in dialogs] == [code]
    assert window.search.selectedText() == code.lower()  # the next scan replaces it


def test_the_short_code_typed_into_the_search_box_opens_the_dossier(qtbot, busy_window: MainWindow):
    """Issue 18, part 6: YYMMDD-NNNN, as read off a receipt, without the agency."""
    window = busy_window
    code = list_dossiers(window.shell.ctx, OFFICER, None, None, 3)[2].code
    window.search.setFocus()
    type_text(code.split("-", 1)[1])
    press(Qt.Key.Key_Return)
    window.shell.tasks.wait_idle()
    dialogs = [d for d in window.findChildren(DossierDetailsDialog) if d.isVisible()]
    assert [d.record.code for d in dialogs] == [code]
    for d in dialogs:
        d.close()


def test_tab_leaves_the_list_and_comes_back_round_to_the_search_box(qtbot, busy_window: MainWindow):
    """Issue 18, part 6: no Tab trap — from the search box Tab reaches the list and goes on past it."""
    from gui_keys import focused

    window = busy_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search.setFocus()
    visited = []
    for _ in range(20):
        press(Qt.Key.Key_Tab)
        visited.append(focused())
        if focused() is window.search:
            break
    assert window.table in visited and visited[-1] is window.search, [w.objectName() for w in visited]
    assert visited.count(window.table) == 1


def test_keys_typed_in_the_list_go_to_the_search_box(qtbot, busy_window: MainWindow):
    window = busy_window
    code = list_dossiers(window.shell.ctx, OFFICER, None, None, 1)[0].code
    window.table.setFocus()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.table.hasFocus()
    scan(code)  # a scanner typing while the list has the focus
    window.shell.tasks.wait_idle()
    assert window.search.text() == code
    assert [d.record.code for d in window.findChildren(DossierDetailsDialog) if d.isVisible()] == [code]


def test_unknown_code_is_a_vietnamese_message(qtbot, busy_window: MainWindow):
    window = busy_window
    window.search.setFocus()
    scan("G01.79.760.001-200101-0001")
    window.shell.tasks.wait_idle()
    assert window.shell.messages.history[-1].text.startswith("Không tìm thấy hồ sơ")


def test_ctrl_p_reprints_the_selected_dossier(qtbot, busy_window: MainWindow):
    window = busy_window
    window.table.selectRow(2)
    code = window.selected_code()
    press(Qt.Key.Key_P, window.table, Qt.KeyboardModifier.ControlModifier)
    window.shell.tasks.wait_idle()
    assert (window.shell.ctx.data_dir / "receipts" / f"{code}.pdf").exists()


def test_reprint_without_selection_says_what_to_do(qtbot, main_window: MainWindow):
    press(Qt.Key.Key_P, main_window.table, Qt.KeyboardModifier.ControlModifier)
    assert "Chọn một hồ sơ" in main_window.shell.messages.history[-1].text


def test_ctrl_f_focuses_the_search_box_and_details_reprint(qtbot, busy_window: MainWindow):
    window = busy_window
    window.table.setFocus()
    press(Qt.Key.Key_F, window.table, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus() or window.focusWidget() is window.search
    code = list_dossiers(window.shell.ctx, OFFICER, None, None, 1)[0].code
    window.open_dossier(code)
    window.shell.tasks.wait_idle()
    details = next(d for d in window.findChildren(DossierDetailsDialog) if d.isVisible())
    events = get_dossier(window.shell.ctx, OFFICER, code).events  # its life so far (by the time of day)
    press(Qt.Key.Key_P, details, Qt.KeyboardModifier.ControlModifier)
    window.shell.tasks.wait_idle()
    assert (window.shell.ctx.data_dir / "receipts" / f"{code}.pdf").exists()
    assert get_dossier(window.shell.ctx, OFFICER, code).events == events  # a reprint is no step


def test_due_marks_follow_the_domain_rule_for_every_status():
    from datetime import datetime, timedelta

    from desk_app.domain.lifecycle import DossierState, Status, is_due_today, is_overdue
    from desk_app.domain.model import VN_TZ, TimeLimit
    from desk_app.gui.dossier_model import DUE_TODAY, OVERDUE, due_mark

    due = datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)
    received = due - timedelta(days=9)
    moments = [due - timedelta(days=1), due - timedelta(hours=7), due, due + timedelta(minutes=1)]
    moments += [datetime(2026, 11, 19, 18, 0, tzinfo=UTC), datetime(2026, 11, 19, 16, 0, tzinfo=UTC)]
    for status in Status:
        state = DossierState(status, received, due, TimeLimit(7), False, received)
        for now in moments:
            expected = OVERDUE if is_overdue(state, now) else DUE_TODAY if is_due_today(state, now) else None
            assert due_mark(status.value, due, now) == expected, (status, now)


def _three_by_post(window: MainWindow) -> list[str]:
    """Three mail-in dossiers (the demo data is all walk-in); the last two transferred."""
    from gui_data import citizen_qr, s10

    from desk_app.services.intake import receive_dossier
    from desk_app.services.lifecycle import act
    from desk_app.services.mailin import open_handover

    ctx = window.shell.ctx
    now = ctx.clock()
    open_handover(ctx, OFFICER, {"number": "7/BBGN", "signed_at": now, "postal_worker": "Lê Văn Bưu"})
    postal = {"handover_record": "7/BBGN", "handover_at": now.isoformat(), "sender_address": "Số 1 Lê Lợi"}
    docs = [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"}]
    codes = []
    for i in range(3):
        raw = {"procedure": "1.010386", "channel": "post", "citizen_qr": citizen_qr(i), "documents": docs}
        raw["postal"] = {**postal, "item_number": s10(900 + i), "return_by_post": bool(i % 2)}
        codes.append(receive_dossier(ctx, OFFICER, raw).dossier.code)
        if i:
            act(ctx, SUPERVISOR, codes[-1], "transfer")
    return codes


def test_list_filters_by_status_and_channel_in_the_query(qtbot, busy_window: MainWindow, monkeypatch):
    from desk_app.gui import dossier_model

    window = busy_window
    codes = _three_by_post(window)
    calls: list[dict[str, object]] = []
    real = dossier_model.list_dossiers

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(dossier_model, "list_dossiers", spy)
    window.list.channel_combo.setCurrentIndex(window.list.channel_combo.findData("post"))
    window.shell.tasks.wait_idle()
    assert calls[-1] == {"status": None, "channel": "post"}  # filtered by the query, not over loaded rows
    ctx = window.shell.ctx
    by_post = count_dossiers(ctx, OFFICER, None, channel="post")  # the demo's mail-in dossiers and ours
    assert by_post >= 3 and window.count_label.text() == f"Tất cả các ngày: {by_post:,} hồ sơ".replace(
        ",", "."
    )
    rows = [window.model.summary(r) for r in range(window.model.rowCount())]
    assert rows and all(s and s.channel == "post" for s in rows)
    window.list.status_combo.setCurrentIndex(window.list.status_combo.findData("transferred"))
    window.shell.tasks.wait_idle()
    assert calls[-1] == {"status": "transferred", "channel": "post"}
    rows = [window.model.summary(r) for r in range(window.model.rowCount())]
    assert all(s and s.status == "transferred" and s.channel == "post" for s in rows)
    assert set(codes[1:]) <= {s.code for s in rows if s} and codes[0] not in {s.code for s in rows if s}
    window.list.channel_combo.setCurrentIndex(0)
    window.list.status_combo.setCurrentIndex(window.list.status_combo.findData("voided"))
    window.shell.tasks.wait_idle()
    assert window.model.rowCount() == 0
    assert window.list.empty_hint.isVisible() and "bộ lọc" in window.list.empty_hint.text()


def test_the_filters_apply_to_a_search_too(qtbot, busy_window: MainWindow):
    window, model = busy_window, busy_window.model
    codes = _three_by_post(window)
    surname = fold(window.shell.ctx.search.by_code(codes[0], 1)[0].applicant_name).split()[0]
    window.search.setFocus()
    type_text(surname)
    qtbot.waitUntil(lambda: model.searching, timeout=2000)
    window.shell.tasks.wait_idle()
    everyone = [model.summary(r) for r in range(model.rowCount())]
    assert len(everyone) > 3 and all(s and surname in fold(s.applicant_name) for s in everyone)

    window.list.channel_combo.setCurrentIndex(window.list.channel_combo.findData("post"))
    window.shell.tasks.wait_idle()
    assert model.searching and window.search.text() == surname  # the search stays, now filtered
    rows = [model.summary(r) for r in range(model.rowCount())]
    assert rows and all(s and s.channel == "post" and surname in fold(s.applicant_name) for s in rows)
    assert codes[0] in {s.code for s in rows if s}

    window.list.status_combo.setCurrentIndex(window.list.status_combo.findData("transferred"))
    window.shell.tasks.wait_idle()
    rows = [model.summary(r) for r in range(model.rowCount())]
    assert all(s and (s.channel, s.status) == ("post", "transferred") for s in rows)
    assert codes[0] not in {s.code for s in rows if s}

    window.search.clear()  # back to the list, still filtered
    window.shell.tasks.wait_idle()
    assert not model.searching
    listed = [model.summary(r) for r in range(model.rowCount())]
    assert all(s and (s.channel, s.status) == ("post", "transferred") for s in listed)
    assert set(codes[1:]) <= {s.code for s in listed if s} and codes[0] not in {s.code for s in listed if s}


def test_an_uncaught_error_writes_a_report_and_says_where(main_window: MainWindow, tmp_path):
    import sys

    from desk_app.gui.app import _route_uncaught_exceptions

    citizen = "Trần Văn Bình 079201005678"  # in the error's message only, never in a line of code
    _route_uncaught_exceptions(main_window.shell.messages, tmp_path)
    try:
        try:
            raise LookupError(citizen)
        except LookupError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = sys.__excepthook__
    (report,) = (tmp_path / "logs").glob("crash-*.txt")
    shown = main_window.shell.messages.history[-1]
    assert shown.kind == "bug" and str(report) in shown.text
    assert "builtins.LookupError" in report.read_text(encoding="utf-8")
    assert "Bình" not in report.read_text(encoding="utf-8")
    main_window.shell.messages.history.clear()  # the bug was this test's own
