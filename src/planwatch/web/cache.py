"""Caches for the web app, keyed on the data stamp so they never serve data older than the store.

- ``ReadCache``: whole responses of public API reads (GET /api/v1/…), answered without routing.
- ``assessment``: plan assessments for pages (rating a plan is the costly part of a page).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.monitor.assessment import PlanAssessment, assess_plan
from planwatch.monitor.rules import RuleConfig
from planwatch.store import data_stamp
from planwatch.store.database import Database

T = TypeVar("T")
UNCACHED_PREFIXES = ("/api/v1/me", "/api/v1/audit")
MAX_ENTRIES = 512


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class ReadCache:
    """Pure ASGI middleware: serves a repeated public API read from memory (with its ETag)."""

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db
        self.entries = _LRU(MAX_ENTRIES)

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
        key = (path, scope.get("query_string", b""), data_stamp(self.db))
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


_assessments = _LRU(64)


def assessment(db: Database, plan: str, year: int, rules: RuleConfig | None = None) -> PlanAssessment:
    """``assess_plan``, remembered until the data changes."""
    key = (plan, year, rules, data_stamp(db))
    found = _assessments.get(key)
    if found is None:
        found = assess_plan(db, plan, year, rules)
        _assessments.put(key, found)
    result: PlanAssessment = found
    return result


_derived = _LRU(32)


def remember(db: Database, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``name`` until the data changes (comparisons, entities)."""
    key = (name, data_stamp(db))
    found = _derived.get(key)
    if found is None:
        found = compute()
        _derived.put(key, found)
    value: T = found
    return value
