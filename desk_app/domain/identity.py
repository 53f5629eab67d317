"""Citizen identity: the 12-digit personal identification number, the chip card QR, phone and e-mail.

Rules (DOMAIN_VN.md §4):

* The personal identification number (số định danh cá nhân, printed on the CCCD / thẻ căn cước) has
  12 digits: 3-digit province of *birth registration* + 1 century/sex digit + 2 digits of the birth
  year + 6 random digits. There is **no check digit**, so only the structure and the agreement with a
  known birth date and sex can be checked. An unknown province code is a warning, never a block.
* An old 9-digit CMND (chứng minh nhân dân) has not been an identity document since 1/1/2025 (Law on
  Identity 2023): it is refused as the identity and kept only as the applicant's ``old_id_number``
  (:func:`check_old_id_number`; also read from the card's QR).
* The chip card QR is UTF-8, ``|``-separated; see :func:`parse_citizen_qr`. A keyboard-wedge scanner
  left in its plain keyboard mode types only what the keyboard layout has: the Vietnamese letters of the
  name and address are lost (or arrive as ``?``, or as Alt-code debris) while the digits arrive intact;
  :func:`read_citizen_qr` recognises that and returns a :class:`LostLetters` with what can be trusted.

Every message is Vietnamese and meant to be shown to the officer as is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from desk_app.domain.errors import DeskError
from desk_app.domain.model import Sex
from desk_app.domain.text import clean, fold, nfc

_PROVINCE_LIST = (
    "001 Hà Nội|002 Hà Giang|004 Cao Bằng|006 Bắc Kạn|008 Tuyên Quang|010 Lào Cai|011 Điện Biên|"
    "012 Lai Châu|014 Sơn La|015 Yên Bái|017 Hòa Bình|019 Thái Nguyên|020 Lạng Sơn|022 Quảng Ninh|"
    "024 Bắc Giang|025 Phú Thọ|026 Vĩnh Phúc|027 Bắc Ninh|030 Hải Dương|031 Hải Phòng|033 Hưng Yên|"
    "034 Thái Bình|035 Hà Nam|036 Nam Định|037 Ninh Bình|038 Thanh Hóa|040 Nghệ An|042 Hà Tĩnh|"
    "044 Quảng Bình|045 Quảng Trị|046 Thừa Thiên Huế|048 Đà Nẵng|049 Quảng Nam|051 Quảng Ngãi|"
    "052 Bình Định|054 Phú Yên|056 Khánh Hòa|058 Ninh Thuận|060 Bình Thuận|062 Kon Tum|064 Gia Lai|"
    "066 Đắk Lắk|067 Đắk Nông|068 Lâm Đồng|070 Bình Phước|072 Tây Ninh|074 Bình Dương|075 Đồng Nai|"
    "077 Bà Rịa–Vũng Tàu|079 TP. Hồ Chí Minh|080 Long An|082 Tiền Giang|083 Bến Tre|084 Trà Vinh|"
    "086 Vĩnh Long|087 Đồng Tháp|089 An Giang|091 Kiên Giang|092 Cần Thơ|093 Hậu Giang|094 Sóc Trăng|"
    "095 Bạc Liêu|096 Cà Mau"
)

#: Birth-registration province codes (Circular 07/2016, 63 provinces) → province name (NFC).
#: Unchanged by the 2025 merger into 34 provinces: the prefix records where the birth was registered.
PROVINCES: Mapping[str, str] = MappingProxyType(
    {item[:3]: nfc(item[4:]) for item in _PROVINCE_LIST.split("|")}
)

_DIGITS = frozenset("0123456789")
OLD_CMND_REFUSED = (
    "Số CMND 9 số không còn là giấy tờ tùy thân từ 01/01/2025 (Luật Căn cước 2023): nhập số định danh "
    "12 số và ghi số CMND vào ô “Số CMND cũ”"
)


@dataclass(frozen=True)
class IdCheck:
    """The outcome of :func:`check_id_number`: errors block saving, warnings are only shown."""

    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def century_sex_digit(year: int, sex: Sex) -> int:
    """The 4th digit of the number for someone born in ``year`` (1900–2399) with ``sex``."""
    if not 1900 <= year <= 2399:
        raise DeskError(f"Năm sinh {year} nằm ngoài khoảng 1900–2399 của số định danh", field="birth_date")
    return (year // 100 - 19) * 2 + (1 if sex is Sex.FEMALE else 0)


PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")  # a passport's number: Latin capitals and digits


def check_old_id_number(number: str) -> str:
    """Why ``number`` (cleaned, no spaces) is not an old 9-digit CMND number ("" if it is)."""
    if not number.isascii() or not number.isdigit() or len(number) != 9:
        return f"Số CMND cũ phải gồm đúng 9 chữ số (đang là “{number}”)"
    return ""


def check_id_number(number: str, *, birth_date: date | None = None, sex: Sex | None = None) -> IdCheck:
    """Check a personal identification number (12 digits; an old 9-digit CMND is refused, saying why).

    ``number`` is the cleaned text (no spaces). The century/sex digit and the two year digits are
    compared with ``birth_date`` and ``sex`` when they are known.
    """
    if not number:
        return IdCheck(("Chưa nhập số định danh cá nhân",), ())
    bad = sorted({ch for ch in number if ch not in _DIGITS})
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        return IdCheck((f"Số định danh cá nhân chỉ được gồm chữ số (có ký tự không hợp lệ: {shown})",), ())
    if len(number) == 9:
        return IdCheck((OLD_CMND_REFUSED,), ())
    if len(number) != 12:
        return IdCheck((f"Số định danh cá nhân phải gồm đúng 12 chữ số (đang có {len(number)})",), ())
    errors: list[str] = []
    warnings: list[str] = []
    province = number[:3]
    if province not in PROVINCES:
        warnings.append(
            f"Mã tỉnh nơi đăng ký khai sinh {province} (3 số đầu) không có trong danh mục 63 tỉnh, "
            "thành phố; đề nghị kiểm tra lại số"
        )
    digit = int(number[3])
    century = 1900 + (digit // 2) * 100
    digit_sex = Sex.FEMALE if digit % 2 else Sex.MALE
    year_digits = number[4:6]
    if birth_date is not None:
        if birth_date.year // 100 * 100 != century:
            errors.append(
                f"Chữ số thứ 4 của số định danh ({digit}) ứng với người sinh trong các năm "
                f"{century}–{century + 99}, nhưng năm sinh là {birth_date.year}"
            )
        if f"{birth_date.year % 100:02d}" != year_digits:
            errors.append(
                f"Chữ số thứ 5–6 của số định danh ({year_digits}) phải là hai số cuối của năm sinh "
                f"({birth_date.year})"
            )
    if sex is not None and sex is not digit_sex:
        errors.append(
            f"Chữ số thứ 4 của số định danh ({digit}) ứng với giới tính {digit_sex.value}, "
            f"nhưng giới tính đã nhập là {sex.value}"
        )
    return IdCheck(tuple(errors), tuple(warnings))


@dataclass(frozen=True)
class CitizenQr:
    """What the chip card's QR says. ``warnings`` (e.g. unknown province) are for the officer to see."""

    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date
    sex: Sex
    address: str
    issue_date: date | None
    warnings: tuple[str, ...] = ()


