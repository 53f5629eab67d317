"""What flows from the central server to the desks: status updates and reference data, as one feed.

* A processing department records what happened to a dossier (``desk-central update CODE --action
  result-received``): checked against the life-cycle table from the status the server knows, stored as an
  event of the dossier, and put in the feed of the station that received it.
* IT publishes reference data (``desk-central publish catalogue|calendar FILE``): validated by the desk's
  own parsers (a broken file is never published), versioned per kind, announced in every station's feed;
  publishing the same content again is not a new version.
* A desk reads the feed after its cursor (``GET /v1/changes?since=N``) and fetches announced documents
  (``GET /v1/reference/{kind}``).
"""

from __future__ import annotations

import json
import tomllib
import uuid as uuidlib
from typing import Any

from sqlalchemy import Engine, insert, or_, select, update

from desk_app.central.schema import changes, dossiers, events, reference_documents
from desk_app.central.stations import Station, now_iso
from desk_app.central.store import content_hash
from desk_app.domain.calendar import parse_year_file
from desk_app.domain.catalogue import parse_catalogue
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import Action, Status, target_status

#: What a processing department may report (the rest happens at the counter).
DEPARTMENT_ACTIONS = (Action.RESULT_RECEIVED, Action.REQUEST_SUPPLEMENT, Action.REFUSE)


class FeedError(Exception):
    """A refused update or publication; the message says why, in one line."""


def record_update(
    engine: Engine, code: str, action: str, by: str, reason: str = "", agency: str | None = None
) -> dict[str, Any]:
    """A department's update of dossier ``code``: the event stored and queued for its station."""
    try:
        wanted = Action(action)
    except ValueError:
        raise FeedError(f"unknown action {action!r}") from None
    if wanted not in DEPARTMENT_ACTIONS:
        allowed = ", ".join(a.value for a in DEPARTMENT_ACTIONS)
        raise FeedError(f"a department reports only {allowed}")
    if wanted is not Action.RESULT_RECEIVED and not reason.strip():
        raise FeedError(f"{wanted.value} needs a reason (--reason)")
    with engine.begin() as conn:
        query = select(dossiers.c.uuid, dossiers.c.status, dossiers.c.station_id, dossiers.c.agency_code)
        query = query.where(dossiers.c.code == code)
        if agency:
            query = query.where(dossiers.c.agency_code == agency)
        rows = conn.execute(query).all()
        if not rows:
            raise FeedError(f"no dossier {code} on the server (not synced yet?)")
        if len(rows) > 1:
            raise FeedError(f"{code} exists in several agencies: name one with --agency")
        row = rows[0]
        target = target_status(Status(row.status), wanted)
        if target is None:
            raise FeedError(f"{wanted.value} is not possible for {code} in status {row.status}")
        event_uuid = str(uuidlib.uuid4())
        payload = {"protocol": 1, "uuid": event_uuid, "dossier_uuid": row.uuid, "kind": wanted.value,
                   "at": now_iso(), "actor": by, "reason": reason.strip(), "data": {"origin": "central"},
                   "status": target.value}  # fmt: skip
        body = json.dumps(payload, ensure_ascii=False)
        conn.execute(insert(events), {"uuid": event_uuid, "dossier_uuid": row.uuid,
                                      "content_hash": content_hash(payload), "payload": body,
                                      "accepted_at": payload["at"]})  # fmt: skip
        conn.execute(update(dossiers).where(dossiers.c.uuid == row.uuid).values(status=target.value))
        conn.execute(insert(changes), {"station_id": row.station_id, "kind": "status",
                                       "dossier_uuid": row.uuid, "payload": body,
                                       "created_at": payload["at"]})  # fmt: skip
    return payload


def reference_kind(kind: str, content: str) -> str:
    """Validate a document with the desk's parsers; its feed kind (``catalogue``, ``calendar-2027``)."""
    try:
        if kind == "catalogue":
            data = json.loads(content)
            if not isinstance(data, dict):
                raise FeedError("a catalogue is a JSON object with 'procedures'")
            parse_catalogue(data)
            return "catalogue"
        if kind == "calendar":
            return f"calendar-{parse_year_file(content).year}"
    except (DeskError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FeedError(f"the {kind} file is not valid: {exc}".splitlines()[0]) from None
    raise FeedError(f"unknown reference kind {kind!r} (catalogue or calendar)")


def publish(engine: Engine, kind: str, content: str) -> tuple[str, int, bool]:
    """(feed kind, version, new?) — the same content as the latest version is not published again."""
    name = reference_kind(kind, content)
    digest = content_hash({"content": content})
    docs = reference_documents.c
    with engine.begin() as conn:
        latest = conn.execute(select(docs.version, docs.content_hash).where(docs.kind == name)
                              .order_by(docs.version.desc()).limit(1)).first()  # fmt: skip
        if latest is not None and latest.content_hash == digest:
            return name, int(latest.version), False
        version = (latest.version if latest is not None else 0) + 1
        at = now_iso()
        conn.execute(insert(reference_documents), {"kind": name, "version": version, "content": content,
                                                   "content_hash": digest, "published_at": at})  # fmt: skip
        announce = {"kind": name, "version": version, "content_hash": digest}
        conn.execute(insert(changes), {"station_id": None, "kind": "reference", "dossier_uuid": None,
                                       "payload": json.dumps(announce), "created_at": at})  # fmt: skip
    return name, version, True


def changes_since(engine: Engine, station: Station, since: int, limit: int) -> dict[str, Any]:
    """The station's feed after ``since``: its dossiers' updates and every reference announcement."""
    c = changes.c
    mine = or_(c.station_id == station.id, c.station_id.is_(None))
    with engine.connect() as conn:
        rows = conn.execute(select(c.seq, c.kind, c.payload).where(mine, c.seq > since)
                            .order_by(c.seq).limit(limit + 1)).all()  # fmt: skip
    more = len(rows) > limit
    items = [{"seq": r.seq, "kind": r.kind, "payload": json.loads(r.payload)} for r in rows[:limit]]
    return {"changes": items, "cursor": items[-1]["seq"] if items else since, "more": more}


def latest_reference(engine: Engine, kind: str) -> dict[str, Any] | None:
    docs = reference_documents.c
    with engine.connect() as conn:
        query = select(docs.kind, docs.version, docs.content_hash, docs.content).where(docs.kind == kind)
        row = conn.execute(query.order_by(docs.version.desc()).limit(1)).first()
    if row is None:
        return None
    return {"kind": row.kind, "version": row.version, "content_hash": row.content_hash,
            "content": row.content}  # fmt: skip
