"""The dossier lifecycle state machine (desk_app.domain.lifecycle, issue 3, DOMAIN_VN.md §2).

Uses the real yearly calendar files shipped in resources/calendar.
"""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.calendar import DueRules, WorkingCalendar, due_date, parse_year_file
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import (
    ALLOWED,
    Action,
    ActionInput,
    DossierState,
    Status,
    Transition,
    TransitionRefused,
    allowed_actions,
    apply,
    is_due_today,
    is_overdue,
    returned_late,
)
from desk_app.domain.model import VN_TZ, LimitUnit, TimeLimit

CALENDAR_DIR = Path(__file__).parents[2] / "resources/calendar"
CAL = WorkingCalendar([parse_year_file(p.read_text()) for p in sorted(CALENDAR_DIR.glob("*.toml"))])
RULES = DueRules()
PASSPORT = TimeLimit(8)
OFFICER = "Lê Thị Mai"
S, A = Status, Action


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


RECEIVED_AT = vn(2026, 11, 16)  # Monday; 8 working days → due Thursday 26/11 16:00
DUE_AT = vn(2026, 11, 26, 16)
NOW = vn(2026, 11, 20, 10)  # Friday
AT = vn(2026, 11, 20, 9)
LAST = vn(2026, 11, 17, 10)

# The expected table, written out independently of the module's ALLOWED.
EXPECTED: dict[tuple[Status, Action], Status] = {
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.RECEIVED, A.TRANSFER): S.TRANSFERRED,
    (S.RECEIVED, A.REFUSE): S.REFUSED,
    (S.RECEIVED, A.STOP): S.STOPPED,
    (S.RECEIVED, A.EXTEND): S.RECEIVED,
    (S.RECEIVED, A.VOID): S.VOIDED,
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENTED): S.RECEIVED,
    (S.SUPPLEMENT_REQUESTED, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENT_REQUESTED, A.STOP): S.STOPPED,
    (S.SUPPLEMENT_REQUESTED, A.VOID): S.VOIDED,
    (S.TRANSFERRED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.TRANSFERRED, A.RESULT_RECEIVED): S.RESULT_RECEIVED,
    (S.TRANSFERRED, A.REFUSE): S.REFUSED,
    (S.TRANSFERRED, A.STOP): S.STOPPED,
    (S.TRANSFERRED, A.EXTEND): S.TRANSFERRED,
    (S.TRANSFERRED, A.VOID): S.VOIDED,
    (S.RESULT_RECEIVED, A.RETURN): S.RETURNED,
    (S.RESULT_RECEIVED, A.VOID): S.VOIDED,
    (S.RETURNED, A.VOID): S.VOIDED,
    (S.REFUSED, A.VOID): S.VOIDED,
    (S.STOPPED, A.VOID): S.VOIDED,
}


def state_in(status: Status, **changes: object) -> DossierState:
    """A passport dossier received Monday 16/11/2026 09:00, moved to ``status`` on 17/11."""
    base = DossierState.start(RECEIVED_AT, PASSPORT, calendar=CAL, rules=RULES)
    extra: dict[str, object] = {"last_event_at": LAST}
    if status is S.SUPPLEMENT_REQUESTED:
        extra.update(supplement_requested_at=LAST, supplement_requests=1)
    if status in (S.RESULT_RECEIVED, S.RETURNED):
        extra.update(result_received_at=LAST)
    extra.update(changes)
    return dataclasses.replace(base, status=status, **extra)  # type: ignore[arg-type]


def valid_input(action: Action, **changes: object) -> ActionInput:
    """An input that every rule accepts once the status allows the action."""
    table: dict[Action, dict[str, object]] = {
        A.REQUEST_SUPPLEMENT: {"reason": "Thiếu 02 ảnh 4x6"},
        A.RETURN: {"collected_by": "Nguyễn Văn Đức", "id_checked": "079090001234"},
        A.REFUSE: {"reason": "Không thuộc thẩm quyền giải quyết"},
        A.STOP: {"reason": "Công dân có đơn rút hồ sơ ngày 17/11/2026"},
        A.EXTEND: {"new_due": date(2026, 12, 1), "reason": "Cần xác minh thêm"},
        A.VOID: {"reason": "Nhập nhầm hồ sơ"},
    }
    fields = table.get(action, {})
    merged = {"action": action, "at": AT, "actor": OFFICER, **fields, **changes}
    return ActionInput(**merged)  # type: ignore[arg-type]


