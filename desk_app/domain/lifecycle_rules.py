"""Helpers of :mod:`desk_app.domain.lifecycle`: dates of the legal deadlines, input checks and messages.

Kept apart so the state machine itself stays short; tables here are keyed by the status and action values
(this module never imports :mod:`~desk_app.domain.lifecycle`). Every message is
Vietnamese and names the rule that refused the action.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from desk_app.domain.calendar import DueRules, WorkingCalendar, due_date
from desk_app.domain.errors import DeskError
from desk_app.domain.identity import PASSPORT_NUMBER, IdCheck, check_id_number
from desk_app.domain.model import TimeLimit
from desk_app.domain.postal import check_s10, s10_country_warning
from desk_app.domain.text import clean

MAX_ACTOR = 100
MAX_REASON = 500
#: A return after review (request to supplement) must be notified within 3 working days (DOMAIN_VN §2).
REVIEW_DAYS = 3
_REVIEW_LIMIT = TimeLimit(REVIEW_DAYS)
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


class TransitionRefused(DeskError):
    """An action the dossier's state, the law or the input does not allow; the message names the rule."""


#: Labels shown to the officer, keyed by the status value.
STATUS_LABELS: Mapping[str, str] = {
    "received": "Đã tiếp nhận",
    "supplement_requested": "Yêu cầu bổ sung",
    "transferred": "Đã chuyển xử lý",
    "result_received": "Đã có kết quả",
    "returned": "Đã trả kết quả",
    "refused": "Từ chối tiếp nhận",
    "stopped": "Dừng giải quyết",
    "voided": "Đã hủy",
}

#: Labels of the actions (buttons, history), keyed by the action value.
ACTION_LABELS: Mapping[str, str] = {
    "request-supplement": "Yêu cầu bổ sung hồ sơ",
    "supplemented": "Đã bổ sung hồ sơ",
    "transfer": "Chuyển xử lý",
    "result-received": "Nhận kết quả",
    "return": "Trả kết quả",
    "refuse": "Từ chối tiếp nhận",
    "stop": "Dừng giải quyết",
    "extend": "Gia hạn",
    "void": "Hủy hồ sơ (nhập nhầm)",
}

#: "Không thể <verb>: …" — keyed by the action's value.
VERBS: Mapping[str, str] = {
    "request-supplement": "yêu cầu bổ sung hồ sơ",
    "supplemented": "ghi nhận đã bổ sung hồ sơ",
    "transfer": "chuyển xử lý",
    "result-received": "ghi nhận đã có kết quả",
    "return": "trả kết quả",
    "refuse": "từ chối tiếp nhận",
    "stop": "dừng giải quyết hồ sơ",
    "extend": "gia hạn",
    "void": "hủy hồ sơ",
}

#: Why an action is refused in a status, keyed by the status value (used unless the action says better).
STATE_REASONS: Mapping[str, str] = {
    "received": "hồ sơ chưa được chuyển xử lý",
    "supplement_requested": "hồ sơ đang chờ bổ sung",
    "transferred": "hồ sơ đã được chuyển xử lý",
    "result_received": "hồ sơ đã có kết quả",
    "returned": "hồ sơ đã trả kết quả",
    "refused": "hồ sơ đã bị từ chối tiếp nhận",
    "stopped": "hồ sơ đã dừng giải quyết",
    "voided": "hồ sơ đã bị hủy",
}

#: Why an action is refused in any non-final status that does not allow it, keyed by the action value.
ACTION_REASONS: Mapping[str, str] = {
    "supplemented": "hồ sơ không ở trạng thái chờ bổ sung",
    "return": "hồ sơ chưa có kết quả",
}

#: The message when the reason is left empty, for the actions that require one.
REASON_REQUIRED: Mapping[str, str] = {
    "request-supplement": "Lý do là bắt buộc khi yêu cầu bổ sung: ghi rõ giấy tờ cần bổ sung, hoàn thiện",
    "refuse": "Lý do là bắt buộc khi từ chối tiếp nhận hồ sơ",
    "stop": "Lý do là bắt buộc khi dừng giải quyết hồ sơ (ghi cả căn cứ: ví dụ công dân rút hồ sơ)",
    "extend": "Lý do là bắt buộc khi gia hạn (ghi trong văn bản xin lỗi và đề nghị gia hạn)",
    "void": "Lý do là bắt buộc khi hủy hồ sơ (ví dụ: nhập nhầm hồ sơ)",
}

