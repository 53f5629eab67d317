"""Syncing with the central server: enrolment, one drain of the outbox, and the state of it all.

A round (:func:`sync_once`) first asks the authenticated probe whether the server is really there (the
OS's "connected" flag and a captive portal's 200 are not trusted), then sends due records — dossiers before
their events — acknowledging each as the server accepts it (committed one by one: a crash or kill loses
nothing, and the server answers a repeat with its first answer). A refused record goes to "needs attention"
and the drain goes on; a record that cannot be sent now waits with exponential backoff and jitter (capped);
when the server stops answering the drain stops and the rest stays queued. Then the changes feed is read
and applied (:mod:`desk_app.services.changes`), and the audit trail's head is anchored at the server
(:mod:`desk_app.sync.anchor`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desk_app.atomic import write_text
from desk_app.domain.accounts import Permission, User
from desk_app.domain.errors import DeskError
from desk_app.domain.model import parse_datetime
from desk_app.services.accounts import check
from desk_app.services.changes import FeedReport, pull_changes
from desk_app.services.context import DeskContext
from desk_app.storage.uow import UnitOfWork
from desk_app.sync.anchor import send_head
from desk_app.sync.client import (
    Credentials,
    NotBatched,
    NotYet,
    Offline,
    Rejected,
    SyncClient,
    SyncFailure,
    plain_http_allowed,
    trusted,
)
from desk_app.sync.policy import Reason, Verdict, backoff, error_text, officer_text, verdict

log = logging.getLogger("desk_app.sync.worker")
CREDENTIALS = "sync.json"  # in the data directory, mode 0600: the station's credential
CLOCK_SKEW_WARN_S = 300
Record = dict[str, Any]  # an outbox row as ``OutboxRepository.due`` gives it


@dataclass
class SyncReport:
    sent: int = 0
    acknowledged: int = 0
    attention: int = 0
    waiting: int = 0  # retried later (backoff)
    queued: int = 0  # left queued at the end
    offline: str | None = None  # why the drain stopped, if it did
    clock_skew_s: float | None = None
    feed: FeedReport | None = None  # what the changes feed brought (None: not read, offline)
    audit_problem: str | None = None  # the trail on this PC does not chain to its last anchor: not anchored


def credentials_path(ctx: DeskContext) -> Path:
    return ctx.data_dir / CREDENTIALS


def load_credentials(ctx: DeskContext) -> Credentials | None:
    path = credentials_path(ctx)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Credentials(str(data["server"]), int(data["station_id"]), str(data["credential"]))


def _save_credentials(ctx: DeskContext, creds: Credentials) -> None:
    body = {"server": creds.server, "station_id": creds.station_id, "credential": creds.credential}
    write_text(credentials_path(ctx), json.dumps(body))  # 0600


def _client(ctx: DeskContext, server: str, credential: str = "") -> SyncClient:
    """A client of ``server`` that checks its certificate (the system's CAs, or ``[sync] ca_file``) and never
    sends the credential in clear to another machine."""
    if not plain_http_allowed(server):
        raise DeskError(f"Máy chủ {server} phải dùng https:// (http:// chỉ dùng được với chính máy này, "
                        "127.0.0.1): khóa của trạm không được đi qua mạng mà không mã hóa")  # fmt: skip
    try:
        return SyncClient(server, credential, verify=trusted(ctx.config.sync.ca_file))
    except Offline as exc:
        raise DeskError(f"[sync] ca_file trong station.toml không dùng được: {exc.reason}") from None


def enroll_station(ctx: DeskContext, actor: User, server: str, token: str) -> Credentials:
    """``desk-app enroll`` (an admin): exchange the one-time token for this station's credential (kept
    0600). The token is for one desk of one agency: this station's ``station.toml`` must name that desk."""
    check(ctx, actor, Permission.CONFIGURE, "đăng ký trạm với máy chủ trung tâm")
    client = _client(ctx, server)
    station = ctx.config.station
    try:
        creds = client.enroll(token.strip(), station.agency_code, station.desk,
                              ctx.config.counter.sequence_block_size)  # fmt: skip
    except Rejected as exc:
        raise DeskError(_enrolment_refused(ctx, exc)) from None
    except Offline as exc:
        raise DeskError(f"Không kết nối được máy chủ {server}: {exc.reason}") from None
    finally:
        client.close()
    _save_credentials(ctx, creds)
    with ctx.uow(write=True) as uow:
        uow.audit.append(ctx.clock(), actor.username, "sync.enroll", server, {"station_id": creds.station_id})
        uow.commit()
    return creds


