"""The read queries of the supervisor's dashboard and of the register book (Sổ theo dõi hồ sơ).

All aggregate in SQL over indexes or the intake tally (``intake_tally``, kept by triggers; ``status,
due_at``; the events' steps index; the outbox's ``state``) so that a day or a month stays fast on a
million dossiers. Times are bound as Vietnam-time
datetimes (the column type converts); the hour of receipt is read from the stored local text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, and_, case, cast, func, literal_column, select, type_coerce
from sqlalchemy.sql import ColumnElement

from desk_app.domain.model import VN_TZ
from desk_app.storage.schema import dossier_events, dossiers, intake_tally, outbox, procedures

d, e = dossiers.c, dossier_events.c
RUNNING = ("received", "transferred")  # the statuses whose clock runs
#: the statuses a dossier due on a day is counted in as "due that day": its clock ran, or it was done
DUE_COUNTED = ("received", "transferred", "result_received", "returned")
#: the events that change a dossier after its receipt (each records the status it left, ``from_status``)
_CHANGES = ("request-supplement", "supplemented", "transfer", "result-received", "return", "refuse",
            "extend", "void")  # fmt: skip
_DUE_CHANGES = ("supplemented", "extend")  # each records the due time it replaced, ``previous_due``
COUNTED_EVENTS = ("request-supplement", "refuse", "extend", "return")


#: the late mark of a return, written as the steps index has it (an expression index matches only the
#: same expression, the path a literal — not a bound parameter)
_LATE = func.json_extract(e.data, literal_column("'$.late'"))


def _received(lo: datetime, hi: datetime) -> ColumnElement[bool]:
    return and_(d.received_at >= lo, d.received_at < hi, d.status != "voided")


def _local(text: str | None) -> datetime | None:
    """An ISO time with its offset (an event's data) as Vietnam local time without one, as the book's."""
    if not text:
        return None
    return datetime.fromisoformat(text).astimezone(VN_TZ).replace(tzinfo=None)


_State = tuple[str, datetime]  # (status, due time)


def _due_now(day_lo: datetime, day_hi: datetime) -> ColumnElement[bool]:
    return and_(d.status.in_(DUE_COUNTED), d.due_at >= day_lo, d.due_at < day_hi)


def _overdue_now(ref: datetime) -> ColumnElement[bool]:
    return and_(d.status.in_(RUNNING), d.due_at < ref)


def _is_due(state: _State, day_lo: datetime, day_hi: datetime) -> int:
    """The Python twin of the due-that-day rule (status counted and due time in the day)."""
    status, due_at = state
    return int(status in DUE_COUNTED and day_lo <= due_at < day_hi)


def _is_overdue(state: _State, ref: datetime) -> int:
    status, due_at = state
    return int(status in RUNNING and due_at < ref)


class RegisterEntry(NamedTuple):
    """A line of the register book as stored; times are Vietnam local time (naive)."""

    register_book: int | None
    register_number: int | None
    code: str
    procedure_name: str
    sets: int
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    channel: str
    status: str
    note: str
    received_at: datetime
    due_at: datetime
    result_received_at: datetime | None
    transferred_at: datetime | None  # the first transfer
    returned_at: datetime | None  # the first return
    refuse_reason: str | None  # the latest
    void_reason: str | None
    procedure_code: str
    first_due_at: datetime | None  # before the (only) extension: the due time first promised
    stop_reason: str | None  # why its processing was stopped (Mẫu 05)


class ReportRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def intake(self, lo: datetime, hi: datetime) -> list[tuple[str, str, str, int, int, str | None]]:
        """(channel, procedure code, officer, hour, count, the procedure's name in the catalogue or None)
        of the dossiers received in [lo, hi) — whole days — voided ones left out (entered by mistake):
        summed from the intake tally (storage/tally.py)."""
        t = intake_tally.c
        query = (
            select(t.channel, t.procedure_code, t.officer, t.hour, func.sum(t.n), procedures.c.name)
            .outerjoin(procedures, procedures.c.code == t.procedure_code)
            .where(t.day >= lo.date().isoformat(), t.day < hi.date().isoformat())
            .group_by(t.channel, t.procedure_code, t.officer, t.hour)
            .having(func.sum(t.n) > 0)
        )
        return [(c, p, o, int(h), int(n), name) for c, p, o, h, n, name in self.conn.execute(query)]

    def removed_procedure_names(self, codes: list[str], lo: datetime, hi: datetime) -> dict[str, str]:
        """Names of procedures no longer in the catalogue, as a dossier of the range recorded them —
        never a scan of the whole table (procedure_code has no index)."""
        found: dict[str, str] = {}
        for code in codes:
            query = select(d.procedure_name).where(_received(lo, hi), d.procedure_code == code).limit(1)
            found[code] = self.conn.scalar(query) or ""
        return {str(k): str(v) for k, v in found.items()}

    def actions(self, lo: datetime, hi: datetime) -> dict[str, tuple[int, int]]:
        """Per event kind: (dossiers with such an event in [lo, hi), of which late — for returns, the
        result came back after the due time, as the return event recorded it).

        One query on the events' steps index alone (kind, at, dossier_id, the late mark), voided
        dossiers' ids taken from the status index. A dossier is returned or refused at most once (both
        are final statuses), so those are plain counts; supplement requests and extensions may repeat
        and are counted per dossier."""
        voided = select(d.id).where(d.status == "voided").scalar_subquery()
        repeated = e.kind.in_(("request-supplement", "extend"))
        query = (
            select(
                e.kind,
                func.count(),
                func.count(func.distinct(case((repeated, e.dossier_id)))),
                func.coalesce(func.sum(case((and_(e.kind == "return", _LATE == 1), 1), else_=0)), 0),
            )
            .where(e.kind.in_(COUNTED_EVENTS), e.at >= lo, e.at < hi, e.dossier_id.not_in(voided))
            .group_by(e.kind)
        )
        return {
            str(kind): (int(per_dossier if kind in ("request-supplement", "extend") else n), int(late))
            for kind, n, per_dossier, late in self.conn.execute(query)
        }

    def clocks(self, day_lo: datetime, day_hi: datetime, ref: datetime) -> tuple[int, int, int]:
        """The day's figures as they stood at ``ref`` (the end of the day, or now): (dossiers due in
        [day_lo, day_hi) whose clock ran or that were done by then, dossiers whose clock ran at ``ref``
        with their due time passed — overdue, dossiers with something the central server has not
        acknowledged, always now).

        The dossiers' columns say how they stand now; those changed after ``ref`` are taken as they stood
        then (the first event after ``ref`` says the status it left, and the first supplement or
        extension after it the due time it replaced) — so a day counted next month reads as it did that
        evening. For ``ref`` now nothing changed since: two range scans of the status index."""
        unsynced = self.conn.scalar(
            select(func.count(func.distinct(outbox.c.dossier_uuid))).where(
                outbox.c.state.in_(("queued", "sending", "attention"))
            )
        )
        counted = [  # each on the (status, due time) index: the day's due times, the running ones
            self.conn.scalar(select(func.count()).where(rule, d.received_at <= ref)) or 0
            for rule in (_due_now(day_lo, day_hi), _overdue_now(ref))
        ]
        due_now, overdue_now = counted
        due, overdue = int(due_now), int(overdue_now)
        for now_state, then_state in self._changed_since(ref).values():
            due += _is_due(then_state, day_lo, day_hi) - _is_due(now_state, day_lo, day_hi)
            overdue += _is_overdue(then_state, ref) - _is_overdue(now_state, ref)
        return due, overdue, int(unsynced or 0)

    def _changed_since(self, ref: datetime) -> dict[int, tuple[_State, _State]]:
        """(now, at ``ref``) of each dossier received by ``ref`` and changed after it.

        One statement finds, per such dossier, its first change after ``ref`` and its first change of due
        time (the events' steps index, each joined to its dossier by row id: only the dossiers open at
        ``ref`` come back); then just those events are read whole."""
        stamp = type_coerce(e.at, String).concat("#").concat(cast(e.id, String))
        query = (
            select(
                e.dossier_id,
                d.status,
                d.due_at,
                func.min(stamp),
                func.min(case((e.kind.in_(_DUE_CHANGES), stamp))),
            )
            .join(dossiers, d.id == e.dossier_id)
            .where(e.kind.in_(_CHANGES), e.at > ref, d.received_at <= ref)
            .group_by(e.dossier_id)
        )
        found = [(i, status, due_at, int(first.rsplit("#", 1)[1]), due and int(due.rsplit("#", 1)[1]))
                 for i, status, due_at, first, due in self.conn.execute(query)]  # fmt: skip
        wanted = [x for row in found for x in row[3:] if x]
        data: dict[int, dict[str, Any]] = {}
        for start in range(0, len(wanted), 500):
            rows = self.conn.execute(select(e.id, e.data).where(e.id.in_(wanted[start : start + 500])))
            data.update((i, json.loads(text or "{}")) for i, text in rows)
        out: dict[int, tuple[_State, _State]] = {}
        for dossier_id, status, due_at, first_id, due_id in found:
            left = str(data.get(first_id, {}).get("from_status") or status)
            previous = data.get(due_id, {}).get("previous_due") if due_id else None
            then_due = datetime.fromisoformat(previous) if previous else due_at
            out[dossier_id] = ((status, due_at), (left, then_due))
        return out

    # --- the lists behind the figures -------------------------------------------------------------
    LIST_COLUMNS = (d.code, d.applicant_name, d.procedure_name, d.channel, d.received_at, d.due_at,
                    d.status, d.officer)  # fmt: skip

    def listing(self, where: ColumnElement[bool], limit: int) -> list[dict[str, Any]]:
        query = select(*self.LIST_COLUMNS).where(where).order_by(d.received_at).limit(limit)
        return [dict(r) for r in self.conn.execute(query).mappings()]

    def behind(
        self, figure: str, lo: datetime, hi: datetime, due_from: datetime, ref: datetime, key: str, limit: int
    ) -> list[dict[str, Any]]:
        """The dossiers behind a dashboard figure (see :mod:`desk_app.services.reports`)."""
        events = {"supplement_requested": "request-supplement", "refused": "refuse", "extended": "extend",
                  "returned": "return", "returned_late": "return"}  # fmt: skip
        if figure in events:
            ids = select(e.dossier_id).where(e.kind == events[figure], e.at >= lo, e.at < hi)
            if figure == "returned_late":
                ids = ids.where(_LATE == 1)
            return self.listing(and_(d.id.in_(ids), d.status != "voided"), limit)
        if figure == "unsynced":
            uuids = select(outbox.c.dossier_uuid).where(
                outbox.c.state.in_(("queued", "sending", "attention"))
            )
            return self.listing(d.uuid.in_(uuids), limit)
        received = _received(lo, hi)
        hour = func.substr(d.received_at, 12, 2, type_=String)
        where = {
            "received": received,
            "walk_in": and_(received, d.channel == "walk_in"),
            "post": and_(received, d.channel == "post"),
            "procedure": and_(received, d.procedure_code == key),
            "officer": and_(received, d.officer == key),
            "hour": and_(received, hour == key.zfill(2)),
        }.get(figure)
        if where is not None:
            return self.listing(where, limit)
        return self._as_of(figure, due_from, hi, ref, limit)

    def _as_of(
        self, figure: str, day_lo: datetime, day_hi: datetime, ref: datetime, limit: int
    ) -> list[dict[str, Any]]:
        """The dossiers due that day, or overdue, as they stood at ``ref`` (see :meth:`clocks`)."""
        if figure == "due_today":
            now_rule, then_rule = _due_now(day_lo, day_hi), lambda s: _is_due(s, day_lo, day_hi)
        else:
            now_rule, then_rule = _overdue_now(ref), lambda s: _is_overdue(s, ref)
        changed = self._changed_since(ref)
        query = select(d.id, *self.LIST_COLUMNS).where(now_rule, d.received_at <= ref).order_by(d.received_at)
        rows = [dict(r) for r in self.conn.execute(query).mappings() if r["id"] not in changed]
        then = [i for i, (_now, was) in changed.items() if then_rule(was)]
        for start in range(0, len(then), 500):
            batch = select(d.id, *self.LIST_COLUMNS).where(d.id.in_(then[start : start + 500]))
            rows += [dict(r) for r in self.conn.execute(batch).mappings()]
        rows.sort(key=lambda r: r["received_at"])
        return [{k: v for k, v in r.items() if k != "id"} for r in rows[:limit]]

    # --- the register book ------------------------------------------------------------------------
    REGISTER_BATCH = 2000
    HAND_OFFS = ("transfer", "return", "refuse", "void", "extend", "stop")

    def register(self, lo: datetime, hi: datetime) -> Iterator[RegisterEntry]:
        """The book's entries for dossiers received in [lo, hi), voided ones included (the book keeps every
        number), in book and number order.

        The dossiers are read in batches and each batch's hand-off events in one query on the events'
        ``dossier_id`` index — a correlated subquery per row would let SQLite walk the steps index
        instead, minutes for a month of a million-dossier station. Times are read as the stored text
        and parsed by ``datetime.fromisoformat`` (a tenth of the column type's cost on 90,000 rows)."""
        times = (d.received_at, d.due_at, d.result_received_at)
        query = (
            select(
                d.id,
                d.register_book,
                d.register_number,
                d.code,
                d.procedure_name,
                d.sets,
                d.applicant_name,
                d.applicant_address,
                d.applicant_phone,
                d.channel,
                d.status,
                d.note,
                *(type_coerce(c, String).label(c.name) for c in times),
                d.procedure_code,
            )
            .where(d.received_at >= lo, d.received_at < hi)
            .order_by(
                func.substr(d.received_at, 1, 4, type_=String),
                d.register_book,
                d.register_number,
                d.received_at,
            )
        )
        result = self.conn.execute(query)
        parse = datetime.fromisoformat
        none: tuple[str | None, ...] = (None, None, None, None, None, None)
        while batch := result.fetchmany(self.REGISTER_BATCH):
            steps = self._hand_offs([row[0] for row in batch])
            for row in batch:
                transfer, returned, refused, voided, first_due, stopped = steps.get(row[0], none)
                yield RegisterEntry._make((
                    *row[1:12], parse(row[12]), parse(row[13]), row[14] and parse(row[14]),
                    transfer and parse(transfer), returned and parse(returned), refused, voided, row[15],
                    _local(first_due), stopped,
                ))  # fmt: skip

    def _hand_offs(self, ids: list[int]) -> dict[int, tuple[str | None, ...]]:
        """Per dossier: the first transfer and return times (stored text), the latest refusal and voiding
        reasons, and the due time before the first extension (``previous_due`` of its data)."""
        query = (
            select(e.dossier_id, e.kind, type_coerce(e.at, String), e.reason, e.data)
            # ``kind || ''``: not the steps index (SQLite's choice otherwise: every such event)
            .where(e.dossier_id.in_(ids), e.kind.concat(literal_column("''")).in_(self.HAND_OFFS))
            .order_by(e.dossier_id, e.at)
        )
        found: dict[int, list[str | None]] = {}
        slot = {kind: i for i, kind in enumerate(self.HAND_OFFS)}
        for dossier_id, kind, at, reason, data in self.conn.execute(query):
            steps = found.setdefault(dossier_id, [None, None, None, None, None, None])
            i = slot[kind]
            if i < 2:
                if steps[i] is None:
                    steps[i] = at  # the first
            elif i == 4:
                if steps[i] is None and data:
                    steps[i] = json.loads(data).get("previous_due")  # the first extension's
            else:
                steps[i] = reason  # the latest
        return {k: tuple(v) for k, v in found.items()}
