"""The dossier and its parts, in the counter's own words (see the glossary in the README).

Plain frozen dataclasses and enums; validation lives in :mod:`desk_app.domain.intake`.
"""

from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

#: Vietnam has used UTC+7 without daylight saving since 1975; a fixed offset needs no tz database.
VN_TZ = timezone(timedelta(hours=7), "ICT")


#: no date the desk deals with is older (a birth date, a receipt): earlier ones are typing errors
EARLIEST_YEAR = 1900


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 text (or a datetime) → aware datetime; a naive time is taken as Vietnam time. ValueError
    for anything else, and for a year before :data:`EARLIEST_YEAR` (a year 1 cannot even be moved to
    UTC+7's neighbours without overflowing)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        dt = datetime.fromisoformat(value.strip())
    else:
        raise ValueError(value)
    if dt.year < EARLIEST_YEAR:
        raise ValueError(f"year {dt.year}")
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=VN_TZ)


class Channel(StrEnum):
    """How the dossier reached the counter (kênh tiếp nhận)."""

    WALK_IN = "walk_in"  # trực tiếp
    POST = "post"  # qua dịch vụ bưu chính công ích


class DocumentForm(StrEnum):
    """Original, certified copy or plain copy (bản chính / bản sao chứng thực / bản sao)."""

    ORIGINAL = "original"
    CERTIFIED_COPY = "certified_copy"
    COPY = "copy"

    @property
    def label_vi(self) -> str:
        return {
            DocumentForm.ORIGINAL: "Bản chính",
            DocumentForm.CERTIFIED_COPY: "Bản sao chứng thực",
            DocumentForm.COPY: "Bản sao",
        }[self]


class Sex(StrEnum):
    MALE = "Nam"
    FEMALE = "Nữ"


class ResultDelivery(StrEnum):
    """Where the citizen collects the result (đăng ký nhận kết quả tại)."""

    COUNTER = "counter"
    POST = "post"

    @property
    def label_vi(self) -> str:
        return {
            ResultDelivery.COUNTER: "Bộ phận tiếp nhận và trả kết quả",
            ResultDelivery.POST: "Qua dịch vụ bưu chính công ích",
        }[self]


class LimitUnit(StrEnum):
    """The kinds of time limit the rules write (DOMAIN_VN.md §6, issue 17)."""

    WORKING_DAYS = "working_days"  # N ngày làm việc
    CALENDAR_DAYS = "calendar_days"  # N ngày (calendar days; the result still promised on a working day)
    HALF_DAY = "half_day"  # nửa ngày làm việc (value 1)
    AT_ONCE = "at_once"  # giải quyết ngay: a notice recorded while the citizen waits (value 0)
    HOURS = "hours"  # dossiers stored by an earlier build only: no procedure is written in hours any more


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's legal time limit (thời hạn giải quyết), of one of the :class:`LimitUnit` kinds."""

    value: int
    unit: LimitUnit = LimitUnit.WORKING_DAYS

    def __post_init__(self) -> None:
        if self.unit is LimitUnit.AT_ONCE and self.value != 0:
            raise ValueError("an at-once limit has the value 0")
        if self.unit is LimitUnit.HALF_DAY and self.value != 1:
            raise ValueError("a half-day limit has the value 1")
        if self.unit not in (LimitUnit.AT_ONCE,) and self.value < 1:
            raise ValueError(f"a time limit must be at least 1, got {self.value}")

    @property
    def at_once(self) -> bool:
        return self.unit is LimitUnit.AT_ONCE

    @property
    def label_vi(self) -> str:
        return {
            LimitUnit.WORKING_DAYS: f"{self.value} ngày làm việc",
            LimitUnit.CALENDAR_DAYS: f"{self.value} ngày",
            LimitUnit.HALF_DAY: "nửa ngày làm việc",
            LimitUnit.AT_ONCE: "giải quyết ngay khi tiếp nhận",
            LimitUnit.HOURS: f"{self.value} giờ",
        }[self.unit]


class ApplicantKind(StrEnum):
    """Who files: a Vietnamese citizen, a foreigner, or an organisation (cơ quan, tổ chức)."""

    CITIZEN = "citizen"
    FOREIGNER = "foreigner"
    ORGANISATION = "organisation"

    @property
    def label_vi(self) -> str:
        return {
            ApplicantKind.CITIZEN: "Công dân Việt Nam",
            ApplicantKind.FOREIGNER: "Người nước ngoài",
            ApplicantKind.ORGANISATION: "Cơ quan, tổ chức",
        }[self]


@dataclass(frozen=True)
class Representative:
    """Who files for the applicant (người được ủy quyền, người đại diện) and by what authorisation."""

    full_name: str
    id_number: str  # the representative's 12-digit personal identification number
    document: str  # "Giấy ủy quyền số 12/GUQ ngày 01/12/2026", "Giấy giới thiệu số 05/GGT"


@dataclass(frozen=True)
class Applicant:
    """The one filing (người nộp hồ sơ): a citizen, a foreigner or an organisation. Text is NFC.

    A citizen is identified by the 12-digit ``id_number`` (an old 9-digit CMND is kept only as
    ``old_id_number``); a foreigner by ``passport_number`` and ``nationality`` (ISO 3166-1 alpha-3);
    an organisation by ``registration_number`` (its name may hold digits)."""

    full_name: str
    id_number: str = ""
    birth_date: date | None = None
    sex: Sex | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    kind: ApplicantKind = ApplicantKind.CITIZEN
    passport_number: str = ""
    nationality: str = ""
    registration_number: str = ""
    old_id_number: str = ""
    representative: Representative | None = None


@dataclass(frozen=True)
class SubmittedDocument:
    """One paper handed over (thành phần hồ sơ): name, original or copy, how many."""

    name: str
    copies: int = 1
    form: DocumentForm = DocumentForm.ORIGINAL


@dataclass(frozen=True)
class Intake:
    """A validated walk-in (or mail-in) intake, ready to be given a code and saved."""

    procedure_code: str
    channel: Channel
    received_at: datetime  # aware
    applicant: Applicant
    documents: tuple[SubmittedDocument, ...]
    sets: int = 1
    fee: int | None = None  # VND
    result_delivery: ResultDelivery = ResultDelivery.COUNTER
    note: str = ""


@dataclass(frozen=True)
class DossierEvent:
    """One entry of a dossier's history: who did what, when, and why."""

    kind: str
    at: datetime
    actor: str
    reason: str = ""
    uuid: str = field(default_factory=lambda: str(uuid_mod.uuid4()))
