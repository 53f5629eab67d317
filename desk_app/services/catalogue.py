"""The procedure catalogue: list what the station is offered, import an update from the portal's export."""

from __future__ import annotations

from pathlib import Path

from desk_app.domain.accounts import Permission, User
from desk_app.domain.calendar import WorkingCalendar
from desk_app.domain.catalogue import Catalogue
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext
from desk_app.services.reference import load_calendar, read_catalogue_file


def load_catalogue(ctx: DeskContext, *, every_level: bool = False) -> Catalogue:
    """The procedures this station's desks are offered (its level's and both levels'), or all of them."""
    level = ctx.config.station.level
    with ctx.uow() as uow:
        found = uow.catalogue.all()
    return Catalogue(p for p in found if every_level or p.offered_at(level))


def load_reference(ctx: DeskContext) -> tuple[Catalogue, WorkingCalendar]:
    """The catalogue and the working calendar as they are now on this PC (after the changes feed brought a
    new one): read off the GUI thread; the open app puts them in place on its GUI thread."""
    return load_catalogue(ctx), load_calendar(ctx.data_dir)


def import_catalogue(ctx: DeskContext, actor: User, path: Path) -> tuple[int, int]:
    """Validate the whole file first, then insert/replace by code in one transaction; (added, updated)."""
    check(ctx, actor, Permission.CONFIGURE, "cập nhật danh mục thủ tục")
    items = read_catalogue_file(path)
    if not items:
        raise DeskError(f"Tệp danh mục {path} không có thủ tục nào")
    with ctx.uow(write=True) as uow:
        counts = uow.catalogue.upsert(items, ctx.clock())
        uow.audit.append(ctx.clock(), actor.username, "catalogue.import", path.name,
                         {"added": counts[0], "updated": counts[1]})  # fmt: skip
        uow.commit()
    return counts
