"""The web application: JSON API under /api/v1, Chinese pages, vendored static assets, accounts.

``create_app(planwatch)`` builds it around an application object; ``planwatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.core import Planwatch, SingleFlight
from planwatch.errors import ForbiddenError, InputError, NotFoundError, PlanwatchError
from planwatch.limits import current as current_limits
from planwatch.web.cache import KeptPages, ReadCache

STATIC = Path(__file__).with_name("static")
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
# Swagger UI starts itself with an inline script; only /docs gets that allowance.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)


class _HttpMiddleware:
    """Pure ASGI middleware (so streaming and file responses keep working) for HTTP requests only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(_HttpMiddleware):
    """Headers every response carries."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP
        https = scope.get("scheme") == "https"  # behind a proxy: uvicorn's --proxy-headers (X-Forwarded-Proto)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [_secure(h) if https else h for h in message.get("headers", [])]
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


UPLOAD_PATHS = frozenset({"/api/v1/observations/import", "/entry/import", "/entry/proposals"})
MULTIPART_ALLOWANCE = 64 * 1024  # form boundaries and fields around an uploaded file


class BodyLimit(_HttpMiddleware):
    """Refuse a request body larger than the limit before it is read: by its Content-Length at
    once, or as soon as a streamed body passes the limit. Uploads get the upload limit."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is None and b"transfer-encoding" not in headers:  # no body (HTTP/1.1): nothing to limit, no limits to read
            await self.app(scope, receive, send)
            return
        limits = current_limits()
        limit = limits.upload_bytes + MULTIPART_ALLOWANCE if scope["path"] in UPLOAD_PATHS else limits.request_bytes
        declared = declared or b"0"
        if not declared.isdigit() or int(declared) > limit:
            await _too_large(send, limit)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # a streamed body without a length: stop reading it here
                raise HTTPException(413, _too_large_message(limit))
            return message

        await self.app(scope, counting_receive, send)


# writes take one lock in turn; the typed-in observations in flight meanwhile are stored together at the
# next turn (store.groups), so a worker lets enough of those in to fill a group; other writes are one
# transaction each and only queue on the lock, so a few of them at a time leave the readers most threads
GROUPED_WRITE_PATHS = frozenset({"/api/v1/observations", "/entry/observation"})
GROUPED_WRITES_PER_WORKER = 16
WRITES_PER_WORKER = 2
HEAVY_PER_WORKER = 1  # an upload to parse or a report to build


class Work(Enum):
    """Which of a worker's gates a request waits at (READ: none)."""

    READ = "read"
    GROUPED_WRITE = "grouped_write"
    WRITE = "write"
    HEAVY = "heavy"


GATE_SIZES = {Work.GROUPED_WRITE: GROUPED_WRITES_PER_WORKER, Work.WRITE: WRITES_PER_WORKER, Work.HEAVY: HEAVY_PER_WORKER}


def work_of(method: str, path: str) -> Work:
    """The gate of a request (a sign-in is bounded by its own hashing limit instead)."""
    unsafe = method not in ("GET", "HEAD", "OPTIONS")
    if (unsafe and path in UPLOAD_PATHS) or (not unsafe and path.endswith("/report")):
        return Work.HEAVY
    if not unsafe or path == "/login":
        return Work.READ
    return Work.GROUPED_WRITE if method == "POST" and path in GROUPED_WRITE_PATHS else Work.WRITE


