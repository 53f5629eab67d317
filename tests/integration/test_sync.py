"""Sync against the reference central server: uvicorn on loopback (SQLite), real desks through the CLI.

The server (:class:`tests.central_server.Central`) comes from the ``central`` / ``central_pg`` fixtures
(tests/integration/conftest.py)."""

from __future__ import annotations

import json
import stat
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from tests.central_server import Central
from tests.conftest import walk_in
from tests.integration.test_cli import desk


def _station(tmp_path: Path, name: str, desk_no: int = 1) -> Path:
    data = tmp_path / name
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk",
         str(desk_no), data_dir=data)  # fmt: skip
    return data


def _import(tmp_path: Path, data: Path, *received: str) -> list[str]:
    src = tmp_path / f"{data.name}.jsonl"
    lines = []
    for i, at in enumerate(received):
        raw = walk_in(received_at=at)
        raw["applicant"] = {**raw["applicant"], "id_number": f"07909000{i:04d}"}  # type: ignore[dict-item]
        lines.append(json.dumps(raw, ensure_ascii=False))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return desk("import", str(src), data_dir=data).stdout.split()


def _status(data: Path) -> dict[str, str]:
    out = desk("sync", "--status", data_dir=data)
    return dict(line.split("\t", 1) for line in out.stdout.splitlines())


def test_enrol_sync_exactly_once_and_resume_after_the_server_comes_back(central_pg: Central, tmp_path: Path):
    central = central_pg
    data = _station(tmp_path, "desk1")
    codes = _import(tmp_path, data, "2026-11-20T09:00:00+07:00", "2026-11-20T09:10:00+07:00")
    desk("act", codes[0], "transfer", data_dir=data)
    assert _status(data)["enrolled"] == "no"
    not_enrolled = desk("sync", "--once", data_dir=data, check=False)
    assert not_enrolled.returncode == 1 and "desk-app enroll" in not_enrolled.stderr

    token = central.token("Công an phường Sài Gòn — bàn 1")
    desk("enroll", "--server", central.url, "--token", token, data_dir=data)
    assert stat.S_IMODE((data / "sync.json").stat().st_mode) == 0o600
    again = desk("enroll", "--server", central.url, "--token", token, data_dir=data, check=False)
    assert again.returncode == 1 and "từ chối mã đăng ký" in again.stderr  # a token works once
    assert _status(data)["queued"] == "5"  # 2 dossiers, 2 "received" events, 1 transfer

    first = desk("sync", "--once", data_dir=data)
    counts = dict(line.split("\t") for line in first.stdout.splitlines())
    assert counts == {"sent": "5", "acknowledged": "5", "attention": "0", "queued": "0", "updates": "0",
                      "reference": "-"}  # fmt: skip
    held = central.show(codes[0])
    assert held["status"] == "transferred" and held["dossier"]["applicant"]["full_name"] == "Nguyễn Văn Đức"
    assert [e["kind"] for e in held["events"]] == ["received", "transfer"]
    assert central.show(codes[1])["status"] == "received"
    second = desk("sync", "--once", data_dir=data)
    assert "sent\t0" in second.stdout and _status(data)["acknowledged"] == "5"

    central.stop()  # the connection is lost: the desk keeps working, the change waits
    desk("act", codes[1], "transfer", data_dir=data)
    offline = desk("sync", "--once", data_dir=data, check=False)
    assert offline.returncode == 1 and "không gửi được lên máy chủ" in offline.stderr
    assert _status(data)["queued"] == "1" and _status(data)["last_success"] != "never"
    central.start()
    back = desk("sync", "--once", data_dir=data)  # --once also tries what waits out a backoff
    assert "acknowledged\t1" in back.stdout
    assert central.show(codes[1])["status"] == "transferred"
    assert len(central.show(codes[1])["events"]) == 2  # exactly once


def test_a_code_clash_needs_attention_and_never_blocks_the_others(central_pg: Central, tmp_path: Path):
    central = central_pg
    one = _station(tmp_path, "desk1")
    two = _station(tmp_path, "desk1-again")  # misprovisioned: a second PC given desk number 1 too
    for data in (one, two):
        desk("enroll", "--server", central.url, "--token", central.token(data.name), data_dir=data)
    (clash,) = _import(tmp_path, one, "2026-11-20T09:00:00+07:00")
    desk("sync", "--once", data_dir=one)
    same, other = _import(tmp_path, two, "2026-11-20T08:00:00+07:00", "2026-11-21T08:00:00+07:00")
    assert same == clash and other != clash  # the same day's first number, issued twice
    out = desk("sync", "--once", data_dir=two)  # nothing left queued: exit 0, with a warning
    counts = dict(line.split("\t") for line in out.stdout.splitlines())
    assert counts["attention"] == "2" and counts["acknowledged"] == "2"  # the clash and its event; the rest
    assert "cần lãnh đạo xem" in out.stderr
    assert central.show(other)["status"] == "received"
    assert central.show(clash)["dossier"]["received_at"] == "2026-11-20T09:00:00+07:00"  # the first stays
    status = desk("sync", "--status", data_dir=two)
    assert "attention\t2" in status.stdout and "code" in status.stderr


class _Portal(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Dang nhap Wi-Fi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def test_a_captive_portal_200_counts_as_offline(central: Central, tmp_path: Path):
    data = _station(tmp_path, "desk1")
    desk("enroll", "--server", central.url, "--token", central.token("bàn 1"), data_dir=data)
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    portal = HTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    creds = json.loads((data / "sync.json").read_text())
    (data / "sync.json").write_text(json.dumps({**creds, "server": f"http://127.0.0.1:{portal.server_port}"}))
    try:
        out = desk("sync", "--once", data_dir=data, check=False)
    finally:
        portal.shutdown()
    assert out.returncode == 1 and "captive portal" in out.stderr
    assert _status(data)["queued"] == "2" and _status(data)["acknowledged"] == "0"  # nothing taken as sent
