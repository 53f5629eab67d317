"""The supervisor's figures for a day or a date range, the dossiers behind each figure, and the register.

What each figure counts (the README's *Dashboard* says the same):
* intake — ``received``, ``by_channel``, ``by_procedure``, ``by_officer``, ``by_hour``: dossiers received in
  the range (their receipt time), voided ones left out (they were entered by mistake);
* actions — ``supplement_requested``, ``refused``, ``extended``, ``returned``: dossiers with such a step
  recorded in the range; ``returned_late``: of those returned, the ones whose result came back after the
  due time (the domain's rule, as on the control slip);
* as they stood at the end of the range's last day (now, for a range ending today), whenever asked —
  ``due_today``: dossiers due on that day whose clock ran or that were done (received, transferred, with
  their result, returned; not voided, refused or waiting for a supplement); ``overdue``: whose clock ran
  and whose due time had passed; dossiers changed since are taken as they stood then (issue 17);
  ``unsynced``: dossiers with something the central server has not acknowledged (always now).

Only a supervisor or an admin sees them, in the app and on the command line alike (``report day`` and
``register`` log in with ``--user``): they name officers and citizens.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.atomic import replacing
from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ
from desk_app.locator import resource
from desk_app.services.accounts import check
from desk_app.services.context import DeskContext

if TYPE_CHECKING:
    from desk_app.documents.register import RegisterRow

CHANNELS = ("walk_in", "post")
FIGURES = ("received", "walk_in", "post", "procedure", "officer", "hour", "due_today", "overdue",
           "supplement_requested", "refused", "extended", "returned", "returned_late",
           "unsynced")  # fmt: skip
LIST_LIMIT = 5000


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    as_of: datetime
    received: int
    by_channel: dict[str, int]
    by_procedure: dict[str, int]
    procedure_names: dict[str, str]
    by_officer: dict[str, int]
    by_hour: dict[int, int]  # all 24 hours
    due_today: int
    overdue: int
    supplement_requested: int
    refused: int
    extended: int
    returned: int
    returned_late: int
    unsynced: int

    def as_json(self) -> dict[str, Any]:
        """``desk-app report day --json``: the contract's keys, plus the range and the reference time."""
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "as_of": self.as_of.isoformat(),
            "received": self.received, "by_channel": self.by_channel, "by_procedure": self.by_procedure,
            "by_officer": self.by_officer, "by_hour": {str(h): n for h, n in self.by_hour.items()},
            "due_today": self.due_today, "overdue": self.overdue,
            "supplement_requested": self.supplement_requested, "refused": self.refused,
            "extended": self.extended, "returned": self.returned, "returned_late": self.returned_late,
            "unsynced": self.unsynced,
        }  # fmt: skip


def _window(ctx: DeskContext, start: date, end: date) -> tuple[datetime, datetime, datetime, datetime]:
    """(range start, range end (exclusive), the last day's start, the reference time)."""
    if end < start:
        raise DeskError(f"Khoảng ngày không hợp lệ: {start:%d/%m/%Y} sau {end:%d/%m/%Y}")
    lo = datetime.combine(start, time(0), VN_TZ)
    hi = datetime.combine(end + timedelta(days=1), time(0), VN_TZ)
    return lo, hi, datetime.combine(end, time(0), VN_TZ), min(ctx.clock(), hi)


def _allowed(ctx: DeskContext, actor: User) -> None:
    check(ctx, actor, Permission.READ_AUDIT, "xem thống kê và sổ theo dõi")


