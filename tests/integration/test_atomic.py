"""One way to write a file (desk_app.atomic): whole or not at all, private, never through a planted
symlink, no temporary file left behind — and the writers that use it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desk_app import atomic


def test_a_file_is_written_whole_private_and_replaces_the_old_one(tmp_path: Path):
    target = tmp_path / "station.toml"
    target.write_text("old", encoding="utf-8")
    atomic.write_text(target, "mới")
    assert target.read_text(encoding="utf-8") == "mới"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["station.toml"]  # no temporary left


def test_a_failed_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"the register of yesterday")

    class Broken(Exception):
        pass

    with pytest.raises(Broken), atomic.replacing(target) as tmp:
        tmp.write_bytes(b"half a regis")
        raise Broken
    assert target.read_bytes() == b"the register of yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]


def test_a_symlink_planted_at_the_temporary_name_is_never_followed(tmp_path: Path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    target = tmp_path / "out.pdf"
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(atomic, "_token", lambda: next(names))
    planted = tmp_path / f".out.pdf.planted{atomic.TEMP_SUFFIX}"
    planted.symlink_to(victim)
    atomic.write_bytes(target, b"%PDF-1.4 ...")
    assert victim.read_text(encoding="utf-8") == "do not touch" and planted.is_symlink()
    assert target.read_bytes() == b"%PDF-1.4 ..." and not target.is_symlink()


def test_the_register_never_writes_through_a_link_at_a_name_it_once_used(tmp_path: Path):
    """Found by a review: ``register -o DIR/x.xlsx`` followed a symlink planted at its temporary name
    (``.x.xlsx.tmp``); the names are unpredictable now and never opened if they exist."""
    from tests.integration.test_cli import desk
    from tests.integration.test_sync import _import, _station

    data = _station(tmp_path, "desk1")
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    for old in (".x.xlsx.tmp", "x.xlsx.part", ".x.xlsx.part"):
        (out_dir / old).symlink_to(victim)
    done = desk("register", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out_dir / "x.xlsx"),
                data_dir=data)  # fmt: skip
    assert done.stdout.split("\t")[1].strip() == "1"
    assert victim.read_text(encoding="utf-8") == "do not touch"
    assert (out_dir / "x.xlsx").is_file() and stat.S_IMODE((out_dir / "x.xlsx").stat().st_mode) == 0o600
    assert sorted(p.name for p in out_dir.iterdir() if not p.is_symlink()) == ["x.xlsx"]
    assert os.access(out_dir / "x.xlsx", os.R_OK)
