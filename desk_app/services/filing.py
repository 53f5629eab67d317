"""Filing a mixed feeder batch by its cover sheets (``desk-app file-batch``, the GUI's batch scan).

Pages are read one at a time: a page with a cover-sheet barcode starts a new group — that dossier, or the
paper of its checklist the cover names — and is not kept itself; every other page goes through the
pipeline into the current group. Pages before the first cover, or after a cover of a dossier this station
does not have, go to the unfiled tray for the officer to sort by hand. All groups and the tray are written
in one unit of work. If the scanner stops (or the officer cancels, or a page of a file is broken) after
some pages, those pages are filed and :attr:`FiledBatch.interrupted` says why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from desk_app.domain.accounts import Permission, User
from desk_app.domain.cover import CoverMark
from desk_app.domain.errors import NotFound
from desk_app.domain.records import DossierRecord
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.scanning.files import SourcePage
from desk_app.scanning.pipeline import ProcessedPage, process_page
from desk_app.scanning.separator import read_marks
from desk_app.services.accounts import check
from desk_app.services.attachments import Cancel, Progress, add_pages, blobs, page_settings, resolve_item
from desk_app.services.context import DeskContext
from desk_app.services.queries import dossier_code, get_dossier

log = logging.getLogger("desk_app.services.filing")


@dataclass(frozen=True)
class FiledPage:
    """Where page ``number`` of the batch went: ``code`` None is the unfiled tray."""

    number: int
    code: str | None
    item: str = ""
    cover: bool = False
    blank_skipped: bool = False


@dataclass
class FiledBatch:
    pages: list[FiledPage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # covers of unknown dossiers, unknown paper numbers
    filed: dict[str, int] = field(default_factory=dict)  # dossier code → pages filed into it
    unfiled: int = 0
    interrupted: str | None = None  # why the batch stopped early (its pages so far are filed)


def _item_of(record: DossierRecord, mark: CoverMark, notes: list[str]) -> str:
    if mark.item_number is None:
        return ""
    if mark.item_number <= len(record.documents):
        return record.documents[mark.item_number - 1].name
    notes.append(f"Tờ bìa {record.code}/{mark.item_number}: hồ sơ không có giấy tờ số {mark.item_number}, "
                 "các trang được lưu vào hồ sơ chung")  # fmt: skip
    return ""


def file_batch(
    ctx: DeskContext,
    actor: User,
    sources: Iterable[SourcePage],
    *,
    mode: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FiledBatch:
    check(ctx, actor, Permission.WORK_DOSSIERS, "xếp trang quét vào hồ sơ")
    settings = page_settings(ctx, mode)
    skip_blank = ctx.config.scanning.skip_blank
    batch = FiledBatch()
    groups: dict[tuple[str, str], list[ProcessedPage]] = {}
    records: dict[str, DossierRecord | None] = {}
    tray: list[tuple[ProcessedPage, str]] = []
    current: tuple[str, str] | None = None
    note = "trước tờ bìa đầu tiên"
    try:
        for number, source in enumerate(sources, start=1):
            if cancel is not None and cancel():
                raise ScanCancelled()
            marks = read_marks(source.image, source.dpi)
            found = marks.cover
            if found is not None:
                code = found.mark.code
                if code not in records:
                    try:
                        records[code] = get_dossier(ctx, actor, code)
                    except NotFound:
                        records[code] = None
                record = records[code]
                if record is None:
                    current, note = None, f"sau tờ bìa của hồ sơ {code}, hồ sơ này không có trên máy"
                    batch.notes.append(
                        f"Trang {number}: tờ bìa của hồ sơ {code} — không có hồ sơ này trên máy"
                    )
                    batch.pages.append(FiledPage(number, None, cover=True))
                else:
                    current = (record.code, _item_of(record, found.mark, batch.notes))
                    groups.setdefault(current, [])
                    batch.pages.append(FiledPage(number, record.code, current[1], cover=True))
            else:
                page = process_page(source.image, source.dpi, settings, source.source)
                if marks.upright_turn:  # fed sideways or upside down: a barcode on it says so
                    page = replace(page, rotation=marks.upright_turn)
                code_item = current or (None, "")
                if page.blank and skip_blank:
                    batch.pages.append(FiledPage(number, code_item[0], code_item[1], blank_skipped=True))
                elif current is None:
                    tray.append((page, note))
                    batch.pages.append(FiledPage(number, None))
                else:
                    groups[current].append(page)
                    batch.pages.append(FiledPage(number, current[0], current[1]))
            source.image.close()
            if progress is not None:
                progress(number, source.source)
    except ScanError as exc:  # the scanner stopped, the officer cancelled, a page of the file is broken
        if not batch.pages:
            raise
        batch.interrupted = exc.message
    _store(ctx, batch, groups, tray, actor)
    return batch


def _store(
    ctx: DeskContext,
    batch: FiledBatch,
    groups: dict[tuple[str, str], list[ProcessedPage]],
    tray: list[tuple[ProcessedPage, str]],
    actor: User,
) -> None:
    store = blobs(ctx)
    for pages in groups.values():
        for page in pages:
            store.put(page.data)
    for page, _note in tray:
        store.put(page.data)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        for (code, item), pages in groups.items():
            if not pages:
                continue
            record = uow.dossiers.get(code)
            if record is None:  # voided meanwhile? never deleted, so only a race with another desk's DB
                raise NotFound(f"Không tìm thấy hồ sơ {code}")
            add_pages(uow, store, record, item, pages, now, actor.display_name)
            batch.filed[code] = batch.filed.get(code, 0) + len(pages)
        uow.scans.add_unfiled(
            [
                {"sha256": p.sha256, "kind": p.kind, "width": p.width, "height": p.height, "dpi": p.dpi,
                 "blank": p.blank, "bytes": len(p.data), "source": p.source, "note": note, "added_at": now,
                 "officer": actor.display_name}
                for p, note in tray
            ]
        )  # fmt: skip
        uow.audit.append(now, actor.username, "pages.file_batch", "",
                         {"filed": dict(batch.filed), "unfiled": len(tray)})  # fmt: skip
        uow.commit()
    batch.unfiled = len(tray)
    log.info("batch filed: %s; %d page(s) unfiled", batch.filed, batch.unfiled)


def scan_batch(
    ctx: DeskContext,
    actor: User,
    *,
    device_id: str | None = None,
    resolution: int | None = None,
    mode: str | None = None,
    duplex: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FiledBatch:
    """The GUI's "scan a stack": the feeder of the chosen scanner, filed by its cover sheets."""
    from desk_app.scanning.devices import ScanRequest
    from desk_app.services.scanning import choose_device

    check(ctx, actor, Permission.WORK_DOSSIERS, "quét xấp hồ sơ")
    settings = page_settings(ctx, mode)
    backend, device = choose_device(ctx, device_id)
    request = ScanRequest("adf", resolution or ctx.config.scanning.resolution, settings.mode, duplex)
    sources = backend.scan(device, request, cancel or (lambda: False))
    return file_batch(ctx, actor, sources, mode=mode, progress=progress, cancel=cancel)


