"""Scanned pages and the attachments built from them (tables ``scan_pages`` and ``attachments``).

A page belongs to a dossier and one of its checklist items ("" for the dossier as a whole) at a
position; the page editor reorders, turns and removes pages by rewriting these rows — a removed page
keeps its row with ``removed_at`` set. An attachment is the current PDF of one item's pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, select, union, update

from desk_app.domain.records import AttachmentInfo, ScanPageRecord
from desk_app.storage.schema import attachments, dossier_events, dossiers, scan_pages, unfiled_pages

_a = attachments.c
_ATTACHMENTS = (  # read with every dossier: built once
    select(_a.item, _a.pages, _a.bytes, _a.sha256, _a.updated_at)
    .where(_a.dossier_id == bindparam("id"))
    .order_by(_a.item)
)


def attachments_of(conn: Connection, dossier_id: int) -> tuple[AttachmentInfo, ...]:
    """The dossier's attachments (read with every dossier)."""
    return tuple(AttachmentInfo(*row) for row in conn.execute(_ATTACHMENTS, {"id": dossier_id}).all())


class ScanRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def next_position(self, dossier_id: int, item: str) -> int:
        p = scan_pages.c
        last = self.conn.scalar(
            select(func.max(p.position)).where(and_(p.dossier_id == dossier_id, p.item == item))
        )
        return int(last or 0) + 1

    def count_pages(self, dossier_id: int) -> int:
        """The dossier's pages in use, all items."""
        p = scan_pages.c
        query = select(func.count()).where(and_(p.dossier_id == dossier_id, p.removed_at.is_(None)))
        return int(self.conn.scalar(query) or 0)

    def add_pages(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(scan_pages), list(rows))

    def pages(self, dossier_id: int, item: str | None = None) -> list[ScanPageRecord]:
        """The dossier's pages in use (of one item, or all), in item and page order."""
        p = scan_pages.c
        query = select(scan_pages).where(and_(p.dossier_id == dossier_id, p.removed_at.is_(None)))
        if item is not None:
            query = query.where(p.item == item)
        rows = self.conn.execute(query.order_by(p.item, p.position)).mappings()
        return [
            ScanPageRecord(
                r["id"], r["item"], r["position"], r["sha256"], r["kind"], r["width"], r["height"], r["dpi"],
                r["rotation"], bool(r["blank"]), r["bytes"], r["source"], r["added_at"],
            )
            for r in rows
        ]  # fmt: skip

    def update_page(self, page_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(scan_pages).where(scan_pages.c.id == page_id).values(**values))

    def set_attachment(
        self, dossier_id: int, item: str, sha256: str, pages: int, size: int, at: datetime
    ) -> None:
        a = attachments.c
        where = and_(a.dossier_id == dossier_id, a.item == item)
        values = {"sha256": sha256, "pages": pages, "bytes": size, "updated_at": at}
        if self.conn.scalar(select(a.id).where(where)) is None:
            self.conn.execute(insert(attachments).values(dossier_id=dossier_id, item=item, **values))
        else:
            self.conn.execute(update(attachments).where(where).values(**values))

    def drop_attachment(self, dossier_id: int, item: str) -> None:
        """No pages left in ``item``: it has no PDF any more (the pages' rows and blobs stay)."""
        a = attachments.c
        self.conn.execute(attachments.delete().where(and_(a.dossier_id == dossier_id, a.item == item)))

    def attachments(self, dossier_id: int) -> tuple[AttachmentInfo, ...]:
        return attachments_of(self.conn, dossier_id)

    # --- the unfiled tray: pages of a batch that no cover sheet claimed ---------------------------------
    def add_unfiled(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(unfiled_pages), list(rows))

    def unfiled(self) -> list[dict[str, Any]]:
        u = unfiled_pages.c
        query = select(unfiled_pages).where(u.filed_at.is_(None)).order_by(u.id)
        return [dict(r) for r in self.conn.execute(query).mappings()]

    def mark_filed(self, ids: Sequence[int], at: datetime) -> None:
        u = unfiled_pages.c
        self.conn.execute(update(unfiled_pages).where(u.id.in_(list(ids))).values(filed_at=at))

    # --- retention: the scans of dossiers returned long ago ------------------------------------------
    def returned_with_scans(self, before: datetime) -> list[tuple[int, str]]:
        """(id, code) of returned dossiers whose result went back before ``before`` and that still have
        scanned pages or attachments."""
        d, e, p, a = dossiers.c, dossier_events.c, scan_pages.c, attachments.c
        returned = select(e.dossier_id).where(and_(e.kind == "return", e.at < before))
        has_scans = select(p.dossier_id).union(select(a.dossier_id))
        query = (
            select(d.id, d.code)
            .where(and_(d.status == "returned", d.id.in_(returned), d.id.in_(has_scans)))
            .order_by(d.id)
        )
        return [(row[0], row[1]) for row in self.conn.execute(query).all()]

    def purge_dossier(self, dossier_id: int) -> tuple[int, set[str]]:
        """Delete the dossier's page rows (removed ones too) and attachments; (pages, blob hashes freed)."""
        p, a = scan_pages.c, attachments.c
        pages = self.conn.execute(select(p.sha256).where(p.dossier_id == dossier_id)).scalars().all()
        pdfs = self.conn.execute(select(a.sha256).where(a.dossier_id == dossier_id)).scalars().all()
        self.conn.execute(scan_pages.delete().where(p.dossier_id == dossier_id))
        self.conn.execute(attachments.delete().where(a.dossier_id == dossier_id))
        return len(pages), {*pages, *pdfs}

    def still_used(self, hashes: set[str]) -> set[str]:
        """Which of ``hashes`` another page, attachment or tray page still refers to."""
        if not hashes:
            return set()
        wanted = list(hashes)
        p, a, u = scan_pages.c, attachments.c, unfiled_pages.c
        query = union(
            select(p.sha256).where(p.sha256.in_(wanted)),
            select(a.sha256).where(a.sha256.in_(wanted)),
            select(u.sha256).where(and_(u.sha256.in_(wanted), u.filed_at.is_(None))),
        )
        return set(self.conn.execute(query).scalars().all())
