"""Addresses and the administrative divisions since 1 July 2025 (34 provinces, communes, no districts).

* An address given in parts — ``{"street": …, "commune": …, "province": …}`` — names its province and
  commune from the current divisions (:class:`Divisions`, read by the services from a maintained data set);
  the rest is text. It is kept as one line: "street, commune, province".
* An address given as one line (typed, or read from a chip card issued before the reform) is kept as it
  is; :func:`former_units` says when it names units that no longer exist — a district ("Quận 1",
  "Huyện Quỳnh Phụ") or a former province ("Thái Bình") — and which province it is part of now, and, when
  its last three parts name a former commune, district and province, the commune(s) that commune is part
  of now (a commune divided in the reform: each one it went to).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desk_app.domain.errors import FieldError
from desk_app.domain.text import clean, fold

FORMER = "địa chỉ theo đơn vị hành chính cũ"
_DISTRICT = re.compile(r"^(quan|huyen|thi xa)\s+\S", re.IGNORECASE)
_PROVINCE_WORDS = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_DISTRICT_KIND = re.compile(r"^(?:(?:quan|huyen|thi xa|thanh pho|tp)\s+|tp\.\s*)")  # a kind, then a space
_COMMUNE_KIND = re.compile(r"^(?:(?:phuong|xa|thi tran)\s+|(?:p|x|tt)\.\s*)")
_NOT_KEY = re.compile(r"[^a-z0-9]")

FormerCommunes = Mapping[str, Mapping[str, Mapping[str, tuple[str, ...]]]]


@dataclass(frozen=True)
class Divisions:
    """The current divisions: each province's communes (names as the data set spells them), and the former
    provinces (folded name → the current province they are part of)."""

    communes: Mapping[str, tuple[str, ...]]
    former: Mapping[str, str]
    #: former province → district → commune (keys: :func:`unit_key`) → the commune(s) it is part of now
    former_communes: FormerCommunes = field(default_factory=dict)

    def current_communes(self, commune: str, district: str, province: str) -> tuple[str, ...]:
        """The commune(s) a commune before 1 July 2025 is part of now, or ``()`` when not known. Its kind
        ("Phường", "Huyện") may be written or not; a name that starts like a kind ("Phương Sơn") is tried
        both ways."""
        by_district = self.former_communes.get(unit_key(bare_province(province)), {})
        for d in dict.fromkeys((unit_key(district, _DISTRICT_KIND), unit_key(district))):
            by_commune = by_district.get(d, {})
            for c in dict.fromkeys((unit_key(commune, _COMMUNE_KIND), unit_key(commune))):
                if c in by_commune:
                    return by_commune[c]
        return ()

    def province(self, name: str) -> str | None:
        """The current province ``name`` means ("ho chi minh", "TP. Hồ Chí Minh" …), or None."""
        wanted = bare_province(name)
        for province in self.communes:
            if bare_province(province) == wanted:
                return province
        return None

    def commune(self, province: str, name: str) -> str | None:
        """The commune ``name`` of ``province`` ("Phường Sài Gòn", "sai gon" …), or None."""
        wanted = fold(clean(name))
        for commune in self.communes.get(province, ()):
            folded = fold(commune)
            if wanted in (folded, folded.split(" ", 1)[-1]):  # with or without "phường", "xã", "đặc khu"
                return commune
        return None


def bare_province(name: str) -> str:
    """A province's name folded, without "tỉnh" / "thành phố" / "TP." and dashes ("ba ria vung tau")."""
    return " ".join(_PROVINCE_WORDS.sub("", fold(clean(name))).replace("–", " ").replace("-", " ").split())


def unit_key(name: str, kind: re.Pattern[str] | None = None) -> str:
    """A unit's name as the conversion table keys it: folded, without its kind, letters and digits only
    ("Phường Bến Thành" → "benthanh", "Quận 1" → "1")."""
    folded = fold(clean(name))
    return _NOT_KEY.sub("", kind.sub("", folded, count=1) if kind else folded)


def former_units(address: str, divisions: Divisions) -> str:
    """Why ``address`` names units that no longer exist (with the province and, when known, the commune
    it is part of now), or ""."""
    parts = [clean(p) for p in address.split(",") if clean(p)]
    if not parts:
        return ""
    found: list[str] = []
    last = parts[-1]
    current = divisions.province(last)
    if current is None:
        part_of = divisions.former.get(bare_province(last))
        if part_of is not None:
            found.append(f"“{last}” nay thuộc {part_of}")
    now = divisions.current_communes(parts[-3], parts[-2], last) if len(parts) >= 3 else ()
    districts = [p for p in parts[:-1] if _DISTRICT.match(fold(p))] or ([parts[-2]] if now else [])
    if districts:
        found.append(f"“{districts[0]}” là đơn vị cấp huyện, không còn từ 01/07/2025")
    if not found:
        return ""
    province = current or divisions.former.get(bare_province(last), "")
    if len(now) == 1:
        found.append(f"“{parts[-3]}, {parts[-2]}” nay là {now[0]}, {province}")
    elif now:
        found.append(f"“{parts[-3]}, {parts[-2]}” nay thuộc một trong: {', '.join(now)} ({province})")
    return f"{FORMER[0].upper()}{FORMER[1:]} (trước 01/07/2025): " + "; ".join(found) + " — giữ như đã ghi"


def structured_address(
    value: Mapping[str, Any], divisions: Divisions, errors: list[FieldError], path: str = "applicant.address"
) -> str:
    """``{"street", "commune", "province"}`` checked against the current divisions, as one line."""
    unknown = sorted(str(k) for k in value if k not in ("street", "commune", "province"))
    if unknown:
        errors.append(
            FieldError(path, "địa chỉ gồm street, commune, province; không dùng " + ", ".join(unknown))
        )
        return ""
    texts = {k: clean(str(value.get(k) or "")) for k in ("street", "commune", "province")}
    if not texts["province"]:
        errors.append(FieldError(f"{path}.province", "chưa chọn tỉnh, thành phố"))
        return ""
    province = divisions.province(texts["province"])
    if province is None:
        now = divisions.former.get(bare_province(texts["province"]))
        hint = f" (từ 01/07/2025 thuộc {now})" if now else ""
        message = f"“{texts['province']}” không phải tỉnh, thành phố hiện nay{hint}"
        errors.append(FieldError(f"{path}.province", message))
        return ""
    if not texts["commune"]:
        errors.append(FieldError(f"{path}.commune", "chưa chọn xã, phường"))
        return ""
    commune = divisions.commune(province, texts["commune"])
    if commune is None:
        errors.append(FieldError(f"{path}.commune", f"{province} không có xã, phường “{texts['commune']}”"))
        return ""
    return ", ".join(p for p in (texts["street"], commune, province) if p)
