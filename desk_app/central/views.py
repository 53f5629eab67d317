"""What the provincial view shows, read from the tally and the stations (issue 19, part 1).

Every query takes the user's scope: a station outside it is never read (a station's page asked for one
outside is :data:`None`, the same as one that does not exist). The figures of a day are the tally's rows
of that day; a month's or a period's, the sum of its days; a station's hours and officers are read from
its dossiers of the period through their ``(station_id, received_at)`` index; overdue dossiers from the
dossiers themselves (clock running, due time passed), through their ``(status, due_at)`` index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, or_, select

from desk_app.central.schema import TALLY_COUNTS, dossiers, reference_documents, stations, tally
from desk_app.central.web_accounts import WebUser
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ

RUNNING = ("received", "transferred")  # the statuses whose clock runs (as the desk's dashboard counts)
STALE_AFTER = timedelta(hours=24)  # a station not heard from for longer is flagged
MAX_DAYS = 366  # the longest period a page or an export covers
TREND_DAYS = 30
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates a period may name (no dossier is older; date.max overflows)


class PeriodRefused(DeskError):
    """A period that is not two dates, ends before it starts, or is longer than :data:`MAX_DAYS`."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    @property
    def lo(self) -> str:
        return self.first.isoformat()

    @property
    def hi(self) -> str:  # the day after: ``received_at < hi`` keeps the whole last day
        return (self.last + timedelta(days=1)).isoformat()

    @property
    def label(self) -> str:
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"


def _day(text: str, what: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            years = f"{FIRST_YEAR}–{LAST_YEAR}"
            raise PeriodRefused(f"{what} {day:%d/%m/%Y} nằm ngoài những năm có số liệu ({years})")
        return day
    raise PeriodRefused(f"{what} “{text[:20]}” không phải một ngày (dd/mm/yyyy)")


def period(first: str, last: str, today: date, default_first: date | None = None) -> Period:
    """The period a page asks for (``first``/``last`` as ``YYYY-MM-DD`` or ``dd/mm/yyyy``; empty: from
    ``default_first``, the first of this month unless given, to today); PeriodRefused when it is not one."""
    start = _day(first, "Từ ngày") if first.strip() else (default_first or today.replace(day=1))
    end = _day(last, "Đến ngày") if last.strip() else today
    if end < start:
        raise PeriodRefused(f"Đến ngày {end:%d/%m/%Y} trước từ ngày {start:%d/%m/%Y}")
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodRefused(f"Khoảng thời gian dài quá {MAX_DAYS} ngày: hãy chọn từng năm một")
    return Period(start, end)


def in_scope(user: WebUser) -> Any:
    return or_(stations.c.agency_code == user.scope, stations.c.agency_code.like(user.scope + ".%"))


def station_label(name: str, agency_code: str, desk: int) -> str:
    """ "Công an phường Sài Gòn — bàn 1" (the name the token gave, with the desk unless it says it)."""
    base = name or agency_code
    return base if f"bàn {desk}" in base else f"{base} — bàn {desk}"


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

    @property
    def label(self) -> str:
        short = station_label(self.name, self.agency_code, self.desk)
        return short if self.agency_code in short else f"{short} ({self.agency_code})"


@dataclass
class Overview:
    day: date
    rows: list[StationRow] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.rows)


def _station_rows(
    conn: Connection, user: WebUser, now: datetime, stale_after: timedelta, station_id: int | None = None
) -> list[StationRow]:
    query = (
        select(
            stations.c.id,
            stations.c.name,
            stations.c.agency_code,
            stations.c.desk,
            stations.c.last_seen_at,
            stations.c.build,
        )
        .where(in_scope(user), stations.c.revoked_at.is_(None))
        .order_by(stations.c.agency_code, stations.c.desk)
    )
    if station_id is not None:
        query = query.where(stations.c.id == station_id)
    rows = []
    for s in conn.execute(query):
        seen = datetime.fromisoformat(s.last_seen_at).astimezone(VN_TZ) if s.last_seen_at else None
        stale = seen is None or now - seen > stale_after
        rows.append(
            StationRow(s.id, s.name, s.agency_code, s.desk, last_seen_at=seen, build=s.build, stale=stale)
        )
    return rows


