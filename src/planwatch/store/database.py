"""Connecting to the database and keeping its schema current (Alembic migrations)."""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.errors import InputError

if TYPE_CHECKING:
    from planwatch.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
WRITE_LOCK = 0x706C_616E  # the advisory lock key of exclusive transactions on PostgreSQL ("plan")
# PostgreSQL, exclusive transactions narrowed to keys (Database.transaction(keys=…)): the class of their
# keys' advisory locks (the two-int4 key space, apart from the one-bigint WRITE_LOCK), and the turn their
# inserts take, held to the commit ("ins")
KEY_LOCKS = 0x706C
INSERT_TURN = 0x696E_73
COMMITS_CHANNEL = "planwatch_commits"  # notified at each commit that changes a stamp (migration 0014)
# SQLite: a process checkpoints the WAL after this many of its exclusive transactions, once the write
# lock is released (about SQLite's own 1,000 pages: an observation write is 5–8 pages); the automatic
# checkpoint, which ran inside the lock every writer queues on, only backs it up (WAL_BACKSTOP_PAGES).
CHECKPOINT_EVERY = 150
WAL_BACKSTOP_PAGES = 20_000


def resolve_database_url(db: str | None = None, settings: Settings | None = None) -> str:
    """``db`` (a URL or a file path), else the ``database_url`` setting, else planwatch.db in the data
    folder; the settings are read only when ``db`` names nothing."""
    if not db:
        from planwatch.settings import default_settings

        settings = settings or default_settings()
        db = settings.database_url or str(settings.data_home / "planwatch" / "planwatch.db")
    if "://" in db:
        return db
    path = Path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


