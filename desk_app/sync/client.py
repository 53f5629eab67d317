"""The desk's HTTP client of the central server (protocol 1), on httpx with TLS verified by default.

Each answer becomes what :mod:`desk_app.sync.policy` says it means, raised as one of three kinds the
worker acts on: :class:`Offline` (try again later), :class:`Rejected` (refused for good: needs attention),
:class:`NotYet` (the record's dossier is not on the server yet). A captive portal's 200 page is not the
server's answer: the probe fails on it (Offline).
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from desk_app.sync.policy import NOT_BATCHED, Reason, Verdict, error_text, reason_of, verdict

PROTOCOL = 1


class SyncFailure(Exception):
    def __init__(self, reason: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # "HTTP 403 agency: …" (policy.error_text) or what went wrong on the way
        self.detail = detail or {}  # the server's structured refusal, if it gave one

    @property
    def why(self) -> Reason | None:
        return reason_of(self.reason)


class Offline(SyncFailure):
    pass


class Rejected(SyncFailure):
    pass


class NotYet(SyncFailure):
    pass


class NotBatched(SyncFailure):
    """The server would not take this batch as a batch (an older server, a batch it finds malformed): the
    records go one by one instead, each answered on its own."""


@dataclass(frozen=True)
class Credentials:
    server: str
    station_id: int
    credential: str


def _detail(response: httpx.Response) -> dict[str, Any]:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        return {"detail": response.text[:200]}
    return detail if isinstance(detail, dict) else {"detail": detail}


def _failure(response: httpx.Response) -> SyncFailure:
    """The exception the policy's verdict of ``response`` calls for (never called for a success)."""
    detail = _detail(response)
    text = error_text(response.status_code, detail.get("reason"), str(detail.get("detail", "")))
    kind = {Verdict.NOT_YET: NotYet, Verdict.REFUSED: Rejected}.get(verdict(response.status_code), Offline)
    return kind(text, detail)


def _offline(exc: httpx.HTTPError) -> Offline:
    """Refused, reset, timed out, a TLS failure, a body cut short: the network, not the record."""
    return Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:300])


def trusted(ca_file: str = "") -> ssl.SSLContext:
    """The certificates a central server must show: signed by a CA of the system's store (OpenSSL's default
    paths on Linux, the Windows certificate store), or — ``ca_file`` — by the private CA in that PEM file
    only (a ministry's own CA). Host names are checked."""
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise Offline(f"the CA file {ca_file} cannot be read: {exc}") from None


def plain_http_allowed(server: str) -> bool:
    """``http://`` only to this PC itself (the demo, a test): a station's credential never crosses a
    network in clear."""
    parts = urlsplit(server)
    if parts.scheme == "https":
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


