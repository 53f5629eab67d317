"""The other one-stop forms, the police residence set and the handover record, checked from the outside.

poppler renders and reads each PDF, zxing-cpp decodes its codes: every page carries the exact dossier code
(or handover record number) as Code128 and as QR; the Vietnamese wording comes out composed (NFC); pages
are A5 (forms 02, 03, 04, CT04, CT05, CT06) or A4 (control slip, handover record); no word leaves the
margins; long tables continue on numbered pages with their header row repeated. A PNG of page 1 of each
form is kept in ``test-artifacts/forms/`` for a human look. Tests needing poppler FAIL under CI=true.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from desk_app.documents.forms import (
    ControlStep,
    FormApplicant,
    FormDossier,
    FormHeader,
    render_control_slip,
    render_extension,
    render_refusal,
    render_supplement,
)
from desk_app.documents.handover import HandoverItem, HandoverSheet, render_handover
from desk_app.documents.receipt import WINDOW, ReceiptData, render_receipt
from desk_app.domain.model import VN_TZ
from tests.pdf_tools import decoded as _decoded
from tests.pdf_tools import flat as _flat
from tests.pdf_tools import page_sizes as _page_sizes
from tests.pdf_tools import pngs as _pngs
from tests.pdf_tools import text as _text
from tests.pdf_tools import words as _words

REPO = Path(__file__).resolve().parents[2]
FONTS = REPO / "resources" / "fonts"
TEMPLATES = REPO / "resources" / "templates"
FORMS = TEMPLATES / "forms_vi.toml"
POLICE = TEMPLATES / "police_vi.toml"
ARTIFACTS = REPO / "test-artifacts" / "forms"
CODE = "G01.34.01-261120-0001"
A5_SIZE, A4_SIZE = (419.53, 595.28), (595.28, 841.89)
A5_MARGINS = (20 * mm, 15 * mm, 12 * mm, 12 * mm)  # left, top, right, bottom
A4_MARGINS = (30 * mm, 20 * mm, 15 * mm, 20 * mm)  # Decree 30/2020
CT_NOTE = "ban hành kèm theo Thông tư số 66/2023/TT-BCA"

HEADER = FormHeader("Công an tỉnh Thái Bình", "Phòng Quản lý xuất nhập cảnh", "Thái Bình", date(2026, 11, 23))
APPLICANT = FormApplicant(
    name=unicodedata.normalize("NFD", "Nguyễn Thị Hoa"),  # decomposed on purpose: printed composed
    address="Thôn Lai Ổn, xã An Quý, huyện Quỳnh Phụ, tỉnh Thái Bình",
    phone="0912 345 678",
    email="hoa.nguyen@example.vn",
    id_number="034303011829",
)
DOSSIER = FormDossier(
    code=CODE,
    procedure_name="Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)",
    procedure_code="1.001456",
    received_at=datetime(2026, 11, 20, 16, 10, tzinfo=VN_TZ),
    due_at=datetime(2026, 12, 2, 16, 0, tzinfo=VN_TZ),
    officer_name="Trần Văn Nam",
)
ITEMS = [
    (
        "Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01) có xác nhận của Công an xã",
        "Bản chính",
    ),
    ("Ảnh chân dung 4cm x 6cm, nền trắng", "Bản chính"),
    ("Giấy khai sinh", "Bản sao chứng thực"),
]
STEPS = [
    ControlStep(
        "Bộ phận tiếp nhận và trả kết quả → Đội Quản lý xuất nhập cảnh",
        datetime(2026, 11, 20, 16, 30, tzinfo=VN_TZ),
        datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ),
        "đúng hạn",
        "",
    ),
    ControlStep(
        "Đội Quản lý xuất nhập cảnh → Lãnh đạo Phòng (duyệt)",
        datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ),
        None,
        "",
        "chờ duyệt",
    ),
]


def s10(serial: int, prefix: str = "EL") -> str:
    """A valid UPU S10 item number (weights 8 6 4 2 3 5 9 7; 10 → 0, 11 → 5)."""
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    return f"{prefix}{digits}{ {10: 0, 11: 5}.get(check, check) }VN"


def handover(n: int) -> HandoverSheet:
    senders = ["Nguyễn Thị Hoa", "Trần Văn Nam, thôn Lai Ổn, xã An Quý", "Lê Hoàng Phương Anh"]
    procedures = ["Đăng ký thường trú", "Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)"]
    items = [
        HandoverItem(
            s10(10_000_000 + 7919 * i),
            senders[i % 3],
            procedures[i % 2],
            f"G01.34.01-261120-{i:04d}",
            complete=i % 7 != 0,
            note="Thiếu ảnh" if i % 7 == 0 else "",
        )
        for i in range(1, n + 1)
    ]
    return HandoverSheet(
        HEADER,
        f"BBGN-261120-{n:02d}",
        datetime(2026, 11, 20, 9, 45, tzinfo=VN_TZ),
        "Phạm Văn Bưu",
        "Bưu cục Quỳnh Phụ, Bưu điện tỉnh Thái Bình",
        "Trần Văn Nam",
        items,
    )


def receipt(**changes: object) -> ReceiptData:
    base = ReceiptData(
        parent_agency="Công an tỉnh Thái Bình",
        agency_name="Công an xã An Quý",
        place="Thái Bình",
        dossier_code=CODE,
        applicant_name="Nguyễn Thị Hoa",
        applicant_address=APPLICANT.address,
        applicant_phone=APPLICANT.phone,
        applicant_email=APPLICANT.email,
        applicant_id_number="034303011829",
        procedure_name="Đăng ký thường trú",
        procedure_code="1.004222",
        documents=(
            ("Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "Bản chính", 1),
            ("Giấy tờ chứng minh chỗ ở hợp pháp", "Bản sao chứng thực", 1),
        ),
        sets=1,
        limit_label="7 ngày làm việc",
        received_at=DOSSIER.received_at,
        due_at=DOSSIER.due_at,
        due_provisional=False,
        result_delivery_label="Qua dịch vụ bưu chính công ích",
        fee=20_000,
        officer_name="Trần Văn Nam",
        register_book="01",
        register_number="0123",
        issued_on=date(2026, 11, 20),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


MAIL_TO = "Thôn Lai Ổn, xã An Quý\nhuyện Quỳnh Phụ, tỉnh Thái Bình"
Render = Callable[[Path | io.BytesIO], None]
ABOUT = (HEADER, APPLICANT, DOSSIER)
kw = {"fonts_dir": FONTS}
CONTACT = "đồng chí Trần Văn Nam, số điện thoại 0227 3831 234"
NEW_DUE = datetime(2026, 12, 9, 16, 0, tzinfo=VN_TZ)

# name → (render, code, A4?, wording that must come out composed, on page 1)
FORM_CASES: dict[str, tuple[Render, str, bool, tuple[str, ...]]] = {
    "mau02_supplement": (
        lambda o: render_supplement(
            *ABOUT, ITEMS, "Ảnh không đúng quy cách.", CONTACT, o, template_path=FORMS, **kw
        ),
        CODE,
        False,
        (
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Hồ sơ của: Nguyễn Thị Hoa",
            "TT Tên giấy tờ",
            "Hình thức giấy tờ (bản chính, bản sao chứng thực, bản sao)",
            "Giấy khai sinh Bản sao chứng thực",
            "Lý do: Ảnh không đúng quy cách.",
            "liên hệ với đồng chí Trần Văn Nam, số điện thoại 0227 3831 234",
            "NGƯỜI HƯỚNG DẪN",
            "(Ký và ghi rõ họ tên)",
            "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        ),
    ),
    "mau03_refusal": (
        lambda o: render_refusal(
            *ABOUT, "Hồ sơ không thuộc thẩm quyền giải quyết.", o, template_path=FORMS, **kw
        ),
        CODE,
        False,
        (
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do "
            "cụ thể như sau: Hồ sơ không thuộc thẩm quyền giải quyết.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Văn Nam",
        ),
    ),
    "mau04_extension": (
        lambda o: render_extension(
            *ABOUT, DOSSIER.due_at, NEW_DUE, "Cần xác minh thêm.", o, template_path=FORMS, **kw
        ),
        CODE,
        False,
        (
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
            "Kính gửi: Ông/Bà Nguyễn Thị Hoa",
            "đã hẹn: 16 giờ 00 phút, ngày 02 tháng 12 năm 2026.",
            "Lý do: Cần xác minh thêm.",
            "sẽ được trả vào: 16 giờ 00 phút, ngày 09 tháng 12 năm 2026.",
            "THỦ TRƯỞNG CƠ QUAN",
            "Nơi nhận:",
            "Số: …………/…………",  # the letter's number, written in by hand (issue 17)
        ),
    ),
    "mau06_control_slip": (
        lambda o: render_control_slip(*ABOUT, STEPS, o, template_path=FORMS, **kw),
        CODE,
        True,
        (
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Thời gian giao, nhận hồ sơ",
            "Giao: 16 giờ 30, 20/11/2026",
            "Nhận: 08 giờ 00, 23/11/2026",
            "Đúng hạn",
            "chờ duyệt",
            "Người giao, người nhận ký",
            "Thời gian hẹn trả kết quả: 16 giờ 00 phút, ngày 02 tháng 12 năm 2026",
        ),
    ),
    "handover_20": (
        lambda o: render_handover(handover(20), o, template_path=FORMS, **kw),
        "BBGN-261120-20",
        True,
        (
            "BIÊN BẢN GIAO NHẬN HỒ SƠ",
            "Số: BBGN-261120-20",
            "vào hồi 09 giờ 45 phút, ngày 20 tháng 11 năm 2026",
            "Bên giao: Ông/Bà Phạm Văn Bưu, nhân viên bưu chính, Bưu cục Quỳnh Phụ, Bưu điện tỉnh Thái Bình.",
        ),
    ),
    "ct04_receipt": (
        lambda o: render_receipt(receipt(form_set="police_residence"), o, template_path=POLICE, **kw),
        CODE,
        False,
        (
            f"Mẫu CT04 {CT_NOTE}",
            "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Cơ quan đăng ký cư trú: Công an xã An Quý",
            "Liên 1: Lưu hồ sơ",
            "CÁN BỘ TIẾP NHẬN HỒ SƠ",
            "Lệ phí: 20.000 đồng",
            "Quyển số: 01 Số thứ tự: 0123",
            "Số: 0123/PTN",  # Circular 66/2023's CT04: its number, addresses, documents table, result form
            "Nơi thường trú: …………",
            "Nơi tạm trú: …………",
            "Nơi ở hiện tại:",
            "TT Tên giấy tờ Hình thức 1 Tờ khai thay đổi thông tin cư trú (mẫu CT01) Bản chính, 1 bản",
            "7. Hình thức nhận kết quả: bản giấy",
        ),
    ),
    "ct05_supplement": (
        lambda o: render_supplement(
            *ABOUT, ITEMS[2:], "Thiếu giấy khai sinh.", "", o, template_path=POLICE, police=True, **kw
        ),
        CODE,
        False,
        (
            f"Mẫu CT05 {CT_NOTE}",
            "PHIẾU HƯỚNG DẪN BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "CÁN BỘ HƯỚNG DẪN",
            "liên hệ với ………… để được hướng dẫn.",
        ),
    ),
    "ct06_refusal": (
        lambda o: render_refusal(
            *ABOUT, "Chỗ ở không đủ điều kiện.", o, template_path=POLICE, police=True, **kw
        ),
        CODE,
        False,
        (
            f"Mẫu CT06 {CT_NOTE}", "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", "Chỗ ở không đủ điều kiện.",
            "THỦ TRƯỞNG CƠ QUAN ĐĂNG KÝ CƯ TRÚ", "Căn cứ quy định tại: …………",
        ),
    ),
    "receipt_mail": (
        lambda o: render_receipt(
            receipt(mail_to=MAIL_TO), o, template_path=TEMPLATES / "receipt_vi.toml", **kw
        ),
        CODE,
        False,
        (
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Nguyễn Thị Hoa Thôn Lai Ổn, xã An Quý huyện Quỳnh Phụ, tỉnh Thái Bình",
            "NGƯỜI NỘP HỒ SƠ",
        ),
    ),
}


def _header_rows(words: list[tuple[float, float, float, float, str]], header: str) -> int:
    """How many times the table header row ``header`` (its cells' words, left to right) is on the page.

    pdftotext reads a table in no reliable order, so the row is found by position: the words from 15 pt
    above to 20 pt below each occurrence of the header's first word (the header cells are centred
    vertically), right of it, must hold every header word.
    """
    first, expected = header.split()[0], header.split()
    found = 0
    for x0, y0, _x1, _y1, text in words:
        if text != first:
            continue
        band = sorted((w for w in words if y0 - 15 <= w[1] <= y0 + 20 and w[0] >= x0 - 1), key=lambda w: w[0])
        texts = [w[4] for w in band]
        found += all(texts.count(t) >= expected.count(t) for t in expected)
    return found


def _assert_within_margins(pdf: Path, a4: bool) -> None:
    left, top, right, bottom = A4_MARGINS if a4 else A5_MARGINS
    width, height = A4_SIZE if a4 else A5_SIZE
    for n, words in enumerate(_words(pdf), 1):
        assert words, f"page {n} has no text"
        for x0, y0, x1, y1, text in words:
            where = f"page {n}: {text!r} at ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f})"
            assert x0 >= left - 0.5 and x1 <= width - right + 0.5, where
            assert y0 >= top - 0.5 and y1 <= height - bottom + 0.5, where


def _render(tmp_path: Path, name: str) -> Path:
    pdf = tmp_path / f"{name}.pdf"
    FORM_CASES[name][0](pdf)
    return pdf


@pytest.mark.parametrize("name", list(FORM_CASES))
def test_each_form_renders_its_wording_codes_and_page_size(tmp_path: Path, name: str) -> None:
    _render_fn, code, a4, wording = FORM_CASES[name]
    pdf = _render(tmp_path, name)
    sizes = _page_sizes(pdf)
    assert sizes and all(s == pytest.approx(A4_SIZE if a4 else A5_SIZE, abs=0.01) for s in sizes)
    text = _text(pdf)
    assert text == unicodedata.normalize("NFC", text)
    first = _flat(_text(pdf, 1))
    for expected in wording:
        assert expected in first, expected
    pngs = _pngs(pdf)
    for n, png in enumerate(pngs, 1):
        assert _decoded(png) == {"code128": [code], "qr": [code]}, f"page {n}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pngs[0], ARTIFACTS / f"{name}.png")
    _assert_within_margins(pdf, a4)


@pytest.mark.parametrize(
    "name",
    [
        "mau02_supplement",
        "mau03_refusal",
        "mau04_extension",
        "ct05_supplement",
        "ct06_refusal",
        "mau06_control_slip",
    ],
)
def test_single_forms_fit_one_page_and_show_the_form_set_note_only_for_police(
    tmp_path: Path, name: str
) -> None:
    pdf = _render(tmp_path, name)
    assert len(_page_sizes(pdf)) == 1
    assert ("Thông tư số 66/2023/TT-BCA" in _flat(_text(pdf))) == name.startswith("ct")


@pytest.mark.parametrize("n", [20, 60])
def test_handover_paginates_with_repeated_header_numbers_and_every_item(tmp_path: Path, n: int) -> None:
    record = handover(n)
    pdf = tmp_path / f"handover_{n}.pdf"
    render_handover(record, pdf, fonts_dir=FONTS, template_path=FORMS)
    pages = _page_sizes(pdf)
    assert len(pages) >= 2 and all(s == pytest.approx(A4_SIZE, abs=0.01) for s in pages)
    texts = [_flat(_text(pdf, p)) for p in range(1, len(pages) + 1)]
    header = "STT Số hiệu bưu gửi Người gửi Thủ tục hành chính Mã hồ sơ Tình trạng hồ sơ Ghi chú"
    assert [_header_rows(words, header) for words in _words(pdf)] == [1] * len(pages)  # on every page
    everything = " ".join(texts)
    for item in record.items:  # every S10 number, once
        assert everything.count(item.item_number) == 1, item.item_number
    assert f"Tổng số: {n} hồ sơ" in texts[-1]
    assert "NGƯỜI GIAO" in texts[-1] and "NGƯỜI NHẬN" in texts[-1] and "Nhân viên bưu chính" in texts[-1]
    left, top, right, _bottom = A4_MARGINS
    centre = (left + A4_SIZE[0] - right) / 2
    for p, words in enumerate(_words(pdf), 1):  # Decree 30: page number centred at the top, from page 2
        at_top = [w for w in words if w[1] < top + 14]
        if p == 1:
            assert not any(w[4].isdigit() for w in at_top)
        else:
            (number,) = [w for w in at_top if w[4] == str(p)]
            assert abs((number[0] + number[2]) / 2 - centre) < 1.5
    pngs = _pngs(pdf)
    for p, png in enumerate(pngs, 1):
        assert _decoded(png) == {"code128": [record.number], "qr": [record.number]}, f"page {p}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pngs[1], ARTIFACTS / f"handover_{n}_page2.png")
    _assert_within_margins(pdf, a4=True)


def test_mailed_receipt_puts_the_address_in_the_envelope_window(tmp_path: Path) -> None:
    pdf = _render(tmp_path, "receipt_mail")
    assert len(_page_sizes(pdf)) == 2  # still one page per copy
    left, top, right, bottom = (v * mm for v in WINDOW)
    page1 = _words(pdf)[0]
    inside = [w for w in page1 if w[2] > left and w[0] < right and w[3] > top and w[1] < bottom]
    assert (
        " ".join(w[4] for w in inside)
        == "Nguyễn Thị Hoa Thôn Lai Ổn, xã An Quý huyện Quỳnh Phụ, tỉnh Thái Bình"
    )
    assert all(w[0] >= left and w[2] <= right and w[1] >= top and w[3] <= bottom for w in inside)
    assert (
        max(w[3] for w in inside) <= 90 * mm
    )  # the C6/DL window shows 54–90 mm from the top whatever the play


def test_long_supplement_continues_on_numbered_pages_with_codes(tmp_path: Path) -> None:
    items = [
        (
            f"Giấy tờ chứng minh chỗ ở hợp pháp số {i} (hợp đồng thuê nhà có công chứng, chứng thực)",
            "Bản sao chứng thực",
        )
        for i in range(1, 19)
    ]
    reason = "Thiếu giấy tờ.\nẢnh không đúng quy cách.\n" + "Cần bổ sung đầy đủ theo quy định. " * 12
    pdf = tmp_path / "long.pdf"
    render_supplement(
        HEADER, APPLICANT, DOSSIER, items, reason, "Trần Văn Nam", pdf, fonts_dir=FONTS, template_path=FORMS
    )
    pages = _page_sizes(pdf)
    assert len(pages) >= 2
    texts = [_flat(_text(pdf, p)) for p in range(1, len(pages) + 1)]
    assert all(t.startswith(f"{p} ") for p, t in enumerate(texts[1:], 2))  # page number first, at the top
    header = "TT Tên giấy tờ Hình thức giấy tờ (bản chính, bản sao chứng thực, bản sao)"
    assert all(_header_rows(words, header) == 1 for words in _words(pdf)[: len(pages) - 1])
    assert "Lý do: Thiếu giấy tờ. Ảnh không đúng quy cách. Cần bổ sung" in " ".join(texts)
    assert "NGƯỜI HƯỚNG DẪN" in texts[-1]
    for png in _pngs(pdf):
        assert _decoded(png) == {"code128": [CODE], "qr": [CODE]}
    _assert_within_margins(pdf, a4=False)


def test_control_slip_rows_and_blank_rows(tmp_path: Path) -> None:
    pdf = _render(tmp_path, "mau06_control_slip")
    text = _flat(_text(pdf))
    assert text.count("Giao: …giờ…, …/…/……") == 4  # the four blank rows for handwriting
    assert "Nhận: …giờ…, …/…/……" in text  # the step not yet received
    rows = [w[4] for w in _words(pdf)[0] if w[4].isdigit() and w[0] < A4_MARGINS[0] + 25]
    assert rows == ["1", "2", "3", "4", "5", "6"]


def test_inconsistent_input_and_templates_are_refused_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "refused.pdf"
    with pytest.raises(ValueError, match="new due time"):
        render_extension(
            HEADER,
            APPLICANT,
            DOSSIER,
            DOSSIER.due_at,
            DOSSIER.due_at,
            "x",
            target,
            fonts_dir=FONTS,
            template_path=FORMS,
        )
    with pytest.raises(ValueError, match="outcome"):
        render_control_slip(
            HEADER,
            APPLICANT,
            DOSSIER,
            [dataclasses.replace(STEPS[0], outcome="sớm")],
            target,
            fonts_dir=FONTS,
            template_path=FORMS,
        )
    with pytest.raises(ValueError):
        render_refusal(
            HEADER,
            APPLICANT,
            dataclasses.replace(DOSSIER, code="G01-261120-000Đ"),
            "x",
            target,
            fonts_dir=FONTS,
            template_path=FORMS,
        )
    with pytest.raises(ValueError, match=r"\[ct05\] is missing"):
        render_supplement(
            HEADER,
            APPLICANT,
            DOSSIER,
            ITEMS,
            "x",
            "y",
            target,
            fonts_dir=FONTS,
            template_path=FORMS,
            police=True,
        )
    with pytest.raises(ValueError, match=r"\[ct04\] is missing"):
        render_receipt(
            receipt(form_set="police_residence"),
            target,
            fonts_dir=FONTS,
            template_path=TEMPLATES / "receipt_vi.toml",
        )
    with pytest.raises(ValueError, match="unknown form set"):
        render_receipt(receipt(form_set="other"), target, fonts_dir=FONTS, template_path=POLICE)
    with pytest.raises(ValueError, match="envelope window"):
        render_receipt(
            receipt(mail_to="Thôn Lai Ổn " * 120),
            target,
            fonts_dir=FONTS,
            template_path=TEMPLATES / "receipt_vi.toml",
        )
    edited = tmp_path / "forms_vi.toml"
    edited.write_text(
        FORMS.read_text(encoding="utf-8").replace(
            'title = "PHIẾU TỪ CHỐI', 'title = "{no_such_field} PHIẾU TỪ CHỐI'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no_such_field"):
        render_refusal(*ABOUT, "x", target, fonts_dir=FONTS, template_path=edited)
    edited.write_text(FORMS.read_text(encoding="utf-8").replace("blank_rows = 4", ""), encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[control\] blank_rows is missing"):
        render_control_slip(*ABOUT, STEPS, target, fonts_dir=FONTS, template_path=edited)
    assert not target.exists()


def test_station_wording_is_used_and_values_are_escaped(tmp_path: Path) -> None:
    edited = tmp_path / "forms_vi.toml"
    edited.write_text(
        FORMS.read_text(encoding="utf-8").replace(
            'form_note = ""\ntitle = "PHIẾU TỪ CHỐI', 'form_note = "Mẫu số 03"\ntitle = "PHIẾU TỪ CHỐI'
        ),
        encoding="utf-8",
    )
    pdf = tmp_path / "refusal.pdf"
    odd = dataclasses.replace(APPLICANT, name="Lê Văn A & <B>", email="")
    render_refusal(HEADER, odd, DOSSIER, "Lý do 1\n\nLý do 2 <i>", pdf, fonts_dir=FONTS, template_path=edited)
    text = _flat(_text(pdf))
    assert "Mẫu số 03" in text and "Lê Văn A & <B>" in text and "Email: …………" in text
    assert "Lý do 1 Lý do 2 <i>" in text
