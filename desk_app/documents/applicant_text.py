"""How the receipt and the forms say who filed: the identity line of each kind and the representative.

A template may carry an ``[applicant]`` table with its own wording of these lines (placeholders in
braces); what it leaves out is taken from :data:`WORDING`. The values reach the body lines as
``{applicant_identity}`` and ``{applicant_representative}`` (empty when nobody filed for the applicant:
a body line that fills to nothing is left out); ``{signer_name}`` is who signs for the applicant — the
representative when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desk_app.documents.form_layout import fill, markup

WORDING = {
    "citizen": "Số định danh cá nhân: {id_number}",
    "old_id": "; số CMND cũ: {old_id_number}",
    "foreigner": "Số hộ chiếu: {passport_number}; Quốc tịch: {nationality}",
    "organisation": "Số đăng ký (mã số doanh nghiệp, quyết định thành lập, giấy phép): {registration_number}",
    "representative": "Người đại diện nộp hồ sơ: <b>{name}</b>, số định danh cá nhân: {id_number}; "
    "theo: {document}",
}


@dataclass(frozen=True)
class ApplicantIdentity:
    """What identifies the applicant, as printed; ``kind`` is citizen, foreigner or organisation."""

    kind: str = "citizen"
    id_number: str = ""
    old_id_number: str = ""
    passport_number: str = ""
    nationality: str = ""  # "Pháp (FRA)"
    registration_number: str = ""
    representative: tuple[str, str, str] | None = None  # (full name, ID number, authorisation)


def identity_values(tpl: Mapping[str, Any], ident: ApplicantIdentity, blank: str) -> dict[str, str]:
    """``applicant_identity`` and ``applicant_representative``, as paragraph markup."""
    words = {**WORDING, **tpl.get("applicant", {})}

    def say(key: str, **values: str) -> str:
        return fill(words[key], {k: markup(v, blank) for k, v in values.items()}, f"[applicant] {key}")

    if ident.kind == "foreigner":
        line = say("foreigner", passport_number=ident.passport_number, nationality=ident.nationality)
    elif ident.kind == "organisation":
        line = say("organisation", registration_number=ident.registration_number)
    else:
        line = say("citizen", id_number=ident.id_number)
        if ident.old_id_number:
            line += say("old_id", old_id_number=ident.old_id_number)
    representative = signer = ""
    if ident.representative is not None:
        name, number, document = ident.representative
        representative = say("representative", name=name, id_number=number, document=document)
        signer = markup(name, blank)
    values = {"applicant_identity": line, "applicant_representative": representative}
    return values | ({"signer_name": signer} if signer else {})
