"""Issue 18, part 6: the dossier history and the audit viewer speak in words, never in the stored keys."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from desk_app.domain.lifecycle import RECORD_EVENTS, Action
from desk_app.domain.model import VN_TZ
from desk_app.domain.records import EventRecord
from desk_app.gui.audit_words import action_words, details_words, when_words
from desk_app.gui.timeline import event_details, event_label

ROOT = Path(__file__).resolve().parents[2]


def _event(kind: str, **data: object) -> EventRecord:
    return EventRecord(uuid="e1", kind=kind, at=datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ), actor="Lê Thị Mai",
                       reason="", data=data)  # fmt: skip


def test_every_event_kind_has_a_label_in_words(qapp) -> None:
    for kind in {a.value for a in Action} | RECORD_EVENTS:
        label = event_label(_event(kind))
        assert label != kind and not label.startswith("Xử lý khác") and not re.search(r"[a-z]-[a-z]", label)
    edited = _event("pages-edited", what="xoay trang 2 (Tờ khai CT01)")
    assert (event_label(edited), event_details(edited)) == ("Sửa trang quét", "Xoay trang 2 (Tờ khai CT01)")


def test_every_audit_action_the_code_writes_has_words(qapp) -> None:
    written = set()
    for path in (ROOT / "desk_app").rglob("*.py"):
        if "central" in path.parts:  # the central server's own web_audit is not the desk's trail
            continue
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'audit\.append\(\s*[^,]+,\s*[^,]+,\s*"([a-z_.]+)"', text))
        written |= set(re.findall(r"\"(login\.(?!ui\b)[a-z_]+)\"", text))
    written |= {"backup", "backup.auto"} | {f"dossier.{a.value}" for a in Action}
    assert {"login.ok", "screen.lock", "dossier.receive", "pages.edit"} <= written
    for action in written:
        assert not action_words(action).startswith("Thao tác khác"), action
    assert action_words("dossier.void") == "Hồ sơ: Hủy hồ sơ"


def test_details_and_times_in_words(qapp) -> None:
    assert details_words('{"reason": "manual"}') == "lý do: theo yêu cầu (Ctrl+L)"
    assert details_words('{"first": true, "role": "admin"}') == "tài khoản đầu tiên: có; vai trò: Quản trị"
    assert details_words('{"new_due": "2026-12-04T16:00:00+07:00"}').endswith("16:00 04/12/2026")
    assert when_words("2026-12-03T09:05:12.123+07:00") == "09:05:12 03/12/2026"
    assert details_words("") == ""
