"""The page editor's actions on a dossier's scanned pages: turn, move, reorder, remove, thumbnails.

Each action is one unit of work that rewrites the page rows, rebuilds the PDF of every paper it touched
(the pages' encoded bytes are reused as they are; a turn is the PDF's ``/Rotate``) and records a
``pages-edited`` event. A removed page keeps its row (``removed_at``) and its blob: nothing is deleted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.model import DossierEvent
from desk_app.domain.records import DossierRecord, ScanPageRecord
from desk_app.services.accounts import check
from desk_app.services.attachments import blobs, rebuild_item_pdf, resolve_item
from desk_app.services.context import DeskContext
from desk_app.services.queries import dossier_code
from desk_app.storage.uow import UnitOfWork
from desk_app.sync import outbox


def _open(ctx: DeskContext, uow: UnitOfWork, code: str) -> DossierRecord:
    record = uow.dossiers.get(dossier_code(ctx, code))
    if record is None:
        raise NotFound(f"Không tìm thấy hồ sơ {code}")
    return record


def _page(uow: UnitOfWork, record: DossierRecord, page_id: int) -> ScanPageRecord:
    for page in uow.scans.pages(record.id):
        if page.id == page_id:
            return page
    raise NotFound(f"Hồ sơ {record.code} không có trang quét số {page_id} (có thể đã bị xóa)")


def _finish(
    ctx: DeskContext, actor: User, uow: UnitOfWork, record: DossierRecord, items: set[str], what: str
) -> DossierRecord:
    now = ctx.clock()
    store = blobs(ctx)
    for item in sorted(items):
        rebuild_item_pdf(uow, store, record.id, item, now)
    outbox.record_event(uow, record.id, DossierEvent("pages-edited", now, actor.display_name), {"what": what})
    uow.audit.append(now, actor.username, "pages.edit", record.code, {"what": what})
    updated = uow.dossiers.get(record.code)
    uow.commit()
    assert updated is not None
    return updated


def _renumber(uow: UnitOfWork, ids: Sequence[int], item: str) -> None:
    for position, page_id in enumerate(ids, start=1):
        uow.scans.update_page(page_id, {"position": position, "item": item})


def rotate_page(ctx: DeskContext, actor: User, code: str, page_id: int, degrees: int) -> DossierRecord:
    """Turn a page by ``degrees`` (a multiple of 90, + clockwise) as it is shown and printed."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xoay trang quét")
    if degrees % 90:
        raise DeskError("Chỉ xoay trang theo bội số của 90 độ")
    with ctx.uow(write=True) as uow:
        record = _open(ctx, uow, code)
        page = _page(uow, record, page_id)
        uow.scans.update_page(page.id, {"rotation": (page.rotation + degrees) % 360})
        return _finish(
            ctx, actor, uow, record, {page.item}, f"xoay trang {page.position} ({page.item or 'hồ sơ'})"
        )


def arrange_pages(
    ctx: DeskContext, actor: User, code: str, item: str, page_ids: Sequence[int]
) -> DossierRecord:
    """Make ``page_ids`` (the dossier's pages, from any paper) the first pages of ``item``, in that order.

    The page editor calls it after a drag (reorder: all the paper's pages in their new order) or "move to
    paper" (the pages moved); pages taken from another paper leave it and its PDF is rebuilt too. The
    paper's pages not named follow, in their order.
    """
    check(ctx, actor, Permission.WORK_DOSSIERS, "sắp xếp trang quét")
    if len(set(page_ids)) != len(page_ids):
        raise DeskError("Một trang được xếp hai lần")
    with ctx.uow(write=True) as uow:
        record = _open(ctx, uow, code)
        target = resolve_item(record, item)
        pages = {p.id: p for p in uow.scans.pages(record.id)}
        missing = [i for i in page_ids if i not in pages]
        if missing:
            raise NotFound(f"Hồ sơ {record.code} không có trang quét số {missing[0]} (có thể đã bị xóa)")
        touched = {target} | {pages[i].item for i in page_ids}
        # the paper's pages not named keep their order after the named ones: nothing is dropped by accident
        order = [*page_ids, *(p.id for p in pages.values() if p.item == target and p.id not in page_ids)]
        _renumber(uow, order, target)
        for source in touched - {target}:
            _renumber(uow, [p.id for p in uow.scans.pages(record.id, source)], source)
        return _finish(
            ctx, actor, uow, record, touched, f"sắp xếp {len(page_ids)} trang vào {target or 'hồ sơ'}"
        )


def remove_page(ctx: DeskContext, actor: User, code: str, page_id: int) -> DossierRecord:
    """Take a page out of the dossier (its row and blob stay, marked removed)."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xóa trang quét")
    with ctx.uow(write=True) as uow:
        record = _open(ctx, uow, code)
        page = _page(uow, record, page_id)
        uow.scans.update_page(page.id, {"removed_at": ctx.clock()})
        _renumber(uow, [p.id for p in uow.scans.pages(record.id, page.item)], page.item)
        return _finish(
            ctx, actor, uow, record, {page.item}, f"xóa trang {page.position} ({page.item or 'hồ sơ'})"
        )


def thumbnail(ctx: DeskContext, actor: User, sha256: str, rotation: int = 0, size: int = 200) -> bytes:
    """A PNG at most ``size`` px of a stored page, turned as shown (for the editor's grid)."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem trang quét")
    with Image.open(io.BytesIO(blobs(ctx).get(sha256))) as image:
        image.draft("L", (size * 2, size * 2))  # JPEG: decode at a reduced scale, much faster
        small = image.convert("L")
        small.thumbnail((size, size), Image.Resampling.BILINEAR)
    if rotation % 360:
        small = small.rotate(-(rotation % 360), expand=True)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()
