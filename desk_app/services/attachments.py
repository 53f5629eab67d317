"""Pages onto a dossier: scanned, imported from files or filed from a feeder batch.

Each user action is one function: :func:`attach_files` (``desk-app attach``, the GUI's "add files"),
:func:`attach_pages` (pages already through the pipeline — a scanner batch, a filed stack). Pages are
processed first (off the GUI thread; nothing is written yet), their blobs stored, then one writing unit
of work adds the page rows, rebuilds the item's PDF from all its pages, records an ``attached`` event and
commits — a failure anywhere leaves the dossier as it was ("nothing half-attached"; a stored blob nobody
refers to is harmless, content-addressed and reused if the same page comes again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.model import DossierEvent
from desk_app.domain.records import DossierRecord, ScanPageRecord
from desk_app.domain.text import clean, fold
from desk_app.scanning.assemble import pages_pdf
from desk_app.scanning.blobs import BlobStore
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.scanning.files import SourcePage, read_pages
from desk_app.scanning.pipeline import PageSettings, ProcessedPage, process_page
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext
from desk_app.services.guards import ensure_free_disk
from desk_app.services.queries import dossier_code, get_dossier
from desk_app.storage.uow import UnitOfWork
from desk_app.sync import outbox

log = logging.getLogger("desk_app.services.attachments")

Progress = Callable[[int, str], None]  # (pages done, what is being read)
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Attached:
    dossier: DossierRecord
    item: str
    added: int
    blank_skipped: int


#: the most pages a dossier may hold (a residence dossier has a few to a few dozen): beyond it the
#: pages are refused, with the count — a mistaken batch never buries a dossier
MAX_DOSSIER_PAGES = 500


def page_settings(ctx: DeskContext, mode: str | None = None) -> PageSettings:
    sc = ctx.config.scanning
    chosen = mode or sc.mode
    if chosen not in ("bw", "grey", "colour"):
        raise DeskError(f"Chế độ quét {chosen!r} không có; chọn bw, grey hoặc colour")
    return PageSettings(mode=chosen, quality=sc.quality)  # type: ignore[arg-type]


def blobs(ctx: DeskContext) -> BlobStore:
    return BlobStore(ctx.data_dir / "scans")


def resolve_item(record: DossierRecord, item: str) -> str:
    """``item`` as the dossier names it: "" (the dossier as a whole) or one of its papers' names."""
    wanted = clean(item)
    if not wanted:
        return ""
    for doc in record.documents:
        if fold(doc.name) == fold(wanted):
            return doc.name
    names = "; ".join(d.name for d in record.documents) or "không có"
    raise DeskError(f"Hồ sơ {record.code} không có giấy tờ “{wanted}”. Các giấy tờ của hồ sơ: {names}")


