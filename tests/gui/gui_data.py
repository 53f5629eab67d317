"""Generated test data for the GUI tests: valid postal item numbers and chip-card QR payloads."""

from __future__ import annotations

from datetime import date

from desk_app.domain.postal import s10_check_digit

PROVINCES = ("001", "079", "034", "048", "092", "031", "040", "066")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức", "Thu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Ngân", "Phúc", "Quyên", "Sơn")
STREETS = ("Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Pasteur", "Điện Biên Phủ", "Võ Văn Tần", "Lý Tự Trọng")


def s10(serial: int, prefix: str = "RR", country: str = "VN") -> str:
    """A valid S10 item number for ``serial`` (0 … 99,999,999)."""
    digits = f"{serial:08d}"
    return f"{prefix}{digits}{s10_check_digit(digits)}{country}"


def id_number(province: str, birth: date, female: bool, serial: int) -> str:
    """A personal identification number consistent with the birth date and sex (no check digit)."""
    century_sex = (birth.year // 100 - 19) * 2 + (1 if female else 0)
    return f"{province}{century_sex}{birth.year % 100:02d}{serial:06d}"


def person(i: int) -> dict[str, object]:
    """The ``i``-th generated citizen (deterministic)."""
    female = i % 2 == 1
    birth = date(1950 + (i * 7) % 56, 1 + i % 12, 1 + (i * 5) % 28)
    middle = "Thị" if female else MIDDLE[i % len(MIDDLE)].replace("Thị", "Văn")
    return {
        "full_name": f"{FAMILY[i % len(FAMILY)]} {middle} {GIVEN[(i * 3) % len(GIVEN)]}",
        "id_number": id_number(PROVINCES[i % len(PROVINCES)], birth, female, 100_000 + i * 7919),
        "birth": birth,
        "sex": "Nữ" if female else "Nam",
        "address": f"Số {10 + i} {STREETS[i % len(STREETS)]}, Phường Sài Gòn, TP. Hồ Chí Minh",
    }


def citizen_qr(i: int) -> str:
    """The chip card's QR payload of :func:`person` ``i``."""
    p = person(i)
    birth = p["birth"]
    assert isinstance(birth, date)
    return f"{p['id_number']}||{p['full_name']}|{birth:%d%m%Y}|{p['sex']}|{p['address']}|14082021"
