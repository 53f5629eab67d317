"""Crash reports: written for a bug in the CLI and in the GUI, without a citizen's data, and pointed to."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from desk_app.crash import KEEP, write_report
from tests.integration.test_cli import desk

CITIZEN = "Nguyễn Thị Hồng Nhung, CCCD 079201001234, 0903123456, nhung@example.vn, 12 Lê Lợi"


def _fail_with_a_citizens_data() -> None:
    raise ValueError(f"không xử lý được hồ sơ của {CITIZEN}")


def test_a_report_names_the_code_not_the_data(tmp_path: Path):
    try:
        try:
            _fail_with_a_citizens_data()
        except ValueError as inner:
            raise RuntimeError(CITIZEN) from inner
    except RuntimeError as exc:
        path = write_report(tmp_path, exc, exc.__traceback__, "thử")
    text = path.read_text(encoding="utf-8")
    assert path.parent == tmp_path / "logs" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "builtins.RuntimeError" in text and "gây ra bởi: builtins.ValueError" in text
    assert "_fail_with_a_citizens_data" in text and "test_crash_reports.py" in text
    for secret in ("Nhung", "079201001234", "0903123456", "nhung@example.vn", "Lê Lợi"):
        assert secret not in text
    for i in range(KEEP + 3):  # only the newest are kept
        (tmp_path / "logs" / f"crash-20200101-0000{i:02d}-1.txt").write_text("cũ")
    write_report(tmp_path, ValueError(), None, "thử")
    assert len(list((tmp_path / "logs").glob("crash-*.txt"))) == KEEP


def test_a_bug_in_a_command_says_where_its_report_is(tmp_path: Path):
    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    program = (  # a bug standing in for a real one: the command's handler raises what nobody catches
        "import sys, desk_app.commands as c\n"
        f"def broken(args): raise KeyError({CITIZEN!r})\n"
        "c.cmd_report_day = broken\n"
        "from desk_app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = subprocess.run([sys.executable, "-c", program, "report", "day", "--data-dir", str(data)],
                         capture_output=True, text=True, timeout=60, env={**os.environ})  # fmt: skip
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "KeyError" in out.stderr and "Nhung" not in out.stderr
    reports = list((data / "logs").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in out.stderr
    text = reports[0].read_text(encoding="utf-8")
    assert "builtins.KeyError" in text and "broken" in text and "Nhung" not in text
    assert "079201001234" not in (data / "logs" / "desk_app.log").read_text(encoding="utf-8")
