"""Statutory days off computed from the law, for years the government has not published yet.

Labor Code 2019 Art. 112 (public holidays) and Art. 111(3) (compensatory days):

- Tết Dương lịch: 1/1.
- Tết Nguyên đán: 5 days. We take **the last day of the lunar year + mồng 1 to mồng 4** (the
  government's usual choice, e.g. 2026: Monday 16/2 to Friday 20/2).
- Giỗ Tổ Hùng Vương: 10/3 lunar (the ordinary month 3, never a leap month 3).
- Ngày Chiến thắng 30/4 and Ngày Quốc tế Lao động 1/5.
- Quốc khánh 2/9 **plus one adjacent day**, chosen by weekday so the holiday joins a weekend:
  3/9 when 2/9 is a Sunday, Monday or Thursday, otherwise 1/9. This reproduces the government's
  choices of 2021–2025 (2/9 Thursday → 3/9; Friday → 1/9; Saturday → 1/9; Monday → 3/9; Tuesday → 1/9)
  and always lands on a weekday.
- A holiday on a Saturday or Sunday gives the next weekday that is neither a holiday nor already a
  compensatory day off (``Nghỉ bù …``).

Lunar dates come from the *Vietnamese* lunar calendar (UTC+7, Hồ Ngọc Đức's tables and algorithm) of
the ``vnlunar`` package, not the Chinese one (UTC+8): Tết 1985 is 21/1 (China 20/2), 2007 is 17/2 (China
18/2), 2030 is 2/2 (China 3/2). These are a *provisional* guess: the government may swap days, so
official years are shipped as data files (see :mod:`desk_app.domain.calendar`).
"""

from __future__ import annotations

from datetime import date, timedelta

import vnlunar

#: Years this module computes (vnlunar's tables cover 1800–2199; the algorithm needs the year around).
MIN_YEAR = 1900
MAX_YEAR = 2199

NEW_YEAR = "Tết Dương lịch"
TET = "Tết Nguyên đán"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
VICTORY_DAY = "Ngày Chiến thắng"
LABOUR_DAY = "Ngày Quốc tế Lao động"
NATIONAL_DAY = "Quốc khánh"
COMPENSATORY_PREFIX = "Nghỉ bù "

_SATURDAY = 5
#: 2/9 on Sunday (6), Monday (0) or Thursday (3): the adjacent day is 3/9; otherwise 1/9.
_NATIONAL_DAY_AFTER = frozenset({6, 0, 3})


def check_year(year: int) -> None:
    """Raise ``ValueError`` for a year outside ``MIN_YEAR``..``MAX_YEAR``."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} outside the supported range {MIN_YEAR}..{MAX_YEAR}")


def lunar_to_solar(day: int, month: int, lunar_year: int) -> date:
    """The solar date of ``day``/``month`` (ordinary, not leap month) of a Vietnamese lunar year."""
    found = vnlunar.convert_lunar_to_solar(day, month, lunar_year, 0)
    if found is None:
        raise ValueError(f"lunar date {day}/{month}/{lunar_year} does not exist")
    d, m, y = found
    return date(int(y), int(m), int(d))


def tet(year: int) -> date:
    """Mồng 1 Tết: the first day of the Vietnamese lunar year that starts in solar ``year``."""
    check_year(year)
    return lunar_to_solar(1, 1, year)


def national_day_companion(year: int) -> date:
    """The day adjacent to 2/9 that is also off (1/9 or 3/9, see the module docstring)."""
    national_day = date(year, 9, 2)
    if national_day.weekday() in _NATIONAL_DAY_AFTER:
        return national_day + timedelta(days=1)
    return national_day - timedelta(days=1)


def statutory_holidays(year: int) -> dict[date, str]:
    """The public holidays of ``year`` themselves (no compensatory days), date → name."""
    check_year(year)
    first_of_tet = tet(year)
    entries = [(date(year, 1, 1), NEW_YEAR)]
    entries += [(first_of_tet + timedelta(days=offset), TET) for offset in range(-1, 4)]  # 30 Tết, mồng 1..4
    entries += [
        (lunar_to_solar(10, 3, year), HUNG_KINGS),
        (date(year, 4, 30), VICTORY_DAY),
        (date(year, 5, 1), LABOUR_DAY),
        (date(year, 9, 2), NATIONAL_DAY),
        (national_day_companion(year), NATIONAL_DAY),
    ]
    days: dict[date, str] = {}
    for day, name in entries:
        # Giỗ Tổ fell on 30/4 in 1917 and 1947 (never between 1950 and 2199): keep both names.
        days[day] = f"{days[day]}; {name}" if day in days else name
    return days


def statutory_days_off(year: int) -> dict[date, str]:
    """Holidays plus compensatory days (Art. 111(3)), date → name, in date order."""
    holidays = statutory_holidays(year)
    days_off = dict(holidays)
    for day in sorted(holidays):
        if day.weekday() < _SATURDAY:
            continue
        candidate = day + timedelta(days=1)
        while candidate.weekday() >= _SATURDAY or candidate in days_off:
            candidate += timedelta(days=1)
        days_off[candidate] = COMPENSATORY_PREFIX + holidays[day]
    return dict(sorted(days_off.items()))
