"""Working days and due dates (ngày làm việc, hạn trả kết quả) — DOMAIN_VN.md §6.

The calendar is yearly data: for each year a :class:`YearSchedule` lists the official days off and the
make-up working days (ngày làm bù: a Saturday or Sunday worked in exchange for a weekday off). Years
without data fall back to :func:`computed_schedule` (the Labor Code's holidays, marked *provisional*).

Counting rule of :func:`due_date` (the cutoff and the return time are station settings, :class:`DueRules`):

1. The effective day of receipt is the day of receipt if it is a working day and the time is not after
   the cutoff (15:00 by default: the rule says "sau 15 giờ", so a receipt at 15:00 itself counts that day);
   otherwise the next working day (a Saturday counter counts from Monday).
2. The first day is not counted: N working days end on the N-th working day *after* the effective day,
   at the return time.
3. Other kinds (:class:`~desk_app.domain.model.LimitUnit`): **at once** — due at the receipt itself (a
   notice: nothing to return); **half a working day** — a receipt on a working day before noon is due the
   same day at the return time, one in the afternoon (up to the cutoff) the next working day at the
   morning return time (11:00), a later one (or one on a day off) the next working day at 11:00 too;
   **N calendar days** — the N-th day after the effective day, moved on to the next working day if it is
   not one. A promised return time is always on a working day, within working hours. A limit in hours
   (dossiers of earlier builds only) runs in clock hours, then moves on to working hours the same way.

Yearly file format (TOML, UTF-8; one file per year, every date inside that year)::

    # Nguồn: ...                    (comments start with #)
    year = 2026
    status = "official"             # "official" (chính thức) or "provisional" (dự kiến): the default
    source = "Văn bản … / báo …"    # of every entry; an official entry needs a source (its own or this)

    [[days_off]]                    # one day off ...
    date = 2026-01-01
    name = "Tết Dương lịch"
    source = "Văn bản 12729/VPCP-KGVX"  # an entry may say its own source ...
    status = "provisional"          # ... and be provisional in an official year (never the reverse)

    [[days_off]]                    # ... or a run of days, both ends included (weekends may be listed)
    from = 2026-02-14
    to = 2026-02-22
    name = "Tết Nguyên đán"

    [[working_days]]                # make-up working day: must be a Saturday or Sunday
    date = 2026-01-10
    name = "Làm bù cho thứ Sáu 2/1"

Dates are TOML dates (``2026-01-10``) or the same written as a string; ``name`` may be left out.
Pure module: no file I/O and no clock; callers read the files and pass the text in.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from desk_app.domain.errors import DeskError
from desk_app.domain.lunar_holidays import MAX_YEAR, MIN_YEAR, check_year, statutory_days_off
from desk_app.domain.model import LimitUnit, TimeLimit
from desk_app.domain.text import clean

OFFICIAL = "official"
PROVISIONAL = "provisional"
STATUSES = (OFFICIAL, PROVISIONAL)

DEFAULT_DAY_OFF_NAME = "Ngày nghỉ"
DEFAULT_WORKING_DAY_NAME = "Ngày làm bù"
COMPUTED_SOURCE = (
    "Tính theo Bộ luật Lao động 2019 (Điều 111, 112) và âm lịch Việt Nam; chưa có thông báo chính thức"
)

_SATURDAY = 5
_MAX_RUN_DAYS = 31
_SECTIONS = {"days_off": "ngày nghỉ [[days_off]]", "working_days": "ngày làm bù [[working_days]]"}
_TOP_KEYS = frozenset({"year", "status", "source", *_SECTIONS})
_ENTRY_KEYS = frozenset({"date", "from", "to", "name", "status", "source"})
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def _frozen(days: Mapping[date, str]) -> Mapping[date, str]:
    return MappingProxyType(dict(sorted(days.items())))


@dataclass(frozen=True)
class YearSchedule:
    """One year's days off and make-up working days; invalid data raises :class:`DeskError`."""

    year: int
    status: str
    days_off: Mapping[date, str]
    working_days: Mapping[date, str] = field(default_factory=dict)
    source: str = ""
    provisional_days: frozenset[date] = frozenset()  # entries marked provisional in an official year
    sources: Mapping[date, str] = field(default_factory=dict)  # an entry's own source, where it gives one

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise DeskError(f"Năm của lịch phải là một số, ví dụ year = 2026 (đang là {self.year!r})")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DeskError(f"Năm {self.year} nằm ngoài phạm vi hỗ trợ ({MIN_YEAR}–{MAX_YEAR})")
        if self.status not in STATUSES:
            raise DeskError(
                f'Trạng thái "{self.status}" không hợp lệ: phải là "official" (chính thức) '
                'hoặc "provisional" (dự kiến)'
            )
        for section, days in (("days_off", self.days_off), ("working_days", self.working_days)):
            for day, name in days.items():
                if not isinstance(day, date) or isinstance(day, datetime):
                    raise DeskError(f"Giá trị {day!r} trong {_SECTIONS[section]} không phải là một ngày")
                if day.year != self.year:
                    raise DeskError(
                        f"Ngày {day.isoformat()} ({_SECTIONS[section]}) không thuộc năm {self.year}: "
                        "mỗi ngày phải nằm trong tệp của năm đó"
                    )
                if not isinstance(name, str):
                    raise DeskError(f"Tên của ngày {day.isoformat()} phải là chữ")
        for day in self.working_days:
            if day in self.days_off:
                raise DeskError(f"Ngày {day.isoformat()} vừa là ngày nghỉ vừa là ngày làm bù")
            if day.weekday() < _SATURDAY:
                raise DeskError(
                    f"Ngày làm bù {day.isoformat()} rơi vào ngày thường; "
                    "ngày làm bù phải là thứ Bảy hoặc Chủ nhật"
                )
        listed = set(self.days_off) | set(self.working_days)
        if not set(self.provisional_days) <= listed or not set(self.sources) <= listed:
            raise DeskError("Trạng thái hoặc nguồn riêng chỉ ghi cho ngày có trong lịch")
        object.__setattr__(self, "days_off", _frozen(self.days_off))
        object.__setattr__(self, "working_days", _frozen(self.working_days))
        object.__setattr__(self, "provisional_days", frozenset(self.provisional_days))
        object.__setattr__(self, "sources", _frozen(self.sources))

    def is_provisional(self, day: date) -> bool:
        """Whether ``day``'s entry (or the whole year) is provisional."""
        return self.status == PROVISIONAL or day in self.provisional_days

    def source_of(self, day: date) -> str:
        return self.sources.get(day) or self.source

    def __hash__(self) -> int:
        return hash(
            (
                self.year,
                self.status,
                tuple(self.days_off.items()),
                tuple(self.working_days.items()),
                self.source,
                tuple(sorted(self.provisional_days)),
                tuple(self.sources.items()),
            )
        )


