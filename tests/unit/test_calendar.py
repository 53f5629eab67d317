"""Working-day calendar and due dates (desk_app.domain.calendar, DOMAIN_VN.md §6).

Reads the real yearly files shipped in resources/calendar.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain import lunar_holidays
from desk_app.domain.calendar import (
    OFFICIAL,
    PROVISIONAL,
    DueDate,
    DueRules,
    WorkingCalendar,
    YearSchedule,
    computed_schedule,
    due_date,
    parse_year_file,
)
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ, LimitUnit, TimeLimit

CALENDAR_DIR = Path(__file__).parents[2] / "resources/calendar"
HOURS = LimitUnit.HOURS


@cache
def bundled(year: int) -> YearSchedule:
    return parse_year_file((CALENDAR_DIR / f"{year}.toml").read_text(encoding="utf-8"))


@cache
def official() -> WorkingCalendar:
    """The calendar a station gets out of the box: 2025 and 2026 from files, other years computed."""
    return WorkingCalendar([bundled(2025), bundled(2026)])


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def weekdays_off(schedule: YearSchedule) -> set[date]:
    return {d for d in schedule.days_off if d.weekday() < 5}


# --- Vietnamese lunar calendar and the computed fallback ----------------------------------------------


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [
        (1985, date(1985, 1, 21), date(1985, 2, 20)),
        (2007, date(2007, 2, 17), date(2007, 2, 18)),
        (2030, date(2030, 2, 2), date(2030, 2, 3)),
    ],
)
def test_tet_follows_the_vietnamese_not_the_chinese_calendar(year: int, vietnam: date, china: date) -> None:
    assert lunar_holidays.tet(year) == vietnam
    tet_days = {d for d, name in computed_schedule(year).days_off.items() if name == "Tết Nguyên đán"}
    # the last day of the lunar year, then mồng 1 to mồng 4
    assert tet_days == {vietnam + timedelta(days=i) for i in range(-1, 4)}
    assert vietnam != china


def test_fallback_tet_2026_is_the_official_five_days() -> None:
    tet = {d for d, n in computed_schedule(2026).days_off.items() if n == "Tết Nguyên đán"}
    assert tet == {date(2026, 2, 16) + timedelta(days=i) for i in range(5)}


@pytest.mark.parametrize(
    ("year", "hung_kings"),
    [
        (2023, date(2023, 4, 29)),
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),
        (2030, date(2030, 4, 12)),
    ],
)
def test_hung_kings_day_is_the_tenth_of_the_third_lunar_month(year: int, hung_kings: date) -> None:
    assert computed_schedule(year).days_off[hung_kings] == "Giỗ Tổ Hùng Vương"


@pytest.mark.parametrize(
    ("year", "off"),
    [  # weekdays off around 2/9 as the government decided them
        (2021, {date(2021, 9, 2), date(2021, 9, 3)}),  # Thursday → Friday 3/9
        (2022, {date(2022, 9, 1), date(2022, 9, 2)}),  # Friday → Thursday 1/9
        (2023, {date(2023, 9, 1), date(2023, 9, 4)}),  # Saturday → Friday 1/9 + Monday 4/9 (bù)
        (2024, {date(2024, 9, 2), date(2024, 9, 3)}),  # Monday → Tuesday 3/9
        (2025, {date(2025, 9, 1), date(2025, 9, 2)}),  # Tuesday → Monday 1/9
    ],
)
def test_national_day_companion_matches_the_decisions_of_2021_to_2025(year: int, off: set[date]) -> None:
    window = {d for d in weekdays_off(computed_schedule(year)) if d.month in (8, 9)}
    assert window == off


def test_national_day_on_sunday_gives_monday_and_a_compensatory_tuesday() -> None:
    days_off = computed_schedule(2029).days_off  # 2/9/2029 is a Sunday
    assert date(2029, 9, 2).weekday() == 6
    assert days_off[date(2029, 9, 3)] == "Quốc khánh"
    assert days_off[date(2029, 9, 4)] == "Nghỉ bù Quốc khánh"
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2029, 9, 4))
    assert calendar.is_working_day(date(2029, 9, 5))


def test_national_day_on_saturday_gives_the_next_monday() -> None:
    days_off = computed_schedule(2023).days_off
    assert days_off[date(2023, 9, 4)] == "Nghỉ bù Quốc khánh"


@pytest.mark.parametrize(("year", "monday"), [(2023, date(2023, 1, 2)), (2028, date(2028, 1, 3))])
def test_new_year_on_a_weekend_gives_the_next_working_day(year: int, monday: date) -> None:
    assert date(year, 1, 1).weekday() >= 5
    assert computed_schedule(year).days_off[monday] == "Nghỉ bù Tết Dương lịch"
    assert not WorkingCalendar().is_working_day(monday)
    assert WorkingCalendar().next_working_day(date(year, 1, 1)) == monday + timedelta(days=1)


def test_compensatory_days_skip_other_holidays() -> None:
    # 2023: Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday; Monday 1/5 is itself a holiday.
    days_off = computed_schedule(2023).days_off
    assert days_off[date(2023, 5, 1)] == "Ngày Quốc tế Lao động"
    assert days_off[date(2023, 5, 2)] == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert days_off[date(2023, 5, 3)] == "Nghỉ bù Ngày Chiến thắng"
    assert date(2023, 5, 4) not in days_off


@settings(max_examples=60, deadline=None)
@given(st.integers(1950, 2199))
def test_every_computed_year_gives_eleven_weekdays_off(year: int) -> None:
    schedule = computed_schedule(year)
    assert schedule.status == PROVISIONAL and schedule.source
    assert not schedule.working_days
    assert all(d.year == year for d in schedule.days_off)
    # 1/1 + 5 Tết + Giỗ Tổ + 30/4 + 1/5 + 2/9 + its companion: each one costs exactly one weekday
    assert len(weekdays_off(schedule)) == 11
    for day, name in schedule.days_off.items():
        if name.startswith("Nghỉ bù"):
            assert day.weekday() < 5


def test_computed_schedule_rejects_unsupported_years() -> None:
    with pytest.raises(ValueError):
        computed_schedule(1899)
    with pytest.raises(ValueError):
        computed_schedule(2200)


# --- the bundled yearly files ----------------------------------------------------------------------------


def test_bundled_2025() -> None:
    s = bundled(2025)
    assert (s.year, s.status) == (2025, OFFICIAL) and s.source
    assert weekdays_off(s) == {
        date(2025, 1, 1),
        *(date(2025, 1, 27) + timedelta(days=i) for i in range(5)),
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
    }
    assert dict(s.working_days).keys() == {date(2025, 4, 26)}


def test_bundled_2026() -> None:
    s = bundled(2026)
    assert (s.year, s.status) == (2026, OFFICIAL) and s.source
    assert weekdays_off(s) == {
        date(2026, 1, 1),
        date(2026, 1, 2),
        *(date(2026, 2, 16) + timedelta(days=i) for i in range(5)),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # swapped to Saturday 22/8
        date(2026, 9, 1),
        date(2026, 9, 2),
    }
    assert dict(s.working_days).keys() == {date(2026, 1, 10), date(2026, 8, 22)}
    assert not s.provisional_days  # nothing in it is labelled official without being so
    for day in (*s.days_off, *s.working_days):
        assert s.source_of(day) and s.source_of(day) != s.source, day  # each entry names its own source
    assert "Bộ Nội vụ" in s.source_of(date(2026, 8, 31))


def test_bundled_2026_differs_from_the_fallback_by_its_two_swaps() -> None:
    assert weekdays_off(bundled(2026)) - {date(2026, 1, 2), date(2026, 8, 31)} == weekdays_off(
        computed_schedule(2026)
    )


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (datetime(2026, 8, 20, 10, 0), 3, date(2026, 8, 24)),  # Fri 21, make-up Sat 22, Mon 24
        (datetime(2026, 8, 28, 10, 0), 2, date(2026, 9, 4)),  # 31/8, 1/9, 2/9 off: Thu 3, Fri 4
        (datetime(2026, 8, 21, 15, 0), 1, date(2026, 8, 22)),  # 15:00 itself counts that day
        (datetime(2026, 8, 21, 15, 0, 1), 1, date(2026, 8, 24)),  # after 15:00: from the make-up Saturday
        (datetime(2026, 8, 22, 9, 0), 1, date(2026, 8, 24)),  # received on the make-up Saturday
        (datetime(2026, 2, 13, 16, 0), 1, date(2026, 2, 24)),  # after the cutoff before Tết: Mon 23 first
        (datetime(2026, 4, 24, 9, 0), 2, date(2026, 4, 29)),  # Giỗ Tổ Monday 27/4 off: Tue 28, Wed 29
        (datetime(2026, 4, 29, 9, 0), 1, date(2026, 5, 4)),  # 30/4 and 1/5 off
        (datetime(2025, 4, 25, 9, 0), 1, date(2025, 4, 26)),  # 2025: the make-up Saturday 26/4 counts
        (datetime(2025, 4, 29, 9, 0), 1, date(2025, 5, 5)),  # 2025: 30/4–4/5 off
        (datetime(2025, 8, 29, 9, 0), 1, date(2025, 9, 3)),  # 2025: 1/9 and 2/9 off
        (datetime(2025, 12, 31, 14, 0), 2, date(2026, 1, 6)),  # across New Year: 1/1 and 2/1 off
        (datetime(2026, 1, 9, 10, 0), 1, date(2026, 1, 10)),  # the make-up Saturday 10/1 is day 1
        (datetime(2026, 1, 9, 15, 30), 1, date(2026, 1, 12)),  # after the cutoff: from Saturday 10/1
    ],
)
def test_due_dates_around_the_2025_and_2026_holidays(received: datetime, days: int, due: date) -> None:
    calendar = WorkingCalendar([bundled(2025), bundled(2026)])
    got = due_date(received.replace(tzinfo=VN_TZ), TimeLimit(days), calendar)
    assert got.at.date() == due and not got.provisional


def test_a_provisional_entry_marks_the_due_dates_that_cross_it() -> None:
    text = """