def process_sources(
    sources: Iterable[SourcePage],
    settings: PageSettings,
    *,
    skip_blank: bool,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[list[ProcessedPage], int]:
    """Run pages through the pipeline; (kept pages, blank pages skipped)."""
    kept: list[ProcessedPage] = []
    skipped = 0
    for source in sources:
        if cancel is not None and cancel():
            raise ScanCancelled()
        page = process_page(source.image, source.dpi, settings, source.source)
        source.image.close()
        if page.blank and skip_blank:
            skipped += 1
        else:
            kept.append(page)
        if progress is not None:
            progress(len(kept) + skipped, source.source)
    return kept, skipped


def attach_files(
    ctx: DeskContext,
    actor: User,
    code: str,
    paths: Sequence[Path],
    *,
    item: str = "",
    mode: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Attached:
    """``desk-app attach``: the pages of PDF, TIFF, JPEG or PNG files onto ``item`` of dossier ``code``."""
    record = get_dossier(ctx, actor, code)
    item = resolve_item(record, item)
    settings = page_settings(ctx, mode)
    pages: list[ProcessedPage] = []
    skipped = 0
    for path in paths:
        with closing(read_pages(path)) as sources:  # a refused page closes the file at once
            kept, blank = process_sources(
                sources, settings, skip_blank=ctx.config.scanning.skip_blank, progress=progress,
            cancel=cancel,
        )  # fmt: skip
        pages += kept
        skipped += blank
    if not pages:
        raise ScanError("Không có trang nào có nội dung để đính kèm (mọi trang đều trắng).")
    return attach_pages(ctx, actor, record.code, pages, item=item, blank_skipped=skipped)


def attach_pages(
    ctx: DeskContext,
    actor: User,
    code: str,
    pages: Sequence[ProcessedPage],
    *,
    item: str = "",
    blank_skipped: int = 0,
) -> Attached:
    """Add processed ``pages`` after ``item``'s pages and rebuild its PDF, in one unit of work."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "đính kèm trang quét")
    if not pages:
        raise ScanError("Không có trang nào để đính kèm.")
    ensure_free_disk(ctx, need_mb=2 * sum(len(p.data) for p in pages) // (1024 * 1024))
    store = blobs(ctx)
    for page in pages:
        store.put(page.data)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        record = uow.dossiers.get(dossier_code(ctx, code))
        if record is None:
            raise NotFound(f"Không tìm thấy hồ sơ {code}")
        item = resolve_item(record, item)
        add_pages(uow, store, record, item, pages, now, actor.display_name, blank_skipped)
        uow.audit.append(
            now, actor.username, "pages.attach", record.code, {"item": item, "pages": len(pages)}
        )
        updated = uow.dossiers.get(record.code)
        uow.commit()
    assert updated is not None
    log.info("dossier %s: %d page(s) attached to %r", updated.code, len(pages), item)
    return Attached(updated, item, len(pages), blank_skipped)


def add_pages(
    uow: UnitOfWork,
    store: BlobStore,
    record: DossierRecord,
    item: str,
    pages: Sequence[ProcessedPage],
    now: datetime,
    actor: str,
    blank_skipped: int = 0,
) -> None:
    """Inside ``uow``: ``pages`` (their blobs already stored) after ``item``'s pages, its PDF rebuilt, an
    ``attached`` event. ScanError, nothing added, when the dossier would pass :data:`MAX_DOSSIER_PAGES`."""
    held = uow.scans.count_pages(record.id)
    if held + len(pages) > MAX_DOSSIER_PAGES:
        raise ScanError(
            f"Hồ sơ {record.code} đã có {held} trang; thêm {len(pages)} trang sẽ quá giới hạn "
            f"{MAX_DOSSIER_PAGES} trang một hồ sơ: không đính kèm trang nào"
        )
    first = uow.scans.next_position(record.id, item)
    uow.scans.add_pages(
        [
            {"dossier_id": record.id, "item": item, "position": first + i, "sha256": p.sha256, "kind": p.kind,
             "width": p.width, "height": p.height, "dpi": p.dpi, "rotation": p.rotation, "blank": p.blank,
             "bytes": len(p.data), "source": p.source, "added_at": now, "officer": actor}
            for i, p in enumerate(pages)
        ]
    )  # fmt: skip
    pdf_sha, count = rebuild_item_pdf(uow, store, record.id, item, now)
    event = DossierEvent(kind="attached", at=now, actor=actor)
    data = {"item": item, "pages": len(pages), "sha256": pdf_sha, "item_pages": count,
            "blank_skipped": blank_skipped}  # fmt: skip
    outbox.record_event(uow, record.id, event, data)


def rebuild_item_pdf(
    uow: UnitOfWork, store: BlobStore, dossier_id: int, item: str, now: datetime
) -> tuple[str, int]:
    """The item's PDF from its pages in order (stored; the attachment row updated); (sha256, pages)."""
    pages = uow.scans.pages(dossier_id, item)
    if not pages:
        uow.scans.drop_attachment(dossier_id, item)
        return "", 0
    pdf = pages_pdf([_Encoded(store.get(p.sha256), p.rotation) for p in pages])
    sha = store.put(pdf)
    outbox.queue_scan(uow, dossier_id, item, sha, len(pages), len(pdf), now)
    return sha, len(pages)


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    rotation: int


def list_pages(ctx: DeskContext, actor: User, code: str) -> list[ScanPageRecord]:
    """The dossier's pages in use, by item then position (the page editor's thumbnails)."""
    record = get_dossier(ctx, actor, code)
    with ctx.uow() as uow:
        return uow.scans.pages(record.id)


def attachment_path(ctx: DeskContext, actor: User, code: str, item: str = "") -> Path:
    """The stored PDF of ``item`` of dossier ``code`` (to open or print)."""
    record = get_dossier(ctx, actor, code)
    item = resolve_item(record, item)
    for a in record.attachments:
        if a.item == item:
            return blobs(ctx).path(a.sha256)
    raise NotFound(f"Hồ sơ {record.code} chưa có trang quét cho “{item or 'hồ sơ'}”")