def run(state: DossierState, act: ActionInput, now: datetime = NOW) -> Transition:
    return apply(state, act, now=now, calendar=CAL, rules=RULES)


def refused(state: DossierState, act: ActionInput, now: datetime = NOW) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as info:
        run(state, act, now)
    assert isinstance(info.value, DeskError)
    return info.value


# --- enums -----------------------------------------------------------------------------------------------


def test_status_values_labels_and_finality() -> None:
    assert [s.value for s in Status] == ["received", "supplement_requested", "transferred", "result_received",
                                         "returned", "refused", "stopped", "voided"]  # fmt: skip
    assert Status("received") is S.RECEIVED  # the stored string of the old DossierStatus is unchanged
    assert [s.label_vi for s in Status] == [
        "Đã tiếp nhận", "Yêu cầu bổ sung", "Đã chuyển xử lý", "Đã có kết quả", "Đã trả kết quả",
        "Từ chối tiếp nhận", "Dừng giải quyết", "Đã hủy",
    ]  # fmt: skip
    assert {s for s in Status if s.is_final} == {S.RETURNED, S.REFUSED, S.STOPPED, S.VOIDED}
    assert all(unicodedata.is_normalized("NFC", s.label_vi) for s in Status)


def test_action_values_and_labels() -> None:
    assert [a.value for a in Action] == ["request-supplement", "supplemented", "transfer", "result-received",
                                         "return", "refuse", "stop", "extend", "void"]  # fmt: skip
    assert all(a.label_vi and unicodedata.is_normalized("NFC", a.label_vi) for a in Action)


def test_module_table_matches_the_expected_table() -> None:
    assert {(s, a) for s, acts in ALLOWED.items() for a in acts} == set(EXPECTED)


# --- every allowed and forbidden transition ------------------------------------------------------------


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)), ids=str)
def test_transition_table(status: Status, action: Action) -> None:
    state = state_in(status)
    act = valid_input(action)
    if (status, action) in EXPECTED:
        tr = run(state, act)
        assert tr.state.status is EXPECTED[status, action]
        assert tr.event_kind == action.value
        assert tr.actor == OFFICER and tr.at == AT
        assert tr.state.last_event_at == AT
        assert tr.data["from_status"] == status.value and tr.data["to_status"] == tr.state.status.value
    else:
        exc = refused(state, act)
        assert exc.message.startswith("Không thể ")
        assert exc.message.endswith(f"(trạng thái hiện tại: {status.label_vi})")
        assert exc.field == "action"


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (S.TRANSFERRED, A.RETURN,
         "Không thể trả kết quả: hồ sơ chưa có kết quả (trạng thái hiện tại: Đã chuyển xử lý)"),
        (S.RECEIVED, A.RETURN,
         "Không thể trả kết quả: hồ sơ chưa có kết quả (trạng thái hiện tại: Đã tiếp nhận)"),
        (S.RETURNED, A.RETURN,
         "Không thể trả kết quả: hồ sơ đã trả kết quả (trạng thái hiện tại: Đã trả kết quả)"),
        (S.RECEIVED, A.RESULT_RECEIVED,
         "Không thể ghi nhận đã có kết quả: hồ sơ chưa được chuyển xử lý "
         "(trạng thái hiện tại: Đã tiếp nhận)"),
        (S.TRANSFERRED, A.SUPPLEMENTED,
         "Không thể ghi nhận đã bổ sung hồ sơ: hồ sơ không ở trạng thái chờ bổ sung "
         "(trạng thái hiện tại: Đã chuyển xử lý)"),
        (S.RESULT_RECEIVED, A.REFUSE,
         "Không thể từ chối tiếp nhận: hồ sơ đã có kết quả (trạng thái hiện tại: Đã có kết quả)"),
        (S.VOIDED, A.VOID, "Không thể hủy hồ sơ: hồ sơ đã bị hủy (trạng thái hiện tại: Đã hủy)"),
        (S.REFUSED, A.TRANSFER,
         "Không thể chuyển xử lý: hồ sơ đã bị từ chối tiếp nhận (trạng thái hiện tại: Từ chối tiếp nhận)"),
    ],
)  # fmt: skip
def test_forbidden_transition_messages_say_why(status: Status, action: Action, message: str) -> None:
    assert refused(state_in(status), valid_input(action)).message == message


