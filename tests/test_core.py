"""The application core: settings read once, per-instance caches, the default evaluation year and
the domain rules the front ends share."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.api import ingest_paths
from planwatch.core import Planwatch, evaluation_year, outline_depths
from planwatch.errors import InputError
from planwatch.models import Section
from planwatch.results import Direction, ProgressStatus, ProjectionStatus, TaskState
from planwatch.settings import Settings, load_settings
from planwatch.store import Database, data_stamp, open_database
from planwatch.web.app import create_app

from .conftest import ROOT, fresh_url, plan_file

STRICT_RULES = "fast: 1000.0\non_track: 999.0\nlagging: 998.0\n"  # no progress ratio reaches these: every scored target not yet met lags


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py") if "os.environ" in p.read_text(encoding="utf-8")
    )
    assert readers == ["src/planwatch/settings.py"]


def test_settings_come_from_arguments_then_environment_then_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('database_url = "sqlite:///from-file.db"\nllm_model = "file-model"\nuser = "file-user"\n', encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CONFIG", str(config))
    monkeypatch.setenv("PLANWATCH_LLM_MODEL", "env-model")
    settings = load_settings()
    assert settings.database_url == "sqlite:///from-file.db"
    assert settings.llm_model == "env-model"
    assert settings.user == "file-user"
    assert load_settings(database_url="sqlite:///argument.db").database_url == "sqlite:///argument.db"


def test_an_unknown_setting_in_the_config_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_upload_bytes = 1024\n", encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CONFIG", str(config))
    with pytest.raises(InputError, match="max_upload_bytes: Extra inputs are not permitted"):
        load_settings()


def test_a_limit_that_is_not_a_number_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.limits import current

    monkeypatch.setenv("PLANWATCH_LIMIT_ROWS", "lots")
    with pytest.raises(InputError, match="PLANWATCH_LIMIT_ROWS"):
        current()


def test_limits_follow_the_environment_while_the_process_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.limits import current

    monkeypatch.setenv("PLANWATCH_LIMIT_UPLOAD_BYTES", "2048")
    assert current().upload_bytes == 2048


def test_settings_published_to_workers_read_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = load_settings(database_url="sqlite:///x.db", secret="s3cret", rules=tmp_path / "rules.yaml")
    for name, value in original.environment().items():
        monkeypatch.setenv(name, value)
    assert load_settings() == original


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2022, 6, 1), 2021),  # during the plan: last year's statistics
        (date(2024, 3, 1), 2023),  # the mid-term review
        (date(2026, 12, 1), 2025),  # after the plan: the final evaluation
        (date(2031, 1, 1), 2025),
        (date(2021, 2, 1), 2021),  # before any statistics of the period: its first year
    ],
)
def test_the_default_evaluation_year_follows_the_period_and_the_date(today: date, expected: int) -> None:
    assert evaluation_year([(2021, 2025)], today) == expected


def test_the_evaluation_year_of_several_plans_spans_their_periods() -> None:
    assert evaluation_year([(2016, 2020), (2021, 2025)], date(2024, 5, 1)) == 2023


def test_outline_depth_counts_ancestors_not_numbering_levels() -> None:
    def section(ordinal: int, parent: int | None, level: int) -> Section:
        return Section(ordinal, str(ordinal), parent, level, "section", "", "t", 1, 1)

    sections = [section(1, None, 0), section(2, 1, 2), section(3, 2, 4), section(4, None, 0)]
    assert outline_depths(sections) == {1: 0, 2: 1, 3: 2, 4: 0}


def test_an_indicator_is_named_by_catalog_key_or_by_name(db: Database) -> None:
    pw = Planwatch(load_settings(), database=db)
    assert pw.observation_row("pct_applications", year=2023) == {"indicator_key": "pct_applications", "year": 2023}
    assert pw.observation_row("PCT国际专利申请量", year=2023) == {"indicator": "PCT国际专利申请量", "year": 2023}


def _one_plan_with_a_value(folder: Path, value: str) -> Database:
    folder.mkdir()
    database = open_database(fresh_url(folder))
    ingest_paths(database, [plan_file("nanshan")], overrides={"key": "nanshan", "region": "南山区", "level": "district"})
    Planwatch(load_settings(), database=database).add_observation(
        {"region": "南山区", "indicator_key": "pct_applications", "year": 2023, "value": value, "unit": "件"}, entered_by="test"
    )
    return database


def test_two_databases_with_the_same_stamp_never_share_a_cached_assessment(tmp_path: Path) -> None:
    first = _one_plan_with_a_value(tmp_path / "a", "5000")
    second = _one_plan_with_a_value(tmp_path / "b", "9000")
    assert data_stamp(first) == data_stamp(second)
    actuals = []
    for database in (first, second):
        pw = Planwatch(load_settings(), database=database)
        result = pw.assess(pw.plan("nanshan"), 2023)
        actuals.append(next(t.assessment.actual for t in result.targets if t.target.indicator_key == "pct_applications"))
    assert actuals == [5000, 9000]
    served = []
    for database in (first, second):
        client = TestClient(create_app(Planwatch(load_settings(secret="k"), database=database)))
        rated = client.get("/api/v1/plans/nanshan/assessment", params={"year": 2023}).json()["targets"]
        served.append(next(t["actual"] for t in rated if t["indicator_key"] == "pct_applications"))
    assert served == [5000, 9000]
    first.close()
    second.close()


@pytest.fixture
def strict_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    rules = tmp_path / "strict.yaml"
    rules.write_text(STRICT_RULES, encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_RULES", str(rules))
    return rules


def test_the_rules_setting_rates_alike_in_the_api_the_dashboard_and_compare(demo_db: Database, strict_rules: Path) -> None:
    client = TestClient(create_app(Planwatch(load_settings(secret="k"), database=demo_db)))
    counts = client.get("/api/v1/plans/shenzhen/assessment", params={"year": 2023}).json()["counts"]
    assert "faster_than_expected" not in counts
    assert counts["severely_lagging"] >= 3
    overview = client.get("/", params={"year": 2023}).text
    assert "快于预期" not in overview
    assert "严重滞后" in overview
    compared = client.get("/api/v1/compare", params={"year": 2023}).json()
    statuses = {c["status"] for r in compared["rows"] for key, c in r["cells"].items() if key == "shenzhen"}
    assert "faster_than_expected" not in statuses
    assert "快于预期" not in client.get("/compare", params={"year": 2023}).text


def test_the_core_assessment_default_follows_the_rules_setting(demo_db: Database, strict_rules: Path) -> None:
    from planwatch.monitor.assessment import assess_plan

    assert "快于预期" not in assess_plan(demo_db, "shenzhen", 2023).counts


def test_a_lagging_or_missing_target_is_singled_out(demo_db: Database) -> None:
    pw = Planwatch(load_settings(), database=demo_db)
    result = pw.assess(pw.plan("shenzhen"), 2023)
    behind = {t.target.indicator for t in result.targets if t.assessment.behind}
    on_track = {t.target.indicator for t in result.targets if t.assessment.status in ("提前实现", "快于预期")}
    assert behind
    assert not behind & on_track


def test_indicators_shared_by_three_plans_in_one_unit_are_charted(demo_db: Database) -> None:
    pw = Planwatch(load_settings(), database=demo_db)
    matrix, _ = pw.compare(2023)
    shared = matrix.shared()
    assert shared
    for row, cells in shared:
        assert len(cells) >= 3, row.indicator_key
        assert len({t.target.unit for _, t in cells}) == 1, row.indicator_key
    assert {row.indicator_key for row, _ in shared} < {row.indicator_key for row in matrix.rows}


def test_historical_results_are_shown_on_the_plan_page(demo_db: Database) -> None:
    pw = Planwatch(load_settings(secret="k"), database=demo_db)
    plan = next(p for p in pw.plans() if pw.historical(p))
    first = pw.historical(plan)[0]
    page = TestClient(create_app(pw)).get(f"/plans/{plan.key}").text
    assert "十三五" in page
    assert re.search(re.escape(first.indicator), page)


@pytest.mark.parametrize("kind", [ProgressStatus, ProjectionStatus, TaskState, Direction])
def test_every_english_value_has_one_chinese_label(kind: type[ProgressStatus]) -> None:
    labels = [member.label for member in kind]
    assert len(set(labels)) == len(labels)
    assert [kind.of(label) for label in labels] == list(kind)


def test_every_target_kind_has_its_own_chinese_label() -> None:
    from planwatch.models import KIND_LABELS, TargetKind

    assert set(KIND_LABELS) == set(TargetKind)
    assert len(set(KIND_LABELS.values())) == len(KIND_LABELS)


def test_every_rating_the_rules_give_has_an_english_value() -> None:
    from planwatch.monitor import progress

    assert {s.label for s in ProgressStatus} == set(progress.STATUS_ORDER) | {progress.NO_DATA, progress.NOT_SCORED}


def test_the_task_states_are_the_ones_data_entry_accepts() -> None:
    from planwatch.models import TASK_STATUSES

    assert {s.label for s in TaskState} - {TaskState.NO_ENTRY.label} == set(TASK_STATUSES)


def test_the_pool_size_setting_sizes_a_database_file_s_connection_pool(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / '连接池.db'}", settings=load_settings(db_pool_size=3))
    try:
        assert database.engine.pool.size() == 3  # type: ignore[attr-defined]  # a QueuePool's
    finally:
        database.close()


def test_the_pool_overflow_setting_sizes_a_database_file_s_extra_connections(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / '连接池.db'}", settings=load_settings(db_pool_overflow=1))
    try:
        assert database.engine.pool._max_overflow == 1  # type: ignore[attr-defined]  # a QueuePool's
    finally:
        database.close()


def test_a_database_named_by_its_caller_opens_although_the_config_file_is_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("database_url = [没有闭合", encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CONFIG", str(broken))
    url = fresh_url(tmp_path)
    database = open_database(url)
    try:
        assert database.url == url
    finally:
        database.close()


def test_a_database_opened_without_settings_keeps_the_settings_default_pool(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / '连接池.db'}")
    try:
        assert database.engine.pool.size() == Settings.model_fields["db_pool_size"].default  # type: ignore[attr-defined]  # a QueuePool's
    finally:
        database.close()


def test_a_pool_size_below_one_is_refused_naming_the_setting() -> None:
    with pytest.raises(InputError, match="db_pool_size"):
        load_settings(db_pool_size=0)
