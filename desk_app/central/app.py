"""The reference central server's HTTP API (FastAPI): protocol version 1, documented by its OpenAPI.

Every endpoint but enrolment needs ``Authorization: Bearer <station credential>``. Answers:
* ``POST /v1/enroll`` {token, agency_code, desk} → {station_id, credential}; a used or expired token: 403;
* ``GET /v1/probe`` → {protocol, server_time, station_id}: the desk's test of being online (a captive
  portal's page is not this JSON);
* ``PUT /v1/dossiers/{uuid}`` {content_hash, payload} → 201 first time, 200 with the same answer for a
  repeat; 409 {reason: content | code | hash} for other content or a code of another dossier;
* ``PUT /v1/events/{uuid}`` {content_hash, payload with dossier_uuid} → 201 / 200 / 409; 404 while the
  dossier is not there yet (the desk retries);
* ``POST /v1/batch`` {records: [{kind, uuid, content_hash, payload}]} (≤ 500, dossiers before their
  events) → {results: [{uuid, status, …}]}: each record as its PUT would answer it, all in one
  transaction — the desk's drain sends its dossiers and events this way;
* ``HEAD``/``PATCH /v1/blobs/{sha256}``: resumable scan upload (Upload-Offset / Upload-Length);
* ``GET /v1/changes?since=N&limit=M`` → {changes: [{seq, kind, payload}], cursor, more}: the station's
  status updates and every reference announcement after its cursor;
* ``GET /v1/reference/{kind}`` → {kind, version, content_hash, content}: the latest published document
  (``catalogue``, ``calendar-2027``); 404 if none.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from desk_app.central import feed, store
from desk_app.central.blobs import BlobError, BlobStore
from desk_app.central.db import make_engine, migrate

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RecordId = Annotated[str, PathParam(pattern=UUID_PATTERN)]
BlobId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]


class Enrolment(BaseModel):
    token: str = Field(min_length=8, max_length=200)
    agency_code: str = Field(min_length=1, max_length=40)
    desk: int = Field(ge=1, le=99)


class Enrolled(BaseModel):
    station_id: int
    credential: str


class Probe(BaseModel):
    protocol: int
    server_time: str
    station_id: int


class DossierIn(BaseModel):
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    payload: dict[str, Any]


class EventIn(BaseModel):
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
    status: int  # 201 created, 200 a repeat, 409 conflict, 404 the event's dossier not here yet, 422
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


class Credentials:
    """Station credentials checked against the DB, a good one remembered for a minute (one query less per
    request on the hot path; an unknown one is asked every time)."""

    TTL_S = 60.0

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.known: dict[str, tuple[store.Station, float]] = {}

    def check(self, credential: str) -> store.Station | None:
        hit = self.known.get(credential)
        now = time.monotonic()
        if hit is not None and hit[1] > now:
            return hit[0]
        found = store.authenticate(self.engine, credential)
        if found is not None:
            if len(self.known) > 10_000:
                self.known.clear()
            self.known[credential] = (found, now + self.TTL_S)
        return found


def current_station(request: Request, authorization: Annotated[str | None, Header()] = None) -> store.Station:
    """The calling station, from ``Authorization: Bearer <credential>``; 401 otherwise."""
    scheme, _, credential = (authorization or "").partition(" ")
    found = request.app.state.credentials.check(credential.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise HTTPException(401, "unknown station credential", headers={"WWW-Authenticate": "Bearer"})
    return found


Caller = Annotated[store.Station, Depends(current_station)]


def app_from_environment() -> FastAPI:
    """The app of each worker process of ``desk-central serve --workers N`` (uvicorn's factory): the DB
    and blob folder from ``DESK_CENTRAL_DB`` / ``DESK_CENTRAL_BLOBS`` (set by the command, which migrated
    the DB before starting the workers)."""
    return create_app(os.environ["DESK_CENTRAL_DB"], Path(os.environ["DESK_CENTRAL_BLOBS"]), migrated=True)


def create_app(db_url: str, blobs_dir: Path | None = None, *, migrated: bool = False) -> FastAPI:
    engine = make_engine(db_url)
    if not migrated:
        migrate(engine)
    app = FastAPI(title="desk_app central server", version=f"{store.PROTOCOL}.0")
    app.state.engine = engine
    app.state.credentials = Credentials(engine)
    app.state.blobs_dir = blobs_dir
    store_blobs = BlobStore(blobs_dir or Path(tempfile.mkdtemp(prefix="central-blobs-")))

    @app.post("/v1/enroll", response_model=Enrolled, status_code=201)
    def enroll(body: Enrolment) -> Enrolled:
        try:
            station_id, credential = store.enroll(engine, body.token, body.agency_code, body.desk)
        except store.Refused as exc:
            raise HTTPException(exc.status, exc.body()) from None
        return Enrolled(station_id=station_id, credential=credential)

    @app.get("/v1/probe", response_model=Probe)
    def probe(caller: Caller) -> Probe:
        return Probe(protocol=store.PROTOCOL, server_time=store.now_iso(), station_id=caller.id)

    def _put(
        kind: str, caller: store.Station, uuid: str, body: DossierIn | EventIn, response: Response
    ) -> Accepted:
        try:
            put = store.put_dossier if kind == "dossier" else store.put_event
            created, answer = put(engine, caller, uuid, body.model_dump())
        except store.Refused as exc:
            raise HTTPException(exc.status, exc.body()) from None
        response.status_code = 201 if created else 200
        return Accepted(**answer)

    @app.put("/v1/dossiers/{uuid}", response_model=Accepted, responses={409: {}, 201: {}})
    def put_dossier(uuid: RecordId, body: DossierIn, caller: Caller,
                    response: Response) -> Accepted:  # fmt: skip
        return _put("dossier", caller, uuid, body, response)

    @app.put("/v1/events/{uuid}", response_model=Accepted, responses={404: {}, 409: {}, 201: {}})
    def put_event(uuid: RecordId, body: EventIn, caller: Caller,
                  response: Response) -> Accepted:  # fmt: skip
        return _put("event", caller, uuid, body, response)

    @app.post("/v1/batch", response_model=BatchResults)
    def batch(body: Batch, caller: Caller) -> BatchResults:
        records = [r.model_dump() for r in body.records]
        return BatchResults(results=[BatchResult(**r) for r in store.put_batch(engine, caller, records)])

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
            raise HTTPException(404, f"no {kind} published")
        return ReferenceDocument(**found)

    @app.head("/v1/blobs/{sha256}", responses={200: {"description": "Upload-Offset: bytes held"}})
    def blob_offset(sha256: BlobId, caller: Caller) -> Response:
        held, complete = store_blobs.offset(sha256)
        return Response(
            status_code=200, headers={"Upload-Offset": str(held), "Upload-Complete": str(int(complete))}
        )

    @app.patch("/v1/blobs/{sha256}", status_code=204, responses={409: {}, 413: {}, 422: {}})
    async def blob_append(
        sha256: BlobId,
        request: Request,
        caller: Caller,
        upload_offset: Annotated[int, Header(ge=0)],
        upload_length: Annotated[int, Header(ge=1)],
    ) -> Response:
        chunk = await request.body()
        try:
            held, complete = await run_in_threadpool(
                store_blobs.append, sha256, upload_offset, upload_length, chunk
            )
        except BlobError as exc:
            headers = {"Upload-Offset": str(exc.offset)} if exc.offset is not None else {}
            raise HTTPException(exc.status, exc.detail, headers=headers) from None
        return Response(
            status_code=204, headers={"Upload-Offset": str(held), "Upload-Complete": str(int(complete))}
        )

    return app
