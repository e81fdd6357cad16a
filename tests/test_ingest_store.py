"""What ingest writes reads back as what was parsed and extracted, row for row (the store writes
each table with one bulk insert; nothing may be lost or defaulted on the way)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.extract import extract_targets
from planwatch.models import ParsedPlan, ReviewState
from planwatch.store import Database
from planwatch.store.repository import get_historical, get_sections, get_tables, get_targets, store_plan
from tests.conftest import KEYS


@pytest.fixture
def stored(db: Database, parsed: dict[str, ParsedPlan]) -> Database:
    for key in KEYS:
        store_plan(db, parsed[key], *extract_targets(parsed[key]))
    return db


@pytest.mark.parametrize("key", KEYS)
def test_every_section_reads_back_as_parsed(stored: Database, parsed: dict[str, ParsedPlan], key: str) -> None:
    assert get_sections(stored, key) == list(parsed[key].sections)


@pytest.mark.parametrize("key", KEYS)
def test_every_table_reads_back_as_parsed(stored: Database, parsed: dict[str, ParsedPlan], key: str) -> None:
    assert get_tables(stored, key) == list(parsed[key].tables)


@pytest.mark.parametrize("key", KEYS)
def test_every_target_reads_back_as_extracted(stored: Database, parsed: dict[str, ParsedPlan], key: str) -> None:
    # The store adds only the review state (no decisions yet: each target's own, from its confidence).
    read = [replace(t, review=ReviewState.AUTO) for t in get_targets(stored, key)]
    assert read == list(extract_targets(parsed[key])[0])


@pytest.mark.parametrize("key", KEYS)
def test_every_historical_result_reads_back_as_extracted(stored: Database, parsed: dict[str, ParsedPlan], key: str) -> None:
    assert get_historical(stored, key) == list(extract_targets(parsed[key])[1])


def test_the_seed_plans_have_rows_of_every_kind(parsed: dict[str, ParsedPlan]) -> None:
    # The four round trips above compare something: the seeds hold sections, tables, targets and results.
    counts = [
        sum(len(x) for x in column)
        for column in zip(*((p.sections, p.tables, *extract_targets(p)[:2]) for p in parsed.values()), strict=True)
    ]
    assert min(counts) > 0
