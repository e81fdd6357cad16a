"""Group commit of typed-in observations (store.groups): writes that queue while another holds the
write lock are stored together at the next turn, each keeping its own checks, audit record and
failure. The write lock is held by a test thread so that the group forms deterministically."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from planwatch.errors import InputError
from planwatch.models import Observation
from planwatch.monitor.entry import TypedIn, add_observation, typed_in_group
from planwatch.monitor.series import YearValue
from planwatch.store import Database, groups, open_database
from planwatch.store.groups import GroupCommit, WriteInterrupted, _Waiting
from planwatch.store.monitoring import list_observations
from planwatch.store.schema import AuditRow
from tests.conftest import fresh_url
from tests.conftest import transaction_held as write_lock_held

Outcome = tuple[Observation, list[YearValue]] | Exception


def row(source: str, value: str = "812.5") -> dict[str, Any]:
    return {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2023, "value": value, "unit": "亿元", "source_url": source}


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


def test_each_audit_record_of_a_group_states_its_own_observation(plans_db: Database) -> None:
    """On PostgreSQL the records are written in the observations' statement, paired with them by rank."""
    outcomes = in_one_group(plans_db, [add(plans_db, f"https://tjj.example.gov.cn/gb/{i}", value=f"81{i}") for i in range(3)])
    with plans_db.reader() as session:
        audited = {r.object_id: (r.object_type, r.old, r.new["source_url"], r.new["value"]) for r in session.scalars(select(AuditRow).where(AuditRow.action == "observation.add"))}
    expected = {str(o[0].id): ("observation", None, o[0].source_url, o[0].value) for o in outcomes if not isinstance(o, Exception)}
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
def statements_refused(db: Database, refusal: Callable[[str, Any], str | None]) -> Iterator[None]:
    """The database fails each statement that ``refusal(statement, parameters)`` gives a reason for."""

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if (reason := refusal(statement, parameters)) is not None:
            raise InjectedFault(reason)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def refused_insert(db: Database, marker: str) -> AbstractContextManager[None]:
    """The database fails every write statement whose parameters carry ``marker``."""
    return statements_refused(
        db, lambda statement, parameters: f"write of {marker} refused" if "INSERT INTO" in statement.upper() and marker in str(parameters) else None
    )


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


class Halt(BaseException):
    """An interrupt, as a worker's shutdown raises one: no ``Exception``, so no handler of errors catches it."""


def submitted_together(group: GroupCommit[str, str], jobs: list[str], *, lock_of: Database | None = None) -> list[object]:
    """Each job submitted in its own thread (while ``lock_of``'s write lock is held, if given, until
    all of them queue); each thread's result or what it raised, None for one still waiting after 10 s."""
    outcomes: list[object] = [None] * len(jobs)

    def run(i: int) -> None:
        try:
            outcomes[i] = group.submit(jobs[i])
        except BaseException as exc:  # the interrupt itself is an outcome here
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(jobs))]
    with write_lock_held(lock_of) if lock_of is not None else nullcontext():
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while lock_of is not None and group.queued() < len(jobs) and time.monotonic() < deadline:
            time.sleep(0.01)
    for thread in threads:
        thread.join(10)
    return outcomes


def named(outcomes: list[object]) -> list[str]:
    return sorted(o if isinstance(o, str) else type(o).__name__ for o in outcomes)


def echoed(session: Session, jobs: Sequence[str]) -> list[str | Exception]:
    return list(jobs)


def halting_write(halts: int) -> Callable[[Session, Sequence[str]], list[str | Exception]]:
    """A group write that raises :class:`Halt` in its first ``halts`` transactions."""
    calls = [0]

    def write(session: Session, jobs: Sequence[str]) -> list[str | Exception]:
        calls[0] += 1
        if calls[0] <= halts:
            raise Halt()
        return list(jobs)

    return write


def halt_before_the_jobs_are_taken(monkeypatch: pytest.MonkeyPatch, db: Database, group: GroupCommit[str, str], queued: int) -> None:
    """The first exclusive transaction of ``db`` raises :class:`Halt` once ``queued`` jobs wait."""
    real = db.transaction
    first = [True]

    @contextmanager
    def transaction(*, exclusive: bool = False, keys: Callable[[], Iterable[str]] | None = None) -> Iterator[Session]:
        if first[0]:
            first[0] = False
            deadline = time.monotonic() + 10
            while group.queued() < queued and time.monotonic() < deadline:
                time.sleep(0.01)
            raise Halt()
        with real(exclusive=exclusive, keys=keys) as session:
            yield session

    monkeypatch.setattr(db, "transaction", transaction)


def test_an_interrupt_in_a_group_answers_its_other_jobs_with_an_error(db: Database) -> None:
    group: GroupCommit[str, str] = GroupCommit(db, halting_write(1))
    assert named(submitted_together(group, ["甲", "乙", "丙"], lock_of=db)) == ["Halt", "WriteInterrupted", "WriteInterrupted"]


def test_the_error_of_an_interrupted_group_is_in_chinese(db: Database) -> None:
    group: GroupCommit[str, str] = GroupCommit(db, halting_write(1))
    outcomes = submitted_together(group, ["甲", "乙"], lock_of=db)
    assert [str(o) for o in outcomes if isinstance(o, WriteInterrupted)] == ["写入中断，请重试"]


def test_a_write_after_an_interrupted_group_goes_through(db: Database) -> None:
    group: GroupCommit[str, str] = GroupCommit(db, halting_write(1))
    submitted_together(group, ["甲", "乙"], lock_of=db)
    assert submitted_together(group, ["丁"]) == ["丁"]


