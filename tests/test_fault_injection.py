"""Fault injection in the manner of SQLite's own tests (issue #16, test discipline): an error is
raised at each write statement of an import, a correction and a withdrawal in turn; every
failed run leaves the database exactly as it was, and the run past the last write succeeds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from planwatch.errors import InputError
from planwatch.monitor.entry import add_observation, correct_observation, import_file, withdraw_observation
from planwatch.monitor.tasks import trackable_sections
from planwatch.store import Database, get_sections, open_database
from planwatch.store.backup import dump_rows
from tests.conftest import BACKEND

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(statement: str) -> bool:
    """A write statement, or one whose CTE writes (PostgreSQL's typed-in observation and its audit record)."""
    said = statement.lstrip().upper()
    return said.startswith(WRITES) or (said.startswith("WITH") and "INSERT INTO" in said)


class InjectedFault(Exception):
    pass


@contextmanager
def fault_at(db: Database, step: int) -> Iterator[list[int]]:
    """Raise :class:`InjectedFault` just before the ``step``-th write statement; yields a counter."""
    seen = [0]

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if writes(statement):
            seen[0] += 1
            if seen[0] == step:
                raise InjectedFault(f"fault injected at write {step}")

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def every_step(db: Database, operation: Callable[[], object]) -> int:
    """Run ``operation`` with a fault at write 1, 2, … until it completes; returns the number of
    writes it made. Asserts that each failed run changed nothing."""
    before = dump_rows(db)
    step = 1
    while True:
        with fault_at(db, step) as seen:
            try:
                operation()
            except InjectedFault:
                assert dump_rows(db) == before, f"write {step} left a partial change"
                step += 1
                continue
        assert seen[0] == step - 1
        assert dump_rows(db) != before
        return seen[0]


def test_a_fault_at_any_write_of_an_import_changes_nothing(plans_db: Database, tmp_path: Path) -> None:
    task = trackable_sections(get_sections(plans_db, "nanshan"))[0]
    path = tmp_path / "tasks.csv"
    path.write_text(f"规划,路径,状态,日期,备注\nnanshan,{task.path},推进中,2023-06-30,按计划推进\n", encoding="utf-8")
    observations = tmp_path / "bulletin.csv"
    observations.write_text(
        "地区,指标代码,年份,实际值,单位,来源链接\n南山区,pct_applications,2022,8100,件,https://a.example\n南山区,pct_applications,2023,7900,件,https://a.example\n",
        encoding="utf-8",
    )
    assert every_step(plans_db, lambda: import_file(plans_db, observations, entered_by="editor")) >= 2
    assert every_step(plans_db, lambda: import_file(plans_db, path, entered_by="editor")) >= 2


def test_a_fault_at_any_write_of_a_typed_in_observation_changes_nothing(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2021, "value": "7600", "unit": "件", "source_url": "https://b.example"}
    # the observation, its audit entry: on PostgreSQL one statement writes both
    assert every_step(plans_db, lambda: add_observation(plans_db, row, entered_by="editor")) == (1 if BACKEND == "postgresql" else 2)


def test_a_fault_at_any_write_of_a_correction_changes_nothing(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2022, "value": "8100", "unit": "件"}
    original, _ = add_observation(plans_db, row, entered_by="editor")
    writes = every_step(plans_db, lambda: correct_observation(plans_db, original.id, value="8150", reason="统计年鉴更正", entered_by="editor"))
    assert writes >= 3  # the old version, the new one, the audit entry


def test_a_fault_at_any_write_of_a_withdrawal_changes_nothing(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2023, "value": "7900", "unit": "件"}
    original, _ = add_observation(plans_db, row, entered_by="editor")
    assert every_step(plans_db, lambda: withdraw_observation(plans_db, original.id, reason="来源有误", entered_by="editor")) >= 3


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "planwatch.db"
    path.write_bytes(b"SQLite format 2\x00" + b"\xff" * 4096)
    with pytest.raises(InputError, match="数据库文件已损坏或不是 planwatch 数据库"):
        open_database(str(path))


def test_a_database_with_a_damaged_header_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "planwatch.db"
    open_database(str(path)).close()
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes of the SQLite header
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="已拒绝打开"):
        open_database(str(path))
