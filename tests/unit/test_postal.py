"""Mail-in dossiers: S10 item numbers, handover records, postal details (desk_app.domain.postal, §5)."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.errors import DeskError, ValidationFailed
from desk_app.domain.model import VN_TZ
from desk_app.domain.postal import (
    S10_WEIGHTS,
    HandoverRecord,
    PostalDetails,
    check_s10,
    normalise_s10,
    s10_check_digit,
    s10_country_warning,
    validate_handover,
    validate_postal,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=VN_TZ)

# --- S10 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "weighted_sum", "digit"),
    [
        ("12345678", 204, 5),  # 204 mod 11 = 6 → 11 − 6 = 5
        ("98765432", 236, 6),  # 236 mod 11 = 5 → 6
        ("47312482", 200, 9),  # 200 mod 11 = 2 → 9
        ("12345671", 155, 0),  # 155 mod 11 = 1 → c = 10 → written 0
        ("00000008", 56, 0),  # 56 mod 11 = 1 → c = 10 → 0
        ("12345674", 176, 5),  # 176 mod 11 = 0 → c = 11 → written 5
        ("00000000", 0, 5),  # 0 mod 11 = 0 → c = 11 → 5
    ],
)
def test_check_digit_vectors(serial: str, weighted_sum: int, digit: int) -> None:
    assert sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) == weighted_sum
    assert s10_check_digit(serial) == digit


@pytest.mark.parametrize("serial", ["1234567", "123456789", "1234567a", "", "１２３４５６７８", "١٢٣٤٥٦٧٨"])
def test_check_digit_needs_eight_ascii_digits(serial: str) -> None:
    with pytest.raises(ValueError):
        s10_check_digit(serial)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("EL123456785VN", "EL123456785VN"),
        (" el 1234 5678 5 vn\n", "EL123456785VN"),
        ("RR123456710VN", "RR123456710VN"),  # c = 10 → 0
        ("RR123456745VN", "RR123456745VN"),  # c = 11 → 5
        ("CP984732143VN", "CP984732143VN"),
        ("EE000000080US", "EE000000080US"),  # any country passes the check (a warning elsewhere)
    ],
)
def test_valid_item_numbers(raw: str, number: str) -> None:
    assert check_s10(raw) == number


WRONG = "Số hiệu bưu gửi {} không hợp lệ: sai số kiểm tra (chữ số thứ 11 phải là {})"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("EL123456789VN", WRONG.format("EL123456789VN", 5)),
        ("RR123456715VN", WRONG.format("RR123456715VN", 0)),
        ("rr 123456740 vn", WRONG.format("RR123456740VN", 5)),
        ("", "Chưa nhập số hiệu bưu gửi"),
        ("   ", "Chưa nhập số hiệu bưu gửi"),
    ],
)
def test_invalid_item_numbers(raw: str, message: str) -> None:
    with pytest.raises(DeskError) as info:
        check_s10(raw)
    assert info.value.message == message
    assert info.value.field == "postal.item_number"


@pytest.mark.parametrize(
    "raw",
    ["EL12345678VN", "EL1234567855VN", "E1123456785VN", "EL123456785V1", "ELA23456785VN", "ÉL123456785VN",
     "EL１23456785VN", "EL-123456785-VN", "123456785"],
)  # fmt: skip
def test_malformed_item_numbers(raw: str) -> None:
    with pytest.raises(DeskError) as info:
        check_s10(raw)
    assert "không đúng dạng S10" in info.value.message and "EL123456785VN" in info.value.message


@given(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text("0123456789", min_size=8, max_size=8),
    st.integers(0, 9),
)
def test_exactly_one_check_digit_is_valid(prefix: str, serial: str, digit: int) -> None:
    item = f"{prefix}{serial}{digit}VN"
    if digit == s10_check_digit(serial):
        assert check_s10(item.lower()) == item
    else:
        with pytest.raises(DeskError, match="sai số kiểm tra"):
            check_s10(item)


def test_normalise_and_country_warning() -> None:
    assert normalise_s10(" ee 000000080 us ") == "EE000000080US"
    assert s10_country_warning("EL123456785VN") is None
    warning = s10_country_warning("ee000000080us")
    assert warning is not None and "mã quốc gia US" in warning


# --- handover record -----------------------------------------------------------------------------------


def handover(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "number": "BB-0125/2026",
        "signed_at": "2026-11-20T08:45:00+07:00",
        "postal_worker": "Trần Văn Bưu",
        "postal_unit": "Bưu cục Sài Gòn",
    }
    raw.update(overrides)
    return raw


def test_valid_handover() -> None:
    record = validate_handover(handover(note=unicodedata.normalize("NFD", "  Giao   3 hồ sơ ")), now=NOW)
    assert record == HandoverRecord(
        number="BB-0125/2026",
        signed_at=datetime(2026, 11, 20, 8, 45, tzinfo=VN_TZ),
        postal_worker="Trần Văn Bưu",
        postal_unit="Bưu cục Sài Gòn",
        note="Giao 3 hồ sơ",
    )


def test_handover_naive_time_is_vietnam_time_and_now_is_allowed() -> None:
    assert validate_handover(handover(signed_at="2026-11-20T10:00:00"), now=NOW).signed_at == NOW


def test_handover_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_handover(handover(signed_at="2026-11-20T10:01:00+07:00"), now=NOW)
    assert info.value.for_field("handover.signed_at") == [
        "thời điểm ký biên bản giao nhận (10:01 20/11/2026) không được ở tương lai"
    ]


def test_handover_collects_every_error() -> None:
    raw = {"number": " ", "signed_at": "20/11/2026", "postal_worker": None, "postal_unit": 5}
    with pytest.raises(ValidationFailed) as info:
        validate_handover(raw, now=NOW)
    assert {e.field for e in info.value.errors} == {
        "handover.number", "handover.signed_at", "handover.postal_worker", "handover.postal_unit"
    }  # fmt: skip
    assert info.value.for_field("handover.number") == ["chưa nhập số biên bản giao nhận hồ sơ"]
    assert info.value.for_field("handover.postal_worker") == [
        "chưa nhập họ tên nhân viên bưu chính giao hồ sơ"
    ]
    assert "ISO 8601" in info.value.for_field("handover.signed_at")[0]


def test_handover_number_is_at_most_40_characters() -> None:
    assert validate_handover(handover(number="9" * 40), now=NOW).number == "9" * 40
    with pytest.raises(ValidationFailed) as info:
        validate_handover(handover(number="9" * 41), now=NOW)
    assert info.value.for_field("handover.number") == ["dài quá 40 ký tự (đang có 41)"]


@pytest.mark.parametrize("missing", ["signed_at", "postal_worker"])
def test_handover_required_fields(missing: str) -> None:
    raw = handover()
    del raw[missing]
    with pytest.raises(ValidationFailed) as info:
        validate_handover(raw, now=NOW)
    assert [e.field for e in info.value.errors] == [f"handover.{missing}"]


def test_handover_must_be_an_object() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_handover(None, now=NOW)  # type: ignore[arg-type]
    assert [e.field for e in info.value.errors] == ["handover"]


# --- postal details ------------------------------------------------------------------------------------


def postal(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "item_number": "EL123456785VN",
        "handover_record": "BB-0125/2026",
        "handover_at": "2026-11-20T08:45:00+07:00",
        "sender_address": "Số 12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh",
        "return_by_post": True,
    }
    raw.update(overrides)
    return raw


def test_valid_postal_defaults_the_return_address_to_the_sender() -> None:
    details = validate_postal(postal(item_number="el 123456785 vn"), now=NOW)
    assert details == PostalDetails(
        item_number="EL123456785VN",
        handover_record="BB-0125/2026",
        handover_at=datetime(2026, 11, 20, 8, 45, tzinfo=VN_TZ),
        sender_address="Số 12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh",
        return_by_post=True,
        return_address="Số 12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh",
    )


def test_postal_with_every_optional_field() -> None:
    details = validate_postal(
        postal(return_address="Số 5 Hai Bà Trưng", fee_paid=200_000, post_receipt_number="BL 0042"), now=NOW
    )
    assert (details.return_address, details.fee_paid_via_post, details.post_receipt_number) == (
        "Số 5 Hai Bà Trưng", 200_000, "BL 0042"
    )  # fmt: skip
    assert details.warnings == ()


def test_result_at_the_counter_needs_no_return_address() -> None:
    details = validate_postal(postal(return_by_post=False), now=NOW)
    assert details.return_by_post is False and details.return_address == ""


def test_postal_warnings() -> None:
    details = validate_postal(postal(item_number="EE000000080US", fee_paid=200_000), now=NOW)
    assert len(details.warnings) == 2
    assert "mã quốc gia US" in details.warnings[0]
    assert details.warnings[1] == "Đã ghi lệ phí nộp qua bưu điện nhưng chưa có số biên lai thu"


def test_postal_collects_every_error() -> None:
    raw = {
        "item_number": "EL123456789VN",
        "handover_at": "2026-11-21T08:00:00+07:00",
        "return_by_post": "yes",
        "fee_paid": -1,
    }
    with pytest.raises(ValidationFailed) as info:
        validate_postal(raw, now=NOW)
    failed = info.value
    assert {e.field for e in failed.errors} == {
        "postal.item_number", "postal.handover_record", "postal.handover_at", "postal.sender_address",
        "postal.return_by_post", "postal.fee_paid",
    }  # fmt: skip
    assert failed.for_field("postal.item_number") == [WRONG.format("EL123456789VN", 5)]
    assert failed.for_field("postal.sender_address") == ["chưa nhập địa chỉ người gửi"]
    assert "không được ở tương lai" in failed.for_field("postal.handover_at")[0]
    assert "true (trả qua bưu chính)" in failed.for_field("postal.return_by_post")[0]


@pytest.mark.parametrize("fee", [True, 1.5, "200000", -5])
def test_postal_fee_must_be_a_non_negative_integer(fee: object) -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_postal(postal(fee_paid=fee), now=NOW)
    assert [e.field for e in info.value.errors] == ["postal.fee_paid"]


def test_postal_item_number_must_be_text() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_postal(postal(item_number=123456785), now=NOW)
    assert info.value.for_field("postal.item_number") == ["phải là chữ"]


def test_postal_missing_object_is_one_clear_error() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate_postal({"intake": 1}.get("postal"), now=NOW)  # type: ignore[arg-type]
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("postal", "hồ sơ qua bưu chính phải có thông tin bưu gửi (postal)")
    ]


def test_postal_handover_may_be_back_entered() -> None:
    earlier = NOW - timedelta(days=3)
    assert validate_postal(postal(handover_at=earlier.isoformat()), now=NOW).handover_at == earlier


def test_a_handover_number_must_print_as_a_barcode():
    from datetime import datetime

    from desk_app.domain.errors import ValidationFailed
    from desk_app.domain.model import VN_TZ
    from desk_app.domain.postal import validate_handover

    now = datetime(2026, 11, 20, 12, 0, tzinfo=VN_TZ)
    raw = {"number": "15/BBGN-BĐ", "signed_at": "2026-11-20T10:00:00+07:00", "postal_worker": "Lê Văn Bưu"}
    try:
        validate_handover(raw, now=now)
    except ValidationFailed as exc:
        assert any("mã vạch" in m for m in exc.for_field("handover.number"))
    else:
        raise AssertionError("a non-ASCII handover number was accepted")
    assert validate_handover({**raw, "number": "15/BBGN-BD"}, now=now).number == "15/BBGN-BD"
