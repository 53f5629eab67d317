"""The daily upkeep: scans of long-returned dossiers purged (audited), the automatic backup and its rotation,
the not-synced warning; and the data directory's owner-only permissions."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from desk_app import bootstrap
from desk_app.config import Config, Counter, Safety, validate
from desk_app.domain.accounts import AccessDenied
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import Action
from desk_app.services.attachments import attach_files, blobs, list_pages
from desk_app.services.backup import daily_backup_folder, scheduled_backup
from desk_app.services.backup_keys import station_identity
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.queries import get_dossier
from desk_app.services.restore import opened_backup
from desk_app.services.retention import purge_expired, purge_returned_scans
from desk_app.services.upkeep import daily_upkeep, sync_warning
from desk_app.storage.permissions import restrict_to_owner, windows_acl_command
from tests.actors import ADMIN, OFFICER
from tests.conftest import FIXED_NOW, TEST_STATION, Clock, walk_in


def _station(tmp_path: Path, clock: Clock, **safety: object) -> bootstrap.Station:
    cfg = Config(TEST_STATION, Counter(), safety=Safety(**safety))  # type: ignore[arg-type]
    st = bootstrap.initialise_station(tmp_path / "s", cfg)
    st.ctx.clock = clock
    return st


@pytest.fixture
def keeping(tmp_path: Path) -> Iterator[tuple[bootstrap.Station, Clock]]:
    clock = Clock(FIXED_NOW)
    st = _station(tmp_path, clock, scan_retention_days=365, backup_keep=7)
    yield st, clock
    st.close()


def _page(path: Path, top: int) -> Path:
    image = Image.new("L", (600, 800), 250)
    image.paste(30, (100, top, 500, top + 200))  # some ink (where: the page's identity), so it is not blank
    image.save(path)
    return path


def _returned(ctx, clock: Clock, raw_id: str) -> str:
    raw = walk_in(received_at=clock.now.isoformat())
    raw["applicant"] = {**raw["applicant"], "id_number": raw_id}  # type: ignore[dict-item]
    code = receive_dossier(ctx, OFFICER, raw).dossier.code
    for action in (Action.TRANSFER, Action.RESULT_RECEIVED, Action.RETURN):
        act(ctx, OFFICER, code, action)
    return code


def test_scans_of_dossiers_returned_long_ago_are_purged_and_shared_pages_kept(keeping, tmp_path):
    station, clock = keeping
    ctx = station.ctx
    shared, own = _page(tmp_path / "shared.png", 100), _page(tmp_path / "own.png", 400)
    old = _returned(ctx, clock, "079090000001")
    attach_files(ctx, OFFICER, old, [shared, own])
    recent = receive_dossier(ctx, OFFICER, walk_in(received_at=clock.now.isoformat())).dossier.code
    attach_files(ctx, OFFICER, recent, [shared])
    own_sha = list_pages(ctx, OFFICER, old)[1].sha256
    shared_sha = list_pages(ctx, OFFICER, recent)[0].sha256
    pdf_sha = get_dossier(ctx, OFFICER, old).attachments[0].sha256

    clock.now += timedelta(days=365)  # not yet: a year to the minute after the return is still kept
    assert purge_expired(ctx).dossiers == ()
    clock.now += timedelta(days=1)
    purged = purge_expired(ctx)
    assert purged.dossiers == (old,) and purged.pages == 2
    record = get_dossier(ctx, OFFICER, old)
    assert list_pages(ctx, OFFICER, old) == [] and record.attachments == ()
    assert record.status == "returned" and record.events[-1].kind == "scans-purged"  # the dossier stays
    assert record.events[-1].data == {"pages": 2, "retention_days": 365}
    store = blobs(ctx)
    assert not store.path(own_sha).exists(), "own page"
    assert not store.path(pdf_sha).exists(), "pdf"
    assert store.path(shared_sha).exists()  # the other dossier's page is the same image: kept
    assert len(list_pages(ctx, OFFICER, recent)) == 1
    with ctx.uow() as uow:
        last = uow.audit.entries()[-1]
    assert (last.actor, last.action, last.subject) == ("system", "scans.purge", old)
    assert purge_expired(ctx).dossiers == ()  # nothing left to do
    with pytest.raises(AccessDenied):
        purge_returned_scans(ctx, OFFICER)
    assert purge_returned_scans(ctx, ADMIN).dossiers == ()


def test_retention_zero_keeps_scans_for_ever(tmp_path):
    clock = Clock(FIXED_NOW)
    station = _station(tmp_path, clock, scan_retention_days=0)
    try:
        code = _returned(station.ctx, clock, "079090000002")
        attach_files(station.ctx, OFFICER, code, [_page(tmp_path / "p.png", 100)])
        clock.now += timedelta(days=5000)
        assert purge_expired(station.ctx).dossiers == ()
        assert len(list_pages(station.ctx, OFFICER, code)) == 1
    finally:
        station.close()


def test_the_daily_backup_is_written_once_a_day_and_rotated(keeping, tmp_path):
    station, clock = keeping
    ctx = station.ctx
    receive_dossier(ctx, OFFICER, walk_in(received_at=clock.now.isoformat()))
    first = scheduled_backup(ctx)
    assert first is not None and first.path.name == f"auto-{TEST_STATION.agency_code}-2-20261120.zip.age"
    assert scheduled_backup(ctx) is None  # once a day
    with opened_backup(first.path, tmp_path, [station_identity(ctx.data_dir)]) as (manifest, _):
        assert manifest.agency_code == TEST_STATION.agency_code
    for _day in range(9):
        clock.now += timedelta(days=1)
        assert daily_upkeep(ctx).backup is not None
    kept = sorted(p.name for p in daily_backup_folder(ctx).glob("auto-*"))
    assert len(kept) == 7 and kept[-1].endswith("20261129.zip.age") and kept[0].endswith("20261123.zip.age")
    with ctx.uow() as uow:
        autos = [e for e in uow.audit.entries() if e.action == "backup.auto"]
    assert len(autos) == 10 and {e.actor for e in autos} == {"system"}


def test_no_automatic_backup_when_keep_is_zero(tmp_path):
    station = _station(tmp_path, Clock(FIXED_NOW), backup_keep=0)
    try:
        assert scheduled_backup(station.ctx) is None
        assert not daily_backup_folder(station.ctx).exists()
    finally:
        station.close()


def test_the_not_synced_warning_after_the_configured_days(keeping):
    station, clock = keeping
    ctx = station.ctx
    with ctx.uow() as uow:
        set_up = uow.meta.get("initialised_at")
    assert set_up is not None
    clock.now = FIXED_NOW.fromisoformat(set_up) + timedelta(days=2, hours=23)
    assert sync_warning(ctx) is None
    clock.now += timedelta(hours=1)  # three days (the default) without a sync
    warning = sync_warning(ctx)
    assert warning is not None and "chưa đồng bộ" in warning and "(3 ngày)" in warning
    with ctx.uow(write=True) as uow:
        uow.meta.set("last_synced_at", clock.now.isoformat())
        uow.commit()
    assert sync_warning(ctx) is None


def test_the_data_directory_is_the_owners_only(tmp_path):
    assert windows_acl_command(Path(r"C:\desk_app"), r"CA-SAIGON\canbo") == [
        "icacls",
        r"C:\desk_app",
        "/inheritance:r",
        "/grant:r",
        r"CA-SAIGON\canbo:(OI)(CI)F",
    ]  # fmt: skip  — the Windows ACL, checked on paper: no Windows machine runs these tests
    folder = tmp_path / "d"
    folder.mkdir(mode=0o755)
    restrict_to_owner(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_safety_settings_zero_turns_off_and_negative_is_refused():
    off = Safety(idle_lock_minutes=0, backup_keep=0, scan_retention_days=0, sync_warning_days=0)
    assert validate(Config(TEST_STATION, safety=off)).safety == off
    with pytest.raises(DeskError, match="scan_retention_days"):
        validate(Config(TEST_STATION, safety=Safety(scan_retention_days=-1)))


def _damage(db: Path, page_number: int) -> None:
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    at = (page_number - 1) * size
    data[at : at + 8] = b"\xff" * 8  # a b-tree page's header: no such page type
    db.write_bytes(bytes(data))


def _filled_station(tmp_path: Path, clock: Clock) -> bootstrap.Station:
    station = _station(tmp_path, clock)
    for i in range(200):  # enough rows for the dossiers table to span many pages
        clock.now += timedelta(minutes=1)
        raw = walk_in(received_at=clock.now.isoformat())
        raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{i:05d}"}  # type: ignore[dict-item]
        receive_dossier(station.ctx, OFFICER, raw)
    return station


def test_the_daily_full_check_names_a_damaged_dossier_table_and_skips_the_backup(tmp_path):
    from desk_app.config import DB_NAME
    from desk_app.services.upkeep import full_check, startup_check

    clock = Clock(FIXED_NOW)
    station = _filled_station(tmp_path, clock)
    assert startup_check(station.ctx) is None and full_check(station.ctx) is None
    station.close()
    db = tmp_path / "s" / DB_NAME
    _damage(db, db.stat().st_size // int.from_bytes(db.read_bytes()[16:18], "big") // 2)  # a middle page
    damaged = bootstrap.open_station(tmp_path / "s")  # it still opens …
    damaged.ctx.clock = clock
    try:
        clock.now += timedelta(days=1)
        done = daily_upkeep(damaged.ctx)  # … but the day's full check names the damage
        assert (
            done.db_problem is not None
            and "bị lỗi" in done.db_problem
            and "desk-app restore" in done.db_problem
        )
        assert done.backup is None  # a damaged DB is not backed up over the good backups
    finally:
        damaged.close()


def test_the_start_up_check_names_damage_in_a_critical_table_at_once(tmp_path):
    import sqlite3

    from desk_app.config import DB_NAME
    from desk_app.services.upkeep import startup_check

    clock = Clock(FIXED_NOW)
    _filled_station(tmp_path, clock).close()
    db = tmp_path / "s" / DB_NAME
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
    conn.close()
    _damage(db, root)
    damaged = bootstrap.open_station(tmp_path / "s")
    try:
        problem = startup_check(damaged.ctx)
    finally:
        damaged.close()
    assert problem is not None and "bị lỗi" in problem