def test_extend_while_waiting_for_a_supplement_explains_the_stopped_clock() -> None:
    message = refused(state_in(S.SUPPLEMENT_REQUESTED), valid_input(A.EXTEND)).message
    assert message.startswith("Không thể gia hạn: hồ sơ đang chờ bổ sung")
    assert "tính lại từ đầu" in message


def test_final_states_accept_only_void_and_voided_accepts_nothing() -> None:
    for status in (S.RETURNED, S.REFUSED, S.STOPPED):
        assert ALLOWED[status] == (A.VOID,)
        tr = run(state_in(status), valid_input(A.VOID))
        assert tr.state.status is S.VOIDED
        assert "trạng thái cuối" in tr.warnings[0]
    assert ALLOWED[S.VOIDED] == ()
    assert allowed_actions(state_in(S.VOIDED), now=NOW, calendar=CAL) == ()
    assert run(state_in(S.RECEIVED), valid_input(A.VOID)).warnings == ()


# --- rules common to every action --------------------------------------------------------------------


def test_time_in_the_future_is_refused() -> None:
    exc = refused(state_in(S.RECEIVED), valid_input(A.TRANSFER, at=NOW + timedelta(minutes=1)))
    assert exc.message == (
        "Thời điểm thực hiện (10:01 ngày 20/11/2026) không được ở tương lai "
        "(bây giờ là 10:00 ngày 20/11/2026)"
    )
    assert exc.field == "at"


def test_back_entry_is_allowed_but_not_before_the_receipt_or_the_previous_step() -> None:
    state = state_in(S.RECEIVED, last_event_at=None)
    assert run(state, valid_input(A.TRANSFER, at=RECEIVED_AT)).state.status is S.TRANSFERRED
    exc = refused(state, valid_input(A.TRANSFER, at=RECEIVED_AT - timedelta(minutes=5)))
    assert "không được trước thời điểm tiếp nhận hồ sơ (09:00 ngày 16/11/2026)" in exc.message
    exc = refused(state_in(S.RECEIVED), valid_input(A.TRANSFER, at=LAST - timedelta(hours=1)))
    assert "không được trước bước xử lý trước đó (10:00 ngày 17/11/2026)" in exc.message
    assert run(state_in(S.RECEIVED), valid_input(A.TRANSFER, at=LAST)).at == LAST


def test_time_in_another_zone_is_compared_as_an_instant() -> None:
    utc_at = (NOW - timedelta(minutes=1)).astimezone(UTC)
    assert run(state_in(S.RECEIVED), valid_input(A.TRANSFER, at=utc_at)).state.status is S.TRANSFERRED


@pytest.mark.parametrize("actor", ["", "   ", "\t"])
def test_actor_is_required(actor: str) -> None:
    exc = refused(state_in(S.RECEIVED), valid_input(A.TRANSFER, actor=actor))
    assert exc.message == "Chưa ghi người thực hiện thao tác" and exc.field == "actor"


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (S.RECEIVED, A.REQUEST_SUPPLEMENT,
         "Lý do là bắt buộc khi yêu cầu bổ sung: ghi rõ giấy tờ cần bổ sung, hoàn thiện"),
        (S.RECEIVED, A.REFUSE, "Lý do là bắt buộc khi từ chối tiếp nhận hồ sơ"),
        (S.RECEIVED, A.EXTEND,
         "Lý do là bắt buộc khi gia hạn (ghi trong văn bản xin lỗi và đề nghị gia hạn)"),
        (S.RETURNED, A.VOID, "Lý do là bắt buộc khi hủy hồ sơ (ví dụ: nhập nhầm hồ sơ)"),
    ],
)  # fmt: skip
def test_reason_is_required(status: Status, action: Action, message: str) -> None:
    exc = refused(state_in(status), valid_input(action, reason=" \u00a0 "))
    assert exc.message == message and exc.field == "reason"


def test_reason_is_optional_elsewhere_and_nfc_cleaned() -> None:
    assert run(state_in(S.RECEIVED), valid_input(A.TRANSFER)).reason == ""
    decomposed = unicodedata.normalize("NFD", "  Thiếu   bản sao   giấy khai sinh ")
    act = valid_input(A.REQUEST_SUPPLEMENT, reason=decomposed, actor=" Lê  Thị Mai ")
    tr = run(state_in(S.RECEIVED), act)
    assert tr.reason == "Thiếu bản sao giấy khai sinh" and unicodedata.is_normalized("NFC", tr.reason)
    assert tr.actor == OFFICER


