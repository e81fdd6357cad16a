"""Alembic environment: runs on the connection planwatch hands it (see database.migrate)."""

from alembic import context

from planwatch.store.schema import Base

connection = context.config.attributes["connection"]


def _ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate ignores the FTS5 index and its shadow tables (made by hand in 0005)."""
    return not (type_ == "table" and (name or "").startswith("search_fts"))


context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_object=_ours)
with context.begin_transaction():
    context.run_migrations()
