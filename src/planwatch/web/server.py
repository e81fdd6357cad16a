"""Entry point for uvicorn workers: ``uvicorn planwatch.web.server:app --factory``.

Each worker opens the database named by $PLANWATCH_DATABASE_URL (``planwatch serve`` sets it).
"""

from __future__ import annotations

from fastapi import FastAPI

from planwatch.store import open_database
from planwatch.web.app import create_app


def app() -> FastAPI:
    return create_app(open_database())
