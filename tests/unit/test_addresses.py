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
    ("address", "said"),
    [
        ("Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình", "“An Quý, Quỳnh Phụ” nay là Xã Đồng Bằng, Hưng Yên"),
        (
            "123 Lê Lợi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh",
            "“Phường Bến Thành, Quận 1” nay là Phường Bến Thành, Thành phố Hồ Chí Minh",
        ),
        (  # a commune divided in the reform: each commune it went to, the table's default first
            "12 Nguyễn Du, Phường Đa Kao, Quận 1, Thành phố Hồ Chí Minh",
            "“Phường Đa Kao, Quận 1” nay thuộc một trong: Phường Sài Gòn, Phường Tân Định "
            "(Thành phố Hồ Chí Minh)",
        ),
        (  # a district-level city: not a "quận" or "huyện", found as a former district by the table
            "Số 1, Phường Linh Trung, Thành phố Thủ Đức, TP. Hồ Chí Minh",
            "“Thành phố Thủ Đức” là đơn vị cấp huyện",
        ),
        ("Số 3, P. 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu", "“P. 1, TP Vũng Tàu” nay là Phường Vũng Tàu"),
        # Thừa Thiên Huế, keyed "Huế" by the conversion table
        ("Xã Quảng Phú, Huyện Quảng Điền, Tỉnh Thừa Thiên Huế", "nay là Xã Đan Điền, Thành phố Huế"),
        # kinds left out, and a name that starts like a kind ("Phương" is no "Phường" once folded)
        ("Xã Quảng Phú, Quảng Điền, Thừa Thiên Huế", "nay là Xã Đan Điền"),
        ("Phương Sơn, Lục Nam, Bắc Giang", "“Phương Sơn, Lục Nam” nay là Xã Lục Nam, Bắc Ninh"),
    ],
)
def test_the_commune_a_former_commune_is_part_of_now_is_suggested(
    d: Divisions, address: str, said: str
) -> None:
    assert said in former_units(address, d)


def test_every_former_province_reaches_the_conversion_table(d: Divisions) -> None:
    import json

    from desk_app.domain.addresses import unit_key
    from desk_app.locator import resource

    former = json.loads(resource("reference", "former_provinces.json").read_text(encoding="utf-8"))
    assert len(former["former_to_current"]) == 63
    for name in former["former_to_current"]:
        assert d.former_communes.get(unit_key(bare_province(name))), name


def test_every_current_commune_named_by_the_conversion_table_exists(d: Divisions) -> None:
    for by_district in d.former_communes.values():
        for by_commune in by_district.values():
            for now in by_commune.values():
                assert now and all(any(c in communes for communes in d.communes.values()) for c in now)
    assert sum(len(c) for districts in d.former_communes.values() for c in districts.values()) > 9000


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