# --- the yearly file -------------------------------------------------------------------------------------


def parse_year_file(text: str) -> YearSchedule:
    """Parse and strictly validate the TOML text of one yearly calendar file (format in the module doc)."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))  # Windows Notepad may write a BOM
    except tomllib.TOMLDecodeError as exc:
        raise DeskError(_toml_message(exc)) from exc
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise DeskError(f"Tệp lịch có khóa không hợp lệ: {', '.join(unknown)} (chỉ dùng {_keys(_TOP_KEYS)})")
    if "year" not in data:
        raise DeskError('Tệp lịch thiếu khóa "year" (năm của lịch), ví dụ: year = 2026')
    if "status" not in data:
        raise DeskError('Tệp lịch thiếu khóa "status": "official" (chính thức) hoặc "provisional" (dự kiến)')
    status, source = data["status"], data.get("source", "")
    if not isinstance(source, str):
        raise DeskError('Khóa "source" (nguồn) phải là chữ đặt trong dấu ngoặc kép')
    if status == OFFICIAL and not source.strip():
        raise DeskError('Lịch chính thức phải ghi nguồn (khóa "source": số văn bản hoặc bài báo)')
    notes = _Notes(status, source.strip())
    days_off = _section(data, "days_off", DEFAULT_DAY_OFF_NAME, notes)
    working_days = _section(data, "working_days", DEFAULT_WORKING_DAY_NAME, notes)
    return YearSchedule(
        year=data["year"],
        status=status,
        days_off=days_off,
        working_days=working_days,
        source=source.strip(),
        provisional_days=frozenset(notes.provisional),
        sources=notes.sources,
    )


@dataclass
class _Notes:
    """The year's default status and source, and what each entry says of its own."""

    status: str
    source: str
    provisional: set[date] = field(default_factory=set)
    sources: dict[date, str] = field(default_factory=dict)

    def take(self, entry: Mapping[str, Any], days: list[date], where: str) -> None:
        status, source = entry.get("status", self.status), entry.get("source", "")
        if status not in STATUSES:
            raise DeskError(f'{where}: "status" phải là "official" (chính thức) hoặc "provisional" (dự kiến)')
        if status == OFFICIAL and self.status == PROVISIONAL:
            raise DeskError(f"{where}: một ngày không thể chính thức trong lịch dự kiến của cả năm")
        if not isinstance(source, str):
            raise DeskError(f'{where}: "source" (nguồn) phải là chữ đặt trong dấu ngoặc kép')
        if status == OFFICIAL and not (source.strip() or self.source):
            raise DeskError(f'{where}: ngày chính thức phải ghi nguồn ("source": số văn bản hoặc bài báo)')
        for day in days:
            if status == PROVISIONAL and self.status == OFFICIAL:  # a provisional year is so as a whole
                self.provisional.add(day)
            if source.strip():
                self.sources[day] = clean(source)