def test_reason_too_long_is_refused() -> None:
    exc = refused(state_in(S.RECEIVED), valid_input(A.REFUSE, reason="x" * 501))
    assert exc.message.startswith("Lý do dài quá 500 ký tự")


def test_naive_datetimes_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        run(state_in(S.RECEIVED), valid_input(A.TRANSFER, at=AT.replace(tzinfo=None)))
    with pytest.raises(ValueError):
        run(state_in(S.RECEIVED), valid_input(A.TRANSFER), now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError):
        DossierState(S.RECEIVED, RECEIVED_AT.replace(tzinfo=None), DUE_AT, PASSPORT, False, RECEIVED_AT)


def test_unknown_action_string_is_refused() -> None:
    act = dataclasses.replace(valid_input(A.TRANSFER), action="delete")  # type: ignore[arg-type]
    exc = refused(state_in(S.RECEIVED), act)
    assert exc.message == "Thao tác không hợp lệ: 'delete'"


def test_state_accepts_the_stored_status_string() -> None:
    state = DossierState("received", RECEIVED_AT, DUE_AT, PASSPORT, False, RECEIVED_AT)  # type: ignore[arg-type]
    assert state.status is S.RECEIVED and state.last_at == RECEIVED_AT


def test_start_counts_the_due_date_from_the_receipt() -> None:
    state = DossierState.start(RECEIVED_AT, PASSPORT, calendar=CAL, rules=RULES)
    assert (state.status, state.due_at, state.extended) == (S.RECEIVED, DUE_AT, False)
    assert state.clock_started_at == RECEIVED_AT
    assert not state.due_provisional


# --- request-supplement and supplemented -------------------------------------------------------------


def test_request_supplement_within_three_working_days_has_no_warning() -> None:
    state = state_in(S.RECEIVED, last_event_at=None)
    tr = run(state, valid_input(A.REQUEST_SUPPLEMENT, at=vn(2026, 11, 19, 15)))
    assert tr.warnings == ()
    assert tr.data["notify_by"] == "2026-11-19"  # Monday 16/11 + 3 working days
    assert tr.state.supplement_requested_at == vn(2026, 11, 19, 15) and tr.state.supplement_requests == 1
    assert tr.state.due_at == DUE_AT  # the clock stops; the due date is recounted when complete


def test_request_supplement_after_three_working_days_is_only_a_warning() -> None:
    tr = run(state_in(S.TRANSFERRED), valid_input(A.REQUEST_SUPPLEMENT))
    assert tr.state.status is S.SUPPLEMENT_REQUESTED
    assert tr.warnings == (
        "Yêu cầu bổ sung quá 03 ngày làm việc kể từ khi tiếp nhận hồ sơ (chậm nhất ngày 19/11/2026): "
        "cần thông báo cho người nộp ngay",
    )


def test_the_three_days_count_from_the_last_supplemented_time() -> None:
    state = state_in(S.RECEIVED, clock_started_at=vn(2026, 11, 18, 16), supplement_requests=1)
    tr = run(state, valid_input(A.REQUEST_SUPPLEMENT))  # 18/11 after the cutoff → counts from 19/11
    assert tr.data["notify_by"] == "2026-11-24"
    assert tr.warnings == (
        "Hồ sơ đã được yêu cầu bổ sung 1 lần; đề nghị kiểm tra lại trước khi yêu cầu thêm",
    )
    assert tr.state.supplement_requests == 2


def test_supplemented_restarts_the_full_limit_and_keeps_the_extension_used() -> None:
    at = vn(2026, 11, 20, 16, 30)  # Friday after the 15:00 cutoff: counts from Monday 23/11
    state = state_in(S.SUPPLEMENT_REQUESTED, extended=True)
    tr = run(state, valid_input(A.SUPPLEMENTED, at=at), now=vn(2026, 11, 20, 17))
    assert tr.state.status is S.RECEIVED
    assert tr.state.due_at == vn(2026, 12, 3, 16) == due_date(at, PASSPORT, CAL, RULES).at
    assert tr.state.clock_started_at == at
    assert tr.state.extended is True
    assert tr.data["previous_due"] == "2026-11-26T16:00:00+07:00"
    assert tr.data["new_due"] == "2026-12-03T16:00:00+07:00"
    assert tr.warnings == ()


