"""Roles enforced in the services: every role against every dossier action, and the supervisor overrides.

Each service is called directly (as the CLI and the GUI do) with an officer, a supervisor and an admin.
A refusal raises AccessDenied, is audited as ``denied`` and changes nothing; an allowed action is
audited under the acting user's name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.domain.accounts import AccessDenied, Role, User
from desk_app.domain.lifecycle import Action
from desk_app.services.attachments import attach_files, list_pages
from desk_app.services.catalogue import import_catalogue
from desk_app.services.cover_sheets import write_cover_sheet
from desk_app.services.filing import list_unfiled
from desk_app.services.forms import write_form
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.mailin import list_handovers, open_handover
from desk_app.services.queries import count_dossiers, get_dossier, list_dossiers, search_dossiers
from desk_app.services.receipts import write_receipt
from tests.actors import ADMIN, OFFICER, SUPERVISOR
from tests.conftest import walk_in
from tests.scan_samples import render, scanned

OTHER_OFFICER = User("tuan.pv", "Phạm Văn Tuấn", Role.OFFICER)
EVERYONE = [OFFICER, SUPERVISOR, ADMIN]


def audit(station) -> list[tuple[str, str, str]]:
    with station.ctx.uow() as uow:
        return [(e.actor, e.action, e.subject) for e in uow.audit.entries()]


def received(station, who: User = OFFICER) -> str:
    return receive_dossier(station.ctx, who, walk_in()).dossier.code


@pytest.mark.parametrize("who", EVERYONE, ids=lambda u: u.role.value)
def test_every_role_works_dossiers_and_is_named(station, tmp_path: Path, who: User):
    """Receiving, reading, searching, printing and attaching: every role may, and the trail names them."""
    ctx = station.ctx
    code = received(station, who)
    record = get_dossier(ctx, who, code)
    assert record.officer == who.display_name  # the receiving officer is the logged-in user
    assert [e.actor for e in record.events] == [who.display_name]
    assert search_dossiers(ctx, who, record.applicant.full_name)[0].code == code
    assert count_dossiers(ctx, who, None) == 1 and list_dossiers(ctx, who, None)[0].code == code
    write_receipt(ctx, who, code, tmp_path / "r.pdf")
    write_form(ctx, who, "control-slip", code, tmp_path / "c.pdf")
    write_cover_sheet(ctx, who, code, tmp_path / "cover.pdf")
    page = tmp_path / "page.png"
    scanned(render(tmp_path / "r.pdf", 100)).save(page)
    attach_files(ctx, who, code, [page])
    assert len(list_pages(ctx, who, code)) == 1
    act(ctx, who, code, Action.TRANSFER)
    open_handover(ctx, who, {"number": "1/BB", "signed_at": ctx.clock(), "postal_worker": "Lê Văn Bưu"})
    assert [h.number for h in list_handovers(ctx, who)] == ["1/BB"]
    assert list_unfiled(ctx, who) == []
    trail = audit(station)
    assert (who.username, "dossier.receive", code) in trail
    assert (who.username, "pages.attach", code) in trail
    assert (who.username, "dossier.transfer", code) in trail
    assert (who.username, "handover.open", "1/BB") in trail
    assert not [t for t in trail if t[1] == "denied"]


OVERRIDES = [
    (Action.REFUSE, {"reason": "Không thuộc thẩm quyền"}),
    (Action.VOID, {"reason": "Nhập nhầm"}),
    (Action.EXTEND, {"reason": "Cần xác minh", "new_due": None}),
]


def _inputs(station, code: str, extra: dict) -> dict:
    if "new_due" in extra:  # a working day after the current due date
        due = get_dossier(station.ctx, OFFICER, code).due_at.date()
        day = due
        while True:
            from datetime import timedelta

            day += timedelta(days=1)
            if station.ctx.calendar.is_working_day(day):
                return {**extra, "new_due": day}
    return extra


@pytest.mark.parametrize(("action", "extra"), OVERRIDES, ids=[a.value for a, _ in OVERRIDES])
def test_an_officer_alone_cannot_override_and_nothing_changes(station, action, extra):
    code = received(station)
    before = get_dossier(station.ctx, OFFICER, code)
    with pytest.raises(AccessDenied, match="lãnh đạo duyệt"):
        act(station.ctx, OFFICER, code, action, **_inputs(station, code, extra))
    after = get_dossier(station.ctx, OFFICER, code)
    assert (after.status, after.due_at, len(after.events)) == (
        before.status,
        before.due_at,
        len(before.events),
    )
    assert audit(station)[-1] == (OFFICER.username, "denied", code)
    with pytest.raises(AccessDenied, match="không có quyền lãnh đạo"):  # another officer is no supervisor
        act(station.ctx, OFFICER, code, action, approver=OTHER_OFFICER, **_inputs(station, code, extra))
    assert get_dossier(station.ctx, OFFICER, code).status == before.status


@pytest.mark.parametrize(("action", "extra"), OVERRIDES, ids=[a.value for a, _ in OVERRIDES])
@pytest.mark.parametrize("who", [SUPERVISOR, ADMIN], ids=["supervisor", "admin"])
def test_a_supervisor_overrides_alone(station, action, extra, who):
    code = received(station)
    done = act(station.ctx, who, code, action, **_inputs(station, code, extra))
    event = done.dossier.events[-1]
    assert event.actor == who.display_name and "approved_by" not in event.data
    assert audit(station)[-1][:2] == (who.username, f"dossier.{action.value}")


@pytest.mark.parametrize(("action", "extra"), OVERRIDES, ids=[a.value for a, _ in OVERRIDES])
def test_four_eyes_an_officer_with_a_supervisor_approving_in_place(station, action, extra):
    code = received(station)
    done = act(station.ctx, OFFICER, code, action, approver=SUPERVISOR, **_inputs(station, code, extra))
    event = done.dossier.events[-1]
    assert event.actor == OFFICER.display_name  # who did it …
    assert event.data["approved_by"] == SUPERVISOR.display_name  # … and who approved
    with station.ctx.uow() as uow:
        last = uow.audit.entries()[-1]
    assert (last.actor, last.action, json.loads(last.data)) == (
        OFFICER.username, f"dossier.{action.value}", {"supervisor": SUPERVISOR.username}
    )  # fmt: skip


def test_ordinary_actions_need_no_supervisor(station):
    code = received(station)
    for action in (Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENTED, Action.TRANSFER, Action.RESULT_RECEIVED):
        act(
            station.ctx,
            OFFICER,
            code,
            action,
            reason="Thiếu ảnh" if action is Action.REQUEST_SUPPLEMENT else "",
        )
    assert act(station.ctx, OFFICER, code, Action.RETURN).dossier.status == "returned"


@pytest.mark.parametrize("who", [OFFICER, SUPERVISOR], ids=["officer", "supervisor"])
def test_only_an_admin_updates_the_catalogue(station, tmp_path: Path, who):
    source = tmp_path / "catalogue.json"
    source.write_text("[]", encoding="utf-8")
    with pytest.raises(AccessDenied, match="quản trị"):
        import_catalogue(station.ctx, who, source)
    assert audit(station)[-1] == (who.username, "denied", "")
