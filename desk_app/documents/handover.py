"""The handover record of mail-in dossiers, "Biên bản giao nhận hồ sơ", as a PDF (A4 portrait).

Decision 45/2016/QĐ-TTg (DOMAIN_VN.md §5): at the counter the postal worker and the receiving officer sign
one record listing every dossier delivered, each with its postal item number (UPU S10) and whether it is
complete; **the signing time is the legal time of receipt** of each dossier listed.

Layout (Decree 30/2020, A4): header, title, record number as text, vector Code128 and QR, the signing time
and the two parties, then the table STT | số hiệu bưu gửi | người gửi | thủ tục | mã hồ sơ | tình trạng |
ghi chú for any number of dossiers: it continues on further pages with its header row repeated, each page
numbered at the top centre (from page 2) and carrying the codes again; then the totals and the two signature
blocks (the postal worker on the left, the officer on the right). Wording: ``[handover]`` of
``forms_vi.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.platypus import Flowable, Paragraph

from desk_app.documents.fonts import register_fonts
from desk_app.documents.form_layout import A4_PAGE, fill, load_toml, markup, nfc, require, style, when
from desk_app.documents.form_table import cell_width, columns, grid_table
from desk_app.documents.forms import FormHeader, form_values, write_form

_KEYS = ("items_header", "complete", "incomplete", "no_items")


@dataclass(frozen=True)
class HandoverItem:
    """One dossier delivered by post: its S10 item number (e.g. "EL123456785VN") and completeness."""

    item_number: str
    sender: str
    procedure_name: str
    dossier_code: str
    complete: bool
    note: str


@dataclass(frozen=True)
class HandoverSheet:
    """One handover record; ``number`` (ASCII) is printed as Code128 and QR too."""

    header: FormHeader
    number: str
    signed_at: datetime
    postal_worker: str
    postal_unit: str
    officer_name: str
    items: Sequence[HandoverItem]


def render_handover(
    record: HandoverSheet, out: str | Path | BinaryIO, *, fonts_dir: Path, template_path: Path
) -> None:
    """Write the handover record ``record`` as a PDF to ``out`` (a path or a binary file).

    Raises ValueError, before anything is written, for a record number Code128 cannot carry and for a
    template with a missing entry or an unknown placeholder.
    """
    tpl, fonts = load_toml(template_path), register_fonts(fonts_dir)
    require(tpl, {"handover": _KEYS}, Path(template_path).name)
    sec, items = tpl["handover"], tuple(record.items)
    complete = sum(1 for i in items if i.complete)
    values = form_values(
        tpl, record.header, number=record.number, postal_worker=record.postal_worker,
        postal_unit=record.postal_unit, officer_name=record.officer_name,
    )  # fmt: skip
    values.update(
        signed_at=when(record.signed_at, tpl["format"]["date_time"], "[format] date_time"),
        total=str(len(items)),
        complete=str(complete),
        incomplete=str(len(items) - complete),
    )
    head = [fill(h, values, "[handover] items_header") for h in sec["items_header"]]
    labels = [fill(sec[k], values, f"[handover] {k}") for k in ("complete", "incomplete")]
    rows = [
        [str(n), markup(i.item_number), markup(i.sender), markup(i.procedure_name), markup(i.dossier_code),
         labels[0] if i.complete else labels[1], markup(i.note)]
        for n, i in enumerate(items, 1)
    ]  # fmt: skip

    def table(size: float) -> list[Flowable]:
        if not rows:
            return [
                Paragraph(fill(sec["no_items"], values, "[handover] no_items"), style(fonts.family, size))
            ]
        ts = round(size * 0.75 * 4) / 4  # 12 pt body → 9 pt table: seven columns on A4 portrait
        least = [
            cell_width([str(len(rows))], fonts.regular, ts),
            cell_width([nfc(i.item_number) for i in items], fonts.regular, ts),
            0,
            0,
            cell_width([nfc(i.dossier_code) for i in items], fonts.regular, ts),
            cell_width(labels, fonts.regular, ts),
            0,
        ]
        least[0] = max(least[0], cell_width([head[0]], fonts.bold, ts))
        widths = columns(A4_PAGE.text_width, least, [0, 0, 32, 48, 0, 0, 20])
        aligns = [TA_CENTER, TA_LEFT, TA_LEFT, TA_LEFT, TA_LEFT, TA_CENTER, TA_LEFT]
        return [grid_table(fonts, ts, head, rows, widths, aligns)]

    write_form(
        out,
        fonts,
        template_path,
        "handover",
        A4_PAGE,
        record.header,
        record.number,
        values,
        {"@items": table},
    )
