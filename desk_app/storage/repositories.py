"""Repositories over one SQLAlchemy connection: the only place that writes SQL for dossiers.

Searches use the indexes only: equality or prefix ranges on code, ID number and the folded name
key, so they stay in milliseconds on a million dossiers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update

from desk_app.domain.catalogue import Procedure, parse_catalogue, procedure_to_dict
from desk_app.domain.errors import NotFound
from desk_app.domain.model import (
    VN_TZ,
    Applicant,
    ApplicantKind,
    DocumentForm,
    DossierEvent,
    Representative,
    Sex,
    SubmittedDocument,
)
from desk_app.domain.records import DossierRecord, DossierSummary, EventRecord, ListCursor, PostalInfo
from desk_app.storage import tally
from desk_app.storage.scans import attachments_of
from desk_app.storage.schema import (
    daily_counters,
    dossier_documents,
    dossier_events,
    dossiers,
    handover_records,
    postal_items,
    procedures,
    register_counters,
)

_SUMMARY_COLUMNS = (
    dossiers.c.id,
    dossiers.c.code,
    dossiers.c.applicant_name,
    dossiers.c.applicant_id_number,
    dossiers.c.procedure_code,
    dossiers.c.procedure_name,
    dossiers.c.channel,
    dossiers.c.status,
    dossiers.c.received_at,
    dossiers.c.due_at,
)


def _store_datetime(value: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime stores, in Vietnam time (see schema.VnDateTime)."""
    if value.tzinfo is not VN_TZ:
        value = value.astimezone(VN_TZ)
    return value.isoformat(" ", "microseconds")[:26]  # strftime's text, without the "+07:00"; faster


_STORE: dict[str, Callable[[Any], Any]] = {
    "VnDateTime": _store_datetime,
    "Date": date.isoformat,
    "Boolean": int,
}


def _summary(row: Sequence[Any]) -> DossierSummary:
    return DossierSummary._make(row)


# Statements on the path of every save and look-up, built once (building one costs more than running it)
_ADD_DOSSIER = insert(dossiers)
_dc, _d, _dd, _de = daily_counters.c, dossiers.c, dossier_documents.c, dossier_events.c
_LAST_SEQ = select(_dc.last_seq).where(_dc.day == bindparam("day"), _dc.block_first == bindparam("block"))
_SET_SEQ = (
    update(daily_counters)
    .where(_dc.day == bindparam("b_day"), _dc.block_first == bindparam("b_block"))
    .values(last_seq=bindparam("b_seq"))
)
_BY_FINGERPRINT = select(_d.code).where(_d.fingerprint == bindparam("fingerprint"))
_BY_CODE = select(dossiers).where(_d.code == bindparam("code"))
_DOCUMENTS = (
    select(_dd.name, _dd.copies, _dd.form).where(_dd.dossier_id == bindparam("id")).order_by(_dd.position)
)
_EVENTS = (
    select(_de.uuid, _de.kind, _de.at, _de.actor, _de.reason, _de.data)
    .where(_de.dossier_id == bindparam("id"))
    .order_by(_de.at, _de.id)
)
_OWNER = select(_d.uuid, _d.status).where(_d.id == bindparam("id"))
_ADD_EVENT = insert(dossier_events)
_rc = register_counters.c
_LAST_REGISTER = select(_rc.last_number).where(_rc.year == bindparam("year"), _rc.book == bindparam("book"))
_SET_REGISTER = (
    update(register_counters)
    .where(_rc.year == bindparam("b_year"), _rc.book == bindparam("b_book"))
    .values(last_number=bindparam("b_number"))
)


@functools.lru_cache(maxsize=512)
def _parse_procedure(data: str) -> Procedure:
    """A stored procedure's JSON, parsed once (Procedure is frozen, so it is safe to share): an intake
    reads its procedure on every save."""
    return parse_catalogue({"version": "station", "procedures": [json.loads(data)]})[0]


class DossierRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- numbering -------------------------------------------------------------------------------
    def last_sequence(self, day: date, block_first: int) -> int | None:
        """The last number this desk's block gave out on ``day`` (None: none yet)."""
        return self.conn.scalar(_LAST_SEQ, {"day": day, "block": block_first})

    def set_last_sequence(self, day: date, block_first: int, seq: int, existed: bool) -> None:
        if existed:
            self.conn.execute(_SET_SEQ, {"b_day": day, "b_block": block_first, "b_seq": seq})
        else:
            self.conn.execute(insert(daily_counters).values(day=day, block_first=block_first, last_seq=seq))

    # --- writes ----------------------------------------------------------------------------------
    def code_for_uuid(self, uuid: str) -> str | None:
        return self.conn.scalar(select(dossiers.c.code).where(dossiers.c.uuid == uuid))

    def has_event(self, uuid: str) -> bool:
        return self.conn.scalar(select(dossier_events.c.id).where(dossier_events.c.uuid == uuid)) is not None

    def code_for_fingerprint(self, fingerprint: str) -> str | None:
        return self.conn.scalar(_BY_FINGERPRINT, {"fingerprint": fingerprint})

    def add(self, values: dict[str, Any], documents: Sequence[SubmittedDocument]) -> int:
        inserted = self.conn.execute(_ADD_DOSSIER, values).inserted_primary_key  # one statement, reused
        assert inserted is not None
        dossier_id = int(inserted[0])
        if documents:
            self.conn.execute(
                insert(dossier_documents),
                [
                    {
                        "dossier_id": dossier_id,
                        "position": i,
                        "name": d.name,
                        "copies": d.copies,
                        "form": d.form.value,
                    }
                    for i, d in enumerate(documents, start=1)
                ],
            )
        return dossier_id

    def add_event(self, dossier_id: int, event: DossierEvent, data: dict[str, Any] | None = None) -> None:
        """Record an event of the dossier's history (what goes to the server is :mod:`desk_app.sync.outbox`'s
        decision, not this repository's)."""
        self.conn.execute(
            _ADD_EVENT,
            {"uuid": event.uuid, "dossier_id": dossier_id, "kind": event.kind, "at": event.at,
             "actor": event.actor, "reason": event.reason,
             "data": json.dumps(data or {}, ensure_ascii=False)},
        )  # fmt: skip

    def owner(self, dossier_id: int) -> tuple[str, str]:
        """(uuid, status) of dossier ``dossier_id``."""
        row = self.conn.execute(_OWNER, {"id": dossier_id}).one()
        return str(row.uuid), str(row.status)

    # --- reads -----------------------------------------------------------------------------------
    def get(self, code: str) -> DossierRecord | None:
        row = self.conn.execute(_BY_CODE, {"code": code}).mappings().first()
        if row is None:
            return None
        dossier_id = row["id"]
        docs = self.conn.execute(_DOCUMENTS, {"id": dossier_id}).all()
        events = self.conn.execute(_EVENTS, {"id": dossier_id}).all()
        sex = row["applicant_sex"]
        return DossierRecord(
            id=dossier_id, uuid=row["uuid"], code=row["code"], procedure_code=row["procedure_code"],
            procedure_name=row["procedure_name"], channel=row["channel"], status=row["status"],
            received_at=row["received_at"], due_at=row["due_at"], due_provisional=row["due_provisional"],
            limit_value=row["limit_value"], limit_unit=row["limit_unit"], sets=row["sets"], fee=row["fee"],
            result_delivery=row["result_delivery"], note=row["note"],
            applicant=Applicant(
                full_name=row["applicant_name"], id_number=row["applicant_id_number"],
                birth_date=row["applicant_birth_date"], sex=Sex(sex) if sex else None,
                address=row["applicant_address"], phone=row["applicant_phone"], email=row["applicant_email"],
                kind=ApplicantKind(row["applicant_kind"]), passport_number=row["applicant_passport"],
                nationality=row["applicant_nationality"], registration_number=row["applicant_registration"],
                old_id_number=row["applicant_old_id"],
                representative=(
                    Representative(**json.loads(row["representative"])) if row["representative"] else None
                ),
            ),
            officer=row["officer"], desk=row["desk"],
            documents=tuple(SubmittedDocument(n, c, DocumentForm(f)) for n, c, f in docs),
            events=tuple(EventRecord(u, k, at, a, r, json.loads(d or "{}")) for u, k, at, a, r, d in events),
            extended=row["extended"], clock_started_at=row["clock_started_at"],
            supplement_requests=row["supplement_requests"],
            supplement_requested_at=row["supplement_requested_at"],
            result_received_at=row["result_received_at"], last_event_at=row["last_event_at"],
            register_book=row["register_book"], register_number=row["register_number"],
            postal=self._postal(dossier_id),
            form_set=row["form_set"],
            attachments=attachments_of(self.conn, dossier_id),
        )  # fmt: skip

    def _postal(self, dossier_id: int) -> PostalInfo | None:
        p, h = postal_items.c, handover_records.c
        row = self.conn.execute(
            select(p.item_number, h.number, h.signed_at, h.postal_worker, p.sender_address, p.return_by_post,
                   p.return_address, p.fee_paid, p.post_receipt_number, p.outgoing_item_number)
            .join_from(postal_items, handover_records, p.handover_id == h.id)
            .where(p.dossier_id == dossier_id)
        ).first()  # fmt: skip
        if row is None:
            return None
        item, number, signed, worker, sender, by_post, ret, fee, receipt, outgoing = row
        return PostalInfo(item, number, signed, worker, sender, by_post, ret, fee, receipt, outgoing)

    def id_of(self, code: str) -> int:
        found = self.conn.scalar(select(dossiers.c.id).where(dossiers.c.code == code))
        if found is None:
            raise NotFound(f"Không tìm thấy hồ sơ mã {code}")
        return int(found)

    def update_state(self, dossier_id: int, values: dict[str, Any]) -> None:
        """Write the life-cycle columns after a transition (status, due date, clocks, counters)."""
        self.conn.execute(update(dossiers).where(dossiers.c.id == dossier_id).values(**values))

    def set_outgoing_item(self, dossier_id: int, item_number: str) -> None:
        self.conn.execute(
            update(postal_items)
            .where(postal_items.c.dossier_id == dossier_id)
            .values(outgoing_item_number=item_number)
        )

    # --- register book and mail-in handover records ---------------------------------------------------
    def next_register_number(self, year: int, book: int) -> int:
        last = self.conn.scalar(_LAST_REGISTER, {"year": year, "book": book})
        if last is None:
            self.conn.execute(insert(register_counters).values(year=year, book=book, last_number=1))
            return 1
        self.conn.execute(_SET_REGISTER, {"b_year": year, "b_book": book, "b_number": last + 1})
        return int(last) + 1

    def handover(self, number: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            select(handover_records).where(handover_records.c.number == number)
        ).mappings()
        first = row.first()
        return dict(first) if first else None

    def add_handover(self, values: dict[str, Any]) -> int:
        inserted = self.conn.execute(insert(handover_records).values(**values)).inserted_primary_key
        assert inserted is not None
        return int(inserted[0])

    def add_postal(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(postal_items).values(**values))

    def handover_items(self, handover_id: int) -> list[dict[str, Any]]:
        """The dossiers a handover record carries, in the order they were entered."""
        p, d = postal_items.c, dossiers.c
        rows = self.conn.execute(
            select(p.item_number, p.sender_address, d.applicant_name, d.procedure_name, d.code, d.status,
                   d.note)
            .join_from(postal_items, dossiers, p.dossier_id == d.id)
            .where(p.handover_id == handover_id)
            .order_by(d.id)
        ).mappings()  # fmt: skip
        return [dict(r) for r in rows]

    def list_handovers(self, limit: int = 50) -> list[dict[str, Any]]:
        h = handover_records.c
        count = select(func.count()).where(postal_items.c.handover_id == h.id).scalar_subquery()
        rows = self.conn.execute(
            select(handover_records, count.label("items")).order_by(h.signed_at.desc()).limit(limit)
        ).mappings()
        return [dict(r) for r in rows]

    def list_page(
        self,
        start: datetime | None,
        end: datetime | None,
        after: ListCursor | None,
        limit: int,
        status: str | None = None,
        channel: str | None = None,
    ) -> list[DossierSummary]:
        """Dossiers received in [start, end), newest first, ``limit`` after the cursor, maybe filtered."""
        query = select(*_SUMMARY_COLUMNS)
        if status is not None:
            query = query.where(dossiers.c.status == status)
        if channel is not None:
            query = query.where(dossiers.c.channel == channel)
        if start is not None:
            query = query.where(dossiers.c.received_at >= start)
        if end is not None:
            query = query.where(dossiers.c.received_at < end)
        if after is not None:
            query = query.where(
                or_(
                    dossiers.c.received_at < after.received_at,
                    and_(dossiers.c.received_at == after.received_at, dossiers.c.id < after.id),
                )
            )
        query = query.order_by(dossiers.c.received_at.desc(), dossiers.c.id.desc()).limit(limit)
        return [_summary(r) for r in self.conn.execute(query)]

    def count_between(
        self,
        start: datetime | None,
        end: datetime | None,
        status: str | None = None,
        channel: str | None = None,
    ) -> int:
        query = select(func.count()).select_from(dossiers)
        if status is not None:
            query = query.where(dossiers.c.status == status)
        if channel is not None:
            query = query.where(dossiers.c.channel == channel)
        if start is not None:
            query = query.where(dossiers.c.received_at >= start)
        if end is not None:
            query = query.where(dossiers.c.received_at < end)
        return int(self.conn.scalar(query) or 0)

    # --- bulk loading (demo data, imports of history) ---------------------------------------------
    def max_sequence_by_day(self) -> dict[date, int]:
        rows = self.conn.execute(
            select(dossiers.c.seq_day, func.max(dossiers.c.seq)).group_by(dossiers.c.seq_day)
        )
        return {day: int(seq) for day, seq in rows}

    def bulk_insert(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        documents: Sequence[Sequence[Sequence[Any]]],
        later: Sequence[Sequence[Sequence[Any]]] = (),
    ) -> None:
        """Insert many dossiers fast: raw DBAPI ``executemany`` on tuples, with a 'received' event each.

        ``rows`` are tuples in ``columns`` order (no ``id``); ``documents[i]`` holds (position, name, copies,
        form) tuples for ``rows[i]``; ``later[i]`` the events after the receipt (uuid, kind, at, actor,
        reason, data JSON). Dates and times are converted here to the stored text format once. Event UUIDs
        are the new row id (first group), the event's number, and the rest of the dossier's random UUID.
        """
        first_id = int(self.conn.scalar(select(func.coalesce(func.max(dossiers.c.id), 0))) or 0) + 1
        convert = [_STORE.get(str(dossiers.c[name].type.__class__.__name__)) for name in columns]
        convert = [functools.lru_cache(maxsize=65536)(f) if f is not None else None for f in convert]
        at, actor, uid = columns.index("received_at"), columns.index("officer"), columns.index("uuid")
        out_rows, out_docs, out_events = [], [], []
        for offset, row in enumerate(rows):
            dossier_id = first_id + offset
            values = [
                f(v) if f is not None and v is not None else v for f, v in zip(convert, row, strict=True)
            ]
            out_rows.append((dossier_id, *values))
            out_docs += [(dossier_id, *d) for d in documents[offset]]
            # event UUIDs lead with the row id, so the unique index grows at its end (a random one costs a
            # B-tree page split on a million rows); the rest is the dossier's random UUID's
            tail = row[uid][13:]
            received = (
                f"{dossier_id:08x}-0000{tail}",
                dossier_id,
                "received",
                values[at],
                row[actor],
                "",
                "{}",
            )
            out_events.append(received)
            if later:
                out_events += [(f"{dossier_id:08x}-{j:04x}{tail}", dossier_id, k, _store_datetime(t), a, r, d)
                               for j, (_u, k, t, a, r, d) in enumerate(later[offset], start=1)]  # fmt: skip
        names = ", ".join(("id", *columns))
        marks = ", ".join("?" * (len(columns) + 1))
        self.conn.exec_driver_sql(f"INSERT INTO dossiers ({names}) VALUES ({marks})", out_rows)
        if out_docs:
            self.conn.exec_driver_sql(
                "INSERT INTO dossier_documents (dossier_id, position, name, copies, form) "
                "VALUES (?, ?, ?, ?, ?)",
                out_docs,
            )
        self.conn.exec_driver_sql(
            "INSERT INTO dossier_events (uuid, dossier_id, kind, at, actor, reason, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            out_events,
        )

    def begin_bulk_load(self) -> list[Any]:
        """Before a bulk load: drop the plain (non-unique) indexes of the dossier tables and the intake
        tally's triggers — building each index once afterwards is several times faster than growing it row
        by row; the indexes dropped, for :meth:`end_bulk_load`."""
        dropped = [ix for table in (dossiers, dossier_events, dossier_documents) for ix in table.indexes
                   if not ix.unique]  # fmt: skip
        for ix in dropped:  # by name: SQLAlchemy cannot reflect the expression index to check it
            self.conn.exec_driver_sql(f"DROP INDEX IF EXISTS {ix.name}")
        tally.drop_triggers(self.conn)
        return dropped

    def end_bulk_load(self, indexes: list[Any]) -> None:
        """After a bulk load: the indexes built again, the tally counted again and its triggers back."""
        for ix in indexes:
            ix.create(bind=self.conn)
        tally.rebuild(self.conn)
        tally.create_triggers(self.conn)

    def register_counters(self) -> dict[tuple[int, int], int]:
        """(year, book) → the last number given."""
        rc = register_counters.c
        return {
            (int(y), int(b)): int(n)
            for y, b, n in self.conn.execute(select(rc.year, rc.book, rc.last_number))
        }

    def set_register_counter(self, year: int, book: int, last: int) -> None:
        rc = register_counters.c
        where = (rc.year == year) & (rc.book == book)
        if self.conn.execute(update(register_counters).where(where).values(last_number=last)).rowcount == 0:
            self.conn.execute(insert(register_counters).values(year=year, book=book, last_number=last))

    def advance_counters(self, first: int, last: int) -> None:
        """Keep this desk's daily counters past every number of its block already used."""
        used = self.conn.execute(
            select(dossiers.c.seq_day, func.max(dossiers.c.seq))
            .where(dossiers.c.seq >= first, dossiers.c.seq <= last)
            .group_by(dossiers.c.seq_day)
        ).all()
        for day, seq in used:
            current = self.last_sequence(day, first)
            if current is None or current < seq:
                self.set_last_sequence(day, first, int(seq), existed=current is not None)


class CatalogueRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def all(self) -> list[Procedure]:
        rows = [
            json.loads(r)
            for r in self.conn.execute(select(procedures.c.data).order_by(procedures.c.code)).scalars()
        ]
        return parse_catalogue({"version": "station", "procedures": rows}) if rows else []

    def get(self, code: str) -> Procedure:
        """One procedure by its code (only that row is read and parsed); NotFound if absent."""
        data = self.conn.scalar(select(procedures.c.data).where(procedures.c.code == code))
        if data is None:
            raise NotFound(f"Không có thủ tục mã {code} trong danh mục")
        return _parse_procedure(str(data))

    def upsert(self, items: Sequence[Procedure], now: datetime) -> tuple[int, int]:
        """Insert or replace procedures by code; returns (added, updated)."""
        existing = set(self.conn.execute(select(procedures.c.code)).scalars())
        added = updated = 0
        for p in items:
            values = {
                "name": p.name,
                "name_key": p.name_key,
                "data": json.dumps(procedure_to_dict(p), ensure_ascii=False),
                "updated_at": now,
            }
            if p.code in existing:
                self.conn.execute(update(procedures).where(procedures.c.code == p.code).values(**values))
                updated += 1
            else:
                self.conn.execute(insert(procedures).values(code=p.code, **values))
                added += 1
        return added, updated
