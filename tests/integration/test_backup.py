"""Backups: taken while the desk writes, restored whole; truncated, altered or foreign files refused."""

from __future__ import annotations

import hashlib
import threading
import zipfile
from datetime import timedelta

import pytest
from PIL import Image

from desk_app import bootstrap
from desk_app.config import Config, Counter, Station
from desk_app.domain.accounts import AccessDenied, Role
from desk_app.domain.errors import DeskError
from desk_app.services.accounts import add_user, create_first_admin
from desk_app.services.attachments import attach_files, attachment_path
from desk_app.services.backup import read_backup, restore_backup, write_backup
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import count_dossiers, get_dossier, list_dossiers
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_accounts import ADMIN_PW, OFFICER_PW, run_cli


@pytest.fixture
def admin(station):
    return create_first_admin(station.ctx, "quan.tri", ADMIN_PW)


def _walk_ins(ctx, clock, n: int) -> list[str]:
    codes = []
    for i in range(n):
        clock.now += timedelta(minutes=1)
        raw = walk_in(received_at=clock.now.isoformat())
        raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{i:05d}"}
        codes.append(receive_dossier(ctx, OFFICER, raw).dossier.code)
    return codes


def test_a_backup_taken_during_writes_restores_a_consistent_station(station, clock, admin, tmp_path):
    ctx = station.ctx
    first = _walk_ins(ctx, clock, 5)
    ink = Image.new("L", (400, 500), 250)
    ink.paste(0, (50, 50, 200, 200))
    ink.save(tmp_path / "ink.png")
    attach_files(ctx, OFFICER, first[0], [tmp_path / "ink.png"], mode="grey")
    stop = threading.Event()
    written: list[str] = []

    def keep_writing() -> None:
        while not stop.is_set():
            written.extend(_walk_ins(ctx, clock, 1))

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        info = write_backup(ctx, admin, tmp_path / "b.zip")
    finally:
        stop.set()
        writer.join()
    assert info.files >= 3 and written  # the desk went on writing during the backup
    target = tmp_path / "restored"
    restore_backup(target, tmp_path / "b.zip", admin, None)
    restored = bootstrap.open_station(target)
    try:
        got = {s.code for s in list_dossiers(restored.ctx, OFFICER, None, None, 1000)}
        assert set(first) <= got and got <= set(first) | set(written)  # a snapshot: no half of anything
        assert count_dossiers(restored.ctx, OFFICER, None) == len(got)
        record = get_dossier(restored.ctx, OFFICER, first[0])
        assert (
            record.attachments
            and attachment_path(restored.ctx, OFFICER, first[0]).read_bytes()
            == attachment_path(ctx, OFFICER, first[0]).read_bytes()
        )
    finally:
        restored.close()


def test_bad_backups_are_refused_and_nothing_changes(station, clock, admin, tmp_path):
    ctx = station.ctx
    _walk_ins(ctx, clock, 3)
    good = tmp_path / "b.zip"
    write_backup(ctx, admin, good)
    db = ctx.data_dir / "station.sqlite3"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DeskError, match="cắt cụt"):
        restore_backup(ctx.data_dir, cut, admin, ("G01.79.760.001", 2))
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(altered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b"Nguy", b"Ngux") if item.filename == "station.sqlite3" else data)
    with pytest.raises(DeskError, match="bị hỏng hoặc thiếu phần"):
        restore_backup(ctx.data_dir, altered, admin, ("G01.79.760.001", 2))
    with pytest.raises(DeskError, match="không phải trạm này"):
        restore_backup(ctx.data_dir, good, admin, ("G01.79.760.009", 2))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert read_backup(good)[0]["agency_code"] == "G01.79.760.001"


def test_only_an_admin_backs_up(station, admin, tmp_path):
    officer = add_user(station.ctx, admin, "hoa.nt", Role.OFFICER, OFFICER_PW)
    with pytest.raises(AccessDenied):
        write_backup(station.ctx, officer, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_a_corrupted_database_is_a_clear_message(tmp_path):
    data = tmp_path / "s"
    st = bootstrap.initialise_station(data, Config(Station("G01.79.760.001", "CA phường", 1), Counter()))
    st.close()
    (data / "station.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(DeskError, match="bị hỏng, không mở được"):
        bootstrap.open_station(data)


def test_cli_backup_and_restore_a_broken_station(tmp_path):
    data = tmp_path / "s"
    init = ("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA phường", "--desk", "1")
    assert run_cli(*init, "--admin", "quan.tri", data_dir=data, new=ADMIN_PW).returncode == 0
    out = run_cli(
        "backup", "-o", str(tmp_path / "b.zip"), "--user", "quan.tri", data_dir=data, password=ADMIN_PW
    )
    assert out.returncode == 0 and "b.zip" in out.stdout
    (data / "station.sqlite3").write_bytes(b"garbage" * 1000)
    broken = run_cli("catalogue", "list", data_dir=data)
    assert broken.returncode != 0 and "desk-app restore" in broken.stderr
    wrong = run_cli(
        "restore", str(tmp_path / "b.zip"), "--user", "quan.tri", data_dir=data, password="nope-nope"
    )
    assert wrong.returncode != 0 and "bản sao lưu" in wrong.stderr  # checked against the backup's accounts
    done = run_cli("restore", str(tmp_path / "b.zip"), "--user", "quan.tri", data_dir=data, password=ADMIN_PW)
    assert done.returncode == 0, done.stderr
    assert run_cli("catalogue", "list", data_dir=data).returncode == 0
    assert any(p.name.startswith("before-restore-") for p in (data / "backups").iterdir())
    verify = run_cli("audit", "verify", "--user", "quan.tri", data_dir=data, password=ADMIN_PW)
    assert verify.returncode == 0