EXTENSION_USED = "Hồ sơ chỉ được gia hạn một lần (hồ sơ này đã được gia hạn)"
SUPPLEMENT_WAIT = "thời hạn giải quyết đang tạm dừng và sẽ tính lại từ đầu khi hồ sơ được bổ sung đầy đủ"


def day_vi(d: date) -> str:
    """``02/12/2026``."""
    return f"{d:%d/%m/%Y}"


def time_vi(dt: datetime) -> str:
    """``16:00 ngày 02/12/2026``."""
    return f"{dt:%H:%M} ngày {dt:%d/%m/%Y}"


def require_aware(dt: object, name: str) -> datetime:
    """``dt`` if it is an aware datetime; a naive one is a programming error (``ValueError``)."""
    if not isinstance(dt, datetime) or dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {dt!r}")
    return dt


def local(dt: datetime, tz: tzinfo | None) -> datetime:
    """``dt`` in the dossier's time zone (days are always taken there)."""
    return dt.astimezone(tz)


def clean_actor(actor: str) -> str:
    text = clean(actor)
    if not text:
        raise TransitionRefused("Chưa ghi người thực hiện thao tác", field="actor")
    if len(text) > MAX_ACTOR:
        raise TransitionRefused(f"Tên người thực hiện dài quá {MAX_ACTOR} ký tự", field="actor")
    return text


def clean_reason(reason: str, action: str) -> str:
    text = clean(reason)
    if not text and action in REASON_REQUIRED:
        raise TransitionRefused(REASON_REQUIRED[action], field="reason")
    if len(text) > MAX_REASON:
        raise TransitionRefused(f"Lý do dài quá {MAX_REASON} ký tự (đang có {len(text)})", field="reason")
    return text


def check_time(at: datetime, *, now: datetime, received_at: datetime, last_at: datetime) -> None:
    """The action happened no later than now, and not before the receipt or the previous step."""
    tz = received_at.tzinfo
    if at > now:
        raise TransitionRefused(
            f"Thời điểm thực hiện ({time_vi(local(at, tz))}) không được ở tương lai "
            f"(bây giờ là {time_vi(local(now, tz))})",
            field="at",
        )
    if at < received_at:
        raise TransitionRefused(
            f"Thời điểm thực hiện ({time_vi(local(at, tz))}) không được trước thời điểm tiếp nhận hồ sơ "
            f"({time_vi(local(received_at, tz))})",
            field="at",
        )
    if at < last_at:
        raise TransitionRefused(
            f"Thời điểm thực hiện ({time_vi(local(at, tz))}) không được trước bước xử lý trước đó "
            f"({time_vi(local(last_at, tz))})",
            field="at",
        )


def supplement_warnings(
    day: date, clock_started_at: datetime, previous: int, calendar: WorkingCalendar, rules: DueRules
) -> tuple[date, list[str]]:
    """The last day to notify a request to supplement made on ``day`` (3 working days after the effective
    receipt, or after the last supplemented time) and the warnings: too late, or not the first request."""
    deadline = due_date(clock_started_at, _REVIEW_LIMIT, calendar, rules).at.date()
    warnings = []
    if day > deadline:
        warnings.append(
            f"Yêu cầu bổ sung quá {REVIEW_DAYS:02d} ngày làm việc kể từ khi tiếp nhận hồ sơ "
            f"(chậm nhất ngày {day_vi(deadline)}): cần thông báo cho người nộp ngay"
        )
    if previous:
        warnings.append(
            f"Hồ sơ đã được yêu cầu bổ sung {previous} lần; đề nghị kiểm tra lại trước khi yêu cầu thêm"
        )
    return deadline, warnings


def latest_extension_day(due_at: datetime, calendar: WorkingCalendar) -> date:
    """The last day an extension may be made: the last working day strictly before the due day."""
    day = due_at.date().toordinal() - 1
    while not calendar.is_working_day(date.fromordinal(day)):
        day -= 1
    return date.fromordinal(day)


