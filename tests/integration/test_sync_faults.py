"""Exactly once, whatever the network and the processes do: a fault-injecting proxy, kill -9 of the desk
in the middle of a sync, kill -9 of the server in the middle of requests."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app import bootstrap
from desk_app.central.db import make_engine
from desk_app.central.schema import dossiers as central_dossiers
from desk_app.central.schema import events as central_events
from desk_app.config import Config, Counter
from desk_app.domain.lifecycle import Action
from desk_app.services.attachments import blobs
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.storage.schema import outbox as outbox_table
from desk_app.sync import outbox
from desk_app.sync.client import SyncClient
from desk_app.sync.worker import enroll_station, load_credentials, move_server, sync_once, sync_status
from tests.actors import ADMIN, OFFICER
from tests.central_server import Central
from tests.conftest import TEST_STATION, walk_in
from tests.faultproxy import FaultProxy, Faults
from tests.holdproxy import HoldProxy

pytestmark = pytest.mark.slow


@pytest.fixture
def central(tmp_path: Path, postgres_base: str) -> Iterator[Central]:
    """The server as in production: on PostgreSQL (a private instance), uvicorn on loopback."""
    from tests.pg import new_database

    server = Central(tmp_path, new_database(postgres_base))
    server.start()
    yield server
    server.stop()


def _desk(
    tmp_path: Path, central: Central, dossiers: int, transfers: int, scans: int = 0
) -> bootstrap.Station:
    """A desk with ``dossiers`` received yesterday from 07:00 (``transfers`` of them transferred, ``scans`` of
    them with a scanned PDF of 150–250 KB, stored and queued as the scanning service does), enrolled.
    Yesterday: "today from 07:00" lay in the future when the suite ran before 08:00 Vietnam time."""
    station = bootstrap.initialise_station(tmp_path / "desk", Config(TEST_STATION, Counter()))
    ctx = station.ctx
    enroll_station(ctx, ADMIN, central.url, central.token_for(ctx))
    codes = []
    start = (ctx.clock() - timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    for i in range(dossiers):
        raw = walk_in(received_at=(start.replace(minute=i % 60, second=i // 60 % 60)).isoformat())
        raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{i:05d}"}  # type: ignore[dict-item]
        codes.append(receive_dossier(ctx, OFFICER, raw).dossier.code)
    for code in codes[:transfers]:
        act(ctx, OFFICER, code, Action.TRANSFER)
    rng = random.Random(4)
    store = blobs(ctx)
    for code in codes[:scans]:
        data = rng.randbytes(rng.randint(150_000, 250_000))
        sha = store.put(data)
        with ctx.uow(write=True) as uow:
            record = uow.dossiers.get(code)
            assert record is not None
            outbox.queue_scan(uow, record.id, "", sha, 2, len(data), ctx.clock())
            uow.commit()
    return station


def _assert_exactly_once(
    station: bootstrap.Station, central: Central, dossiers: int, events: int, scans: int = 0
) -> None:
    with station.engine.connect() as conn:
        o = outbox_table.c
        rows = conn.execute(select(o.kind, o.ref, o.content_hash)).all()
    sent = {ref: digest for kind, ref, digest in rows if kind != "blob"}
    scanned = [ref for kind, ref, _digest in rows if kind == "blob"]
    states = sync_status(station.ctx).counts
    assert states == {"acknowledged": dossiers + events + scans} and len(scanned) == scans
    for sha in scanned:  # each scan whole at the server, its bytes hashing to its name; nothing half-kept
        held_scan = central.blobs / sha[:2] / sha
        assert hashlib.sha256(held_scan.read_bytes()).hexdigest() == sha
    assert not list((central.blobs / "partial").iterdir())
    engine = make_engine(central.db)
    try:
        with engine.connect() as conn:
            held = dict(conn.execute(select(central_dossiers.c.uuid, central_dossiers.c.content_hash)).all())
            held |= dict(conn.execute(select(central_events.c.uuid, central_events.c.content_hash)).all())
            assert conn.scalar(select(func.count()).select_from(central_dossiers)) == dossiers
            assert conn.scalar(select(func.count()).select_from(central_events)) == events
    finally:
        engine.dispose()
    assert held == sent  # every record, once, with the content the desk fixed when it queued it


def test_through_a_faulty_network_every_record_arrives_exactly_once(central: Central, tmp_path: Path):
    station = _desk(tmp_path, central, dossiers=200, transfers=60, scans=40)
    try:
        creds = load_credentials(station.ctx)
        assert creds is not None
        proxy = FaultProxy(central.port, Faults()).start()
        client = SyncClient(proxy.url, creds.credential, timeout=5)
        try:
            rounds = 0
            while sync_status(station.ctx).counts.get("queued", 0) and rounds < 300:
                sync_once(station.ctx, client, batch=5, now_all=True)
                rounds += 1
        finally:
            client.close()
            proxy.stop()
        seen = proxy.faults.seen
        assert all(seen[k] > 0 for k in ("drop", "unavailable", "delay", "cut_request", "cut_response")), seen
        _assert_exactly_once(station, central, dossiers=200, events=260, scans=40)
    finally:
        station.close()


#: Where each kill falls: the ``nth`` request (counted from the start of that sync) whose line starts with
#: the match, held at that stage (see tests/holdproxy.py) — a batch the server committed but the desk never
#: heard of, a batch the server is still working on, a scan cut half-way, a scan complete at the server
#: but not acknowledged, a probe of a scan not yet sent, the feed read but not applied.
KILL_POINTS = (
    ("POST /v1/batch", 2, "answered"),
    ("POST /v1/batch", 1, "sent"),
    ("POST /v1/batch", 2, "half"),
    ("PATCH /v1/blobs/", 1, "half"),
    ("PATCH /v1/blobs/", 3, "answered"),
    ("HEAD /v1/blobs/", 2, "before"),
    ("GET /v1/changes", 1, "answered"),
)


def _wait_held(proxy: HoldProxy, alive: Callable[[], bool], what: str) -> bool:
    """True once the proxy holds the armed request; False if ``alive()`` turns false first (the process
    ended without reaching it). Waits for one of the two events, never for a fixed time."""
    deadline = time.monotonic() + 300  # a hang, not a slow machine: nothing here takes minutes
    while not proxy.held.wait(0.05):
        if not alive():
            return proxy.held.is_set()
        assert time.monotonic() < deadline, f"{what}: neither held nor ended"
    return True


def test_kill_9_of_the_desk_in_the_middle_of_syncing_loses_and_repeats_nothing(
    central: Central, tmp_path: Path
):
    station = _desk(tmp_path, central, dossiers=300, transfers=100, scans=30)
    proxy = HoldProxy(central.port).start()
    move_server(station.ctx, proxy.url)  # the desk reaches the server through the proxy
    station.close()
    data = tmp_path / "desk"
    command = [sys.executable, "-m", "desk_app", "sync", "--once", "--data-dir", str(data)]
    kills: list[str] = []
    try:
        for match, nth, mode in KILL_POINTS:
            proxy.arm(match, nth, mode)
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if _wait_held(proxy, lambda p=proc: p.poll() is None, f"{match} #{nth}"):  # type: ignore[misc]
                proc.send_signal(signal.SIGKILL)
                proc.wait(60)
                kills.append(f"{proxy.held_request} ({mode})")
            else:
                proc.wait(60)
            proxy.release()
        proxy.disarm()
        final = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr
    finally:
        proxy.stop()
    print("desk killed at:", *kills, sep="\n  ")
    assert len(kills) >= 3, kills
    assert any("PATCH" in k for k in kills) and any("batch" in k for k in kills), kills
    station = bootstrap.open_station(data)
    try:
        _assert_exactly_once(station, central, dossiers=300, events=400, scans=30)
    finally:
        station.close()


#: The server's kill points, in the order the desk reaches them (its dossiers and events go before its scans).
SERVER_KILL_POINTS = (
    ("POST /v1/batch", 3, "sent"),
    ("POST /v1/batch", 2, "answered"),
    ("POST /v1/batch", 4, "half"),
    ("PATCH /v1/blobs/", 1, "half"),
    ("PATCH /v1/blobs/", 2, "sent"),
    ("PATCH /v1/blobs/", 3, "answered"),
)


def test_kill_9_of_the_server_in_the_middle_of_requests_loses_and_repeats_nothing(
    central: Central, tmp_path: Path
):
    station = _desk(tmp_path, central, dossiers=250, transfers=50, scans=40)
    creds = load_credentials(station.ctx)
    assert creds is not None
    proxy = HoldProxy(central.port).start()
    client = SyncClient(proxy.url, creds.credential, timeout=60)
    kills: list[str] = []
    done = threading.Event()
    failure: list[BaseException] = []

    def killer() -> None:
        """At each kill point the server is killed with the request in its hands (or its answer on the
        way), then started again, and only then is the held connection let go."""
        try:
            for match, nth, mode in SERVER_KILL_POINTS:
                proxy.arm(match, nth, mode)
                if not _wait_held(proxy, lambda: not done.is_set(), f"{match} #{nth}"):
                    return
                assert central.proc is not None
                central.stop()  # SIGKILL to the server's process group
                kills.append(f"{proxy.held_request} ({mode})")
                central.start()
                proxy.release()
        except BaseException as exc:  # seen by the test below, never lost in the thread
            failure.append(exc)
        finally:
            proxy.disarm()

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        rounds = 0
        while sync_status(station.ctx).counts.get("queued", 0) or thread.is_alive():
            sync_once(station.ctx, client, batch=10, now_all=True)
            rounds += 1
            assert rounds < 500, f"the desk makes no progress (kills so far: {kills})"
        assert not failure, failure
        print("server killed at:", *kills, sep="\n  ")
        assert len(kills) >= 3 and any("PATCH" in k for k in kills), kills
        _assert_exactly_once(station, central, dossiers=250, events=300, scans=40)
    finally:
        done.set()
        thread.join(120)
        client.close()
        proxy.stop()
        station.close()
