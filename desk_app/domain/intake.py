"""Validation of an intake, shared by the intake screen and ``desk-app import``.

Input is the JSON shape of the import contract (see the README); the screen builds the same
mapping, so a dossier is validated exactly the same way whichever way it arrives. Every problem is
collected as a :class:`FieldError` with a Vietnamese message; nothing invalid ever reaches storage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_app.domain.addresses import Divisions, former_units
from desk_app.domain.applicants import text_field, validate_applicant
from desk_app.domain.catalogue import CHANNEL_VI, Case, Procedure
from desk_app.domain.errors import DeskError, FieldError, NotFound, ValidationFailed
from desk_app.domain.model import (
    EARLIEST_YEAR,
    VN_TZ,
    ApplicantKind,
    Channel,
    DocumentForm,
    Intake,
    ResultDelivery,
    SubmittedDocument,
    TimeLimit,
    parse_datetime,
)
from desk_app.domain.postal import PostalDetails, validate_postal
from desk_app.domain.text import clean

MAX_COPIES = 99
MAX_SETS = 20
MAX_FEE = 100_000_000  # đồng: far above any police fee (tens of thousands); a larger one is a typing error


@dataclass(frozen=True)
class ValidIntake:
    """A validated intake with the procedure it names and the non-blocking warnings found."""

    intake: Intake
    procedure: Procedure
    warnings: tuple[str, ...]
    fingerprint: str
    postal: PostalDetails | None = None  # mail-in: item number, handover record, return address
    case: Case | None = None  # the case picked, for a procedure whose limit depends on it
    address_note: str = ""  # the address names units gone since 1 July 2025 (kept as written, flagged)

    @property
    def limit(self) -> TimeLimit:
        """The time limit that applies: the case's, else the procedure's."""
        return self.case.limit if self.case is not None else self.procedure.limit


def _positive_int(value: Any, field: str, maximum: int, errors: list[FieldError], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        errors.append(FieldError(field, f"phải là số nguyên từ 1 đến {maximum}"))
        return default
    return value


def _documents(
    raw: Any, errors: list[FieldError], none_needed: bool = False
) -> tuple[SubmittedDocument, ...]:
    if none_needed and raw in (None, []):  # a notice recorded at once that asks for no paper
        return ()
    if not isinstance(raw, list) or not raw:
        errors.append(FieldError("documents", "chưa đánh dấu giấy tờ nào trong thành phần hồ sơ"))
        return ()
    docs: list[SubmittedDocument] = []
    for i, item in enumerate(raw, start=1):
        path = f"documents.{i}."
        if not isinstance(item, Mapping):
            errors.append(FieldError(f"documents.{i}", "giấy tờ phải có tên, số bản và loại bản"))
            continue
        name = text_field(item, "name", errors, path)
        if not name:
            errors.append(FieldError(f"{path}name", "chưa có tên giấy tờ"))
        copies = _positive_int(item.get("copies"), f"{path}copies", MAX_COPIES, errors, 1)
        try:
            form = DocumentForm(item.get("form") or DocumentForm.ORIGINAL)
        except ValueError:
            errors.append(FieldError(f"{path}form", "loại bản phải là original, certified_copy hoặc copy"))
            form = DocumentForm.ORIGINAL
        docs.append(SubmittedDocument(name, copies, form))
    return tuple(docs)


def validate_intake(
    raw: Mapping[str, Any],
    *,
    find_procedure: Callable[[str], Procedure],
    now: datetime,
    station_level: str,
    countries: Mapping[str, str],
    divisions: Divisions | None = None,
) -> ValidIntake:
    """Validate one intake; raise :class:`ValidationFailed` listing every problem found.

    ``station_level`` (commune | province): a procedure of the other level is refused. ``countries``:
    the ISO 3166-1 alpha-3 codes a foreigner's nationality is checked against (code → name)."""
    errors: list[FieldError] = []
    warnings: list[str] = []
    procedure: Procedure | None = None
    code = raw.get("procedure")
    if not isinstance(code, str) or not code.strip():
        errors.append(FieldError("procedure", "chưa chọn thủ tục"))
    else:
        try:
            procedure = find_procedure(clean(code))
        except NotFound as exc:
            errors.append(FieldError("procedure", exc.message))
        else:
            refusal = procedure.level_refusal(station_level)
            if refusal:
                errors.append(FieldError("procedure", refusal))
                procedure = None
    try:
        channel = Channel(raw.get("channel") or Channel.WALK_IN)
    except ValueError:
        errors.append(FieldError("channel", "kênh tiếp nhận phải là walk_in hoặc post"))
        channel = Channel.WALK_IN
    if (
        procedure is not None
        and channel is Channel.POST
        and (procedure.personal_presence or not procedure.post_allowed)
    ):
        ways = ", ".join(CHANNEL_VI[c] for c in procedure.channels if c != "post")
        errors.append(FieldError(
            "channel", f"Thủ tục {procedure.code} không nhận hồ sơ qua bưu chính (chỉ nộp {ways})"
        ))  # fmt: skip
    received_at = now
    postal: PostalDetails | None = None
    if channel is Channel.POST:
        try:
            postal = validate_postal(raw.get("postal"), now=now)  # type: ignore[arg-type]
            received_at = postal.handover_at  # the legal time of receipt: the handover record's signing
            warnings += list(postal.warnings)
        except ValidationFailed as exc:
            errors += exc.errors
    elif raw.get("postal") is not None:
        errors.append(
            FieldError("postal", "thông tin bưu gửi chỉ dùng cho hồ sơ qua bưu chính (channel post)")
        )
    if raw.get("received_at") is not None:
        try:
            stated = parse_datetime(raw["received_at"])
        except (ValueError, TypeError):
            errors.append(
                FieldError(
                    "received_at",
                    "thời gian nhận phải theo ISO 8601, ví dụ 2026-11-20T16:10:00+07:00, "
                    f"từ năm {EARLIEST_YEAR}",
                )
            )
        else:
            if postal is not None and stated != postal.handover_at:
                errors.append(
                    FieldError(
                        "received_at",
                        "hồ sơ qua bưu chính: thời gian nhận là thời điểm ký biên bản giao nhận "
                        f"({postal.handover_at:%H:%M %d/%m/%Y}), không thể khác",
                    )
                )
            received_at = stated
    if received_at > now:
        errors.append(FieldError("received_at", "thời gian nhận hồ sơ không được ở tương lai"))
    applicant = validate_applicant(raw, errors, warnings, now.astimezone(VN_TZ).date(), countries, divisions)
    address_note = former_units(applicant.address, divisions) if applicant and divisions else ""
    if address_note:
        warnings.append(address_note)  # kept as written, flagged
    none_needed = procedure is not None and procedure.limit.at_once and not procedure.documents
    documents = _documents(raw.get("documents"), errors, none_needed)
    sets = _positive_int(raw.get("sets"), "sets", MAX_SETS, errors, 1)
    fee = raw.get("fee")
    if fee is None and procedure is not None:
        fee = procedure.fee
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or not 0 <= fee <= MAX_FEE):
        most = f"{MAX_FEE:,}".replace(",", ".")
        errors.append(FieldError("fee", f"lệ phí phải là số tiền (đồng) từ 0 đến {most}"))
        fee = None
    try:
        delivery = ResultDelivery(raw.get("result_delivery") or ResultDelivery.COUNTER)
    except ValueError:
        errors.append(FieldError("result_delivery", "nơi nhận kết quả phải là counter hoặc post"))
        delivery = ResultDelivery.COUNTER
    if postal is not None and raw.get("result_delivery") is None:
        delivery = ResultDelivery.POST if postal.return_by_post else ResultDelivery.COUNTER
    note = text_field(raw, "note", errors, "")
    case = _case(raw, procedure, errors)
    if errors or procedure is None or applicant is None:
        raise ValidationFailed(errors)
    if procedure.documents:
        given = {d.name.casefold() for d in documents}
        missing = [d.name for d in procedure.documents if d.mandatory and d.name.casefold() not in given]
        if missing:
            warnings.append("Chưa đánh dấu giấy tờ bắt buộc: " + "; ".join(missing))
    intake = Intake(
        procedure_code=procedure.code,
        channel=channel,
        received_at=received_at.astimezone(VN_TZ).replace(microsecond=0),
        applicant=applicant,
        documents=documents,
        sets=sets,
        fee=fee,
        result_delivery=delivery,
        note=note,
    )
    return ValidIntake(
        intake, procedure, tuple(warnings), fingerprint(intake, postal), postal, case, address_note
    )


