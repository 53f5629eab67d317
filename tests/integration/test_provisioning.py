"""``desk-app init --from station.toml``: a desk provisioned from IT's file — all of it, or nothing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

from desk_app.services.provisioning import parse_station_file
from tests.central_server import Central
from tests.integration.test_cli import desk

ADMIN_ENV = {"DESK_APP_NEW_PASSWORD": "Quan-tri-2026!"}


def init_from(src: Path, data: Path) -> subprocess.CompletedProcess[str]:
    """``desk-app init --from`` itself (the tests' ``desk`` helper would add its test accounts after it)."""
    env = {**os.environ, **ADMIN_ENV, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "desk_app", "init", "--from", str(src), "--data-dir", str(data)]
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def station_file(tmp_path: Path, server: str = "", token: str = "", extra: str = "") -> Path:
    text = f"""\
# bàn 2, phường Sài Gòn — chuẩn bị bởi phòng CNTT
[station]
agency_code = "G01.79.760.001"
agency_name = "Công an phường Sài Gòn"
parent_agency = "Công an TP. Hồ Chí Minh"
desk = 2
place = "TP. Hồ Chí Minh"

[counter]
printer = "PDF"
officer_name = "Phạm Thu Hà"

[scanning]
device = "sane:test:0"
{extra}"""
    if server:  # the station is enrolled by its admin
        text += f'\n[enrol]\nserver = "{server}"\ntoken = "{token}"\n'
        if "[admin]" not in extra:
            text += '\n[admin]\nname = "quantri"\n'
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _nothing_left(tmp_path: Path, data: Path) -> None:
    assert not data.exists() or not any(data.iterdir())
    assert not [p for p in data.parent.iterdir() if ".provisioning-" in p.name]


def test_a_desk_provisioned_with_its_server_and_admin(tmp_path: Path, central: Central):
    data = tmp_path / "ProgramData" / "desk_app"
    data.mkdir(parents=True)  # made empty by the installer: provisioning fills it
    src = station_file(
        tmp_path, central.url, central.token("G01.79.760.001", 2), '\n[admin]\nname = "quantri"\n'
    )
    out = init_from(src, data)
    assert "Đã thiết lập bàn 2" in out.stdout and "Đã đăng ký với máy chủ" in out.stdout
    written = tomllib.loads((data / "station.toml").read_text(encoding="utf-8"))
    assert written["station"]["desk"] == 2 and written["counter"]["printer"] == "PDF"
    assert written["scanning"]["device"] == "sane:test:0" and "enrol" not in written  # the token is not kept
    assert json.loads((data / "sync.json").read_text())["server"] == central.url
    assert (data.stat().st_mode & 0o777) == 0o700
    password = {"DESK_APP_PASSWORD": ADMIN_ENV["DESK_APP_NEW_PASSWORD"]}
    users = desk("user", "list", "--user", "quantri", data_dir=data, env=password)
    assert "quantri" in users.stdout
    status = desk("sync", "--status", data_dir=data)
    assert "enrolled\tyes" in status.stdout
    _nothing_left(tmp_path, tmp_path / "ProgramData" / "nothing")
    again = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
    assert again.returncode == 1 and "đã được thiết lập" in again.stderr


def test_an_unreachable_server_or_a_refused_token_leaves_nothing(tmp_path: Path, central: Central):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    data = tmp_path / "desk"
    src = station_file(tmp_path, f"http://127.0.0.1:{closed}", "abc")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None, env=ADMIN_ENV)
    assert out.returncode == 1 and "Không kết nối được máy chủ" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert not data.exists()
    _nothing_left(tmp_path, data)

    src = station_file(tmp_path, central.url, "ma-sai")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None, env=ADMIN_ENV)
    assert out.returncode == 1 and "từ chối mã đăng ký" in out.stderr and not data.exists()
    _nothing_left(tmp_path, data)


