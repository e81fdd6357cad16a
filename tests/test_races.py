"""Check-then-write operations under parallel writers (issue #16, finding 4), on both backends:
workers are separate engines on one database, started together by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from planwatch.errors import PlanwatchError
from planwatch.monitor.entry import add_observation, correct_observation, import_file
from planwatch.store import Database, open_database
from planwatch.store.monitoring import list_observations, observation_history
from planwatch.store.schema import ObservationRow

WORKERS = 3


@pytest.fixture
def workers(plans_db: Database) -> Iterator[list[Database]]:
    """Three more connections to the test database, as three server workers would hold."""
    opened = [open_database(plans_db.url) for _ in range(WORKERS)]
    yield opened
    for database in opened:
        database.close()


def run_together(count: int, job: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """``job(i)`` for i in range(count), each in its own thread, released at the same moment."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcome = job(i)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_parallel_corrections_of_one_observation_leave_one_current_version(plans_db: Database, workers: list[Database]) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2022, "value": "8100", "unit": "件"}
    original, _ = add_observation(plans_db, row, entered_by="editor")

    def correct(i: int) -> int:
        return correct_observation(workers[i % WORKERS], original.id, value=str(8101 + i), reason="更正", entered_by=f"editor{i}").id

    succeeded, failed = run_together(24, correct)
    assert len(succeeded) == 1
    assert all(isinstance(e, PlanwatchError) and "已被更正或撤回过" in str(e) for e in failed)
    chain = observation_history(plans_db, original.id)
    assert [o.current for o in chain] == [False, True]


def test_parallel_imports_of_one_file_store_its_rows_once(plans_db: Database, workers: list[Database], tmp_path: Path) -> None:
    path = tmp_path / "bulletin.csv"
    rows = [f"南山区,pct_applications,2022,{8000 + i},件,https://tjj.example.gov.cn/{i}" for i in range(100)]
    path.write_text("地区,指标代码,年份,实际值,单位,来源链接\n" + "\n".join(rows) + "\n", encoding="utf-8")

    def run_import(i: int) -> int:
        return len(import_file(workers[i % WORKERS], path, entered_by=f"editor{i}").added)

    added, failed = run_together(8, run_import)
    assert failed == []
    assert sorted(added) == [0] * 7 + [100]
    assert len(list_observations(plans_db, regions=["南山区"])) == 100


def test_the_database_refuses_a_second_successor_of_one_version(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2022, "value": "8100", "unit": "件"}
    original, _ = add_observation(plans_db, row, entered_by="editor")
    successor = {
        "region": "南山区",
        "indicator_key": "pct_applications",
        "indicator_name": "PCT",
        "year": 2022,
        "value": 8200.0,
        "unit": "件",
        "value_raw": "8200",
        "unit_raw": "件",
        "entered_by": "x",
        "entered_at": datetime(2024, 1, 1),
        "supersedes_id": original.id,
        "version": 2,
    }
    with plans_db.transaction() as session:
        session.execute(insert(ObservationRow), [successor])
    with pytest.raises(IntegrityError), plans_db.transaction() as session:
        session.execute(insert(ObservationRow), [successor | {"value": 8300.0}])


def test_connections_of_concurrent_requests_stay_open_for_the_next_ones(plans_db: Database) -> None:
    """Twelve requests at once, twice (a worker's writes in flight): the second round opens no connection."""
    from sqlalchemy import event, text

    opened: list[object] = []
    event.listen(plans_db.engine, "connect", lambda connection, _record: opened.append(connection))
    held = threading.Barrier(12)

    def read(_i: int) -> None:
        with plans_db.reader() as session:
            session.execute(text("SELECT 1"))
            held.wait()  # every connection is out of the pool at once

    run_together(12, read)
    first = len(opened)
    run_together(12, read)
    assert len(opened) == first
