"""Backup and restore: every table as JSON lines in one gzip file, portable between SQLite and
PostgreSQL. A restore goes into an empty database in one transaction; the search index is
derived data and is rebuilt on the first search."""

from __future__ import annotations

import base64
import gzip
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, func, insert, select, text

from planwatch.errors import InputError
from planwatch.store.database import Database
from planwatch.store.schema import Base, SearchChunk, SettingRow, UserRow

FORMAT = "planwatch-backup-1"
_DERIVED = {SearchChunk.__tablename__}  # rebuilt from the plans, not backed up


def _tables() -> list[Any]:
    return [t for t in Base.metadata.sorted_tables if t.name not in _DERIVED]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def dump_rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, ordered by primary key (search index and its bookkeeping left out)."""
    dumped: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as connection:
        for table in _tables():
            statement = select(table).order_by(*table.primary_key.columns)
            if table.name == SettingRow.__tablename__:
                statement = statement.where(~table.c.key.like("search_index:%"))
            dumped[table.name] = [{k: _encode(v) for k, v in row._mapping.items()} for row in connection.execute(statement)]
    return dumped


SECRET_SETTINGS = ("session_secret",)


def backup(db: Database, path: str | Path, *, include_secrets: bool = False) -> dict[str, int]:
    """Write the database to ``path`` (gzip JSON lines, file mode 0600); returns rows per table.

    Unless ``include_secrets``, the session signing key and the password hashes are left out:
    whoever holds the file can then neither forge a session nor crack a password. Accounts
    restored from such a backup need a new password (``planwatch user set NAME --password``).
    """
    rows = dump_rows(db)
    if not include_secrets:
        rows[UserRow.__tablename__] = [row | {"password_hash": ""} for row in rows[UserRow.__tablename__]]
        rows[SettingRow.__tablename__] = [row for row in rows[SettingRow.__tablename__] if row["key"] not in SECRET_SETTINGS]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file existed with wider permissions
    with os.fdopen(descriptor, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
        header = {"format": FORMAT, "tables": {name: len(r) for name, r in rows.items()}, "secrets": include_secrets}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for name, table_rows in rows.items():
            for row in table_rows:
                out.write(json.dumps({"table": name, "row": row}, ensure_ascii=False) + "\n")
    return {name: len(r) for name, r in rows.items()}


def restore(db: Database, path: str | Path) -> dict[str, int]:
    """Load a backup into ``db``, which must be empty; all or nothing."""
    path = Path(path)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as source:
            header = json.loads(source.readline())
            if header.get("format") != FORMAT:
                raise InputError(f"不是 planwatch 备份文件（格式 {header.get('format')!r}）", path=str(path), line=1)
            records: dict[str, list[dict[str, Any]]] = {}
            for number, line in enumerate(source, start=2):
                try:
                    record = json.loads(line)
                    records.setdefault(record["table"], []).append(record["row"])
                except (ValueError, KeyError) as exc:
                    raise InputError(f"备份记录已损坏：{exc}", path=str(path), line=number) from exc
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"无法读取备份文件：{exc}", path=str(path)) from exc
    tables = _tables()
    counts = {t.name: len(records.get(t.name, [])) for t in tables}
    if counts != header.get("tables"):
        raise InputError("备份不完整：行数与文件头记录的不符", path=str(path))
    with db.transaction() as session:
        for table in tables:
            if session.scalar(select(func.count()).select_from(table)) and table.name not in ("settings",):
                raise InputError(f"数据库不是空的（表 {table.name}）：请恢复到一个新数据库", path=str(path))
        session.execute(text("DELETE FROM settings"))
        for table in tables:
            rows = [_decode(table, row) for row in records.get(table.name, [])]
            if rows:
                session.execute(insert(table), rows)
        if session.get_bind().dialect.name == "postgresql":
            for table in tables:  # explicit ids were inserted: move each id sequence past them
                if "id" in table.c:
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table.name}"
                        )
                    )
    return counts


def _decode(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    for column in table.columns:
        value = decoded.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime):
            decoded[column.name] = datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            decoded[column.name] = date.fromisoformat(value)
        elif isinstance(column.type, LargeBinary):
            decoded[column.name] = base64.b64decode(value)
    return decoded