def _enrolment_refused(ctx: DeskContext, exc: Rejected) -> str:
    """The server's refusal of an enrolment, in the officer's (IT's) words, naming what differs."""
    mine = ctx.config.station
    detail = exc.detail
    if exc.why is Reason.STATION:
        token_for = f"cơ quan {detail.get('token_agency')}, bàn {detail.get('token_desk')}"
        return (f"Mã đăng ký được cấp cho {token_for}; "
                f"trạm này là cơ quan {mine.agency_code}, bàn {mine.desk} (station.toml). Đề nghị dùng đúng "
                "mã của bàn này hoặc xin cấp mã mới")  # fmt: skip
    if exc.why is Reason.TAKEN:
        return (f"Bàn {mine.desk} của cơ quan {mine.agency_code} đã có máy đăng ký với máy chủ "
                f"({detail.get('station', '')}). Nếu máy này thay máy cũ, đề nghị xin mã đăng ký cấp với "
                "--replace; nếu không, kiểm tra số bàn trong station.toml")  # fmt: skip
    if exc.why is Reason.BLOCK:
        return (f"Khối số hồ sơ của bàn này ({ctx.config.counter.sequence_block_size}) khác các bàn khác "
                f"của cơ quan trên máy chủ ({detail.get('agency_block', '?')}): sửa sequence_block_size "
                "trong station.toml cho giống nhau")  # fmt: skip
    if exc.why in (Reason.TOKEN, Reason.PAYLOAD, None):  # None: a malformed token the server's schema refused
        return f"Máy chủ từ chối mã đăng ký (đã dùng, hết hạn hoặc sai): {exc.reason[:200]}"
    return f"Máy chủ từ chối đăng ký: {officer_text(exc.reason)} ({exc.reason[:200]})"


def move_server(ctx: DeskContext, server: str) -> None:
    """The same central server at another address (the demo's, on a new port): the credential stays."""
    creds = load_credentials(ctx)
    if creds is not None and creds.server != server:
        _save_credentials(ctx, Credentials(server, creds.station_id, creds.credential))


def client_for(ctx: DeskContext) -> SyncClient:
    creds = load_credentials(ctx)
    if creds is None:
        raise DeskError(
            "Trạm chưa đăng ký với máy chủ trung tâm: desk-app enroll --server URL --token MÃ --user QUẢN_TRỊ"
        )
    return _client(ctx, creds.server, creds.credential)


def sync_once(
    ctx: DeskContext, client: SyncClient | None = None, *, batch: int = 100, now_all: bool = False
) -> SyncReport:
    """Drain what can be sent now; the report says what happened (see the module's docstring).
    ``now_all`` (``desk-app sync --once``, "Gửi lại ngay") also tries the records waiting out a backoff."""
    own = client is None
    client = client or client_for(ctx)
    report = SyncReport()
    try:
        with ctx.uow(write=True) as uow:
            uow.outbox.release_sending()
            uow.commit()
        try:
            probe = client.probe()
        except Offline as exc:
            report.offline = exc.reason
        else:
            server_time = parse_datetime(str(probe["server_time"]))
            report.clock_skew_s = (server_time - ctx.clock()).total_seconds()
            _drain(ctx, client, report, batch, now_all)
            if report.offline is None:
                try:
                    report.feed = pull_changes(ctx, client)
                    report.audit_problem = send_head(ctx, client)  # the audit trail anchored off the PC
                except Offline as exc:
                    report.offline = exc.reason
    finally:
        if own:
            client.close()
    with ctx.uow(write=True) as uow:
        counts = uow.outbox.counts()
        report.queued = counts.get("queued", 0) + counts.get("sending", 0)
        if report.offline is None:
            uow.meta.set("last_synced_at", ctx.clock().isoformat())
        uow.commit()
    stopped = f", offline ({report.offline})" if report.offline else ""
    applied = report.feed.applied if report.feed else 0
    log.info("sync: sent %d, acknowledged %d, attention %d, queued %d, updates %d%s", report.sent,
             report.acknowledged, report.attention, report.queued, applied, stopped)  # fmt: skip
    return report


