"""The applicant of an intake as it comes: a citizen, a foreigner or an organisation, maybe represented.

Import contract (and the intake screen's mapping), under ``"applicant"``:

* ``kind``: ``citizen`` (default) | ``foreigner`` | ``organisation``;
* a citizen: ``full_name`` (no digits), ``id_number`` (12 digits; a 9-digit CMND is refused as the
  identity), optional ``old_id_number`` (the old 9-digit CMND, kept), ``birth_date``, ``sex``;
* a foreigner: ``full_name``, ``passport_number`` (letters and digits), ``nationality`` (ISO 3166-1
  alpha-3, checked against the list the caller gives), optional ``birth_date``, ``sex``;
* an organisation: ``full_name`` (digits allowed: "Khách sạn Láng 2") and ``registration_number``
  (enterprise code, establishment decision or licence number);
* any of them: ``address`` (required: one line, or ``{"street", "commune", "province"}`` checked against
  the current divisions — :mod:`desk_app.domain.addresses`), ``phone``, ``email`` and optional
  ``representative``:
  ``{"full_name", "id_number", "document"}`` — who files for the applicant and by what authorisation.

With ``citizen_qr`` the citizen comes from the card (its old CMND number kept when it has 9 digits) and
``applicant`` may still add contact details and a representative. Every problem is a :class:`FieldError`
with a Vietnamese message naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from desk_app.domain.addresses import Divisions, structured_address
from desk_app.domain.errors import DeskError, FieldError
from desk_app.domain.identity import (
    PASSPORT_NUMBER,
    check_email,
    check_id_number,
    check_old_id_number,
    check_phone,
    normalise_phone,
    parse_citizen_qr,
)
from desk_app.domain.model import EARLIEST_YEAR, Applicant, ApplicantKind, Representative, Sex
from desk_app.domain.text import clean

MAX_NAME = 100
MAX_ORGANISATION = 200  # "Công ty TNHH Thương mại và Dịch vụ Khách sạn …"
MAX_TEXT = 500
_REGISTRATION = re.compile(r"[A-Z0-9][A-Z0-9./-]{0,39}")
_KEYS = {
    ApplicantKind.CITIZEN: {"kind", "full_name", "id_number", "old_id_number", "birth_date", "sex"},
    ApplicantKind.FOREIGNER: {"kind", "full_name", "passport_number", "nationality", "birth_date", "sex"},
    ApplicantKind.ORGANISATION: {"kind", "full_name", "registration_number"},
}
_COMMON = {"address", "phone", "email", "representative"}
_FIELD_VI = {
    "id_number": "số định danh cá nhân", "old_id_number": "số CMND cũ", "birth_date": "ngày sinh",
    "sex": "giới tính", "passport_number": "số hộ chiếu", "nationality": "quốc tịch",
    "registration_number": "số đăng ký",
}  # fmt: skip


def text_field(
    raw: Mapping[str, Any], key: str, errors: list[FieldError], path: str, limit: int = MAX_TEXT
) -> str:
    """``raw[key]`` cleaned (NFC, control characters out, spaces collapsed); "" if absent."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(f"{path}{key}", "phải là chữ"))
        return ""
    text = clean(value)
    if len(text) > limit:
        errors.append(FieldError(f"{path}{key}", f"dài quá {limit} ký tự"))
    return text


def contact(person: Mapping[str, Any], errors: list[FieldError]) -> tuple[str, str]:
    """Phone (normalised: +84 → 0) and e-mail, each checked when given."""
    phone = text_field(person, "phone", errors, "applicant.", 20)
    if phone:
        if msg := check_phone(phone):
            errors.append(FieldError("applicant.phone", msg))
        else:
            phone = normalise_phone(phone)
    email = text_field(person, "email", errors, "applicant.", 120)
    if email and (msg := check_email(email)):
        errors.append(FieldError("applicant.email", msg))
    return phone, email


def _compact(raw: Mapping[str, Any], key: str, errors: list[FieldError], path: str) -> str:
    """A number as typed, spaces out, upper case ("b 1234 567" → "B1234567")."""
    return "".join(text_field(raw, key, errors, path, 40).split()).upper()


