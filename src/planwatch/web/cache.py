"""Whole responses of public API reads (GET /api/v1/…), answered without routing, keyed on the
data stamp so they are never older than the store. One per app, so one per database; the
assessments and comparisons behind pages are cached by the app's :class:`Planwatch`."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.core import LRU, Planwatch

UNCACHED_PREFIXES = ("/api/v1/me", "/api/v1/audit")
MAX_ENTRIES = 512


class ReadCache:
    """Pure ASGI middleware: serves a repeated public API read from memory (with its ETag)."""

    def __init__(self, app: ASGIApp, planwatch: Planwatch) -> None:
        self.app = app
        self.planwatch = planwatch
        self.entries = LRU(MAX_ENTRIES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        headers = dict(scope.get("headers", []))
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not path.startswith("/api/v1/")
            or path.startswith(UNCACHED_PREFIXES)
            or path.endswith("/report")
            or b"authorization" in headers
        ):
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""), self.planwatch.data_stamp())
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

