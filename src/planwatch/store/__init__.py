"""Storage: the schema, migrations and the repository functions every other layer calls."""

from planwatch.store.database import Database, open_database, resolve_database_url
from planwatch.store.repository import (
    data_stamp,
    find_section,
    get_historical,
    get_plan,
    get_sections,
    get_source_text,
    get_tables,
    get_targets,
    list_plans,
    list_versions,
    plan_periods,
    plans_stamp,
    section_numbering,
    store_plan,
)

__all__ = [
    "Database",
    "data_stamp",
    "find_section",
    "get_historical",
    "get_plan",
    "get_sections",
    "get_source_text",
    "get_tables",
    "get_targets",
    "list_plans",
    "list_versions",
    "open_database",
    "plan_periods",
    "plans_stamp",
    "resolve_database_url",
    "section_numbering",
    "store_plan",
]