class SyncClient:
    def __init__(
        self, server: str, credential: str = "", *, verify: ssl.SSLContext | bool = True,
        timeout: float = 20.0,
    ):  # fmt: skip
        self.server = server.rstrip("/")
        from desk_app import __version__

        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        headers["X-Desk-Build"] = __version__  # the server shows which build each station runs
        self.http = httpx.Client(base_url=self.server, headers=headers, verify=verify,
                                 timeout=httpx.Timeout(timeout, connect=5.0))  # fmt: skip

    def close(self) -> None:
        self.http.close()

    def _call(
        self, method: str, path: str, *, json: dict[str, Any] | None = None, content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:  # fmt: skip
        try:
            return self.http.request(method, path, json=json, content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise _offline(exc) from None

    def _answer(self, response: httpx.Response, *expected: int) -> dict[str, Any]:
        """The JSON of an expected answer; anything else raised as the policy says."""
        if response.status_code not in expected:
            raise _failure(response)
        return self._json(response)

    def enroll(self, token: str, agency_code: str, desk: int, block_size: int = 1000) -> Credentials:
        body = {"token": token, "agency_code": agency_code, "desk": desk, "block_size": block_size}
        response = self._call("POST", "/v1/enroll", json=body)
        if response.status_code != 201 and verdict(response.status_code) is not Verdict.OFFLINE:
            failure = _failure(response)
            raise Rejected(failure.reason, failure.detail)  # a token refused is never "not yet"
        data = self._answer(response, 201)
        return Credentials(self.server, int(data["station_id"]), str(data["credential"]))

    def probe(self) -> dict[str, Any]:
        """The authenticated probe: online only if the server itself answers, as itself."""
        response = self._call("GET", "/v1/probe")
        if response.status_code != 200:
            raise Offline(_failure(response).reason, _detail(response))
        data = self._json(response)
        if data.get("protocol") != PROTOCOL or "server_time" not in data:
            raise Offline("the answer is not the central server's (a captive portal or a proxy page?)")
        return data

    def changes(self, since: int, limit: int = 200) -> dict[str, Any]:
        """The station's feed after ``since`` (status updates, reference announcements)."""
        response = self._call("GET", f"/v1/changes?since={since}&limit={limit}")
        if response.status_code != 200:
            raise Offline(_failure(response).reason)
        data = self._json(response)
        if not isinstance(data.get("changes"), list) or not isinstance(data.get("cursor"), int):
            raise Offline("the changes feed's answer is not the central server's")
        return data

    def reference(self, kind: str) -> dict[str, Any]:
        """The latest published reference document of ``kind`` (``catalogue``, ``calendar-2027``);
        NotYet when none is published."""
        return self._answer(self._call("GET", f"/v1/reference/{kind}"), 200)

    def put_batch(self, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Send dossiers and events (outbox rows: kind, ref, payload JSON, content_hash) in one request;
        each record's answer by its UUID (``status`` and, for a refusal, ``reason`` and ``detail``), to be
        read with the policy. The payloads go as they were fixed in the outbox, byte for byte."""
        items = ",".join(
            f'{{"kind":"{r["kind"]}","uuid":"{r["ref"]}","content_hash":"{r["content_hash"]}",'
            f'"payload":{r["payload"]}}}'
            for r in records
        )
        response = self._call("POST", "/v1/batch", content=f'{{"records":[{items}]}}'.encode(),
                              headers={"Content-Type": "application/json"})  # fmt: skip
        if response.status_code in NOT_BATCHED:
            raise NotBatched(_failure(response).reason)
        if response.status_code != 200:
            raise Offline(_failure(response).reason)
        results = self._json(response).get("results")
        if not isinstance(results, list) or len(results) != len(records):
            raise Offline("the batch's answer is not the central server's")
        return {str(r.get("uuid")): r for r in results if isinstance(r, dict)}

    def put(self, kind: str, uuid: str, payload_json: str, content_hash: str) -> dict[str, Any]:
        path = f"/v1/{'dossiers' if kind == 'dossier' else 'events'}/{uuid}"
        body = f'{{"content_hash":"{content_hash}","payload":{payload_json}}}'
        headers = {"Content-Type": "application/json"}
        response = self._call("PUT", path, content=body.encode(), headers=headers)
        return self._answer(response, 200, 201)

    def put_audit_head(self, last_id: int, last_hash: str, count: int) -> dict[str, Any]:
        """Anchor the station's audit head at the server; the anchor as it kept it (with its time)."""
        body = {"last_id": last_id, "last_hash": last_hash, "count": count}
        return self._answer(self._call("POST", "/v1/audit-head", json=body), 200)

    def audit_heads(self) -> list[dict[str, Any]]:
        """The anchors the server keeps of this station's audit trail, oldest first."""
        heads = self._answer(self._call("GET", "/v1/audit-heads"), 200).get("heads")
        if not isinstance(heads, list):
            raise Offline("the audit heads' answer is not the central server's")
        return [h for h in heads if isinstance(h, dict)]

    def put_blob(self, sha256: str, path: Path, dossier_uuid: str, chunk: int = 1 << 20) -> int:
        """Upload a scan of dossier ``dossier_uuid`` resumably: ask the server how much it holds, send the
        rest in chunks; the bytes sent. A cut connection raises Offline; the next call resumes from the
        server's offset. Success only when the server answers ``Upload-Complete: 1`` — a server killed after
        the last byte but before checking the hash holds every byte yet no file: an empty PATCH at the end
        makes it finish."""
        size = path.stat().st_size
        url = f"/v1/blobs/{sha256}?dossier={dossier_uuid}"
        response = self._call("HEAD", url)
        if response.status_code != 200:
            raise _failure(response)
        offset = int(response.headers.get("Upload-Offset", "0"))
        if response.headers.get("Upload-Complete") == "1":
            return 0
        sent, complete = 0, False
        with path.open("rb") as f:
            while not complete:  # done only when the server says the whole file arrived and hashed right
                f.seek(offset)
                data = f.read(chunk) if offset < size else b""  # all there: an empty PATCH finishes it
                headers = {"Upload-Offset": str(offset), "Upload-Length": str(size),
                           "Content-Type": "application/offset+octet-stream"}  # fmt: skip
                response = self._call("PATCH", url, content=data, headers=headers)
                if response.status_code == 409 and "Upload-Offset" in response.headers:
                    offset = int(response.headers["Upload-Offset"])  # the server's offset wins
                    continue
                if response.status_code != 204:
                    raise _failure(response)
                sent += len(data)
                offset = int(response.headers.get("Upload-Offset", offset + len(data)))
                complete = response.headers.get("Upload-Complete") == "1"
                if not complete and not data:
                    raise Offline("the server holds every byte but did not complete the upload")
        return sent

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            raise Offline("the answer is not JSON (a captive portal or a proxy page?)") from None
        if not isinstance(data, dict):
            raise Offline("the answer is not the central server's")
        return data
