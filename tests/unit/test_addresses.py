"""Addresses since the July 2025 reform: the current divisions checked, the former units flagged."""

from __future__ import annotations

import pytest

from desk_app.domain.addresses import Divisions, bare_province, former_units, structured_address
from desk_app.domain.errors import FieldError
from desk_app.services.reference import divisions


@pytest.fixture(scope="module")
def d() -> Divisions:
    return divisions()


def test_the_current_divisions_are_34_provinces_and_their_communes(d: Divisions) -> None:
    assert len(d.communes) == 34 and sum(len(c) for c in d.communes.values()) > 3000
    assert d.province("TP. Hồ Chí Minh") == d.province("ho chi minh") == "Thành phố Hồ Chí Minh"
    assert d.commune("Thành phố Hồ Chí Minh", "sai gon") == "Phường Sài Gòn"
    assert d.province("Thái Bình") is None and d.former[bare_province("Thái Bình")] == "Hưng Yên"
    assert len(d.former) == 63 and set(d.former.values()) == set(d.communes)  # every former one placed


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình", "“Thái Bình” nay thuộc Hưng Yên"),
        ("123 Lê Lợi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh", "“Quận 1” là đơn vị cấp huyện"),
        ("Số 5, Xã A, Huyện B, Tỉnh Bình Dương", "“Tỉnh Bình Dương” nay thuộc Thành phố Hồ Chí Minh"),
        ("Số 3, Bà Rịa - Vũng Tàu", "nay thuộc Thành phố Hồ Chí Minh"),
    ],
)
def test_an_address_naming_former_units_is_flagged_with_the_province_now(
    d: Divisions, address: str, said: str
) -> None:
    note = former_units(address, d)
    assert note.startswith("Địa chỉ theo đơn vị hành chính cũ (trước 01/07/2025)") and said in note


@pytest.mark.parametrize(
    "address",
    ["Số 12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh", "Phường Láng, Thành phố Hà Nội", "Hà Nội", ""],
)
def test_a_current_address_is_not_flagged(d: Divisions, address: str) -> None:
    assert former_units(address, d) == ""


def test_an_address_in_parts_is_checked_against_the_divisions(d: Divisions) -> None:
    errors: list[FieldError] = []
    parts = {"street": "Số 12 Lê Lợi", "commune": "sài gòn", "province": "Hồ Chí Minh"}
    line = structured_address(parts, d, errors)
    assert line == "Số 12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh" and errors == []
    for parts, field, fragment in (
        ({"commune": "An Quý", "province": "Thái Bình"}, "province", "(từ 01/07/2025 thuộc Hưng Yên)"),
        ({"commune": "Phường Không Có", "province": "Hà Nội"}, "commune", "không có xã, phường"),
        ({"commune": "Phường Láng"}, "province", "chưa chọn tỉnh"),
        ({"province": "Hà Nội"}, "commune", "chưa chọn xã"),
        ({"province": "Hà Nội", "commune": "Phường Láng", "district": "Đống Đa"}, "", "district"),
    ):
        errors = []
        assert structured_address(parts, d, errors) == ""
        [error] = errors
        assert error.field == "applicant.address" + (f".{field}" if field else "")
        assert fragment in error.message