_QR_START = re.compile(r"(?:[0-9]{12}|[0-9]{9})\|")
# cp1252's printable characters for bytes 0x80-0x9F ('…' → 0x85); any other char < 0x100 is its own byte.
_CP1252_HIGH = {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _undo_mojibake(text: str) -> str | None:
    """``text`` re-encoded byte per character as Latin-1/cp1252 and decoded as UTF-8, or None."""
    raw = bytearray()
    for ch in text:
        if ord(ch) >= 0x100 and ch not in _CP1252_HIGH:
            return None
        raw.append(ord(ch) if ord(ch) < 0x100 else _CP1252_HIGH[ch])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _looks_mojibake(text: str) -> bool:
    """True if some run of characters spells a complete multi-byte UTF-8 sequence (e.g. 'á»…')."""
    for i, ch in enumerate(text):
        lead = ord(ch) if ord(ch) < 0x100 else 0
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
        if size and _undo_mojibake(text[i : i + size]) is not None:
            return True
    return False


def _repair(payload: str) -> str:
    """Undo a UTF-8 payload decoded as Latin-1/cp1252 by the scanner, or refuse it."""
    if _looks_mojibake(payload):
        repaired = _undo_mojibake(payload)
        if repaired is None:
            raise DeskError(
                "Mã QR bị máy quét đọc sai bảng mã (UTF-8 bị hiểu thành Latin-1/Windows-1252) và không tự "
                "sửa được; hãy đặt máy quét ở chế độ UTF-8 hoặc nhập tay",
                field="citizen_qr",
            )
        payload = repaired
    if "\ufffd" in payload:
        raise DeskError(
            "Mã QR có ký tự máy quét không đọc được (�); hãy quét lại hoặc nhập tay", field="citizen_qr"
        )
    return payload


def _qr_date(text: str, what: str) -> date:
    if len(text) == 8 and set(text) <= _DIGITS:
        try:
            return date(int(text[4:]), int(text[2:4]), int(text[:2]))
        except ValueError:
            pass
    raise DeskError(f"{what} trong mã QR không hợp lệ: {text or '(trống)'}", field="citizen_qr")


WEDGE_LOST_LETTERS = (
    "Máy quét mã QR đang gõ như bàn phím thường nên làm mất chữ có dấu của họ tên và địa chỉ (nhận được "
    "“%s”). Đã điền số định danh, số CMND cũ, ngày sinh và giới tính; hãy gõ họ tên và địa chỉ. Để sửa hẳn: "
    "đặt máy quét ở chế độ bàn phím Unicode hoặc Alt-code (xem sách hướng dẫn của máy), hoặc dùng chế độ "
    "cổng COM ([id_scanner] port trong station.toml)"
)


@dataclass(frozen=True)
class LostLetters:
    """A card's QR whose letters were lost on the way (a keyboard-wedge scanner in plain keyboard mode):
    what arrived intact — the number, the dates, the sex (from the number's 4th digit) — and the name and
    address as they arrived, for the officer to type properly."""

    id_number: str
    old_id_number: str
    birth_date: date
    sex: Sex
    issue_date: date | None
    name_as_read: str
    address_as_read: str

    @property
    def message(self) -> str:
        return WEDGE_LOST_LETTERS % self.name_as_read


def _cp1252_only(text: str) -> bool:
    """True when every character of ``text`` is one a Western keyboard layout can type (Windows-1252)."""
    return all(ord(ch) < 0x100 or ch in _CP1252_HIGH for ch in text)


def _letters_lost(name: str, address: str) -> bool:
    """The signs of a wedge scanner that dropped or replaced the letters outside the keyboard layout:
    ``?`` or digits in the name (Alt-code debris), or a name and address without a single Vietnamese
    letter beyond Windows-1252 (ơ, ư, ă, đ, ạ, ả … — a card's name and address always have some; the
    sex "Nữ" then arrives as "N")."""
    if "?" in name or "?" in address or any(ch.isdigit() for ch in name):
        return True
    return _cp1252_only(name + address)


def _lost_letters(payload: str) -> LostLetters | None:
    """``payload`` as a :class:`LostLetters` when its number and dates are intact but its letters are not."""
    if _looks_mojibake(payload) and _undo_mojibake(payload.strip()) is not None:
        return None  # UTF-8 read as Windows-1252: repaired whole by parse_citizen_qr
    fields = [f.strip() for f in payload.strip().split("|")]
    if len(fields) < 7:
        return None
    id_number, old_id, name, birth, _sex, address, issue = fields[:7]
    if len(id_number) != 12 or not set(id_number) <= _DIGITS or not _letters_lost(name, address):
        return None
    try:
        birth_date = _qr_date(birth, "Ngày sinh")
        issue_date = _qr_date(issue, "Ngày cấp") if issue else None
    except DeskError:
        return None
    sex = Sex.FEMALE if int(id_number[3]) % 2 else Sex.MALE
    if not check_id_number(id_number, birth_date=birth_date, sex=sex).ok:
        return None
    old = old_id if set(old_id) <= _DIGITS and len(old_id) in (9, 12) else ""
    return LostLetters(id_number, old, birth_date, sex, issue_date, clean(name), clean(address))


def read_citizen_qr(payload: str) -> CitizenQr | LostLetters:
    """What the counter's scan field does with a card's QR: :func:`parse_citizen_qr`, or — when a
    keyboard-wedge scanner lost the letters — a :class:`LostLetters` with the parts that arrived intact.
    Raises :class:`DeskError` for anything else that is wrong."""
    lost = _lost_letters(payload)
    if lost is not None:
        return lost
    return parse_citizen_qr(payload)


def looks_like_citizen_qr(text: str) -> bool:
    """Cheap test for the scan field: 9 or 12 digits followed by ``|``."""
    return _QR_START.match(text.lstrip()) is not None


def parse_citizen_qr(payload: str) -> CitizenQr:
    """Parse the chip card QR ``<12 digits>|<old CMND>|<name>|<DDMMYYYY>|<Nam/Nữ>|<address>|<DDMMYYYY>``.

    Tolerates: surrounding white space and the CR/LF a USB scanner adds, NFD text, extra trailing
    fields (newer cards) and a payload mis-decoded as Latin-1/cp1252 (repaired when the bytes are
    valid UTF-8, refused otherwise). Sex is matched without case or diacritics ("Nam", "NỮ", "Nu").
    The first field must be a 12-digit number (a 9-digit one is refused: cards with a QR carry the
    12-digit number). An old CMND field that is not 9 or 12 digits is kept but produces a warning.
    Raises :class:`DeskError` (``field="citizen_qr"``) with the reason — for a payload whose letters a
    keyboard-wedge scanner lost, :data:`WEDGE_LOST_LETTERS` (:func:`read_citizen_qr` keeps its digits).
    """
    lost = _lost_letters(payload)
    if lost is not None:
        raise DeskError(lost.message.split(". Đã điền")[0] + "; quét lại sau khi sửa máy quét, hoặc nhập tay",
                        field="citizen_qr")  # fmt: skip
    text = nfc(_repair(payload.strip().lstrip("\ufeff").strip()))
    if not text:
        raise DeskError("Mã QR trống: chưa nhận được dữ liệu từ máy quét", field="citizen_qr")
    fields = text.split("|")
    if len(fields) < 7:
        raise DeskError(
            f"Mã QR không đúng định dạng căn cước: cần ít nhất 7 trường, nhận được {len(fields)}",
            field="citizen_qr",
        )
    id_number, old_id, name, birth, sex_text, address, issue = (f.strip() for f in fields[:7])
    if len(id_number) != 12 or not set(id_number) <= _DIGITS:
        raise DeskError(
            f"Số định danh trong mã QR phải gồm 12 chữ số, nhận được: {id_number or '(trống)'}",
            field="citizen_qr",
        )
    full_name = clean(name)
    if not full_name:
        raise DeskError("Họ tên trong mã QR để trống", field="citizen_qr")
    birth_date = _qr_date(birth, "Ngày sinh")
    sex = {"nam": Sex.MALE, "nu": Sex.FEMALE}.get(fold(sex_text))
    if sex is None:
        raise DeskError(
            f"Giới tính trong mã QR không hợp lệ: {sex_text or '(trống)'} (cần Nam hoặc Nữ)",
            field="citizen_qr",
        )
    issue_date = _qr_date(issue, "Ngày cấp") if issue else None
    if issue_date is not None and issue_date < birth_date:
        raise DeskError(f"Ngày cấp trong mã QR ({issue}) trước ngày sinh ({birth})", field="citizen_qr")
    check = check_id_number(id_number, birth_date=birth_date, sex=sex)
    if not check.ok:
        raise DeskError("Mã QR căn cước không hợp lệ: " + "; ".join(check.errors), field="citizen_qr")
    warnings = list(check.warnings)
    if old_id and (not set(old_id) <= _DIGITS or len(old_id) not in (9, 12)):
        warnings.append(f"Số CMND cũ trong mã QR không hợp lệ ({old_id}); đề nghị kiểm tra lại")
    return CitizenQr(
        id_number, old_id, full_name, birth_date, sex, clean(address), issue_date, tuple(warnings)
    )


_PHONE_SEPARATORS = str.maketrans("", "", " .-()\u00a0\t")


def normalise_phone(text: str) -> str:
    """Drop separators (space, dot, hyphen, brackets) and turn ``+84``/``0084``/``84…`` into a leading 0.

    Does not validate: anything else (letters, a foreign ``+1``) is left for :func:`check_phone`.
    """
    digits = nfc(text).strip().translate(_PHONE_SEPARATORS)
    for prefix in ("+84", "0084"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            return rest if rest.startswith("0") else "0" + rest
    if digits.startswith("84") and len(digits) in (11, 12):  # national numbers always start with 0
        return "0" + digits[2:]
    return digits


def check_phone(text: str) -> str | None:
    """A Vietnamese phone number's problem in Vietnamese, or None if it is valid or empty (not given).

    Mobiles (03/05/07/08/09…) have 10 digits; landlines (02…) 10 or 11.
    """
    number = normalise_phone(text)
    if not number:
        return None
    if not set(number) <= _DIGITS:
        return "Số điện thoại chỉ được gồm chữ số (có thể bắt đầu bằng +84)"
    if not number.startswith("0") or number.startswith("00"):
        return "Chỉ nhận số điện thoại Việt Nam: bắt đầu bằng 0 hoặc +84"
    if number.startswith("01") and len(number) == 11:
        return "Số di động 11 số đầu 01 đã chuyển sang 10 số từ năm 2018; đề nghị hỏi lại số mới"
    if number.startswith("02"):
        if len(number) not in (10, 11):
            return f"Số điện thoại cố định phải gồm 10 hoặc 11 chữ số (đang có {len(number)})"
    elif len(number) != 10:
        return f"Số điện thoại di động phải gồm 10 chữ số (đang có {len(number)})"
    return None


_EMAIL_LABEL = re.compile(r"[^\W_]+(?:-+[^\W_]+)*")  # letters/digits, inner hyphens


def check_email(text: str) -> str | None:
    """An e-mail address's problem in Vietnamese, or None if it looks sane or is empty (not given)."""
    address = nfc(text).strip()
    if not address:
        return None
    if any(ch.isspace() for ch in address):
        return "Địa chỉ email không được chứa khoảng trắng"
    if address.count("@") != 1:
        return "Địa chỉ email phải có đúng một ký tự @"
    local, domain = address.split("@")
    if not local or len(local) > 64 or local.startswith(".") or local.endswith(".") or ".." in local:
        return "Phần trước @ của địa chỉ email không hợp lệ"
    labels = domain.split(".")
    if (
        len(address) > 254
        or len(labels) < 2
        or not all(_EMAIL_LABEL.fullmatch(label) for label in labels)
        or len(labels[-1]) < 2
        or labels[-1].isdigit()
    ):
        return "Tên miền của địa chỉ email không hợp lệ (ví dụ đúng: ten@gmail.com)"
    return None