def _drain(ctx: DeskContext, client: SyncClient, report: SyncReport, batch: int, now_all: bool) -> None:
    tried: set[int] = set()  # ``now_all``: each record once per drain, even if it is still waiting after
    while report.offline is None:
        now = ctx.clock()
        with ctx.uow(write=True) as uow:
            records = [r for r in uow.outbox.due(now, batch + len(tried), all_queued=now_all)
                       if r["id"] not in tried][:batch]  # fmt: skip
            tried.update(r["id"] for r in records)
            uow.outbox.set_state([r["id"] for r in records], "sending")
            uow.commit()
        if not records:
            return
        rows = [r for r in records if r["kind"] != "blob"]  # dossiers, then events: one request
        scans = [r for r in records if r["kind"] == "blob"]  # each scan on its own, resumably
        if rows and not _send_rows(ctx, client, report, rows, scans):
            return
        for i, record in enumerate(scans):
            if not _send_one(ctx, client, report, record, scans[i + 1 :]):
                return


def _send_rows(
    ctx: DeskContext, client: SyncClient, report: SyncReport, rows: list[Record], rest: list[Record]
) -> bool:
    """Dossiers and events in one batch; each settled by its own answer, all in one local transaction.
    False when the server is gone (everything not sent is queued again)."""
    try:
        answers = client.put_batch(rows)
    except NotBatched:  # one by one, each answered on its own
        return all(_send_one(ctx, client, report, r, rows[i + 1 :] + rest) for i, r in enumerate(rows))
    except Offline as exc:
        _went_offline(ctx, report, rows, rest, exc.reason)
        return False
    report.sent += len(rows)
    with ctx.uow(write=True) as uow:
        for record in rows:
            answer = answers.get(str(record["ref"]), {})
            status = int(answer.get("status") or 0)
            _settle(ctx, uow, report, record, verdict(status),
                    error_text(status, answer.get("reason"), answer.get("detail")))  # fmt: skip
        uow.commit()
    return True


def _send_one(
    ctx: DeskContext, client: SyncClient, report: SyncReport, record: Record, rest: list[Record]
) -> bool:
    """One record (a scan, or a row when the server takes no batch). False when the server is gone."""
    report.sent += 1
    outcome, why = Verdict.DONE, ""
    try:
        if record["kind"] == "blob":
            _send_blob(ctx, client, record)
        else:
            client.put(
                str(record["kind"]), str(record["ref"]), str(record["payload"]), str(record["content_hash"])
            )
    except Offline as exc:
        report.sent -= 1
        _went_offline(ctx, report, [record], rest, exc.reason)
        return False
    except SyncFailure as exc:
        outcome, why = (Verdict.NOT_YET if isinstance(exc, NotYet) else Verdict.REFUSED), exc.reason
    with ctx.uow(write=True) as uow:
        _settle(ctx, uow, report, record, outcome, why)
        uow.commit()
    return True


def _settle(
    ctx: DeskContext, uow: UnitOfWork, report: SyncReport, record: Record, outcome: Verdict, why: str
) -> None:
    """What the server's answer to one record means here (the policy's verdict), inside ``uow``."""
    now = ctx.clock()
    if outcome is Verdict.DONE:
        uow.outbox.acknowledge(record["id"], now)
        report.acknowledged += 1
    elif outcome is Verdict.REFUSED:
        _refused(ctx, uow, report, record, why)
    elif outcome is Verdict.NOT_YET and uow.outbox.state_of(str(record["dossier_uuid"])) == "attention":
        _refused(ctx, uow, report, record, f"its dossier needs attention ({why})")
    else:  # not yet, or an answer this desk does not know: later
        later = now + timedelta(seconds=backoff(record["attempts"] + 1))
        uow.outbox.retry_later(record["id"], record["attempts"] + 1, later, why)
        report.waiting += 1


def _refused(ctx: DeskContext, uow: UnitOfWork, report: SyncReport, record: Record, reason: str) -> None:
    uow.outbox.needs_attention(record["id"], reason)
    uow.audit.append(ctx.clock(), "system", "sync.rejected", str(record["ref"]), {"kind": record["kind"]})
    report.attention += 1


