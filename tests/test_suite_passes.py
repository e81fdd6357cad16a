"""The PostgreSQL pass of scripts/test.sh runs the tests that open a database of the backend under test and
deselects the rest (tests/conftest.py): checked by collecting two files as that pass does."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def collected_on_postgresql() -> tuple[str, ...]:
    """Two files collected as the PostgreSQL pass collects them: one with database fixtures, one reading documents only."""
    env = os.environ | {"PLANWATCH_TEST_BACKEND": "postgresql", "PLANWATCH_TEST_POSTGRES_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "tests/test_core.py", "tests/test_language_action_plans.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    return tuple(line for line in result.stdout.splitlines() if "::" in line)


def test_a_test_with_a_database_fixture_runs_on_postgresql() -> None:
    assert any("test_core.py::" in line for line in collected_on_postgresql())


def test_a_test_that_reads_documents_only_is_left_to_the_sqlite_pass() -> None:
    assert not any("test_language_action_plans.py::" in line for line in collected_on_postgresql())
