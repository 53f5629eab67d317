"""What the provincial view shows, read from the tally and the stations (issue 19, part 1).

Every query takes the user's scope: a station outside it is never read. The figures of a day are the
tally's rows of that day; a month's, the sum of its days; overdue dossiers are read from the dossiers
themselves (status not final, due time passed), through their ``(status, due_at)`` index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, or_, select

from desk_app.central.schema import dossiers, stations, tally
from desk_app.central.web_accounts import WebUser
from desk_app.domain.lifecycle import Status

OPEN = tuple(s.value for s in Status if not s.is_final)
STALE_AFTER = timedelta(hours=24)  # a station not heard from for longer is flagged


@dataclass
class StationRow:
    station_id: int
    name: str
    agency_code: str
    desk: int
    received_today: int = 0
    received_month: int = 0
    supplement_month: int = 0
    returned_late_month: int = 0
    overdue: int = 0
    last_seen_at: datetime | None = None
    build: str = ""
    stale: bool = False


@dataclass
class Overview:
    day: date
    rows: list[StationRow] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.rows)


def _in_scope(user: WebUser):  # type: ignore[no-untyped-def]
    return or_(stations.c.agency_code == user.scope, stations.c.agency_code.like(user.scope + ".%"))


def overview(engine: Engine, user: WebUser, now: datetime, stale_after: timedelta = STALE_AFTER) -> Overview:
    """Per station of the user's scope: received today and this month, supplement requests and late
    returns this month, overdue now, last contact and build; stations silent too long flagged."""
    today = now.date()
    first = today.replace(day=1).isoformat()
    found = Overview(today)
    with engine.connect() as conn:
        for s in conn.execute(select(stations.c.id, stations.c.name, stations.c.agency_code, stations.c.desk,
                                     stations.c.last_seen_at, stations.c.build)
                              .where(_in_scope(user), stations.c.revoked_at.is_(None))
                              .order_by(stations.c.agency_code, stations.c.desk)):  # fmt: skip
            seen = datetime.fromisoformat(s.last_seen_at) if s.last_seen_at else None
            stale = seen is None or now - seen > stale_after
            found.rows.append(StationRow(s.id, s.name, s.agency_code, s.desk, last_seen_at=seen,
                                         build=s.build, stale=stale))  # fmt: skip
        by_id = {r.station_id: r for r in found.rows}
        if not by_id:
            return found
        t = tally.c
        month = conn.execute(
            select(t.station_id, func.sum(t.received), func.sum(t.supplement_requested),
                   func.sum(t.returned_late))
            .where(t.station_id.in_(by_id), t.day >= first, t.day <= today.isoformat())
            .group_by(t.station_id)
        )  # fmt: skip
        for station_id, received, supplement, late in month:
            row = by_id[station_id]
            row.received_month, row.supplement_month, row.returned_late_month = received, supplement, late
        day = conn.execute(select(t.station_id, func.sum(t.received))
                           .where(t.station_id.in_(by_id), t.day == today.isoformat())
                           .group_by(t.station_id))  # fmt: skip
        for station_id, received in day:
            by_id[station_id].received_today = received
        d = dossiers.c
        overdue = conn.execute(select(d.station_id, func.count())
                               .where(d.status.in_(OPEN), d.due_at != "", d.due_at < now.isoformat(),
                                      d.station_id.in_(by_id))
                               .group_by(d.station_id))  # fmt: skip
        for station_id, count in overdue:
            by_id[station_id].overdue = count
    return found
