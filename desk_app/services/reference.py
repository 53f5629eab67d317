"""Reference data on disk: the holiday calendar files and the bundled catalogue.

Bundled yearly files in ``resources/calendar`` are read first; files in the data directory's
``calendar/`` folder override them year by year, so IT can publish next year's official schedule
without a new build.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from desk_app.domain.addresses import Divisions, bare_province
from desk_app.domain.calendar import WorkingCalendar, YearSchedule, parse_year_file
from desk_app.domain.catalogue import Procedure, parse_catalogue
from desk_app.domain.errors import DeskError
from desk_app.locator import resource

log = logging.getLogger("desk_app.reference")


def calendar_files(data_dir: Path) -> list[Path]:
    bundled = sorted(resource("calendar").glob("*.toml"))
    local = sorted((data_dir / "calendar").glob("*.toml")) if (data_dir / "calendar").is_dir() else []
    return bundled + local  # later files override earlier ones for the same year


def load_calendar(data_dir: Path) -> WorkingCalendar:
    schedules: list[YearSchedule] = []
    for path in calendar_files(data_dir):
        try:
            schedules.append(parse_year_file(path.read_text(encoding="utf-8")))
        except DeskError as exc:
            raise DeskError(f"Lịch ngày nghỉ {path}: {exc.message}") from None
    return WorkingCalendar(schedules)


def read_catalogue_file(path: Path) -> list[Procedure]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeskError(f"Không tìm thấy tệp danh mục thủ tục {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DeskError(f"Tệp danh mục thủ tục {path} không phải JSON hợp lệ: {exc}") from None
    if not isinstance(data, dict):
        raise DeskError(f"Tệp danh mục thủ tục {path} phải là một đối tượng JSON có 'procedures'")
    return parse_catalogue(data)


@functools.cache
def countries() -> Mapping[str, str]:
    """ISO 3166-1 alpha-3 code → the country's name in Vietnamese (pycountry: Debian's iso-codes data and
    its Vietnamese translation; the English name where a translation is missing). Read once."""
    import gettext

    import pycountry

    try:
        translation: gettext.NullTranslations = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["vi"]
        )
    except OSError:  # a bundle without the translation: the English names
        translation = gettext.NullTranslations()
    name = translation.gettext
    return MappingProxyType({c.alpha_3: name(c.name) for c in pycountry.countries})


@functools.cache
def divisions() -> Divisions:
    """The 34 provinces and their communes since 1 July 2025 (vietnam-provinces: the statistics office's
    list, maintained), the former provinces each is made of and the commune(s) each former commune is part
    of now (``resources/reference``, from vietnamadminunits' conversion tables). Read once."""
    import vietnam_provinces

    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    communes = {p["name"]: tuple(w["name"] for w in p["wards"]) for p in nested}
    former = json.loads(resource("reference", "former_provinces.json").read_text(encoding="utf-8"))
    folded = {bare_province(name): now for name, now in former["former_to_current"].items()}
    table = json.loads(resource("reference", "former_communes.json").read_text(encoding="utf-8"))
    former_communes = {
        province: {district: {c: tuple(now) for c, now in cs.items()} for district, cs in d.items()}
        for province, d in table["former_to_current"].items()
    }
    former_communes["thuathienhue"] = former_communes.get("hue", {})  # the table keys Thừa Thiên Huế as "hue"
    return Divisions(MappingProxyType(communes), MappingProxyType(folded), MappingProxyType(former_communes))


def bundled_catalogue() -> list[Procedure]:
    return read_catalogue_file(resource("catalogue", "procedures.json"))