def check_extension(
    at: datetime, due_at: datetime, new_due: object, calendar: WorkingCalendar
) -> tuple[date, list[str]]:
    """The new due day (refusals: too late, missing, not after the current due day, not a working day)."""
    due_day, day = due_at.date(), local(at, due_at.tzinfo).date()
    latest = latest_extension_day(due_at, calendar)
    if at > due_at:
        raise TransitionRefused(
            f"Không thể gia hạn sau hạn trả kết quả ({time_vi(due_at)}): phải gia hạn trước hạn trả "
            "ít nhất 01 ngày làm việc",
            field="at",
        )
    if day > latest:
        raise TransitionRefused(
            f"Phải gia hạn trước hạn trả ít nhất 01 ngày làm việc (hạn trả: {day_vi(due_day)}; "
            f"chậm nhất ngày {day_vi(latest)})",
            field="at",
        )
    if new_due is None:
        raise TransitionRefused("Phải nhập ngày hẹn trả mới khi gia hạn", field="new_due")
    if not isinstance(new_due, date) or isinstance(new_due, datetime):
        raise TransitionRefused("Ngày hẹn trả mới phải là một ngày (không kèm giờ)", field="new_due")
    if new_due <= due_day:
        raise TransitionRefused(
            f"Ngày hẹn trả mới ({day_vi(new_due)}) phải sau ngày hẹn trả hiện tại ({day_vi(due_day)})",
            field="new_due",
        )
    if not calendar.is_working_day(new_due):
        why = calendar.holiday_name(new_due) or _WEEKDAYS[new_due.weekday()]
        raise TransitionRefused(
            f"Ngày hẹn trả mới {day_vi(new_due)} không phải ngày làm việc ({why})", field="new_due"
        )
    warnings = []
    if calendar.is_provisional(new_due):
        warnings.append(
            f"Ngày hẹn trả mới {day_vi(new_due)} thuộc năm chưa có lịch nghỉ lễ chính thức (lịch dự kiến); "
            "có thể phải điều chỉnh"
        )
    return new_due, warnings


def check_delivery(
    *, result_by_post: bool, postal_item: str | None, collected_by: str, id_checked: str
) -> tuple[dict[str, Any], list[str]]:
    """The event data of a return (by post: a valid S10 item; at the counter: who collected, ID checked)."""
    collector, id_number = clean(collected_by), "".join(clean(id_checked).split())
    item = clean(postal_item)
    if result_by_post:
        if collector or id_number:
            raise TransitionRefused(
                "Trả kết quả qua bưu chính thì không ghi người nhận và giấy tờ tại quầy", field="collected_by"
            )
        if not item:
            raise TransitionRefused("Trả kết quả qua bưu chính phải có số hiệu bưu gửi", field="postal_item")
        try:
            number = check_s10(item)
        except DeskError as exc:
            raise TransitionRefused(exc.message, field="postal_item") from None
        warning = s10_country_warning(number)
        return {"delivery": "post", "postal_item": number}, [warning] if warning else []
    if item:
        raise TransitionRefused(
            "Trả kết quả tại quầy thì không ghi số hiệu bưu gửi (chọn trả qua bưu chính)", field="postal_item"
        )
    if not collector:
        raise TransitionRefused(
            "Trả kết quả tại quầy phải ghi họ tên người nhận kết quả", field="collected_by"
        )
    if len(collector) > MAX_ACTOR:
        raise TransitionRefused(f"Họ tên người nhận dài quá {MAX_ACTOR} ký tự", field="collected_by")
    if not id_number:
        raise TransitionRefused(
            "Trả kết quả tại quầy phải ghi số định danh cá nhân (hoặc số hộ chiếu) đã kiểm tra "
            "của người nhận",
            field="id_checked",
        )
    if any(ch.isalpha() for ch in id_number):  # a foreigner shows a passport
        id_number = id_number.upper()
        bad = not PASSPORT_NUMBER.fullmatch(id_number)
        errors = ["số hộ chiếu gồm 5 đến 20 chữ cái và chữ số"] if bad else []
        check = IdCheck(tuple(errors), ())
    else:
        check = check_id_number(id_number)
    if check.errors:
        raise TransitionRefused(
            "Giấy tờ của người nhận kết quả không hợp lệ: " + "; ".join(check.errors), field="id_checked"
        )
    data = {"delivery": "counter", "collected_by": collector, "id_checked": id_number}
    return data, list(check.warnings)
