"""Backups: taken while the desk writes, encrypted, restored whole; cut, altered or foreign files refused.

The restore's trust and failure injection are in ``test_restore.py``."""

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
from desk_app.services.backup import write_backup
from desk_app.services.backup_keys import (
    decrypt_to,
    encrypt_to,
    new_recovery_key,
    read_identities,
    station_identity,
)
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import count_dossiers, get_dossier, list_dossiers
from desk_app.services.restore import restore_backup
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_accounts import ADMIN_PW, OFFICER_PW, run_cli


def snapshot(data_dir):
    """Every file and folder of a data directory (logs aside) with its mode and content hash."""
    seen = {}
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir).as_posix()
        if rel.startswith("logs"):
            continue
        content = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        seen[rel] = (path.stat().st_mode & 0o777, content)
    return seen


def recovery_key_file(ctx, admin, folder):
    key = new_recovery_key(ctx, admin)
    path = folder / f"recovery-{key.public[-6:]}.txt"
    path.write_text(f"# recovery key\n{key.secret}\n")
    return path


def decrypted(data_dir, backup, target):
    """The ZIP inside a backup, opened with the station's own key."""
    decrypt_to(backup, target, [station_identity(data_dir)])
    return target


def encrypted_for(data_dir, plain):
    """A ZIP encrypted as a backup of this station — what anyone who read its public key could make."""
    out = plain.with_suffix(".age")
    encrypt_to(plain, out, [station_identity(data_dir).to_public()])
    return out


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
    key = recovery_key_file(ctx, admin, tmp_path)
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
    with pytest.raises(DeskError, match="cần khóa khôi phục"):  # a new PC: the station's own key is not there
        restore_backup(target, tmp_path / "b.zip", admin, None)
    assert not target.exists() or not any(p for p in target.iterdir() if p.name != "backups")
    restore_backup(target, tmp_path / "b.zip", admin, None, (key,))
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
    before = snapshot(ctx.data_dir)
    here = ("G01.79.760.001", 2)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DeskError, match="cắt cụt"):
        restore_backup(ctx.data_dir, cut, admin, here)
    flipped = bytearray(good.read_bytes())
    flipped[len(flipped) // 2] ^= 0x40
    (tmp_path / "flipped.zip").write_bytes(bytes(flipped))
    with pytest.raises(DeskError, match="bị hỏng"):  # age's authenticated chunks catch one bit
        restore_backup(ctx.data_dir, tmp_path / "flipped.zip", admin, here)
    plain = decrypted(ctx.data_dir, good, tmp_path / "plain.zip")
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(altered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b"Nguy", b"Ngux") if item.filename == "station.sqlite3" else data)
    with pytest.raises(DeskError, match="bị hỏng hoặc thiếu phần"):
        restore_backup(ctx.data_dir, encrypted_for(ctx.data_dir, altered), admin, here)
    with pytest.raises(DeskError, match="không phải trạm này"):
        restore_backup(ctx.data_dir, good, admin, ("G01.79.760.009", 2))
    assert snapshot(ctx.data_dir) == before


def test_a_backup_is_encrypted_private_and_opens_with_its_keys_only(station, clock, admin, tmp_path):
    ctx = station.ctx
    _walk_ins(ctx, clock, 2)
    key = recovery_key_file(ctx, admin, tmp_path)
    info = write_backup(ctx, admin, tmp_path / "b.zip")
    raw = info.path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1") and (info.path.stat().st_mode & 0o777) == 0o600
    for secret in ("Nguyễn".encode(), b"07909000000", b"station.sqlite3", b"SQLite format"):
        assert secret not in raw  # names, ID numbers, even the member names are unreadable
    assert (ctx.data_dir / "backup.key").read_text().strip() not in raw.decode("latin-1")
    other = tmp_path / "other.key"
    from pyrage import x25519

    other.write_text(f"{x25519.Identity.generate()}\n")
    for keys, refused in (((other,), "trạm khác"), ((tmp_path / "b.zip",), "không phải tệp khóa")):
        with pytest.raises(DeskError, match=refused):
            restore_backup(tmp_path / "new-pc", info.path, admin, None, keys)
    restore_backup(tmp_path / "new-pc", info.path, admin, None, (key,))
    assert (tmp_path / "new-pc" / "station.toml").exists()  # a new PC takes the station's settings
    assert not (tmp_path / "new-pc" / "backup.key").exists()  # and makes its own key at its first backup


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


