"""Group commit: small writes of one process that arrive together share one exclusive transaction.

Under data entry nearly every request waits for the write lock, and a write's latency is the queue
ahead of it times the lock's hold; the hold is mostly fixed cost (the turn, ``BEGIN IMMEDIATE`` or
the advisory lock, the commit, and the worker's GIL taken back after each statement under busy
reader threads), so writes that queue meanwhile are done in the next turn, together.

No thread of its own: the first writer to find no group running leads — takes the write turn,
takes every job queued by then (those that arrived while it waited for the lock too), runs them in
one transaction and hands the lead to the first job queued after them. A group commit given ``keys``
(what each job's checks read) runs its transactions narrowed to them (:meth:`Database.transaction`):
on PostgreSQL the two workers' groups of different keys then check at the same time. A job's own refusal (a
duplicate) is its outcome and the others' go on; an error of the transaction rolls the group back
and each of its jobs is then run alone, so one bad row fails only its own request. A leader or
follower leaving on a BaseException (an interrupt, a worker's shutdown) still hands the lead on,
and the jobs it had taken are answered :class:`WriteInterrupted`, never left waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from planwatch.errors import PlanwatchError
from planwatch.store.database import Database

J = TypeVar("J")
R = TypeVar("R")
# the jobs' outcomes in order: each a result, or the exception that refuses that job alone
Write = Callable[[Session, Sequence[J]], list[R | Exception]]
Keys = Callable[[Sequence[J]], Iterable[str]]  # what the checks of jobs read (Database.transaction's keys)


class WriteInterrupted(PlanwatchError):
    """The group a job was in stopped on an interrupt before the job had its outcome (nothing of
    it committed unless the interrupt came after the commit); the request may be sent again."""

    def __init__(self) -> None:
        super().__init__("写入中断，请重试")


@dataclass(eq=False)
class _Waiting(Generic[J, R]):
    job: J
    wake: threading.Event = field(default_factory=threading.Event)
    leads: bool = False  # woken to lead the next group, not with an outcome
    outcome: R | Exception | None = None
    settled: bool = False  # ``outcome`` set (a result may itself be None)
    finished: bool = False

    def settle(self, outcome: R | Exception) -> None:
        self.outcome, self.settled = outcome, True

    def result(self) -> R:
        if not self.settled:
            raise WriteInterrupted()
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome  # type: ignore[return-value]  # a settled outcome that is no exception is the result


class GroupCommit(Generic[J, R]):
    """Jobs of one process written ``write(session, jobs)`` in shared exclusive transactions of ``db``."""

    def __init__(self, db: Database, write: Write[J, R], keys: Keys[J] | None = None) -> None:
        self.db = db
        self.write = write
        self.keys = keys
        self._lock = threading.Lock()
        self._queue: list[_Waiting[J, R]] = []
        self._running = False
        self.groups = 0  # transactions tried (a group's, or a job's alone after its group failed)

    def queued(self) -> int:
        """Jobs waiting for the next group (the one in its transaction not counted)."""
        with self._lock:
            return len(self._queue)

    def submit(self, job: J) -> R:
        """``job`` written, in a group with whatever queues beside it; its result, or its refusal raised."""
        waiting: _Waiting[J, R] = _Waiting(job)
        with self._lock:
            self._queue.append(waiting)
            waiting.leads = not self._running
            self._running = True
        try:
            while not waiting.leads:
                waiting.wake.wait()
                waiting.wake.clear()
                if waiting.finished:
                    return waiting.result()
        except BaseException:
            self._leave(waiting)
            raise
        self._lead(waiting)
        return waiting.result()

    def _leave(self, waiting: _Waiting[J, R]) -> None:
        """A follower gone before its group: out of the queue, and the lead passed on if it had it."""
        with self._lock:
            if waiting not in self._queue:  # taken by a group: that group's leader answers the others
                return
            self._queue.remove(waiting)
            following = self._handed_on() if waiting.leads else None
        if following is not None:
            following.wake.set()

    def _handed_on(self) -> _Waiting[J, R] | None:
        """The next leader (the first job queued), or none running; under ``_lock``."""
        following = self._queue[0] if self._queue else None
        if following is None:
            self._running = False
        else:
            following.leads = True
        return following

    def _lead(self, leader: _Waiting[J, R]) -> None:
        group: list[_Waiting[J, R]] = []

        def take() -> list[J]:
            """The jobs queued by the turn: those that queued while the lead waited for it too."""
            with self._lock:
                group.extend(self._queue)
                self._queue = []
            return [w.job for w in group]

        keys = self.keys
        try:
            with self.db.transaction(exclusive=True, keys=None if keys is None else lambda: keys(take())) as session:
                outcomes = self._written(session, [w.job for w in group] if keys else take())
            for waiting, outcome in zip(group, outcomes, strict=True):
                waiting.settle(outcome)
        except Exception as exc:
            if not group:  # failed before the jobs were taken (at the lock itself): each alone
                with self._lock:
                    group, self._queue = self._queue, []
            if len(group) == 1:
                group[0].settle(exc)
            else:
                for waiting in group:
                    waiting.settle(self._alone(waiting.job))
        finally:
            with self._lock:
                if leader in self._queue:  # a BaseException before the jobs were taken: the others stay queued
                    self._queue.remove(leader)
                following = self._handed_on()
            for waiting in group:
                if not waiting.settled:  # a BaseException in the group's transaction or its retries
                    waiting.settle(WriteInterrupted())
                waiting.finished = True
                waiting.wake.set()
            if following is not None:
                following.wake.set()

    def _alone(self, job: J) -> R | Exception:
        try:
            keys = self.keys
            with self.db.transaction(exclusive=True, keys=None if keys is None else lambda: keys([job])) as session:
                return self._written(session, [job])[0]
        except Exception as exc:
            return exc

    def _written(self, session: Session, jobs: Sequence[J]) -> list[R | Exception]:
        self.groups += 1
        outcomes = self.write(session, jobs)
        if len(outcomes) != len(jobs):
            raise ValueError(f"a group write returned {len(outcomes)} outcomes for {len(jobs)} jobs")
        return outcomes


_GROUPS_LOCK = threading.Lock()


def group_commit(db: Database, write: Write[J, R], keys: Keys[J] | None = None) -> GroupCommit[J, R]:
    """The process's one group of ``write`` jobs on ``db`` (a worker's requests share it), narrowed to
    ``keys`` when given; kept on ``db`` itself, so it goes with the Database (a registry beside it
    would keep every one alive)."""
    with _GROUPS_LOCK:
        found: GroupCommit[J, R] | None = db.write_groups.get(write)
        if found is None:
            found = db.write_groups[write] = GroupCommit(db, write, keys)
        return found
