"""The ``desk-app`` command-line contract, run as a real subprocess on a temp data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.actors import OFFICER, TEST_PASSWORD, add_accounts
from tests.conftest import SAMPLE_QR, require_tool, walk_in

PASSPORT_DOCS = [{"name": "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)", "copies": 1, "form": "original"}]


#: commands that read or change dossiers: they take ``--user`` (the contract); the helper adds it
USER_COMMANDS = {"import", "show", "act", "search", "attach", "scan", "cover-sheet", "file-batch", "receipt",
                 "form", "handover"}  # fmt: skip
#: the commands only a supervisor or an admin may run, and the test account that runs them
ROLE_FOR = {"catalogue": "quantri", "enroll": "quantri", "report": "lanhdao", "register": "lanhdao"}


def desk(
    *args: str,
    data_dir: Path,
    check: bool = True,
    env: dict[str, str] | None = None,
    user: str | None = "canbo",
):
    """Run ``desk-app ARGS --data-dir DATA_DIR`` as a subprocess. A dossier command acts as ``user`` (the
    test officer; None: no ``--user``) with the test password; ``init`` without ``--admin`` also gets the
    three test accounts (``tests.actors``)."""
    extra: list[str] = []
    if (
        user
        and "--user" not in args
        and args
        and (args[0] in USER_COMMANDS or (args[0] in ROLE_FOR and args[:2] != ("catalogue", "list")))
    ):
        extra = ["--user", ROLE_FOR.get(args[0], user)]
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", *args, *extra, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESK_APP_PASSWORD": TEST_PASSWORD, **(env or {})},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"desk-app {args} failed: {result.stderr}")
    if args and args[0] == "init" and "--admin" not in args and result.returncode == 0:
        add_accounts(data_dir)
    return result


def station_with_one_dossier(tmp_path: Path) -> tuple[Path, str]:
    """``desk-app init`` a station in ``tmp_path/cli`` and import one walk-in dossier; (data dir, code)."""
    data = tmp_path / "cli"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(walk_in(received_at="2026-11-20T09:00:00+07:00"), ensure_ascii=False) + "\n")
    return data, desk("import", str(src), data_dir=data).stdout.strip()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "station"
    desk(
        "init",
        "--agency-code",
        "G01.79.760.001",
        "--agency-name",
        "Công an phường Sài Gòn",
        "--desk",
        "1",
        "--parent-agency",
        "Công an TP. Hồ Chí Minh",
        "--place",
        "TP. Hồ Chí Minh",
        data_dir=d,
    )
    return d


def test_init_writes_a_readable_config_and_refuses_twice(data_dir: Path):
    text = (data_dir / "station.toml").read_text(encoding="utf-8")
    assert 'agency_code = "G01.79.760.001"' in text
    assert 'cutoff = "15:00"' in text
    again = desk(
        "init", "--agency-code", "X", "--agency-name", "Y", "--desk", "1", data_dir=data_dir, check=False
    )
    assert again.returncode != 0 and "đã được thiết lập" in again.stderr


def test_init_rejects_bad_agency_code(tmp_path: Path):
    bad = desk(
        "init",
        "--agency-code",
        "g01/xx",
        "--agency-name",
        "A",
        "--desk",
        "1",
        data_dir=tmp_path / "s",
        check=False,
    )
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s" / "station.toml").exists()


def test_import_show_search_receipt(data_dir: Path, tmp_path: Path):
    good = walk_in(received_at="2026-11-20T16:10:00+07:00")
    qr_line = {
        "procedure": "1.010386",
        "channel": "walk_in",
        "received_at": "2026-11-20T09:00:00+07:00",
        "citizen_qr": SAMPLE_QR,
        "documents": PASSPORT_DOCS,
        "sets": 1,
    }
    future = walk_in(received_at="2099-01-01T08:00:00+07:00")
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps(qr_line, ensure_ascii=False),
        json.dumps(future),
        json.dumps(good, ensure_ascii=False),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    receipts = tmp_path / "receipts"
    result = desk("import", str(src), "--receipts", str(receipts), data_dir=data_dir, check=False)
    assert result.returncode == 1
    printed = result.stdout.split()  # the repeated line prints the code it was saved under
    first, second = "G01.79.760.001-261120-0001", "G01.79.760.001-261120-0002"
    assert printed == [first, second, first]
    codes = printed[:2]
    *errors, summary = result.stderr.strip().splitlines()
    assert [e.split(":")[0] for e in errors] == ["dòng 2", "dòng 4", "dòng 5"]
    assert "tương lai" in errors[1]
    assert "đã lưu từ trước với mã G01.79.760.001-261120-0001" in errors[2]
    assert summary == "Đã lưu 2 hồ sơ mới, 1 hồ sơ đã có từ trước, từ chối 2 dòng"
    assert sorted(p.name for p in receipts.iterdir()) == [f"{c}.pdf" for c in codes]

    shown = json.loads(desk("show", codes[0], "--json", data_dir=data_dir).stdout)
    assert shown["code"] == codes[0]
    assert shown["procedure"]["code"] == "1.010386"
    assert shown["channel"] == "walk_in" and shown["status"] == "received"
    assert shown["received_at"] == "2026-11-20T16:10:00+07:00"
    # received after the 15:00 cutoff on Friday: counts from Monday 23/11; 1 working day → Tuesday 24/11
    assert shown["due_at"] == "2026-11-24T16:00:00+07:00"
    assert shown["applicant"]["full_name"] == "Nguyễn Văn Đức"
    assert shown["documents"] == PASSPORT_DOCS
    assert [e["kind"] for e in shown["events"]] == ["received"]
    assert len(shown["uuid"]) == 36

    found = desk("search", "nguyen", data_dir=data_dir).stdout.strip().splitlines()
    rows = [line.split("\t") for line in found]
    assert {r[0] for r in rows} == set(codes)
    assert all(len(r) == 4 and r[2] == "1.010386" and r[3] == "received" for r in rows)
    assert desk("search", "nguyen", "--limit", "1", data_dir=data_dir).stdout.count("\n") == 1

    pdf = tmp_path / "r.pdf"
    desk("receipt", codes[1], "-o", str(pdf), data_dir=data_dir)
    assert pdf.read_bytes().startswith(b"%PDF")
    a4 = tmp_path / "r4.pdf"
    desk("receipt", codes[1], "-o", str(a4), "--a4", data_dir=data_dir)
    require_tool("pdfinfo")
    info = subprocess.run(["pdfinfo", str(a4)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: both A5 copies side by side


def test_unknown_code_and_uninitialised_dir_fail_with_one_line(data_dir: Path, tmp_path: Path):
    missing = desk("show", "G01-261120-0001", "--json", data_dir=data_dir, check=False)
    assert missing.returncode != 0 and "Không tìm thấy" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    empty = desk("search", "x", data_dir=tmp_path / "nothing", check=False)
    assert empty.returncode != 0 and "desk-app init" in empty.stderr
    bad_receipt = desk("receipt", "NOPE-1", "-o", str(tmp_path / "x.pdf"), data_dir=data_dir, check=False)
    assert bad_receipt.returncode != 0 and not (tmp_path / "x.pdf").exists()
    assert not (tmp_path / "x.pdf.part").exists()


def test_env_var_selects_the_data_dir(data_dir: Path):
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "catalogue", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "DESK_APP_DATA_DIR": str(data_dir)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["1.004222", "Đăng ký thường trú", "7 ngày làm việc", "commune", "counter,online"] in lines
    lost = "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)"
    assert ["1.010386", lost, "1 ngày làm việc", "commune", "counter,post,online"] in lines
    assert all(len(line) == 5 and line[3] in ("commune", "both") for line in lines)  # a ward station
    assert not any(line[0] == "1.001456" for line in lines)  # passport issuance: provincial
    every = subprocess.run(
        [sys.executable, "-m", "desk_app", "catalogue", "list", "--all"], capture_output=True, text=True,
        env={**os.environ, "DESK_APP_DATA_DIR": str(data_dir)}, timeout=60,
    )  # fmt: skip
    assert (
        "1.001456\tCấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)\t8 ngày làm việc\tprovince"
        in every.stdout
    )


def test_catalogue_import_updates_and_rejects_bad_files(data_dir: Path, tmp_path: Path):
    good = tmp_path / "cat.json"
    good.write_text(
        json.dumps(
            {
                "version": "test",
                "procedures": [
                    {
                        "code": "1.009999",
                        "name": "Thủ tục thử nghiệm",
                        "limit": {"value": 2, "unit": "working_days"},
                        "fee": 0,
                        "documents": [],
                        "level": "both",
                        "channels": ["counter", "post"],
                        "personal_presence": False,
                        "form_set": "general",
                        "field": "Thử nghiệm",
                        "sources": {
                            f: "Văn bản thử, mục 1"
                            for f in ("code", "level", "channels", "limit", "documents", "fee")
                        },
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = desk("catalogue", "import", str(good), data_dir=data_dir, check=False)
    assert result.returncode == 0, result.stderr
    listed = desk("catalogue", "list", data_dir=data_dir).stdout
    assert "1.009999\tThủ tục thử nghiệm\t2 ngày làm việc\tboth\tcounter,post\n" in listed
    bad = tmp_path / "bad.json"
    bad.write_text('{"procedures": [{"code": "abc"}]}', encoding="utf-8")
    refused = desk("catalogue", "import", str(bad), data_dir=data_dir, check=False)
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    entry = json.loads(good.read_text(encoding="utf-8"))["procedures"][0]
    for key, fragment in (("level", "thiếu trường “level”"), ("sources", "thiếu trường “sources”")):
        without = {**entry, "code": "1.009998"}
        del without[key]
        bad.write_text(json.dumps({"version": 2, "procedures": [without]}), encoding="utf-8")
        refused = desk("catalogue", "import", str(bad), data_dir=data_dir, check=False)
        assert refused.returncode != 0 and fragment in refused.stderr, refused.stderr
    assert "1.009998" not in desk("catalogue", "list", "--all", data_dir=data_dir).stdout  # nothing saved


def test_a_relative_data_dir_works_for_every_read(tmp_path: Path):
    cwd = tmp_path / "work"
    cwd.mkdir()
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "desk_app", *a, "--data-dir", "st"], cwd=cwd, capture_output=True, text=True,
        timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                          "DESK_APP_PASSWORD": TEST_PASSWORD, "DESK_APP_NEW_PASSWORD": TEST_PASSWORD},
    )  # fmt: skip
    made = run(
        "init", "--agency-code", "G01", "--agency-name", "Công an xã", "--desk", "1", "--admin", "quantri"
    )
    assert made.returncode == 0, made.stderr
    src = cwd / "one.jsonl"
    src.write_text(json.dumps(walk_in(), ensure_ascii=False) + "\n", encoding="utf-8")
    imported = run("import", str(src), "--user", "quantri")
    assert imported.returncode == 0, imported.stderr
    code = imported.stdout.strip()
    found = run("search", "nguyen", "--user", "quantri")
    assert found.returncode == 0, found.stderr
    assert found.stdout.split("\t")[0] == code


def test_demo_populate_twice_adds_more_realistic_dossiers(tmp_path: Path):
    from desk_app import bootstrap

    data_dir = tmp_path / "demo"  # a demo station (demo refuses a real one: see the test below)
    from desk_app.domain.text import fold
    from desk_app.services.queries import count_dossiers, list_dossiers

    for _ in range(2):  # a second run adds other dossiers (it once repeated the first run's UUIDs)
        out = desk("demo", "--populate", "300", "--no-gui", data_dir=data_dir)
        assert "300" in out.stdout
    station = bootstrap.open_station(data_dir)
    try:
        assert count_dossiers(station.ctx, OFFICER, None) == 600
        rows = list_dossiers(station.ctx, OFFICER, None, None, 600)
        assert len({r.code for r in rows}) == 600
        assert any(fold(r.applicant_name) != r.applicant_name.lower() for r in rows)  # Vietnamese diacritics
        days = {r.received_at.date() for r in rows}
        now = station.ctx.clock()
        assert len(days) > 100 and max(days) <= now.date()  # over the past year and today so far
        assert max(r.received_at for r in rows) <= now
        statuses = {r.status for r in rows}
        assert {"returned", "refused"} <= statuses and "voided" not in statuses  # a working counter's life
        with station.engine.connect() as conn:
            numbers = conn.exec_driver_sql(
                "SELECT substr(received_at, 1, 4), register_book, count(*), count(DISTINCT register_number), "
                "min(register_number), max(register_number) FROM dossiers GROUP BY 1, 2"
            ).all()
            counters = dict(
                ((y, b), n) for y, b, n in conn.exec_driver_sql("SELECT * FROM register_counters")
            )
            returned_without_event = conn.exec_driver_sql(
                "SELECT count(*) FROM dossiers d WHERE status = 'returned' AND NOT EXISTS "
                "(SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.kind = 'return')"
            ).scalar()
        for year, book, count, distinct, low, high in numbers:  # each book numbered 1…n, no number twice
            assert count == distinct and low == 1 and high == count == counters[(int(year), book)]
        assert returned_without_event == 0
    finally:
        station.close()


def test_the_command_line_loads_nothing_heavy_before_a_command_runs():
    """`desk-app` with no command shows the window first (two-phase start-up): building the parser must not
    import SQLAlchemy, reportlab, Qt or the imaging libraries; each command loads what it needs."""
    code = (
        "import sys, desk_app.cli; desk_app.cli.build_parser(); "
        "print(','.join(m for m in ('sqlalchemy', 'reportlab', 'PySide6', 'PIL', 'numpy', 'argon2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_no_command_means_the_window_without_building_the_parser():
    from desk_app.cli import _window_only

    assert _window_only([]) is not None and _window_only([]).data_dir is None  # type: ignore[union-attr]
    assert _window_only(["--data-dir", "x"]).data_dir == Path("x")  # type: ignore[union-attr]
    assert _window_only(["--data-dir=x"]).data_dir == Path("x")  # type: ignore[union-attr]
    for argv in (["search", "x"], ["--data-dir", "x", "search", "y"], ["--help"]):
        assert _window_only(argv) is None


def test_demo_never_touches_a_station_it_did_not_make(tmp_path: Path):
    """``demo`` on a real station — by --data-dir, or by DESK_APP_DATA_DIR as the Windows installer sets it —
    is refused in one line, and nothing of the station changes: no sample dossiers, no demo accounts, no
    enrolment with the demo server."""
    import sqlite3

    real = tmp_path / "ProgramData" / "desk_app"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         "--admin", "quantri", data_dir=real, env={"DESK_APP_NEW_PASSWORD": "Quan-tri-2026!"})  # fmt: skip

    def snapshot() -> tuple[object, ...]:
        with sqlite3.connect(real / "station.sqlite3") as db:
            counts = tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in ("dossiers", "users", "audit_log"))  # fmt: skip
        return counts, sorted(p.name for p in real.iterdir() if p.name != "logs")

    before = snapshot()
    by_option = desk("demo", "--populate", "5", "--no-gui", data_dir=real, check=False)
    by_variable = subprocess.run(  # no --data-dir: the variable decides, as on an installed PC
        [sys.executable, "-m", "desk_app", "demo", "--populate", "5", "--no-gui"], capture_output=True,
        text=True, timeout=120, env={**os.environ, "DESK_APP_DATA_DIR": str(real)},
    )  # fmt: skip
    for out in (by_option, by_variable):
        assert out.returncode == 1 and "trạm thật" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert snapshot() == before and not (real / "sync.json").exists()

    demo = tmp_path / "demo"
    made = desk("demo", "--populate", "3", "--no-gui", data_dir=demo)
    assert "Đã thêm 3 hồ sơ mẫu" in made.stdout
    again = desk("demo", "--populate", "2", "--no-gui", data_dir=demo)  # its own: used again
    assert "Đã thêm 2 hồ sơ mẫu" in again.stdout
