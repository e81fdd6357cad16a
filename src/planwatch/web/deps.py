"""What every request needs: the application, the plan it names, the signed-in user, role checks,
CSRF, cacheable JSON."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from planwatch.core import Planwatch
from planwatch.models import ROLE_LABELS, PlanInfo, User
from planwatch.results import dump

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# Dependencies that neither read the database nor block are coroutines: FastAPI runs a plain
# function dependency in the thread pool, and each such hop waits for the worker's GIL (under a busy
# event loop a write's three hops cost more than its database work).


async def get_planwatch(request: Request) -> Planwatch:
    found: Planwatch = request.app.state.planwatch
    return found


def plan_ref(pw: Annotated[Planwatch, Depends(get_planwatch)], ref: str) -> PlanInfo:
    """The plan a route's ``{ref}`` names, resolved once per request (FastAPI caches dependencies)."""
    return pw.plan(ref)


async def current_user(request: Request, pw: Annotated[Planwatch, Depends(get_planwatch)]) -> User | None:
    """The dependency of :func:`find_user`: a token whose owner Planwatch keeps is answered here,
    in the event loop; anything else in one hop to the thread pool (it may read the database)."""
    if not hasattr(request.state, "user") and (token := _bearer(request)) is not None:
        kept, user = pw.kept_user_for_token(token)
        if kept:
            request.state.user = _token_user(request, user)
    if hasattr(request.state, "user"):
        found: User | None = request.state.user
        return found
    return await run_in_threadpool(find_user, request, pw)


def find_user(request: Request, pw: Planwatch) -> User | None:
    """From an ``Authorization: Bearer`` token (scripts) or the session cookie (browsers); looked up
    once per request (the route's dependency and the page template share it)."""
    if hasattr(request.state, "user"):
        found: User | None = request.state.user
        return found
    request.state.user = user = _find_user(request, pw)
    return user


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _token_user(request: Request, user: User | None) -> User:
    if user is None:
        raise HTTPException(401, "API 令牌无效、已过期或已吊销：请向管理员申请新令牌")
    request.state.by_token = True
    return user


def _find_user(request: Request, pw: Planwatch) -> User | None:
    if (token := _bearer(request)) is not None:
        return _token_user(request, pw.user_for_token(token))
    user_id = request.session.get("uid")
    if user_id is None:
        return None
    user = pw.user(int(user_id))
    # A cookie from before a sign-out, a password or role change, or disabling carries an old version.
    if user is None or not user.active or request.session.get("sv") != user.session_version:
        return None
    return user


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use), put in every form."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


async def csrf_protect(request: Request, _user: Annotated[User | None, Depends(current_user)]) -> None:
    """The pages' dependency: an unsafe request authenticated by the session cookie (or signing in)
    must echo the session's token, as the form's ``csrf_token`` field or the X-CSRF-Token header.
    Scripts with a bearer token are exempt: a browser cannot send one by itself."""
    if request.method in SAFE_METHODS or getattr(request.state, "by_token", False):
        return
    given = request.headers.get("x-csrf-token")
    if not given and request.headers.get("content-type", "").startswith(FORM_TYPES):
        field = (await request.form()).get("csrf_token")
        given = field if isinstance(field, str) else None
    expected = request.session.get("csrf")
    if not expected or not given or not secrets.compare_digest(str(expected), str(given)):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后重新提交")


async def session_csrf(request: Request, user: Annotated[User | None, Depends(current_user)]) -> None:
    """The API's dependency: the same check for a signed-in browser session; an anonymous write is
    left to the route's role check (401), since the API has no sign-in form."""
    if user is not None:
        await csrf_protect(request, user)


def require(role: str) -> Callable[..., Awaitable[User]]:
    """A dependency: the signed-in user, who must hold ``role`` (viewer < editor < admin)."""

    async def dependency(user: Annotated[User | None, Depends(current_user)]) -> User:
        if user is None:
            raise HTTPException(401, "请先登录")
        if not user.can(role):
            raise HTTPException(403, f"此操作需要{ROLE_LABELS[role]}权限，您当前是{ROLE_LABELS.get(user.role, user.role)}：如需权限请联系管理员")
        return user

    return dependency


def cached_json(request: Request, value: Any, kind: Any = None) -> Response:
    """``value`` serialised by its result model (or ``kind``) as JSON with an ETag; a client that
    already has this version gets 304 and no body."""
    body = json.dumps(dump(value, kind), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


PW = Annotated[Planwatch, Depends(get_planwatch)]
# A record id as the database can hold it (a larger number is a 422, not an integer overflow).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Plan = Annotated[PlanInfo, Depends(plan_ref)]
CurrentUser = Annotated[User | None, Depends(current_user)]
EditorUser = Annotated[User, Depends(require("editor"))]
AdminUser = Annotated[User, Depends(require("admin"))]
