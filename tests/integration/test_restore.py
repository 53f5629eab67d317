"""A restore trusts only what a backup of this station writes, and a failure at any step changes nothing.

Crafted backups are made as an attacker who read the station's public key could: a ZIP with a recomputed
manifest, encrypted to the station. Each is refused with the data directory unchanged, file by file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from desk_app import bootstrap
from desk_app.domain.errors import DeskError
from desk_app.services import restore as restore_mod
from desk_app.services.accounts import create_first_admin
from desk_app.services.attachments import attach_files
from desk_app.services.backup import write_backup
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import count_dossiers, list_dossiers
from desk_app.services.restore import JOURNAL, restore_backup
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_accounts import ADMIN_PW
from tests.integration.test_backup import decrypted, encrypted_for, snapshot

HERE = ("G01.79.760.001", 2)


@pytest.fixture
def backed_up(station, clock, tmp_path):
    """A station with two dossiers, its admin, a backup of it and that backup's plain ZIP; then a third
    dossier, so that a restore that went through would show."""
    ctx = station.ctx
    admin = create_first_admin(ctx, "quan.tri", ADMIN_PW)
    def one_code(ctx) -> str:
        return list_dossiers(ctx, OFFICER, None, None, 1)[0].code

    def one(n: int) -> None:
        raw = walk_in(received_at=clock.now.isoformat())
        raw["applicant"] = {**raw["applicant"], "id_number": f"07909000100{n}"}
        receive_dossier(ctx, OFFICER, raw)

    one(0)
    one(1)
    page = tmp_path / "page.png"
    ink = Image.new("L", (300, 400), 250)
    ink.paste(0, (40, 40, 200, 200))
    ink.save(page)
    attach_files(ctx, OFFICER, one_code(ctx), [page], mode="grey")
    (ctx.data_dir / "templates").mkdir()
    (ctx.data_dir / "templates" / "receipt_vi.toml").write_text("# the station's own wording\n")
    backup = write_backup(ctx, admin, tmp_path / "good.zip.age").path
    plain = decrypted(ctx.data_dir, backup, tmp_path / "plain.zip")
    one(2)
    station.close()
    return ctx.data_dir, admin, backup, plain


def crafted(data_dir: Path, plain: Path, out: Path, *, add=(), drop=(), listed_only=(), manifest=None):
    """``plain`` with members added (name, bytes), dropped, or added to the ZIP but not to its list; the
    manifest recomputed (or given), then encrypted for the station."""
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(plain) as src:
        old = json.loads(src.read("manifest.json"))
        for name in src.namelist():
            if name != "manifest.json" and name not in drop:
                members[name] = src.read(name)
    members.update(dict(add))
    files = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    for name, data in listed_only:
        members[name] = data
    body = manifest or {**old, "files": files}
    target = out.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(body))
    return encrypted_for(data_dir, target)


def test_the_good_backup_restores_and_the_third_dossier_is_gone(backed_up):
    data_dir, admin, backup, _ = backed_up
    restore_backup(data_dir, backup, admin, HERE)
    st = bootstrap.open_station(data_dir)
    try:
        assert count_dossiers(st.ctx, OFFICER, None) == 2
    finally:
        st.close()
    assert not (data_dir / JOURNAL).exists() and not list(data_dir.glob(".restore-*"))
    aside = [p for p in (data_dir / "backups").iterdir() if p.name.startswith("before-restore-")]
    assert len(aside) == 1 and (aside[0] / "station.sqlite3").exists()


def other_station_toml(data_dir: Path) -> bytes:
    text = (data_dir / "station.toml").read_text()
    return text.replace('agency_code = "G01.79.760.001"', 'agency_code = "G01.79.760.077"').encode()


CRAFTED = {
    "a member outside the list": dict(listed_only=[("logs/desk_app.log", b"x")]),
    "a log file in the list": dict(add=[("logs/desk_app.log", b"x")]),
    "sync.json pointing elsewhere": dict(add=[("sync.json", b'{"server": "http://evil.example"}')]),
    "a name climbing out": dict(add=[("../outside.txt", b"x")]),
    "an absolute name": dict(add=[("/tmp/abs.txt", b"x")]),
    "a name climbing out of calendar": dict(add=[("calendar/../../x", b"x")]),
    "a blob not under its hash": dict(add=[("scans/00/" + "ab" * 32, b"x")]),
    "the station's key": dict(add=[("backup.key", b"AGE-SECRET-KEY-1")]),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_members_outside_what_a_backup_writes_are_refused(backed_up, tmp_path, case):
    data_dir, admin, _, plain = backed_up
    bad = crafted(data_dir, plain, tmp_path / "bad", **CRAFTED[case])
    before = snapshot(data_dir)
    with pytest.raises(DeskError, match="không khôi phục"):
        restore_backup(data_dir, bad, admin, HERE)
    assert snapshot(data_dir) == before
    assert not (tmp_path / "outside.txt").exists() and not Path("/tmp/abs.txt").exists()


def test_a_station_toml_of_another_agency_is_refused(backed_up, tmp_path):
    data_dir, admin, _, plain = backed_up
    toml = other_station_toml(data_dir)
    bad = crafted(data_dir, plain, tmp_path / "bad", add=[("station.toml", toml)])
    before = snapshot(data_dir)
    with pytest.raises(DeskError, match=r"G01\.79\.760\.077.*không khớp"):
        restore_backup(data_dir, bad, admin, HERE)
    with pytest.raises(DeskError, match="không khớp"):  # nor on a new PC: it is not the station restored
        restore_backup(tmp_path / "new-pc", bad, admin, None, (data_dir / "backup.key",))
    assert snapshot(data_dir) == before
    assert not (tmp_path / "new-pc" / "station.toml").exists()


def test_a_manifest_of_another_station_or_form_is_refused(backed_up, tmp_path):
    data_dir, admin, _, plain = backed_up
    with zipfile.ZipFile(plain) as src:
        manifest = json.loads(src.read("manifest.json"))
    before = snapshot(data_dir)
    for change, refused in (({"desk": 3}, "không phải trạm này"), ({"format": 9}, "định dạng"),
                            ({"files": []}, "manifest")):  # fmt: skip
        bad = crafted(data_dir, plain, tmp_path / "bad", manifest={**manifest, **change})
        with pytest.raises(DeskError, match=refused):
            restore_backup(data_dir, bad, admin, HERE)
    assert snapshot(data_dir) == before


def test_a_huge_member_is_checked_against_the_free_disk_and_streamed(backed_up, tmp_path, monkeypatch):
    """A small file holding a 256 MiB member: refused when the disk lacks room; otherwise unpacked in
    bounded memory (the issue saw a 1.27 GB peak for 600 MiB)."""
    data_dir, admin, _, plain = backed_up
    zeros = b"\0" * (256 << 20)
    sha = hashlib.sha256(zeros).hexdigest()
    bomb = crafted(data_dir, plain, tmp_path / "bomb", add=[(f"scans/{sha[:2]}/{sha}", zeros)])
    del zeros
    assert bomb.stat().st_size < 2 << 20
    before = snapshot(data_dir)
    monkeypatch.setattr(restore_mod, "free_bytes", lambda folder: 200 << 20)
    with pytest.raises(DeskError, match="Không đủ chỗ trống"):
        restore_backup(data_dir, bomb, admin, HERE)
    assert snapshot(data_dir) == before
    monkeypatch.undo()
    tracemalloc.start()
    try:
        restore_backup(data_dir, bomb, admin, HERE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, peak
    assert (data_dir / "scans" / sha[:2] / sha).stat().st_size == 256 << 20


def _fail():
    def boom(*args, **kwargs):
        raise OSError(5, "injected")

    return boom


STEPS = {
    "decrypting": ("decrypt_to", None),
    "reading the manifest": ("_manifest", None),
    "unpacking a member": ("unpack", None),
    "checking the unpacked DB": ("integrity_problem", "hỏng"),
    "writing the journal": ("write_text", None),
}


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_failure_at_each_step_leaves_the_station_as_it_was(backed_up, monkeypatch, step):
    data_dir, admin, backup, _ = backed_up
    before = snapshot(data_dir)
    name, value = STEPS[step]
    monkeypatch.setattr(restore_mod, name, (lambda *a: value) if value else _fail())
    with pytest.raises((DeskError, OSError)):
        restore_backup(data_dir, backup, admin, HERE)
    assert snapshot(data_dir) == before


def test_a_failed_move_mid_swap_undoes_the_ones_before_it(backed_up, monkeypatch):
    data_dir, admin, backup, _ = backed_up
    before = snapshot(data_dir)
    real = restore_mod._move
    calls = {"n": 0, "fail_at": 1}
    total_moves = 0

    def counting(source, target):
        calls["n"] += 1
        if calls["n"] == calls["fail_at"]:
            raise OSError(5, "injected")
        real(source, target)

    monkeypatch.setattr(restore_mod, "_move", counting)
    while True:
        calls["n"] = 0
        try:
            restore_backup(data_dir, backup, admin, HERE)
        except OSError:
            assert snapshot(data_dir) == before, f"after a failure at move {calls['fail_at']}"
            calls["fail_at"] += 1
            total_moves += 1
            continue
        break
    assert total_moves >= 6  # every move of the swap failed once: DB (and WAL), scans, templates, out and in


CRASH = """
import os, sys
from pathlib import Path
from desk_app.services import restore
from desk_app.services.accounts import User
from desk_app.domain.accounts import Role
n = {"left": int(sys.argv[3])}
real = restore._move
def dying(source, target):
    if n["left"] == 0:
        os._exit(9)  # the power cut: no undo, no finally
    n["left"] -= 1
    real(source, target)
