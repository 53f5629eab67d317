"""Time limits as the rules write them (issue 17, part 2), through the CLI: a case picked at intake, a
notice recorded at once, and every promised time on a working day."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import walk_in
from tests.integration.test_cli import data_dir, desk  # noqa: F401  (the fixture)
from tests.pdf_tools import text

CONFIRMATION = "1.010041"  # Xác nhận thông tin về cư trú: half a working day if in the database, 3 to verify
NOTICE = "2.001159"  # Thông báo lưu trú: recorded at once


def line(**changes: object) -> str:
    raw = walk_in(received_at="2026-08-20T10:00:00+07:00", **changes)
    return json.dumps(raw, ensure_ascii=False)


def test_a_case_dependent_limit_takes_the_case_the_officer_picked(data_dir: Path, tmp_path: Path):  # noqa: F811
    docs = [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "copies": 1, "form": "original"}]
    lines = [
        line(procedure=CONFIRMATION, documents=docs, case="csdl"),
        line(procedure=CONFIRMATION, documents=docs, case="xac-minh", sets=2),
        line(procedure=CONFIRMATION, documents=docs),
        line(procedure=CONFIRMATION, documents=docs, case="khong-co"),
        line(case="csdl"),  # the passport has no cases
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = desk("import", str(src), data_dir=data_dir, check=False)
    assert out.returncode == 1
    quick, verified = out.stdout.split()
    *reasons, summary = out.stderr.strip().splitlines()
    assert reasons[0].startswith("dòng 3:") and "chưa chọn trường hợp: csdl" in reasons[0]
    assert reasons[1].startswith("dòng 4:") and "không có trường hợp “khong-co”" in reasons[1]
    assert reasons[2].startswith("dòng 5:") and "không chia trường hợp" in reasons[2]
    assert summary.endswith("từ chối 3 dòng")
    first = json.loads(desk("show", quick, "--json", data_dir=data_dir).stdout)
    second = json.loads(desk("show", verified, "--json", data_dir=data_dir).stdout)
    # Thursday 20/8/2026 10:00: half a working day → that afternoon; 3 → Monday 24/8 (make-up Saturday 22/8)
    assert first["due_at"] == "2026-08-20T16:00:00+07:00" and first["time_limit"]["unit"] == "half_day"
    assert second["due_at"] == "2026-08-24T16:00:00+07:00" and second["time_limit"]["value"] == 3
    receipt = tmp_path / "r.pdf"
    desk("receipt", verified, "-o", str(receipt), data_dir=data_dir)
    assert "3 ngày làm việc (Cần xác minh" in " ".join(text(receipt).split())


def test_a_notice_is_recorded_at_once_and_leaves_nothing_to_return(data_dir: Path, tmp_path: Path):  # noqa: F811
    src = tmp_path / "notice.jsonl"
    src.write_text(line(procedure=NOTICE, documents=[]) + "\n", encoding="utf-8")
    code = desk("import", str(src), data_dir=data_dir).stdout.strip()
    shown = json.loads(desk("show", code, "--json", data_dir=data_dir).stdout)
    assert shown["status"] == "returned" and shown["due_at"] == shown["received_at"]
    assert shown["time_limit"] == {"value": 0, "unit": "at_once"}
    receipt = tmp_path / "notice.pdf"
    desk("receipt", code, "-o", str(receipt), data_dir=data_dir)
    said = " ".join(text(receipt).split())
    assert "giải quyết ngay khi tiếp nhận" in said and "không có kết quả phải trả" in said