year = 2027
status = "official"
source = "Thông báo nghỉ lễ 2027"
[[days_off]]
date = 2027-01-01
name = "Tết Dương lịch"
[[days_off]]
date = 2027-09-03
name = "Quốc khánh (ngày liền kề, chờ thông báo)"
status = "provisional"
"""
    s = parse_year_file(text)
    assert s.provisional_days == {date(2027, 9, 3)} and s.is_provisional(date(2027, 9, 3))
    calendar = WorkingCalendar([s])
    assert calendar.provisional_between(date(2027, 8, 1), date(2027, 12, 31)) == [date(2027, 9, 3)]
    early = due_date(datetime(2027, 3, 1, 9, 0, tzinfo=VN_TZ), TimeLimit(3), calendar)
    across = due_date(datetime(2027, 9, 1, 9, 0, tzinfo=VN_TZ), TimeLimit(3), calendar)
    assert not early.provisional and across.provisional


def test_an_official_entry_needs_a_source_and_a_provisional_year_has_no_official_entry() -> None:
    no_source = 'year = 2027\nstatus = "official"\n[[days_off]]\ndate = 2027-01-01\n'
    with pytest.raises(DeskError, match="phải ghi nguồn"):
        parse_year_file(no_source)
    own = no_source.replace('"official"\n', '"official"\nsource = "Thông báo 2027"\n') + (
        'source = "Bộ luật Lao động 2019, Điều 112"\n'
    )
    parsed = parse_year_file(own)
    assert parsed.source_of(date(2027, 1, 1)) == "Bộ luật Lao động 2019, Điều 112"
    assert parsed.source == "Thông báo 2027"
    mixed = 'year = 2027\nstatus = "provisional"\n[[days_off]]\ndate = 2027-01-01\nstatus = "official"\n'
    with pytest.raises(DeskError, match="không thể chính thức"):
        parse_year_file(mixed)


def test_readme_documents_the_format() -> None:
    readme = (CALENDAR_DIR / "README.md").read_text(encoding="utf-8")
    assert "[[working_days]]" in readme and "calendar/" in readme


# --- parsing: good input ---------------------------------------------------------------------------------

GOOD = """
year = 2026
status = "provisional"
[[days_off]]
from = "2026-02-14"
to = 2026-02-16
[[working_days]]
date = 2026-01-10
"""


def test_parse_accepts_ranges_string_dates_and_default_names() -> None:
    s = parse_year_file(GOOD)
    assert list(s.days_off) == [date(2026, 2, 14), date(2026, 2, 15), date(2026, 2, 16)]
    assert set(s.days_off.values()) == {"Ngày nghỉ"}
    assert s.working_days == {date(2026, 1, 10): "Ngày làm bù"}
    assert s.source == ""


def test_parse_accepts_a_byte_order_mark_and_normalises_names_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tết  Nguyên đán ")
    s = parse_year_file(
        f'\ufeffyear = 2026\nstatus = "provisional"\n[[days_off]]\ndate = 2026-02-17\nname = "{decomposed}"\n'
    )
    assert s.days_off[date(2026, 2, 17)] == unicodedata.normalize("NFC", "Tết Nguyên đán")


def test_schedules_are_immutable() -> None:
    s = parse_year_file(GOOD)
    assert isinstance(s.days_off, MappingProxyType)
    with pytest.raises(TypeError):
        s.days_off[date(2026, 3, 2)] = "x"  # type: ignore[index]


# --- parsing: bad input gives a Vietnamese DeskError -----------------------------------------------------

HEAD = 'year = 2026\nstatus = "provisional"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "[[days_off]]\ndate = 2026-02-30\n", "sai cú pháp TOML ở dòng 4"),
        (HEAD + '[[days_off]]\ndate = "2026-13-01"\n', "không phải ngày hợp lệ"),
        (HEAD + "[[days_off]]\ndate = 2026-02-16T08:00:00\n", "không phải ngày hợp lệ"),
        (HEAD + "[[days_off]]\ndate = 2025-12-31\n", "không thuộc năm 2026"),
        (HEAD + "[[working_days]]\ndate = 2027-01-09\n", "không thuộc năm 2026"),
        (
            HEAD + "[[days_off]]\ndate = 2026-01-10\n[[working_days]]\ndate = 2026-01-10\n",
            "vừa là ngày nghỉ vừa là ngày làm bù",
        ),
        (HEAD + "[[working_days]]\ndate = 2026-01-09\n", "phải là thứ Bảy hoặc Chủ nhật"),
        ('year = 2026\nstatus = "final"\n', 'Trạng thái "final" không hợp lệ'),
        ('status = "official"\nsource = "x"\n', 'thiếu khóa "year"'),
        ("year = 2026\n", 'thiếu khóa "status"'),
        ('year = 2026\nstatus = "official"\n', "phải ghi nguồn"),
        ('year = "2026"\nstatus = "provisional"\n', "phải là một số"),
        ('year = 1800\nstatus = "provisional"\n', "ngoài phạm vi hỗ trợ"),
        (HEAD + 'stauts = "official"\n', "khóa không hợp lệ: stauts"),
        (HEAD + "[[days_off]]\nday = 2026-02-16\n", "khóa không hợp lệ day"),
        (HEAD + '[[days_off]]\nname = "Tết"\n', "thiếu ngày"),
        (HEAD + "[[days_off]]\ndate = 2026-02-16\nfrom = 2026-02-16\nto = 2026-02-17\n", "không cả hai"),
        (HEAD + "[[days_off]]\nfrom = 2026-02-20\nto = 2026-02-16\n", "trước ngày bắt đầu"),
        (HEAD + "[[days_off]]\nfrom = 2026-01-01\nto = 2026-12-31\n", "quá 31 ngày"),
        (
            HEAD + "[[days_off]]\ndate = 2026-02-16\n[[days_off]]\nfrom = 2026-02-14\nto = 2026-02-18\n",
            "đã được khai",
        ),
        (HEAD + '[[days_off]]\ndate = 2026-02-16\nname = "  "\n', '"name" phải là chữ'),
        (HEAD + "[days_off]\ndate = 2026-02-16\n", "phải viết thành các bảng [[days_off]]"),
        (HEAD + 'source = "x\n', "sai cú pháp TOML ở dòng 3"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(text: str, expected: str) -> None:
    with pytest.raises(DeskError) as caught:
        parse_year_file(text)
    assert expected in caught.value.message


# --- parsing: round trip ---------------------------------------------------------------------------------

names = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")), min_size=1, max_size=20)
    .map(lambda s: " ".join(unicodedata.normalize("NFC", s).split()))
    .filter(bool)
)


@st.composite
def schedules(draw: st.DrawFn) -> YearSchedule:
    year = draw(st.integers(1990, 2150))
    in_year = st.dates(date(year, 1, 1), date(year, 12, 31))
    days_off = draw(st.dictionaries(in_year, names, max_size=15))
    weekend = in_year.filter(lambda d: d.weekday() >= 5 and d not in days_off)
    working = draw(st.dictionaries(weekend, names, max_size=4))
    status = draw(st.sampled_from([OFFICIAL, PROVISIONAL]))
    source = draw(names) if status == OFFICIAL else draw(st.just("") | names)
    return YearSchedule(year, status, days_off, working, source)


@settings(max_examples=80, deadline=None)
@given(schedules())
def test_parse_round_trip(schedule: YearSchedule) -> None:
    document: dict[str, object] = {"year": schedule.year, "status": schedule.status}
    document["source"] = schedule.source
    document["days_off"] = [{"date": d, "name": n} for d, n in schedule.days_off.items()]
    document["working_days"] = [{"date": d, "name": n} for d, n in schedule.working_days.items()]
    parsed = parse_year_file(tomli_w.dumps(document))
    assert parsed == schedule
    assert hash(parsed) == hash(schedule)


# --- the working calendar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 26), True),  # make-up Saturday
        (date(2025, 5, 2), False),  # the Friday swapped for it
        (date(2026, 1, 10), True),  # make-up Saturday
        (date(2026, 1, 2), False),
        (date(2026, 1, 17), False),  # ordinary Saturday
        (date(2026, 1, 18), False),  # ordinary Sunday
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ compensatory Monday
        (date(2026, 3, 10), True),  # ordinary Tuesday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert official().is_working_day(day) is working


def test_next_working_day_is_strictly_after() -> None:
    calendar = official()
    assert calendar.next_working_day(date(2026, 3, 10)) == date(2026, 3, 11)
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # over Tết
    assert calendar.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)  # make-up Saturday
    assert calendar.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)  # 1/1/2027 Friday, then weekend


def test_holiday_names() -> None:
    calendar = official()
    assert calendar.holiday_name(date(2026, 2, 17)) == "Tết Nguyên đán"
    assert calendar.holiday_name(date(2026, 3, 10)) is None
    assert calendar.holiday_name(date(2031, 1, 23)) == "Tết Nguyên đán"  # computed year


def test_a_later_schedule_replaces_an_earlier_one_of_the_same_year() -> None:
    only_new_year = YearSchedule(2026, OFFICIAL, {date(2026, 1, 1): "Tết Dương lịch"}, source="test")
    replaced = WorkingCalendar([bundled(2026), only_new_year])
    assert replaced.schedule_for(2026) is only_new_year
    assert replaced.is_working_day(date(2026, 2, 16))
    assert not replaced.is_working_day(date(2026, 1, 10))  # the make-up Saturday is gone too
    assert replaced.holiday_name(date(2026, 2, 16)) is None
    kept = WorkingCalendar(iter([only_new_year, bundled(2026)]))
    assert not kept.is_working_day(date(2026, 2, 16))


def test_provisional_and_coverage() -> None:
    calendar = official()
    assert calendar.is_provisional(date(2031, 6, 1))
    assert calendar.schedule_for(2031).status == PROVISIONAL
    assert not calendar.is_provisional(date(2026, 6, 1))
    assert not calendar.is_provisional(date(2025, 1, 1))
    assert calendar.covered_until() == date(2026, 12, 31)
    assert WorkingCalendar().covered_until() is None
    draft = YearSchedule(2027, PROVISIONAL, {date(2027, 1, 1): "Tết Dương lịch"})
    with_draft = WorkingCalendar([bundled(2026), draft])
    assert with_draft.is_provisional(date(2027, 5, 5))
    assert with_draft.covered_until() == date(2026, 12, 31)


# --- due dates -------------------------------------------------------------------------------------------


def test_cutoff_edge() -> None:
    before = due_date(at(2026, 3, 10, 14, 59), TimeLimit(3), official())  # Tuesday
    at_cutoff = due_date(at(2026, 3, 10, 15, 0), TimeLimit(3), official())  # "after 15:00": not yet
    after = due_date(at(2026, 3, 10, 15, 1), TimeLimit(3), official())
    assert before == at_cutoff == DueDate(at(2026, 3, 13, 16, 0), date(2026, 3, 10), False)
    assert after == DueDate(at(2026, 3, 16, 16, 0), date(2026, 3, 11), False)


def test_receipt_on_saturday_counts_from_monday() -> None:
    due = due_date(at(2026, 3, 14, 8, 30), TimeLimit(1), official())
    assert due.effective_day == date(2026, 3, 16)
    assert due.at == at(2026, 3, 17, 16, 0)


def test_receipt_on_a_holiday_counts_from_the_next_working_day() -> None:
    due = due_date(at(2026, 4, 30, 10), TimeLimit(2), official())  # Thursday 30/4, then 1/5, weekend
    assert due.effective_day == date(2026, 5, 4)
    assert due.at == at(2026, 5, 6, 16, 0)


def test_due_date_across_tet_2026() -> None:
    due = due_date(at(2026, 2, 12, 10), TimeLimit(3), official())  # Thursday before Tết
    # Friday 13/2 (1), Tết 14/2–22/2, Monday 23/2 (2), Tuesday 24/2 (3)
    assert due.at == at(2026, 2, 24, 16, 0)
    assert not due.provisional


def test_make_up_saturday_2025_is_counted() -> None:
    calendar = official()
    received = at(2025, 4, 24, 10)  # Thursday
    assert due_date(received, TimeLimit(2), calendar).at.date() == date(2025, 4, 26)  # Saturday make-up
    assert due_date(received, TimeLimit(3), calendar).at.date() == date(2025, 4, 28)
    assert due_date(received, TimeLimit(5), calendar).at.date() == date(2025, 5, 5)  # 30/4–4/5 off
    on_saturday = due_date(at(2025, 4, 26, 9), TimeLimit(1), calendar)
    assert on_saturday.effective_day == date(2025, 4, 26)
    assert on_saturday.at.date() == date(2025, 4, 28)


def test_passport_eight_days_over_the_new_year_swap_2026() -> None:
    due = due_date(at(2026, 1, 5, 9), TimeLimit(8), official())
    # 6, 7, 8, 9, 10 (make-up Saturday), 12, 13, 14 January
    assert due.at == at(2026, 1, 14, 16, 0)


def test_hours_limits_run_in_clock_hours_then_wait_for_working_hours() -> None:
    """Dossiers of earlier builds only: 12 h from Monday of Tết at night would be 08:30 on a day off —
    promised when the office opens again, Monday 23/2 07:30 (the issue saw 00:14 and Tết's first day)."""
    due = due_date(at(2026, 2, 16, 20, 30), TimeLimit(12, HOURS), official())
    assert due == DueDate(at(2026, 2, 23, 7, 30), date(2026, 2, 16), False)
    assert due_date(at(2026, 3, 10, 9), TimeLimit(3, HOURS), official()).at == at(2026, 3, 10, 12)
    assert due_date(at(2026, 3, 10, 15), TimeLimit(12, HOURS), official()).at == at(2026, 3, 11, 7, 30)


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        (datetime(2026, 3, 10, 9, 0), TimeLimit(0, LimitUnit.AT_ONCE), datetime(2026, 3, 10, 9, 0)),
        (datetime(2026, 3, 10, 9, 0), TimeLimit(1, LimitUnit.HALF_DAY), datetime(2026, 3, 10, 16, 0)),
        (datetime(2026, 3, 10, 13, 0), TimeLimit(1, LimitUnit.HALF_DAY), datetime(2026, 3, 11, 11, 0)),
        (datetime(2026, 3, 10, 16, 0), TimeLimit(1, LimitUnit.HALF_DAY), datetime(2026, 3, 11, 11, 0)),
        (datetime(2026, 3, 14, 9, 0), TimeLimit(1, LimitUnit.HALF_DAY), datetime(2026, 3, 16, 11, 0)),  # Sat
        (datetime(2026, 3, 10, 9, 0), TimeLimit(30, LimitUnit.CALENDAR_DAYS), datetime(2026, 4, 9, 16, 0)),
        (datetime(2026, 4, 20, 9, 0), TimeLimit(7, LimitUnit.CALENDAR_DAYS), datetime(2026, 4, 28, 16, 0)),
        (datetime(2026, 2, 10, 16, 0), TimeLimit(3, LimitUnit.CALENDAR_DAYS), datetime(2026, 2, 23, 16, 0)),
    ],
)
def test_each_kind_of_limit_promises_a_working_hour_of_a_working_day(
    received: datetime, limit: TimeLimit, due: datetime
) -> None:
    got = due_date(received.replace(tzinfo=VN_TZ), limit, WorkingCalendar([bundled(2026)]))
    assert got.at == due.replace(tzinfo=VN_TZ)
    calendar = WorkingCalendar([bundled(2026)])
    in_hours = time(7, 30) <= got.at.time() <= time(16)
    assert limit.at_once or (calendar.is_working_day(got.at.date()) and in_hours)


def test_provisional_flag() -> None:
    calendar = official()
    assert due_date(at(2031, 3, 3), TimeLimit(3), calendar).provisional
    assert not due_date(at(2026, 3, 10), TimeLimit(3), calendar).provisional
    crossing = due_date(at(2026, 12, 29), TimeLimit(5), calendar)
    assert crossing.at.year == 2027 and crossing.provisional


def test_rules_and_time_zone() -> None:
    rules = DueRules(cutoff=time(11, 30), return_time=time(10, 0))
    due = due_date(at(2026, 3, 10, 11, 31), TimeLimit(1), official(), rules)
    assert due.effective_day == date(2026, 3, 11)
    assert due.at == at(2026, 3, 12, 10, 0)
    default = due_date(at(2026, 3, 10, 11, 30), TimeLimit(1), official())  # same receipt, same calendar
    assert default == DueDate(at(2026, 3, 11, 16, 0), date(2026, 3, 10), False)
    other = timezone(timedelta(hours=7), "UTC+7")
    received = datetime(2026, 3, 10, 9, tzinfo=other)
    assert due_date(received, TimeLimit(1), official()).at.tzinfo is other


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_date(datetime(2026, 3, 10, 9), TimeLimit(3), official())
    with pytest.raises(ValueError):
        due_date(at(2026, 3, 10), TimeLimit(0), official())
    with pytest.raises(ValueError):
        DueRules(cutoff=time(15, tzinfo=VN_TZ))
    with pytest.raises(ValueError):
        official().add_working_days(date(2026, 3, 10), 0)


