"""Sync against the reference central server: uvicorn on loopback (SQLite), real desks through the CLI.

The server (:class:`tests.central_server.Central`) comes from the ``central`` / ``central_pg`` fixtures
(tests/integration/conftest.py)."""

from __future__ import annotations

import json
import stat
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from tests.actors import ADMIN
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

    token = central.token("G01.79.760.001", 1, "Công an phường Sài Gòn — bàn 1")
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


def test_a_replaced_pc_takes_over_its_desk_and_a_code_clash_needs_attention(
    central_pg: Central, tmp_path: Path
):
    """A desk's PC is replaced by a new one set up afresh (no backup restored): its token must be issued
    with --replace, the old PC's credential is revoked the moment the new one enrols, and the new PC's
    first number of a day already used by the old one is a clash that needs attention, never a block."""
    central = central_pg
    one = _station(tmp_path, "desk1")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=one)
    (clash,) = _import(tmp_path, one, "2026-11-20T09:00:00+07:00")
    desk("sync", "--once", data_dir=one)
    two = _station(tmp_path, "desk1-new")  # the replacement: desk number 1 too
    plain = central.cli("token", "--agency", "G01.79.760.001", "--desk", "1")
    assert plain.returncode == 1 and "--replace" in plain.stderr and "enrolled already" in plain.stderr
    token = central.token("G01.79.760.001", 1, "bàn 1 (máy mới)", replace=True)
    desk("enroll", "--server", central.url, "--token", token, data_dir=two)
    old = desk("sync", "--once", data_dir=one, check=False)  # the old PC: nothing goes any more
    assert old.returncode == 0 and "HTTP 401 revoked" in old.stderr  # nothing queued, but it is told why
    desk("act", clash, "transfer", data_dir=one)
    refused = desk("sync", "--once", data_dir=one, check=False)
    assert refused.returncode == 1 and "revoked" in refused.stderr and _status(one)["queued"] == "1"

    same, other = _import(tmp_path, two, "2026-11-20T08:00:00+07:00", "2026-11-21T08:00:00+07:00")
    assert same == clash and other != clash  # the same day's first number, issued again
    out = desk("sync", "--once", data_dir=two)  # nothing left queued: exit 0, with a warning
    counts = dict(line.split("\t") for line in out.stdout.splitlines())
    assert counts["attention"] == "2" and counts["acknowledged"] == "2"  # the clash and its event; the rest
    assert "cần lãnh đạo xem" in out.stderr
    assert central.show(other)["status"] == "received"
    assert central.show(other)["station_id"] == central.show(clash)["station_id"]  # the same station
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
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
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


def test_the_demo_desks_share_one_central_server_across_runs(tmp_path: Path):
    """``make demo`` and ``make demo-desk2``: the first demo serves a central server in its process, the
    second desk finds it and enrolls with it; the next run keeps the same server DB and credentials."""
    from desk_app import bootstrap
    from desk_app.central import store
    from desk_app.central.db import make_engine
    from desk_app.commands import _demo_central, ensure_demo_station
    from desk_app.services.intake import receive_dossier
    from desk_app.sync.worker import load_credentials, sync_once
    from tests.actors import OFFICER

    desks = {1: tmp_path / "demo", 2: tmp_path / "demo-desk2"}
    for n, data in desks.items():
        ensure_demo_station(data, n).close()
    for run in range(2):
        first = _demo_central(desks[1])
        second = _demo_central(desks[2])
        assert first is not None and second is not None
        try:
            assert first.serving and not second.serving and second.url == first.url
            codes = []
            for n, data in desks.items():
                station = bootstrap.open_station(data)
                try:
                    assert station.ctx.config.station.desk == n
                    raw = walk_in(received_at=station.ctx.clock().replace(microsecond=0).isoformat())
                    raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{n}{run:04d}"}  # type: ignore[dict-item]
                    codes.append(receive_dossier(station.ctx, OFFICER, raw).dossier.code)
                    report = sync_once(station.ctx)
                    assert report.offline is None and report.queued == 0 and report.acknowledged == 2
                    creds = load_credentials(station.ctx)
                    assert creds is not None and creds.server == first.url
                finally:
                    station.close()
            engine = make_engine(first.db)
            try:
                held = [store.show(engine, code) for code in codes]
            finally:
                engine.dispose()
            assert all(h is not None for h in held) and held[0]["station_id"] != held[1]["station_id"]
        finally:
            second.stop()
            first.stop()
        assert not (tmp_path / "demo-central" / "server.json").exists()