class WorkGate(_HttpMiddleware):
    """Writes and heavy jobs wait their turn here, in the event loop, before they are read or
    routed: a morning of data entry or a hostile upload then holds at most a few of the worker's
    threads, and reads (pages, the API) never queue behind them for a thread. A sign-in is bounded
    by its own hashing limit (:mod:`planwatch.throttle`)."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        # one set per event loop (a worker has one; a test client may run each request in its own)
        self.gates: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Work, asyncio.Semaphore]] = WeakKeyDictionary()

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        work = work_of(scope["method"], scope["path"])
        if work is Work.READ:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        gates = self.gates.get(loop)
        if gates is None:
            # each gate holds at most half of the worker's threads, so reads always find one
            half = max(1, int(anyio.to_thread.current_default_thread_limiter().total_tokens) // 2)
            gates = self.gates[loop] = {kind: asyncio.Semaphore(min(size, half)) for kind, size in GATE_SIZES.items()}
        async with gates[work]:
            await self.app(scope, receive, send)


def _too_large_message(limit: int) -> str:
    return f"请求内容超过 {limit // 1024} KB 的上限"


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": {"status": 413, "message": _too_large_message(limit)}}, ensure_ascii=False).encode()
    await send(
        {"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]}
    )
    await send({"type": "http.response.body", "body": body})


def _secure(header: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """A cookie set over HTTPS is sent back over HTTPS only."""
    name, value = header
    if name.lower() == b"set-cookie" and b"; secure" not in value.lower():
        return name, value + b"; Secure"
    return header


def create_app(planwatch: Planwatch) -> FastAPI:
    """The app over ``planwatch`` (its database, settings and caches)."""
    from planwatch.web import api, pages, views

    app = FastAPI(
        title="planwatch API",
        description="科技创新规划监测评估 — plans, targets with evidence, observations, assessments and reports.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.planwatch = planwatch
    app.state.pages = SingleFlight(pages.PAGE_ENTRIES)  # whole pages (pages.cached_page), one store per app as the read cache
    key = planwatch.session_key()
    # Outermost last: security headers on everything; cached reads skip sessions and routing, kept pages routing.
    app.add_middleware(KeptPages)
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie="planwatch_session", same_site="lax", max_age=8 * 3600)
    app.add_middleware(ReadCache, planwatch=planwatch)
    app.add_middleware(WorkGate)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(views.router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="planwatch API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )
        # Swagger UI has no way home: a plain link above it leads back to the dashboard.
        back = '<body>\n<p style="margin:.6rem 1rem;font-family:sans-serif"><a id="docs-home" href="/">← 返回 planwatch 总览</a></p>'
        return HTMLResponse(bytes(page.body).replace(b"<body>", back.encode(), 1))

    _add_error_handlers(app)
    return app


def _error(request: Request, status: int, message: str) -> Response:
    """One error shape for the API, an error page for people."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    from planwatch.web.pages import render

    if status == 401:
        from urllib.parse import quote

        return Response(status_code=303, headers={"Location": f"/login?next={quote(request.url.path)}"})
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PlanwatchError)
    async def planwatch_error(request: Request, exc: PlanwatchError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 422 if isinstance(exc, InputError) else 403 if isinstance(exc, ForbiddenError) else 400
        return _error(request, status, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Any) -> Response:
        detail = getattr(exc, "detail", None)
        return _error(request, 404, detail if detail and detail != "Not Found" else "页面或记录不存在：请检查网址")

    @app.exception_handler(OperationalError)
    @app.exception_handler(InternalError)
    async def database_unavailable(request: Request, exc: DBAPIError) -> Response:
        # e.g. a read-only or locked database file; the SQL and its parameters stay in the server log
        return _error(request, 503, "数据库当前无法写入或不可用（只读、已锁定或连接中断），请稍后再试或联系管理员")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Runs outside the session middleware, so no template: the same JSON shape, or a plain page.
        message = "服务器内部错误，请稍后再试或联系管理员"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"status": 500, "message": message}}, status_code=500)
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>错误</title><p>{message}</p>", status_code=500)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "；".join(validation_message(e) for e in exc.errors()))


# Request fields as a person knows them (the form's labels); the API name follows in brackets.
FIELD_LABELS = {
    "year": "年份",
    "value": "数值",
    "value_high": "区间上限",
    "unit": "单位",
    "region": "地区",
    "indicator": "指标",
    "indicator_key": "指标代码",
    "observation_id": "观测值编号",
    "reason": "原因",
    "plan": "规划",
    "section": "任务",
    "status": "状态",
    "entry_date": "日期",
    "due": "计划完成时间",
    "decision": "审核决定",
    "target_year": "目标年份",
    "file": "文件",
    "text": "内容",
    "field": "项目",
    "username": "用户名",
    "password": "密码",
    "role": "角色",
    "days": "有效天数",
    "limit": "条数",
    "offset": "起始位置",
    "q": "检索词",
    "number": "序号",
    "sort": "排序",
    "desc": "倒序",
    "format": "格式",
    "attribute": "属性",
    "domain": "领域",
    "department": "责任单位",
    "due_by": "计划完成不晚于",
    "overdue": "只看逾期",
    "list": "清单",
}
_PROBLEMS = {
    "missing": "为必填项",
    "int_parsing": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数值",
    "bool_parsing": "须为是或否",
    "date_parsing": "须为日期，如 2023-06-30",
    "date_from_datetime_parsing": "须为日期，如 2023-06-30",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "须为 JSON 对象",
}


def validation_message(error: Mapping[str, Any]) -> str:
    """One request-validation problem in Chinese, naming the field as the form labels it."""
    field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str) and p not in ("body", "query", "path", "form")), "")
    name = f"“{FIELD_LABELS[field]}”（{field}）" if field in FIELD_LABELS else f"“{field}”" if field else "请求内容"
    kind, context = str(error.get("type", "")), error.get("ctx") or {}
    if kind in _PROBLEMS:
        problem = _PROBLEMS[kind]
    elif kind in ("greater_than_equal", "greater_than"):
        problem = f"不能小于 {context.get('ge', context.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        problem = f"不能大于 {context.get('le', context.get('lt'))}"
    elif kind == "string_too_long":
        problem = f"过长（最多 {context.get('max_length')} 个字符）"
    elif kind in ("enum", "literal_error"):  # pydantic lists the choices as "'a', 'b' or 'c'"
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        problem = f"须为以下之一：{'、'.join(choices)}"
    else:
        problem = "取值无效"
    return f"{name}{problem}：请改正后重新提交"
