"""The audit trail anchored off the PC: each sync round sends its head to the central server, and
``audit verify`` sees a rewrite of anchored entries — even with the chain recomputed consistently with the
project's own hash function and the head moved — and entries cut below an anchor. A trail tampered with on
the PC never crashes a log-in or the check, and is never anchored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select

from desk_app.central.db import make_engine
from desk_app.central.schema import audit_heads
from desk_app.domain.audit import GENESIS, entry_hash
from tests.central_server import Central
from tests.integration.test_cli import desk
from tests.integration.test_sync import _import, _station


def _verify(data: Path):  # as the supervisor (the officer may not read the trail)
    return desk("audit", "verify", "--user", "lanhdao", data_dir=data, check=False)


def _rewrite(data: Path, change: str) -> None:
    """Rewrite the trail as someone with the file could: ``change`` (SQL on audit_log), then every id,
    link and hash recomputed with the project's own function and the head moved."""
    with sqlite3.connect(data / "station.sqlite3") as db:
        db.execute(change)
        rows = db.execute("SELECT id, at, actor, action, subject, data FROM audit_log ORDER BY id").fetchall()
        db.execute("DELETE FROM audit_log")
        prev = GENESIS
        for new_id, (_old, at, actor, action, subject, data_json) in enumerate(rows, start=1):
            digest = entry_hash(prev, new_id, at, actor, action, subject, data_json)
            db.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (new_id, at, actor, action, subject, data_json, prev, digest))  # fmt: skip
            prev = digest
        head = (len(rows), prev, len(rows))
        db.execute("UPDATE audit_head SET last_id = ?, last_hash = ?, count = ?", head)


def _anchors(central: Central) -> int:
    engine = make_engine(central.db)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(audit_heads)) or 0)
    finally:
        engine.dispose()


def test_a_consistent_rewrite_of_the_anchored_trail_is_reported(central: Central, tmp_path: Path):
    data = _station(tmp_path, "desk1")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00", "2026-11-20T09:10:00+07:00")
    desk("sync", "--once", data_dir=data)  # the head goes with the round
    assert _anchors(central) == 1
    desk("sync", "--once", data_dir=data)  # a head already anchored is not sent again
    assert _anchors(central) == 1
    intact = _verify(data)
    assert intact.returncode == 0 and "so với 1 mốc trên máy chủ" in intact.stdout, intact.stderr

    _rewrite(data, "UPDATE audit_log SET actor = 'quantri' WHERE action = 'dossier.receive'")
    rewritten = _verify(data)
    assert rewritten.returncode == 1, rewritten.stdout
    assert "đã bị viết lại sau khi được neo trên máy chủ" in rewritten.stderr
    assert rewritten.stdout.strip() == "1"  # nothing before it is anchored: from entry 1
    refused = desk("sync", "--once", data_dir=data, check=False)  # a trail that does not chain: not anchored
    assert "Nhật ký trên máy đã bị thay đổi" in refused.stderr and _anchors(central) == 1

    central.stop()  # offline: the anchor kept on the PC is used, and says so
    offline = _verify(data)
    assert offline.returncode == 1 and "mốc lưu trên máy này" in offline.stderr
    assert "không hỏi được máy chủ" in offline.stderr


def test_entries_cut_below_the_anchor_are_reported(central: Central, tmp_path: Path):
    data = _station(tmp_path, "desk1")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    desk("sync", "--once", data_dir=data)
    with sqlite3.connect(data / "station.sqlite3") as db:
        (anchored,) = db.execute("SELECT last_id FROM audit_head").fetchone()
    assert anchored > 4
    _rewrite(data, "DELETE FROM audit_log WHERE id > 2")  # all but two entries cut, the head moved to them
    cut = _verify(data)
    assert cut.returncode == 1 and "cắt dưới mốc" in cut.stderr, (cut.stdout, cut.stderr)


def test_a_row_put_past_the_head_never_stops_a_log_in_and_is_named(tmp_path: Path):
    data = _station(tmp_path, "desk1")
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    with sqlite3.connect(data / "station.sqlite3") as db:  # a row at the head's next id, hashed right
        last_id, last_hash = db.execute("SELECT last_id, last_hash FROM audit_head").fetchone()
        at, body = "2026-11-20T09:30:00+07:00", "{}"
        digest = entry_hash(last_hash, last_id + 1, at, "lanhdao", "login.ok", "", body)
        db.execute("INSERT INTO audit_log VALUES (?, ?, 'lanhdao', 'login.ok', '', ?, ?, ?)",
                   (last_id + 1, at, body, last_hash, digest))  # fmt: skip
    listed = desk("audit", "list", "--user", "lanhdao", data_dir=data, check=False)  # logs in (audited)
    assert listed.returncode == 0, listed.stderr
    broken = _verify(data)
    assert broken.returncode == 1 and broken.stdout.strip() == str(last_id + 1), broken.stderr
    assert "chèn" in broken.stderr
    with sqlite3.connect(data / "station.sqlite3") as db:  # the head itself edited
        db.execute("UPDATE audit_head SET last_hash = ?", ("f" * 64,))
    again = _verify(data)
    assert again.returncode == 1 and "Nhật ký đã bị thay đổi" in again.stderr
