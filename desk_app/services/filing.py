"""Filing a mixed feeder batch by its cover sheets (``desk-app file-batch``, the GUI's batch scan).

Pages are read one at a time: a page with a cover-sheet barcode starts a new group — that dossier, or the
paper of its checklist the cover names — and is not kept itself; every other page goes through the
pipeline into the current group. Pages before the first cover, or after a cover of a dossier this station
does not have, go to the unfiled tray for the officer to sort by hand. All groups and the tray are written
in one unit of work: a batch is filed whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from desk_app.domain.cover import CoverMark
from desk_app.domain.errors import NotFound
from desk_app.domain.records import DossierRecord
from desk_app.scanning.errors import ScanCancelled
from desk_app.scanning.files import SourcePage
from desk_app.scanning.pipeline import ProcessedPage, process_page
from desk_app.scanning.separator import find_cover
from desk_app.services.attachments import Cancel, Progress, add_pages, blobs, page_settings
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier

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
    sources: Iterable[SourcePage],
    *,
    mode: str | None = None,
    officer: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FiledBatch:
    settings = page_settings(ctx, mode)
    skip_blank = ctx.config.scanning.skip_blank
    batch = FiledBatch()
    groups: dict[tuple[str, str], list[ProcessedPage]] = {}
    records: dict[str, DossierRecord | None] = {}
    tray: list[tuple[ProcessedPage, str]] = []
    current: tuple[str, str] | None = None
    note = "trước tờ bìa đầu tiên"
    for number, source in enumerate(sources, start=1):
        if cancel is not None and cancel():
            raise ScanCancelled()
        found = find_cover(source.image, source.dpi)
        if found is not None:
            code = found.mark.code
            if code not in records:
                try:
                    records[code] = get_dossier(ctx, code)
                except NotFound:
                    records[code] = None
            record = records[code]
            if record is None:
                current, note = None, f"sau tờ bìa của hồ sơ {code}, hồ sơ này không có trên máy"
                batch.notes.append(f"Trang {number}: tờ bìa của hồ sơ {code} — không có hồ sơ này trên máy")
                batch.pages.append(FiledPage(number, None, cover=True))
            else:
                current = (record.code, _item_of(record, found.mark, batch.notes))
                groups.setdefault(current, [])
                batch.pages.append(FiledPage(number, record.code, current[1], cover=True))
        else:
            page = process_page(source.image, source.dpi, settings, source.source)
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
    _store(ctx, batch, groups, tray, officer or ctx.officer)
    return batch


def _store(
    ctx: DeskContext,
    batch: FiledBatch,
    groups: dict[tuple[str, str], list[ProcessedPage]],
    tray: list[tuple[ProcessedPage, str]],
    actor: str,
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
            add_pages(uow, store, record, item, pages, now, actor)
            batch.filed[code] = batch.filed.get(code, 0) + len(pages)
        uow.scans.add_unfiled(
            [
                {"sha256": p.sha256, "kind": p.kind, "width": p.width, "height": p.height, "dpi": p.dpi,
                 "blank": p.blank, "bytes": len(p.data), "source": p.source, "note": note, "added_at": now,
                 "officer": actor}
                for p, note in tray
            ]
        )  # fmt: skip
        uow.commit()
    batch.unfiled = len(tray)
    log.info("batch filed: %s; %d page(s) unfiled", batch.filed, batch.unfiled)