def test_cli_recovery_key_sheet_and_restore_on_a_new_pc(tmp_path):
    """IT's path: a recovery key printed for the safe; the PC lost; a new PC restored from the sheet."""
    from tests.pdf_tools import decoded, pngs, text

    data = tmp_path / "s"
    init = ("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA phường Bến Thành", "--desk", "1")
    assert run_cli(*init, "--admin", "quan.tri", data_dir=data, new=ADMIN_PW).returncode == 0
    made = run_cli("recovery-key", "--user", "quan.tri", "-o", str(tmp_path / "sheet.pdf"), data_dir=data,
                   password=ADMIN_PW)  # fmt: skip
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("AGE-SECRET-KEY-1") and "két" in made.stderr
    assert secret not in "".join(p.read_text(errors="replace") for p in data.rglob("*") if p.is_file())
    sheet = tmp_path / "sheet.pdf"
    assert decoded(pngs(sheet)[0])["qr"] == [secret]  # the QR on the printed sheet is the key itself
    assert "KHÓA KHÔI PHỤC" in text(sheet) and secret[16:22] in text(sheet).replace(" ", "")
    backup = tmp_path / "b.age"
    assert run_cli("backup", "-o", str(backup), "--user", "quan.tri", data_dir=data,
                   password=ADMIN_PW).returncode == 0  # fmt: skip
    new_pc = tmp_path / "new-pc"
    without = run_cli("restore", str(backup), "--user", "quan.tri", data_dir=new_pc, password=ADMIN_PW)
    assert without.returncode == 1 and "--key-file" in without.stderr
    assert not new_pc.exists()  # a refused restore on a new PC leaves no folder behind
    key = tmp_path / "typed-from-the-sheet.txt"
    body = secret[16:]
    groups = " ".join(body[i : i + 6] for i in range(0, len(body), 6))
    typings = (f"AGE SECRET KEY 1\n{groups}", f"age–secret–key–1 {groups}", groups, groups.replace(" ", "-"))
    for typed in typings:
        variant = tmp_path / "variant.txt"
        variant.write_text(typed + "\n")
        assert str(read_identities(variant)[0]) == secret, typed  # as a person types it from the sheet
    key.write_text(f"age-secret-key-1\n{groups.lower()}\n")  # typed from the sheet, in groups, small letters
    done = run_cli("restore", str(backup), "--key-file", str(key), "--user", "quan.tri", data_dir=new_pc,
                   password=ADMIN_PW)  # fmt: skip
    assert done.returncode == 0, done.stderr
    audit = run_cli("audit", "list", "--user", "quan.tri", data_dir=new_pc, password=ADMIN_PW).stdout
    assert "\tquan.tri\tbackup.recovery_key\t" in audit and "\tquan.tri\trestore\tb.age" in audit
    foreign = tmp_path / "foreign.age"
    other = tmp_path / "other"
    init2 = ("init", "--agency-code", "G01.79.760.002", "--agency-name", "CA phường Khác", "--desk", "1")
    assert run_cli(*init2, "--admin", "quan.tri", data_dir=other, new=ADMIN_PW).returncode == 0
    assert run_cli("backup", "-o", str(foreign), "--user", "quan.tri", data_dir=other,
                   password=ADMIN_PW).returncode == 0  # fmt: skip
    refused = run_cli("restore", str(foreign), "--key-file", str(other / "backup.key"), "--user", "quan.tri",
                      data_dir=new_pc, password=ADMIN_PW)  # fmt: skip
    assert refused.returncode == 1 and "không phải trạm này" in refused.stderr
    audit = run_cli("audit", "list", "--user", "quan.tri", data_dir=new_pc, password=ADMIN_PW).stdout
    assert "\tquan.tri\trestore.refused\tforeign.age\t" in audit
