"""Exclusive transactions narrowed to keys (Database.transaction(keys=…)), as typed-in observations'
group commits run them: on PostgreSQL writers of other keys check at the same time, writers of one
key and every writer without keys still take turns, and the inserts take turns to the commit so that
ids grow in commit order (the stamps are largest ids). Each worker is a Database of its own on one
database, as a server worker holds."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

import pytest

from planwatch.errors import InputError
from planwatch.models import ObservationInput
from planwatch.monitor.entry import add_observation
from planwatch.store import Database, open_database
from planwatch.store.monitoring import add_typed_in, list_observations, monitoring_stamp, new_observation
from tests.conftest import BACKEND
from tests.conftest import transaction_held as held

needs_postgres = pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite has one write lock (BEGIN IMMEDIATE): no transaction runs beside another")
WAIT = 0.5  # how long a writer that should wait is watched for


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """Another worker's connection to the test database."""
    database = open_database(db.url)
    yield database
    database.close()


def keyed(*keys: str) -> Callable[[], list[str]]:
    return lambda: list(keys)


def draft(source: str) -> ObservationInput:
    return ObservationInput(
        region="福田区", indicator_key="rd_expenditure", indicator_name="研发投入", year=2024, value=95.0, unit="亿元", value_raw="95", unit_raw="亿元", source_url=source
    )


def started(db: Database, keys: Callable[[], list[str]] | None, work: Callable[[Any], object] | None = None) -> tuple[threading.Thread, threading.Event, list[object]]:
    """An exclusive transaction begun in a thread of its own: the event is set once it is inside
    (after ``work``, whose result is put in the list)."""
    inside, done = threading.Event(), []

    def run() -> None:
        with db.transaction(exclusive=True, keys=keys) as session:
            if work is not None:
                done.append(work(session))
            inside.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, inside, done


def stores(source: str) -> Callable[[Any], object]:
    return lambda session: add_typed_in(session, [new_observation(draft(source), "editor")])[0]


@needs_postgres
def test_writers_of_other_keys_are_inside_at_the_same_time(db: Database, other: Database) -> None:
    with held(db, keyed("甲")):
        thread, inside, _ = started(other, keyed("乙"))
        assert inside.wait(10)
    thread.join(30)


def test_a_writer_of_the_same_key_waits_for_the_first(db: Database, other: Database) -> None:
    with held(db, keyed("乙", "甲")):
        thread, inside, _ = started(other, keyed("甲"))
        assert not inside.wait(WAIT)
    thread.join(30)


def test_a_writer_without_keys_waits_for_a_keyed_one(db: Database, other: Database) -> None:
    with held(db, keyed("甲")):
        thread, inside, _ = started(other, None)
        assert not inside.wait(WAIT)
    thread.join(30)


def test_a_keyed_writer_waits_for_one_without_keys(db: Database, other: Database) -> None:
    with held(db, None):
        thread, inside, _ = started(other, keyed("甲"))
        assert not inside.wait(WAIT)
    thread.join(30)


@needs_postgres
def test_inserts_of_writers_of_other_keys_take_turns_to_the_commit(db: Database, other: Database) -> None:
    with held(db, keyed("甲"), stores("https://tjj.example.gov.cn/keyed/1")):
        thread, inside, _ = started(other, keyed("乙"), stores("https://tjj.example.gov.cn/keyed/2"))
        assert not inside.wait(WAIT)
    thread.join(30)


@needs_postgres
def test_a_stamp_read_while_one_keyed_writer_waits_to_commit_changes_once_both_have(db: Database, other: Database) -> None:
    """Without the insert turn the second writer's larger id committed first, and the first's smaller
    one after it left the region's stamp (its largest id) as it was."""
    with held(db, keyed("甲"), stores("https://tjj.example.gov.cn/keyed/1")):
        thread, _, _ = started(other, keyed("乙"), stores("https://tjj.example.gov.cn/keyed/2"))
        thread.join(WAIT)
        between = monitoring_stamp(db, [], ["福田区"])
    thread.join(30)
    assert monitoring_stamp(db, [], ["福田区"]) != between


def test_a_statement_typed_in_by_parallel_workers_is_stored_once(db: Database, other: Database) -> None:
    workers = [db, other, open_database(db.url)]
    barrier = threading.Barrier(len(workers))
    row = {"region": "福田区", "indicator_key": "rd_expenditure", "year": 2024, "value": "95", "unit": "亿元", "source_url": "https://tjj.example.gov.cn/keyed/同"}

    def add(worker: Database) -> None:
        barrier.wait()
        with suppress(InputError):  # the duplicate's refusal
            add_observation(worker, dict(row), entered_by="editor")

    threads = [threading.Thread(target=add, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    workers[2].close()
    assert len(list_observations(db, regions=["福田区"])) == 1


def test_statements_of_other_sources_typed_in_by_parallel_workers_are_each_stored(db: Database, other: Database) -> None:
    workers = [db, other, open_database(db.url)]
    barrier = threading.Barrier(len(workers))

    def add(n: int) -> None:
        barrier.wait()
        row = {"region": "福田区", "indicator_key": "rd_expenditure", "year": 2024, "value": "95", "unit": "亿元", "source_url": f"https://tjj.example.gov.cn/keyed/{n}"}
        add_observation(workers[n], row, entered_by="editor")

    threads = [threading.Thread(target=add, args=(n,)) for n in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    workers[2].close()
    assert len(list_observations(db, regions=["福田区"])) == 3
