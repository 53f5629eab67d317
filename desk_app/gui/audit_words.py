"""The audit trail in the supervisor's words: each action's name, the data that came with it, the time.

The trail keeps short keys (``login.ok``, ``dossier.void``, ``{"reason": …}``) — they are what the hash
chain covers and what IT greps for — and the viewer shows them as Vietnamese phrases with dd/mm/yyyy
times. The filter offers groups of actions by name (each a key prefix the service searches by).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk_app.domain.lifecycle import Action


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditWords", text)


def _actions() -> dict[str, str]:
    return {
        "login.ok": _t("Đăng nhập"),
        "login.failed": _t("Đăng nhập sai mật khẩu"),
        "login.unknown_user": _t("Đăng nhập bằng tên không có"),
        "login.throttled": _t("Đăng nhập phải chờ (sai nhiều lần)"),
        "login.disabled": _t("Đăng nhập bằng tài khoản đã vô hiệu hóa"),
        "login.password_expired": _t("Đăng nhập, mật khẩu cần đặt lại"),
        "screen.lock": _t("Khóa màn hình"),
        "user.create": _t("Tạo tài khoản"),
        "user.password": _t("Đặt mật khẩu"),
        "user.disable": _t("Vô hiệu hóa tài khoản"),
        "denied": _t("Bị từ chối: không có quyền"),
        "dossier.receive": _t("Tiếp nhận hồ sơ"),
        "handover.open": _t("Mở biên bản giao nhận bưu chính"),
        "pages.attach": _t("Đính kèm trang quét"),
        "pages.edit": _t("Sửa trang quét"),
        "pages.file_batch": _t("Xếp xấp hồ sơ có tờ bìa"),
        "pages.file_unfiled": _t("Xếp trang chưa phân loại vào hồ sơ"),
        "scans.purge": _t("Xóa bản quét hết thời hạn lưu"),
        "register.export": _t("In, xuất sổ theo dõi"),
        "audit.verify": _t("Kiểm tra nhật ký"),
        "backup": _t("Sao lưu"),
        "backup.auto": _t("Sao lưu tự động hằng ngày"),
        "backup.recovery_key": _t("Tạo khóa khôi phục bản sao lưu"),
        "restore": _t("Khôi phục từ bản sao lưu"),
        "restore.refused": _t("Từ chối khôi phục bản sao lưu"),
        "catalogue.import": _t("Nhập danh mục thủ tục"),
        "sync.enroll": _t("Đăng ký trạm với máy chủ"),
        "sync.rejected": _t("Máy chủ từ chối một bản ghi"),
        "sync.retry": _t("Gửi lại ngay lên máy chủ"),
        "sync.change": _t("Nhận thay đổi hồ sơ từ máy chủ"),
        "sync.change_skipped": _t("Bỏ qua thay đổi từ máy chủ"),
        "sync.reference": _t("Nhận danh mục hoặc lịch từ máy chủ"),
        "sync.reference_skipped": _t("Bỏ qua danh mục hoặc lịch từ máy chủ"),
    }


def _dossier_actions() -> dict[str, str]:
    from desk_app.gui.actions import action_text

    said = _t("Hồ sơ: %1")
    return {f"dossier.{a.value}": said.replace("%1", action_text(a).replace("&", "")) for a in Action}


def action_words(action: str) -> str:
    """``login.ok`` → "Đăng nhập"; an action this version does not know is shown as "Thao tác khác"."""
    return _actions().get(action) or _dossier_actions().get(action) or _t("Thao tác khác (%1)").replace(
        "%1", action
    )


def groups() -> list[tuple[str, str]]:
    """The viewer's filter: (what the supervisor reads, the key prefix searched); the first is all."""
    return [
        (_t("Mọi thao tác"), ""),
        (_t("Đăng nhập"), "login"),
        (_t("Khóa màn hình"), "screen."),
        (_t("Tài khoản, mật khẩu"), "user."),
        (_t("Xử lý hồ sơ"), "dossier."),
        (_t("Trang quét"), "pages."),
        (_t("Bị từ chối (không có quyền)"), "denied"),
        (_t("Sao lưu, khôi phục"), "backup"),
        (_t("Đồng bộ với máy chủ"), "sync."),
        (_t("Danh mục thủ tục"), "catalogue."),
        (_t("Sổ theo dõi"), "register."),
    ]


def _keys() -> dict[str, str]:
    return {
        "reason": _t("lý do"), "why": _t("lý do"), "role": _t("vai trò"), "first": _t("tài khoản đầu tiên"),
        "wait_seconds": _t("phải chờ (giây)"), "what": _t("việc"), "pages": _t("số trang"),
        "item": _t("giấy tờ"), "procedure": _t("thủ tục"), "kind": _t("loại"), "files": _t("số tệp"),
        "records": _t("số bản ghi"), "entries": _t("số mục"), "version": _t("phiên bản"),
        "station_id": _t("mã trạm"), "permission": _t("quyền"), "demo": _t("dữ liệu mẫu"),
        "action": _t("thao tác"), "approver": _t("người duyệt"), "supervisor": _t("lãnh đạo duyệt"),
    }  # fmt: skip


def _value(value: Any) -> str:
    if value in ("manual", "idle"):  # why the screen locked
        return _t("theo yêu cầu (Ctrl+L)") if value == "manual" else _t("lâu không thao tác")
    if isinstance(value, bool):
        return _t("có") if value else _t("không")
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.strftime("%H:%M %d/%m/%Y") if "T" in value else moment.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def details_words(data: str) -> str:
    """An entry's JSON data as "lý do: …; số trang: 3" ("" when there is none)."""
    try:
        parsed = json.loads(data) if data else {}
    except ValueError:
        return data
    if not isinstance(parsed, dict):
        return _value(parsed)
    keys = _keys()
    parts = []
    for key, value in parsed.items():
        if key == "role" and isinstance(value, str):
            from desk_app.domain.accounts import Role
            from desk_app.gui.accounts import role_label

            value = role_label(Role(value)) if value in {r.value for r in Role} else value
        if key == "action" and isinstance(value, str):
            value = action_words(f"dossier.{value}")
        parts.append(f"{keys.get(key, key)}: {_value(value)}")
    return "; ".join(parts)


def when_words(at: str) -> str:
    """An entry's ISO time as ``09:05:12 03/12/2026``."""
    try:
        return datetime.fromisoformat(at).strftime("%H:%M:%S %d/%m/%Y")
    except ValueError:
        return at
