"""The procedure catalogue: list it, import an update from the portal's export."""

from __future__ import annotations

from pathlib import Path

from desk_app.domain.catalogue import Catalogue
from desk_app.domain.errors import DeskError
from desk_app.services.context import DeskContext
from desk_app.services.reference import read_catalogue_file


def load_catalogue(ctx: DeskContext) -> Catalogue:
    with ctx.uow() as uow:
        return Catalogue(uow.catalogue.all())


def import_catalogue(ctx: DeskContext, path: Path) -> tuple[int, int]:
    """Validate the whole file first, then insert/replace by code in one transaction; (added, updated)."""
    items = read_catalogue_file(path)
    if not items:
        raise DeskError(f"Tệp danh mục {path} không có thủ tục nào")
    with ctx.uow(write=True) as uow:
        counts = uow.catalogue.upsert(items, ctx.clock())
        uow.commit()
    return counts
