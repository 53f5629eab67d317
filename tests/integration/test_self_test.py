"""``desk-app self-test`` from the source tree: the whole check, and ``--window`` (the start-up probe)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import desk


def test_self_test_passes_and_the_window_probe_reports_its_two_moments(tmp_path: Path):
    out = desk("self-test", data_dir=tmp_path / "nothing-here", user=None)
    assert "self-test: all checks passed" in out.stdout and "FAIL" not in out.stdout
    assert "no station configured" in out.stdout

    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    out = desk("self-test", "--window", data_dir=data, user=None)
    lines = out.stdout.splitlines()
    assert [line.split(" after ")[0] for line in lines] == ["OK    main window shown", "OK    station open"]
    shown, opened = (float(line.split(" after ")[1].rstrip(" s")) for line in lines)
    assert 0 < shown <= opened
    missing = desk("self-test", "--window", data_dir=tmp_path / "nothing-here", user=None, check=False)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
