"""The Linux bundle and its .deb, as IT would install them: built with PyInstaller and dpkg-deb (`make
package`'s scripts), unpacked with ``dpkg -x`` into a scratch root, then run from there with no source tree,
no virtualenv and no Python of ours on the path: ``self-test``, ``init --from`` a station file, ``doctor``.

Building takes a few minutes: it starts in the background when the session begins (conftest.py beside) and
is kept in ``dist/``, reused while the tree is the commit it was built from (``dist/desk-app/VERSION``)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool, walk_in
from tests.packaging.bundle_build import wait_for_bundle

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def bare_env(home: Path) -> dict[str, str]:
    """No virtualenv, no PYTHONPATH, no source tree: only what a station PC has."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    for name in ("SANE_CONFIG_DIR", "CI"):  # SANE's test device (tests/conftest.py) and the CI flag
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def test_the_deb_unpacked_runs_self_test_init_and_doctor(tmp_path: Path, sane_test_device: str):
    require_tool("dpkg-deb")
    wait_for_bundle()
    (deb,) = (ROOT / "dist").glob("desk-app_*.deb")
    root = tmp_path / "root"
    subprocess.run([require_tool("dpkg-deb"), "-x", str(deb), str(root)], check=True)
    query = ["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"]
    fields = subprocess.run(query, capture_output=True, text=True, check=True).stdout
    assert "Package: desk-app" in fields and "libsane1" in fields
    program = root / "opt" / "desk-app" / "desk-app"
    assert program.is_file() and os.access(program, os.X_OK)
    assert os.readlink(root / "usr" / "bin" / "desk-app") == "/opt/desk-app/desk-app"
    desktop = (root / "usr" / "share" / "applications" / "desk-app.desktop").read_text(encoding="utf-8")
    assert "Exec=desk-app" in desktop and "Icon=desk-app" in desktop
    assert (root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "desk-app.svg").is_file()
    files = [f for f in (root / "opt").rglob("*") if f.is_symlink() or not f.is_dir()]
    size_mb = sum(f.lstat().st_size for f in files) / 2**20  # a link counted as a link, not its target
    print(f"\n[bundle] unpacked {size_mb:.0f} MB")
    assert size_mb <= 200, f"the bundle is {size_mb:.0f} MB unpacked (bound 200)"

    home = tmp_path / "home"
    home.mkdir()
    env = bare_env(home)
    elsewhere = tmp_path / "elsewhere"  # not the source tree
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(program), *args], cwd=elsewhere, env=env, capture_output=True, text=True,
                              timeout=300)  # fmt: skip

    out = run("self-test", "--data-dir", str(tmp_path / "selftest"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL" not in out.stdout and out.stdout.count("OK") >= 3

    station = tmp_path / "desk2.toml"
    station.write_text(
        '[station]\nagency_code = "G01.79.760.001"\nagency_name = "Công an phường Sài Gòn"\ndesk = 2\n'
        f'\n[counter]\nprinter = "PDF"\n\n[scanning]\ndevice = "{sane_test_device}"\n'
        '\n[admin]\nname = "quantri"\n',
        encoding="utf-8",
    )
    data = tmp_path / "var-lib-desk_app"
    env["DESK_APP_NEW_PASSWORD"] = env["DESK_APP_PASSWORD"] = "Quan-tri-2026!"
    out = run("init", "--from", str(station), "--data-dir", str(data))
    assert out.returncode == 0 and "Đã thiết lập bàn 2" in out.stdout, out.stderr
    out = run("self-test", "--window", "--data-dir", str(data))
    assert out.returncode == 0 and "OK    main window shown" in out.stdout, out.stdout + out.stderr
    out = run("doctor", "--data-dir", str(data))
    lines = out.stdout.splitlines()
    # WARN: not enrolled, no official 2027 yet, no recovery key
    assert lines[-1] == "12 mục kiểm tra: 0 FAIL, 3 WARN", out.stdout
    for check in ("thư mục dữ liệu", "cơ sở dữ liệu", "danh mục thủ tục", "phông chữ", "máy in", "máy quét"):
        assert any(line.startswith("OK") and check in line for line in lines), (check, out.stdout)
    assert any(line.startswith("WARN") and "máy chủ trung tâm" in line for line in lines)  # not enrolled
    assert out.returncode == 0, out.stdout
    # a dossier received, its receipt printed to PDF and attached back as a scan: the imaging stack of the
    # bundle (pypdfium2, Pillow, numpy's page analysis, img2pdf, pikepdf) at work
    src = tmp_path / "one.jsonl"
    guest = {"procedure": "2.001159", "applicant": {"kind": "foreigner", "full_name": "Jean Dupont",
             "passport_number": "19AB12345", "nationality": "FRA", "address": "Láng Hạ"}}  # fmt: skip
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (walk_in(), guest)) + "\n", "utf-8")
    user = ("--user", "quantri", "--data-dir", str(data))
    out = run("import", str(src), *user)
    assert out.returncode == 0, out.stderr
    code, guest_code = out.stdout.split()
    # the country list the bundle keeps of pycountry's data, with its Vietnamese names
    out = run("receipt", guest_code, "-o", str(tmp_path / "guest.pdf"), *user)
    assert out.returncode == 0, out.stderr
    done = subprocess.run(["pdftotext", str(tmp_path / "guest.pdf"), "-"], capture_output=True, text=True)
    assert "Quốc tịch: Pháp (FRA)" in done.stdout, done.stdout
    receipt = tmp_path / "receipt.pdf"
    assert run("receipt", code, "-o", str(receipt), *user).returncode == 0 and receipt.stat().st_size > 0
    out = run("attach", code, str(receipt), *user)
    assert out.returncode == 0, out.stderr
    shown = json.loads(run("show", code, "--json", *user).stdout)
    assert shown["attachments"][0]["pages"] == 2  # the receipt's two copies
    # an encrypted backup (pyrage, a compiled wheel) made and restored by the bundle
    backup = tmp_path / "b.age"
    out = run("backup", "-o", str(backup), *user)
    assert out.returncode == 0 and backup.read_bytes().startswith(b"age-encryption.org/v1"), out.stderr
    out = run("restore", str(backup), *user)
    assert out.returncode == 0, out.stderr
    bad = run("init", "--from", str(tmp_path / "khong-co.toml"), "--data-dir", str(tmp_path / "x"))
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