def test_supplemented_into_a_provisional_year_warns() -> None:
    at = vn(2026, 12, 28, 9)
    state = state_in(S.SUPPLEMENT_REQUESTED)
    tr = run(state, valid_input(A.SUPPLEMENTED, at=at), now=at)
    assert tr.state.due_provisional and tr.state.due_at.year == 2027
    assert "lịch nghỉ lễ dự kiến" in tr.warnings[0]


def test_hours_limit_restarts_in_clock_hours() -> None:
    state = dataclasses.replace(state_in(S.SUPPLEMENT_REQUESTED), limit=TimeLimit(12, LimitUnit.HOURS))
    tr = run(state, valid_input(A.SUPPLEMENTED, at=vn(2026, 11, 21, 20)), now=vn(2026, 11, 21, 21))
    assert tr.state.due_at == vn(2026, 11, 23, 7, 30)  # Sunday 08:00: the office opens Monday


# --- extend --------------------------------------------------------------------------------------------

# Received Wednesday 18/11/2026 09:00, 3 working days → due Monday 23/11 16:00;
# the latest day to extend is Friday 20/11.
SHORT = DossierState.start(vn(2026, 11, 18), TimeLimit(3), calendar=CAL, rules=RULES)


def extend(state: DossierState, at: datetime, new_due: date | None = date(2026, 11, 27)) -> Transition:
    return run(state, valid_input(A.EXTEND, at=at, new_due=new_due), now=at)


def test_extend_on_the_last_working_day_before_the_due_day() -> None:
    assert SHORT.due_at == vn(2026, 11, 23, 16)
    tr = extend(SHORT, vn(2026, 11, 20, 17))
    assert tr.state.due_at == vn(2026, 11, 27, 16) and tr.state.extended
    assert tr.state.status is S.RECEIVED
    assert tr.data["previous_due"] == "2026-11-23T16:00:00+07:00"
    assert tr.data["new_due"] == "2026-11-27T16:00:00+07:00"
    assert tr.warnings == ()
    assert A.EXTEND in allowed_actions(SHORT, now=vn(2026, 11, 20, 17), calendar=CAL)


@pytest.mark.parametrize("at", [vn(2026, 11, 21, 9), vn(2026, 11, 22, 20), vn(2026, 11, 23, 8)])
def test_extend_less_than_one_working_day_before_the_due_date_is_refused(at: datetime) -> None:
    with pytest.raises(TransitionRefused) as info:
        extend(SHORT, at)
    assert info.value.message == (
        "Phải gia hạn trước hạn trả ít nhất 01 ngày làm việc (hạn trả: 23/11/2026; chậm nhất ngày 20/11/2026)"
    )
    assert A.EXTEND not in allowed_actions(SHORT, now=at, calendar=CAL)


def test_extend_after_the_due_date_is_refused() -> None:
    with pytest.raises(TransitionRefused) as info:
        extend(SHORT, vn(2026, 11, 23, 16, 1))
    assert info.value.message == (
        "Không thể gia hạn sau hạn trả kết quả (16:00 ngày 23/11/2026): phải gia hạn trước hạn trả "
        "ít nhất 01 ngày làm việc"
    )
    assert A.EXTEND not in allowed_actions(SHORT, now=vn(2026, 11, 24), calendar=CAL)


def test_second_extension_is_refused() -> None:
    once = extend(SHORT, vn(2026, 11, 19)).state
    with pytest.raises(TransitionRefused) as info:
        extend(once, vn(2026, 11, 20), date(2026, 12, 1))
    assert info.value.message == "Hồ sơ chỉ được gia hạn một lần (hồ sơ này đã được gia hạn)"
    assert A.EXTEND not in allowed_actions(once, now=vn(2026, 11, 20), calendar=CAL)
    # still used after a supplement restarts the limit
    asked = run(once, valid_input(A.REQUEST_SUPPLEMENT, at=vn(2026, 11, 20)), now=vn(2026, 11, 20)).state
    again = run(asked, valid_input(A.SUPPLEMENTED, at=vn(2026, 11, 24)), now=vn(2026, 11, 24)).state
    assert again.extended and A.EXTEND not in allowed_actions(again, now=vn(2026, 11, 24), calendar=CAL)


