"""What the provincial view's tests share: records as a desk sends them, and a browser-like log-in through
the form (its CSRF token read from the page)."""

from __future__ import annotations

import html
import re
import uuid
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from desk_app.central import store

PASSWORD = "Lua-chin-vang-dong-2026"


def dossier_record(
    agency: str,
    code: str,
    received_at: datetime,
    due_at: datetime,
    *,
    procedure: tuple[str, str] = ("1.004222", "Đăng ký thường trú"),
    officer: str = "",
    applicant: str = "Nguyễn Văn Đức",
    id_number: str = "079090001234",
) -> dict[str, Any]:
    record_uuid = str(uuid.uuid4())
    payload = {
        "protocol": 1,
        "uuid": record_uuid,
        "agency_code": agency,
        "code": code,
        "desk": 1,
        "status": "received",
        "procedure": {"code": procedure[0], "name": procedure[1]},
        "channel": "walk_in",
        "received_at": received_at.isoformat(),
        "due_at": due_at.isoformat(),
        "officer": officer,
        "applicant": {"full_name": applicant, "id_number": id_number},
    }
    return {
        "kind": "dossier",
        "uuid": record_uuid,
        "content_hash": store.content_hash(payload),
        "payload": payload,
    }


def event_record(
    dossier: dict[str, Any], kind: str, status: str, at: datetime, **data: Any
) -> dict[str, Any]:
    event_uuid = str(uuid.uuid4())
    payload = {
        "protocol": 1,
        "uuid": event_uuid,
        "dossier_uuid": dossier["uuid"],
        "kind": kind,
        "at": at.isoformat(),
        "actor": "Lê Thị Mai",
        "reason": "",
        "data": data,
        "status": status,
    }
    return {
        "kind": "event",
        "uuid": event_uuid,
        "content_hash": store.content_hash(payload),
        "payload": payload,
    }


def log_in(client: TestClient, name: str, password: str = PASSWORD, csrf: str | None = None) -> Any:
    form = client.get("/view/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    sent = {"csrf": csrf if csrf is not None else token.group(1), "username": name, "password": password}
    return client.post("/view/login", data=sent, follow_redirects=False)


def cells(page: str, table_id: str) -> list[list[str]]:
    """The text of each body row of the page's table ``table_id`` (the totals row included)."""
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert found is not None, f"no table {table_id}"
    body = found.group(1).split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        rows.append(
            [
                html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
        )
    return rows
