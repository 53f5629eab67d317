"""Look-ups: one dossier by code, search by code / ID number / name, a day's list page by page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from desk_app.domain.accounts import Permission, User
from desk_app.domain.codes import full_code
from desk_app.domain.errors import NotFound
from desk_app.domain.model import VN_TZ
from desk_app.domain.records import DossierRecord, DossierSummary, ListCursor
from desk_app.domain.text import clean
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext

_CODE_LIKE = re.compile(r"^[0-9A-Z.]+(-[0-9]{0,6}(-[0-9]{0,4})?)?$")


def dossier_code(ctx: DeskContext, code: str) -> str:
    """``code`` as typed or scanned, the short ``YYMMDD-NNNN`` completed with this station's agency."""
    return full_code(clean(code), ctx.config.station.agency_code)


def get_dossier(ctx: DeskContext, actor: User, code: str) -> DossierRecord:
    """The whole dossier for a code (as typed or scanned: case and surrounding blanks ignored; the short
    ``YYMMDD-NNNN`` is this station's)."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem hồ sơ")
    wanted = dossier_code(ctx, code)
    with ctx.uow() as uow:
        record = uow.dossiers.get(wanted)
    if record is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {wanted}")
    return record


def search_dossiers(
    ctx: DeskContext,
    actor: User,
    text: str,
    limit: int = 50,
    *,
    status: str | None = None,
    channel: str | None = None,
) -> list[DossierSummary]:
    """Search by dossier code (prefix), ID number (prefix) or name (folded prefix, no diacritics needed),
    maybe only the dossiers in ``status`` / received through ``channel``."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "tìm hồ sơ")
    query = clean(text)
    if not query:
        return []
    search, filters = ctx.search, (status or None, channel or None)
    if query.isdigit():
        return search.by_id_number(query, limit, filters)
    found: list[DossierSummary] = []
    upper = full_code(query, ctx.config.station.agency_code, partial=True)
    if _CODE_LIKE.match(upper) and any(ch.isdigit() for ch in upper):
        found = search.by_code(upper, limit, filters)
    if len(found) < limit and "-" not in query:
        seen = {s.id for s in found}
        found += [s for s in search.by_name(query, limit, filters) if s.id not in seen][: limit - len(found)]
    return found


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, 0), tzinfo=VN_TZ)
    return start, start + timedelta(days=1)


def list_dossiers(
    ctx: DeskContext,
    actor: User,
    day: date | None,
    after: ListCursor | None = None,
    limit: int = 200,
    *,
    status: str | None = None,
    channel: str | None = None,
) -> list[DossierSummary]:
    """A page of a day's dossiers (all days if ``day`` is None), newest first, maybe by status/channel."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem danh sách hồ sơ")
    start, end = day_bounds(day) if day else (None, None)
    with ctx.uow() as uow:
        return uow.dossiers.list_page(start, end, after, limit, status, channel)


def count_dossiers(
    ctx: DeskContext, actor: User, day: date | None, *, status: str | None = None, channel: str | None = None
) -> int:
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem danh sách hồ sơ")
    start, end = day_bounds(day) if day else (None, None)
    with ctx.uow() as uow:
        return uow.dossiers.count_between(start, end, status, channel)