# --- properties ------------------------------------------------------------------------------------------

receipts = st.datetimes(datetime(2024, 1, 1), datetime(2032, 12, 31)).map(lambda d: d.replace(tzinfo=VN_TZ))
limits = st.integers(1, 40)


def brute_force_count(calendar: WorkingCalendar, start: date, end: date) -> int:
    return sum(calendar.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


@settings(max_examples=300, deadline=None)
@given(receipts, limits)
def test_due_date_properties(received: datetime, n: int) -> None:
    calendar = official()
    due = due_date(received, TimeLimit(n), calendar)
    day = due.at.date()
    assert calendar.is_working_day(day)
    assert calendar.is_working_day(due.effective_day)
    assert received.date() <= due.effective_day < day
    assert brute_force_count(calendar, due.effective_day, day) == n
    assert calendar.working_days_between(due.effective_day, day) == n
    assert due.at.time() == time(16, 0) and due.at.tzinfo is VN_TZ
    counts_today = calendar.is_working_day(received.date()) and received.time() < time(15, 0)
    assert (due.effective_day == received.date()) is counts_today
    if not counts_today:
        assert brute_force_count(calendar, received.date(), due.effective_day) == 1
    assert due.provisional is (day.year > 2026 or received.year > 2026 or received.year < 2025)


@settings(max_examples=200, deadline=None)
@given(receipts, receipts, limits)
def test_due_date_is_monotonic_in_the_receipt_time(a: datetime, b: datetime, n: int) -> None:
    first, second = sorted((a, b))
    assert due_date(first, TimeLimit(n), official()).at <= due_date(second, TimeLimit(n), official()).at


@settings(max_examples=200, deadline=None)
@given(receipts, limits)
def test_one_more_day_is_one_working_day_later(received: datetime, n: int) -> None:
    calendar = official()
    shorter = due_date(received, TimeLimit(n), calendar).at.date()
    longer = due_date(received, TimeLimit(n + 1), calendar).at.date()
    assert longer == calendar.next_working_day(shorter)


@settings(max_examples=100, deadline=None)
@given(receipts, st.integers(1, 72))
def test_hours_limit_is_exact_or_the_next_working_hour(received: datetime, n: int) -> None:
    calendar = official()
    due = due_date(received, TimeLimit(n, HOURS), calendar)
    assert due.at - received >= timedelta(hours=n)
    assert calendar.is_working_day(due.at.date()) and time(7, 30) <= due.at.time() <= time(16)
    if due.at - received > timedelta(hours=n):  # moved on: opening time, the first working one after
        assert due.at.time() == time(7, 30)
    assert due.effective_day == received.date()


@settings(max_examples=200, deadline=None)
@given(st.dates(date(1990, 1, 1), date(2150, 12, 31)))
def test_next_working_day_skips_only_days_off(day: date) -> None:
    calendar = WorkingCalendar([bundled(2025), bundled(2026)])
    following = calendar.next_working_day(day)
    assert following > day and calendar.is_working_day(following)
    assert brute_force_count(calendar, day, following) == 1
    assert following - day <= timedelta(days=12)  # the longest run off is Tết plus weekends
