"""What each cache stamp answers to (issues #16, #17 item 8): an observation typed in for one region
changes that region's plans' stamps and no other, and leaves the plans' own stamp alone, so readers
of other plans and of plan texts keep their cached answers during data entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from planwatch.models import ReviewDecision
from planwatch.monitor.entry import add_observation, add_task_progress
from planwatch.monitor.tasks import trackable_sections
from planwatch.review import review_target
from planwatch.store import Database, get_sections, plans_stamp
from planwatch.store.monitoring import monitoring_stamp

from .conftest import demo_with_accounts

NANSHAN = (["nanshan"], ["南山区"])
GUANGMING = (["guangming"], ["光明区"])
CITY = (["shenzhen", "longgang", "nanshan", "baoan", "guangming"], ["深圳市", "龙岗区", "南山区", "宝安区", "光明区"])


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Database]:
    database = demo_with_accounts(tmp_path)
    yield database
    database.close()


def _observe(db: Database, region: str, source: str) -> None:
    row = {"region": region, "indicator_key": "tech_contract_turnover", "year": 2024, "value": "120", "unit": "亿元", "source_url": source}
    add_observation(db, row, entered_by="editor")


def test_an_observation_leaves_the_plans_stamp_alone(demo: Database) -> None:
    before = plans_stamp(demo)
    _observe(demo, "南山区", "http://example.org/a")
    assert plans_stamp(demo) == before


def test_an_observation_changes_its_regions_stamp(demo: Database) -> None:
    before = monitoring_stamp(demo, *NANSHAN)
    _observe(demo, "南山区", "http://example.org/a")
    assert monitoring_stamp(demo, *NANSHAN) != before


def test_an_observation_leaves_another_regions_stamp_alone(demo: Database) -> None:
    before = monitoring_stamp(demo, *GUANGMING)
    _observe(demo, "南山区", "http://example.org/a")
    assert monitoring_stamp(demo, *GUANGMING) == before


def test_a_district_observation_changes_the_city_stamp_that_holds_its_districts(demo: Database) -> None:
    before = monitoring_stamp(demo, *CITY)
    _observe(demo, "南山区", "http://example.org/a")
    assert monitoring_stamp(demo, *CITY) != before


def _task_entry(db: Database, plan: str) -> None:
    task = trackable_sections(get_sections(db, plan))[0]
    add_task_progress(db, plan, task.path, status="推进中", entry_date=date(2023, 6, 30), entered_by="editor")


def test_a_task_entry_changes_its_plans_stamp(demo: Database) -> None:
    before = monitoring_stamp(demo, *GUANGMING)
    _task_entry(demo, "guangming")
    assert monitoring_stamp(demo, *GUANGMING) != before


def test_a_task_entry_leaves_another_plans_stamp_alone(demo: Database) -> None:
    before = monitoring_stamp(demo, *NANSHAN)
    _task_entry(demo, "guangming")
    assert monitoring_stamp(demo, *NANSHAN) == before


def test_a_target_review_changes_the_plans_stamp(demo: Database) -> None:
    before = plans_stamp(demo)
    review_target(demo, "nanshan", 1, ReviewDecision.CONFIRMED, decided_by="editor")
    assert plans_stamp(demo) != before