def station_rows(
    engine: Engine, user: WebUser, now: datetime, stale_after: timedelta, station_id: int
) -> list[StationRow]:
    """The one station of the user's scope (an empty list when it is outside or unknown)."""
    with engine.connect() as conn:
        return _station_rows(conn, user, now, stale_after, station_id)


def overdue_where(now: datetime) -> Any:
    d = dossiers.c
    return and_(d.status.in_(RUNNING), d.due_at != "", d.due_at < now.isoformat())


def overview(engine: Engine, user: WebUser, now: datetime, stale_after: timedelta = STALE_AFTER) -> Overview:
    """Per station of the user's scope: received today and this month, supplement requests and late
    returns this month, overdue now, last contact and build; stations silent too long flagged.

    Two statements after the stations': the month's sums with today's received beside them (today is a
    day of the month), and the overdue counts; each picks the scope's stations by a subquery, not a list
    of their ids (a province's thousand ids would be a thousand parameters to render and bind). A station
    enrolled between the statements is left out, as it is from the stations' rows."""
    today = now.date().isoformat()
    first = now.date().replace(day=1).isoformat()
    found = Overview(now.date())
    with engine.connect() as conn:
        found.rows = _station_rows(conn, user, now, stale_after)
        by_id = {r.station_id: r for r in found.rows}
        if not by_id:
            return found
        scoped = select(stations.c.id).where(in_scope(user), stations.c.revoked_at.is_(None))
        t = tally.c
        month = conn.execute(
            select(
                t.station_id,
                func.sum(t.received),
                func.sum(t.supplement_requested),
                func.sum(t.returned_late),
                func.sum(case((t.day == today, t.received), else_=0)),
            )
            .where(t.station_id.in_(scoped), t.day >= first, t.day <= today)
            .group_by(t.station_id)
        )
        for station_id, received, supplement, late, received_today in month:
            row = by_id.get(station_id)
            if row is not None:
                row.received_month, row.supplement_month, row.returned_late_month = received, supplement, late
                row.received_today = received_today
        d = dossiers.c
        overdue = conn.execute(
            select(d.station_id, func.count())
            .where(overdue_where(now), d.station_id.in_(scoped))
            .group_by(d.station_id)
        )
        for station_id, count in overdue:
            if station_id in by_id:
                by_id[station_id].overdue = count
    return found


_NAMES: dict[str, dict[str, str]] = {}  # by the catalogue's content hash ("" the one shipped): parsed once


def procedure_names(conn: Connection) -> dict[str, str]:
    """Procedures' names by code: from the catalogue last published to the desks, else the one shipped.
    Only the latest version's hash is asked each time; a catalogue is parsed once (a copy is returned)."""
    docs = reference_documents.c
    latest = conn.execute(
        select(docs.version, docs.content_hash)
        .where(docs.kind == "catalogue")
        .order_by(docs.version.desc())
        .limit(1)
    ).first()
    key = latest.content_hash if latest else ""
    if key not in _NAMES:
        if latest:
            content = conn.execute(
                select(docs.content).where(docs.kind == "catalogue", docs.version == latest.version)
            ).scalar_one()
        else:
            from desk_app.locator import resource

            content = resource("catalogue", "procedures.json").read_text(encoding="utf-8")
        procedures = json.loads(content).get("procedures", [])
        _NAMES[key] = {
            str(p["code"]): str(p["name"])
            for p in procedures
            if isinstance(p, dict) and "code" in p and "name" in p
        }
    return dict(_NAMES[key])


def _name(conn: Connection, rows: list[ProcedureRow], where: Any) -> None:
    """Give each row its procedure's name: the catalogue's, else the one its dossiers received in the
    period carry (``where``: through the ``(station_id, received_at)`` index, never the whole table)."""
    names = procedure_names(conn)
    missing = [r.code for r in rows if r.code not in names]
    if missing:
        d = dossiers.c
        query = select(d.procedure_code, func.max(d.procedure_name)).where(
            where, d.procedure_code.in_(missing)
        )
        names.update(dict(conn.execute(query.group_by(d.procedure_code)).all()))
    for row in rows:
        row.name = names.get(row.code) or ""


