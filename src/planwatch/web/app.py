"""The web application: JSON API under /api/v1, Chinese pages, vendored static assets, accounts.

``create_app(planwatch)`` builds it around an application object; ``planwatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.core import Planwatch
from planwatch.errors import InputError, NotFoundError, PlanwatchError
from planwatch.web.cache import ReadCache

STATIC = Path(__file__).with_name("static")
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
# Swagger UI starts itself with an inline script; only /docs gets that allowance.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Headers every response carries (pure ASGI, so streaming and file responses keep working)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(planwatch: Planwatch) -> FastAPI:
    """The app over ``planwatch`` (its database, settings and caches)."""
    from planwatch.web import api, pages

    app = FastAPI(
        title="planwatch API",
        description="科技创新规划监测评估 — plans, targets with evidence, observations, assessments and reports.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.planwatch = planwatch
    key = planwatch.session_key()
    # Outermost last: security headers on everything; cached reads skip sessions and routing.
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie="planwatch_session", same_site="lax", max_age=8 * 3600)
    app.add_middleware(ReadCache, planwatch=planwatch)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="planwatch API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

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
        status = 404 if isinstance(exc, NotFoundError) else 422 if isinstance(exc, InputError) else 400
        return _error(request, status, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Any) -> Response:
        return _error(request, 404, getattr(exc, "detail", None) or "not found")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, problems)