def _representative(value: object, errors: list[FieldError]) -> Representative | None:
    if value is None:
        return None
    p = "applicant.representative."
    if not isinstance(value, Mapping):
        errors.append(
            FieldError("applicant.representative", "người đại diện gồm họ tên, số định danh, giấy ủy quyền")
        )
        return None
    unknown = sorted(str(k) for k in value if k not in ("full_name", "id_number", "document"))
    if unknown:
        errors.append(FieldError("applicant.representative", "trường không dùng: " + ", ".join(unknown)))
    name = text_field(value, "full_name", errors, p, MAX_NAME)
    if not name:
        errors.append(FieldError(f"{p}full_name", "chưa nhập họ tên người đại diện"))
    elif any(ch.isdigit() for ch in name):
        errors.append(FieldError(f"{p}full_name", "họ tên người đại diện không được chứa chữ số"))
    number = "".join(text_field(value, "id_number", errors, p).split())
    if not number:
        errors.append(FieldError(f"{p}id_number", "chưa nhập số định danh cá nhân của người đại diện"))
    else:
        errors += [FieldError(f"{p}id_number", m) for m in check_id_number(number).errors]
    document = text_field(value, "document", errors, p)
    if not document:
        errors.append(
            FieldError(f"{p}document", "chưa ghi giấy tờ ủy quyền (ví dụ: Giấy ủy quyền số 12/GUQ ngày …)")
        )
    return Representative(name, number, document)


def _birth_and_sex(
    person: Mapping[str, Any], errors: list[FieldError], today: date
) -> tuple[date | None, Sex | None]:
    birth: date | None = None
    if person.get("birth_date"):
        try:
            birth = date.fromisoformat(str(person["birth_date"]))
        except ValueError:
            errors.append(FieldError("applicant.birth_date", "ngày sinh phải có dạng YYYY-MM-DD"))
        else:
            if birth.year < EARLIEST_YEAR or birth > today:
                errors.append(FieldError("applicant.birth_date",
                                         f"ngày sinh phải từ năm {EARLIEST_YEAR} đến hôm nay"))  # fmt: skip
                birth = None
    sex: Sex | None = None
    if person.get("sex"):
        try:
            sex = Sex(clean(str(person["sex"])))
        except ValueError:
            errors.append(FieldError("applicant.sex", "giới tính phải là 'Nam' hoặc 'Nữ'"))
    return birth, sex


def _kind(person: Mapping[str, Any], errors: list[FieldError]) -> ApplicantKind:
    value = person.get("kind") or ApplicantKind.CITIZEN
    try:
        return ApplicantKind(value)
    except ValueError:
        errors.append(
            FieldError("applicant.kind", "loại người nộp phải là citizen, foreigner hoặc organisation")
        )
        return ApplicantKind.CITIZEN


def _not_for(kind: ApplicantKind, person: Mapping[str, Any], errors: list[FieldError]) -> None:
    """A field of another kind (a passport on a citizen, an ID number on an organisation) is refused."""
    others = set().union(*_KEYS.values()) - _KEYS[kind]
    for key in sorted(others & set(person)):
        if person[key] in (None, ""):
            continue
        what = _FIELD_VI.get(key)
        message = f"{what} không dùng cho {kind.label_vi.lower()}" if what else f"trường “{key}” không dùng"
        errors.append(FieldError(f"applicant.{key}", message[0].upper() + message[1:]))


