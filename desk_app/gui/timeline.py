"""A dossier's history as the officer reads it: what happened, and the data that came with it.

Each event kind gets a label; the event's data (previous → new due date, postal item numbers, who
collected the result and the ID checked, the deadline to notify a supplement request, lateness) becomes
one short line of detail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk_app.domain.records import EventRecord


def _t(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def _labels() -> dict[str, str]:
    return {
        "received": _t("Tiếp nhận hồ sơ, in giấy biên nhận"),
        "request-supplement": _t("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "supplemented": _t("Công dân đã bổ sung hồ sơ"),
        "transfer": _t("Chuyển hồ sơ cho bộ phận giải quyết"),
        "result-received": _t("Nhận kết quả giải quyết"),
        "return": _t("Trả kết quả"),
        "refuse": _t("Từ chối tiếp nhận, giải quyết"),
        "stop": _t("Dừng giải quyết hồ sơ"),
        "extend": _t("Gia hạn thời gian giải quyết"),
        "void": _t("Hủy hồ sơ (nhập nhầm)"),
        "pages-edited": _t("Sửa trang quét"),
        "scans-purged": _t("Xóa bản quét hết thời hạn lưu"),
    }


def event_label(event: EventRecord) -> str:
    """``received`` → "Tiếp nhận hồ sơ, in giấy biên nhận"; a mail-in receipt says so."""
    if event.kind == "received" and event.data.get("postal_item"):
        return _t("Tiếp nhận hồ sơ qua bưu chính")
    if event.kind == "attached":
        text = _t("Đính kèm %1 trang quét — %2").replace("%1", str(event.data.get("pages", "?")))
        return text.replace("%2", str(event.data.get("item") or _t("hồ sơ")))
    return _labels().get(event.kind) or _t("Xử lý khác (phiên bản mới hơn ghi)")


def when(value: Any) -> str:
    """An ISO time from an event's data as ``16:00 02/12/2026`` (a date alone as ``02/12/2026``)."""
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return dt.strftime("%d/%m/%Y") if len(str(value)) <= 10 else dt.strftime("%H:%M %d/%m/%Y")


def event_details(event: EventRecord) -> str:
    """The key data of ``event`` on one line ("" if none worth showing)."""
    d = event.data
    parts: list[str] = []
    if event.kind == "received" and d.get("due_at"):
        parts.append(_t("hẹn trả %1").replace("%1", when(d["due_at"])))
    if d.get("previous_due") and d.get("new_due"):
        parts.append(
            _t("hẹn trả %1 → %2").replace("%1", when(d["previous_due"])).replace("%2", when(d["new_due"]))
        )
    if d.get("notify_by"):
        parts.append(_t("thông báo cho công dân chậm nhất ngày %1").replace("%1", when(d["notify_by"])))
    if d.get("postal_item"):
        what = _t("bưu gửi trả kết quả %1") if event.kind == "return" else _t("bưu gửi %1")
        parts.append(what.replace("%1", str(d["postal_item"])))
    if d.get("collected_by"):
        parts.append(_t("người nhận: %1").replace("%1", str(d["collected_by"])))
    if d.get("id_checked"):
        parts.append(_t("giấy tờ đã kiểm tra: %1").replace("%1", str(d["id_checked"])))
    if d.get("late"):
        parts.append(_t("trễ hạn"))
    if event.kind == "pages-edited" and d.get("what"):
        parts.append(str(d["what"]))  # written in Vietnamese by the page editor's service
    if event.kind == "scans-purged":
        text = _t("%1 trang, lưu %2 ngày sau khi trả kết quả").replace("%1", str(d.get("pages", "?")))
        parts.append(text.replace("%2", str(d.get("retention_days", "?"))))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
