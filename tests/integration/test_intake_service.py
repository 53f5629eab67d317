"""Receiving walk-in dossiers on a real SQLite station: codes, due dates, history, look-ups."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest

from desk_app.domain.errors import NotFound, SequenceExhausted, ValidationFailed
from desk_app.domain.model import VN_TZ
from desk_app.services.intake import DuplicateIntake, receive_dossier
from desk_app.services.queries import count_dossiers, get_dossier, list_dossiers, search_dossiers
from tests.actors import OFFICER
from tests.conftest import SAMPLE_QR, walk_in


def test_receive_gives_code_in_desk_block_and_due_date(station):
    received = receive_dossier(station.ctx, OFFICER, walk_in())
    d = received.dossier
    # desk 2 owns numbers 1000..1999 of the day
    assert d.code == "G01.79.760.001-261120-1000"
    assert d.received_at == datetime(2026, 11, 20, 9, 30, tzinfo=VN_TZ)
    # a lost passport's report: 1 working day after Friday 20/11/2026 → Monday 23/11/2026, at 16:00
    assert d.due_at == datetime(2026, 11, 23, 16, 0, tzinfo=VN_TZ)
    assert d.due_provisional is False
    assert d.officer == "Lê Thị Mai"
    assert [e.kind for e in d.events] == ["received"]
    assert d.documents[0].name == "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)"
    second = receive_dossier(station.ctx, OFFICER, walk_in(received_at="2026-11-20T09:31:00+07:00")).dossier
    assert second.code.endswith("-261120-1001")


def test_after_cutoff_counts_from_next_working_day(station):
    early = receive_dossier(station.ctx, OFFICER, walk_in(received_at="2026-11-19T15:00:00+07:00")).dossier
    late = receive_dossier(station.ctx, OFFICER, walk_in(received_at="2026-11-19T15:01:00+07:00")).dossier
    assert late.due_at - early.due_at >= timedelta(days=1)  # 15:00 itself counts that day, 15:01 not
    assert late.due_at.weekday() < 5


def test_citizen_qr_fills_the_applicant(station):
    raw = walk_in(citizen_qr=SAMPLE_QR)
    del raw["applicant"]
    d = receive_dossier(station.ctx, OFFICER, raw).dossier
    assert d.applicant.full_name == "Nguyễn Thị Hoa"
    assert d.applicant.id_number == "034303011829"
    assert d.applicant.birth_date == date(2003, 3, 21)


def test_nfd_input_is_stored_nfc_and_found_without_diacritics(station):
    nfd = unicodedata.normalize("NFD", "Đặng Thị Ðào")
    raw = walk_in()
    raw["applicant"] = {**raw["applicant"], "full_name": nfd, "id_number": "079190001234", "sex": "Nữ"}
    d = receive_dossier(station.ctx, OFFICER, raw).dossier
    assert d.applicant.full_name == unicodedata.normalize("NFC", "Đặng Thị Ðào")
    assert [s.code for s in search_dossiers(station.ctx, OFFICER, "dang thi dao")] == [d.code]
    assert [s.code for s in search_dossiers(station.ctx, OFFICER, "ĐẶNG")] == [d.code]


def test_search_by_code_and_id_number(station):
    d = receive_dossier(station.ctx, OFFICER, walk_in()).dossier
    assert [s.code for s in search_dossiers(station.ctx, OFFICER, d.code.lower())] == [d.code]
    assert [s.code for s in search_dossiers(station.ctx, OFFICER, "079090001234")] == [d.code]
    assert [s.code for s in search_dossiers(station.ctx, OFFICER, "07909")] == [d.code]
    assert search_dossiers(station.ctx, OFFICER, "tran") == []
    assert get_dossier(station.ctx, OFFICER, f"  {d.code.lower()} \r\n").code == d.code
    with pytest.raises(NotFound):
        get_dossier(station.ctx, OFFICER, "G01-261120-9999")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"applicant": {"full_name": "", "id_number": "079090001234", "address": "x"}},
            "applicant.full_name",
        ),
        (
            {"applicant": {"full_name": "Lê Văn A", "id_number": "07909000123", "address": "x"}},
            "applicant.id_number",
        ),
        ({"procedure": "9.999999"}, "procedure"),
        ({"received_at": "2026-11-20T10:05:00+07:00"}, "received_at"),
        ({"documents": []}, "documents"),
        ({"citizen_qr": "034303011829|Nguyễn"}, "citizen_qr"),
        ({"sets": 0}, "sets"),
    ],
)
def test_invalid_intake_is_refused_and_nothing_is_written(station, change, field):
    with pytest.raises(ValidationFailed) as info:
        receive_dossier(station.ctx, OFFICER, walk_in(**change))
    assert info.value.for_field(field), info.value.errors
    assert all(e.message for e in info.value.errors)
    assert count_dossiers(station.ctx, OFFICER, None) == 0


def test_duplicate_is_refused_with_the_existing_code(station):
    first = receive_dossier(station.ctx, OFFICER, walk_in()).dossier
    with pytest.raises(DuplicateIntake) as info:
        receive_dossier(station.ctx, OFFICER, walk_in())
    assert info.value.code == first.code
    assert count_dossiers(station.ctx, OFFICER, None) == 1


def test_running_out_of_numbers_is_a_clear_error(station):
    with station.ctx.uow(write=True) as uow:
        uow.dossiers.set_last_sequence(date(2026, 11, 20), 1000, 1999, existed=False)
        uow.commit()
    with pytest.raises(SequenceExhausted) as info:
        receive_dossier(station.ctx, OFFICER, walk_in())
    assert "20/11/2026" in info.value.message or "2026-11-20" in info.value.message, info.value.message
    assert count_dossiers(station.ctx, OFFICER, None) == 0


def test_day_list_pages_newest_first(station):
    for minute in range(5):
        receive_dossier(station.ctx, OFFICER, walk_in(received_at=f"2026-11-20T08:0{minute}:00+07:00"))
    receive_dossier(station.ctx, OFFICER, walk_in(received_at="2026-11-19T08:00:00+07:00"))
    from desk_app.domain.records import ListCursor

    page1 = list_dossiers(station.ctx, OFFICER, date(2026, 11, 20), limit=3)
    last = page1[-1]
    page2 = list_dossiers(
        station.ctx, OFFICER, date(2026, 11, 20), ListCursor(last.received_at, last.id), limit=3
    )
    times = [s.received_at.minute for s in page1 + page2]
    assert times == [4, 3, 2, 1, 0]
    assert count_dossiers(station.ctx, OFFICER, date(2026, 11, 19)) == 1


def test_a_ward_desk_refuses_a_provincial_procedure_and_residence_by_post(station):
    """The station's level decides what its desks receive; residence procedures are never filed by post."""
    with pytest.raises(ValidationFailed) as info:
        receive_dossier(station.ctx, OFFICER, walk_in(procedure="1.001456"))
    assert info.value.errors[0].field == "procedure"
    assert "thực hiện tại cấp tỉnh: bàn tiếp nhận cấp xã không nhận" in info.value.errors[0].message
    postal = {"item_number": "RR123456785VN", "handover_record": "1/BBGN",
              "handover_at": "2026-11-20T09:00:00+07:00", "sender_address": "Số 1 Lê Lợi"}  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        receive_dossier(station.ctx, OFFICER, walk_in(procedure="1.004222", channel="post", postal=postal))
    refusal = {e.field: e.message for e in info.value.errors}
    assert (
        refusal["channel"]
        == "Thủ tục 1.004222 không nhận hồ sơ qua bưu chính (chỉ nộp trực tiếp, trực tuyến)"
    )
    assert count_dossiers(station.ctx, OFFICER, None) == 0  # nothing saved


def test_a_provincial_station_is_offered_the_passport_but_not_residence(tmp_path, clock):
    from dataclasses import replace

    from desk_app import bootstrap
    from desk_app.config import Config
    from desk_app.services.catalogue import load_catalogue
    from tests.conftest import TEST_STATION

    st = bootstrap.initialise_station(tmp_path / "prov", Config(replace(TEST_STATION, level="province")))
    try:
        st.ctx.clock = clock
        offered = {p.code for p in load_catalogue(st.ctx)}
        assert "1.001456" in offered and "2.001178" in offered and "1.013067" in offered  # both levels
        assert "1.004222" not in offered and "1.010386" not in offered
        passport = receive_dossier(st.ctx, OFFICER, walk_in(procedure="1.001456")).dossier
        assert passport.due_at == datetime(2026, 12, 2, 16, 0, tzinfo=VN_TZ)  # 8 working days
        with pytest.raises(ValidationFailed, match="thực hiện tại cấp xã: bàn tiếp nhận cấp tỉnh"):
            receive_dossier(st.ctx, OFFICER, walk_in(procedure="1.004222"))
    finally:
        st.close()