def validate_applicant(
    raw: Mapping[str, Any],
    errors: list[FieldError],
    warnings: list[str],
    today: date,
    countries: Mapping[str, str],
    divisions: Divisions | None = None,
) -> Applicant | None:
    """The applicant of ``raw`` (an import line or the screen's mapping); problems go to ``errors``.

    ``countries``: ISO 3166-1 alpha-3 code → name, the list a foreigner's nationality is checked against;
    ``divisions``: the current provinces and communes an address given in parts is checked against.
    """
    qr = raw.get("citizen_qr")
    extra = raw.get("applicant")
    if qr is not None:
        if not isinstance(qr, str):
            errors.append(FieldError("citizen_qr", "phải là chuỗi ký tự của mã QR"))
            return None
        try:
            card = parse_citizen_qr(qr)
        except DeskError as exc:
            errors.append(FieldError("citizen_qr", exc.message))
            return None
        warnings += list(card.warnings)
        more: Mapping[str, Any] = extra if isinstance(extra, Mapping) else {}
        phone, email = contact(more, errors)
        old = (
            card.old_id_number
            if len(card.old_id_number) == 9 and not check_old_id_number(card.old_id_number)
            else ""
        )
        return Applicant(
            full_name=card.full_name, id_number=card.id_number, birth_date=card.birth_date, sex=card.sex,
            address=card.address, phone=phone, email=email, old_id_number=old,
            representative=_representative(more.get("representative"), errors),
        )  # fmt: skip
    if not isinstance(extra, Mapping):
        errors.append(FieldError("applicant", "thiếu thông tin người nộp hồ sơ (hoặc mã QR căn cước)"))
        return None
    person = extra
    p = "applicant."
    kind = _kind(person, errors)
    _not_for(kind, person, errors)
    organisation = kind is ApplicantKind.ORGANISATION
    name = text_field(person, "full_name", errors, p, MAX_ORGANISATION if organisation else MAX_NAME)
    if not name:
        errors.append(FieldError("applicant.full_name", "chưa nhập tên cơ quan, tổ chức" if organisation
                                 else "chưa nhập họ và tên"))  # fmt: skip
    elif not organisation and any(ch.isdigit() for ch in name):
        errors.append(FieldError("applicant.full_name", "họ và tên không được chứa chữ số"))
    birth, sex = (None, None) if organisation else _birth_and_sex(person, errors, today)
    id_number = passport = nationality = registration = old_id = ""
    if kind is ApplicantKind.CITIZEN:
        id_number = "".join(text_field(person, "id_number", errors, p).split())
        if not id_number:
            errors.append(FieldError("applicant.id_number", "chưa nhập số định danh cá nhân"))
        else:
            check = check_id_number(id_number, birth_date=birth, sex=sex)
            errors += [FieldError("applicant.id_number", m) for m in check.errors]
            warnings += list(check.warnings)
        old_id = "".join(text_field(person, "old_id_number", errors, p).split())
        if old_id and (msg := check_old_id_number(old_id)):
            errors.append(FieldError("applicant.old_id_number", msg))
    elif kind is ApplicantKind.FOREIGNER:
        passport = _compact(person, "passport_number", errors, p)
        if not passport:
            errors.append(
                FieldError("applicant.passport_number", "chưa nhập số hộ chiếu của người nước ngoài")
            )
        elif not PASSPORT_NUMBER.fullmatch(passport):
            errors.append(FieldError("applicant.passport_number",
                                     "số hộ chiếu gồm 5 đến 20 chữ cái không dấu và chữ số"))  # fmt: skip
        nationality = _compact(person, "nationality", errors, p)
        if not nationality:
            errors.append(
                FieldError("applicant.nationality", "chưa nhập quốc tịch (mã ISO 3 chữ, ví dụ FRA, KOR)")
            )
        elif nationality not in countries:
            errors.append(FieldError("applicant.nationality",
                                     f"mã quốc tịch “{nationality}” không có trong danh mục ISO 3166-1 "
                                     "(3 chữ cái, ví dụ FRA, KOR, USA)"))  # fmt: skip
    else:
        registration = _compact(person, "registration_number", errors, p)
        if not registration:
            errors.append(FieldError("applicant.registration_number",
                                     "chưa nhập số đăng ký của tổ chức (mã số doanh nghiệp, số quyết định "
                                     "thành lập hoặc giấy phép)"))  # fmt: skip
        elif not _REGISTRATION.fullmatch(registration):
            message = "số đăng ký gồm chữ cái không dấu, chữ số và các dấu . / -"
            errors.append(FieldError("applicant.registration_number", message))
    given = person.get("address")
    if isinstance(given, Mapping):  # province and commune from the current divisions, the rest as text
        address = structured_address(given, divisions, errors) if divisions is not None else ""
        if divisions is None:
            errors.append(FieldError("applicant.address", "chưa có danh mục đơn vị hành chính"))
    else:
        address = text_field(person, "address", errors, p)
        if not address:
            errors.append(FieldError("applicant.address", "chưa nhập địa chỉ"))
    phone, email = contact(person, errors)
    return Applicant(
        full_name=name, id_number=id_number, birth_date=birth, sex=sex, address=address, phone=phone,
        email=email, kind=kind, passport_number=passport, nationality=nationality,
        registration_number=registration, old_id_number=old_id,
        representative=_representative(person.get("representative"), errors),
    )  # fmt: skip


def identity_label(a: Applicant) -> str:
    """One line naming what identifies ``a`` ("số định danh 079…", "hộ chiếu B123…, quốc tịch FRA" …)."""
    if a.kind is ApplicantKind.FOREIGNER:
        text = f"hộ chiếu {a.passport_number}, quốc tịch {a.nationality}"
    elif a.kind is ApplicantKind.ORGANISATION:
        text = f"số đăng ký {a.registration_number}"
    else:
        text = f"số định danh {a.id_number}" + (f", CMND cũ {a.old_id_number}" if a.old_id_number else "")
    rep = a.representative
    if rep is not None:
        text += f"; người đại diện {rep.full_name} ({rep.id_number}), theo {rep.document}"
    return text
