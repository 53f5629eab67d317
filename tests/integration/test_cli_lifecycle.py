"""The ``desk-app act`` contract and mail-in import, as a subprocess on a temp station."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.actors import TEST_PASSWORD
from tests.conftest import require_tool, walk_in
from tests.integration.test_cli import desk

QR = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"


def _init(tmp_path: Path) -> Path:
    d = tmp_path / "station"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=d)  # fmt: skip
    return d


def test_post_import_and_act_through_a_whole_life(tmp_path: Path):
    d = _init(tmp_path)
    post = {"procedure": "1.010386", "channel": "post", "citizen_qr": QR, "documents": [{"name": "CT01"}],
            "postal": {"item_number": "EL123456785VN", "handover_record": "BB-7", "sender_address": "Huế",
                       "handover_at": "2026-11-23T10:00:00+07:00", "return_by_post": True}}  # fmt: skip
    bad = {**post, "postal": {**post["postal"], "item_number": "EL123456789VN"}}
    walk = walk_in(received_at="2026-11-20T09:00:00+07:00", procedure="1.004222")  # 7 working days
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in (post, bad, walk)) + "\n", encoding="utf-8"
    )
    result = desk("import", str(src), data_dir=d, check=False)
    assert result.returncode == 1
    post_code, walk_code = result.stdout.split()
    assert "dòng 2" in result.stderr and "EL123456789VN" in result.stderr

    shown = json.loads(desk("show", post_code, "--json", data_dir=d).stdout)
    assert shown["received_at"] == "2026-11-23T10:00:00+07:00"
    assert shown["postal"]["item_number"] == "EL123456785VN"
    assert shown["postal"]["handover_number"] == "BB-7"
    assert shown["register"] == {"book": 1, "number": 1}
    assert shown["overdue"] is True  # due 24/11, today is later

    def act(*args: str, ok: bool = True, user: str = "canbo"):
        approver = {"DESK_APP_APPROVER_PASSWORD": TEST_PASSWORD}
        r = desk("act", walk_code, *args, data_dir=d, check=False, user=user, env=approver)
        assert (r.returncode == 0) is ok, r.stderr
        return r

    refused = act("return", ok=False)
    assert "chưa có kết quả" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    act("request-supplement", "--reason", "Thiếu ảnh", "--at", "2026-11-20T10:00:00+07:00")
    act("supplemented", "--at", "2026-11-24T09:00:00+07:00")
    act("transfer", "--at", "2026-11-24T10:00:00+07:00")
    at = ("--at", "2026-11-25T10:00:00+07:00")
    act("extend", "--new-due", "2026-12-20", "--reason", "x", *at, ok=False, user="lanhdao")
    alone = act("extend", "--new-due", "2026-12-21", "--reason", "Cần xác minh", *at, ok=False)
    assert "lãnh đạo duyệt" in alone.stderr  # an officer alone may not extend
    self_approved = act("extend", "--new-due", "2026-12-21", "--reason", "Cần xác minh", *at,
                        "--approver", "canbo", ok=False)  # fmt: skip
    assert "không có quyền lãnh đạo" in self_approved.stderr
    act("extend", "--new-due", "2026-12-21", "--reason", "Cần xác minh", *at, "--approver", "lanhdao")
    second = act("extend", "--new-due", "2026-12-22", "--reason", "lại", ok=False, user="lanhdao")
    assert "một lần" in second.stderr
    act("result-received")
    out = act("return").stdout.split("\t")
    assert out[:2] == [walk_code, "returned"]
    shown = json.loads(desk("show", walk_code, "--json", data_dir=d).stdout)
    assert shown["status"] == "returned"
    assert shown["due_at"] == "2026-12-21T16:00:00+07:00"
    assert [e["kind"] for e in shown["events"]] == [
        "received", "request-supplement", "supplemented", "transfer", "extend", "result-received", "return",
    ]  # fmt: skip
    assert shown["events"][4]["data"]["previous_due"] == "2026-12-03T16:00:00+07:00"  # 7 days from 24/11
    assert shown["events"][4]["actor"] == "Lê Thị Mai"  # the officer acted …
    assert shown["events"][4]["data"]["approved_by"] == "Nguyễn Thị Lan"  # … the supervisor approved in place
    void = desk("act", walk_code, "void", data_dir=d, check=False, user="lanhdao")
    assert void.returncode != 0 and "Lý do" in void.stderr
    unknown = desk("act", walk_code, "explode", data_dir=d, check=False)
    assert unknown.returncode != 0

    def found(*args: str) -> list[str]:
        return [line.split("\t")[0] for line in desk("search", "0", *args, data_dir=d).stdout.splitlines()]

    assert sorted(found()) == sorted([post_code, walk_code])  # both ID numbers start with 0
    assert found("--channel", "post") == [post_code]
    assert found("--status", "returned") == [walk_code]
    assert found("--status", "returned", "--channel", "post") == []
    bogus = desk("search", "0", "--status", "lost", data_dir=d, check=False)
    assert bogus.returncode == 2 and "lost" in bogus.stderr


def test_forms_and_handover_pdfs(tmp_path: Path):
    d = _init(tmp_path)
    posts = []
    for i, item in enumerate(["EL123456785VN", "RR000000005VN"]):
        postal = {"item_number": item, "handover_record": "BB-9", "sender_address": "Huế",
                  "handover_at": "2026-11-23T10:00:00+07:00", "return_by_post": i == 0}  # fmt: skip
        posts.append({"procedure": "1.010386", "channel": "post", "citizen_qr": QR,
                      "documents": [{"name": f"TK05 bản {i}"}], "postal": postal})  # fmt: skip
    residence = {"procedure": "1.004194", "citizen_qr": QR, "received_at": "2026-11-23T09:00:00+07:00",
                 "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"}]}  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in (*posts, residence)) + "\n", encoding="utf-8"
    )
    codes = desk("import", str(src), data_dir=d).stdout.split()
    refused = desk("form", "refusal", codes[2], "-o", str(tmp_path / "r.pdf"), data_dir=d, check=False)
    assert refused.returncode != 0 and "chưa có" in refused.stderr and not (tmp_path / "r.pdf").exists()
    basis = ("--provision", "Điều 9 văn bản thử nghiệm")
    desk("act", codes[2], "refuse", "--reason", "Không thuộc thẩm quyền", *basis, data_dir=d, user="lanhdao")
    for form in ("receipt", "refusal", "control-slip"):
        desk("form", form, codes[2], "-o", str(tmp_path / f"{form}.pdf"), data_dir=d)
    desk("form", "receipt", codes[0], "-o", str(tmp_path / "post-receipt.pdf"), data_dir=d)
    desk("handover", "BB-9", "-o", str(tmp_path / "bb.pdf"), data_dir=d)
    require_tool("pdftotext")

    def text(name: str) -> str:
        return subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip

    assert "Không thuộc thẩm quyền" in text("refusal.pdf")
    assert "CT06" in text("refusal.pdf")  # temporary residence uses the police residence set
    assert "Căn cứ quy định tại: Điều 9 văn bản thử nghiệm" in text("refusal.pdf")  # typed at the refusal
    assert "CT04" in text("receipt.pdf")
    assert "Huế" in text("post-receipt.pdf")  # the mail-in's return address block
    handover = text("bb.pdf")
    assert "EL123456785VN" in handover and "RR000000005VN" in handover and "BB-9" in handover
    missing = desk("handover", "NOPE", "-o", str(tmp_path / "x.pdf"), data_dir=d, check=False)
    assert missing.returncode != 0 and "NOPE" in missing.stderr


def test_stop_processing_and_its_notice_mau_05(tmp_path: Path):
    """Issue 17: a dossier's processing stopped (the citizen withdraws it) from the command line, with a
    supervisor, and its notice (Mẫu 05) printed and read back; the register says so."""
    d = _init(tmp_path)
    line = walk_in(received_at="2026-11-20T09:00:00+07:00", procedure="1.004222")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    code = desk("import", str(src), data_dir=d).stdout.strip()
    early = desk("form", "stop", code, "-o", str(tmp_path / "early.pdf"), data_dir=d, check=False)
    assert early.returncode != 0 and "chưa có" in early.stderr and not (tmp_path / "early.pdf").exists()
    alone = desk("act", code, "stop", "--reason", "Công dân rút hồ sơ", data_dir=d, check=False)
    assert alone.returncode != 0 and "lãnh đạo duyệt" in alone.stderr  # an officer alone may not stop it
    empty = desk("act", code, "stop", data_dir=d, check=False, user="lanhdao")
    assert empty.returncode != 0 and "Lý do là bắt buộc khi dừng giải quyết" in empty.stderr
    reason = "Công dân có đơn rút hồ sơ ngày 23/11/2026"
    wrong = desk("act", code, "transfer", "--provision", "Điều 9", data_dir=d, check=False)
    assert wrong.returncode != 0 and "chỉ ghi khi từ chối hoặc dừng giải quyết" in wrong.stderr
    basis = ("--provision", "Điều 9 văn bản thử nghiệm")
    out = desk("act", code, "stop", "--reason", reason, *basis, data_dir=d, user="lanhdao").stdout.split("\t")
    assert out[:2] == [code, "stopped"]
    again = desk("act", code, "transfer", data_dir=d, check=False)
    assert again.returncode != 0 and "hồ sơ đã dừng giải quyết" in again.stderr
    pdf = tmp_path / "stop.pdf"
    desk("form", "stop", code, "-o", str(pdf), data_dir=d)
    text = " ".join(subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    for part in ("THÔNG BÁO", "Về việc dừng giải quyết hồ sơ", f"Mã hồ sơ: {code}", reason, "Số: ",
                 "Căn cứ: Điều 9 văn bản thử nghiệm",
                 "Đăng ký thường trú (mã thủ tục: 1.004222)", "NGƯỜI TIẾP NHẬN HỒ SƠ"):  # fmt: skip
        assert part in text, part
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "forms"
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "80", "-singlefile", str(pdf),
                    str(artifacts / "mau05_stop")], check=True)  # fmt: skip
    shown = json.loads(desk("show", code, "--json", data_dir=d).stdout)
    assert shown["status"] == "stopped" and shown["events"][-1]["kind"] == "stop"
    book = tmp_path / "so.xlsx"
    month = ("--from", "2026-11-01", "--to", "2026-11-30")
    desk("register", *month, "-o", str(book), data_dir=d, user="lanhdao")
    from openpyxl import load_workbook

    rows = list(load_workbook(book, read_only=True).active.iter_rows(values_only=True))
    [entry] = [r for r in rows if len(r) > 15 and r[3] == code]
    assert str(entry[15]).startswith("Dừng giải quyết: Công dân có đơn rút hồ sơ")
