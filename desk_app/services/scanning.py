"""Scanning into a dossier from a device: ``desk-app scanners`` / ``desk-app scan`` and the scan dialog.

:func:`scan_into` drives the chosen back-end, runs each page through the pipeline as it arrives and
attaches what it got in one unit of work. If the scanner stops mid-batch (a jam, the cable pulled) or the
officer cancels, the pages scanned until then are still attached and :attr:`Scanned.interrupted` says
why — nothing scanned is lost, nothing is half-attached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from desk_app.domain.accounts import User
from desk_app.scanning.devices import Backend, Device, ScanRequest, available_backends, split_id
from desk_app.scanning.errors import ScanCancelled, ScanError
from desk_app.services.attachments import (
    Attached,
    Cancel,
    Progress,
    attach_pages,
    page_settings,
    resolve_item,
)
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier

log = logging.getLogger("desk_app.services.scanning")


@dataclass(frozen=True)
class Scanned:
    attached: Attached | None  # None when no page with content came
    pages: int
    blank_skipped: int
    interrupted: str | None = None


def backends(ctx: DeskContext) -> list[Backend]:
    return available_backends(ctx.config.scanning.watch_folder)


def list_scanners(ctx: DeskContext) -> tuple[list[Device], list[str]]:
    """Every device of every back-end, and one line per back-end that could not list its devices."""
    found: list[Device] = []
    problems: list[str] = []
    for backend in backends(ctx):
        try:
            found += backend.devices()
        except ScanError as exc:
            problems.append(exc.message)
    return found, problems


def choose_device(ctx: DeskContext, device_id: str | None) -> tuple[Backend, str]:
    """The back-end and device for ``device_id``, else the station's default, else the first found."""
    wanted = device_id or ctx.config.scanning.device
    available = backends(ctx)
    if wanted:
        name = split_id(wanted)[0]
        for backend in available:
            if backend.name == name:
                return backend, wanted
        raise ScanError(f"Không có máy quét {wanted} trên máy này (xem desk-app scanners).")
    devices, problems = list_scanners(ctx)
    if not devices:
        raise ScanError("Không tìm thấy máy quét nào. " + " ".join(problems))
    first = devices[0]
    return next(b for b in available if b.name == first.backend), first.id


def scan_into(
    ctx: DeskContext,
    actor: User,
    code: str,
    *,
    device_id: str | None = None,
    source: str = "flatbed",
    resolution: int | None = None,
    mode: str | None = None,
    duplex: bool = False,
    item: str = "",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Scanned:
    record = get_dossier(ctx, actor, code)
    item = resolve_item(record, item)
    settings = page_settings(ctx, mode)
    if source not in ("flatbed", "adf"):
        raise ScanError(f"Nguồn giấy {source!r} không có; chọn flatbed (mặt kính) hoặc adf (khay nạp giấy)")
    dpi = resolution or ctx.config.scanning.resolution
    if not 75 <= dpi <= 1200:
        raise ScanError("Độ phân giải phải từ 75 đến 1200 dpi")
    backend, device = choose_device(ctx, device_id)
    request = ScanRequest(source, dpi, settings.mode, duplex)  # type: ignore[arg-type]
    from desk_app.scanning.pipeline import ProcessedPage, process_page

    pages: list[ProcessedPage] = []
    skipped = 0
    interrupted: str | None = None
    try:
        for number, page_in in enumerate(backend.scan(device, request, cancel or (lambda: False)), start=1):
            page = process_page(page_in.image, page_in.dpi, settings, page_in.source)
            page_in.image.close()
            if page.blank and ctx.config.scanning.skip_blank:
                skipped += 1
            else:
                pages.append(page)
            if progress is not None:
                progress(number, page_in.source)
    except ScanError as exc:  # ScanCancelled too: keep what came
        if not pages and not skipped and not isinstance(exc, ScanCancelled):
            raise  # refused before any page (no feeder, no duplex, device not found): nothing to keep
        interrupted = exc.message
        log.info("scan into %s stopped after %d page(s): %s", record.code, len(pages), exc.message)
    attached = (
        attach_pages(ctx, actor, record.code, pages, item=item, blank_skipped=skipped) if pages else None
    )
    if attached is None and interrupted is None:
        interrupted = "Không có trang nào có nội dung (mọi trang đều trắng)."
    return Scanned(attached, len(pages), skipped, interrupted)
