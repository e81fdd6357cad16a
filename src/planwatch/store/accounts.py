"""Users, API tokens, the audit log and installation settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.errors import InputError, NotFoundError
from planwatch.models import ApiToken, AuditEntry, User
from planwatch.store.database import Database
from planwatch.store.schema import ApiTokenRow, AuditRow, SettingRow, UserRegionRow, UserRow


def utc_now() -> datetime:
    """Now in UTC without a zone, as the tables store times."""
    return datetime.now(UTC).replace(tzinfo=None)



def audit_entry(
    actor: str, action: str, object_type: str, object_id: object, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> dict[str, Any]:
    """One audit record as a row: who did what to which object, the fields before and after, now."""
    return {"at": utc_now(), "actor": actor, "action": action, "object_type": object_type, "object_id": str(object_id), "old": old, "new": new}


def audit(
    session: Session, actor: str, action: str, object_type: str, object_id: object, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> None:
    """Record a change in the caller's transaction, so the change and its record stand or fall together."""
    audit_all(session, [audit_entry(actor, action, object_type, object_id, old, new)])


def audit_all(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Record changes (:func:`audit_entry`) in the caller's transaction, in one Core INSERT (executemany),
    not ORM objects flushed at commit: a typed-in observation's write lock is held through it, and the
    unit of work cost several times the statement."""
    if entries:
        session.connection().execute(insert(cast(Table, AuditRow.__table__)), list(entries))


def _user(session: Session, row: UserRow) -> User:
    regions = tuple(session.scalars(select(UserRegionRow.region).where(UserRegionRow.user_id == row.id).order_by(UserRegionRow.region)))
    return User(
        id=row.id,
        username=row.username,
        role=row.role,
        active=row.active,
        created_at=row.created_at,
        session_version=row.session_version,
        regions=regions,
    )


def _set_regions(session: Session, user_id: int, regions: Sequence[str]) -> None:
    session.execute(delete(UserRegionRow).where(UserRegionRow.user_id == user_id))
    session.add_all(UserRegionRow(user_id=user_id, region=r) for r in dict.fromkeys(regions))
    session.flush()


# Audit actions that record a sign-in, a refused one, a sign-out or a write refused by the region
# rule: they change no data, so they leave the data stamp (and every cache keyed on it) alone; a
# partial index keeps that lookup fast.
SESSION_ACTIONS = "session.%"
REFUSED = "session.refused"


def record(db: Database, actor: str, action: str, object_type: str, object_id: object, new: dict[str, Any] | None) -> None:
    """An event that changes nothing else (a sign-in, a refused sign-in) in its own transaction."""
    with db.transaction() as session:
        audit(session, actor[:100], action, object_type, str(object_id)[:100], None, new)


def create_user(db: Database, username: str, password_hash: str, role: str, *, actor: str, regions: Sequence[str] = ()) -> User:
    with db.transaction() as session:
        if session.scalar(select(UserRow).where(UserRow.username == username)) is not None:
            raise InputError(f"用户“{username}”已存在：请换一个用户名")
        row = UserRow(username=username, password_hash=password_hash, role=role, active=True, created_at=utc_now())
        session.add(row)
        try:
            session.flush()
        except IntegrityError as exc:  # created by someone else meanwhile
            raise InputError(f"用户“{username}”已存在：请换一个用户名") from exc
        _set_regions(session, row.id, regions)
        audit(session, actor, "user.create", "user", row.id, None, {"username": username, "role": role, "regions": list(regions)})
        return _user(session, row)


def update_user(
    db: Database,
    username: str,
    *,
    actor: str,
    role: str | None = None,
    password_hash: str | None = None,
    active: bool | None = None,
    regions: Sequence[str] | None = None,
) -> User:
    """Change a user; ``regions`` replaces the regions whose data they may change (``[]``: every region)."""
    with db.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFoundError(f"没有用户“{username}”")
        before = _user(session, row)
        old = {"role": row.role, "active": row.active, "regions": list(before.regions)}
        revoked = 0
        if role is not None:
            row.role = role
        if regions is not None:
            _set_regions(session, row.id, regions)
        if active is not None:
            row.active = active
        if password_hash is not None:
            row.password_hash = password_hash
            live = session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == row.id, ApiTokenRow.revoked_at.is_(None))).all()
            for token in live:  # a new password also ends the scripts' access
                token.revoked_at = utc_now()
            revoked = len(live)
        new = {"role": row.role, "active": row.active, "regions": list(_user(session, row).regions)}
        new |= {"password": "changed", "tokens_revoked": revoked} if password_hash else {}
        if new != old:  # any change to who the user is or may be ends the sessions signed in before it
            row.session_version += 1
        audit(session, actor, "user.update", "user", row.id, old, new)
        return _user(session, row)


def end_sessions(db: Database, user_id: int, *, actor: str) -> None:
    """Sign the user out everywhere: every session cookie issued so far stops being valid."""
    with db.transaction() as session:
        row = session.get(UserRow, user_id, with_for_update=True)
        if row is not None:
            row.session_version += 1
            audit(session, actor, "session.logout", "user", row.id, None, {"session_version": row.session_version})


def get_user(db: Database, user_id: int) -> User | None:
    with db.reader() as session:
        row = session.get(UserRow, user_id)
        return _user(session, row) if row is not None else None


def user_credentials(db: Database, username: str) -> tuple[User, str] | None:
    """The user and the stored password hash, for checking a login."""
    with db.reader() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        return (_user(session, row), row.password_hash) if row is not None else None


def list_users(db: Database) -> list[User]:
    with db.reader() as session:
        return [_user(session, r) for r in session.scalars(select(UserRow).order_by(UserRow.username)).all()]


def count_users(db: Database) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(UserRow)) or 0


def add_token(db: Database, username: str, name: str, token_hash: str, *, actor: str, expires_at: datetime | None) -> ApiToken:
    with db.transaction() as session:
        user = session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise NotFoundError(f"没有用户“{username}”")
        row = ApiTokenRow(user_id=user.id, name=name, token_hash=token_hash, created_at=utc_now(), expires_at=expires_at)
        session.add(row)
        session.flush()
        audit(session, actor, "token.create", "user", user.id, None, {"token": name, "id": row.id, "expires_at": str(expires_at)})
        return ApiToken(row.id, username, name, row.created_at, expires_at, None)


def user_for_token(db: Database, token_hash: str) -> tuple[User, datetime | None] | None:
    """The owner of a token that is neither revoked nor expired, and when the token expires."""
    now = utc_now()
    query = (
        select(UserRow, ApiTokenRow.expires_at)
        .join(ApiTokenRow)
        .where(ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None))
        .where(or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > now))
    )
    with db.reader() as session:
        found = session.execute(query).first()
        return (_user(session, found[0]), found[1]) if found is not None else None


def list_tokens(db: Database) -> list[ApiToken]:
    """Every token (newest first) with its owner, expiry and revocation."""
    query = select(ApiTokenRow, UserRow.username).join(UserRow).order_by(ApiTokenRow.id.desc())
    with db.reader() as session:
        return [ApiToken(t.id, name, t.name, t.created_at, t.expires_at, t.revoked_at) for t, name in session.execute(query)]


def revoke_token(db: Database, token_id: int, *, actor: str) -> ApiToken:
    with db.transaction() as session:
        row = session.get(ApiTokenRow, token_id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"没有编号为 {token_id} 的 API 令牌")
        if row.revoked_at is None:
            row.revoked_at = utc_now()
            audit(session, actor, "token.revoke", "token", row.id, None, {"token": row.name})
        owner = session.get(UserRow, row.user_id)
        return ApiToken(row.id, owner.username if owner else "", row.name, row.created_at, row.expires_at, row.revoked_at)


def list_audit(db: Database, *, limit: int = 100, offset: int = 0) -> tuple[list[AuditEntry], int]:
    """Newest first, with the total count."""
    with db.reader() as session:
        total = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset))
        entries = [AuditEntry(r.id, r.at, r.actor, r.action, r.object_type, r.object_id, r.old, r.new) for r in rows]
        return entries, total


def setting(db: Database, key: str, default: str) -> str:
    """A stored setting; ``default`` is stored and returned the first time. When two processes
    store it at once (web workers starting together), the loser reads the winner's value."""
    try:
        with db.transaction() as session:
            row = session.get(SettingRow, key)
            if row is None:
                row = SettingRow(key=key, value=default)
                session.add(row)
            return row.value
    except IntegrityError:
        with db.reader() as session:
            stored = session.get(SettingRow, key)
            assert stored is not None
            return stored.value
