"""The provincial view's lists and a dossier's page (issue 19, part 1): overdue dossiers, late returns,
and one dossier with its history.

Only dossiers of stations in the user's scope are read. Who the citizen is (name, identification number)
is filled only for a user whose role sees people (:attr:`WebUser.sees_people`); for IT those stay empty
and the pages and exports leave the columns out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, select, true

from desk_app.central.schema import dossiers, events, stations
from desk_app.central.views import Period, in_scope, overdue_where, station_label
from desk_app.central.web_accounts import WebUser
from desk_app.domain.lifecycle_rules import ACTION_LABELS, STATUS_LABELS

LIST_LIMIT = 1000  # the lines a list shows (the count says how many there are in all)
EVENT_LABELS = {
    "received": "Tiếp nhận hồ sơ",
    **ACTION_LABELS,
    "attached": "Thêm bản quét",
    "pages-edited": "Sửa trang quét",
    "scans-purged": "Xóa bản quét hết thời hạn lưu",
}


def time_of(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Person:
    name: str = ""
    identifier: str = ""


def person(payload: dict[str, Any], user: WebUser) -> Person:
    """The applicant's name and number (citizen ID, passport or registration) for a role that sees them."""
    applicant = payload.get("applicant")
    if not user.sees_people or not isinstance(applicant, dict):
        return Person()
    number = next(
        (
            str(applicant[k])
            for k in ("id_number", "passport_number", "registration_number")
            if applicant.get(k)
        ),
        "",
    )
    return Person(str(applicant.get("full_name") or ""), number)


@dataclass
class DossierLine:
    uuid: str
    code: str
    station: str
    procedure: str
    received_at: datetime | None
    due_at: datetime | None
    status: str
    person: Person
    returned_at: datetime | None = None

    @property
    def days_late(self) -> int:
        """Calendar days from the due time to the return (late returns) — or to now (overdue)."""
        if self.due_at is None:
            return 0
        end = self.returned_at or datetime.now(self.due_at.tzinfo)
        return max(0, (end.date() - self.due_at.date()).days)


@dataclass
class DossierList:
    lines: list[DossierLine]
    total: int
    station_label: str = ""  # the one station the list is limited to ("" for the whole scope)


def _line(row: Any, user: WebUser, returned_at: str | None = None) -> DossierLine:
    payload = json.loads(row.payload)
    procedure = f"{row.procedure_code} {row.procedure_name}".strip()
    return DossierLine(
        row.uuid,
        row.code,
        station_label(row.name, row.agency_code, row.desk),
        procedure,
        time_of(row.received_at),
        time_of(row.due_at),
        STATUS_LABELS.get(row.status, row.status),
        person(payload, user),
        time_of(returned_at),
    )


_COLUMNS = (
    dossiers.c.uuid,
    dossiers.c.code,
    dossiers.c.payload,
    dossiers.c.procedure_code,
    dossiers.c.procedure_name,
    dossiers.c.received_at,
    dossiers.c.due_at,
    dossiers.c.status,
    stations.c.name,
    stations.c.agency_code,
    stations.c.desk,
)


def _scoped(user: WebUser, station_id: int | None) -> Any:
    where = [in_scope(user), stations.c.revoked_at.is_(None)]
    if station_id is not None:
        where.append(stations.c.id == station_id)
    return and_(*where)


def overdue(
    engine: Engine, user: WebUser, now: datetime, station_id: int | None = None, limit: int = LIST_LIMIT
) -> DossierList:
    """Dossiers whose clock runs and whose due time has passed, the longest overdue first."""
    joined = dossiers.join(stations, stations.c.id == dossiers.c.station_id)
    where = and_(overdue_where(now), _scoped(user, station_id))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(
            select(*_COLUMNS)
            .select_from(joined)
            .where(where)
            .order_by(dossiers.c.due_at, dossiers.c.code)
            .limit(limit)
        ).all()
    return DossierList([_line(r, user) for r in rows], total)


def returned_late(
    engine: Engine, user: WebUser, when: Period, station_id: int | None = None, limit: int = LIST_LIMIT
) -> DossierList:
    """Dossiers returned after their due time within the period, the latest return first."""
    joined = events.join(dossiers, dossiers.c.uuid == events.c.dossier_uuid).join(
        stations, stations.c.id == dossiers.c.station_id
    )
    e = events.c
    where = and_(
        e.kind == "return", e.late == true(), e.at >= when.lo, e.at < when.hi, _scoped(user, station_id)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(
            select(*_COLUMNS, e.at.label("returned_at"), e.payload.label("event_payload"))
            .select_from(joined)
            .where(where)
            .order_by(e.at.desc())
            .limit(limit)
        ).all()
    lines = []
    for row in rows:
        line = _line(row, user, row.returned_at)
        due = json.loads(row.event_payload).get("data", {}).get("due_at")
        line.due_at = time_of(due if isinstance(due, str) else None) or line.due_at  # the due time it missed
        lines.append(line)
    return DossierList(lines, total)


@dataclass
class HistoryLine:
    at: datetime | None
    what: str
    actor: str
    reason: str
    detail: str


@dataclass
class DossierPage:
    line: DossierLine
    channel: str
    officer: str
    history: list[HistoryLine] = field(default_factory=list)


def _detail(data: dict[str, Any]) -> str:
    parts = []
    for key, label in (("new_due", "hạn mới"), ("due_at", "hạn"), ("notify_by", "báo trước")):
        when = time_of(data[key]) if isinstance(data.get(key), str) else None
        if when is not None:
            parts.append(f"{label} {when:%H:%M %d/%m/%Y}")
    if data.get("late"):
        parts.append("trễ hạn")
    return ", ".join(parts)


def dossier(engine: Engine, user: WebUser, uuid: str) -> DossierPage | None:
    """One dossier of the user's scope with its history; None when it is unknown or outside the scope."""
    joined = dossiers.join(stations, stations.c.id == dossiers.c.station_id)
    with engine.connect() as conn:
        row = conn.execute(
            select(*_COLUMNS, dossiers.c.officer)
            .select_from(joined)
            .where(dossiers.c.uuid == uuid, _scoped(user, None))
        ).first()
        if row is None:
            return None
        history = conn.execute(
            select(events.c.payload, events.c.at)
            .where(events.c.dossier_uuid == uuid)
            .order_by(events.c.at, events.c.accepted_at)
        ).all()
    payload = json.loads(row.payload)
    page = DossierPage(
        _line(row, user), "qua bưu chính" if payload.get("channel") == "post" else "trực tiếp", row.officer
    )
    page.history.append(HistoryLine(page.line.received_at, "Tiếp nhận hồ sơ", row.officer, "", ""))
    for event_payload, at in history:
        event = json.loads(event_payload)
        kind = str(event.get("kind", ""))
        if kind == "received":
            continue  # the receipt is the first line already
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        reason = str(event.get("reason") or "") if user.sees_people else ""  # free text: may name a citizen
        page.history.append(
            HistoryLine(
                time_of(at),
                EVENT_LABELS.get(kind, kind),
                str(event.get("actor") or ""),
                reason,
                _detail(data),
            )
        )
    return page
