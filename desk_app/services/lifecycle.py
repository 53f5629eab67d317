"""Acting on a dossier: one service call per life-cycle action, checked by the domain's state machine.

The stored columns are turned into a :class:`DossierState`, the domain decides (or refuses with the rule
that forbids it), and the new state and an event with who, when, why and the transition's data are
written in one unit of work. Refusals change nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import date, datetime

from desk_app.domain.accounts import AccessDenied, Permission, User, approving_supervisor
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import (
    Action,
    ActionInput,
    DossierState,
    Status,
    Transition,
    allowed_actions,
    apply,
    is_due_today,
    is_overdue,
)
from desk_app.domain.model import DossierEvent, LimitUnit, TimeLimit
from desk_app.domain.records import DossierRecord
from desk_app.domain.text import clean
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext
from desk_app.services.queries import dossier_code, get_dossier
from desk_app.storage.uow import UnitOfWork
from desk_app.sync import outbox

log = logging.getLogger("desk_app.services.lifecycle")


@dataclass(frozen=True)
class Acted:
    """The dossier after the action, and the domain's non-blocking warnings."""

    dossier: DossierRecord
    warnings: tuple[str, ...]


def state_of(record: DossierRecord) -> DossierState:
    """The domain's view of a stored dossier."""
    return DossierState(
        status=Status(record.status),
        received_at=record.received_at,
        due_at=record.due_at,
        limit=TimeLimit(record.limit_value, LimitUnit(record.limit_unit)),
        extended=record.extended,
        clock_started_at=record.clock_started_at or record.received_at,
        supplement_requested_at=record.supplement_requested_at,
        supplement_requests=record.supplement_requests,
        result_received_at=record.result_received_at,
        last_event_at=record.last_event_at,
        due_provisional=record.due_provisional,
    )


def available_actions(ctx: DeskContext, record: DossierRecord) -> tuple[Action, ...]:
    """The actions the dossier's state allows now (the detail view shows only these)."""
    return allowed_actions(state_of(record), now=ctx.clock(), calendar=ctx.calendar)


def flags(ctx: DeskContext, record: DossierRecord) -> dict[str, bool]:
    """Derived, never stored: overdue and due today."""
    state, now = state_of(record), ctx.clock()
    return {"overdue": is_overdue(state, now), "due_today": is_due_today(state, now)}


def store_transition(
    uow: UnitOfWork,
    record: DossierRecord,
    transition: Transition,
    extra: dict[str, object] | None = None,
    *,
    event_uuid: str | None = None,
    from_server: bool = False,
) -> None:
    """Write a transition: the life-cycle columns and its event (with ``extra`` data). An update that came
    from the central server keeps the server's event UUID and is not queued back to it."""
    new = transition.state
    uow.dossiers.update_state(
        record.id,
        {
            "status": new.status.value,
            "due_at": new.due_at,
            "due_provisional": new.due_provisional,
            "extended": new.extended,
            "clock_started_at": new.clock_started_at,
            "supplement_requests": new.supplement_requests,
            "supplement_requested_at": new.supplement_requested_at,
            "result_received_at": new.result_received_at,
            "last_event_at": new.last_event_at,
        },
    )
    event = DossierEvent(kind=transition.event_kind, at=transition.at, actor=transition.actor,
                         reason=transition.reason)  # fmt: skip
    if event_uuid:
        event = dataclasses.replace(event, uuid=event_uuid)
    outbox.record_event(uow, record.id, event, {**transition.data, **(extra or {})}, from_server=from_server)


def act(
    ctx: DeskContext,
    actor: User,
    code: str,
    action: Action | str,
    *,
    approver: User | None = None,
    reason: str = "",
    at: datetime | None = None,
    new_due: date | None = None,
    postal_item: str | None = None,
    collected_by: str = "",
    id_checked: str = "",
    provision: str = "",
) -> Acted:
    """Apply one action to dossier ``code``; TransitionRefused (nothing changed) if the rules forbid it.

    Refusing, extending and voiding need a supervisor: ``actor`` if they are one, else ``approver`` — a
    supervisor who authenticated in place on the officer's screen ("four eyes"); the event and the audit
    trail name both. ``provision``: the legal provision a refusal or a stop rests on (printed on CT06 and
    Mẫu 05), kept in the event's data."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xử lý hồ sơ")
    provision = clean(provision)
    if provision and Action(action) not in (Action.REFUSE, Action.STOP):
        message = "Căn cứ (điều, khoản) chỉ ghi khi từ chối hoặc dừng giải quyết hồ sơ"
        raise DeskError(message, field="provision")
    if len(provision) > 300:
        raise DeskError("Căn cứ dài quá 300 ký tự", field="provision")
    now = ctx.clock()
    wanted = Action(action)
    try:
        supervisor = approving_supervisor(actor, approver, wanted.value)
    except AccessDenied:
        with ctx.uow(write=True) as uow:
            asked = {"action": wanted.value, "approver": approver.username if approver else None}
            uow.audit.append(now, actor.username, "denied", clean(code).upper(), asked)
            uow.commit()
        raise
    with ctx.uow(write=True) as uow:
        record = uow.dossiers.get(dossier_code(ctx, code))
        if record is None:
            get_dossier(ctx, actor, code)  # raises NotFound with the officer's message
            raise AssertionError("unreachable")
        by_post = wanted is Action.RETURN and postal_item is not None
        if wanted is Action.RETURN and not by_post and not collected_by:
            # nobody else named: the applicant collected it in person, showing the ID on record
            collected_by, id_checked = record.applicant.full_name, id_checked or record.applicant.id_number
        transition: Transition = apply(
            state_of(record),
            ActionInput(
                action=wanted,
                at=at or now,
                actor=actor.display_name,
                reason=reason,
                new_due=new_due,
                postal_item=postal_item,
                collected_by=collected_by,
                id_checked=id_checked,
                result_by_post=by_post,
            ),
            now=now,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
        data: dict[str, object] = {}
        if supervisor is not None and supervisor is not actor:
            data["approved_by"] = supervisor.display_name
        if provision:
            data["provision"] = provision
        if by_post and record.postal is not None and postal_item:
            uow.dossiers.set_outgoing_item(record.id, str(transition.data.get("postal_item", postal_item)))
        store_transition(uow, record, transition, data)
        audit_data = {"supervisor": supervisor.username} if supervisor is not None else {}
        uow.audit.append(now, actor.username, f"dossier.{wanted.value}", record.code, audit_data)
        updated = uow.dossiers.get(record.code)
        uow.commit()
    assert updated is not None
    log.info("dossier %s: %s", updated.code, transition.event_kind)
    return Acted(updated, transition.warnings)