def _went_offline(
    ctx: DeskContext, report: SyncReport, failed: list[Record], rest: list[Record], reason: str
) -> None:
    """The server stopped answering: what was being sent waits out a backoff, the rest is queued again,
    the drain stops."""
    with ctx.uow(write=True) as uow:
        for record in failed:
            attempts = record["attempts"] + 1
            later = ctx.clock() + timedelta(seconds=backoff(attempts))
            uow.outbox.retry_later(record["id"], attempts, later, reason)
        uow.outbox.set_state([r["id"] for r in rest], "queued")
        uow.commit()
    report.sent += len(failed)
    report.waiting += len(failed)
    report.offline = reason


def _send_blob(ctx: DeskContext, client: SyncClient, record: Record) -> None:
    from desk_app.services.attachments import blobs

    path = blobs(ctx).path(str(record["ref"]))
    if not path.exists():  # purged by retention before it could be sent
        raise Rejected("the scan is no longer on this PC")
    client.put_blob(str(record["ref"]), path, str(record["dossier_uuid"]))


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server: str
    counts: dict[str, int]
    last_synced_at: datetime | None
    attention: list[dict[str, object]]


def sync_status(ctx: DeskContext) -> SyncStatus:
    creds = load_credentials(ctx)
    with ctx.uow() as uow:
        counts = uow.outbox.counts()
        last = uow.meta.get("last_synced_at")
        attention = uow.outbox.attention()
    return SyncStatus(creds is not None, creds.server if creds else "", counts,
                      parse_datetime(last) if last else None, attention)  # fmt: skip


@dataclass(frozen=True)
class OutboxItem:
    """One row of the outbox view."""

    id: int
    kind: str  # dossier | event | blob
    ref: str
    code: str  # the dossier's code ("" if not on this PC any more)
    state: str  # queued | sending | acknowledged | attention
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    acked_at: datetime | None


def outbox_items(
    ctx: DeskContext, actor: User, state: str | None = None, limit: int = 500
) -> list[OutboxItem]:
    """The outbox view's rows, newest first; ``state`` filters (None: all)."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "xem hàng đợi đồng bộ")
    with ctx.uow() as uow:
        rows = uow.outbox.listing(state, limit)
    return [OutboxItem(r["id"], r["kind"], r["ref"], r["code"] or "", r["state"], r["attempts"],
                       r["next_attempt_at"], r["last_error"] or "", r["created_at"], r["acked_at"])
            for r in rows]  # fmt: skip


NOT_ENROLLED = (
    "Trạm chưa đăng ký với máy chủ trung tâm nên chưa gửi được bản ghi nào; các bản ghi vẫn được giữ. "
    "IT đăng ký trạm bằng lệnh desk-app enroll"
)


def _enrolled(ctx: DeskContext) -> None:
    if load_credentials(ctx) is None:
        raise DeskError(NOT_ENROLLED)


def retry_records(ctx: DeskContext, actor: User, ids: list[int]) -> int:
    """ "Gửi lại mục đã chọn": these records are due at once (a refused one is tried again, audited);
    refused, saying why, on a station not enrolled (there is nowhere to send them)."""
    check(ctx, actor, Permission.WORK_DOSSIERS, "gửi lại bản ghi đồng bộ")
    _enrolled(ctx)
    with ctx.uow(write=True) as uow:
        n = uow.outbox.retry(ids)
        uow.audit.append(ctx.clock(), actor.username, "sync.retry", "", {"records": len(ids)})
        uow.commit()
    return n


def retry_now(ctx: DeskContext) -> int:
    """ "Gửi lại ngay": every waiting record (attention ones too) is due at once (refused on a station not
    enrolled)."""
    _enrolled(ctx)
    with ctx.uow(write=True) as uow:
        n = uow.outbox.retry_now()
        uow.commit()
    return n


def sync_round(ctx: DeskContext, now_all: bool = False) -> tuple[SyncReport | None, SyncStatus]:
    """The open app's periodic sync (off the GUI thread): a drain if the station is enrolled, then the
    state for the status bar."""
    report = sync_once(ctx, now_all=now_all) if load_credentials(ctx) is not None else None
    return report, sync_status(ctx)