restore._move = dying
restore.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]), User("quan.tri", "", Role.ADMIN),
                       ("G01.79.760.001", 2))
"""


def test_a_crash_mid_swap_is_undone_at_the_next_start(backed_up):
    data_dir, _, backup, _ = backed_up
    bootstrap.open_station(data_dir).close()  # as a start leaves it (folders 0700)
    before = snapshot(data_dir)
    for after in (0, 3, 5):
        done = subprocess.run([sys.executable, "-c", CRASH, str(data_dir), str(backup), str(after)],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 9, done.stderr
        assert (data_dir / JOURNAL).exists()
        st = bootstrap.open_station(data_dir)  # the next start undoes it
        try:
            assert count_dossiers(st.ctx, OFFICER, None) == 3
        finally:
            st.close()
        assert not (data_dir / JOURNAL).exists() and not list(data_dir.glob(".restore-*"))
        now = snapshot(data_dir)
        assert {k: v for k, v in now.items() if "sqlite3" not in k} == {
            k: v for k, v in before.items() if "sqlite3" not in k
        }


def test_a_plain_backup_of_an_earlier_build_still_restores(backed_up, tmp_path):
    data_dir, admin, _, plain = backed_up
    with zipfile.ZipFile(plain) as src:
        manifest = json.loads(src.read("manifest.json"))
    old = crafted(data_dir, plain, tmp_path / "old", manifest={**manifest, "format": 1})
    old_plain = old.with_suffix(".zip")  # the same ZIP, not encrypted: what format 1 was
    restore_backup(data_dir, old_plain, admin, HERE)
    st = bootstrap.open_station(data_dir)
    try:
        assert count_dossiers(st.ctx, OFFICER, None) == 2
    finally:
        st.close()


def test_the_files_the_desk_writes_are_its_own(tmp_path):
    """Via the CLI, as a real station: every file 0600, every folder 0700, the backup too."""
    from tests.integration.test_accounts import run_cli

    data = tmp_path / "s"
    init = ("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA phường", "--desk", "1")
    assert run_cli(*init, "--admin", "quan.tri", data_dir=data, new=ADMIN_PW).returncode == 0
    made = run_cli("backup", "-o", str(tmp_path / "b.age"), "--user", "quan.tri", data_dir=data,
                   password=ADMIN_PW)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "b.age").stat().st_mode & 0o777 == 0o600
    assert (data / "logs" / "desk_app.log").exists()
    for path in [data, *data.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.relative_to(data)}: {oct(mode)}"
    os.chmod(data / "station.toml", 0o644)  # a station made before: put right when it opens
    assert run_cli("catalogue", "list", data_dir=data).returncode == 0
    assert (data / "station.toml").stat().st_mode & 0o777 == 0o600
