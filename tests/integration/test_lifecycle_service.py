"""A dossier's life at the counter on a real station: mail-in, supplement round trip, extend, return."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desk_app.domain.errors import ValidationFailed
from desk_app.domain.lifecycle import TransitionRefused
from desk_app.domain.model import VN_TZ
from desk_app.services.intake import DuplicateIntake, receive_dossier
from desk_app.services.lifecycle import act, available_actions, flags
from desk_app.services.queries import count_dossiers, get_dossier, search_dossiers
from tests.actors import OFFICER, SUPERVISOR
from tests.conftest import walk_in

HANDOVER_AT = "2026-11-19T10:00:00+07:00"


def mail_in(item: str, **overrides: object) -> dict[str, object]:
    raw = walk_in(procedure="1.010386", channel="post")  # a lost passport reported by post
    del raw["received_at"]
    raw["postal"] = {
        "item_number": item,
        "handover_record": "BB-01/2026",
        "handover_at": HANDOVER_AT,
        "sender_address": "Số 3 Hùng Vương, Huế",
        "return_by_post": True,
    }
    raw.update(overrides)
    return raw


def test_mail_in_receipt_time_is_the_handover_signing(station):
    d = receive_dossier(station.ctx, OFFICER, mail_in("EL123456785VN")).dossier
    assert d.channel == "post"
    assert d.received_at == datetime(2026, 11, 19, 10, 0, tzinfo=VN_TZ)
    assert d.postal is not None and d.postal.item_number == "EL123456785VN"
    assert d.postal.handover_number == "BB-01/2026"
    assert d.result_delivery == "post"
    # a lost passport's report: 1 working day after Thursday 19/11 → Friday 20/11
    assert d.due_at == datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)
    second = receive_dossier(station.ctx, OFFICER, mail_in("RR000000005VN")).dossier
    assert second.postal is not None and second.postal.handover_number == "BB-01/2026"
    assert (d.register_book, d.register_number, second.register_number) == (2, 1, 2)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (mail_in("EL123456789VN"), "postal.item_number"),
        (mail_in("EL123456785VN", received_at="2026-11-19T11:00:00+07:00"), "received_at"),
        (mail_in("EL123456785VN", procedure="1.004222"), "channel"),  # residence: in person or online only
        (
            {
                **mail_in("EL123456785VN"),
                "postal": {
                    **mail_in("x")["postal"],
                    "item_number": "EL123456785VN",
                    "handover_at": "2026-11-21T10:00:00+07:00",
                },
            },
            "postal.handover_at",
        ),
    ],
)
def test_bad_mail_in_is_refused_and_nothing_written(station, raw, field):
    with pytest.raises(ValidationFailed) as info:
        receive_dossier(station.ctx, OFFICER, raw)
    assert info.value.for_field(field), info.value.errors
    assert count_dossiers(station.ctx, OFFICER, None) == 0


def test_the_same_handover_number_must_keep_its_signing_time(station):
    receive_dossier(station.ctx, OFFICER, mail_in("EL123456785VN"))
    later = mail_in("RR000000005VN")
    later["postal"] = {**later["postal"], "handover_at": "2026-11-19T11:00:00+07:00"}
    with pytest.raises(ValidationFailed) as info:
        receive_dossier(station.ctx, OFFICER, later)
    assert info.value.for_field("postal.handover_at")
    assert count_dossiers(station.ctx, OFFICER, None) == 1
    with pytest.raises(DuplicateIntake):
        receive_dossier(station.ctx, OFFICER, mail_in("EL123456785VN"))


def test_supplement_round_trip_restarts_the_limit(station, clock):
    d = receive_dossier(
        station.ctx, OFFICER, walk_in(procedure="1.004222")
    ).dossier  # Fri 20/11 09:30, 7 days
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
    asked = act(station.ctx, SUPERVISOR, d.code, "request-supplement", reason="Thiếu ảnh 4x6").dossier
    assert asked.status == "supplement_requested"
    assert not flags(station.ctx, asked)["overdue"]
    clock.now = datetime(2026, 12, 7, 10, 0, tzinfo=VN_TZ)
    back = act(station.ctx, SUPERVISOR, d.code, "supplemented").dossier
    assert back.status == "received"
    # the limit restarts in full from Monday 7/12: 7 working days → Wednesday 16/12
    assert back.due_at == datetime(2026, 12, 16, 16, 0, tzinfo=VN_TZ)
    kinds = [e.kind for e in get_dossier(station.ctx, OFFICER, d.code).events]
    assert kinds == ["received", "request-supplement", "supplemented"]


def test_extend_once_then_refused_and_nothing_changes(station, clock):
    d = receive_dossier(station.ctx, OFFICER, walk_in(procedure="1.004222")).dossier  # due Tuesday 1/12 16:00
    clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)
    extended = act(
        station.ctx, SUPERVISOR, d.code, "extend", reason="Cần xác minh", new_due=date(2026, 12, 9)
    ).dossier
    assert extended.due_at == datetime(2026, 12, 9, 16, 0, tzinfo=VN_TZ) and extended.extended
    with pytest.raises(TransitionRefused, match="một lần"):
        act(station.ctx, SUPERVISOR, d.code, "extend", reason="Lần hai", new_due=date(2026, 12, 10))
    after = get_dossier(station.ctx, OFFICER, d.code)
    assert after.due_at == extended.due_at and len(after.events) == 2


def test_return_needs_a_result_and_by_post_a_valid_item(station, clock):
    d = receive_dossier(station.ctx, OFFICER, mail_in("EL123456785VN")).dossier
    clock.now = datetime(2026, 11, 20, 10, 30, tzinfo=VN_TZ)
    with pytest.raises(TransitionRefused, match="chưa có kết quả"):
        act(station.ctx, SUPERVISOR, d.code, "return", postal_item="EL123456785VN")
    act(station.ctx, SUPERVISOR, d.code, "transfer")
    act(station.ctx, SUPERVISOR, d.code, "result-received")
    assert [a.value for a in available_actions(station.ctx, get_dossier(station.ctx, OFFICER, d.code))] == [
        "return",
        "void",
    ]
    with pytest.raises(TransitionRefused, match="kiểm tra"):
        act(station.ctx, SUPERVISOR, d.code, "return", postal_item="RR123456789VN")
    done = act(station.ctx, SUPERVISOR, d.code, "return", postal_item="RR123456785VN").dossier
    assert done.status == "returned"
    assert done.postal is not None and done.postal.outgoing_item_number == "RR123456785VN"
    assert done.events[-1].data["postal_item"] == "RR123456785VN"


def test_overdue_is_derived(station, clock):
    d = receive_dossier(station.ctx, OFFICER, walk_in()).dossier
    clock.now = d.due_at + timedelta(minutes=1)
    assert flags(station.ctx, get_dossier(station.ctx, OFFICER, d.code)) == {
        "overdue": True,
        "due_today": False,
    }
    clock.now = d.due_at - timedelta(hours=2)
    assert flags(station.ctx, get_dossier(station.ctx, OFFICER, d.code)) == {
        "overdue": False,
        "due_today": True,
    }


def test_a_handover_is_opened_once_and_carries_its_dossiers(station):
    from desk_app.services.mailin import list_handovers, open_handover

    raw = {"number": "BB-02/2026", "signed_at": HANDOVER_AT, "postal_worker": "Phạm Văn Bưu"}
    opened = open_handover(station.ctx, OFFICER, raw)
    assert (opened.number, opened.items) == ("BB-02/2026", 0)
    item = mail_in("EL123456785VN")
    item["postal"] = {**item["postal"], "handover_record": "BB-02/2026"}
    d = receive_dossier(station.ctx, OFFICER, item).dossier
    assert d.postal is not None and d.postal.postal_worker == "Phạm Văn Bưu"
    assert open_handover(station.ctx, OFFICER, raw).items == 1  # re-opening continues the same delivery
    with pytest.raises(ValidationFailed) as info:
        open_handover(station.ctx, OFFICER, {**raw, "signed_at": "2026-11-19T11:00:00+07:00"})
    assert info.value.for_field("handover.signed_at")
    with pytest.raises(ValidationFailed) as info:
        open_handover(station.ctx, OFFICER, {"number": "BB-3", "signed_at": "2099-01-01T00:00:00+07:00"})
    assert info.value.for_field("handover.signed_at") and info.value.for_field("handover.postal_worker")
    assert [h.number for h in list_handovers(station.ctx, OFFICER)] == ["BB-02/2026"]


def test_search_keeps_to_the_status_and_channel_asked_for(station):
    post = receive_dossier(station.ctx, OFFICER, mail_in("EL123456785VN")).dossier
    walk = receive_dossier(station.ctx, OFFICER, walk_in()).dossier
    act(station.ctx, SUPERVISOR, walk.code, "transfer")
    name = post.applicant.full_name.split()[0]  # both are "Nguyễn …"
    assert name == walk.applicant.full_name.split()[0]

    def codes(text: str, **filters: str) -> list[str]:
        return sorted(s.code for s in search_dossiers(station.ctx, OFFICER, text, **filters))

    assert codes(name) == sorted([post.code, walk.code])
    assert codes(name, channel="post") == [post.code]
    assert codes(name, status="transferred") == [walk.code]
    assert codes(name, status="received", channel="walk_in") == []
    assert codes(post.applicant.id_number, channel="walk_in") == [walk.code]  # the same citizen
    assert codes(post.applicant.id_number, channel="post", status="received") == [post.code]
    assert codes(walk.code, status="transferred") == [walk.code]
    assert codes(walk.code, status="received") == []
