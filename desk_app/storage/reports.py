"""The read queries of the supervisor's dashboard and of the register book (Sổ theo dõi hồ sơ).

All aggregate in SQL over indexes (``received_at``; ``status, due_at``; events ``kind, at``; the outbox's
``state``) so that a day or a month stays fast on a million dossiers. Times are bound as Vietnam-time
datetimes (the column type converts); the hour of receipt is read from the stored local text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, and_, func, select
from sqlalchemy.sql import ColumnElement

from desk_app.storage.schema import dossier_events, dossiers, outbox, procedures

d, e = dossiers.c, dossier_events.c
RUNNING = ("received", "transferred")  # the statuses whose clock runs
COUNTED_EVENTS = ("request-supplement", "refuse", "extend", "return")


def _received(lo: datetime, hi: datetime) -> ColumnElement[bool]:
    return and_(d.received_at >= lo, d.received_at < hi, d.status != "voided")


class ReportRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def intake(self, lo: datetime, hi: datetime) -> list[tuple[str, str, str, int, int]]:
        """(channel, procedure code, officer, hour, count) of the dossiers received in [lo, hi), voided
        ones left out (entered by mistake)."""
        hour = func.substr(d.received_at, 12, 2, type_=String)  # "2026-11-29 09:30:00…" → "09"
        query = (
            select(d.channel, d.procedure_code, d.officer, hour, func.count())
            .where(_received(lo, hi))
            .group_by(d.channel, d.procedure_code, d.officer, hour)
        )
        return [(c, p, o, int(h), int(n)) for c, p, o, h, n in self.conn.execute(query)]

    def procedure_names(self, codes: list[str], lo: datetime, hi: datetime) -> dict[str, str]:
        """Names of procedures: the catalogue's, else (a procedure since removed) as a dossier of the range
        recorded it — never a scan of the whole table (procedure_code has no index)."""
        if not codes:
            return {}
        found = dict(
            self.conn.execute(
                select(procedures.c.code, procedures.c.name).where(procedures.c.code.in_(codes))
            ).all()
        )
        for code in set(codes) - set(found):
            query = select(d.procedure_name).where(_received(lo, hi), d.procedure_code == code).limit(1)
            found[code] = self.conn.scalar(query) or ""
        return {str(k): str(v) for k, v in found.items()}

    def actions(self, lo: datetime, hi: datetime) -> dict[str, tuple[int, int]]:
        """Per event kind: (dossiers with such an event in [lo, hi), of which late — for returns, the
        result came back after the due time, as the return event recorded it).

        Counted on the events' (kind, at, dossier_id) index alone, voided dossiers' ids taken from the
        status index; only the returns are read whole, for their "late" mark."""
        voided = select(d.id).where(d.status == "voided").scalar_subquery()
        in_range = and_(e.at >= lo, e.at < hi, e.dossier_id.not_in(voided))
        query = (
            select(e.kind, func.count(func.distinct(e.dossier_id)))
            .where(e.kind.in_(COUNTED_EVENTS), in_range)
            .group_by(e.kind)
        )
        counts = {kind: int(n) for kind, n in self.conn.execute(query)}
        late = select(func.count(func.distinct(e.dossier_id))).where(
            e.kind == "return", in_range, func.json_extract(e.data, "$.late") == 1
        )
        n_late = int(self.conn.scalar(late) or 0) if counts.get("return") else 0
        return {kind: (n, n_late if kind == "return" else 0) for kind, n in counts.items()}

    def running_due(self, lo: datetime, hi: datetime) -> int:
        """Dossiers whose clock runs and whose due time falls in [lo, hi)."""
        query = select(func.count()).where(d.status.in_(RUNNING), d.due_at >= lo, d.due_at < hi)
        return int(self.conn.scalar(query) or 0)

    def overdue(self, at: datetime) -> int:
        query = select(func.count()).where(d.status.in_(RUNNING), d.due_at < at)
        return int(self.conn.scalar(query) or 0)

    def unsynced(self) -> int:
        """Dossiers with something the central server has not acknowledged (the dossier, an event, a scan)."""
        query = select(func.count(func.distinct(outbox.c.dossier_uuid))).where(
            outbox.c.state.in_(("queued", "sending", "attention"))
        )
        return int(self.conn.scalar(query) or 0)

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
                ids = ids.where(func.json_extract(e.data, "$.late") == 1)
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
            "due_today": and_(d.status.in_(RUNNING), d.due_at >= due_from, d.due_at < hi),
            "overdue": and_(d.status.in_(RUNNING), d.due_at < ref),
        }[figure]
        return self.listing(where, limit)

    # --- the register book ------------------------------------------------------------------------
    def register(self, lo: datetime, hi: datetime) -> Iterator[dict[str, Any]]:
        """The book's rows for dossiers received in [lo, hi), voided ones included (the book keeps every
        number), in book and number order, with the times of their hand-offs."""

        def first(kind: str) -> Any:
            return (
                select(func.min(e.at))
                .where(e.dossier_id == d.id, e.kind == kind)
                .scalar_subquery()
                .label(kind)
            )

        def reason(kind: str) -> Any:
            return (
                select(e.reason).where(e.dossier_id == d.id, e.kind == kind).order_by(e.at.desc()).limit(1)
                .scalar_subquery().label(f"{kind}_reason")
            )  # fmt: skip

        query = (
            select(
                d.register_book,
                d.register_number,
                d.code,
                d.procedure_name,
                d.sets,
                d.applicant_name,
                d.applicant_address,
                d.applicant_phone,
                d.channel,
                d.received_at,
                d.due_at,
                d.status,
                d.result_received_at,
                d.note,
                first("transfer"),
                first("return"),
                reason("refuse"),
                reason("void"),
            )
            .where(d.received_at >= lo, d.received_at < hi)
            .order_by(
                func.substr(d.received_at, 1, 4, type_=String),
                d.register_book,
                d.register_number,
                d.received_at,
            )
        )
        for row in self.conn.execute(query).mappings():
            yield dict(row)
