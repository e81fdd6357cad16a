"""What each cache stamp answers to (issues #16, #17 item 8): an observation typed in for one region
changes that region's plans' stamps and no other, and leaves the plans' own stamp alone, so readers
of other plans and of plan texts keep their cached answers during data entry."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from planwatch.core import Planwatch
from planwatch.models import ReviewDecision
from planwatch.monitor.assessment import assess_plan, plan_assessment_dict, plan_parts
from planwatch.monitor.entry import add_observation, add_task_progress
from planwatch.monitor.tasks import trackable_sections
from planwatch.review import review_target
from planwatch.settings import load_settings
from planwatch.store import Database, get_sections, plans_stamp
from planwatch.store.monitoring import monitoring_stamp
from planwatch.web.app import create_app

NANSHAN = (["nanshan"], ["南山区"])
GUANGMING = (["guangming"], ["光明区"])
CITY = (["shenzhen", "longgang", "nanshan", "baoan", "guangming"], ["深圳市", "龙岗区", "南山区", "宝安区", "光明区"])


@pytest.fixture
def demo(writable_demo: Database) -> Database:
    return writable_demo


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


# --- the caches that key on them ------------------------------------------------------------------


@pytest.fixture
def planwatch(demo: Database) -> Planwatch:
    return Planwatch(load_settings(secret="test-secret"), database=demo)


def test_another_regions_observation_keeps_an_assessment_cached(planwatch: Planwatch) -> None:
    guangming = planwatch.plan("guangming")
    before = planwatch.assess(guangming, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    assert planwatch.assess(guangming, 2023) is before


def test_its_own_regions_observation_renews_an_assessment(planwatch: Planwatch) -> None:
    nanshan = planwatch.plan("nanshan")
    before = planwatch.assess(nanshan, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    assert planwatch.assess(nanshan, 2023) is not before


def test_a_districts_observation_renews_the_city_assessment(planwatch: Planwatch) -> None:
    city = planwatch.plan("shenzhen")
    before = planwatch.assess(city, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    assert planwatch.assess(city, 2023) is not before


PLAN_ONLY_TABLES = ("plans", "sections", "targets", "historical_results")


def _tables_read(db: Database, read: Any) -> set[str]:
    """The plan-only tables the statements of ``read()`` select from."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return {t for t in PLAN_ONLY_TABLES for s in statements if re.search(rf"\bFROM {t}\b", s)}


def test_re_rating_a_plan_after_its_regions_observation_reads_no_plan_only_table(planwatch: Planwatch) -> None:
    nanshan = planwatch.plan("nanshan")
    planwatch.assess(nanshan, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    assert _tables_read(planwatch.db, lambda: planwatch.assess(nanshan, 2023)) == set()


def test_re_rating_the_city_after_a_districts_observation_reads_no_plan_only_table(planwatch: Planwatch) -> None:
    city = planwatch.plan("shenzhen")
    planwatch.assess(city, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    assert _tables_read(planwatch.db, lambda: planwatch.assess(city, 2023)) == set()


def test_a_rating_kept_parts_give_is_the_rating_read_afresh(planwatch: Planwatch) -> None:
    nanshan = planwatch.plan("nanshan")
    planwatch.assess(nanshan, 2023)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    fresh = assess_plan(planwatch.db, "nanshan", 2023, planwatch.rules)
    assert plan_assessment_dict(planwatch.assess(nanshan, 2023)) == plan_assessment_dict(fresh)


def test_a_typed_in_observation_reads_no_plan_only_table_once_the_plans_periods_are_kept(planwatch: Planwatch) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2022, "value": "8100", "unit": "件"}
    planwatch.add_observation(row | {"source_url": "http://example.org/first"}, entered_by="editor")
    second = row | {"source_url": "http://example.org/second"}
    assert _tables_read(planwatch.db, lambda: planwatch.add_observation(second, entered_by="editor")) == set()


class _Counting:
    """Counts the calls of one of the core's methods behind the web app."""

    def __init__(self, planwatch: Planwatch, name: str) -> None:
        self.calls, self.method = 0, getattr(planwatch, name)
        setattr(planwatch, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.method(*args, **kwargs)


def _calls_across_a_nanshan_observation(planwatch: Planwatch, method: str, path: str) -> int:
    """How often the core's ``method`` runs for two reads of ``path`` with a 南山区 observation between."""
    client = TestClient(create_app(planwatch))
    counted = _Counting(planwatch, method)
    client.get(path)
    _observe(planwatch.db, "南山区", "http://example.org/a")
    client.get(path)
    return counted.calls


def test_an_api_read_of_another_plans_assessment_stays_cached_across_an_observation(planwatch: Planwatch) -> None:
    assert _calls_across_a_nanshan_observation(planwatch, "assess", "/api/v1/plans/guangming/assessment?year=2023") == 1


def test_an_api_read_of_the_written_regions_assessment_is_renewed(planwatch: Planwatch) -> None:
    client = TestClient(create_app(planwatch))
    first = client.get("/api/v1/plans/nanshan/assessment?year=2024").json()
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": 2024, "value": "1.5", "unit": "万件", "source_url": "http://example.org/p"}
    add_observation(planwatch.db, row, entered_by="editor")
    assert client.get("/api/v1/plans/nanshan/assessment?year=2024").json() != first


def test_an_api_read_of_another_regions_observations_stays_cached_across_an_observation(planwatch: Planwatch) -> None:
    assert _calls_across_a_nanshan_observation(planwatch, "observations", "/api/v1/observations?region=深圳市") == 1


def test_an_api_read_of_the_written_regions_observations_is_renewed(planwatch: Planwatch) -> None:
    assert _calls_across_a_nanshan_observation(planwatch, "observations", "/api/v1/observations?region=南山区") == 2


def test_an_api_read_of_every_regions_observations_is_renewed(planwatch: Planwatch) -> None:
    assert _calls_across_a_nanshan_observation(planwatch, "observations", "/api/v1/observations?region=") == 2


def test_an_api_read_of_a_plans_targets_stays_cached_across_an_observation(planwatch: Planwatch) -> None:
    assert _calls_across_a_nanshan_observation(planwatch, "targets", "/api/v1/plans/nanshan/targets") == 1


def test_an_api_read_of_a_plans_targets_is_renewed_by_a_review(planwatch: Planwatch) -> None:
    client = TestClient(create_app(planwatch))
    before = client.get("/api/v1/plans/nanshan/targets").json()
    review_target(planwatch.db, "nanshan", 1, ReviewDecision.REJECTED, note="不是本区目标", decided_by="editor")
    assert client.get("/api/v1/plans/nanshan/targets").json() != before


def test_the_review_values_of_kept_plan_parts_cannot_be_changed_by_a_caller(demo: Database) -> None:
    # Planwatch keeps a plan's parts across re-ratings: a caller writing into them would change every later rating
    parts = plan_parts(demo, "shenzhen", 2023)
    with pytest.raises(TypeError):
        parts.reviews[("rd_intensity", "%")] = (2020, 99.0)  # type: ignore[index]