class Database:
    """An engine and its sessions; the schema is migrated to the newest revision on open."""

    def __init__(self, url: str, *, pool_size: int, pool_overflow: int, migrate: bool = True) -> None:
        self.url = url
        # The pool sizes are the db_pool_size / db_pool_overflow settings: with SQLAlchemy's default
        # pool of 5 each request past it opened and closed a connection of its own (on PostgreSQL a
        # server process started each time).
        target = make_url(url)
        pooled = target.get_backend_name() == "postgresql" or _on_disk(target)
        sizes = {"pool_size": pool_size, "max_overflow": pool_overflow} if pooled else {}
        self.engine: Engine = create_engine(url, future=True, **sizes)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL reads outside a transaction: at READ COMMITTED each statement has its own snapshot
        # anyway, and psycopg's BEGIN and the ROLLBACK at the session's end were two round trips of
        # their own around each read (pg_stat_statements under the mixed load). SQLite's driver
        # begins no transaction for a read.
        postgres = self.engine.dialect.name == "postgresql"
        self.read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else self.engine
        self._readers = sessionmaker(self.read_engine, expire_on_commit=False) if postgres else self._sessions
        self._exclusive: ContextVar[Session | None] = ContextVar("exclusive", default=None)
        # Threads of one process queue here for the write lock, holding no connection while they
        # wait: on PostgreSQL a connection waiting on the advisory lock is one the readers lack.
        self._queue = threading.RLock()
        # Processes (uvicorn workers) queue on a lock file beside a SQLite database: the kernel
        # wakes the next writer when the lock is free, where SQLite's busy handler sleeps up to
        # 100 ms between polls (a convoy under many writers).
        self._lock_path = f"{self.engine.url.database}.lock" if _on_disk(self.engine.url) else None
        self._watch: sqlite3.Connection | None = None  # one per process: data_version is a connection's own count
        # store.groups' group commits on this database, one per write function (kept here so they go with it)
        self.write_groups: dict[Callable[..., object], Any] = {}
        self._watch_lock = threading.Lock()
        self._checkpointing = threading.Lock()  # one checkpoint at a time per process; the others skip it
        self._count_lock = threading.Lock()
        self._writes_since_checkpoint = 0
        self._watches_opened = 0  # part of the number: a reopened connection counts from the start again
        # PostgreSQL has no data_version: a connection of its own LISTENs for the notification the
        # stamped tables' triggers send at each commit (migration 0014); this process's own commits
        # count at once, others' as their notification arrives.
        self._listener: Any = None
        self._commits = 0
        if self.engine.dialect.name == "postgresql":
            event.listen(self._sessions, "after_commit", self._count_commit)
        if migrate:
            try:
                upgrade_schema(self.engine)
            except DatabaseError as exc:
                if self.engine.dialect.name != "sqlite" or isinstance(exc, OperationalError):
                    raise
                self.engine.dispose()  # "file is not a database", "database disk image is malformed"
                where = self.engine.url.database or url
                raise InputError(f"数据库文件已损坏或不是 planwatch 数据库（{exc.orig}），已拒绝打开；请从备份恢复", path=where) from exc

    @contextmanager
    def transaction(self, *, exclusive: bool = False, keys: Callable[[], Iterable[str]] | None = None) -> Iterator[Session]:
        """A session whose work is committed together, or not at all.

        ``exclusive`` is for check-then-write operations: the transaction first takes the write
        lock (SQLite ``BEGIN IMMEDIATE``; on PostgreSQL an advisory lock that every exclusive
        transaction takes), so no other exclusive writer can commit between its checks and its
        writes. :meth:`reader` in the same thread meanwhile reads through this transaction.

        ``keys`` (implies ``exclusive``) names what the checks read, called once this process's
        write turn is taken (a group commit takes its jobs then). On PostgreSQL the transaction takes
        the write lock shared, then each key's advisory lock (sorted: two such transactions never
        wait on each other crosswise), so exclusive transactions of other keys check alongside it,
        and one without keys still excludes them all. Its inserts must take :data:`INSERT_TURN`
        first (held to the commit): ids then grow in commit order, as the stamps (largest ids) need.
        On SQLite, exclusive as any (``keys`` called after ``BEGIN IMMEDIATE``, so a group also takes
        the jobs that queued while it waited for the lock).
        """
        if not exclusive and keys is None:
            with self._sessions() as session, session.begin():
                yield session
            return
        sqlite = self.engine.dialect.name == "sqlite"
        nested = self._exclusive.get() is not None
        with self._write_turn(), self._sessions() as session, session.begin():
            if sqlite:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                if keys is not None:
                    keys()
            elif keys is not None and (locked := sorted({_key_lock(k) for k in keys()})):
                session.execute(_KEYS_LOCKED, {"key": WRITE_LOCK, "space": KEY_LOCKS, "keys": locked})
            else:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            token = self._exclusive.set(session)
            try:
                yield session
            finally:
                self._exclusive.reset(token)
        if sqlite and not nested and self._lock_path is not None:
            self._checkpoint_when_due()

    def _checkpoint_when_due(self) -> None:
        """Every CHECKPOINT_EVERY exclusive transactions, copy the WAL into the database file, after
        the write lock is released: SQLite's automatic checkpoint ran at the commit, inside the lock,
        and its two fsyncs and page copies (10–110 ms under load) held up every queued writer. A
        PASSIVE checkpoint waits for no one and no one waits for it; durability is as before."""
        with self._count_lock:
            self._writes_since_checkpoint += 1
            if self._writes_since_checkpoint < CHECKPOINT_EVERY:
                return
            self._writes_since_checkpoint = 0
        if not self._checkpointing.acquire(blocking=False):
            return  # another thread of this process is checkpointing: its copy covers these frames
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            self._checkpointing.release()

    @contextmanager
    def _write_turn(self) -> Iterator[None]:
        """This thread's turn to write: first in this process, then among the processes."""
        with self._queue:
            nested = self._exclusive.get() is not None
            handle = None if nested or self._lock_path is None else _open_lock(self._lock_path)
            if handle is None:
                yield
                return
            with handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading; inside an exclusive transaction (same thread), that transaction's
        own session, so a check under the lock never waits for a second pooled connection."""
        active = self._exclusive.get()
        if active is not None:
            yield active
            return
        with self._readers() as session:
            yield session

    def commits_seen(self) -> int | None:
        """A number that changes whenever any connection, of this process or another, commits to
        the database: SQLite's ``PRAGMA data_version`` on a connection of its own that never writes
        (a read of the WAL header, no query); on PostgreSQL the commits this process made and the
        notifications of the others' (a read of what the listening connection received, no query;
        another process's commit counts once its notification arrives, well under a millisecond).
        Caches of stamps check it instead of querying the stamps on every read. None where there is
        no such signal (in-memory SQLite, a PostgreSQL listener that failed)."""
        if self.engine.dialect.name == "postgresql":
            return self._notified_commits()
        if self._lock_path is None:
            return None
        with self._watch_lock:
            if self._watch is None:
                where = Path(str(self.engine.url.database)).resolve().as_uri() + "?mode=ro"
                self._watch = sqlite3.connect(where, uri=True, check_same_thread=False)
                self._watches_opened += 1
            version: int = self._watch.execute("PRAGMA data_version").fetchone()[0]
            return self._watches_opened << 40 | version

    def _notified_commits(self) -> int | None:
        """The commits this process made and was told of; None while no listening connection
        works (every stamp is then queried, as before)."""
        with self._watch_lock:
            try:
                if self._listener is None:
                    raw = self.engine.raw_connection()
                    listener: Any = raw.driver_connection
                    raw.detach()  # never back into the pool: it stays LISTENing
                    self._listener = listener
                    listener.autocommit = True
                    self._listener.execute(f"LISTEN {COMMITS_CHANNEL}")
                    self._watches_opened += 1
                connection = self._listener.pgconn  # libpq: read what arrived, no round trip
                connection.consume_input()
                while connection.notifies() is not None:
                    self._commits += 1
            except Exception:  # a dropped connection: open another next time, query meanwhile
                self._drop_listener()
                return None
            return self._watches_opened << 40 | self._commits

    def _count_commit(self, _session: Session) -> None:
        with self._watch_lock:
            self._commits += 1

    def _drop_listener(self) -> None:
        if self._listener is not None:
            with suppress(Exception):
                self._listener.close()
            self._listener = None

    def close(self) -> None:
        with self._watch_lock:
            self._drop_listener()
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        if event.contains(self._sessions, "after_commit", self._count_commit):  # SQLAlchemy's registry holds it, and so this Database
            event.remove(self._sessions, "after_commit", self._count_commit)
        self.engine.dispose()


# The write lock shared, then each key's (bound sorted): a key's lock is taken on a row of the join,
# which needs the write lock's row first, whichever way round the join is planned; so no transaction
# holds a key while it waits for the write lock behind an exclusive writer.
_KEYS_LOCKED = text(
    "WITH shared AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(:key))"
    " SELECT count(pg_advisory_xact_lock(:space, k)) FROM shared, unnest(CAST(:keys AS integer[])) AS k"
)


def _key_lock(key: str) -> int:
    """A key's advisory lock in :data:`KEY_LOCKS` (a collision only makes two keys wait on each other)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "big", signed=True)