def _section(data: Mapping[str, Any], section: str, default_name: str, notes: _Notes) -> dict[date, str]:
    entries = data.get(section, [])
    label = _SECTIONS[section]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DeskError(f"Mục {label} phải viết thành các bảng [[{section}]], mỗi bảng một ngày/khoảng ngày")
    days: dict[date, str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{label}, mục thứ {number}"
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            allowed = _keys(_ENTRY_KEYS)
            raise DeskError(f"{where}: khóa không hợp lệ {', '.join(unknown)} (chỉ dùng {allowed})")
        name = entry.get("name", default_name)
        if not isinstance(name, str) or not name.strip():
            raise DeskError(f'{where}: "name" phải là chữ, không để trống')
        listed = _entry_days(entry, where)
        for day in listed:
            if day in days:
                raise DeskError(f"{where}: ngày {day.isoformat()} đã được khai ở một mục khác")
            days[day] = clean(name)
        notes.take(entry, listed, where)
    return days


def _entry_days(entry: Mapping[str, Any], where: str) -> list[date]:
    if "date" in entry:
        if "from" in entry or "to" in entry:
            raise DeskError(f'{where}: dùng "date" (một ngày) hoặc "from" và "to" (một khoảng), không cả hai')
        return [_as_date(entry["date"], where, "date")]
    if "from" not in entry or "to" not in entry:
        raise DeskError(f'{where}: thiếu ngày ("date", hoặc cả "from" và "to")')
    start, end = _as_date(entry["from"], where, "from"), _as_date(entry["to"], where, "to")
    if end < start:
        raise DeskError(f"{where}: ngày kết thúc {end.isoformat()} trước ngày bắt đầu {start.isoformat()}")
    if (end - start).days >= _MAX_RUN_DAYS:
        raise DeskError(f"{where}: khoảng {start.isoformat()} – {end.isoformat()} quá {_MAX_RUN_DAYS} ngày")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _as_date(value: object, where: str, key: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise DeskError(f'{where}: "{key}" = {value!r} không phải ngày hợp lệ (viết năm-tháng-ngày: 2026-02-16)')


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    detail = str(exc)
    match = _TOML_POSITION.search(detail)
    if match is None:
        return f"Tệp lịch sai cú pháp TOML ({detail})"
    reason = detail[: match.start()]
    place = f"dòng {match.group(1)}, cột {match.group(2)}" if match.group(1) else "cuối tệp"
    return f"Tệp lịch sai cú pháp TOML ở {place} (ngày không tồn tại? thiếu dấu ngoặc kép?): {reason}"


def _keys(keys: Iterable[str]) -> str:
    return ", ".join(sorted(keys))


# --- the computed fallback -------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def computed_schedule(year: int) -> YearSchedule:
    """The provisional schedule of a year without data (rules in :mod:`desk_app.domain.lunar_holidays`).

    Raises ``ValueError`` outside the supported years (1900–2199).
    """
    check_year(year)
    days_off = statutory_days_off(year)
    return YearSchedule(year=year, status=PROVISIONAL, days_off=days_off, source=COMPUTED_SOURCE)


# --- the calendar ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearIndex:
    """A year precomputed for fast look-ups: one flag per day and the sorted working-day ordinals."""

    first: int  # ordinal of 1 January
    flags: bytes  # flags[ordinal - first] == 1 on a working day
    working: tuple[int, ...]
    provisional: bool  # the whole year
    provisional_days: tuple[int, ...]  # sorted ordinals of provisional entries in an official year


def _index(schedule: YearSchedule) -> _YearIndex:
    first = date(schedule.year, 1, 1).toordinal()
    last = date(schedule.year, 12, 31).toordinal()
    days = [date.fromordinal(o) for o in range(first, last + 1)]
    working = tuple(
        d.toordinal()
        for d in days
        if d in schedule.working_days or (d.weekday() < _SATURDAY and d not in schedule.days_off)
    )
    flags = bytearray(last - first + 1)
    for o in working:
        flags[o - first] = 1
    provisional_days = tuple(sorted(d.toordinal() for d in schedule.provisional_days))
    return _YearIndex(first, bytes(flags), working, schedule.status == PROVISIONAL, provisional_days)


class WorkingCalendar:
    """Working days from yearly schedules (a later schedule replaces an earlier one of the same year).

    Years without a schedule use :func:`computed_schedule` and are provisional. Per-year look-up tables are
    built once and cached, so :func:`due_date` stays cheap over a million rows.
    """

    _MEMO_LIMIT = 100_000

    def __init__(self, schedules: Iterable[YearSchedule] = ()) -> None:
        self._given: dict[int, YearSchedule] = {}
        for schedule in schedules:
            self._given[schedule.year] = schedule
        self._years: dict[int, _YearIndex] = {}
        self._due_memo: dict[tuple[object, ...], DueDate] = {}  # filled by due_date()

    def schedule_for(self, year: int) -> YearSchedule:
        """The given schedule of ``year``, else the computed (provisional) one."""
        given = self._given.get(year)
        return given if given is not None else computed_schedule(year)

    def is_working_day(self, d: date) -> bool:
        """Monday–Friday unless a day off; a listed make-up Saturday/Sunday is a working day."""
        index = self._year(d.year)
        return index.flags[d.toordinal() - index.first] == 1

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day strictly after ``d`` (``n`` ≥ 1); ``d`` itself is never counted."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        year = d.year
        index = self._year(year)
        position = bisect_right(index.working, d.toordinal())
        while n > len(index.working) - position:
            n -= len(index.working) - position
            year += 1
            index, position = self._year(year), 0
        return date.fromordinal(index.working[position + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in ``(start, end]`` (0 when ``end <= start``)."""
        count, year = 0, start.year
        while year <= end.year:
            index = self._year(year)
            low = bisect_right(index.working, start.toordinal())
            count += max(0, bisect_right(index.working, end.toordinal()) - low)
            year += 1
        return count

    def is_provisional(self, d: date) -> bool:
        """True when ``d``'s year comes from the computed fallback or a file marked provisional, or ``d``
        is an entry marked provisional."""
        index = self._year(d.year)
        return index.provisional or d.toordinal() in index.provisional_days

    def provisional_between(self, start: date, end: date) -> list[date]:
        """The days of ``[start, end]`` whose working/off status is not official: every day of a provisional
        year, and the provisional entries of official years."""
        found: list[date] = []
        for year in range(start.year, end.year + 1):
            index = self._year(year)
            low = max(start, date(year, 1, 1)).toordinal()
            high = min(end, date(year, 12, 31)).toordinal()
            if index.provisional:
                found += [date.fromordinal(o) for o in range(low, high + 1)]
            else:
                found += [date.fromordinal(o) for o in index.provisional_days if low <= o <= high]
        return found

    def _provisional_span(self, start: date, end: date) -> bool:
        for year in range(start.year, end.year + 1):
            index = self._year(year)
            if index.provisional:
                return True
            low, high = start.toordinal(), end.toordinal()
            at = bisect_right(index.provisional_days, low - 1)
            if at < len(index.provisional_days) and index.provisional_days[at] <= high:
                return True
        return False

    def covered_until(self) -> date | None:
        """The last day of the last official year given, or ``None`` when no official year is given."""
        years = [year for year, schedule in self._given.items() if schedule.status == OFFICIAL]
        return date(max(years), 12, 31) if years else None

    def holiday_name(self, d: date) -> str | None:
        """The name of the day off ``d`` (e.g. "Tết Nguyên đán"), or ``None``."""
        return self.schedule_for(d.year).days_off.get(d)

    def _year(self, year: int) -> _YearIndex:
        index = self._years.get(year)
        if index is None:
            index = self._years[year] = _index(self.schedule_for(year))
        return index

    def _count(self, day: date, counts_today: bool, n: int) -> tuple[date, date, bool]:
        """(effective day, N-th working day after it, provisional) for a receipt on ``day``."""
        effective = day if counts_today and self.is_working_day(day) else self.next_working_day(day)
        due = self.add_working_days(effective, n)
        return effective, due, self._provisional_span(day, due)


# --- due dates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRules:
    """Station settings: receipts after ``cutoff`` count from the next working day; results due in
    working days are promised at ``return_time`` (both local wall-clock times, no tzinfo)."""

    cutoff: time = time(15, 0)
    return_time: time = time(16, 0)
    morning_return: time = time(11, 0)  # half a working day from the afternoon: the next morning
    opens: time = time(7, 30)  # working hours start (a promised time is never before)

    def __post_init__(self) -> None:
        times = (self.cutoff, self.return_time, self.morning_return, self.opens)
        if any(t.tzinfo is not None for t in times):
            raise ValueError("DueRules times are wall-clock times: give them without tzinfo")


@dataclass(frozen=True)
class DueDate:
    """When the result is due (``at``, same tz as the receipt), the effective day of receipt, and whether
    any day used in the count comes from a provisional year."""

    at: datetime
    effective_day: date
    provisional: bool


def due_date(
    received_at: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    rules: DueRules = DueRules(),  # frozen, so one shared default is safe
) -> DueDate:
    """The due date of a dossier received at ``received_at`` (aware; days are taken in its own tz)."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware (Vietnam: desk_app.domain.model.VN_TZ)")
    day = received_at.date()
    if limit.unit is LimitUnit.AT_ONCE:
        return DueDate(at=received_at, effective_day=day, provisional=False)
    if limit.unit is LimitUnit.HOURS:
        elapsed = received_at.astimezone(UTC) + timedelta(hours=limit.value)  # clock hours, DST-proof
        at = _within_working_hours(elapsed.astimezone(received_at.tzinfo), calendar, rules)
        return DueDate(at=at, effective_day=day, provisional=calendar._provisional_span(day, at.date()))
    if limit.unit is LimitUnit.HALF_DAY:
        return _half_day(received_at, calendar, rules)
    if limit.unit is LimitUnit.CALENDAR_DAYS:
        counts_today = received_at.time() <= rules.cutoff
        effective = day if counts_today and calendar.is_working_day(day) else calendar.next_working_day(day)
        due = effective + timedelta(days=limit.value)
        if not calendar.is_working_day(due):
            due = calendar.next_working_day(due)
        at = datetime.combine(due, rules.return_time, tzinfo=received_at.tzinfo)
        return DueDate(at, effective, calendar._provisional_span(day, due))
    if limit.unit is not LimitUnit.WORKING_DAYS:
        raise ValueError(f"unknown time-limit unit {limit.unit!r}")
    # A million rows share a few thousand (day, before cutoff, N) keys: the result is memoised per calendar.
    tz, counts_today = received_at.tzinfo, received_at.time() <= rules.cutoff
    key = (day, counts_today, limit.value, rules.return_time, tz, id(tz))  # equal tzinfos may differ in name
    memo = calendar._due_memo
    found = memo.get(key)
    if found is None:
        effective, due, provisional = calendar._count(day, counts_today, limit.value)
        found = DueDate(datetime.combine(due, rules.return_time, tzinfo=tz), effective, provisional)
        if len(memo) >= calendar._MEMO_LIMIT:
            memo.clear()
        memo[key] = found
    return found


NOON = time(12, 0)


def _half_day(received_at: datetime, calendar: WorkingCalendar, rules: DueRules) -> DueDate:
    """Half a working day (rule 3 of the module): the same afternoon, or the next working morning."""
    day, tz, clock = received_at.date(), received_at.tzinfo, received_at.time()
    working = calendar.is_working_day(day)
    if working and clock < NOON:
        effective, due, at = day, day, rules.return_time
    elif working and clock <= rules.cutoff:
        effective, due, at = day, calendar.next_working_day(day), rules.morning_return
    else:  # after the cutoff, or a day off: half a day from the next working day's opening
        effective = due = calendar.next_working_day(day)
        at = rules.morning_return
    return DueDate(datetime.combine(due, at, tzinfo=tz), effective, calendar._provisional_span(day, due))


def _within_working_hours(at: datetime, calendar: WorkingCalendar, rules: DueRules) -> datetime:
    """``at``, or the next moment within working hours on a working day (the return time at the latest)."""
    day = at.date()
    if calendar.is_working_day(day) and rules.opens <= at.time() <= rules.return_time:
        return at
    if calendar.is_working_day(day) and at.time() < rules.opens:
        return datetime.combine(day, rules.opens, tzinfo=at.tzinfo)
    return datetime.combine(calendar.next_working_day(day), rules.opens, tzinfo=at.tzinfo)