def figures(ctx: DeskContext, actor: User, start: date, end: date | None = None) -> Figures:
    """The dashboard's figures for ``start`` … ``end`` (one day when ``end`` is None)."""
    _allowed(ctx, actor)
    end = end or start
    lo, hi, last_day, ref = _window(ctx, start, end)
    by_channel = dict.fromkeys(CHANNELS, 0)
    by_procedure: dict[str, int] = {}
    by_officer: dict[str, int] = {}
    by_hour = dict.fromkeys(range(24), 0)
    with ctx.uow() as uow:
        names: dict[str, str] = {}
        for channel, procedure, officer, hour, n, name in uow.reports.intake(lo, hi):
            by_channel[channel] = by_channel.get(channel, 0) + n
            by_procedure[procedure] = by_procedure.get(procedure, 0) + n
            by_officer[officer] = by_officer.get(officer, 0) + n
            by_hour[hour] += n
            if name is not None:
                names[procedure] = name
        removed = [code for code in by_procedure if code not in names]
        if removed:
            names.update(uow.reports.removed_procedure_names(removed, lo, hi))
        actions = uow.reports.actions(lo, hi)
        due_today, overdue, unsynced = uow.reports.clocks(last_day, hi, ref)
    return Figures(
        start=start, end=end, as_of=ref, received=sum(by_channel.values()), by_channel=by_channel,
        by_procedure=dict(sorted(by_procedure.items(), key=lambda kv: (-kv[1], kv[0]))),
        procedure_names=names, by_officer=dict(sorted(by_officer.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_hour=by_hour, due_today=due_today, overdue=overdue,
        supplement_requested=actions.get("request-supplement", (0, 0))[0],
        refused=actions.get("refuse", (0, 0))[0], extended=actions.get("extend", (0, 0))[0],
        returned=actions.get("return", (0, 0))[0], returned_late=actions.get("return", (0, 0))[1],
        unsynced=unsynced,
    )  # fmt: skip


def figure_dossiers(
    ctx: DeskContext, actor: User, figure: str, start: date, end: date, key: str = ""
) -> list[dict[str, Any]]:
    """The dossiers behind one figure (``key``: the procedure code, officer or hour for those figures),
    oldest first, at most :data:`LIST_LIMIT`."""
    _allowed(ctx, actor)
    if figure not in FIGURES:
        raise DeskError(f"Không có chỉ số {figure}")
    if figure == "hour" and not (key.isdigit() and 0 <= int(key) <= 23):
        raise DeskError(f"Giờ không hợp lệ: {key}")
    lo, hi, last_day, ref = _window(ctx, start, end)
    with ctx.uow() as uow:
        return uow.reports.behind(figure, lo, hi, last_day, ref, key, LIST_LIMIT)


def register_rows(ctx: DeskContext, actor: User, start: date, end: date) -> Iterator[RegisterRow]:
    """The register book's rows for dossiers received ``start`` … ``end`` (streamed)."""
    from desk_app.documents.register import RegisterRow  # reportlab, only when the book is made

    _allowed(ctx, actor)
    lo, hi, _last, _ref = _window(ctx, start, end)
    own = ctx.config.station.agency_name  # the station leads unless the catalogue names another agency
    with ctx.uow() as uow:
        leads = {p.code: p.lead_agency for p in uow.catalogue.all() if p.lead_agency}
        for r in uow.reports.register(lo, hi):
            notes = []
            if r.status == "voided":
                notes.append("Đã hủy" + (f": {r.void_reason}" if r.void_reason else ""))
            elif r.status == "refused":
                notes.append("Từ chối" + (f": {r.refuse_reason}" if r.refuse_reason else ""))
            elif r.status == "stopped":
                notes.append("Dừng giải quyết" + (f": {r.stop_reason}" if r.stop_reason else ""))
            if r.channel == "post":
                notes.append("Qua bưu chính")
            if r.note:
                notes.append(r.note)
            contact = "; ".join(x for x in (r.applicant_address, r.applicant_phone) if x)
            yield RegisterRow(
                book=r.register_book, number=r.register_number, year=r.received_at.year, code=r.code,
                procedure=r.procedure_name, sets=r.sets, applicant=r.applicant_name, address_phone=contact,
                received_at=r.received_at, due_at=r.due_at, transferred_at=r.transferred_at,
                result_at=r.result_received_at, returned_at=r.returned_at, note=" — ".join(notes),
                first_due_at=r.first_due_at, lead_agency=leads.get(r.procedure_code, own),
            )  # fmt: skip


def export_register(ctx: DeskContext, actor: User, start: date, end: date, out: Path) -> int:
    """``desk-app register``: the book for the range as PDF or XLSX (by ``out``'s suffix), written whole
    under a temporary name and then renamed (never half a file); the number of dossiers in it."""
    from desk_app.documents.register import RegisterHeader, render_register_pdf, write_register_xlsx

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise DeskError(f"Tệp sổ phải có đuôi .pdf hoặc .xlsx: {out}")
    if not out.parent.is_dir():
        raise DeskError(f"Không có thư mục {out.parent}")
    station = ctx.config.station
    header = RegisterHeader(station.parent_agency, station.agency_name, station.desk, start, end)
    rows = register_rows(ctx, actor, start, end)
    with replacing(out) as tmp:
        if suffix == ".pdf":
            count = render_register_pdf(header, rows, tmp, resource("fonts"))
        else:
            count = write_register_xlsx(header, rows, tmp)
    with ctx.uow(write=True) as uow:
        uow.audit.append(ctx.clock(), actor.username, "register.export", out.name,
                         {"from": start.isoformat(), "to": end.isoformat(), "dossiers": count})  # fmt: skip
        uow.commit()
    return count


#: the summary's rows, in the dashboard's order
SUMMARY_LABELS = (
    ("received", "Tiếp nhận"), ("walk_in", "— trực tiếp tại quầy"), ("post", "— qua bưu chính công ích"),
    ("due_today", "Đến hạn trả trong ngày"), ("overdue", "Quá hạn (chưa có kết quả)"),
    ("supplement_requested", "Yêu cầu bổ sung, hoàn thiện"), ("refused", "Từ chối tiếp nhận, giải quyết"),
    ("extended", "Gia hạn"), ("returned", "Đã trả kết quả"), ("returned_late", "— trong đó trễ hạn"),
    ("unsynced", "Chưa gửi lên máy chủ trung tâm"),
)  # fmt: skip


def export_day_summary(ctx: DeskContext, actor: User, start: date, end: date, out: Path) -> Figures:
    """The daily summary PDF (figures, receipts by hour as a chart, by procedure, by officer), written whole
    under a temporary name and then renamed."""
    from desk_app.documents.day_summary import DaySummary, render_day_summary

    if out.suffix.lower() != ".pdf":
        raise DeskError(f"Tệp báo cáo phải có đuôi .pdf: {out}")
    if not out.parent.is_dir():
        raise DeskError(f"Không có thư mục {out.parent}")
    found = figures(ctx, actor, start, end)
    values = {**found.by_channel, **{k: v for k, v in found.as_json().items() if isinstance(v, int)}}
    station = ctx.config.station
    names = found.procedure_names
    summary = DaySummary(
        parent_agency=station.parent_agency, agency_name=station.agency_name, desk=station.desk, start=start,
        end=end, as_of=found.as_of, figures=[(label, values[key]) for key, label in SUMMARY_LABELS],
        by_hour=found.by_hour,
        by_procedure=[(f"{code} — {names.get(code, '')}", n) for code, n in found.by_procedure.items()],
        by_officer=list(found.by_officer.items()),
    )  # fmt: skip
    with replacing(out) as tmp:
        render_day_summary(summary, tmp, resource("fonts"))
    return found
