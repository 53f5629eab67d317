"""Labels the officer reads for the domain's codes, translated: statuses and channels.

The Vietnamese texts are the domain's own (``Status.label_vi``); the English ones are in
``resources/i18n/desk_app_en.ts`` under the context ``Labels``. Light on purpose: the main window
fills its filters with these before the station (and SQLAlchemy) is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desk_app.domain.lifecycle import Status


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_label(status: str) -> str:
    """``received`` → "Đã tiếp nhận" (an unknown value is shown as is)."""
    try:
        return _t(Status(status).label_vi)
    except ValueError:
        return status


def channel_label(channel: str) -> str:
    return {"walk_in": _t("Trực tiếp"), "post": _t("Qua bưu chính")}.get(channel, channel)
