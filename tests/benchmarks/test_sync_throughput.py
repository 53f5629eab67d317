"""Sync (issue 6): the desk's drain against a raw httpx loop sending the same bytes to the same server, the
central server's ingest rate, and the desk's memory during the drain.

The server is ``desk-central serve`` (uvicorn, one process) on a private PostgreSQL with its durable
defaults (fsync on), over loopback. The desk's outbox is filled as the app fills it (``enqueue`` with
payloads shaped like a received dossier and its event, one 200 KB scan each in the desk's blob store);
the baseline is a bare ``httpx.Client`` loop issuing the same kinds of request as the drain (dossiers and
events in ``POST /v1/batch`` bodies of 100, then HEAD + PATCH for each scan) for records of its own
(other UUIDs and codes, scan bytes with another first 8 bytes, so the server does the same work), with
every body prepared before the clock starts: the ratio is the desk's own overhead (outbox, states,
acknowledgements, reading the scans). Rounds alternate baseline
and drain so that machine noise hits both; the drain runs in a fresh process (``sync_probe.py``) whose peak
memory before and after the drain is the memory figure.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from desk_app import bootstrap
from desk_app.central.schema import dossiers as central_dossiers
from desk_app.config import Config, Counter
from desk_app.domain.audit import canonical
from desk_app.domain.codes import format_dossier_code, sequence_block
from desk_app.services.attachments import blobs
from desk_app.services.intake import receive_dossier
from desk_app.sync.worker import enroll_station, load_credentials
from tests.actors import ADMIN, OFFICER, add_accounts
from tests.benchmarks.conftest import STRICT, report
from tests.central_server import Central
from tests.conftest import TEST_STATION, walk_in

PROBE = Path(__file__).with_name("sync_probe.py")
DOSSIERS = 10_000 if STRICT else 40
ROUNDS = 4 if STRICT else 2
SCAN_BYTES = 200 * 1024
INGEST = 4_000 if STRICT else 60
INGEST_CLIENTS = 4  # desks sending at once (the server: 2 uvicorn workers, one a core)
PREFIX_DAYS = {"D": 0, "R": 4000, "I": 8000}  # each side's records numbered on days of their own


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A private PostgreSQL with its durable defaults (fsync on): its base URL (``{db}`` for the name)."""
    from tests.pg import private_postgres

    with private_postgres(durable=True) as base:
        yield base


