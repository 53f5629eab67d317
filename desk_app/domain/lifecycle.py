"""The life of a dossier at the counter: a state machine of statuses and actions (issue 3, DOMAIN_VN §2).

State diagram (every arrow is an event with who, when and why)::

                       request-supplement
        ┌──────────────────────────────────────────────┐
        │                                              ▼
    received ◄────── supplemented ─────────── supplement_requested
        │       (the time limit restarts)              ▲
     transfer                                          │ request-supplement
        ▼                                              │
    transferred ───────────────────────────────────────┘
        │
     result-received
        ▼
    result_received ── return ──► returned   (at the counter, or by post with an outgoing S10 item)

    refuse:  received | supplement_requested | transferred  ──► refused
    stop:    received | supplement_requested | transferred  ──► stopped (Mẫu 05: the processing stops,
             e.g. the citizen withdraws the dossier)
    extend:  received | transferred  ──► same status, new due date (once per dossier)
    void:    every status except voided ──► voided (a wrong entry; nothing is deleted)

Final statuses: returned, refused, stopped, voided. Returned, refused and stopped accept only ``void``;
voided accepts nothing.
An action the status does not allow is refused with "Không thể <việc>: <lý do> (trạng thái hiện tại: …)".

Rules (each refusal raises :class:`TransitionRefused` with a Vietnamese message naming the rule):

* Every action: ``at`` (aware) is not in the future (``at ≤ now``; back-entry is allowed), not before the
  receipt and not before the previous step; ``actor`` is required; text is NFC-cleaned; the reason is
  required for request-supplement (what is missing), refuse, stop, extend and void.
* request-supplement: a *warning*, never a refusal, when made after the 3rd working day counted from the
  receipt (or from the last ``supplemented``), since the citizen must be told within 3 working days; a
  second request in the life of the dossier is also only a warning.
* supplemented: the time limit restarts in full from ``at`` — the new due date is
  ``due_date(at, limit, calendar, rules)`` (the cutoff rule applies). An extension already used stays used
  (the law allows one extension per dossier).
* extend: only from received or transferred. Not while waiting for a supplement (the clock is stopped and
  the limit restarts anyway) and not after a result. Once per dossier. The extension must be made **by
  the last working day before the due day** (at least one working day before the due date): on the due
  day itself, on a weekend just before it, or after the due time it is refused. The new due day is
  required, a working day and after the current due day; the new due time is the station's return time.
* return: from result_received only. By post: an outgoing item number that passes the S10 check; at the
  counter: who collected the result and the ID number checked (12-digit number or 9-digit CMND).
  A mix of the two is refused.
* void: from every status but voided, including returned and refused (with a warning).

Derived, never stored: :func:`is_overdue`, :func:`is_due_today`, :func:`returned_late`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from desk_app.domain import lifecycle_rules as r
from desk_app.domain.calendar import DueRules, WorkingCalendar, due_date
from desk_app.domain.lifecycle_rules import TransitionRefused
from desk_app.domain.model import TimeLimit

__all__ = ["ALLOWED", "Action", "ActionInput", "DossierState", "Status", "Transition", "TransitionRefused",
           "allowed_actions", "apply", "is_due_today", "is_overdue", "returned_late",
           "target_status"]  # fmt: skip


class Status(StrEnum):
    """Where the dossier is (the values are the stored strings)."""

    RECEIVED = "received"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    TRANSFERRED = "transferred"
    RESULT_RECEIVED = "result_received"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    VOIDED = "voided"

    @property
    def label_vi(self) -> str:
        return r.STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in (Status.RETURNED, Status.REFUSED, Status.STOPPED, Status.VOIDED)


class Action(StrEnum):
    """What the officer records (the values are the CLI action names and the event kinds)."""

    REQUEST_SUPPLEMENT = "request-supplement"
    SUPPLEMENTED = "supplemented"
    TRANSFER = "transfer"
    RESULT_RECEIVED = "result-received"
    RETURN = "return"
    REFUSE = "refuse"
    STOP = "stop"
    EXTEND = "extend"
    VOID = "void"

    @property
    def label_vi(self) -> str:
        return r.ACTION_LABELS[self]


#: Events that record what happened to the papers, not a step of the life-cycle.
RECORD_EVENTS = frozenset({"received", "attached", "pages-edited", "scans-purged"})
#: Every kind of event a dossier's history holds: what a station may send the central server.
EVENT_KINDS = frozenset({a.value for a in Action} | RECORD_EVENTS)


#: The actions each status allows (extend further needs the timing rule: see :func:`allowed_actions`).
ALLOWED: Mapping[Status, tuple[Action, ...]] = MappingProxyType({
    Status.RECEIVED: (Action.REQUEST_SUPPLEMENT, Action.TRANSFER, Action.REFUSE, Action.STOP, Action.EXTEND,
                      Action.VOID),
    Status.SUPPLEMENT_REQUESTED: (Action.SUPPLEMENTED, Action.REFUSE, Action.STOP, Action.VOID),
    Status.TRANSFERRED: (Action.REQUEST_SUPPLEMENT, Action.RESULT_RECEIVED, Action.REFUSE, Action.STOP,
                         Action.EXTEND, Action.VOID),
    Status.RESULT_RECEIVED: (Action.RETURN, Action.VOID),
    Status.RETURNED: (Action.VOID,),
    Status.REFUSED: (Action.VOID,),
    Status.STOPPED: (Action.VOID,),
    Status.VOIDED: (),
})  # fmt: skip

#: Where each action leads (extend keeps the status).
_TARGET = {
    Action.REQUEST_SUPPLEMENT: Status.SUPPLEMENT_REQUESTED,
    Action.SUPPLEMENTED: Status.RECEIVED,
    Action.TRANSFER: Status.TRANSFERRED,
    Action.RESULT_RECEIVED: Status.RESULT_RECEIVED,
    Action.RETURN: Status.RETURNED,
    Action.REFUSE: Status.REFUSED,
    Action.STOP: Status.STOPPED,
    Action.VOID: Status.VOIDED,
}
_CLOCK_RUNNING = (Status.RECEIVED, Status.TRANSFERRED)


def target_status(status: Status, action: Action) -> Status | None:
    """Where ``action`` takes a dossier in ``status`` by the table alone (None: not allowed there).
    The central server checks the processing departments' updates with it; the desk applies the full
    rules (:func:`apply`)."""
    if action not in ALLOWED[Status(status)]:
        return None
    return _TARGET.get(action, Status(status))


@dataclass(frozen=True)
class DossierState:
    """What the lifecycle needs to know of a dossier; all datetimes aware, days taken in ``received_at``'s
    time zone. ``clock_started_at`` is when the current time limit started (receipt or supplemented)."""

    status: Status
    received_at: datetime
    due_at: datetime
    limit: TimeLimit
    extended: bool  # the one extension has been used
    clock_started_at: datetime
    supplement_requested_at: datetime | None = None  # the latest request
    supplement_requests: int = 0
    result_received_at: datetime | None = None
    last_event_at: datetime | None = None  # the latest transition (None: only the receipt)
    due_provisional: bool = False  # the due date was counted on a provisional calendar year

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        for name in ("received_at", "due_at", "clock_started_at"):
            r.require_aware(getattr(self, name), name)

    @classmethod
    def start(
        cls, received_at: datetime, limit: TimeLimit, *, calendar: WorkingCalendar, rules: DueRules
    ) -> DossierState:
        """The state of a dossier just received: status received, due date counted from the receipt."""
        due = due_date(received_at, limit, calendar, rules)
        return cls(Status.RECEIVED, received_at, due.at, limit, False, received_at,
                   due_provisional=due.provisional)  # fmt: skip

    @property
    def last_at(self) -> datetime:
        """When the latest thing happened to the dossier (its receipt if nothing since)."""
        return self.last_event_at or self.received_at


@dataclass(frozen=True)
class ActionInput:
    """One action as entered: ``at`` may be earlier than now (back-entry) but never in the future."""

    action: Action
    at: datetime
    actor: str
    reason: str = ""
    new_due: date | None = None  # extend
    postal_item: str | None = None  # return by post: the outgoing S10 item number
    collected_by: str = ""  # return at the counter: who collected the result …
    id_checked: str = ""  # … and the ID number checked
    result_by_post: bool = False


@dataclass(frozen=True)
class Transition:
    """The outcome of :func:`apply`: the new state and the event to store (kind, data, who/when/why)."""

    state: DossierState
    event_kind: str
    data: Mapping[str, Any]
    warnings: tuple[str, ...]
    at: datetime
    actor: str
    reason: str


def _refusal(action: Action, status: Status) -> str:
    why = r.ACTION_REASONS.get(action, "") if not status.is_final else ""
    why = why or r.STATE_REASONS[status]
    if action is Action.EXTEND and status is Status.SUPPLEMENT_REQUESTED:
        why = f"{why}, {r.SUPPLEMENT_WAIT}"
    return f"Không thể {r.VERBS[action]}: {why} (trạng thái hiện tại: {status.label_vi})"


def _can_extend(state: DossierState, at: datetime, calendar: WorkingCalendar) -> bool:
    day = r.local(at, state.due_at.tzinfo).date()
    return not state.extended and at <= state.due_at and day <= r.latest_extension_day(state.due_at, calendar)


def allowed_actions(state: DossierState, *, now: datetime, calendar: WorkingCalendar) -> tuple[Action, ...]:
    """The actions the GUI may offer now (extend only while unused and still in time)."""
    r.require_aware(now, "now")
    return tuple(
        a for a in ALLOWED[state.status] if a is not Action.EXTEND or _can_extend(state, now, calendar)
    )


def apply(
    state: DossierState, act: ActionInput, *, now: datetime, calendar: WorkingCalendar, rules: DueRules
) -> Transition:
    """Apply ``act`` to ``state``; :class:`TransitionRefused` (Vietnamese, names the rule) if not allowed."""
    r.require_aware(now, "now")
    at = r.require_aware(act.at, "act.at")
    try:
        action = Action(act.action)
    except ValueError:
        raise TransitionRefused(f"Thao tác không hợp lệ: {act.action!r}", field="action") from None
    if action not in ALLOWED[state.status]:
        raise TransitionRefused(_refusal(action, state.status), field="action")
    if action is Action.EXTEND and state.extended:
        raise TransitionRefused(r.EXTENSION_USED, field="action")
    actor = r.clean_actor(act.actor)
    r.check_time(at, now=now, received_at=state.received_at, last_at=state.last_at)
    tz = state.received_at.tzinfo
    changes: dict[str, Any] = {}
    data: dict[str, Any] = {"from_status": state.status.value}
    warnings: list[str] = []
    if action is Action.REQUEST_SUPPLEMENT:
        deadline, found = r.supplement_warnings(
            r.local(at, tz).date(), state.clock_started_at, state.supplement_requests, calendar, rules
        )
        data["notify_by"] = deadline.isoformat()
        warnings += found
        changes.update(supplement_requested_at=at, supplement_requests=state.supplement_requests + 1)
    elif action is Action.SUPPLEMENTED:
        due = due_date(at, state.limit, calendar, rules)
        changes.update(due_at=due.at, clock_started_at=at, due_provisional=due.provisional)
        data.update(previous_due=state.due_at.isoformat(), new_due=due.at.isoformat())
        if due.provisional:
            warnings.append(
                f"Hạn trả mới ({r.time_vi(due.at)}) tính theo lịch nghỉ lễ dự kiến; có thể phải điều chỉnh"
            )
    elif action is Action.EXTEND:
        new_day, found = r.check_extension(at, state.due_at, act.new_due, calendar)
        new_due_at = datetime.combine(new_day, rules.return_time, tzinfo=state.due_at.tzinfo)
        changes.update(due_at=new_due_at, extended=True, due_provisional=calendar.is_provisional(new_day))
        data.update(previous_due=state.due_at.isoformat(), new_due=new_due_at.isoformat())
        warnings += found
    elif action is Action.RESULT_RECEIVED:
        late = at > state.due_at
        changes.update(result_received_at=at)
        data.update(due_at=state.due_at.isoformat(), late=late)
        if late:
            warnings.append(f"Kết quả có sau hạn trả ({r.time_vi(state.due_at)}): hồ sơ trễ hạn")
    elif action is Action.RETURN:
        found_data, found = r.check_delivery(
            result_by_post=act.result_by_post,
            postal_item=act.postal_item,
            collected_by=act.collected_by,
            id_checked=act.id_checked,
        )
        data.update(found_data, late=returned_late(state))
        warnings += found
    elif action is Action.VOID and state.status.is_final:
        warnings.append(
            f"Hồ sơ đã ở trạng thái cuối ({state.status.label_vi}); chỉ hủy khi hồ sơ được nhập nhầm"
        )
    reason = r.clean_reason(act.reason, action)
    new_status = _TARGET.get(action, state.status)
    data["to_status"] = new_status.value
    new_state = dataclasses.replace(state, status=new_status, last_event_at=at, **changes)
    return Transition(new_state, action.value, MappingProxyType(data), tuple(warnings), at, actor, reason)


# --- derived, never stored -------------------------------------------------------------------------------


def is_overdue(state: DossierState, now: datetime) -> bool:
    """The result is not ready and the due time has passed. The clock runs only in received and
    transferred: a dossier waiting for a supplement, with a result, or final is never overdue."""
    return state.status in _CLOCK_RUNNING and now > state.due_at


def is_due_today(state: DossierState, now: datetime) -> bool:
    """The clock runs, the due time is later today (in the dossier's time zone) and not yet passed."""
    local_now = r.local(now, state.due_at.tzinfo)
    return state.status in _CLOCK_RUNNING and now <= state.due_at and local_now.date() == state.due_at.date()


def returned_late(state: DossierState) -> bool:
    """The result came back from processing after the due time (for the control slip: late / on time)."""
    return state.result_received_at is not None and state.result_received_at > state.due_at