@pytest.mark.parametrize(
    ("new_due", "message"),
    [
        (None, "Phải nhập ngày hẹn trả mới khi gia hạn"),
        (date(2026, 11, 23), "Ngày hẹn trả mới (23/11/2026) phải sau ngày hẹn trả hiện tại (23/11/2026)"),
        (date(2026, 11, 20), "Ngày hẹn trả mới (20/11/2026) phải sau ngày hẹn trả hiện tại (23/11/2026)"),
        (date(2026, 11, 28), "Ngày hẹn trả mới 28/11/2026 không phải ngày làm việc (thứ Bảy)"),
        (datetime(2026, 11, 27, 16), "Ngày hẹn trả mới phải là một ngày (không kèm giờ)"),
    ],
)
def test_new_due_date_rules(new_due: date | None, message: str) -> None:
    with pytest.raises(TransitionRefused) as info:
        extend(SHORT, vn(2026, 11, 19), new_due)
    assert info.value.message == message and info.value.field == "new_due"


def test_new_due_date_on_a_holiday_names_it() -> None:
    state = DossierState.start(vn(2026, 4, 20), TimeLimit(3), calendar=CAL, rules=RULES)  # due Thu 23/4
    with pytest.raises(TransitionRefused) as info:
        extend(state, vn(2026, 4, 21), date(2026, 4, 27))
    assert info.value.message == (
        "Ngày hẹn trả mới 27/04/2026 không phải ngày làm việc (Nghỉ bù Giỗ Tổ Hùng Vương)"
    )
    assert extend(state, vn(2026, 4, 21), date(2026, 4, 28)).state.due_at == vn(2026, 4, 28, 16)


def test_extend_into_a_provisional_year_warns() -> None:
    tr = extend(SHORT, vn(2026, 11, 19), date(2027, 1, 6))
    assert tr.state.due_provisional
    assert tr.warnings and "chưa có lịch nghỉ lễ chính thức" in tr.warnings[0]


# --- result-received and return ----------------------------------------------------------------------


def test_result_received_late_is_recorded_and_warned() -> None:
    on_time = run(state_in(S.TRANSFERRED), valid_input(A.RESULT_RECEIVED))
    assert on_time.data["late"] is False and on_time.warnings == ()
    assert not returned_late(on_time.state)
    late_at = vn(2026, 11, 27, 8)
    late = run(state_in(S.TRANSFERRED), valid_input(A.RESULT_RECEIVED, at=late_at), now=late_at)
    assert late.data["late"] is True and late.state.result_received_at == late_at
    assert late.warnings == ("Kết quả có sau hạn trả (16:00 ngày 26/11/2026): hồ sơ trễ hạn",)
    assert returned_late(late.state)


def test_return_at_the_counter() -> None:
    act = valid_input(A.RETURN, collected_by=" Nguyễn  Văn Đức", id_checked="079 090 001 234")
    tr = run(state_in(S.RESULT_RECEIVED), act)
    assert tr.state.status is S.RETURNED
    assert tr.data["delivery"] == "counter"
    assert (tr.data["collected_by"], tr.data["id_checked"]) == ("Nguyễn Văn Đức", "079090001234")
    assert tr.data["late"] is False and tr.warnings == ()


def test_return_at_the_counter_takes_a_passport_but_not_an_old_cmnd() -> None:
    tr = run(state_in(S.RESULT_RECEIVED), valid_input(A.RETURN, id_checked="b1234567"))
    assert tr.state.status is S.RETURNED and not tr.warnings
    with pytest.raises(TransitionRefused, match="không còn là giấy tờ tùy thân") as info:
        run(state_in(S.RESULT_RECEIVED), valid_input(A.RETURN, id_checked="123456789"))
    assert info.value.field == "id_checked"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"collected_by": ""}, "collected_by", "Trả kết quả tại quầy phải ghi họ tên người nhận kết quả"),
        ({"id_checked": ""}, "id_checked",
         "Trả kết quả tại quầy phải ghi số định danh cá nhân (hoặc số hộ chiếu) đã kiểm tra của người nhận"),
        ({"id_checked": "07909000123"}, "id_checked",
         "Giấy tờ của người nhận kết quả không hợp lệ: "
         "Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 11)"),
        ({"postal_item": "EL123456785VN"}, "postal_item",
         "Trả kết quả tại quầy thì không ghi số hiệu bưu gửi (chọn trả qua bưu chính)"),
    ],
)  # fmt: skip
def test_return_at_the_counter_refusals(changes: dict[str, object], field: str, message: str) -> None:
    exc = refused(state_in(S.RESULT_RECEIVED), valid_input(A.RETURN, **changes))
    assert (exc.field, exc.message) == (field, message)


