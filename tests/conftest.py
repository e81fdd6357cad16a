"""Shared fixtures: the real seed plans, the hand-checked gold answers, a fresh database."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from planwatch.ingest import load_manifest, parse_document
from planwatch.models import ParsedPlan, Target
from planwatch.settings import default_settings
from planwatch.store import Database, open_database

ROOT = Path(__file__).resolve().parents[1]
PLANS_DIR = ROOT / "data" / "plans" / "shenzhen"
SHARED = ROOT.parent / "shared"
GOLD_FILE = SHARED / "gold" / "targets.json"
KEYS = ("shenzhen", "longgang", "nanshan", "baoan", "guangming")
# The suite runs on SQLite, and again on PostgreSQL with PLANWATCH_TEST_BACKEND=postgresql and
# PLANWATCH_TEST_POSTGRES_URL (scripts/test.sh starts a server with scripts/postgres.sh).
BACKEND = os.environ.get("PLANWATCH_TEST_BACKEND", "sqlite")
_created_databases: list[str] = []
# One migrated template per pytest-xdist worker: workers create theirs side by side.
_TEMPLATE = f"pw_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
# What gives a test a database of the backend under test (everything else never touches PostgreSQL).
_DATABASE_ENTRY_POINTS = ("fresh_url(", "copy_of(", "demo_with_accounts(")
_masters: dict[str, str] = {}  # what a master database holds ("plans", "demo") -> its URL, built once per worker


def fresh_url(folder: Path) -> str:
    """A new, empty database for one test: a file in ``folder``, or a PostgreSQL database made
    from a migrated template (fast) and dropped when the session ends."""
    if BACKEND == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(os.environ["PLANWATCH_TEST_POSTGRES_URL"])
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not _created_databases:
            connection.execute(text(f"DROP DATABASE IF EXISTS {_TEMPLATE}"))
            connection.execute(text(f"CREATE DATABASE {_TEMPLATE}"))
            open_database(admin_url.set(database=_TEMPLATE).render_as_string(hide_password=False)).close()
            _created_databases.append(_TEMPLATE)
        name = f"pw_{uuid.uuid4().hex[:12]}"
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE}"))
    admin.dispose()
    _created_databases.append(name)
    return admin_url.set(database=name).render_as_string(hide_password=False)


def _opens_a_test_database(item: pytest.Item) -> bool:
    """The test, its module (helpers that tests call) or one of its fixtures asks for a database of the backend under test."""
    if not isinstance(item, pytest.Function):
        return True  # not a plain test function: run it on both backends
    sources = [inspect.getsource(item.module)] if item.module else []
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        sources += [inspect.getsource(d.func) for d in definitions]
    return any(entry in source for source in sources for entry in _DATABASE_ENTRY_POINTS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL pass runs the tests that open a database; the rest (reading documents, numbers, templates) do not
    depend on the backend and ran in the SQLite pass. Deselected, not skipped: they are not counted twice."""
    if BACKEND != "postgresql":
        return
    kept = [item for item in items if _opens_a_test_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def copy_of(contents: str, build: Callable[[Database], object], folder: Path) -> str:
    """A new database holding ``contents``, copied from a master that ``build`` filled once per worker: loading the demo
    takes seconds, a copy milliseconds (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL)."""
    from sqlalchemy.engine import make_url

    master = _masters.get(contents)
    if master is None:
        master = fresh_url(Path(tempfile.mkdtemp(prefix=f"pw-{contents}-")))
        database = open_database(master)
        build(database)
        database.close()
        _masters[contents] = master
    if BACKEND == "sqlite":
        source = str(make_url(master).database)
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file copied
        target = folder / f"{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    from sqlalchemy import create_engine, text

    admin_url = make_url(os.environ["PLANWATCH_TEST_POSTGRES_URL"])
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"pw_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {make_url(master).database}"))
    admin.dispose()
    _created_databases.append(name)
    return admin_url.set(database=name).render_as_string(hide_password=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if BACKEND == "sqlite":
        from sqlalchemy.engine import make_url

        for master in _masters.values():
            shutil.rmtree(Path(str(make_url(master).database)).parent, ignore_errors=True)
    if BACKEND != "postgresql" or not _created_databases:
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(os.environ["PLANWATCH_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in reversed(_created_databases):
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(autouse=True)
def _settings_read_per_test() -> Iterator[None]:
    """Each test sees the environment it set (monkeypatch.setenv) in the process's default settings."""
    default_settings.cache_clear()
    yield
    default_settings.cache_clear()


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    return {meta.key: (name, meta) for name, meta in load_manifest(PLANS_DIR / "manifest.yaml").items()}


@pytest.fixture(scope="session")
def parsed(manifest: dict[str, Any]) -> dict[str, ParsedPlan]:
    """Every demo plan parsed once per test session, keyed by manifest key."""
    return {key: parse_document(PLANS_DIR / name, meta) for key, (name, meta) in manifest.items()}


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    if not GOLD_FILE.is_file():
        raise FileNotFoundError(f"gold answers not found at {GOLD_FILE}: check out ../shared beside the repo")
    data: dict[str, Any] = json.loads(GOLD_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def source_file_key(manifest: dict[str, Any]) -> dict[str, str]:
    """Gold plan id (the seed file name) → manifest key."""
    return {meta.source_file: key for key, (_name, meta) in manifest.items()}


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the block sends to ``db`` (tests that pin how often a read queries)."""
    from sqlalchemy import event

    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(fresh_url(tmp_path))
    yield database  # type: ignore[misc]
    database.close()


def web_app(database: Database, secret: str = "test-secret") -> Any:
    """The web app over ``database`` with a fixed session key, as ``planwatch serve`` builds it."""
    from planwatch.core import Planwatch
    from planwatch.settings import load_settings
    from planwatch.web.app import create_app

    return create_app(Planwatch(load_settings(secret=secret), database=database))


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """The app under a real uvicorn server (one event loop, as in production) on a free loopback port."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=120)


@contextmanager
def transaction_held(db: Database, keys: Callable[[], list[str]] | None = None, work: Callable[[Any], object] | None = None) -> Iterator[list[object]]:
    """An exclusive transaction of ``db`` (narrowed to ``keys``) open in a thread of its own until the
    block ends, after ``work(session)``, whose result is put in the list yielded."""
    inside, release, done = threading.Event(), threading.Event(), []

    def hold() -> None:
        with db.transaction(exclusive=True, keys=keys) as session:
            if work is not None:
                done.append(work(session))
            inside.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert inside.wait(30)
    try:
        yield done
    finally:
        release.set()
        thread.join(30)


def plan_file(key: str) -> Path:
    name = {
        "shenzhen": "shenzhen-city-2021-2025.txt",
        "longgang": "longgang-2021-2025.txt",
        "nanshan": "nanshan-2021-2025.txt",
        "baoan": "baoan-2021-2025-draft.txt",
        "guangming": "guangming-2021-2025.txt",
    }[key]
    return PLANS_DIR / name


def _ingest_demo_plans(database: Database) -> None:
    from planwatch.api import demo_plans_dir, ingest_paths

    outcomes = ingest_paths(database, [demo_plans_dir()])
    assert all(o.error is None for o in outcomes)


def _load_demo_with_accounts(database: Database) -> None:
    from planwatch.accounts import ensure_demo_users
    from planwatch.api import load_demo

    load_demo(database)
    ensure_demo_users(database)


@pytest.fixture
def plans_db(tmp_path: Path) -> Iterator[Database]:
    """A new database holding the five demo plans (no observations)."""
    database = open_database(copy_of("plans", _ingest_demo_plans, tmp_path))
    yield database
    database.close()


def demo_with_accounts(folder: Path) -> Database:
    """A new database holding the whole demo and its accounts (for tests that write to it)."""
    return open_database(copy_of("demo", _load_demo_with_accounts, folder))


@pytest.fixture
def writable_demo(tmp_path: Path) -> Iterator[Database]:
    """The whole demo and its accounts, new for each test (a test may write to it)."""
    database = demo_with_accounts(tmp_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The full demo (plans, published and illustrative observations, task entries); read only."""
    from planwatch.api import load_demo

    database = open_database(fresh_url(tmp_path_factory.mktemp("demo")))
    load_demo(database)
    yield database  # type: ignore[misc]
    database.close()


def plan_targets(text: str) -> list[Target]:
    """The targets of a whole plan written for a test (markdown, read as ``plan.md``)."""
    from planwatch.extract.targets import extract_targets
    from planwatch.ingest.pipeline import parse_text

    found, _, _ = extract_targets(parse_text(text, name="plan.md"))
    return found


def valued(found: list[Target], value: float, unit: str) -> list[Target]:
    """The targets of ``found`` with that value and unit."""
    return [t for t in found if t.value == value and t.unit == unit]


def word_table(path: Path, paragraphs: list[str], rows: list[list[str]]) -> Path:
    """A Word file at ``path``: ``paragraphs`` (a title, a caption), then one table of ``rows`` (written for a test)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    document.save(str(path))
    return path