def test_an_interrupt_before_the_jobs_are_taken_hands_the_lead_to_a_waiting_job(monkeypatch: pytest.MonkeyPatch, db: Database) -> None:
    group: GroupCommit[str, str] = GroupCommit(db, echoed)
    halt_before_the_jobs_are_taken(monkeypatch, db, group, queued=3)
    jobs = ["甲", "乙", "丙"]
    outcomes = submitted_together(group, jobs)
    assert sorted("own" if o == job else type(o).__name__ for o, job in zip(outcomes, jobs, strict=True)) == ["Halt", "own", "own"]


def test_a_write_after_an_interrupt_before_the_jobs_were_taken_goes_through(monkeypatch: pytest.MonkeyPatch, db: Database) -> None:
    group: GroupCommit[str, str] = GroupCommit(db, echoed)
    halt_before_the_jobs_are_taken(monkeypatch, db, group, queued=2)
    submitted_together(group, ["甲", "乙"])
    assert submitted_together(group, ["丁"]) == ["丁"]


class InterruptedWait(threading.Event):
    """A waiting thread's wait ended by an interrupt."""

    def wait(self, timeout: float | None = None) -> bool:
        raise Halt()


def test_a_waiting_job_that_leaves_on_an_interrupt_is_not_written(monkeypatch: pytest.MonkeyPatch, db: Database) -> None:
    written: list[str] = []

    def write(session: Session, jobs: Sequence[str]) -> list[str | Exception]:
        written.extend(jobs)
        return list(jobs)

    group: GroupCommit[str, str] = GroupCommit(db, write)
    monkeypatch.setattr(groups, "_Waiting", lambda job: _Waiting(job, wake=InterruptedWait()) if job == "乙" else _Waiting(job))
    leader = threading.Thread(target=group.submit, args=("甲",), daemon=True)
    with write_lock_held(db):
        leader.start()
        deadline = time.monotonic() + 10
        while group.queued() < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(Halt):
            group.submit("乙")
    leader.join(10)
    assert written == ["甲"]


def test_a_job_without_an_outcome_raises_rather_than_returning_nothing() -> None:
    with pytest.raises(WriteInterrupted):
        _Waiting("甲").result()


def lock_statement_fails(db: Database, times: int) -> AbstractContextManager[None]:
    """The write lock's statement (SQLite ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock) fails
    ``times`` runs after the first (the one of :func:`in_one_group`'s holder of the lock)."""
    seen = [0]

    def refusal(statement: str, _parameters: Any) -> str | None:
        if not (statement.startswith("BEGIN IMMEDIATE") or ("pg_advisory_xact_lock" in statement and "INSERT INTO" not in statement)):  # not the insert turn
            return None
        seen[0] += 1
        return "write lock refused" if 1 < seen[0] <= times + 1 else None

    return statements_refused(db, refusal)


def test_a_fault_at_the_write_lock_with_jobs_queued_runs_each_alone(plans_db: Database) -> None:
    sources = [f"https://tjj.example.gov.cn/gb/锁{i}" for i in range(3)]
    with lock_statement_fails(plans_db, times=1):
        outcomes = in_one_group(plans_db, [add(plans_db, s) for s in sources])
    assert sorted(o[0].source_url for o in outcomes if isinstance(o, tuple)) == sources


def test_a_fault_at_the_write_lock_every_time_fails_each_queued_job_without_hanging(plans_db: Database) -> None:
    sources = [f"https://tjj.example.gov.cn/gb/锁{i}" for i in range(3)]
    with lock_statement_fails(plans_db, times=100):
        outcomes = in_one_group(plans_db, [add(plans_db, s) for s in sources])
    assert [type(o).__name__ for o in outcomes] == ["InjectedFault"] * 3


def refuse_commit(session: Session) -> None:
    raise InjectedFault("commit refused")


def first_group_fails_at_commit(monkeypatch: pytest.MonkeyPatch, db: Database) -> None:
    """The commit of the first transaction of typed-in observations fails once its writes are done."""
    group = typed_in_group(db)
    real = group.write
    failed = [False]

    def write(session: Session, jobs: Sequence[TypedIn]) -> list[int | Exception]:
        outcomes = real(session, jobs)
        if not failed[0]:
            failed[0] = True
            event.listen(session, "before_commit", refuse_commit)
        return outcomes

    monkeypatch.setattr(group, "write", write)


def test_a_fault_at_commit_runs_each_job_of_the_group_alone(monkeypatch: pytest.MonkeyPatch, plans_db: Database) -> None:
    before = typed_in_group(plans_db).groups
    first_group_fails_at_commit(monkeypatch, plans_db)
    in_one_group(plans_db, [add(plans_db, f"https://tjj.example.gov.cn/gb/提交{i}") for i in range(3)])
    assert typed_in_group(plans_db).groups == before + 4  # the group, then each alone


def test_the_jobs_of_a_group_that_failed_at_commit_are_each_stored(monkeypatch: pytest.MonkeyPatch, plans_db: Database) -> None:
    sources = [f"https://tjj.example.gov.cn/gb/提交{i}" for i in range(3)]
    first_group_fails_at_commit(monkeypatch, plans_db)
    in_one_group(plans_db, [add(plans_db, s) for s in sources])
    stored = list_observations(plans_db, regions=["南山区"], indicator_keys=["tech_contract_turnover"], years=[2023])
    assert sorted(o.source_url for o in stored) == sources


def test_a_database_with_a_group_commit_is_released(tmp_path: Path) -> None:
    database = open_database(fresh_url(tmp_path))
    typed_in_group(database)
    released = weakref.ref(database)
    database.close()
    del database
    gc.collect()
    assert released() is None