def _case(raw: Mapping[str, Any], procedure: Procedure | None, errors: list[FieldError]) -> Case | None:
    """The case the officer picked (``"case"``), for a procedure whose limit depends on it."""
    given = raw.get("case")
    if procedure is None:
        return None
    if not procedure.cases:
        if given not in (None, ""):
            errors.append(FieldError("case", f"Thủ tục {procedure.code} không chia trường hợp; bỏ “case”"))
        return None
    if not isinstance(given, str) or not given.strip():
        names = "; ".join(f"{c.id} ({c.name})" for c in procedure.cases)
        errors.append(FieldError("case", f"chưa chọn trường hợp: {names}"))
        return None
    try:
        return procedure.case(given.strip())
    except DeskError as exc:
        errors.append(FieldError("case", exc.message))
        return None


def fingerprint(intake: Intake, postal: PostalDetails | None = None) -> str:
    """A hash of what makes an intake the same one: a repeated import line or a double save."""
    a = intake.applicant
    key = {
        "procedure": intake.procedure_code,
        "channel": intake.channel.value,
        "received_at": intake.received_at.isoformat(),
        "applicant": [a.full_name.casefold(), a.id_number, a.birth_date.isoformat() if a.birth_date else ""],
        "documents": [[d.name.casefold(), d.copies, d.form.value] for d in intake.documents],
        "sets": intake.sets,
    }
    if a.kind is not ApplicantKind.CITIZEN:  # a citizen's key stays as it was before kinds existed
        key["identity"] = [a.kind.value, a.passport_number, a.nationality, a.registration_number]
    if postal is not None:
        key["postal_item"] = postal.item_number
    return hashlib.sha256(json.dumps(key, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
