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
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine, delete, insert, select
from starlette.concurrency import run_in_threadpool

from desk_app.central import views, web_accounts
from desk_app.central.schema import web_sessions, web_users
from desk_app.central.web_accounts import LoginRefused, WebUser
from desk_app.domain.model import VN_TZ

SESSION, LOGIN = "dc_session", "dc_login"
SESSION_HOURS = 8  # a working day
MAX_FORM = 4096


def _templates() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from desk_app.locator import resource

    return Environment(loader=FileSystemLoader(str(resource("central", "templates"))),
                       autoescape=select_autoescape(["html"]))  # fmt: skip


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(VN_TZ)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _cookie(response: Response, request: Request, name: str, value: str, hours: float) -> None:
    response.set_cookie(name, value, max_age=int(hours * 3600), path="/view", httponly=True,
                        samesite="strict", secure=_secure(request))  # fmt: skip


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
        conn.execute(insert(web_sessions).values(token_hash=_sha(token), username=user.username, csrf=csrf,
                                                 created_at=now.isoformat(), expires_at=ends))  # fmt: skip
    return token, csrf


def make_router(engine: Engine, stale_after: timedelta = views.STALE_AFTER) -> APIRouter:
    router = APIRouter(prefix="/view", include_in_schema=False)
    env = _templates()

    def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**values), status_code=status)

    def login_page(request: Request, message: str = "", username: str = "", status: int = 200) -> Response:
        csrf = secrets.token_urlsafe(24)
        response = page("login.html", status, csrf=csrf, message=message, username=username)
        _cookie(response, request, LOGIN, csrf, 0.5)
        return response

    def to_login() -> RedirectResponse:
        return RedirectResponse("/view/login", status_code=303)

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

    @router.get("/")
    async def overview(request: Request) -> Response:
        found = await who(request)
        if found is None:
            return to_login()
        user, csrf = found
        now = _now()
        view = await run_in_threadpool(views.overview, engine, user, now, stale_after)
        return page("overview.html", user=user, csrf=csrf, view=view, now=now,
                    stale_hours=int(stale_after.total_seconds() // 3600))  # fmt: skip

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
