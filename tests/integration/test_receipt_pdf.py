"""The receipt PDF (Mẫu 01) checked from the outside: poppler renders and reads it, zxing-cpp decodes it.

Every page of every copy must carry the exact dossier code as Code128 and as QR; Vietnamese text must come
out composed (NFC); pages are exactly A5 (or A4 landscape with two A5 copies); nothing leaves the margins.
Tests needing poppler-utils skip without it, but FAIL when CI=true.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.barcodes import QUIET_MODULES, code128_modules, draw_code128, draw_qr
from desk_app.documents.receipt import ReceiptData, render_receipt
from desk_app.domain.model import VN_TZ
from tests.conftest import require_tool
from tests.pdf_tools import decoded as _decoded
from tests.pdf_tools import flat as _flat
from tests.pdf_tools import page_sizes as _page_sizes
from tests.pdf_tools import pngs as _pages_png
from tests.pdf_tools import run as _run
from tests.pdf_tools import text as _text
from tests.pdf_tools import words as _words

REPO = Path(__file__).resolve().parents[2]
FONTS = REPO / "resources" / "fonts"
TEMPLATE = REPO / "resources" / "templates" / "receipt_vi.toml"
ARTIFACTS = REPO / "test-artifacts"
CODE = "G01.34.01-261120-0001"
A5_SIZE = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)
MARGINS = (20 * mm, 15 * mm, 12 * mm, 12 * mm)  # left, top, right, bottom
TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


def _data(**changes: object) -> ReceiptData:
    base = ReceiptData(
        parent_agency="Công an tỉnh Thái Bình",
        agency_name="Phòng Quản lý xuất nhập cảnh",
        place="Thái Bình",
        dossier_code=CODE,
        # decomposed (NFD) on purpose, as some Unikey settings type it: the PDF must print it composed
        applicant_name=unicodedata.normalize("NFD", "Nguyễn Thị Hoa"),
        applicant_address="Thôn Lai Ổn, xã An Quý, huyện Quỳnh Phụ, tỉnh Thái Bình",
        applicant_phone="0912 345 678",
        applicant_email="hoa.nguyen@example.vn",
        applicant_id_number="034303011829",
        procedure_name="Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)",
        procedure_code="1.001456",
        documents=(
            ("Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01)", "Bản chính", 1),
            ("Ảnh chân dung 4cm x 6cm", "Bản chính", 2),
        ),
        sets=1,
        limit_label="8 ngày làm việc",
        received_at=datetime(2026, 11, 20, 16, 10, tzinfo=VN_TZ),
        due_at=datetime(2026, 12, 2, 16, 0, tzinfo=VN_TZ),
        due_provisional=True,
        result_delivery_label="Bộ phận tiếp nhận và trả kết quả",
        fee=200_000,
        officer_name="Trần Văn Nam",
        register_book="01",
        register_number="0123",
        issued_on=date(2026, 11, 20),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _render(tmp_path: Path, data: ReceiptData, *, a4: bool = False, name: str = "receipt.pdf") -> Path:
    pdf = tmp_path / name
    render_receipt(data, pdf, fonts_dir=FONTS, template_path=TEMPLATE, a4=a4)
    return pdf


def _assert_codes(image: Image.Image, code: str = CODE) -> None:
    assert _decoded(image) == {"code128": [code], "qr": [code]}


def _assert_within_margins(pdf: Path, a4: bool) -> None:
    left, top, right, bottom = MARGINS
    half = A4_LANDSCAPE[0] / 2
    pages = _words(pdf)
    assert len(pages) == len(_page_sizes(pdf))
    for n, words in enumerate(pages, 1):
        assert words, f"page {n} has no text"
        for x0, y0, x1, y1, text in words:
            dx = (half if x0 >= half else 0) + (half - A5_SIZE[0]) / 2 if a4 else 0
            where = f"page {n}: {text!r} at ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f})"
            assert x0 >= dx + left - 0.5 and x1 <= dx + A5_SIZE[0] - right + 0.5, where
            assert y0 >= top - 0.5 and y1 <= A5_SIZE[1] - bottom + 0.5, where


def test_a5_two_copies_each_page_carries_both_codes(tmp_path: Path) -> None:
    pdf = _render(tmp_path, _data())
    assert _page_sizes(pdf) == [pytest.approx(A5_SIZE, abs=0.01)] * 2
    pages = _pages_png(pdf, 150)
    assert len(pages) == 2
    for png in pages:
        with Image.open(png) as image:
            _assert_codes(image)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(pages[0], ARTIFACTS / "receipt_a5.png")
    assert "Liên 1: Lưu" in _text(pdf, 1) and "Liên 2: Giao công dân" in _text(pdf, 2)
    _assert_within_margins(pdf, a4=False)


def test_a4_landscape_holds_both_copies_side_by_side(tmp_path: Path) -> None:
    pdf = _render(tmp_path, _data(), a4=True)
    assert _page_sizes(pdf) == [pytest.approx(A4_LANDSCAPE, abs=0.01)]
    (png,) = _pages_png(pdf, 150)
    with Image.open(png) as image:
        w, h = image.size
        for box in ((0, 0, w // 2, h), (w // 2, 0, w, h)):  # each A5 half on its own
            _assert_codes(image.crop(box))
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(png, ARTIFACTS / "receipt_a4.png")
    left, right = [], []
    for x0, _y0, _x1, _y1, text in _words(pdf)[0]:
        (left if x0 < A4_LANDSCAPE[0] / 2 else right).append(text)
    assert "Lưu" in left and "Giao" not in left and "Giao" in right
    _assert_within_margins(pdf, a4=True)


def test_codes_decode_at_300_dpi(tmp_path: Path) -> None:
    pdf = _render(tmp_path, _data())
    for png in _pages_png(pdf, 300):
        with Image.open(png) as image:
            _assert_codes(image)


def test_vietnamese_text_is_composed_and_complete(tmp_path: Path) -> None:
    pdf = _render(tmp_path, _data())
    text = _text(pdf)
    assert text == unicodedata.normalize("NFC", text)
    flat = _flat(text)
    for expected in (
        TITLE,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CÔNG AN TỈNH THÁI BÌNH",
        "PHÒNG QUẢN LÝ XUẤT NHẬP CẢNH",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Thái Bình, ngày 20 tháng 11 năm 2026",
        f"Mã hồ sơ: {CODE}",
        "Nguyễn Thị Hoa",
        "Liên 1: Lưu",
        "Liên 2: Giao công dân",
        "(1) Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01) — Bản chính — 1 bản",
        "(2) Ảnh chân dung 4cm x 6cm — Bản chính — 2 bản",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 8 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 16 giờ 10 phút, ngày 20 tháng 11 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 02 tháng 12 năm 2026 "
        "(dự kiến theo lịch tính toán)",
        "6. Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả",
        "Phí, lệ phí: 200.000 đồng",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01 Số thứ tự: 0123",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Trần Văn Nam",
    ):
        assert expected in flat, expected
    info = _run(require_tool("pdfinfo"), str(pdf))
    assert re.search(rf"^Title:\s+Giấy tiếp nhận hồ sơ {re.escape(CODE)}$", info, re.M)


def test_optional_lines_and_utc_times(tmp_path: Path) -> None:
    data = _data(
        fee=None,
        due_provisional=False,
        register_book=None,
        register_number=None,
        applicant_email="",
        applicant_name="Lê Văn A & <B>",
        received_at=datetime(2026, 2, 5, 2, 5, tzinfo=VN_TZ).astimezone(UTC),
    )
    flat = _flat(_text(_render(tmp_path, data)))
    assert "Phí, lệ phí (nếu có): …………" in flat
    assert "dự kiến" not in flat
    assert "Quyển số: ………… Số thứ tự: …………" in flat
    assert "Email: …………" in flat
    assert "02 giờ 05 phút, ngày 05 tháng 02 năm 2026" in flat  # Decree 30: leading 0 for day < 10, month 2
    assert "Lê Văn A & <B>" in flat
    assert "Phí, lệ phí: không thu" in _flat(_text(_render(tmp_path, _data(fee=0), name="free.pdf")))


ADDRESS = (
    "Số 12, ngõ 34, đường Nguyễn Trãi, phường Thượng Đình, quận Thanh Xuân, thành phố Hà Nội; "
    "tạm trú tại nhà ông Phạm Văn Bình, thôn Lai Ổn, xã An Quý, huyện Quỳnh Phụ, tỉnh Thái Bình, "
    "gần chợ An Quý, VN."
)


def _documents(n: int) -> tuple[tuple[str, str, int], ...]:
    return tuple((f"Giấy tờ chứng minh chỗ ở hợp pháp số {i}", "Bản sao", 1) for i in range(1, n + 1))


def test_a_longer_body_shrinks_to_stay_on_one_page_per_copy(tmp_path: Path) -> None:
    assert len(ADDRESS) == 200
    pdf = _render(tmp_path, _data(applicant_address=ADDRESS, documents=_documents(6)))
    assert len(_page_sizes(pdf)) == 2
    body = [w for w in _words(pdf)[0] if w[4] == "(6)"]
    assert body and body[0][3] - body[0][1] < 9  # the body font is smaller than its 10 pt
    assert "(6) Giấy tờ chứng minh chỗ ở hợp pháp số 6" in _flat(_text(pdf, 1))
    _assert_within_margins(pdf, a4=False)


@pytest.mark.parametrize("a4", [False, True], ids=["a5", "a4"])
def test_long_address_and_fifteen_documents_continue_on_numbered_pages(tmp_path: Path, a4: bool) -> None:
    """Decision: below 8 pt the body is unreadable, so it goes back to 10 pt and takes a second page."""
    pdf = _render(tmp_path, _data(applicant_address=ADDRESS, documents=_documents(15)), a4=a4)
    pages = _page_sizes(pdf)
    assert pages == [pytest.approx(A4_LANDSCAPE if a4 else A5_SIZE, abs=0.01)] * (2 if a4 else 4)
    _assert_within_margins(pdf, a4=a4)
    texts = [_flat(_text(pdf, n)) for n in range(1, len(pages) + 1)]
    everything = " ".join(texts)
    assert ADDRESS in everything
    assert all(
        f"({i}) Giấy tờ chứng minh chỗ ở hợp pháp số {i} — Bản sao — 1 bản" in everything
        for i in range(1, 16)
    )
    if not a4:  # copy 1 on pages 1–2, copy 2 on pages 3–4; signatures close each copy
        assert [("NGƯỜI NỘP HỒ SƠ" in t) for t in texts] == [False, True, False, True]
        assert [(TITLE in t) for t in texts] == [True, False, True, False]
        assert texts[1].startswith("2 ") and "Liên 1: Lưu (tiếp theo)" in texts[1]
        assert "Liên 2: Giao công dân (tiếp theo)" in texts[3]
    for png in _pages_png(pdf, 150):
        with Image.open(png) as image:
            halves = [(0, 0, image.width // 2, image.height), (image.width // 2, 0, *image.size)]
            for box in halves if a4 else [(0, 0, *image.size)]:
                _assert_codes(image.crop(box))


def test_long_code_puts_the_qr_under_the_barcode(tmp_path: Path) -> None:
    code = "000.00.34.H12.PC08-261120-0001"  # too wide beside the QR at 0.3 mm modules
    (png, _second) = _pages_png(_render(tmp_path, _data(dossier_code=code)), 150)
    with Image.open(png) as image:
        _assert_codes(image, code)


def test_code128_refuses_non_ascii_and_too_long_codes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        code128_modules("Nguyễn Thị Hoa")
    with pytest.raises(ValueError):
        draw_code128(Canvas(io.BytesIO()), "G01-261120-000Đ", 0, 0, 100 * mm, 10 * mm)
    target = tmp_path / "refused.pdf"
    for code in ("G01.34.01-261120-000Đ", "G01.34.01-261120\x07-0001", "A" * 35 + "-261120-0001"):
        with pytest.raises(ValueError):
            render_receipt(_data(dossier_code=code), target, fonts_dir=FONTS, template_path=TEMPLATE)
        assert not target.exists()


def test_code128_pattern_and_module_floor() -> None:
    modules = code128_modules(CODE)
    assert set(modules) == {"0", "1"}
    assert modules.startswith("11010") and modules.endswith("1100011101011")  # start code, stop + bar
    assert (len(modules) - 13) % 11 == 0
    canvas = Canvas(io.BytesIO())
    narrow = (len(modules) + 2 * QUIET_MODULES) * 0.29 * mm
    with pytest.raises(ValueError):
        draw_code128(canvas, CODE, 0, 0, narrow, 10 * mm)
    assert draw_code128(canvas, CODE, 0, 0, narrow / 0.29 * 0.3, 10 * mm) == pytest.approx(0.3 * mm)
    assert draw_qr(canvas, "Nguyễn Thị Hoa", 0, 0, 20 * mm) > 0.3 * mm


def test_pdf_to_a_binary_stream_and_template_errors(tmp_path: Path) -> None:
    out = io.BytesIO()
    render_receipt(_data(), out, fonts_dir=FONTS, template_path=TEMPLATE)
    assert out.getvalue().startswith(b"%PDF-") and b"/Lang" in out.getvalue()
    edited = tmp_path / "receipt_vi.toml"
    edited.write_text(
        TEMPLATE.read_text(encoding="utf-8").replace(
            'title = "GIẤY TIẾP NHẬN', 'title = "{no_such_field} GIẤY TIẾP NHẬN'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no_such_field"):
        render_receipt(_data(), io.BytesIO(), fonts_dir=FONTS, template_path=edited)
    edited.write_text(
        TEMPLATE.read_text(encoding="utf-8").replace('title = "GIẤY', 'ti = "GIẤY'), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"\[title\] title is missing"):
        render_receipt(_data(), io.BytesIO(), fonts_dir=FONTS, template_path=edited)
