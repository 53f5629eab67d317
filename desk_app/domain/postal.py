"""Mail-in dossiers (Decision 45/2016/QĐ-TTg, DOMAIN_VN.md §5): postal item numbers and handover records.

* A postal item number (số hiệu bưu gửi) follows UPU S10: 2 letters (service indicator) + 8-digit serial
  + 1 check digit + 2-letter country code, e.g. ``EL123456785VN``. The check digit is
  ``c = 11 − (Σ serialᵢ·wᵢ mod 11)`` with weights 8, 6, 4, 2, 3, 5, 9, 7; ``c = 10`` is written 0 and
  ``c = 11`` is written 5. Input is normalised (white space removed, upper case) before checking.
  Any 2-letter country code passes :func:`check_s10`; a code other than ``VN`` (an item not issued by
  Vietnam Post) is only a warning (:func:`s10_country_warning`), since the number itself is well formed.
* The postal worker and the officer sign a *Biên bản giao nhận hồ sơ* (:class:`HandoverRecord`); one
  handover carries many dossiers, and **its signing time is the legal time of receipt** of each of them.
* :class:`PostalDetails` is what is recorded per mail-in dossier: item number, handover record number and
  time, sender address, the result-return choice (and return address), fee and receipt number if the fee
  was paid via the post office.

Validation collects every problem as a :class:`FieldError` (``handover.*``, ``postal.*``) and raises
:class:`ValidationFailed`. Pure module: ``now`` is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_app.domain.errors import DeskError, FieldError, ValidationFailed
from desk_app.domain.model import parse_datetime
from desk_app.domain.text import clean

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
S10_EXAMPLE = "EL123456785VN"
HOME_COUNTRY = "VN"
MAX_RECORD_NUMBER = 40
MAX_NAME = 100
MAX_TEXT = 500

_S10 = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
_SERIAL = re.compile(r"[0-9]{8}")
_TIME_EXAMPLE = "2026-11-20T09:30:00+07:00"


def s10_check_digit(serial8: str) -> int:
    """The S10 check digit of an 8-digit serial (``"12345678"`` → 5); ``ValueError`` if not 8 digits."""
    if not _SERIAL.fullmatch(serial8):
        raise ValueError(f"an S10 serial is exactly 8 ASCII digits, got {serial8!r}")
    c = 11 - sum(int(d) * w for d, w in zip(serial8, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(c, c)


def normalise_s10(item: str) -> str:
    """``item`` without any white space, upper-cased (`` el 123 456 785 vn`` → ``EL123456785VN``)."""
    return "".join(item.split()).upper()


def check_s10(item: str) -> str:
    """The normalised S10 item number, or :class:`DeskError` (``field="postal.item_number"``) saying why."""
    number = normalise_s10(item)
    if not number:
        raise DeskError("Chưa nhập số hiệu bưu gửi", field="postal.item_number")
    if not _S10.fullmatch(number):
        raise DeskError(
            f"Số hiệu bưu gửi {number} không đúng dạng S10: 2 chữ cái, 9 chữ số, 2 chữ cái mã quốc gia "
            f"(13 ký tự, ví dụ {S10_EXAMPLE}; đang có {len(number)} ký tự)",
            field="postal.item_number",
        )
    expected = s10_check_digit(number[2:10])
    if int(number[10]) != expected:
        raise DeskError(
            f"Số hiệu bưu gửi {number} không hợp lệ: sai số kiểm tra (chữ số thứ 11 phải là {expected})",
            field="postal.item_number",
        )
    return number


def s10_country_warning(item: str) -> str | None:
    """A warning when a valid item number does not end in ``VN`` (not issued by Vietnam Post), else None."""
    number = normalise_s10(item)
    if number[-2:] == HOME_COUNTRY:
        return None
    return (
        f"Số hiệu bưu gửi {number} có mã quốc gia {number[-2:]}, không phải {HOME_COUNTRY}: "
        "bưu gửi không do bưu chính Việt Nam phát hành; đề nghị kiểm tra lại"
    )


# --- handover record (biên bản giao nhận hồ sơ) ------------------------------------------------------------


@dataclass(frozen=True)
class HandoverRecord:
    """A signed handover between the postal worker and the officer; ``signed_at`` is the legal receipt time
    of every dossier it carries."""

    number: str
    signed_at: datetime  # aware
    postal_worker: str
    postal_unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class PostalDetails:
    """What is recorded for one mail-in dossier (``handover_at`` is its legal time of receipt)."""

    item_number: str
    handover_record: str
    handover_at: datetime  # aware
    sender_address: str
    return_by_post: bool
    return_address: str
    fee_paid_via_post: int | None = None  # VND paid at the post office, if any
    post_receipt_number: str = ""
    warnings: tuple[str, ...] = ()


def _text(
    raw: Mapping[str, Any],
    key: str,
    path: str,
    errors: list[FieldError],
    *,
    limit: int,
    missing: str | None = None,
) -> str:
    """The cleaned text of ``raw[key]``; an error if not text, too long, or empty when ``missing`` is set."""
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        errors.append(FieldError(f"{path}.{key}", "phải là chữ"))
        return ""
    text = clean(value)
    if not text and missing:
        errors.append(FieldError(f"{path}.{key}", missing))
    elif len(text) > limit:
        errors.append(FieldError(f"{path}.{key}", f"dài quá {limit} ký tự (đang có {len(text)})"))
    return text


def _signed_time(
    raw: Mapping[str, Any], key: str, path: str, errors: list[FieldError], *, now: datetime, what: str
) -> datetime | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError(f"{path}.{key}", f"chưa nhập {what}"))
        return None
    try:
        at = parse_datetime(value)
    except (ValueError, TypeError):
        errors.append(FieldError(f"{path}.{key}", f"{what} phải theo ISO 8601, ví dụ {_TIME_EXAMPLE}"))
        return None
    if at > now:
        errors.append(FieldError(f"{path}.{key}", f"{what} ({at:%H:%M %d/%m/%Y}) không được ở tương lai"))
        return None
    return at


def _mapping(raw: Any, path: str, message: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ValidationFailed([FieldError(path, message)])
    return raw


def _check_record_number(number: str, field: str, errors: list[FieldError]) -> None:
    """The record number is printed as a Code128 barcode: ASCII letters, digits and punctuation only."""
    if number and not (number.isascii() and number.isprintable()):
        errors.append(FieldError(field, "số biên bản chỉ gồm chữ không dấu, chữ số và các dấu / - . "
                                        "(được in thành mã vạch)"))  # fmt: skip


def validate_handover(raw: Mapping[str, Any], *, now: datetime) -> HandoverRecord:
    """Validate a handover record ``{"number", "signed_at", "postal_worker", "postal_unit"?, "note"?}``."""
    raw = _mapping(raw, "handover", "thiếu thông tin biên bản giao nhận hồ sơ")
    errors: list[FieldError] = []
    number = _text(raw, "number", "handover", errors, limit=MAX_RECORD_NUMBER,
                   missing="chưa nhập số biên bản giao nhận hồ sơ")  # fmt: skip
    _check_record_number(number, "handover.number", errors)
    signed_at = _signed_time(raw, "signed_at", "handover", errors, now=now,
                             what="thời điểm ký biên bản giao nhận")  # fmt: skip
    worker = _text(raw, "postal_worker", "handover", errors, limit=MAX_NAME,
                   missing="chưa nhập họ tên nhân viên bưu chính giao hồ sơ")  # fmt: skip
    unit = _text(raw, "postal_unit", "handover", errors, limit=MAX_TEXT)
    note = _text(raw, "note", "handover", errors, limit=MAX_TEXT)
    if errors or signed_at is None:
        raise ValidationFailed(errors)
    return HandoverRecord(number, signed_at, worker, unit, note)


def validate_postal(raw: Mapping[str, Any], *, now: datetime) -> PostalDetails:
    """Validate the ``"postal"`` object of a mail-in intake (pass ``intake_raw.get("postal")`` as is).

    Shape: ``{"item_number", "handover_record", "handover_at", "sender_address", "return_by_post"}`` plus
    optional ``"return_address"`` (defaults to the sender address when the result goes back by post),
    ``"fee_paid"`` (VND, integer ≥ 0) and ``"post_receipt_number"``.
    """
    raw = _mapping(raw, "postal", "hồ sơ qua bưu chính phải có thông tin bưu gửi (postal)")
    errors: list[FieldError] = []
    warnings: list[str] = []
    item = ""
    value = raw.get("item_number")
    if value is not None and not isinstance(value, str):
        errors.append(FieldError("postal.item_number", "phải là chữ"))
    else:
        try:
            item = check_s10(value or "")
        except DeskError as exc:
            errors.append(FieldError("postal.item_number", exc.message))
        else:
            if warning := s10_country_warning(item):
                warnings.append(warning)
    record = _text(raw, "handover_record", "postal", errors, limit=MAX_RECORD_NUMBER,
                   missing="chưa nhập số biên bản giao nhận hồ sơ")  # fmt: skip
    _check_record_number(record, "postal.handover_record", errors)
    handover_at = _signed_time(raw, "handover_at", "postal", errors, now=now,
                               what="thời điểm ký biên bản giao nhận")  # fmt: skip
    sender = _text(raw, "sender_address", "postal", errors, limit=MAX_TEXT,
                   missing="chưa nhập địa chỉ người gửi")  # fmt: skip
    by_post = raw.get("return_by_post")
    if not isinstance(by_post, bool):
        errors.append(
            FieldError(
                "postal.return_by_post",
                "phải chọn nơi nhận kết quả: true (trả qua bưu chính) hoặc false (nhận tại bộ phận một cửa)",
            )
        )
        by_post = False
    return_address = _text(raw, "return_address", "postal", errors, limit=MAX_TEXT)
    if by_post and not return_address:
        return_address = sender
    fee = raw.get("fee_paid")
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        errors.append(
            FieldError("postal.fee_paid", "lệ phí nộp qua bưu điện phải là số tiền (đồng) không âm")
        )
        fee = None
    receipt = _text(raw, "post_receipt_number", "postal", errors, limit=MAX_RECORD_NUMBER)
    if fee and not receipt:
        warnings.append("Đã ghi lệ phí nộp qua bưu điện nhưng chưa có số biên lai thu")
    if errors or handover_at is None:
        raise ValidationFailed(errors)
    return PostalDetails(
        item_number=item,
        handover_record=record,
        handover_at=handover_at,
        sender_address=sender,
        return_by_post=by_post,
        return_address=return_address,
        fee_paid_via_post=fee,
        post_receipt_number=receipt,
        warnings=tuple(warnings),
    )
