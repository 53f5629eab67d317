"""The reference central server's HTTP API (FastAPI): protocol version 1, documented by its OpenAPI.

Every endpoint but enrolment needs ``Authorization: Bearer <station credential>``, checked — with the
body's size — before a byte of the body is read (:class:`Gate`). Answers (what each means to a desk:
:mod:`desk_app.sync.policy`; a refusal is ``{"detail": {"reason", "detail"}}``):

* ``POST /v1/enroll`` {token, agency_code, desk, block_size} → {station_id, credential}; 403 for a token
  unknown, used, expired or issued for another desk, or a desk enrolled already;
* ``GET /v1/probe`` → {protocol, server_time, station_id}: the desk's test of being online;
* ``PUT /v1/dossiers/{uuid}`` {content_hash, payload} → 201 first time, 200 with the same answer for a
  repeat; 409 (other content, a code of another dossier, a wrong hash); 403 for a code outside the
  caller's agency and desk block;
* ``PUT /v1/events/{uuid}`` {content_hash, payload with dossier_uuid} → 201 / 200 / 409; 404 while the
  dossier is not there yet (the desk retries); 403 for another station's dossier, or a kind or status the
  life-cycle does not know;
* ``POST /v1/batch`` {records: [{kind, uuid, content_hash, payload}]} (≤ 500, dossiers before their
  events) → {results: [{uuid, status, …}]}: each record as its PUT would answer it, one transaction;
* ``HEAD``/``PATCH /v1/blobs/{sha256}?dossier=UUID``: resumable scan upload of the caller's dossier
  (Upload-Offset / Upload-Length), streamed to disk;
* ``POST /v1/audit-head`` {last_id, last_hash, count} → the anchor kept; ``GET /v1/audit-heads`` → the
  station's anchors, oldest first;
* ``GET /v1/changes?since=N&limit=M`` → {changes: [{seq, kind, payload}], cursor, more};
* ``GET /v1/reference/{kind}`` → {kind, version, content_hash, content}; 404 if none.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from desk_app.atomic import write_text
from desk_app.central import feed, stations, store
from desk_app.central.blobs import BlobError, Blobs, BlobStore
from desk_app.central.db import make_engine, migrate
from desk_app.central.replica import ReadSource
from desk_app.sync.policy import STATUS_OF, Reason

log = logging.getLogger("desk_app.central")
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RecordId = Annotated[str, PathParam(pattern=UUID_PATTERN)]
BlobId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]
DossierOfBlob = Annotated[str, Query(pattern=UUID_PATTERN, description="the dossier the scan belongs to")]
#: The largest body by default: a batch of 500 dossiers of ~20 KB each, with room to spare; scans travel in
#: 1 MiB chunks.
DEFAULT_MAX_BODY = 16 * 1024 * 1024
SWEEP_EVERY_S = 3600.0

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Enrolment(BaseModel):
    token: str = Field(min_length=8, max_length=200)
    agency_code: str = Field(min_length=1, max_length=40)
    desk: int = Field(ge=1, le=stations.MAX_DESK)
    block_size: int = Field(default=stations.DEFAULT_BLOCK, ge=10, le=10_000)


class Enrolled(BaseModel):
    station_id: int
    credential: str


class Probe(BaseModel):
    protocol: int
    server_time: str
    station_id: int


class RecordIn(BaseModel):
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    payload: dict[str, Any]


class Change(BaseModel):
    seq: int
    kind: str
    payload: dict[str, Any]


class Changes(BaseModel):
    changes: list[Change]
    cursor: int
    more: bool


class ReferenceDocument(BaseModel):
    kind: str
    version: int
    content_hash: str
    content: str


class BatchRecord(BaseModel):
    kind: Literal["dossier", "event"]
    uuid: str = Field(pattern=UUID_PATTERN)
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    payload: dict[str, Any]


class Batch(BaseModel):
    records: list[BatchRecord] = Field(min_length=1, max_length=500)


class BatchResult(BaseModel):
    uuid: str
    status: int  # 201 created, 200 a repeat, or the refusal's status (desk_app.sync.policy)
    code: str | None = None
    accepted_at: str | None = None
    reason: str | None = None
    detail: str | None = None


class BatchResults(BaseModel):
    results: list[BatchResult]


class Accepted(BaseModel):
    uuid: str
    code: str | None = None
    accepted_at: str | None = None


class AuditHead(BaseModel):
    last_id: int = Field(ge=0, le=2**62)
    last_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    count: int = Field(ge=0, le=2**62)


class AuditAnchor(AuditHead):
    received_at: str


class AuditAnchors(BaseModel):
    heads: list[AuditAnchor]  # oldest first


class Credentials:
    """Station credentials checked against the DB, a good one remembered for a minute: on a busy server that
    is one DB round trip less on every request. No worker keeps one a moment past a revocation: every
    enrolment (a replaced PC's revokes the old credential) replaces a stamp file in the blob folder, which
    all workers share, and each look-up compares the stamp (a ``stat``, microseconds) before it trusts what
    it remembers."""

    TTL_S = 60.0

    def __init__(self, engine: Any, stamp: Path) -> None:
        self.engine, self.stamp = engine, stamp
        self.known: dict[str, tuple[stations.Station, float]] = {}
        self.seen: tuple[int, int] | None = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.stamp.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def cached(self, credential: str) -> stations.Station | None:
        """The station if this credential was good a moment ago and nobody enrolled since (a stat, no DB)."""
        stamp = self._stamp()
        if stamp != self.seen:
            self.known.clear()
            self.seen = stamp
        hit = self.known.get(credential)
        return hit[0] if hit is not None and hit[1] > time.monotonic() else None

    def check(self, credential: str, build: str = "") -> stations.Station:
        """The station of ``credential`` from the DB (Refused: unknown or revoked), remembered; its last
        contact (and the desk's build) noted — once a minute at most, when the memory is refreshed."""
        found = stations.authenticate(self.engine, credential)
        stations.saw(self.engine, found.id, build)
        if len(self.known) > 10_000:
            self.known.clear()
        self.known[credential] = (found, time.monotonic() + self.TTL_S)
        return found

    def forget_all(self) -> None:
        """An enrolment happened: every worker forgets the credentials it remembers."""
        write_text(self.stamp, stations.now_iso())  # a new inode: seen whatever the clock's resolution
        self.known.clear()


class Gate:
    """ASGI middleware in front of the API: who is asking, and how much they send, are checked before a
    byte of the body is read. A request to ``/v1/`` (but enrolment) without a good credential gets 401; a
    body over the cap gets 413, a body that does not say its length 411 — the body is never read."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], credentials: Credentials,
                 max_body: int):  # fmt: skip
        self.app, self.credentials, self.max_body = app, credentials, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = str(scope["path"])
        if path.startswith("/v1/") and path != "/v1/enroll":
            scheme, _, credential = headers.get("authorization", "").partition(" ")
            try:
                if scheme.lower() != "bearer":
                    raise stations.Refused(Reason.CREDENTIAL, "no station credential (Authorization: Bearer)")
                credential = credential.strip()
                build = headers.get("x-desk-build", "")
                scope["desk_station"] = self.credentials.cached(credential) or await run_in_threadpool(
                    self.credentials.check, credential, build
                )
            except stations.Refused as exc:
                if exc.reason is Reason.REVOKED:
                    log.warning("a revoked credential of station %s was used", credential.partition(".")[0])
                await _answer(send, exc.status, exc.body(), {"www-authenticate": "Bearer"})
                return
        length = headers.get("content-length")
        if length is None and "transfer-encoding" in headers:
            await _answer(send, 411, {"reason": Reason.LENGTH.value, "detail": "a body must say its length"})
            return
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            detail = f"the body is over the server's cap of {self.max_body} bytes"
            await _answer(
                send, STATUS_OF[Reason.TOO_LARGE], {"reason": Reason.TOO_LARGE.value, "detail": detail}
            )
            return
        await self.app(scope, receive, send)


async def _answer(
    send: Send, status: int, detail: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]  # fmt: skip
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class KnownOwners:
    """Which station each dossier is, for the scans sent of it: a dossier's station never changes once it
    is stored (a replaced PC keeps its desk's station), so an answer found is kept (bounded) and the PATCH
    that follows a HEAD does not ask the DB again. A refusal is never kept."""

    def __init__(self, engine: Any, size: int = 100_000) -> None:
        self.engine, self.size = engine, size
        self.known: set[tuple[int, str]] = set()

    def check(self, station: stations.Station, sha256: str, dossier: str) -> None:
        if (station.id, dossier) in self.known:
            return
        store.scan_owner(self.engine, station, sha256, dossier)
        self.remember(station, dossier)

    def remember(self, station: stations.Station, dossier: str) -> None:
        """``dossier`` is ``station``'s (it was stored for it, or found so)."""
        if len(self.known) >= self.size:
            self.known.clear()
        self.known.add((station.id, dossier))


def current_station(request: Request) -> stations.Station:
    """The calling station, authenticated by the :class:`Gate` before the body was read."""
    found = request.scope.get("desk_station")
    if found is None:  # not through the gate: never answered without a credential
        raise HTTPException(401, {"reason": Reason.CREDENTIAL.value, "detail": "unknown station credential"})
    return found  # type: ignore[no-any-return]


Caller = Annotated[stations.Station, Depends(current_station)]


def _refused(exc: stations.Refused) -> HTTPException:
    return HTTPException(exc.status, exc.body())


def app_from_environment() -> FastAPI:
    """The app of each worker process of ``desk-central serve --workers N`` (uvicorn's factory): the DB,
    blob folder, body cap and read replica from ``DESK_CENTRAL_DB`` / ``DESK_CENTRAL_BLOBS`` /
    ``DESK_CENTRAL_MAX_BODY`` / ``DESK_CENTRAL_READ_DB`` / ``DESK_CENTRAL_STALE_HOURS`` (set by the command,
    which migrated the DB before starting the workers)."""
    return create_app(os.environ["DESK_CENTRAL_DB"], Path(os.environ["DESK_CENTRAL_BLOBS"]), migrated=True,
                      max_body=int(os.environ.get("DESK_CENTRAL_MAX_BODY", DEFAULT_MAX_BODY)),
                      read_db=os.environ.get("DESK_CENTRAL_READ_DB") or None,
                      stale_hours=float(os.environ.get("DESK_CENTRAL_STALE_HOURS") or 24))  # fmt: skip


def create_app(
    db_url: str,
    blobs_dir: Path | None = None,
    *,
    migrated: bool = False,
    max_body: int = DEFAULT_MAX_BODY,
    read_db: str | None = None,
    stale_hours: float = 24,
    blob_store: Blobs | None = None,
) -> FastAPI:
    """The app on ``db_url`` (migrated unless ``migrated``); the provincial view's pages read their figures
    from ``read_db``, a PostgreSQL streaming replica, when given and fresh enough (never migrated: it
    replays the primary); the overview flags a station silent for more than ``stale_hours``. Scans go to
    ``blob_store`` when given (any :class:`~desk_app.central.blobs.Blobs`), else to files in ``blobs_dir``."""
    engine = make_engine(db_url)
    if not migrated:
        migrate(engine)
    read_source = ReadSource(engine, read_db)
    folder = blobs_dir or Path(tempfile.mkdtemp(prefix="central-blobs-"))
    store_blobs: Blobs = blob_store or BlobStore(folder)
    folder.mkdir(parents=True, exist_ok=True)
    owners = KnownOwners(engine)
    credentials = Credentials(engine, folder / "enrolled.stamp")

    async def sweep() -> None:
        removed = await run_in_threadpool(store_blobs.sweep)
        if removed:
            log.info("removed %d unfinished upload(s) older than a day", removed)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """Unfinished uploads older than a day are removed before the first request, then every hour."""
        await sweep()

        async def hourly() -> None:
            while True:
                await asyncio.sleep(SWEEP_EVERY_S)
                await sweep()

        sweeper = asyncio.create_task(hourly())
        yield
        sweeper.cancel()
        await run_in_threadpool(read_source.dispose)

    app = FastAPI(title="desk_app central server", version=f"{store.PROTOCOL}.0", lifespan=lifespan)
    app.state.engine = engine
    app.state.read_source = read_source
    from desk_app.central.web import make_router  # the provincial view's pages (issue 19)

    app.include_router(make_router(engine, timedelta(hours=stale_hours), read=read_source))
    app.state.blobs_dir = blobs_dir
    app.add_middleware(Gate, credentials=credentials, max_body=max_body)

    @app.post("/v1/enroll", response_model=Enrolled, status_code=201, responses={403: {}})
    def enroll(body: Enrolment) -> Enrolled:
        try:
            station_id, credential = stations.enroll(engine, body.token, body.agency_code, body.desk,
                                                     body.block_size)  # fmt: skip
        except stations.Refused as exc:
            raise _refused(exc) from None
        credentials.forget_all()  # a replaced PC's credential was revoked: no worker trusts it any more
        return Enrolled(station_id=station_id, credential=credential)

    @app.get("/v1/probe", response_model=Probe)
    def probe(caller: Caller) -> Probe:
        return Probe(protocol=store.PROTOCOL, server_time=stations.now_iso(), station_id=caller.id)

    def _put(kind: str, caller: stations.Station, uuid: str, body: RecordIn, response: Response) -> Accepted:
        try:
            created, answer = store.put_record(engine, caller, kind, uuid, body.model_dump())
        except stations.Refused as exc:
            raise _refused(exc) from None
        response.status_code = 201 if created else 200
        if kind == "dossier":
            owners.remember(caller, uuid)
        return Accepted(**answer)

    @app.put("/v1/dossiers/{uuid}", response_model=Accepted, responses={201: {}, 403: {}, 409: {}})
    def put_dossier(uuid: RecordId, body: RecordIn, caller: Caller, response: Response) -> Accepted:
        return _put("dossier", caller, uuid, body, response)

    @app.put("/v1/events/{uuid}", response_model=Accepted, responses={201: {}, 403: {}, 404: {}, 409: {}})
    def put_event(uuid: RecordId, body: RecordIn, caller: Caller, response: Response) -> Accepted:
        return _put("event", caller, uuid, body, response)

    @app.post("/v1/batch", response_model=BatchResults)
    def batch(body: Batch, caller: Caller) -> BatchResults:
        records = [r.model_dump() for r in body.records]
        results = store.put_batch(engine, caller, records)
        for record, result in zip(records, results, strict=True):
            if record["kind"] == "dossier" and result["status"] in (200, 201):
                owners.remember(caller, record["uuid"])  # its scans follow on this connection
        return BatchResults(results=[BatchResult(**r) for r in results])

    @app.post("/v1/audit-head", response_model=AuditAnchor)
    def audit_head(body: AuditHead, caller: Caller) -> AuditAnchor:
        return AuditAnchor(
            **store.record_audit_head(engine, caller, body.last_id, body.last_hash, body.count)
        )

    @app.get("/v1/audit-heads", response_model=AuditAnchors)
    def audit_heads(caller: Caller) -> AuditAnchors:
        return AuditAnchors(heads=[AuditAnchor(**h) for h in store.audit_heads(engine, caller)])

    @app.get("/v1/changes", response_model=Changes)
    def changes(
        caller: Caller,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> Changes:
        return Changes(**feed.changes_since(engine, caller, since, limit))

    @app.get("/v1/reference/{kind}", response_model=ReferenceDocument, responses={404: {}})
    def reference(kind: Annotated[str, PathParam(pattern=r"^(catalogue|calendar-[0-9]{4})$")],
                  caller: Caller) -> ReferenceDocument:  # fmt: skip
        found = feed.latest_reference(engine, kind)
        if found is None:
            raise HTTPException(404, {"reason": Reason.NOT_YET.value, "detail": f"no {kind} published"})
        return ReferenceDocument(**found)

    @app.head("/v1/blobs/{sha256}", responses={200: {"description": "Upload-Offset: bytes held"}, 403: {},
                                               404: {}})  # fmt: skip
    def blob_offset(sha256: BlobId, dossier: DossierOfBlob, caller: Caller) -> Response:
        try:
            owners.check(caller, sha256, dossier)
        except stations.Refused as exc:
            raise _refused(exc) from None
        held, complete = store_blobs.offset(sha256)
        return Response(
            status_code=200, headers={"Upload-Offset": str(held), "Upload-Complete": str(int(complete))}
        )

    @app.patch("/v1/blobs/{sha256}", status_code=204, responses={403: {}, 404: {}, 409: {}, 413: {}, 422: {}})
    async def blob_append(
        sha256: BlobId,
        dossier: DossierOfBlob,
        request: Request,
        caller: Caller,
        upload_offset: Annotated[int, Header(ge=0, le=2**62)],
        upload_length: Annotated[int, Header(ge=1, le=2**62)],
    ) -> Response:
        try:
            await run_in_threadpool(owners.check, caller, sha256, dossier)
        except stations.Refused as exc:
            raise _refused(exc) from None
        declared = request.headers.get("content-length")
        try:
            upload = await run_in_threadpool(store_blobs.open_upload, sha256, upload_offset, upload_length,
                                             int(declared) if declared else None)  # fmt: skip
            if upload is None:
                held, complete = store_blobs.offset(sha256)
            else:
                try:
                    async for chunk in request.stream():  # to disk as it arrives, never past the length
                        upload.write(chunk)
                    held, complete = await run_in_threadpool(upload.finish)
                finally:
                    await run_in_threadpool(upload.close)
        except BlobError as exc:
            headers = {"Upload-Offset": str(exc.offset)} if exc.offset is not None else {}
            raise HTTPException(exc.status, exc.body(), headers=headers) from None
        except ClientDisconnect:  # what arrived is kept: the desk resumes from the server's offset
            return Response(status_code=400)
        return Response(
            status_code=204, headers={"Upload-Offset": str(held), "Upload-Complete": str(int(complete))}
        )

    return app
