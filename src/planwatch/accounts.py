"""Accounts: password hashing (argon2id) and policy, sign-ins (throttled and audited), API tokens
with expiry and revocation. The CLI and the web app call these."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from planwatch.errors import InputError
from planwatch.models import ROLES, ApiToken, User
from planwatch.store import accounts as store
from planwatch.store.database import Database
from planwatch.throttle import LoginThrottle

MIN_PASSWORD = 12
MIN_STRENGTH = 3  # zxcvbn score 0–4; its frequency lists (common passwords, words, names) ship with the package
TOKEN_DAYS = 90
THROTTLE = LoginThrottle()  # one per process (each web worker counts its own failures)
DEMO_USERS = (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer"))
DEMO_PASSWORD = "planwatch-demo"  # the demo database only; printed by `planwatch demo`


def check_password(password: str, username: str = "") -> None:
    """At least 12 characters and not guessable: zxcvbn (offline) scores it against common
    passwords, words, keyboard patterns, dates and the user's own name."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    from zxcvbn import zxcvbn

    if zxcvbn(password[:100], user_inputs=[username] if username else [])["score"] < MIN_STRENGTH:
        raise InputError("密码太容易猜到（常见密码、单词、键盘序列、日期或用户名）：请换用更长、更不规则的密码")


def hash_password(password: str, username: str = "") -> str:
    check_password(password, username)
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def create_user(db: Database, username: str, password: str, role: str, *, actor: str, regions: Sequence[str] = ()) -> User:
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise InputError("用户名须为 1–100 个字符，且不含空格")
    if role not in ROLES:
        raise InputError(f"角色“{role}”无法识别：请选择 {'、'.join(ROLES)} 之一")
    return store.create_user(db, username, hash_password(password, username), role, actor=actor, regions=regions)


def authenticate(db: Database, username: str, password: str) -> User | None:
    """The user if the password is right and the account active; ``None`` otherwise."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    found = store.user_credentials(db, username)
    if found is None:
        PasswordHasher().hash(password)  # same work either way: no hint that the name exists
        return None
    user, stored_hash = found
    try:
        PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user.active else None


def sign_in(db: Database, username: str, password: str, *, address: str, throttle: LoginThrottle | None = None) -> User:
    """The user, or an error; every attempt is in the audit log (``session.login``, ``session.failed``,
    ``session.throttled``) with the client's address. Throttled attempts check no password."""
    from planwatch.throttle import ThrottledError

    throttle = throttle or THROTTLE

    where = {"address": address}
    try:
        throttle.check(username, address)
        with throttle.hashing():
            user = authenticate(db, username, password)
    except ThrottledError:
        store.record(db, username, "session.throttled", "address", address, where)
        raise
    if user is None:
        throttle.failed(username, address)
        store.record(db, username, "session.failed", "address", address, where)
        raise InputError("用户名或密码错误")
    throttle.succeeded(username)
    store.record(db, username, "session.login", "user", user.id, where)
    return user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Database, username: str, name: str, *, actor: str, days: int | None = TOKEN_DAYS) -> str:
    """A new API token for ``username``, valid for ``days`` (``None``: until revoked); shown once,
    only its hash is kept."""
    if days is not None and days < 1:
        raise InputError("令牌有效期至少 1 天")
    token = "pw_" + secrets.token_urlsafe(32)
    expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=days) if days is not None else None
    store.add_token(db, username, name, token_hash(token), actor=actor, expires_at=expires)
    return token


def revoke_token(db: Database, token_id: int, *, actor: str) -> ApiToken:
    """The token stops working at once; it stays listed, marked revoked."""
    return store.revoke_token(db, token_id, actor=actor)


def user_for_token(db: Database, token: str) -> tuple[User, datetime | None] | None:
    """The active owner of a valid token, and when the token expires (None: until revoked)."""
    found = store.user_for_token(db, token_hash(token))
    return found if found is not None and found[0].active else None


def ensure_demo_users(db: Database) -> list[tuple[str, str]]:
    """Create the demo accounts if the database has no users yet; returns (name, role) created."""
    if store.count_users(db):
        return []
    for username, role in DEMO_USERS:
        create_user(db, username, DEMO_PASSWORD, role, actor="demo")
    return list(DEMO_USERS)