def _by_procedure(conn: Connection, where: Any) -> list[ProcedureRow]:
    t = tally.c
    sums = [func.sum(t[name]) for name in TALLY_COUNTS]
    rows = conn.execute(
        select(t.procedure_code, *sums)
        .where(where)
        .group_by(t.procedure_code)
        .order_by(func.sum(t.received).desc(), t.procedure_code)
    )
    return [
        ProcedureRow(code, "", dict(zip(TALLY_COUNTS, (int(v or 0) for v in values), strict=True)))
        for code, *values in rows
    ]


@dataclass
class ScopeProcedures:
    period: Period
    rows: list[ProcedureRow]

    def total(self, name: str) -> int:
        return sum(r.counts.get(name, 0) for r in self.rows)


def scope_procedures(engine: Engine, user: WebUser, when: Period) -> ScopeProcedures:
    """The whole scope's figures by procedure over the period (the tally of its stations)."""
    with engine.connect() as conn:
        ids = select(stations.c.id).where(in_scope(user), stations.c.revoked_at.is_(None))
        t = tally.c
        rows = _by_procedure(
            conn, and_(t.station_id.in_(ids), t.day >= when.lo, t.day <= when.last.isoformat())
        )
        received = and_(dossiers.c.received_at >= when.lo, dossiers.c.received_at < when.hi)
        _name(conn, rows, and_(dossiers.c.station_id.in_(ids), received))
    return ScopeProcedures(when, rows)


@dataclass
class ProcedureRow:
    code: str
    name: str
    counts: dict[str, int]


@dataclass
class StationPage:
    station: StationRow
    period: Period
    by_procedure: list[ProcedureRow]
    by_hour: list[tuple[int, int]]  # (hour, received), the hours with any
    by_officer: list[tuple[str, int]]  # (officer, received), most first
    trend: list[tuple[date, int, int]]  # (day, received, returned), the 30 days to the period's end

    def total(self, name: str) -> int:
        return sum(r.counts.get(name, 0) for r in self.by_procedure)

    @property
    def trend_top(self) -> int:
        return max([1, *(max(received, returned) for _d, received, returned in self.trend)])


def station_page(
    engine: Engine,
    user: WebUser,
    station_id: int,
    when: Period,
    now: datetime,
    stale_after: timedelta = STALE_AFTER,
) -> StationPage | None:
    """A station's figures over the period: by procedure (the tally), by hour and by officer (its
    dossiers received in the period), and received/returned per day over the 30 days to the period's
    end; None for a station outside the user's scope or unknown."""
    t, d = tally.c, dossiers.c
    with engine.connect() as conn:
        found = _station_rows(conn, user, now, stale_after, station_id)
        if not found:
            return None
        station = found[0]
        station.overdue = conn.execute(
            select(func.count()).select_from(dossiers).where(overdue_where(now), d.station_id == station_id)
        ).scalar_one()
        in_period = and_(t.station_id == station_id, t.day >= when.lo, t.day <= when.last.isoformat())
        by_procedure = _by_procedure(conn, in_period)
        _name(
            conn,
            by_procedure,
            and_(d.station_id == station_id, d.received_at >= when.lo, d.received_at < when.hi),
        )
        received = and_(d.station_id == station_id, d.received_at >= when.lo, d.received_at < when.hi)
        hour = func.substr(d.received_at, 12, 2)
        by_hour = sorted(
            (int(h), n)
            for h, n in conn.execute(select(hour, func.count()).where(received).group_by(hour))
            if h and h.isdigit()
        )
        by_officer = [
            (officer or "(không ghi)", n)
            for officer, n in conn.execute(
                select(d.officer, func.count())
                .where(received)
                .group_by(d.officer)
                .order_by(func.count().desc(), d.officer)
            )
        ]
        start = when.last - timedelta(days=TREND_DAYS - 1)
        daily = {
            day: (int(r or 0), int(b or 0))
            for day, r, b in conn.execute(
                select(t.day, func.sum(t.received), func.sum(t.returned))
                .where(t.station_id == station_id, t.day >= start.isoformat(), t.day <= when.last.isoformat())
                .group_by(t.day)
            )
        }
    trend = []
    for i in range(TREND_DAYS):
        day = start + timedelta(days=i)
        r, b = daily.get(day.isoformat(), (0, 0))
        trend.append((day, r, b))
    return StationPage(station, when, by_procedure, by_hour, by_officer, trend)
