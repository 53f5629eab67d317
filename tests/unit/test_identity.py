"""Tests of desk_app.domain.identity: ID number, chip card QR, phone and e-mail checks."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.errors import DeskError
from desk_app.domain.identity import (
    PROVINCES,
    CitizenQr,
    IdCheck,
    LostLetters,
    century_sex_digit,
    check_email,
    check_id_number,
    check_old_id_number,
    check_phone,
    looks_like_citizen_qr,
    normalise_phone,
    parse_citizen_qr,
    read_citizen_qr,
)
from desk_app.domain.model import Sex

SAMPLE = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"
SAMPLE_QR = CitizenQr(
    id_number="034303011829",
    old_id_number="",
    full_name="Nguyễn Thị Hoa",
    birth_date=date(2003, 3, 21),
    sex=Sex.FEMALE,
    address="Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình",
    issue_date=date(2021, 8, 14),
)

# --- provinces ---------------------------------------------------------------------------------------


def test_provinces_has_the_63_codes_of_circular_07() -> None:
    assert len(PROVINCES) == 63
    assert PROVINCES["001"] == "Hà Nội"
    assert PROVINCES["034"] == "Thái Bình"
    assert PROVINCES["079"] == "TP. Hồ Chí Minh"
    assert PROVINCES["096"] == "Cà Mau"
    assert "003" not in PROVINCES and "097" not in PROVINCES
    for code, name in PROVINCES.items():
        assert len(code) == 3 and code.isdigit()
        assert name and unicodedata.is_normalized("NFC", name)


def test_provinces_is_read_only() -> None:
    with pytest.raises(TypeError):
        PROVINCES["099"] = "Nowhere"  # type: ignore[index]


# --- ID number ---------------------------------------------------------------------------------------


def test_valid_number_matching_birth_date_and_sex() -> None:
    check = check_id_number("034303011829", birth_date=date(2003, 3, 21), sex=Sex.FEMALE)
    assert check == IdCheck((), ())
    assert check.ok


def test_valid_number_without_known_birth_date_or_sex() -> None:
    assert check_id_number("001085123456").ok


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("03430301182", "Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 11)"),
        ("0343030118290", "Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 13)"),
        ("", "Chưa nhập số định danh cá nhân"),
    ],
)
def test_wrong_length_is_an_error(number: str, expected: str) -> None:
    check = check_id_number(number)
    assert not check.ok
    assert check.errors == (expected,)


@pytest.mark.parametrize("number", ["03430301182A", "0343 0301182", "034303011-29", "٠٣٤٣٠٣٠١١٨٢٩"])
def test_non_digits_are_an_error(number: str) -> None:
    check = check_id_number(number)
    assert not check.ok
    assert "chỉ được gồm chữ số" in check.errors[0]


def test_an_old_nine_digit_cmnd_is_refused_as_the_identity_saying_where_it_goes() -> None:
    check = check_id_number("123456789", birth_date=date(1980, 1, 1), sex=Sex.MALE)
    assert not check.ok and not check.warnings
    assert "không còn là giấy tờ tùy thân từ 01/01/2025" in check.errors[0]
    assert "Số CMND cũ" in check.errors[0]
    assert check_old_id_number("025123456") == ""
    assert "9 chữ số" in check_old_id_number("02512345") and "9 chữ số" in check_old_id_number("079301001234")
    assert "9 chữ số" in check_old_id_number("０２５１２３４５６")  # full-width digits are not ASCII digits


def test_unknown_province_is_a_warning_not_an_error() -> None:
    check = check_id_number("099303011829", birth_date=date(2003, 3, 21), sex=Sex.FEMALE)
    assert check.ok
    assert len(check.warnings) == 1 and "099" in check.warnings[0]


def test_century_digit_against_birth_year() -> None:
    check = check_id_number("034103011829", birth_date=date(2003, 3, 21))
    assert check.errors == (
        "Chữ số thứ 4 của số định danh (1) ứng với người sinh trong các năm 1900–1999, "
        "nhưng năm sinh là 2003",
    )


def test_year_digits_against_birth_year() -> None:
    check = check_id_number("034304011829", birth_date=date(2003, 3, 21))
    assert len(check.errors) == 1 and "(04)" in check.errors[0] and "2003" in check.errors[0]


def test_sex_digit_against_sex() -> None:
    check = check_id_number("034303011829", sex=Sex.MALE)
    assert check.errors == (
        "Chữ số thứ 4 của số định danh (3) ứng với giới tính Nữ, nhưng giới tính đã nhập là Nam",
    )


def test_birth_date_outside_the_encodable_centuries_fails() -> None:
    assert not check_id_number("001099123456", birth_date=date(1899, 5, 1)).ok


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [(1985, Sex.MALE, 0), (1999, Sex.FEMALE, 1), (2003, Sex.FEMALE, 3), (2000, Sex.MALE, 2),
     (2100, Sex.MALE, 4), (2250, Sex.FEMALE, 7), (2399, Sex.FEMALE, 9)],
)  # fmt: skip
def test_century_sex_digit_table(year: int, sex: Sex, digit: int) -> None:
    assert century_sex_digit(year, sex) == digit


@pytest.mark.parametrize("year", [1899, 2400])
def test_century_sex_digit_out_of_range(year: int) -> None:
    with pytest.raises(DeskError):
        century_sex_digit(year, Sex.MALE)


births = st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31))
sexes = st.sampled_from(list(Sex))


@st.composite
def id_numbers(draw: st.DrawFn) -> tuple[str, date, Sex]:
    birth, sex = draw(births), draw(sexes)
    province = draw(st.sampled_from(sorted(PROVINCES)))
    serial = draw(st.integers(0, 999_999))
    number = f"{province}{century_sex_digit(birth.year, sex)}{birth.year % 100:02d}{serial:06d}"
    return number, birth, sex


@given(id_numbers())
def test_any_well_formed_number_passes(case: tuple[str, date, Sex]) -> None:
    number, birth, sex = case
    assert check_id_number(number, birth_date=birth, sex=sex) == IdCheck((), ())


@given(id_numbers(), st.integers(0, 9))
def test_any_other_century_sex_digit_fails(case: tuple[str, date, Sex], digit: int) -> None:
    number, birth, sex = case
    if str(digit) == number[3]:
        return
    mutated = number[:3] + str(digit) + number[4:]
    assert not check_id_number(mutated, birth_date=birth, sex=sex).ok


@given(id_numbers(), st.integers(4, 5), st.integers(0, 9))
def test_any_other_year_digit_fails(case: tuple[str, date, Sex], pos: int, digit: int) -> None:
    number, birth, _ = case
    if str(digit) == number[pos]:
        return
    mutated = number[:pos] + str(digit) + number[pos + 1 :]
    assert not check_id_number(mutated, birth_date=birth).ok


# --- chip card QR --------------------------------------------------------------------------------------


def test_parse_the_sample_qr() -> None:
    assert parse_citizen_qr(SAMPLE) == SAMPLE_QR


def test_qr_in_nfd_is_normalised_to_nfc() -> None:
    qr = parse_citizen_qr(unicodedata.normalize("NFD", SAMPLE))
    assert qr == SAMPLE_QR
    assert unicodedata.is_normalized("NFC", qr.full_name) and unicodedata.is_normalized("NFC", qr.address)


@pytest.mark.parametrize(
    "wrapped", [SAMPLE + "\r\n", SAMPLE + "\n", "  " + SAMPLE + " \r", "\ufeff" + SAMPLE]
)
def test_qr_with_line_ending_and_white_space(wrapped: str) -> None:
    assert parse_citizen_qr(wrapped) == SAMPLE_QR


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_qr_mis_decoded_by_the_scanner_is_repaired(codec: str) -> None:
    garbled = SAMPLE.encode("utf-8").decode(codec)
    assert garbled != SAMPLE
    assert parse_citizen_qr(garbled + "\r\n") == SAMPLE_QR


def test_the_documented_mojibake_example() -> None:
    qr = parse_citizen_qr("034303011829||Nguyá»…n Thá»‹ Hoa|21032003|Ná»¯|ThÃ´n Lai á»”n|14082021")
    assert qr.full_name == "Nguyễn Thị Hoa"
    assert qr.sex is Sex.FEMALE
    assert qr.address == "Thôn Lai Ổn"


def test_mojibake_that_cannot_be_repaired_is_refused() -> None:
    mixed = "034303011829||Nguyá»…n Thị Hoa|21032003|Nữ|Thái Bình|14082021"  # garbled and genuine text
    with pytest.raises(DeskError, match="bảng mã") as info:
        parse_citizen_qr(mixed)
    assert info.value.field == "citizen_qr"


def test_replacement_character_is_refused() -> None:
    with pytest.raises(DeskError, match="không đọc được"):
        parse_citizen_qr(SAMPLE.replace("ễ", "\ufffd"))


def test_qr_with_extra_fields_ignores_them() -> None:
    assert parse_citizen_qr(SAMPLE + "|extra|1234") == SAMPLE_QR


@pytest.mark.parametrize("empty", ["", "\r\n", "   "])
def test_empty_qr(empty: str) -> None:
    with pytest.raises(DeskError, match="Mã QR trống"):
        parse_citizen_qr(empty)


def test_qr_with_too_few_fields() -> None:
    with pytest.raises(DeskError) as info:
        parse_citizen_qr("034303011829||Nguyễn Thị Hoa")
    assert info.value.message == "Mã QR không đúng định dạng căn cước: cần ít nhất 7 trường, nhận được 3"
    assert info.value.field == "citizen_qr"


def test_qr_with_impossible_birth_date() -> None:
    with pytest.raises(DeskError) as info:
        parse_citizen_qr(SAMPLE.replace("21032003", "31022003"))
    assert info.value.message == "Ngày sinh trong mã QR không hợp lệ: 31022003"


@pytest.mark.parametrize("bad", ["2103203", "21-03-2003", ""])
def test_qr_with_malformed_birth_date(bad: str) -> None:
    with pytest.raises(DeskError, match="Ngày sinh trong mã QR không hợp lệ"):
        parse_citizen_qr(SAMPLE.replace("21032003", bad))


def test_qr_with_bad_issue_date() -> None:
    with pytest.raises(DeskError, match="Ngày cấp trong mã QR không hợp lệ: 32082021"):
        parse_citizen_qr(SAMPLE.replace("14082021", "32082021"))


def test_qr_issue_date_before_birth_is_refused() -> None:
    with pytest.raises(DeskError, match="trước ngày sinh"):
        parse_citizen_qr(SAMPLE.replace("14082021", "14082001"))


def test_qr_without_issue_date() -> None:
    assert parse_citizen_qr(SAMPLE.replace("|14082021", "|")).issue_date is None


@pytest.mark.parametrize(("text", "sex"), [("NỮ", Sex.FEMALE), ("nữ", Sex.FEMALE), ("Nu", Sex.FEMALE)])
def test_qr_sex_is_case_and_diacritics_insensitive(text: str, sex: Sex) -> None:
    assert parse_citizen_qr(SAMPLE.replace("|Nữ|", f"|{text}|")).sex is sex


@pytest.mark.parametrize("bad", ["Male", "X", ""])
def test_qr_with_bad_sex(bad: str) -> None:
    with pytest.raises(DeskError, match="Giới tính trong mã QR không hợp lệ"):
        parse_citizen_qr(SAMPLE.replace("|Nữ|", f"|{bad}|"))


def test_qr_with_mismatched_century_digit() -> None:
    with pytest.raises(DeskError, match="Chữ số thứ 4") as info:
        parse_citizen_qr(SAMPLE.replace("034303011829", "034103011829"))
    assert info.value.message.startswith("Mã QR căn cước không hợp lệ")


def test_qr_with_sex_not_matching_the_number() -> None:
    with pytest.raises(DeskError, match="giới tính"):
        parse_citizen_qr(SAMPLE.replace("|Nữ|", "|Nam|"))


@pytest.mark.parametrize("first", ["123456789", "03430301182A", ""])
def test_qr_first_field_must_be_twelve_digits(first: str) -> None:
    with pytest.raises(DeskError, match="phải gồm 12 chữ số"):
        parse_citizen_qr(SAMPLE.replace("034303011829", first))


def test_qr_without_name() -> None:
    with pytest.raises(DeskError, match="Họ tên"):
        parse_citizen_qr(SAMPLE.replace("Nguyễn Thị Hoa", "  "))


def test_qr_keeps_old_cmnd_and_warns_on_a_bad_one() -> None:
    assert parse_citizen_qr(SAMPLE.replace("||", "|151234567|")).old_id_number == "151234567"
    qr = parse_citizen_qr(SAMPLE.replace("||", "|15123|"))
    assert qr.old_id_number == "15123" and any("CMND cũ" in w for w in qr.warnings)


def test_qr_passes_unknown_province_warning_through() -> None:
    qr = parse_citizen_qr(SAMPLE.replace("034303011829", "099303011829"))
    assert qr.id_number == "099303011829" and len(qr.warnings) == 1


syllables = st.sampled_from(
    ["Nguyễn", "Trần", "Lê", "Thị", "Văn", "Đức", "Hoa", "Ánh", "Phượng", "Ngọc", "Ỷ"]
)


@given(
    id_numbers(), st.lists(syllables, min_size=2, max_size=5), st.sampled_from(["utf-8", "latin-1", "cp1252"])
)
def test_generated_qr_round_trips_even_when_mis_decoded(
    case: tuple[str, date, Sex], words: list[str], codec: str
) -> None:
    number, birth, sex = case
    name = " ".join(words)
    payload = f"{number}||{name}|{birth:%d%m}{birth.year:04d}|{sex.value}|Xã Đông Hòa, Đắk Lắk|"
    garbled = payload.encode("utf-8").decode(codec, errors="surrogateescape")
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in garbled):  # cp1252 has 5 undefined bytes; map them as C1
        garbled = "".join(chr(ord(ch) - 0xDC00) if 0xDC80 <= ord(ch) <= 0xDCFF else ch for ch in garbled)
    qr = parse_citizen_qr(garbled + "\r\n")
    assert (qr.id_number, qr.full_name, qr.birth_date, qr.sex) == (number, name, birth, sex)
    assert qr.address == "Xã Đông Hòa, Đắk Lắk" and qr.issue_date is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [(SAMPLE, True), ("  " + SAMPLE, True), ("123456789|x", True), ("G01.01-250314-0001", False),
     ("12345678|x", False), ("0343030118291|x", False), ("034303011829", False), ("", False)],
)  # fmt: skip
def test_looks_like_citizen_qr(text: str, expected: bool) -> None:
    assert looks_like_citizen_qr(text) is expected


# --- phone and e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0912 345 678", "0912345678"), ("+84 912 345 678", "0912345678"), ("+84 (0) 912.345.678", "0912345678"),
     ("0084912345678", "0912345678"), ("84912345678", "0912345678"), ("(024) 3823-4567", "02438234567"),
     ("", "")],
)  # fmt: skip
def test_normalise_phone(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text", ["0912345678", "+84912345678", "0356 123 456", "02438234567", "0283 823 456", ""]
)
def test_valid_phones(text: str) -> None:
    assert check_phone(text) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("091234567", "10 chữ số (đang có 9)"), ("09123456789", "10 chữ số (đang có 11)"),
     ("0912abc678", "chữ số"), ("912345678", "bắt đầu bằng 0"), ("+1 202 555 0100", "chữ số"),
     ("0066812345678", "Việt Nam"), ("01234567890", "01"), ("024382345", "10 hoặc 11")],
)  # fmt: skip
def test_invalid_phones(text: str, fragment: str) -> None:
    message = check_phone(text)
    assert message is not None and fragment in message


@pytest.mark.parametrize(
    "text", ["hoa.nguyen@gmail.com", "a@b.vn", " x_y+z@cong-an.gov.vn ", "", "tên@miền.vn"]
)
def test_valid_emails(text: str) -> None:
    assert check_email(text) is None


@pytest.mark.parametrize(
    "text",
    ["hoa", "a@@b.vn", "a@b@c.vn", "a b@c.vn", "@b.vn", "a@b", "a@.vn", "a@b..vn", "a@-b.vn", ".a@b.vn",
     "a@b.c", "a..b@c.vn", "a@b.123"],
)  # fmt: skip
def test_invalid_emails(text: str) -> None:
    assert check_email(text) is not None


@pytest.mark.parametrize(
    ("payload", "name"),
    [  # a keyboard-wedge scanner in plain keyboard mode: letters outside the layout dropped …
        ("079301001234|025123456|Trn Th Bch Ngc|15072001|N|123 Lê Li, Bn Thành, TP. H Chí Minh|01062021",
         "Trn Th Bch Ngc"),
        # … or typed as "?" …
        ("079301001234||Tr?n Th? B?ch Ng?c|15072001|N?|123 L? L?i|01062021", "Tr?n Th? B?ch Ng?c"),
        # … or as Alt-code debris the layout could not turn into letters
        ("079301001234||Tr0226n Th0237 Bich|15072001|N|S 5|01062021", "Tr0226n Th0237 Bich"),
        # a man: "Nam" arrives intact, the letters of the name and address do not
        ("001085000123||Trn Vn Nam|01011985|Nam|S 5 Hng Bc, H Ni|", "Trn Vn Nam"),
    ],
)  # fmt: skip
def test_a_qr_whose_letters_the_scanner_lost_keeps_its_digits(payload: str, name: str) -> None:
    """Issue 18, part 2: what arrived intact is kept; the strict parser refuses it with the same reason."""
    card = read_citizen_qr(payload)
    assert isinstance(card, LostLetters) and card.name_as_read == name
    fields = payload.split("|")
    assert card.id_number == fields[0] and card.birth_date.strftime("%d%m%Y") == fields[3]
    assert card.sex is (Sex.FEMALE if int(fields[0][3]) % 2 else Sex.MALE)
    assert card.old_id_number == fields[1] and (card.issue_date is None) == (fields[6] == "")
    assert "chế độ bàn phím Unicode hoặc Alt-code" in card.message and f"“{name}”" in card.message
    with pytest.raises(DeskError, match="làm mất chữ có dấu"):
        parse_citizen_qr(payload)


def test_a_whole_card_or_a_repairable_mojibake_is_not_taken_for_lost_letters() -> None:
    good = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"
    assert isinstance(read_citizen_qr(good), CitizenQr)
    mojibake = good.encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" not in mojibake:
        assert read_citizen_qr(mojibake) == read_citizen_qr(good)
    latin = good.encode("utf-8").decode("latin-1")
    assert read_citizen_qr(latin) == read_citizen_qr(good)
    with pytest.raises(DeskError, match="Ngày sinh"):  # digits broken: not what a wedge scanner does
        read_citizen_qr("079301001234||Trn Th|15132001|N|S 5|")