@pytest.fixture(scope="module")
def server(cluster: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    from tests.pg import new_database

    central = Central(tmp_path_factory.mktemp("central"), new_database(cluster), workers=2)
    central.start()
    try:
        yield central
    finally:
        central.stop()


def _digest(payload: dict) -> tuple[str, str]:
    body = canonical(payload)
    return body, hashlib.sha256(body.encode()).hexdigest()


class Desk:
    """An enrolled station whose outbox is filled round by round; the templates come from a real intake."""

    def __init__(self, folder: Path, central: Central, desk_no: int = TEST_STATION.desk) -> None:
        self.folder = folder
        self.station = dataclasses.replace(TEST_STATION, desk=desk_no)  # one station a desk at the server
        st = bootstrap.initialise_station(folder, Config(self.station, Counter(officer_name="Lê Thị Mai")))
        try:
            add_accounts(st.ctx)
            enroll_station(st.ctx, ADMIN, central.url, central.token_for(st.ctx))
            receive_dossier(st.ctx, OFFICER, walk_in(received_at=st.ctx.clock().isoformat()))
            with st.ctx.uow() as uow:
                queued = {r["kind"]: json.loads(r["payload"]) for r in uow.outbox.due(st.ctx.clock(), 10)}
        finally:
            st.close()
        self.dossier, self.event = queued["dossier"], queued["event"]
        self.rng = random.Random(6)

    def records(self, prefix: str, start: int, count: int) -> list[tuple[dict, dict]]:
        out = []
        agency, block = self.station.agency_code, sequence_block(self.station.desk)
        first_day = date(2020, 1, 1) + timedelta(days=PREFIX_DAYS[prefix])
        for i in range(start, start + count):
            d_uuid, e_uuid = str(uuid.uuid4()), str(uuid.uuid4())
            # codes of this desk's own block (the server refuses any other), one a day per block number
            day, seq = first_day + timedelta(days=i // block.size), block.first + i % block.size
            code = format_dossier_code(agency, day, seq)
            dossier = {**self.dossier, "uuid": d_uuid, "code": code}
            out.append((dossier, {**self.event, "uuid": e_uuid, "dossier_uuid": d_uuid}))
        return out

    def queue(self, start: int, count: int) -> list[Path]:
        """Queue ``count`` dossiers, their events and scans as the app does; the scans' files."""
        st = bootstrap.open_station(self.folder)
        files = []
        try:
            store, now = blobs(st.ctx), st.ctx.clock()
            with st.ctx.uow(write=True) as uow:
                for dossier, event in self.records("D", start, count):
                    uow.outbox.enqueue("dossier", dossier["uuid"], dossier["uuid"], dossier, now)
                    uow.outbox.enqueue("event", event["uuid"], dossier["uuid"], event, now)
                    sha = store.put(self.rng.randbytes(SCAN_BYTES))
                    blob = {"sha256": sha, "bytes": SCAN_BYTES, "dossier_uuid": dossier["uuid"], "item": ""}
                    uow.outbox.enqueue("blob", sha, dossier["uuid"], blob, now, once=True)
                    files.append(store.path(sha))
                uow.commit()
        finally:
            st.close()
        return files

    def credential(self) -> str:
        st = bootstrap.open_station(self.folder)
        try:
            creds = load_credentials(st.ctx)
            assert creds is not None
            return creds.credential
        finally:
            st.close()


def _item(kind: str, payload: dict) -> str:
    body, digest = _digest(payload)
    return f'{{"kind":"{kind}","uuid":"{payload["uuid"]}","content_hash":"{digest}","payload":{body}}}'


def _batches(payloads: list[tuple[str, dict]], size: int = 100) -> list[bytes]:
    items = [_item(kind, p) for kind, p in payloads]
    return [f'{{"records":[{",".join(items[i : i + size])}]}}'.encode() for i in range(0, len(items), size)]


Scans = list[tuple[str, str, Path]]  # (sha256, the dossier's UUID, the file)


def _baseline_work(desk: Desk, start: int, files: list[Path]) -> tuple[list[bytes], Scans]:
    """The baseline's requests for one round, every body and hash ready (its scans: ours with another
    first 8 bytes, so the server stores and hashes as much, each of one of its own dossiers)."""
    records = desk.records("R", start, len(files))
    rows = [("dossier", d) for d, _e in records] + [("event", e) for _d, e in records]
    scans = [(hashlib.sha256(b"BASELINE" + path.read_bytes()[8:]).hexdigest(), d["uuid"], path)
             for path, (d, _e) in zip(files, records, strict=True)]  # fmt: skip
    return _batches(rows), scans


def _baseline(url: str, credential: str, work: tuple[list[bytes], Scans]) -> float:
    batches, scans = work
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {credential}"}, timeout=60) as http:
        started = time.perf_counter()
        for body in batches:
            answer = http.post("/v1/batch", content=body, headers={"Content-Type": "application/json"})
            assert answer.status_code == 200
            assert {r["status"] for r in answer.json()["results"]} == {201}
        for sha, dossier, path in scans:
            scan = b"BASELINE" + path.read_bytes()[8:]
            url = f"/v1/blobs/{sha}?dossier={dossier}"
            assert http.head(url).status_code == 200
            headers = {"Upload-Offset": "0", "Upload-Length": str(len(scan)),
                       "Content-Type": "application/offset+octet-stream"}  # fmt: skip
            assert http.patch(url, content=scan, headers=headers).status_code == 204
        return time.perf_counter() - started


def test_drain_against_a_raw_httpx_loop_and_the_desk_memory(server: Central, tmp_path: Path):
    desk = Desk(tmp_path / "desk", server)
    credential = desk.credential()
    per_round = DOSSIERS // ROUNDS
    t_base = t_ours = 0.0
    rises = []
    acknowledged = 0
    for r in range(ROUNDS):
        files = desk.queue(r * per_round, per_round)
        work = _baseline_work(desk, r * per_round, files)
        t_base += _baseline(server.url, credential, work)
        out = subprocess.run([sys.executable, str(PROBE), str(desk.folder)], capture_output=True, text=True,
                             timeout=3600, check=True).stdout  # fmt: skip
        run = json.loads(out.strip().splitlines()[-1])
        assert run["queued"] == 0 and run["attention"] == 0
        t_ours += run["seconds"]
        acknowledged += run["acknowledged"]
        rises.append(run["after_mb"] - run["before_mb"])
    assert acknowledged == 3 * DOSSIERS + 2  # + the template intake's dossier and event
    engine = create_engine(server.db)
    try:
        with engine.connect() as conn:
            held = conn.scalar(select(func.count()).select_from(central_dossiers))
    finally:
        engine.dispose()
    assert held == 2 * DOSSIERS + 1  # ours, the baseline's, the template: each exactly once
    ratio = t_base / t_ours  # our throughput as a share of the raw loop's
    mb = DOSSIERS * SCAN_BYTES / 2**20  # the scans each side sent
    report("sync_drain", dossiers=DOSSIERS, scan_kb=SCAN_BYTES // 1024, raw_s=round(t_base, 2),
           ours_s=round(t_ours, 2), throughput_share=round(ratio, 3), raw_mb_s=round(mb / t_base, 1),
           ours_mb_s=round(mb / t_ours, 1), memory_rise_mb=round(max(rises), 1),
           bound="share >= 0.5, memory rise <= 50 MB")  # fmt: skip
    if STRICT:
        assert ratio >= 0.5
        assert max(rises) <= 50


def test_central_ingest_on_postgresql(server: Central, tmp_path: Path):
    """Dossiers as desks send them (batches of 100, several desks at once), each its own transaction of
    checks and inserts on PostgreSQL with fsync on; the clients are separate processes."""
    desk = Desk(tmp_path / "desk", server, desk_no=3)
    credential = desk.credential()
    records = desk.records("I", 0, INGEST)
    shares = [
        _batches([("dossier", d) for d, _e in records[i::INGEST_CLIENTS]]) for i in range(INGEST_CLIENTS)
    ]
    with multiprocessing.get_context("spawn").Pool(INGEST_CLIENTS) as pool:
        pool.map(_ready, range(INGEST_CLIENTS))  # the clients started and their imports done: not timed
        started = time.perf_counter()
        outcomes = pool.starmap(_ingest_client, [(server.url, credential, share) for share in shares])
        seconds = time.perf_counter() - started
    assert sum(outcomes) == INGEST  # every dossier created, once
    rate = INGEST / seconds
    report("central_ingest", dossiers=INGEST, clients=INGEST_CLIENTS, workers=server.workers,
           seconds=round(seconds, 2), dossiers_per_s=round(rate),
           bound=">= 500 dossiers/s on PostgreSQL")  # fmt: skip
    if STRICT:
        assert rate >= 500


TALLY_ROUNDS = 8 if STRICT else 2  # rounds each side, alternated; a side's figure is its median round
TALLY_INGEST = 12_000 if STRICT else 60  # dossiers a round: ~3 s, long enough to rise above the noise
WARMUP = min(INGEST, 400)


def test_central_ingest_keeps_its_rate_with_the_tally(cluster: str, tmp_path: Path):
    """Issue 19: the ingest above with the tally kept in each batch's transaction, against the same ingest
    with the tally's writes switched off (``DESK_CENTRAL_BENCH_NO_TALLY=1``, read by
    :func:`desk_app.central.tally.flush`): two servers on the same PostgreSQL cluster (fsync on), a
    database each, 4 desks a side (4 stations, a client process each) sending the same kind of
    records; rounds alternate (which side goes
    first swaps each round), every body prepared before the clock starts; each side's rate is its median
    round's."""
    from tests.pg import new_database

    sides = {
        "tally": Central(tmp_path / "with", new_database(cluster), workers=2),
        "bare": Central(tmp_path / "bare", new_database(cluster), workers=2,
                        env={"DESK_CENTRAL_BENCH_NO_TALLY": "1"}),
    }  # fmt: skip
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    try:
        for central in sides.values():
            central.start()
        desks = {  # 4 desks a side, one a client: 4 stations sending at once, as at a province's server
            name: [Desk(tmp_path / f"desk-{name}-{k}", central, desk_no=5 + k) for k in range(INGEST_CLIENTS)]
            for name, central in sides.items()
        }
        credentials = {name: [desk.credential() for desk in row] for name, row in desks.items()}
        with multiprocessing.get_context("spawn").Pool(INGEST_CLIENTS) as pool:
            pool.map(_ready, range(INGEST_CLIENTS))  # the clients started and their imports done: not timed

            def ingest(name: str, start: int, count: int) -> float:
                each = count // INGEST_CLIENTS
                jobs = []
                for k, desk in enumerate(desks[name]):
                    records = desk.records("I", start // INGEST_CLIENTS, each)
                    share = _batches([("dossier", d) for d, _e in records])
                    jobs.append((sides[name].url, credentials[name][k], share))
                started = time.perf_counter()
                outcomes = pool.starmap(_ingest_client, jobs)
                elapsed = time.perf_counter() - started
                assert sum(outcomes) == each * INGEST_CLIENTS  # every dossier created, once
                return elapsed

            for name in sides:  # each server's workers warmed up (connections, the credential): not timed
                ingest(name, 0, WARMUP)
            for r in range(TALLY_ROUNDS):
                for name in ["tally", "bare"] if r % 2 == 0 else ["bare", "tally"]:
                    seconds[name].append(ingest(name, WARMUP + r * TALLY_INGEST, TALLY_INGEST))
        tallied = {name: _tallied(central.db) for name, central in sides.items()}
    finally:
        for central in sides.values():
            central.stop()
    assert tallied == {"tally": WARMUP + TALLY_ROUNDS * TALLY_INGEST, "bare": 0}  # the switch worked
    rate = {name: TALLY_INGEST / statistics.median(times) for name, times in seconds.items()}
    ratio = rate["tally"] / rate["bare"]
    report("central_ingest_tally", dossiers_per_round=TALLY_INGEST, rounds=TALLY_ROUNDS,
           clients=INGEST_CLIENTS,
           workers=2, tally_dossiers_per_s=round(rate["tally"]), bare_dossiers_per_s=round(rate["bare"]),
           ratio=round(ratio, 3),
           tally_rounds_s=" ".join(f"{t:.2f}" for t in seconds["tally"]),
           bare_rounds_s=" ".join(f"{t:.2f}" for t in seconds["bare"]),
           bound="ratio >= 0.90 (same run, tally writes off)")  # fmt: skip
    if STRICT:
        assert ratio >= 0.90


def _tallied(db: str) -> int:
    from desk_app.central.schema import tally

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.coalesce(func.sum(tally.c.received), 0))) or 0)
    finally:
        engine.dispose()


def _ready(_n: int) -> bool:
    return True


def _ingest_client(url: str, credential: str, batches: list[bytes]) -> int:
    created = 0
    headers = {"Authorization": f"Bearer {credential}", "Content-Type": "application/json"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
        for body in batches:
            answer = http.post("/v1/batch", content=body)
            answer.raise_for_status()
            created += sum(1 for r in answer.json()["results"] if r["status"] == 201)
    return created
