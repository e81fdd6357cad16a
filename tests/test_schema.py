"""The ORM models and the Alembic migrations describe the same schema (what `alembic check` checks),
on whichever backend the suite runs."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from planwatch.store import Database
from planwatch.store.schema import Base

# The full-text index is made by backend-specific SQL in migration 0005 and has no ORM model:
# an FTS5 virtual table (and its shadow tables) on SQLite, a generated tsvector column and its GIN
# index on PostgreSQL.
FULL_TEXT = ("search_fts", "tokens_tsv", "ix_search_chunks_tsv")


def _modelled(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    return not (name or "").startswith(FULL_TEXT)


def test_models_match_the_migrated_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _modelled, "compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_check_sees_a_model_the_migrations_lack(db: Database) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _modelled})
        differences = compare_metadata(context, extra)
    assert [d[0] for d in differences] == ["add_table"]