def test_each_bad_field_is_named_and_nothing_is_written(tmp_path: Path):
    data = tmp_path / "desk"
    cases = [
        ("desk = 2\n", "", "station.desk"),  # removed below: a missing field
        ('agency_code = "G01.79.760.001"', 'agency_code = "xx/79"', "station.agency_code"),
        ("[scanning]", "[scaning]", "[scaning]"),
        ('printer = "PDF"', 'pritner = "PDF"', "counter.pritner"),
        ('device = "sane:test:0"', 'device = "sane:test:0"\nmode = "color"', "scanning.mode"),
        ("desk = 2", 'desk = "hai"', "station.desk"),
    ]
    for old, new, named in cases:
        src = station_file(tmp_path)
        src.write_text(src.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        out = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
        assert out.returncode == 1 and named in out.stderr, (named, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1 and not data.exists()
    src = station_file(tmp_path, "ftp://may-chu", "abc")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
    assert out.returncode == 1 and "enrol.server" in out.stderr and not data.exists()
    src = station_file(tmp_path, "https://may-chu.example", "")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
    assert out.returncode == 1 and "enrol.token" in out.stderr
    src.write_text("[station\nagency_code = ", encoding="utf-8")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
    assert out.returncode == 1 and "station.toml" in out.stderr and not data.exists()
    out = desk("init", "--from", str(tmp_path / "khong-co.toml"), data_dir=data, check=False, user=None)
    assert out.returncode == 1 and "khong-co.toml" in out.stderr
    out = desk(
        "init", "--from", str(station_file(tmp_path)), "--desk", "3", data_dir=data, check=False, user=None
    )
    assert out.returncode == 1 and "không cả hai" in out.stderr and not data.exists()


def test_a_folder_in_use_or_unwritable_is_refused(tmp_path: Path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("của người khác")
    out = desk("init", "--from", str(station_file(tmp_path)), data_dir=used, check=False, user=None)
    assert out.returncode == 1 and "thư mục trống" in out.stderr
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    out = desk("init", "--from", str(station_file(tmp_path)), data_dir=Path("/proc/self/desk"), check=False,
               user=None)  # fmt: skip
    assert out.returncode == 1 and "/proc/self" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_the_parser_takes_station_toml_itself(tmp_path: Path):
    """A desk's own station.toml is a valid station file (IT can copy one desk's file and change it)."""
    data = tmp_path / "desk"
    desk("init", "--from", str(station_file(tmp_path)), data_dir=data, user=None)
    parsed = parse_station_file(tomllib.loads((data / "station.toml").read_text(encoding="utf-8")))
    assert parsed.config.station.desk == 2 and parsed.enrolment is None and parsed.admin is None


def test_a_disk_too_full_for_the_station_is_refused(tmp_path: Path):
    """[safety] min_free_mb above what the disk has left: refused before anything is written."""
    data = tmp_path / "desk"
    src = station_file(tmp_path, extra="\n[safety]\nmin_free_mb = 900000000\n")
    out = desk("init", "--from", str(src), data_dir=data, check=False, user=None)
    assert out.returncode == 1 and "chỉ còn" in out.stderr and "giải phóng" in out.stderr
    _nothing_left(tmp_path, data)


def test_the_old_name_of_the_ca_setting_is_still_read(tmp_path: Path):
    from desk_app import config as config_mod
    from desk_app.services.provisioning import read_station_file

    src = station_file(tmp_path, extra='\n[sync]\nca_bundle = "/etc/desk/bo-cong-an-ca.pem"\n')
    assert read_station_file(src).config.sync.ca_file == "/etc/desk/bo-cong-an-ca.pem"
    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "CA", "--desk", "1", data_dir=data)
    toml = data / "station.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('ca_file = ""', 'ca_bundle = "/etc/ca.pem"'),
                    encoding="utf-8")  # fmt: skip
    assert config_mod.load(data).sync.ca_file == "/etc/ca.pem"