@dataclass(frozen=True)
class UnfiledPage:
    id: int
    sha256: str
    source: str
    note: str
    added_at: datetime


def list_unfiled(ctx: DeskContext, actor: User) -> list[UnfiledPage]:
    """The unfiled tray: pages of batches no cover sheet claimed, oldest first."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem khay trang chưa phân loại")
    with ctx.uow() as uow:
        rows = uow.scans.unfiled()
    return [UnfiledPage(r["id"], r["sha256"], r["source"], r["note"], r["added_at"]) for r in rows]


def file_unfiled(
    ctx: DeskContext, actor: User, page_ids: list[int], code: str, item: str = ""
) -> DossierRecord:
    """Sort pages of the tray into dossier ``code`` (paper ``item``), by hand; one unit of work."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xếp trang quét vào hồ sơ")
    store = blobs(ctx)
    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        record = uow.dossiers.get(dossier_code(ctx, code))
        if record is None:
            raise NotFound(f"Không tìm thấy hồ sơ {code}")
        item = resolve_item(record, item)
        tray = {r["id"]: r for r in uow.scans.unfiled()}
        missing = [i for i in page_ids if i not in tray]
        if missing or not page_ids:
            raise NotFound("Trang chưa phân loại đã được xếp vào hồ sơ khác hoặc không còn trong khay")
        pages = [
            ProcessedPage(store.get(tray[i]["sha256"]), tray[i]["kind"], tray[i]["width"], tray[i]["height"],
                          tray[i]["dpi"], bool(tray[i]["blank"]), 0.0, tray[i]["source"])
            for i in page_ids
        ]  # fmt: skip
        add_pages(uow, store, record, item, pages, now, actor.display_name)
        uow.scans.mark_filed(page_ids, now)
        uow.audit.append(now, actor.username, "pages.file_unfiled", record.code, {"pages": len(page_ids)})
        updated = uow.dossiers.get(record.code)
        uow.commit()
    assert updated is not None
    return updated
