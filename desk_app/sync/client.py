"""The desk's HTTP client of the central server (protocol 1), on httpx with TLS verified by default.

Every failure is one of three kinds, and the sync worker acts on the kind only:
* :class:`Offline` — no answer, a timeout, a 5xx, a 429, or an answer that is not the server's (a captive
  portal's 200 page fails the probe): try again later, with backoff;
* :class:`Rejected` — the server refused this record for good (409 conflict, 400/422): needs attention;
* :class:`NotYet` — an event whose dossier the server does not have yet (404): later, not an error.
A 401 (the station's credential refused) is :class:`Offline` with a reason the status shows: nothing can
be sent, nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

PROTOCOL = 1


class SyncFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def _reason(response: httpx.Response) -> str:
    """``HTTP 409 code: …`` — the status, the server's reason keyword (conflicts) and its detail."""
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = response.text[:200]
    if isinstance(detail, dict) and "reason" in detail:
        return f"HTTP {response.status_code} {detail['reason']}: {detail.get('detail', '')}"
    return f"HTTP {response.status_code}: {detail}"


class SyncClient:
    def __init__(
        self, server: str, credential: str = "", *, verify: bool | str = True, timeout: float = 20.0
    ):
        self.server = server.rstrip("/")
        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        self.http = httpx.Client(base_url=self.server, headers=headers, verify=verify,
                                 timeout=httpx.Timeout(timeout, connect=5.0))  # fmt: skip

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        try:
            return self.http.request(method, path, json=body)
        except httpx.HTTPError as exc:  # refused, reset, timed out, TLS failure, a body cut short
            raise Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from None

    def enroll(self, token: str, agency_code: str, desk: int) -> Credentials:
        response = self._call(
            "POST", "/v1/enroll", {"token": token, "agency_code": agency_code, "desk": desk}
        )
        if response.status_code != 201:
            raise Rejected(_reason(response)) if response.status_code < 500 else Offline(_reason(response))
        data = self._json(response)
        return Credentials(self.server, int(data["station_id"]), str(data["credential"]))

    def probe(self) -> dict[str, Any]:
        """The authenticated probe: online only if the server itself answers, as itself."""
        response = self._call("GET", "/v1/probe")
        if response.status_code != 200:
            raise Offline(_reason(response))
        data = self._json(response)
        if data.get("protocol") != PROTOCOL or "server_time" not in data:
            raise Offline("the answer is not the central server's (a captive portal or a proxy page?)")
        return data

    def changes(self, since: int, limit: int = 200) -> dict[str, Any]:
        """The station's feed after ``since`` (status updates, reference announcements)."""
        response = self._call("GET", f"/v1/changes?since={since}&limit={limit}")
        if response.status_code != 200:
            raise Offline(_reason(response))
        data = self._json(response)
        if not isinstance(data.get("changes"), list) or not isinstance(data.get("cursor"), int):
            raise Offline("the changes feed's answer is not the central server's")
        return data

    def reference(self, kind: str) -> dict[str, Any]:
        """The latest published reference document of ``kind`` (``catalogue``, ``calendar-2027``)."""
        response = self._call("GET", f"/v1/reference/{kind}")
        if response.status_code == 404:
            raise Rejected(_reason(response))
        if response.status_code != 200:
            raise Offline(_reason(response))
        return self._json(response)

    def put_batch(self, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Send dossiers and events (outbox rows: kind, ref, payload JSON, content_hash) in one request;
        each record's answer by its UUID (``status`` 201 / 200 / 409 / 404 / 422, ``reason``, ``detail``).
        The payloads go as they were fixed in the outbox, byte for byte."""
        items = ",".join(
            f'{{"kind":"{r["kind"]}","uuid":"{r["ref"]}","content_hash":"{r["content_hash"]}",'
            f'"payload":{r["payload"]}}}'
            for r in records
        )
        try:
            response = self.http.request("POST", "/v1/batch", content=f'{{"records":[{items}]}}'.encode(),
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        except httpx.HTTPError as exc:
            raise Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from None
        if response.status_code in (400, 404, 405, 413, 422):
            raise NotBatched(_reason(response))
        if response.status_code != 200:
            raise Offline(_reason(response))
        results = self._json(response).get("results")
        if not isinstance(results, list) or len(results) != len(records):
            raise Offline("the batch's answer is not the central server's")
        return {str(r.get("uuid")): r for r in results if isinstance(r, dict)}

    def put(self, kind: str, uuid: str, payload_json: str, content_hash: str) -> dict[str, Any]:
        path = f"/v1/{'dossiers' if kind == 'dossier' else 'events'}/{uuid}"
        body = f'{{"content_hash":"{content_hash}","payload":{payload_json}}}'
        try:
            response = self.http.request("PUT", path, content=body.encode(),
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        except httpx.HTTPError as exc:
            raise Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from None
        if response.status_code in (200, 201):
            return self._json(response)
        if response.status_code == 404 and kind == "event":
            raise NotYet(_reason(response))
        if response.status_code in (400, 409, 422):
            raise Rejected(_reason(response))
        raise Offline(_reason(response))

    def put_blob(self, sha256: str, path: Path, chunk: int = 1 << 20) -> int:
        """Upload a scan resumably: ask the server how much it holds, send the rest in chunks; the bytes
        sent. A cut connection raises Offline; the next call resumes from the server's offset. Success only
        when the server answers ``Upload-Complete: 1`` — a server killed after the last byte but before
        checking the hash holds every byte yet no file: an empty PATCH at the end makes it finish."""
        size = path.stat().st_size
        response = self._call("HEAD", f"/v1/blobs/{sha256}")
        if response.status_code != 200:
            raise Offline(_reason(response))
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
                try:
                    response = self.http.request(
                        "PATCH", f"/v1/blobs/{sha256}", content=data, headers=headers
                    )
                except httpx.HTTPError as exc:
                    raise Offline(f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from None
                if response.status_code == 409 and "Upload-Offset" in response.headers:
                    offset = int(response.headers["Upload-Offset"])  # the server's offset wins
                    continue
                if response.status_code in (413, 422):
                    raise Rejected(_reason(response))
                if response.status_code != 204:
                    raise Offline(_reason(response))
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
