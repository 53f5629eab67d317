"""The one-stop forms other than the receipt, as PDFs (DOMAIN_VN.md §0, §2), with the receipt's machinery.

* Mẫu 02 :func:`render_supplement` Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (A5);
* Mẫu 03 :func:`render_refusal` Phiếu từ chối tiếp nhận giải quyết hồ sơ (A5);
* Mẫu 04 :func:`render_extension` Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (A5);
* Mẫu 05 :func:`render_stop` Thông báo dừng giải quyết hồ sơ (A5; issue 17 — its 2025 layout is [U]);
* Mẫu 06 :func:`render_control_slip` Phiếu kiểm soát quá trình giải quyết hồ sơ (A4).

Police residence procedures (catalogue ``form_set`` "police_residence", Circular 66/2023/TT-BCA) print
CT05 and CT06 instead of Mẫu 02 and 03: ``police=True`` reads the ``[ct05]`` / ``[ct06]`` sections of
``template_path``, which must then be the police template (``police_vi.toml``); the general forms read
``[supplement]`` / ``[refusal]`` / ``[extension]`` / ``[control]`` of ``forms_vi.toml``. All wording is in
the templates; layout is :mod:`~desk_app.documents.form_doc`. Every page carries the dossier code as vector
Code128 and QR. Text is printed composed (NFC); long text wraps; nothing leaves the margins.

Each function raises ValueError, before anything is written, for a dossier code Code128 cannot carry, a
template with a missing entry or an unknown placeholder, and inconsistent input (named in the message).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desk_app.documents.applicant_text import ApplicantIdentity, identity_values
from desk_app.documents.fonts import FontSet, register_fonts
from desk_app.documents.form_doc import FormPage, Markers, render_section
from desk_app.documents.form_layout import (
    A4_PAGE,
    A5_PAGE,
    PageGeometry,
    date_parts,
    fill,
    load_toml,
    markup,
    nfc,
    require,
    style,
    when,
)
from desk_app.documents.form_table import cell_width, columns, grid_table

A5_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)  # body sizes tried in turn to fit page 1; 8 pt is the floor
A4_SIZES = (12.0, 11.5, 11.0, 10.5, 10.0)
OUTCOMES = ("trước hạn", "đúng hạn", "quá hạn", "")


@dataclass(frozen=True)
class FormHeader:
    """The issuing station and the date printed in the header ("<place>, ngày … tháng … năm …")."""

    parent_agency: str
    agency_name: str
    place: str
    issued_on: date


@dataclass(frozen=True)
class FormApplicant:
    """The citizen the form is about (empty strings print as the dotted blank)."""

    name: str
    address: str
    phone: str
    email: str
    id_number: str
    identity: ApplicantIdentity = field(default_factory=ApplicantIdentity)  # identity line, representative


@dataclass(frozen=True)
class FormDossier:
    """The dossier the form is about; ``code`` (ASCII) is printed as Code128 and QR."""

    code: str
    procedure_name: str
    procedure_code: str
    received_at: datetime
    due_at: datetime
    officer_name: str


@dataclass(frozen=True)
class ControlStep:
    """One hand-off on the control slip; ``outcome`` is "trước hạn", "đúng hạn", "quá hạn" or ""."""

    step: str
    given_at: datetime | None
    received_at: datetime | None
    outcome: str
    note: str


def form_values(tpl: Mapping[str, Any], header: FormHeader, **texts: str | None) -> dict[str, str]:
    """Placeholder values of the header and of ``texts`` (escaped; empty ones become the dotted blank)."""
    require(tpl, {"format": ("date_time", "blank")}, "template")
    blank = tpl["format"]["blank"]
    raw = {"parent_agency": header.parent_agency, "agency_name": header.agency_name, "place": header.place}
    values = {k: markup(v, blank) for k, v in {**raw, **texts}.items()}
    return {**values, **date_parts(header.issued_on), "blank": blank}


def dossier_values(
    tpl: Mapping[str, Any], header: FormHeader, applicant: FormApplicant, dossier: FormDossier, **extra: str
) -> dict[str, str]:
    """The placeholder values of a form about one dossier, with ``extra`` ones (already markup)."""
    texts = {f"applicant_{k}": v for k, v in vars(applicant).items() if isinstance(v, str)}
    texts.update({k: getattr(dossier, k) for k in ("procedure_name", "procedure_code", "officer_name")})
    values = form_values(tpl, header, dossier_code=dossier.code, **texts)
    values.update(identity_values(tpl, applicant.identity, values["blank"]))
    for key in ("applicant_name", "applicant_phone", "applicant_id_number", "officer_name"):
        values[key] = values[key].replace(" ", "\u00a0")  # a name or a number is not split at a line end
    pattern = tpl["format"]["date_time"]
    values.update(received_at=when(dossier.received_at, pattern, "[format] date_time"))
    values.update(due_at=when(dossier.due_at, pattern, "[format] date_time"), **extra)
    return values


def write_form(
    out: str | Path | BinaryIO,
    fonts: FontSet,
    template_path: Path,
    section: str,
    geometry: PageGeometry,
    header: FormHeader,
    code: str,
    values: Mapping[str, str],
    markers: Markers,
) -> None:
    """Write the form of template ``section`` on ``geometry`` pages (see :mod:`form_doc`)."""
    sizes = A5_SIZES if geometry is A5_PAGE else A4_SIZES
    page = FormPage(geometry, fonts, nfc(code), nfc(header.agency_name), sizes)
    tpl = load_toml(template_path)
    render_section(out, page, tpl, section, values, markers, Path(template_path).name)


def _table_size(size: float) -> float:
    return round(size * 0.875 * 4) / 4  # 10 pt → 8.75 pt on A5, 12 pt → 10.5 pt on A4


def _free(tpl: Mapping[str, Any], text: str) -> str:
    """A free text typed by the officer (a reason), its line breaks kept."""
    return markup(text, tpl["format"]["blank"], lines=True)


def render_supplement(
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    items: Sequence[tuple[str, str]],
    reason: str,
    guidance_contact: str,
    out: str | Path | BinaryIO,
    *,
    fonts_dir: Path,
    template_path: Path,
    police: bool = False,
) -> None:
    """Mẫu 02 (``police``: CT05), A5: the documents to supplement, as (name, form label) pairs."""
    tpl, fonts = load_toml(template_path), register_fonts(fonts_dir)
    name = "ct05" if police else "supplement"
    require(tpl, {name: ("items_header", "no_items")}, Path(template_path).name)
    values = dossier_values(tpl, header, applicant, dossier, reason=_free(tpl, reason))
    values["guidance_contact"] = markup(guidance_contact, values["blank"])
    head = [fill(h, values, f"[{name}] items_header") for h in tpl[name]["items_header"]]
    rows = [[str(i), markup(doc), markup(form)] for i, (doc, form) in enumerate(items, 1)]
    none = fill(tpl[name]["no_items"], values, f"[{name}] no_items")

    def table(size: float) -> list[Flowable]:
        if not rows:
            return [Paragraph(none, style(fonts.family, size, TA_LEFT))]
        ts = _table_size(size)
        widths = columns(A5_PAGE.text_width, [cell_width([head[0], str(len(rows))], fonts.bold, ts), 0, 0],
                         [0, 62, 38])  # fmt: skip
        return [grid_table(fonts, ts, head, rows, widths, [TA_CENTER, TA_LEFT, TA_LEFT])]

    write_form(out, fonts, template_path, name, A5_PAGE, header, dossier.code, values, {"@items": table})


def _decision(
    section: str,
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    reason: str,
    provision: str,
    out: str | Path | BinaryIO,
    fonts_dir: Path,
    template_path: Path,
) -> None:
    """A form that states a decision on the dossier: ``{reason}`` (line breaks kept) and ``{provision}``
    (the legal provision typed with it; the dotted blank when none)."""
    tpl, fonts = load_toml(template_path), register_fonts(fonts_dir)
    blank = tpl["format"]["blank"]
    values = dossier_values(
        tpl, header, applicant, dossier, reason=_free(tpl, reason), provision=markup(provision, blank)
    )
    write_form(out, fonts, template_path, section, A5_PAGE, header, dossier.code, values, {})


def render_refusal(
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    reason: str,
    out: str | Path | BinaryIO,
    *,
    fonts_dir: Path,
    template_path: Path,
    police: bool = False,
    provision: str = "",
) -> None:
    """Mẫu 03 (``police``: CT06), A5: the dossier is not accepted, for ``reason``, on ``provision``."""
    section = "ct06" if police else "refusal"
    _decision(section, header, applicant, dossier, reason, provision, out, fonts_dir, template_path)


def render_stop(
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    reason: str,
    out: str | Path | BinaryIO,
    *,
    fonts_dir: Path,
    template_path: Path,
    provision: str = "",
) -> None:
    """Mẫu 05, A5: the processing stops, for ``reason``, on ``provision``."""
    _decision("stop", header, applicant, dossier, reason, provision, out, fonts_dir, template_path)


def render_extension(
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    old_due: datetime,
    new_due: datetime,
    reason: str,
    out: str | Path | BinaryIO,
    *,
    fonts_dir: Path,
    template_path: Path,
) -> None:
    """Mẫu 04, A5: apology and the new due time. Raises ValueError unless ``new_due`` is after ``old_due``."""
    if new_due <= old_due:
        raise ValueError("the new due time must be after the original one")
    tpl, fonts = load_toml(template_path), register_fonts(fonts_dir)
    values = dossier_values(tpl, header, applicant, dossier, reason=_free(tpl, reason))
    for key, due in (("old_due", old_due), ("new_due", new_due)):
        values[key] = when(due, tpl["format"]["date_time"], "[format] date_time")
    write_form(out, fonts, template_path, "extension", A5_PAGE, header, dossier.code, values, {})


def render_control_slip(
    header: FormHeader,
    applicant: FormApplicant,
    dossier: FormDossier,
    steps: Sequence[ControlStep],
    out: str | Path | BinaryIO,
    *,
    fonts_dir: Path,
    template_path: Path,
) -> None:
    """Mẫu 06, A4: the hand-offs of the dossier, then ``[control] blank_rows`` empty rows for handwriting.

    Raises ValueError for an outcome other than "trước hạn", "đúng hạn", "quá hạn" or "".
    """
    tpl, fonts = load_toml(template_path), register_fonts(fonts_dir)
    keys = {
        "format": ("short_date_time",),
        "control": ("steps_header", "step_time", "blank_time", "blank_rows"),
    }
    require(tpl, keys, Path(template_path).name)
    sec, values = tpl["control"], dossier_values(tpl, header, applicant, dossier)
    head = [fill(h, values, "[control] steps_header") for h in sec["steps_header"]]

    def times(given: datetime | None, received: datetime | None) -> str:
        pattern, blank = tpl["format"]["short_date_time"], sec["blank_time"]
        when_ = {k: blank if v is None else when(v, pattern, "[format] short_date_time")
                 for k, v in (("given", given), ("received", received))}  # fmt: skip
        return fill(sec["step_time"], when_, "[control] step_time")

    rows: list[list[str]] = []
    for i, s in enumerate(steps, 1):
        if nfc(s.outcome).lower() not in OUTCOMES:
            raise ValueError(f"step {i}: the outcome must be one of {', '.join(OUTCOMES[:3])} or empty, "
                             f"not {s.outcome!r}")  # fmt: skip
        outcome = markup(s.outcome).capitalize()
        rows.append([str(i), markup(s.step), times(s.given_at, s.received_at), "", outcome, markup(s.note)])
    rows += [
        [str(len(rows) + 1 + i), "", times(None, None), "", "", ""] for i in range(int(sec["blank_rows"]))
    ]

    def table(size: float) -> list[Flowable]:
        ts = _table_size(size)
        cells = [[*r[:3], Spacer(0, 12 * mm), *r[4:]] for r in rows]  # room for two signatures
        lines = [re.sub(r"<[^>]*>", "", t) for r in rows for t in r[2].split("<br/>")]
        least = [
            cell_width([head[0], str(len(rows))], fonts.bold, ts),
            0,
            cell_width(lines, fonts.regular, ts),
        ]
        widths = columns(A4_PAGE.text_width, [*least, 0, 0, 0], [0, 36, 0, 22, 24, 18])
        aligns = [TA_CENTER, TA_LEFT, TA_LEFT, TA_LEFT, TA_CENTER, TA_LEFT]
        return [grid_table(fonts, ts, head, cells, widths, aligns)]

    write_form(out, fonts, template_path, "control", A4_PAGE, header, dossier.code, values, {"@steps": table})
