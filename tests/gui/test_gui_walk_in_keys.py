"""Issue 18, part 5: the keyboard-only walk-in, measured. The card comes in through the serial scanner
(a pseudo-terminal stands for it), then the officer uses keys only: F4 and the procedure's name typed
until the picker's first suggestion is right, Enter, Tab to the declaration, Space, F9. Every key is
counted; the scripted time is the count at a typist's pace of 5 keys a second (counted, not timed: time
is asserted only in tests/benchmarks)."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from gui_keys import focused, press, type_text
from gui_support import bring_up
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from desk_app.config import IdScanner
from desk_app.gui.main_window import MainWindow
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER

CARD = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"
KEYS_PER_SECOND = 5


class Keyboard:
    """The officer's keys, counted."""

    def __init__(self) -> None:
        self.count = 0

    def press(self, key: Qt.Key) -> None:
        self.count += 1
        press(key)

    def type(self, text: str) -> None:
        self.count += len(text)
        type_text(text)


@pytest.mark.parametrize(("code", "name_words"), [
    ("1.004222", "dang ky thuong tru"),  # the name's words …
    ("1.010386", "trinh bao mat ho chieu"),
    ("1.003677", "kbtv"),  # … or their initials (Khai báo tạm vắng)
])  # fmt: skip
def test_a_walk_in_by_keyboard_takes_at_most_15_keys_besides_the_card(
    qtbot, main_window: MainWindow, code: str, name_words: str
):
    window = main_window
    master, slave = os.openpty()
    ctx = window.shell.ctx
    ctx.config = replace(ctx.config, id_scanner=IdScanner(port=os.ttyname(slave)))
    window._start_id_scanner()
    try:
        os.write(master, CARD.encode("utf-8") + b"\r\n")  # the card on the scanner: the intake opens, filled
        qtbot.waitUntil(lambda: window.intake is not None and window.intake.fields.full_name.text() != "")
        intake = window.intake
        assert intake is not None
        bring_up(qtbot, intake, window.shell)
        keys = Keyboard()
        keys.press(Qt.Key.Key_F4)
        assert focused() is intake.fields.procedure
        typed = ""
        for ch in name_words:  # type-ahead until the first suggestion is the one wanted
            keys.type(ch)
            typed += ch
            if intake.picker.suggestions()[:1] == [code]:
                break
        assert intake.picker.suggestions()[:1] == [code], typed
        keys.press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: intake.procedure is not None and intake.procedure.code == code)
        for _ in range(4):  # Tab to the first paper of the checklist (a case chooser may come first)
            keys.press(Qt.Key.Key_Tab)
            if isinstance(focused(), QCheckBox):
                break
        assert focused() is intake.checklist.first_widget()
        keys.press(Qt.Key.Key_Space)
        paper = intake.checklist.rows[0].doc.name
        with qtbot.waitSignal(intake.saved, timeout=10_000) as saved:
            keys.press(Qt.Key.Key_F9)
        window.shell.tasks.wait_idle()
        kept = get_dossier(ctx, OFFICER, saved.args[0].dossier.code)
        assert (kept.procedure_code, kept.applicant.full_name) == (code, "Nguyễn Thị Hoa")
        assert [d.name for d in kept.documents] == [paper]
        seconds = keys.count / KEYS_PER_SECOND
        print(f"\nwalk-in {code}: {keys.count} keys besides the card (typed “{typed}”), "
              f"{seconds:.1f} s at {KEYS_PER_SECOND} keys/s")  # fmt: skip
        assert keys.count <= 15 and seconds <= 30
        intake.hide()
    finally:
        if window.id_scanner is not None:
            window.id_scanner.close()
        os.close(master)
        os.close(slave)
