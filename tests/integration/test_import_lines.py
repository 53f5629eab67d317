"""``desk-app import`` never stops half-way: each line is decoded, parsed and checked on its own; a re-run
after a crash saves only what was not saved; invisible characters never reach a name or an address."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.actors import TEST_PASSWORD
from tests.conftest import walk_in
from tests.integration.test_cli import data_dir, desk  # noqa: F401  (the fixture)


def person(i: int, received_at: str | None = "2026-11-20T09:30:00+07:00") -> dict:
    raw = walk_in(received_at=received_at)
    if received_at is None:
        del raw["received_at"]
    name = f"Trần Văn {chr(65 + i % 26)}"
    raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{i:05d}", "full_name": name}
    return raw


def line(raw: dict) -> bytes:
    return json.dumps(raw, ensure_ascii=False).encode("utf-8") + b"\n"


def test_every_bad_line_is_its_own_reason_and_the_good_ones_are_saved(data_dir: Path, tmp_path: Path):  # noqa: F811
    deep = b"[" * 200_000 + b"]" * 200_000 + b"\n"
    bad_byte = line(person(90)).replace("Trần".encode(), b"Tr\xe1n")
    lines = [
        line(person(1)),
        line(person(2, "0001-01-01T08:00:00+07:00")),
        line({**person(3), "fee": 10**20}),
        deep,
        bad_byte,
        line({**person(4), "applicant": {**person(4)["applicant"], "birth_date": "1850-01-01"}}),
        b'{"sets": ' + b"9" * 5000 + b"}\n",  # an integer Python will not parse
        b'{"note": "' + b"x" * (1 << 20) + b'"}\n',
        b'{"procedure": "1.001456", "channel": \n',  # cut off: the column says where
        line(person(6)),
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    done = desk("import", str(src), data_dir=data_dir, check=False)
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.split()) == 2  # lines 1 and 10
    *reasons, summary = done.stderr.strip().splitlines()
    by_line = {int(r.split(":")[0].split()[1]): r for r in reasons}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9], done.stderr
    assert "từ năm 1900" in by_line[2]
    assert "lệ phí" in by_line[3] and "100.000.000" in by_line[3]
    assert "lồng nhau quá sâu" in by_line[4]
    assert "UTF-8" in by_line[5]
    assert "ngày sinh" in by_line[6]
    assert "số quá lớn" in by_line[7]
    assert "dài quá" in by_line[8]
    assert "cột 38" in by_line[9]
    assert summary == "Đã lưu 2 hồ sơ mới, 0 hồ sơ đã có từ trước, từ chối 8 dòng"
    assert not (data_dir / "crash-reports").exists() and "ngoài dự kiến" not in done.stderr


@pytest.mark.parametrize("stated", [True, False], ids=["with-received_at", "without-received_at"])
def test_a_rerun_after_a_kill_saves_each_line_exactly_once(data_dir: Path, tmp_path: Path, stated: bool):  # noqa: F811
    src = tmp_path / "many.jsonl"
    at = "2026-11-20T09:30:00+07:00" if stated else None
    src.write_bytes(b"".join(line(person(i, at)) for i in range(400)))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESK_APP_PASSWORD": TEST_PASSWORD}
    command = [sys.executable, "-m", "desk_app", "import", str(src), "--user", "canbo",
               "--data-dir", str(data_dir)]  # fmt: skip
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert first.stdout is not None
    seen = [first.stdout.readline() for _ in range(150)]  # 150 codes printed: 150 lines committed
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert all(s.strip() for s in seen)
    again = desk("import", str(src), data_dir=data_dir, check=False)
    assert again.returncode == 0, again.stderr
    codes = again.stdout.split()
    assert len(codes) == 400 and len(set(codes)) == 400  # every line's code, each once
    assert set(s.strip() for s in seen) <= set(codes)  # those saved before the kill, printed again
    summary = again.stderr.strip().splitlines()[-1]
    new, before = [int(w) for w in summary.split() if w.isdigit()][:2]
    assert new + before == 400 and before >= 150
    listed = desk("search", "tran van", "--limit", "1000", data_dir=data_dir).stdout.splitlines()
    assert len(listed) == 400  # 400 people, 400 dossiers: no duplicate


def test_invisible_characters_never_reach_a_name_or_an_address(data_dir: Path, tmp_path: Path):  # noqa: F811
    raw = person(7)
    raw["applicant"] = {**raw["applicant"], "full_name": "Phạm\u200b Minh\x00 \u202eĐức\x1b",
                        "address": "Số 1\u200d Lê\u2066 Lợi\ufeff, Phường Sài Gòn"}  # fmt: skip
    src = tmp_path / "one.jsonl"
    src.write_bytes(line(raw))
    code = desk("import", str(src), data_dir=data_dir).stdout.strip()
    shown = json.loads(desk("show", code, "--json", data_dir=data_dir).stdout)
    assert shown["applicant"]["full_name"] == "Phạm Minh Đức"
    assert shown["applicant"]["address"] == "Số 1 Lê Lợi, Phường Sài Gòn"
    found = desk("search", "pham minh", data_dir=data_dir).stdout
    assert code in found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_an_import_of_a_fifo_a_folder_or_nothing_is_one_line_at_once(data_dir: Path, tmp_path: Path):  # noqa: F811
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "folder.jsonl").mkdir()
    folder, missing = tmp_path / "folder.jsonl", tmp_path / "no.jsonl"
    cases = ((fifo, "đường ống"), (folder, "thư mục"), (missing, "không tìm thấy"))
    for path, said in cases:
        out = desk("import", str(path), data_dir=data_dir, check=False)
        assert out.returncode == 1 and said in out.stderr, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr
