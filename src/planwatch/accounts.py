"""Accounts: password hashing (argon2id), logins, API tokens. The CLI and the web app call these."""

from __future__ import annotations

import hashlib
import secrets

from planwatch.errors import InputError
from planwatch.models import ROLES, User
from planwatch.store import accounts as store
from planwatch.store.database import Database

MIN_PASSWORD = 8
DEMO_USERS = (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer"))
DEMO_PASSWORD = "planwatch-demo"  # the demo database only; printed by `planwatch demo`


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def create_user(db: Database, username: str, password: str, role: str, *, actor: str) -> User:
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise InputError("a user name is 1–100 characters without spaces")
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return store.create_user(db, username, hash_password(password), role, actor=actor)


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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(db: Database, username: str, name: str, *, actor: str) -> str:
    """A new API token for ``username``; shown once, only its hash is kept."""
    token = "pw_" + secrets.token_urlsafe(32)
    store.add_token(db, username, name, _token_hash(token), actor=actor)
    return token


def user_for_token(db: Database, token: str) -> User | None:
    user = store.user_for_token(db, _token_hash(token))
    return user if user is not None and user.active else None


def ensure_demo_users(db: Database) -> list[tuple[str, str]]:
    """Create the demo accounts if the database has no users yet; returns (name, role) created."""
    if store.count_users(db):
        return []
    for username, role in DEMO_USERS:
        create_user(db, username, DEMO_PASSWORD, role, actor="demo")
    return list(DEMO_USERS)
