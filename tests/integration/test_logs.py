"""No personal data in the log: a whole counter day through the CLI at DEBUG, then the log file is scanned."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

from desk_app.logs import LOG_NAME, PersonalDataFilter, mask
from tests.conftest import SAMPLE_QR, walk_in
from tests.integration.test_cli import desk
from tests.scan_samples import render, scanned

PEOPLE = [
    {"full_name": "Võ Thị Thu Trang", "id_number": "079190012345", "address": "12 Nguyễn Huệ, Phường Sài Gòn",
     "phone": "0903123456", "email": "thutrang.vo@example.vn", "sex": "Nữ", "birth_date": "1990-02-03"},
    {"full_name": "Đặng Quốc Bảo", "id_number": "001088004321", "address": "45 Hàng Bài, Phường Hoàn Kiếm",
     "phone": "0987654321", "email": "bao.dq@example.vn", "sex": "Nam", "birth_date": "1988-07-09"},
]  # fmt: skip


def test_a_whole_counter_day_at_debug_logs_no_personal_data(tmp_path: Path):
    data = tmp_path / "st"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    env = {"DESK_APP_LOG_LEVEL": "DEBUG"}
    lines = []
    for person in PEOPLE:
        raw = walk_in(received_at="2026-11-20T09:00:00+07:00")
        raw["applicant"] = {**raw["applicant"], **person}  # type: ignore[dict-item]
        lines.append(json.dumps(raw, ensure_ascii=False))
    by_card = {k: v for k, v in walk_in(received_at="2026-11-20T09:30:00+07:00").items() if k != "applicant"}
    lines.append(json.dumps({**by_card, "citizen_qr": SAMPLE_QR}, ensure_ascii=False))
    lines.append(json.dumps({**walk_in(), "procedure": "9.999999"}, ensure_ascii=False))  # refused: logged?
    src = tmp_path / "day.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    codes = desk("import", str(src), data_dir=data, env=env, check=False).stdout.split()
    assert len(codes) == 3
    for code in codes[:2]:
        desk("show", code, "--json", data_dir=data, env=env)
        desk("receipt", code, "-o", str(tmp_path / f"{code}.pdf"), data_dir=data, env=env)
    page = tmp_path / "page.png"
    scanned(render(tmp_path / f"{codes[0]}.pdf", 100)).save(page)
    desk("attach", codes[0], str(page), data_dir=data, env=env)
    for person in PEOPLE:  # searches by name and by ID number
        desk("search", person["full_name"], data_dir=data, env=env)
        desk("search", person["id_number"], data_dir=data, env=env)
    for action in ("transfer", "result-received", "return"):
        desk("act", codes[1], action, data_dir=data, env=env)
    desk("act", codes[2], "void", "--reason", "Nhập nhầm", data_dir=data, env=env, user="lanhdao")
    wrong = desk(
        "show", codes[0], data_dir=data, env={**env, "DESK_APP_PASSWORD": "sai-mat-khau"}, check=False
    )
    assert wrong.returncode == 1

    logs = sorted((data / "logs").glob(LOG_NAME + "*"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    assert "dossier received: " + codes[0] in text  # the log is written, at DEBUG …
    assert "DEBUG" in text or "INFO" in text
    secrets = [
        person[k] for person in PEOPLE for k in ("full_name", "id_number", "address", "phone", "email")
    ]
    secrets += ["Nguyễn Thị Hoa", "034303011829", "Thôn Lai Ổn"]  # the QR's citizen
    leaked = [s for s in secrets if s in text or s.split(",")[0] in text]
    assert not leaked, f"personal data in the log: {leaked}"
    if os.name == "posix":
        assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700
        assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_the_filter_masks_id_numbers_phones_and_emails_in_messages_and_crash_traces():
    assert mask("CCCD 079190012345, ĐT 0903123456, a.b@c.vn, mã G01.79.760.001-261120-0001") == (
        "CCCD ***, ĐT ***, ***, mã G01.79.760.001-261120-0001"
    )  # a dossier code stays readable
    try:
        raise ValueError("bad id 001088004321")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "crash: %s", ("0987654321",), None)
        import sys

        record.exc_info = sys.exc_info()
    assert PersonalDataFilter().filter(record)
    assert record.getMessage() == "crash: ***"
    assert record.exc_text is not None and "001088004321" not in record.exc_text and "***" in record.exc_text


def test_the_log_level_is_a_station_setting(tmp_path: Path):
    from dataclasses import replace

    from desk_app import config as config_mod

    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    log = data / "logs" / LOG_NAME
    env = {"DESK_APP_LOG_LEVEL": ""}  # the setting, not the environment
    cfg = config_mod.load(data)
    assert cfg.logs.level == "INFO" and "[logs]" in (data / "station.toml").read_text(encoding="utf-8")
    config_mod.save(data, replace(cfg, logs=config_mod.Logs(level="DEBUG")))
    desk("search", "nguyen", data_dir=data, env=env)
    assert " DEBUG " in log.read_text(encoding="utf-8")
    log.unlink()
    config_mod.save(data, replace(cfg, logs=config_mod.Logs(level="warning")))
    desk("search", "nguyen", data_dir=data, env=env)
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert " DEBUG " not in text and " INFO " not in text
    (data / "station.toml").write_text(
        (data / "station.toml").read_text(encoding="utf-8").replace('level = "warning"', 'level = "LOUD"')
    )
    out = desk("search", "nguyen", data_dir=data, env=env, check=False)
    assert out.returncode == 1 and "[logs] level" in out.stderr
