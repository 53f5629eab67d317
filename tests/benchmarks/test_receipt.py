"""Save + receipt PDF (two copies) against a bare reportlab A5 page carrying the same text."""

from __future__ import annotations

import io
import itertools
import re

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.fonts import register_fonts
from desk_app.locator import resource
from desk_app.services.intake import receive_dossier
from desk_app.services.receipts import receipt_data, render_receipt_for
from tests.actors import OFFICER
from tests.benchmarks.conftest import STRICT, compare, report
from tests.conftest import walk_in


def _receipt_lines(data) -> list[str]:
    """The text of the receipt, line by line, as a bare page would print it."""
    lines = [
        data.parent_agency,
        data.agency_name,
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"{data.place}, ngày {data.issued_on:%d} tháng {data.issued_on:%m} năm {data.issued_on:%Y}",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {data.dossier_code}",
        f"Tiếp nhận hồ sơ của: {data.applicant_name}",
        f"Địa chỉ: {data.applicant_address}",
        f"Số điện thoại: {data.applicant_phone}; Email: {data.applicant_email}",
        f"Nội dung yêu cầu giải quyết: {data.procedure_name}",
        "1. Thành phần hồ sơ nộp gồm:",
    ]
    lines += [f"({i}) {n} — {f} — {c} bản" for i, (n, f, c) in enumerate(data.documents, start=1)]
    lines += [
        f"2. Số lượng hồ sơ: {data.sets} (bộ)",
        f"3. Thời gian giải quyết: {data.limit_label}",
        f"4. Thời gian nhận hồ sơ: {data.received_at:%H giờ %M phút, ngày %d tháng %m năm %Y}",
        f"5. Thời gian trả kết quả: {data.due_at:%H giờ %M phút, ngày %d tháng %m năm %Y}",
        f"6. Đăng ký nhận kết quả tại: {data.result_delivery_label}",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        data.officer_name,
    ]
    return lines


BOLD = {1, 2, 3, 4, 6, 7}  # agency, unit, national title, motto, title, code: bold on the receipt
ITALIC = {5}  # "<place>, ngày … tháng … năm …": italic on the receipt, like the signature captions


def test_save_and_receipt_against_bare_page(station, clock):
    ctx = station.ctx
    fonts = register_fonts(resource("fonts"))
    minutes = itertools.count()

    def ours() -> None:
        m = next(minutes)
        raw = walk_in(received_at=f"2026-11-20T0{7 + m // 60 % 3}:{m % 60:02d}:{m // 180 % 60:02d}+07:00")
        record = receive_dossier(ctx, OFFICER, raw).dossier
        render_receipt_for(ctx, record, io.BytesIO())

    sample = receive_dossier(ctx, OFFICER, walk_in(received_at="2026-11-20T06:00:00+07:00")).dossier
    lines = _receipt_lines(receipt_data(ctx, sample))

    def bare() -> None:
        c = Canvas(io.BytesIO(), pagesize=A5)
        y = A5[1] - 40
        for i, line in enumerate(lines):
            c.setFont(fonts.bold if i in BOLD else fonts.italic if i in ITALIC else fonts.regular, 10)
            c.drawString(40, y, line)
            y -= 14
        c.showPage()
        c.save()

    out = io.BytesIO()
    render_receipt_for(ctx, sample, out)
    assert len(re.findall(rb"/Type /Page\b(?!s)", out.getvalue())) == 2  # two copies: Liên 1 and Liên 2
    t_bare, t_ours = compare(bare, ours, repeat=40)
    ratio = t_ours / t_bare
    report(
        "save_and_receipt",
        median_ms=round(t_ours * 1000, 1),
        bare_page_ms=round(t_bare * 1000, 1),
        ratio=round(ratio, 2),
        bound="<= 150 ms and <= 3x",
    )
    if STRICT:
        assert t_ours <= 0.150
        assert ratio <= 3.0