def test_scans_reach_the_server_resumably_and_hash_checked(central: Central, tmp_path: Path):
    import hashlib

    from desk_app import bootstrap
    from desk_app.services.attachments import attach_files, blobs
    from desk_app.services.queries import get_dossier
    from desk_app.sync.client import Rejected, SyncClient
    from desk_app.sync.worker import enroll_station, load_credentials, sync_once
    from tests.actors import OFFICER
    from tests.scan_samples import form_pdf

    data = _station(tmp_path, "desk1")
    (code,) = _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    station = bootstrap.open_station(data)
    try:
        ctx = station.ctx
        enroll_station(ctx, ADMIN, central.url, central.token_for(ctx))
        assert sync_once(ctx).acknowledged == 2  # the dossier and its event: its scans may follow
        pdf = form_pdf(ctx, code, tmp_path / "form.pdf")
        attach_files(ctx, OFFICER, code, [pdf, pdf], mode="grey")  # two pages, grey: a few hundred KB
        record = get_dossier(ctx, OFFICER, code)
        sha = record.attachments[0].sha256
        path = blobs(ctx).path(sha)
        size = path.stat().st_size
        creds = load_credentials(ctx)
        assert creds is not None and size > 100_000
        client = SyncClient(central.url, creds.credential)
        try:  # an upload cut at 60 %: what arrived stays at the server …
            head = path.read_bytes()[: size * 6 // 10]
            cut = client.http.patch(f"/v1/blobs/{sha}?dossier={record.uuid}", content=head,
                                    headers={"Upload-Offset": "0", "Upload-Length": str(size)})  # fmt: skip
            assert cut.status_code == 204 and cut.headers["Upload-Offset"] == str(len(head))
            sent = client.put_blob(sha, path, record.uuid)  # … and the desk resumes from the server's offset
            assert sent == size - len(head)
            assert client.put_blob(sha, path, record.uuid) == 0  # whole already: nothing sent
            wrong = "0" * 64  # bytes that do not hash to the name they are sent under: discarded
            try:
                client.put_blob(wrong, path, record.uuid)
                raise AssertionError("a wrong hash was accepted")
            except Rejected as exc:
                assert "do not hash" in exc.reason
        finally:
            client.close()
        held = central.blobs / sha[:2] / sha
        assert hashlib.sha256(held.read_bytes()).hexdigest() == sha
        assert (
            not (central.blobs / "partial" / wrong).exists()
            and not (central.blobs / wrong[:2] / wrong).exists()
        )
        report = sync_once(ctx, now_all=True)  # the outbox's blob record: the server has it whole already
        assert report.queued == 0 and report.attention == 0
    finally:
        station.close()


def test_a_server_that_takes_no_batch_gets_the_records_one_by_one(
    central: Central, tmp_path: Path, monkeypatch
):
    """An older server (no ``POST /v1/batch``: 404/405) or one refusing the batch as a whole: each record
    goes by its own PUT and is answered on its own."""
    from desk_app import bootstrap
    from desk_app.sync.client import NotBatched, SyncClient
    from desk_app.sync.worker import enroll_station, sync_once

    data = _station(tmp_path, "desk1")
    codes = _import(tmp_path, data, "2026-11-20T09:00:00+07:00", "2026-11-20T09:10:00+07:00")
    calls: list[int] = []

    def no_batch(self: SyncClient, records: list[dict]) -> dict:
        calls.append(len(records))
        response = self.http.post("/v1/batches-not-here", json={})
        raise NotBatched(f"HTTP {response.status_code}")

    monkeypatch.setattr(SyncClient, "put_batch", no_batch)
    station = bootstrap.open_station(data)
    try:
        enroll_station(station.ctx, ADMIN, central.url, central.token_for(station.ctx))
        report = sync_once(station.ctx)
    finally:
        station.close()
    assert calls == [4] and report.acknowledged == 4 and report.queued == 0
    assert all(central.show(code)["events"] for code in codes)


def test_a_server_killed_after_the_last_byte_finishes_the_scan_on_the_next_try(
    central: Central, tmp_path: Path
):
    """Every byte in the server's partial file but no final file (killed before hashing it): the desk's next
    try must not take that for done — an empty PATCH at the end makes the server check and keep it."""
    import hashlib
    import os

    from desk_app.sync.client import SyncClient

    data = _station(tmp_path, "desk1")
    (code,) = _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
    desk("sync", "--once", data_dir=data)  # the dossier is at the server: its scans may follow
    dossier_uuid = central.show(code)["uuid"]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(os.urandom(300_000))
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    client = SyncClient(central.url, json.loads((data / "sync.json").read_text())["credential"])
    try:
        (central.blobs / "partial" / sha).write_bytes(scan.read_bytes())  # as a kill -9 leaves it
        assert client.put_blob(sha, scan, dossier_uuid) == 0  # nothing more to send …
        final = central.blobs / sha[:2] / sha
        assert (
            final.exists() and hashlib.sha256(final.read_bytes()).hexdigest() == sha
        )  # … but now it is kept
        assert not (central.blobs / "partial" / sha).exists()
    finally:
        client.close()


def test_an_enrolment_refused_says_why_in_vietnamese_and_keeps_nothing(central: Central, tmp_path: Path):
    data = _station(tmp_path, "desk1")  # G01.79.760.001, desk 1
    other_desk = desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 2),
                      data_dir=data, check=False)  # fmt: skip
    assert other_desk.returncode == 1 and len(other_desk.stderr.strip().splitlines()) == 1
    assert ("Mã đăng ký được cấp cho cơ quan G01.79.760.001, bàn 2; trạm này là cơ quan G01.79.760.001, bàn 1"
            in other_desk.stderr)  # fmt: skip
    assert not (data / "sync.json").exists()
    first, second = (
        central.token("G01.79.760.001", 1),
        central.token("G01.79.760.001", 1),
    )  # before either enrols
    desk("enroll", "--server", central.url, "--token", first, data_dir=data)
    twin = _station(tmp_path, "desk1-twin")  # a second PC given desk 1 by mistake
    taken = desk("enroll", "--server", central.url, "--token", second, data_dir=twin, check=False)
    assert taken.returncode == 1 and "đã có máy đăng ký" in taken.stderr and "--replace" in taken.stderr
    assert not (twin / "sync.json").exists()


