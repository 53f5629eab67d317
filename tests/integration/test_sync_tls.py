"""The station's credential never crosses a network in clear: ``enroll`` needs an admin, refuses plain
``http://`` to anything but this PC, and checks the server's certificate — against the system's CAs, or
the private CA named in ``station.toml`` (``[sync] ca_file``). A real TLS server on loopback (uvicorn) with
its own CA, made here with ``openssl``."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from desk_app.central import stations
from desk_app.central.app import create_app
from tests.central_server import free_port
from tests.conftest import require_tool
from tests.integration.test_cli import desk
from tests.integration.test_sync import _import, _station, _status


def _make_ca_and_server_cert(folder: Path) -> tuple[Path, Path, Path]:
    """(the CA's certificate, the server's certificate, its key) for 127.0.0.1."""
    openssl = require_tool("openssl")
    ca_key, ca_crt = folder / "ca.key", folder / "ca.crt"
    key, csr, crt, ext = (
        folder / "server.key",
        folder / "server.csr",
        folder / "server.crt",
        folder / "ext.cnf",
    )

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca_crt),
        "-days", "2", "-subj", "/CN=CA thu nghiem Bo Cong an")  # fmt: skip
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(csr),
        "-subj",
        "/CN=127.0.0.1",
    )
    ext.write_text("subjectAltName = IP:127.0.0.1\n", encoding="utf-8")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(crt), "-days", "2", "-extfile", str(ext))  # fmt: skip
    return ca_crt, crt, key


class TlsCentral:
    """The central server's app on uvicorn with TLS, on a thread (as behind nginx in production)."""

    def __init__(self, folder: Path, crt: Path, key: Path) -> None:
        folder.mkdir()
        self.app = create_app(f"sqlite:///{folder / 'central.sqlite3'}", folder / "blobs")
        self.port = free_port()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                ssl_certfile=str(crt), ssl_keyfile=str(key))  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> TlsCentral:
        self.thread.start()
        deadline = time.monotonic() + 60  # ends a hang; the wait is for the server's own "started"
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "the TLS server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.app.state.engine.dispose()

    def token(self, agency: str, desk: int) -> str:
        return stations.issue_token(self.app.state.engine, agency, desk)


@pytest.fixture
def tls_central(tmp_path: Path) -> Iterator[tuple[TlsCentral, Path]]:
    certs = tmp_path / "certs"
    certs.mkdir()
    ca, crt, key = _make_ca_and_server_cert(certs)
    with TlsCentral(tmp_path / "central", crt, key) as central:
        yield central, ca


def test_enrolment_checks_the_servers_certificate_against_the_stations_ca(tls_central, tmp_path: Path):
    central, ca = tls_central
    url = f"https://127.0.0.1:{central.port}"
    data = _station(tmp_path, "desk1")
    untrusted = desk("enroll", "--server", url, "--token", central.token("G01.79.760.001", 1), data_dir=data,
                     check=False)  # fmt: skip
    assert untrusted.returncode == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
    assert not (data / "sync.json").exists()  # not the system's CA: refused, nothing kept

    config = data / "station.toml"
    text = config.read_text(encoding="utf-8")
    assert 'ca_file = ""' in text  # the system's CAs until IT names the ministry's
    config.write_text(text.replace('ca_file = ""', f'ca_file = "{ca}"'), encoding="utf-8")
    token = central.token("G01.79.760.001", 1)
    enrolled = desk("enroll", "--server", url, "--token", token, data_dir=data)
    assert "Đã đăng ký trạm" in enrolled.stdout
    _import(tmp_path, data, "2026-11-20T09:00:00+07:00")
    out = desk("sync", "--once", data_dir=data)
    assert "acknowledged\t2" in out.stdout and _status(data)["queued"] == "0"

    config.write_text(config.read_text(encoding="utf-8").replace(str(ca), str(tmp_path / "missing.pem")),
                      encoding="utf-8")  # fmt: skip
    broken = desk("sync", "--once", data_dir=data, check=False)
    assert broken.returncode == 1 and "ca_file" in broken.stderr


def test_enrolment_needs_an_admin_and_never_sends_a_credential_in_clear(tmp_path: Path):
    data = _station(tmp_path, "desk1")
    for server in ("http://10.20.30.40:8765", "http://tt.bocongan.example", "ftp://127.0.0.1"):
        refused = desk("enroll", "--server", server, "--token", "a" * 48, data_dir=data, check=False)
        assert refused.returncode == 1 and "https://" in refused.stderr, (server, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1
    officer = desk("enroll", "--server", "https://tt.example", "--token", "a" * 48, "--user", "canbo",
                   data_dir=data, check=False)  # fmt: skip
    assert officer.returncode == 1 and "quản trị" in officer.stderr
    nobody = desk("enroll", "--server", "https://tt.example", "--token", "a" * 48, data_dir=data, user=None,
                  check=False)  # fmt: skip
    assert nobody.returncode == 1 and "--user" in nobody.stderr
    assert not (data / "sync.json").exists()
