"""Whole responses of public API reads (GET /api/v1/…), answered without routing, keyed on the
stamp of what each read depends on so they are never older than the store: what only the plans
hold on the plans stamp, one plan's assessment, tasks and narratives on that plan's stamp, one
region's observations on that region's, the rest on the data stamp — so data typed in for 南山区
leaves the other plans' and regions' answers cached. One per app, so one per database; the assessments and comparisons behind pages are cached by the app's
:class:`Planwatch`."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

import anyio.to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.core import LRU, Planwatch
from planwatch.web import pages

UNCACHED_PREFIXES = ("/api/v1/me", "/api/v1/audit")
MAX_ENTRIES = 512
# reads of what only the plans hold: their list, texts, outlines, tables, targets, entities, search
PLANS_ONLY = re.compile(r"/api/v1/(catalog|entities|search|compare/(coverage|fields)|plans(/[^/]+(/(outline|targets|tables|sections/.+))?)?)")
# reads of one plan's monitoring record
ONE_PLAN = re.compile(r"/api/v1/plans/(?P<key>[^/]+)/(assessment|tasks|narratives|snapshots)")


class ReadCache:
    """Pure ASGI middleware: serves a repeated public API read from memory (with its ETag)."""

    def __init__(self, app: ASGIApp, planwatch: Planwatch) -> None:
        self.app = app
        self.planwatch = planwatch
        self.entries = LRU(MAX_ENTRIES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        with self.planwatch.one_snapshot():  # a read request (page or API) reads each stamp once
            await self._read(scope, receive, send)

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        headers = dict(scope.get("headers", []))
        if (
            scope["method"] != "GET"
            or not path.startswith("/api/v1/")
            or path.startswith(UNCACHED_PREFIXES)
            or path.endswith("/report")
            or b"authorization" in headers
        ):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        key = (path, query, self.stamp(path, query))
        cached = self.entries.get(key)
        if cached is not None:
            status, response_headers, body = cached
            etag = dict(response_headers).get(b"etag")
            if etag is not None and etag in [t.strip() for t in headers.get(b"if-none-match", b"").split(b",")]:
                status, body = 304, b""
                response_headers = [h for h in response_headers if h[0] != b"content-length"]
            await send({"type": "http.response.start", "status": status, "headers": response_headers})
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict[str, Any] = {"body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"], captured["headers"] = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
                if not message.get("more_body") and captured.get("status") == 200:
                    self.entries.put(key, (200, captured["headers"], captured["body"]))
            await send(message)

        await self.app(scope, receive, capture)

    def stamp(self, path: str, query: bytes = b"") -> tuple[object, ...]:
        """The stamp of what the read at ``path`` (with ``query``) depends on (a plan named other than
        by its key: the data stamp; one region's observations: that region's)."""
        pw = self.planwatch
        if PLANS_ONLY.fullmatch(path):
            return ("plans", *pw.plans_stamp())
        if (match := ONE_PLAN.fullmatch(path)) and (plan := pw.plan_by_key(match["key"])) is not None:
            return ("plan", plan.key, *pw.plan_stamp(plan))
        # the query read as the route reads it (Starlette: latin-1, blank values kept: a blank region is every region)
        regions = parse_qs(query.decode("latin-1"), keep_blank_values=True).get("region", []) if path == "/api/v1/observations" else []
        if len(regions) == 1 and regions[0]:
            return ("region", regions[0], *pw.monitoring_stamp([], regions))
        return ("data", *pw.data_stamp())


class KeptPages:
    """Pure ASGI middleware, inside the session middleware: a page kept whole (``pages.cached_page``)
    is answered before routing, under the same key, with the session's CSRF token put in — a
    repeated page otherwise spent most of its time in routing and dependencies. A session with
    flash messages or a failed form's values, a request with a token, and a page not kept yet go
    on to the route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not pages.KEPT_PATHS.fullmatch(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if b"authorization" in dict(scope.get("headers", [])) or pages.fresh_only(request.session):
            await self.app(scope, receive, send)
            return
        body = await anyio.to_thread.run_sync(pages.kept_page, request)  # the viewer and stamps may be read from the database
        if body is None:
            await self.app(scope, receive, send)
            return
        await pages.kept_answer(request, body)(scope, receive, send)