def by_post(**changes: object) -> ActionInput:
    fields: dict[str, object] = {"collected_by": "", "id_checked": "", "result_by_post": True, **changes}
    return valid_input(A.RETURN, **fields)


def test_return_by_post_with_a_valid_item_number() -> None:
    tr = run(state_in(S.RESULT_RECEIVED), by_post(postal_item=" el 123456785 vn "))
    assert tr.state.status is S.RETURNED
    assert dict(tr.data) == {"from_status": "result_received", "to_status": "returned", "delivery": "post",
                             "postal_item": "EL123456785VN", "late": False}  # fmt: skip


def test_return_by_post_with_a_foreign_item_number_warns() -> None:
    tr = run(state_in(S.RESULT_RECEIVED), by_post(postal_item="EL123456785US"))
    assert tr.state.status is S.RETURNED and "mã quốc gia US" in tr.warnings[0]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postal_item": "EL123456789VN"}, "postal_item",
         "Số hiệu bưu gửi EL123456789VN không hợp lệ: sai số kiểm tra (chữ số thứ 11 phải là 5)"),
        ({"postal_item": None}, "postal_item", "Trả kết quả qua bưu chính phải có số hiệu bưu gửi"),
        ({"postal_item": "  "}, "postal_item", "Trả kết quả qua bưu chính phải có số hiệu bưu gửi"),
        ({"postal_item": "EL123456785VN", "collected_by": "Nguyễn Văn Đức"}, "collected_by",
         "Trả kết quả qua bưu chính thì không ghi người nhận và giấy tờ tại quầy"),
    ],
)  # fmt: skip
def test_return_by_post_refusals(changes: dict[str, object], field: str, message: str) -> None:
    exc = refused(state_in(S.RESULT_RECEIVED), by_post(**changes))
    assert (exc.field, exc.message) == (field, message)


# --- derived: overdue, due today ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "now", "overdue", "due_today"),
    [
        (S.RECEIVED, vn(2026, 11, 25, 17), False, False),
        (S.RECEIVED, vn(2026, 11, 26, 0, 1), False, True),
        (S.TRANSFERRED, vn(2026, 11, 26, 16), False, True),
        (S.TRANSFERRED, vn(2026, 11, 26, 16, 1), True, False),
        (S.RECEIVED, vn(2026, 12, 10), True, False),
        (S.SUPPLEMENT_REQUESTED, vn(2026, 12, 10), False, False),  # the clock is stopped
        (S.SUPPLEMENT_REQUESTED, vn(2026, 11, 26, 10), False, False),
        (S.RESULT_RECEIVED, vn(2026, 12, 10), False, False),
        (S.RETURNED, vn(2026, 12, 10), False, False),
        (S.REFUSED, vn(2026, 11, 26, 10), False, False),
        (S.VOIDED, vn(2026, 12, 10), False, False),
    ],
)
def test_overdue_and_due_today_are_derived(
    status: Status, now: datetime, overdue: bool, due_today: bool
) -> None:
    state = state_in(status)
    assert (is_overdue(state, now), is_due_today(state, now)) == (overdue, due_today)


def test_due_today_uses_the_dossier_time_zone() -> None:
    utc_now = vn(2026, 11, 26, 6).astimezone(UTC)
    assert is_due_today(state_in(S.RECEIVED), utc_now)


# --- property: random action sequences ---------------------------------------------------------------

ITEMS = [None, "EL123456785VN", "EL123456789VN", "RR123456710VN", "RR123456745VN"]
IDS = ["", "079090001234", "123456789", "12345"]
# Refuse and void end the walk: make the other allowed actions more likely.
WEIGHT = {A.REFUSE: 1, A.VOID: 1}


