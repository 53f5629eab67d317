"""The provincial view's pages, served by ``desk-central`` (issue 19): server-rendered HTML in Vietnamese,
nothing fetched from elsewhere.

* ``GET /view/login``, ``POST /view/login`` — the log-in form (a CSRF token bound to a short-lived cookie);
  a wrong name or password, or a name made to wait, is said on the form (401 / 429), audited;
* ``GET /view/`` — the overview of the user's scope (:func:`desk_app.central.views.overview`);
* ``POST /view/logout`` — ends the session (the session's CSRF token required).

A session is a random token in a cookie (``HttpOnly``, ``SameSite=Strict``, ``Secure`` when the request
came over TLS, path ``/view``) whose hash is a row of ``web_sessions`` with the user and the session's
CSRF token: any worker of ``--workers N`` reads it, none keeps state. An expired, forged or disabled
session is refused back to the log-in form and audited. These pages never accept a station's credential,
and the station API (``/v1/``) never accepts a session.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from desk_app.central import lists, tables, views, web_accounts
from desk_app.central.schema import web_sessions, web_users
from desk_app.central.web_accounts import LoginRefused, WebUser
from desk_app.domain.model import VN_TZ

if TYPE_CHECKING:
    from desk_app.central.replica import ReadSource

SESSION, LOGIN = "dc_session", "dc_login"
SESSION_HOURS = 8  # a working day
MAX_FORM = 4096
T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UUID = re.compile(r"[0-9a-fA-F-]{36}")


def _templates() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from desk_app.locator import resource

    return Environment(
        loader=FileSystemLoader(str(resource("central", "templates"))), autoescape=select_autoescape(["html"])
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(VN_TZ)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _cookie(response: Response, request: Request, name: str, value: str, hours: float) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(hours * 3600),
        path="/view",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM:
        return {}
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items()}


def _session(engine: Engine, token: str, now: datetime) -> tuple[WebUser, str] | None:
    """The user and the CSRF token of a live session, or None (unknown, expired, or the user disabled)."""
    if not token or len(token) > 100:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(web_sessions).where(web_sessions.c.token_hash == _sha(token))).first()
        if row is None or row.expires_at <= now.isoformat():
            return None
        user = conn.execute(select(web_users).where(web_users.c.username == row.username)).first()
    if user is None or user.disabled_at:
        return None
    return WebUser(user.username, user.full_name, user.role, user.scope), row.csrf


def _start_session(engine: Engine, user: WebUser, now: datetime) -> tuple[str, str]:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    with engine.begin() as conn:
        conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now.isoformat()))
        ends = (now + timedelta(hours=SESSION_HOURS)).isoformat()
        conn.execute(
            insert(web_sessions).values(
                token_hash=_sha(token),
                username=user.username,
                csrf=csrf,
                created_at=now.isoformat(),
                expires_at=ends,
            )
        )
    return token, csrf


def make_router(
    engine: Engine, stale_after: timedelta = views.STALE_AFTER, read: ReadSource | None = None
) -> APIRouter:
    """The pages; ``read``: where the figures are read (a replica), else from ``engine``. Sessions and the
    audit are always the primary's."""
    router = APIRouter(prefix="/view", include_in_schema=False)
    env = _templates()
    stale_hours = f"{stale_after.total_seconds() / 3600:g}"  # "24", "0.5"

    def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(
            env.get_template(name).render(stale_hours=stale_hours, **values), status_code=status
        )

    def login_page(request: Request, message: str = "", username: str = "", status: int = 200) -> Response:
        csrf = secrets.token_urlsafe(24)
        response = page("login.html", status, csrf=csrf, message=message, username=username)
        _cookie(response, request, LOGIN, csrf, 0.5)
        return response

    def to_login() -> RedirectResponse:
        """Back to the log-in form; a session cookie that was refused is removed with it, so the browser
        stops sending it (one refusal audited, not one a page)."""
        response = RedirectResponse("/view/login", status_code=303)
        response.delete_cookie(SESSION, path="/view")
        return response

    @router.get("/login")
    async def login_form(request: Request) -> Response:
        return login_page(request)

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await _form(request)
        name = form.get("username", "")[:64]
        sent, bound = form.get("csrf", ""), request.cookies.get(LOGIN, "")
        if not sent or not bound or not hmac.compare_digest(sent, bound):
            await run_in_threadpool(web_accounts.audit, engine, name or "?", "csrf.refused", "login")
            return login_page(request, "Phiên đăng nhập đã hết hạn, hãy đăng nhập lại.", name, 400)
        try:
            secret = form.get("password", "")
            user = await run_in_threadpool(web_accounts.log_in, engine, name, secret, _now())
        except LoginRefused as exc:
            return login_page(request, exc.message, name, 429 if exc.wait else 401)
        token, _csrf = await run_in_threadpool(_start_session, engine, user, _now())
        response = RedirectResponse("/view/", status_code=303)
        _cookie(response, request, SESSION, token, SESSION_HOURS)
        response.delete_cookie(LOGIN, path="/view")
        return response

    async def who(request: Request) -> tuple[WebUser, str] | None:
        token = request.cookies.get(SESSION, "")
        found = await run_in_threadpool(_session, engine, token, _now())
        if found is None and token:
            await run_in_threadpool(web_accounts.audit, engine, "?", "session.refused", request.url.path)
        return found

    async def reading() -> tuple[Engine, str]:
        """Where the figures are read (the replica when one is given and fresh enough) and what the page
        says about their age."""
        if read is None:
            return engine, ""
        picked = await run_in_threadpool(read.pick)
        return picked.engine, picked.note

    async def read_with(work: Callable[[Engine], Awaitable[T]], source: Engine, note: str) -> tuple[T, str]:
        """``work`` on ``source``; when that is the replica and a query fails there, again on the primary
        (the page says so) — a standby's trouble is never an error page."""
        if source is engine or read is None:
            return await work(source), note
        try:
            return await work(source), note
        except DBAPIError as exc:
            fallback = read.failed_reading(exc)
            return await work(fallback.engine), fallback.note

    async def refused(user: WebUser, action: str, what: str, message: str, status: int) -> Response:
        await run_in_threadpool(web_accounts.audit, engine, user.username, action, what)
        return page("refused.html", status, message=message, user=user)

    async def no_station(user: WebUser, what: str) -> Response:
        """The one answer for a station outside the scope, unknown or malformed: a URL tells nothing."""
        return await refused(user, "scope.refused", what, "Không có trạm này trong phạm vi của bạn.", 404)

    @router.get("/")
    async def overview(request: Request) -> Response:
        return await show(request, "overview", "overview.html")

    def _station_id(text: str) -> int | None:
        return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None

    async def content(
        q: dict[str, str], user: WebUser, what: str, now: datetime, source: Engine
    ) -> tuple[dict[str, Any], list[tables.Table]] | Response:
        """What page ``what`` shows for the query ``q`` (``station``, ``from``, ``to``), or the refusal to
        show it (audited)."""
        station_text = q.get("station", "")
        station_id = _station_id(station_text) if station_text else None
        if station_text and station_id is None:
            return await no_station(user, f"{what} station={station_text[:20]}")
        try:
            default_first = now.date() - timedelta(days=views.TREND_DAYS - 1) if what == "station" else None
            when = views.period(q.get("from", ""), q.get("to", ""), now.date(), default_first)
        except views.PeriodRefused as exc:
            return await refused(
                user,
                "period.refused",
                f"{what} {q.get('from', '')[:20]}–{q.get('to', '')[:20]}",
                exc.message,
                400,
            )
        values: dict[str, Any] = {"period": when, "query": urlencode(q), "station_id": station_id}
        if what == "overview":
            view = await run_in_threadpool(views.overview, source, user, now, stale_after)
            return {**values, "view": view}, [tables.overview_table(view, stale_hours)]
        if what == "station":
            if station_id is None:
                return await no_station(user, "station (none)")
            station = await run_in_threadpool(
                views.station_page, source, user, station_id, when, now, stale_after
            )
            if station is None:
                return await no_station(user, f"station {station_id}")
            return {**values, "station": station}, tables.station_tables(station)
        if what == "procedures":
            found_rows = await run_in_threadpool(views.scope_procedures, source, user, when)
            return {**values, "title": f"Theo thủ tục, toàn phạm vi, {when.label}"}, [
                tables.procedures_table(found_rows, f"Theo thủ tục — phạm vi {user.scope}, {when.label}")
            ]
        if what in ("overdue", "late"):
            label = ""
            if station_id is not None:
                rows = await run_in_threadpool(views.station_rows, source, user, now, stale_after, station_id)
                if not rows:
                    return await no_station(user, f"{what} station {station_id}")
                label = rows[0].label
            if what == "overdue":
                found = await run_in_threadpool(lists.overdue, source, user, now, station_id)
                title = "Hồ sơ quá hạn (chưa có kết quả)" + (f" — {label}" if label else "")
            else:
                found = await run_in_threadpool(lists.returned_late, source, user, when, station_id)
                title = f"Hồ sơ trả kết quả trễ hạn, {when.label}" + (f" — {label}" if label else "")
            return {**values, "found": found, "title": title}, [
                tables.list_table(found, title, user.sees_people, what == "late")
            ]
        return await refused(user, "page.refused", what[:40], "Không có trang này.", 404)

    def params(request: Request, **fixed: str) -> dict[str, str]:
        q = {k: v[:40] for k, v in request.query_params.items() if k in ("station", "from", "to")}
        return {**q, **fixed}

    async def show(request: Request, what: str, template: str, **fixed: str) -> Response:
        found = await who(request)
        if found is None:
            return to_login()
        user, csrf = found
        now = _now()
        source, note = await reading()
        query = params(request, **fixed)
        got, note = await read_with(lambda src: content(query, user, what, now, src), source, note)
        if isinstance(got, Response):
            return got
        values, shown = got
        exports = f"/view/export/{what}"
        return page(
            template,
            user=user,
            csrf=csrf,
            now=now,
            note=note,
            tables=shown,
            what=what,
            exports=exports,
            **values,
        )

    @router.get("/station/{station_id}")
    async def station(request: Request, station_id: str) -> Response:
        return await show(request, "station", "station.html", station=station_id)  # content() checks the id

    @router.get("/procedures")
    async def procedures(request: Request) -> Response:
        return await show(request, "procedures", "list.html")

    @router.get("/overdue")
    async def overdue(request: Request) -> Response:
        return await show(request, "overdue", "list.html")

    @router.get("/late")
    async def late(request: Request) -> Response:
        return await show(request, "late", "list.html")

    @router.get("/dossier/{uuid}")
    async def dossier(request: Request, uuid: str) -> Response:
        found = await who(request)
        if found is None:
            return to_login()
        user, csrf = found
        source, note = await reading()

        async def find(src: Engine) -> lists.DossierPage | None:
            return await run_in_threadpool(lists.dossier, src, user, uuid) if _UUID.fullmatch(uuid) else None

        shown, note = await read_with(find, source, note)
        if shown is None and source is not engine:  # a dossier the replica has not replayed yet
            shown = await find(engine)
        if shown is None:
            return await refused(
                user,
                "scope.refused",
                f"dossier {uuid[:36]}",
                "Không có hồ sơ này trong phạm vi của bạn.",
                404,
            )
        await run_in_threadpool(web_accounts.audit, engine, user.username, "dossier.viewed", shown.line.code)
        return page("dossier.html", user=user, csrf=csrf, now=_now(), note=note, shown=shown)

    @router.get("/export/{what}.{fmt}")
    async def export(request: Request, what: str, fmt: str) -> Response:
        found = await who(request)
        if found is None:
            return to_login()
        user, _csrf = found
        if what not in ("overview", "station", "procedures", "overdue", "late") or fmt not in ("csv", "xlsx"):
            return await refused(
                user, "export.refused", f"{what[:20]}.{fmt[:8]}", "Không có bản xuất này.", 404
            )
        now = _now()
        source, note = await reading()
        asked = params(request)
        got, _note = await read_with(lambda src: content(asked, user, what, now, src), source, note)
        if isinstance(got, Response):
            return got
        _values, shown = got
        writer = tables.to_csv if fmt == "csv" else tables.to_xlsx
        body = await run_in_threadpool(writer, shown)
        rows = sum(len(t.rows) for t in shown)
        query = request.url.query[:200]
        await run_in_threadpool(
            web_accounts.audit,
            engine,
            user.username,
            "export",
            " ".join(filter(None, [f"{what}.{fmt}", query, f"({rows} dòng)"])),
        )
        name = f"{what}-{now:%Y%m%d-%H%M}.{fmt}"
        kind = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
        return Response(
            body,
            media_type=kind,
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        found = await who(request)
        form = await _form(request)
        if found is None:
            return to_login()
        user, csrf = found
        if not hmac.compare_digest(form.get("csrf", ""), csrf):
            await run_in_threadpool(web_accounts.audit, engine, user.username, "csrf.refused", "logout")
            return HTMLResponse("Thiếu mã xác thực biểu mẫu (CSRF): hãy mở lại trang.", status_code=400)
        token = request.cookies.get(SESSION, "")
        with engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == _sha(token)))
        await run_in_threadpool(web_accounts.audit, engine, user.username, "logout")
        response = to_login()
        response.delete_cookie(SESSION, path="/view")
        return response

    return router
