"""Applicants as they come (issue 17, part 4): a foreign guest's lưu trú, a company's seal, a daughter
filing for her elderly father with his old CMND kept — imported through the CLI, shown, and printed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import require_tool
from tests.integration.test_cli import data_dir, desk  # noqa: F401  (data_dir is a fixture)

GUEST = {
    "procedure": "2.001159",  # Thông báo lưu trú: a notice recorded at once
    "received_at": "2026-11-20T09:00:00+07:00",
    "applicant": {
        "kind": "foreigner", "full_name": "Jean Dupont", "passport_number": "19ab 12345",
        "nationality": "fra", "birth_date": "1980-04-02", "sex": "Nam",
        "address": "Khách sạn Láng 2, Số 5 Láng Hạ, Hà Nội", "phone": "0901234567",
    },
}  # fmt: skip
COMPANY = {
    "procedure": "1.115231",  # Đăng ký mẫu con dấu mới
    "received_at": "2026-11-20T09:10:00+07:00",
    "applicant": {
        "kind": "organisation", "full_name": "Công ty TNHH Khách sạn Láng 2",
        "registration_number": "0101234567",
        "address": "Số 5 Láng Hạ, Phường Láng, Hà Nội",
        "representative": {"full_name": "Trần Thị Mai", "id_number": "001185000123",
                           "document": "Giấy giới thiệu số 05/GGT ngày 18/11/2026"},
    },
    "documents": [{"name": "Giấy chứng nhận đăng ký doanh nghiệp", "form": "original"}],
}  # fmt: skip
FATHER = {
    "procedure": "1.004222",  # Đăng ký thường trú
    "received_at": "2026-11-20T09:20:00+07:00",
    "applicant": {
        "full_name": "Nguyễn Văn Bảy", "id_number": "001045000321", "old_id_number": "011234567",
        "birth_date": "1945-06-01", "sex": "Nam", "address": "Số 12 Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        "representative": {"full_name": "Nguyễn Thị Hoa", "id_number": "001175000456",
                           "document": "Giấy ủy quyền số 12/GUQ ngày 15/11/2026, chứng thực tại UBND phường"},
    },
    "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "form": "original"}],
}  # fmt: skip


def _bad(applicant: dict[str, object], procedure: str = "1.004222") -> dict[str, object]:
    return {"procedure": procedure, "received_at": "2026-11-20T10:00:00+07:00", "applicant": applicant,
            "documents": [{"name": "Tờ khai"}]}  # fmt: skip


BAD = [
    (_bad({"full_name": "Lê Văn Tám", "id_number": "025123456", "address": "Hà Nội"}),
     "applicant.id_number: Số CMND 9 số không còn là giấy tờ tùy thân"),
    (_bad({"full_name": "Lê Văn Tám", "id_number": "001085000123", "old_id_number": "12345",
           "address": "Hà Nội"}), "applicant.old_id_number: Số CMND cũ phải gồm đúng 9 chữ số"),
    (_bad({"kind": "foreigner", "full_name": "Kim Min", "passport_number": "M1234567", "nationality": "XYZ",
           "address": "Hà Nội"}),
     "applicant.nationality: mã quốc tịch “XYZ” không có trong danh mục ISO 3166-1"),
    (_bad({"kind": "foreigner", "full_name": "Kim Min", "nationality": "KOR", "address": "Hà Nội"}),
     "applicant.passport_number: chưa nhập số hộ chiếu"),
    (_bad({"kind": "organisation", "full_name": "Công ty 3 Sao", "address": "Hà Nội"}, "1.115231"),
     "applicant.registration_number: chưa nhập số đăng ký của tổ chức"),
    (_bad({"kind": "company", "full_name": "Công ty 3 Sao", "address": "Hà Nội"}),
     "applicant.kind: loại người nộp phải là citizen, foreigner hoặc organisation"),
    (_bad({"full_name": "Lê Văn Tám", "id_number": "001085000123", "passport_number": "B1234567",
           "address": "Hà Nội"}), "applicant.passport_number: Số hộ chiếu không dùng cho công dân việt nam"),
    (_bad({"full_name": "Lê Văn Tám", "id_number": "001085000123", "address": "Hà Nội",
           "representative": {"full_name": "Lê Thị Chín", "id_number": "001185000999"}}),
     "applicant.representative.document: chưa ghi giấy tờ ủy quyền"),
]  # fmt: skip


def _import(data_dir: Path, tmp_path: Path, *lines: dict[str, object], check: bool = True):  # noqa: F811
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return desk("import", str(src), "--receipts", str(tmp_path / "receipts"), data_dir=data_dir, check=check)


def _text(pdf: Path) -> str:
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_a_foreign_guest_a_company_and_a_representative_are_received_shown_and_printed(
    data_dir: Path,  # noqa: F811
    tmp_path: Path,
):
    guest, company, father = _import(data_dir, tmp_path, GUEST, COMPANY, FATHER).stdout.split()

    shown = json.loads(desk("show", guest, "--json", data_dir=data_dir).stdout)
    a = shown["applicant"]
    assert (a["kind"], a["passport_number"], a["nationality"], a["id_number"]) == (
        "foreigner", "19AB12345", "FRA", "",
    )  # fmt: skip
    assert shown["status"] == "returned"  # a notice: complete when recorded
    a = json.loads(desk("show", company, "--json", data_dir=data_dir).stdout)["applicant"]
    assert (a["kind"], a["full_name"], a["registration_number"]) == (
        "organisation", "Công ty TNHH Khách sạn Láng 2", "0101234567",
    )  # fmt: skip
    assert a["representative"] == COMPANY["applicant"]["representative"]  # type: ignore[index]
    a = json.loads(desk("show", father, "--json", data_dir=data_dir).stdout)["applicant"]
    assert (a["kind"], a["id_number"], a["old_id_number"]) == ("citizen", "001045000321", "011234567")
    assert a["representative"]["full_name"] == "Nguyễn Thị Hoa"
    text = desk("show", father, data_dir=data_dir).stdout
    said = "số định danh 001045000321, CMND cũ 011234567; người đại diện Nguyễn Thị Hoa (001175000456)"
    assert said in text

    receipts = tmp_path / "receipts"
    printed = _text(receipts / f"{guest}.pdf")
    assert "Số hộ chiếu: 19AB12345; Quốc tịch: Pháp (FRA)" in printed
    assert "Số định danh cá nhân" not in printed
    printed = _text(receipts / f"{company}.pdf")
    assert "Số đăng ký (mã số doanh nghiệp, quyết định thành lập, giấy phép): 0101234567" in printed
    said = "Người đại diện nộp hồ sơ: Trần Thị Mai, số định danh cá nhân: 001185000123; theo: Giấy giới thiệu"
    assert said in printed
    printed = _text(receipts / f"{father}.pdf")  # CT04, the police residence receipt
    assert "CT04" in printed
    assert "Số định danh cá nhân: 001045000321; số CMND cũ: 011234567" in printed
    assert "Người đại diện nộp hồ sơ: Nguyễn Thị Hoa, số định danh cá nhân: 001175000456" in printed
    assert printed.count("Nguyễn Thị Hoa") == 4  # named and signing, on both copies
    for shot in ("guest", "company", "father"):
        code = {"guest": guest, "company": company, "father": father}[shot]
        png = tmp_path / f"receipt_{shot}"
        subprocess.run([require_tool("pdftoppm"), "-png", "-r", "70", "-f", "1", "-l", "1",
                        str(receipts / f"{code}.pdf"), str(png)], check=True)  # fmt: skip
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "forms"
    artifacts.mkdir(parents=True, exist_ok=True)
    for png in tmp_path.glob("receipt_*.png"):
        png.replace(artifacts / png.name.replace("-1.png", ".png"))

    desk("act", company, "refuse", "--reason", "Thiếu giấy tờ", data_dir=data_dir, user="lanhdao")
    desk("form", "refusal", company, "-o", str(tmp_path / "refusal.pdf"), data_dir=data_dir)
    refusal = _text(tmp_path / "refusal.pdf")
    assert "Số đăng ký (mã số doanh nghiệp, quyết định thành lập, giấy phép): 0101234567" in refusal
    assert "Người đại diện nộp hồ sơ: Trần Thị Mai" in refusal


def test_bad_applicants_are_refused_naming_the_field_and_nothing_is_saved(data_dir: Path, tmp_path: Path):  # noqa: F811
    lines = [line for line, _ in BAD]
    result = _import(data_dir, tmp_path, *lines, check=False)
    assert result.returncode == 1 and result.stdout.strip() == ""
    *errors, summary = result.stderr.strip().splitlines()
    assert summary == f"Đã lưu 0 hồ sơ mới, 0 hồ sơ đã có từ trước, từ chối {len(BAD)} dòng"
    for n, (error, (_, expected)) in enumerate(zip(errors, BAD, strict=True), start=1):
        assert error.startswith(f"dòng {n}: ") and expected.lower() in error.lower(), (error, expected)
    assert desk("search", "Tám", data_dir=data_dir).stdout == ""


def test_addresses_from_the_current_divisions_and_a_card_naming_former_units(
    data_dir: Path,  # noqa: F811
    tmp_path: Path,
):
    """Part 5: province and commune from the current divisions, the rest as text; an address read from a
    card issued before July 2025 kept as read and flagged, with the province it is part of now."""
    parts = {**FATHER, "received_at": "2026-11-20T10:00:00+07:00", "applicant": {
        **FATHER["applicant"],  # type: ignore[dict-item]
        "address": {"street": "Số 12 Lê Lợi", "commune": "sài gòn", "province": "TP. Hồ Chí Minh"},
    }}  # fmt: skip
    qr = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"
    card = {"procedure": "1.004194", "received_at": "2026-11-20T10:05:00+07:00", "citizen_qr": qr,
            "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"}]}  # fmt: skip
    gone = {"street": "Số 1", "commune": "An Quý", "province": "Thái Bình"}
    bad = {**parts, "received_at": "2026-11-20T10:10:00+07:00",
           "applicant": {**parts["applicant"], "address": gone}}  # type: ignore[dict-item]  # fmt: skip
    result = _import(data_dir, tmp_path, parts, card, bad, check=False)
    structured, flagged = result.stdout.split()
    said = "dòng 3: applicant.address.province: “Thái Bình” không phải tỉnh, thành phố hiện nay"
    assert said + " (từ 01/07/2025 thuộc Hưng Yên)" in result.stderr
    a = json.loads(desk("show", structured, "--json", data_dir=data_dir).stdout)["applicant"]
    assert a["address"] == "Số 12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh" and a["address_note"] == ""
    a = json.loads(desk("show", flagged, "--json", data_dir=data_dir).stdout)["applicant"]
    assert a["address"] == "Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình"  # kept as read
    assert a["address_note"].startswith("Địa chỉ theo đơn vị hành chính cũ (trước 01/07/2025)")
    assert "“Thái Bình” nay thuộc Hưng Yên" in a["address_note"]
    assert "“An Quý, Quỳnh Phụ” nay là Xã Đồng Bằng, Hưng Yên" in a["address_note"]
