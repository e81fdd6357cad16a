"""Entry point for uvicorn workers: ``uvicorn planwatch.web.server:app --factory``.

Each worker reads the settings (``planwatch serve`` publishes the ones it resolved, --db included).
"""

from __future__ import annotations

from fastapi import FastAPI

from planwatch.core import Planwatch
from planwatch.web.app import create_app


def app() -> FastAPI:
    return create_app(Planwatch())
