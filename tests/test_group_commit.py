"""Group commit of typed-in observations (store.groups): writes that queue while another holds the
write lock are stored together at the next turn, each keeping its own checks, audit record and
failure. The write lock is held by a test thread so that the group forms deterministically."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from planwatch.errors import InputError
from planwatch.models import Observation
from planwatch.monitor.entry import add_observation, typed_in_group
from planwatch.monitor.series import YearValue
from planwatch.store import Database
from planwatch.store.monitoring import list_observations
from planwatch.store.schema import AuditRow

Outcome = tuple[Observation, list[YearValue]] | Exception


def row(source: str, value: str = "812.5") -> dict[str, Any]:
    return {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2023, "value": value, "unit": "亿元", "source_url": source}


@contextmanager
def write_lock_held(db: Database) -> Iterator[None]:
    """Another writer's exclusive transaction, open until the block ends."""
    release, taken = threading.Event(), threading.Event()

    def hold() -> None:
        with db.transaction(exclusive=True):
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(30)
    try:
        yield
    finally:
        release.set()
        holder.join(30)


def in_one_group(db: Database, jobs: list[Callable[[], Any]]) -> list[Outcome]:
    """Each job in its own thread while the write lock is held, the lock released once all of
    them wait for the same group; their outcomes in the jobs' order."""
    outcomes: list[Outcome | None] = [None] * len(jobs)

    def run(i: int) -> None:
        try:
            outcomes[i] = jobs[i]()
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    group = typed_in_group(db)
    with write_lock_held(db):
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while group.queued() < len(jobs):
            assert time.monotonic() < deadline, "the writes never queued"
            time.sleep(0.01)
    for thread in threads:
        thread.join(30)
    return [o for o in outcomes if o is not None]


def add(db: Database, source: str, value: str = "812.5", who: str = "editor") -> Callable[[], Any]:
    return lambda: add_observation(db, row(source, value), entered_by=who)


def test_observations_queued_behind_the_write_lock_share_one_transaction(plans_db: Database) -> None:
    before = typed_in_group(plans_db).groups
    in_one_group(plans_db, [add(plans_db, f"https://tjj.example.gov.cn/gb/{i}") for i in range(3)])
    assert typed_in_group(plans_db).groups == before + 1


def test_each_observation_of_a_group_is_stored(plans_db: Database) -> None:
    outcomes = in_one_group(plans_db, [add(plans_db, f"https://tjj.example.gov.cn/gb/{i}") for i in range(3)])
    stored = list_observations(plans_db, regions=["南山区"], indicator_keys=["tech_contract_turnover"], years=[2023])
    assert sorted(o.id for o in stored) == sorted(o[0].id for o in outcomes if not isinstance(o, Exception))


def test_each_observation_of_a_group_has_its_own_audit_record_and_author(plans_db: Database) -> None:
    outcomes = in_one_group(plans_db, [add(plans_db, f"https://tjj.example.gov.cn/gb/{i}", who=f"科员{i}") for i in range(3)])
    with plans_db.reader() as session:
        audited = {(r.object_id, r.actor) for r in session.scalars(select(AuditRow).where(AuditRow.action == "observation.add"))}
    expected = {(str(o[0].id), o[0].entered_by) for o in outcomes if not isinstance(o, Exception)}
    assert audited == expected


def test_a_repeat_within_a_group_is_refused_naming_the_first(plans_db: Database) -> None:
    source = "https://tjj.example.gov.cn/gb/同一公报"
    outcomes = in_one_group(plans_db, [add(plans_db, source), add(plans_db, source)])
    stored = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, InputError)]
    assert len(stored) == 1
    assert [str(e) for e in refused] == [f"已有相同记录 #{stored[0][0].id}（同一来源的同一数值），未重复保存"]


def test_a_repeat_of_a_stored_statement_is_refused_within_a_group(plans_db: Database) -> None:
    source = "https://tjj.example.gov.cn/gb/已入库"
    first, _ = add_observation(plans_db, row(source), entered_by="editor")
    outcomes = in_one_group(plans_db, [add(plans_db, source), add(plans_db, "https://tjj.example.gov.cn/gb/新来源")])
    assert [str(o) for o in outcomes if isinstance(o, InputError)] == [f"已有相同记录 #{first.id}（同一来源的同一数值），未重复保存"]


class InjectedFault(Exception):
    pass


@contextmanager
def refused_insert(db: Database, marker: str) -> Iterator[None]:
    """The database fails every write statement whose parameters carry ``marker``."""

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT") and marker in str(parameters):
            raise InjectedFault(f"write of {marker} refused")

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_a_row_the_database_refuses_fails_only_its_own_request(plans_db: Database) -> None:
    bad = "https://tjj.example.gov.cn/gb/坏行"
    with refused_insert(plans_db, bad):
        outcomes = in_one_group(plans_db, [add(plans_db, "https://tjj.example.gov.cn/gb/1"), add(plans_db, bad), add(plans_db, "https://tjj.example.gov.cn/gb/2")])
    assert [type(o).__name__ for o in outcomes] == ["tuple", "InjectedFault", "tuple"]


def test_the_refused_row_leaves_nothing_behind(plans_db: Database) -> None:
    bad = "https://tjj.example.gov.cn/gb/坏行"
    with refused_insert(plans_db, bad):
        in_one_group(plans_db, [add(plans_db, "https://tjj.example.gov.cn/gb/1"), add(plans_db, bad)])
    stored = list_observations(plans_db, regions=["南山区"], indicator_keys=["tech_contract_turnover"], years=[2023])
    assert [o.source_url for o in stored] == ["https://tjj.example.gov.cn/gb/1"]


def test_a_group_that_fails_is_retried_one_request_at_a_time(plans_db: Database) -> None:
    before = typed_in_group(plans_db).groups
    with refused_insert(plans_db, "https://tjj.example.gov.cn/gb/坏行"):
        in_one_group(plans_db, [add(plans_db, "https://tjj.example.gov.cn/gb/1"), add(plans_db, "https://tjj.example.gov.cn/gb/坏行")])
    assert typed_in_group(plans_db).groups == before + 3  # the group, then each alone


def test_writers_arriving_together_each_get_their_own_answer(plans_db: Database) -> None:
    """Without a held lock: whatever groups form, every writer gets its own observation back."""
    clients = 8
    barrier = threading.Barrier(clients)
    found: dict[int, str] = {}

    def write(i: int) -> None:
        barrier.wait()
        observation, _ = add_observation(plans_db, row(f"https://tjj.example.gov.cn/gb/并发{i}", str(800 + i)), entered_by="editor")
        found[i] = observation.source_url

    threads = [threading.Thread(target=write, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert found == {i: f"https://tjj.example.gov.cn/gb/并发{i}" for i in range(clients)}