def draw_input(data: st.DataObject, state: DossierState) -> tuple[ActionInput, datetime]:
    """A random action and the time it is entered: mostly well-formed, sometimes anything at all."""
    allowed = [a for a in ALLOWED[state.status] for _ in range(WEIGHT.get(a, 4))]
    mostly_allowed = bool(allowed) and data.draw(st.integers(0, 4)) > 0
    action = data.draw(st.sampled_from(allowed if mostly_allowed else list(Action)))
    if data.draw(st.integers(0, 4)):  # well-formed: forward in time, every field the action needs
        at = state.last_at + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 4)))
        now = at + timedelta(minutes=data.draw(st.integers(0, 60 * 24)))
        post = data.draw(st.booleans())
        act = ActionInput(
            action, at, OFFICER, reason="Thiếu ảnh 4x6",
            new_due=state.due_at.date() + timedelta(days=data.draw(st.integers(1, 12))),
            postal_item=data.draw(st.sampled_from(ITEMS[1:])) if post else None,
            collected_by="" if post else "Nguyễn Văn Đức",
            id_checked="" if post else data.draw(st.sampled_from(IDS[1:3])),
            result_by_post=post,
        )  # fmt: skip
        return act, now
    at = state.last_at + timedelta(minutes=data.draw(st.integers(-600, 60 * 24 * 12)))
    now = at + timedelta(minutes=data.draw(st.integers(-30, 60 * 24 * 3)))
    new_due = state.due_at.date() + timedelta(days=data.draw(st.integers(-3, 20)))
    act = ActionInput(
        action, at,
        actor=data.draw(st.sampled_from([OFFICER, "", " "])),
        reason=data.draw(st.sampled_from(["", "Nhập nhầm"])),
        new_due=data.draw(st.sampled_from([None, new_due])),
        postal_item=data.draw(st.sampled_from(ITEMS)),
        collected_by=data.draw(st.sampled_from(["", "Nguyễn Văn Đức"])),
        id_checked=data.draw(st.sampled_from(IDS)),
        result_by_post=data.draw(st.booleans()),
    )  # fmt: skip
    return act, now


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_random_action_sequences_follow_the_rules(data: st.DataObject) -> None:
    received = data.draw(
        st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 20), timezones=st.just(VN_TZ)), label="received"
    )
    limits = [TimeLimit(3), TimeLimit(8), TimeLimit(12, LimitUnit.HOURS)]
    limit = data.draw(st.sampled_from(limits), label="limit")
    state = DossierState.start(received, limit, calendar=CAL, rules=RULES)
    extensions = 0
    for _ in range(data.draw(st.integers(1, 14), label="steps")):
        act, now = draw_input(data, state)
        action, at = act.action, act.at
        try:
            tr = apply(state, act, now=now, calendar=CAL, rules=RULES)
        except TransitionRefused as exc:
            assert exc.message  # every refusal says why
            if (state.status, action) not in EXPECTED:
                assert exc.message.endswith(f"(trạng thái hiện tại: {state.status.label_vi})")
            continue
        new = tr.state
        # only defined states, only defined transitions, never from the future or out of order
        assert isinstance(new.status, Status)
        assert (state.status, action) in EXPECTED and new.status is EXPECTED[state.status, action]
        assert state.received_at <= state.last_at <= at <= now and new.last_at == at
        assert action in allowed_actions(state, now=at, calendar=CAL)
        assert not state.status.is_final or action is Action.VOID
        # the due date only moves by the rules
        if action is Action.SUPPLEMENTED:
            assert new.due_at == due_date(at, limit, CAL, RULES).at and new.clock_started_at == at
            assert new.extended == state.extended
        elif action is Action.EXTEND:
            assert act.new_due is not None and not state.extended and new.extended
            assert new.due_at == datetime.combine(act.new_due, RULES.return_time, tzinfo=VN_TZ)
            assert act.new_due > state.due_at.date() and CAL.is_working_day(act.new_due)
            assert at.astimezone(VN_TZ).date() < state.due_at.date() and at <= state.due_at
            extensions += 1
        else:
            assert (new.due_at, new.extended, new.clock_started_at) == (
                state.due_at, state.extended, state.clock_started_at)  # fmt: skip
        if new.status not in (Status.RECEIVED, Status.TRANSFERRED):
            assert not is_overdue(new, now) and not is_due_today(new, now)
        assert tr.reason or action not in (A.REQUEST_SUPPLEMENT, A.REFUSE, A.EXTEND, A.VOID)
        state = new
    assert extensions <= 1
    if state.status is Status.VOIDED:
        assert allowed_actions(state, now=state.last_at, calendar=CAL) == ()