def test_a_code_outside_the_desk_block_needs_attention_with_the_servers_reason(
    central: Central, tmp_path: Path
):
    """A desk renumbered in its station.toml after enrolling (desk 1 → 3): its new codes are desk 3's, which
    the server refuses to desk 1's credential; the records wait in "needs attention" with the reason."""
    from desk_app.sync.policy import OFFICER_TEXT, Reason, officer_text

    data = _station(tmp_path, "desk1")
    desk("enroll", "--server", central.url, "--token", central.token("G01.79.760.001", 1), data_dir=data)
    config = data / "station.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("desk = 1", "desk = 3"), encoding="utf-8")
    (code,) = _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    assert code.endswith("-2000")  # desk 3 numbers 2000–2999
    out = desk("sync", "--once", data_dir=data)
    counts = dict(line.split("\t") for line in out.stdout.splitlines())
    assert counts["attention"] == "2" and counts["acknowledged"] == "0"  # the dossier, and its event with it
    status = desk("sync", "--status", data_dir=data)
    refused = next(line for line in status.stderr.splitlines() if line.startswith("attention: dossier "))
    raw = refused.split(" — ", 1)[1]
    assert raw.startswith("HTTP 403 desk:") and officer_text(raw) == OFFICER_TEXT[Reason.DESK]
    refusals = central.cli("refusals")
    assert "\tdossier\t" in refusals.stdout and "\tdesk\t" in refusals.stdout