def _on_disk(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") and not str(url.database).startswith("file:")


def _open_lock(path: str) -> IO[bytes] | None:
    """The lock file, or None where it cannot be made (a read-only folder: SQLite's own lock then
    serialises the writers, and the write itself reports the read-only database)."""
    try:
        return open(path, "ab")  # closed by the caller's with
    except OSError:
        return None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # A commit appends to the WAL without waiting for the disk (12 ms an fsync here, inside the
    # write lock every writer queues on); still atomic and safe from corruption, and a crashed
    # process loses nothing — only a power loss can roll back the last commits before a checkpoint.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_PAGES}")  # Database._checkpoint_when_due does it outside the lock
    cursor.close()


def alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.begin() as connection:
        config = alembic_config(connection)
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            where = engine.url.render_as_string(hide_password=True)
            raise InputError(
                f"the database schema is revision {current}, newer than this planwatch (head {head}): upgrade planwatch", path=where
            )
        if current != head:
            command.upgrade(config, "head")


def open_database(db: str | None = None, *, migrate: bool = True, settings: Settings | None = None) -> Database:
    """``db`` (a URL or a file path), else the database the settings name, pooled as the settings say.

    Given ``db`` and no ``settings``, nothing is read (a broken config file fails no caller that named
    its database): the pool sizes are the settings' own defaults."""
    from planwatch.settings import Settings, default_settings

    if settings is None:
        settings = default_settings() if not db else Settings.model_construct()  # model_construct: the defaults, no source read
    url = resolve_database_url(db, settings)
    return Database(url, migrate=migrate, pool_size=settings.db_pool_size, pool_overflow=settings.db_pool_overflow)
