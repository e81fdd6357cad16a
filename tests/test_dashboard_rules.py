"""The core rules behind #17 items 1–5: names suggested for typos, tasks by the plan's numbering,
evidence quoted clean, corrections quoting their own figure, chart paths, Chinese request errors."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planwatch.errors import InputError, NotFoundError
from planwatch.ingest.quotes import evidence_quote, table_row_quote
from planwatch.models import Evidence
from planwatch.monitor.assessment import assess_plan
from planwatch.monitor.entry import ImportFailed, add_observation, add_tasks_progress, correct_observation, import_file
from planwatch.monitor.observations import closest_known
from planwatch.monitor.progress import format_value
from planwatch.report.charts import chart_lines
from planwatch.report.content import short_quote
from planwatch.store import Database, find_section, get_sections
from planwatch.store.monitoring import list_observations, list_task_entries
from planwatch.web.app import validation_message

from .test_web_api import app_client, client, login, web_db  # noqa: F401 (fixtures)

TYPO = "地区,指标,年份,实际值,单位\n南山,PCT国际专利申请量,2022,8600,件\n"


def test_the_closest_known_name_contains_the_typed_one() -> None:
    assert closest_known("南山", ["深圳市", "南山区", "光明区"]) == "南山区"


def test_no_name_is_suggested_when_nothing_is_close() -> None:
    assert closest_known("火星", ["深圳市", "南山区"]) is None


def test_an_unknown_region_is_a_row_error_with_the_suggestion(plans_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text(TYPO, encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_file(plans_db, path)
    (problem,) = failure.value.problems
    assert (problem.line, problem.reason) == (2, "“地区”南山没有对应的规划，数据不会计入任何评估：最接近的是“南山区”，请改用该名称")
    assert list_observations(plans_db) == []


def test_the_web_import_refuses_the_region_typo_with_the_same_message(client: TestClient) -> None:  # noqa: F811
    csrf = login(client, "editor")
    files = {"file": ("typo.csv", io.BytesIO(TYPO.encode()), "text/csv")}
    response = client.post("/api/v1/observations/import", files=files, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422
    assert "typo.csv:2: “地区”南山没有对应的规划，数据不会计入任何评估：最接近的是“南山区”" in response.json()["error"]["message"]


def test_an_unknown_indicator_key_suggests_the_nearest(plans_db: Database) -> None:
    with pytest.raises(InputError, match="“指标代码”pct_application不在指标目录中：最接近的是“pct_applications”"):
        add_observation(plans_db, {"region": "南山区", "indicator_key": "pct_application", "year": "2022", "value": "1"})


def test_a_task_is_found_by_the_plans_numbering(plans_db: Database) -> None:
    assert find_section(get_sections(plans_db, "shenzhen"), "三（二）5").title == "创建开放创新示范区"


def test_half_width_brackets_find_the_same_task(plans_db: Database) -> None:
    assert find_section(get_sections(plans_db, "shenzhen"), "三(二)5").path == "3.2.2"


def test_a_task_is_found_by_its_label_and_title_as_the_task_table_shows_them(plans_db: Database) -> None:
    assert find_section(get_sections(plans_db, "shenzhen"), "5.创建开放创新示范区").path == "3.2.2"


def test_a_box_project_is_numbered_below_its_box(plans_db: Database) -> None:
    assert find_section(get_sections(plans_db, "guangming"), "专栏1-2").title == "深圳超级计算中心二期"


def test_an_unknown_task_says_how_to_name_one(plans_db: Database) -> None:
    with pytest.raises(NotFoundError, match="请写任务编号（如 三（二）5 或 专栏1）或任务表中的标题"):
        find_section(get_sections(plans_db, "shenzhen"), "九（九）99")


def test_a_bulk_update_with_one_unknown_task_stores_none(plans_db: Database) -> None:
    with pytest.raises(NotFoundError):
        add_tasks_progress(plans_db, "shenzhen", ["三（二）5", "九（九）99"], status="已完成")
    assert list_task_entries(plans_db, "shenzhen") == []


def test_a_bulk_update_records_each_task_once(plans_db: Database) -> None:
    add_tasks_progress(plans_db, "shenzhen", ["三（二）5", "3.2.2", "三（二）4"], status="已完成")
    assert sorted(e.section_path for e in list_task_entries(plans_db, "shenzhen")) == ["3.2.1", "3.2.2"]


def test_a_prose_quote_loses_markdown_and_pdf_spaces() -> None:
    lines = ["——**产业核心竞争力大幅提升**。全社会研发投入占 GDP 比重维持 11% 左右"]
    assert evidence_quote(Evidence(1, "全社会研发投入占GDP比重维持11%左右", "prose"), lines) == "——产业核心竞争力大幅提升。全社会研发投入占GDP比重维持11%左右"


def test_a_table_quote_names_the_row_not_its_number() -> None:
    assert evidence_quote(Evidence(35, "1 | 全社会研发支出占GDP比重 | % | 6.0 | 预期性", "table"), ["\t1"] * 40) == "全社会研发支出占GDP比重，%，6.0，预期性"


def test_reports_quote_table_rows_by_the_same_rule() -> None:
    row = "1 | 全社会研发支出占GDP比重 | % | 6.0 | 预期性"
    assert short_quote(row) == table_row_quote(row)


def test_a_correction_keeps_the_quote_only_when_it_states_the_new_figure(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": "2022", "value": "8600", "unit": "件"}
    first, _ = add_observation(plans_db, row | {"quote": "PCT国际专利申请量8600件"})
    fixed = correct_observation(plans_db, first.id, value="8650", reason="公报更正")
    assert fixed.quote == ""


def test_a_correction_quotes_what_the_editor_gives(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": "2022", "value": "8600", "unit": "件"}
    first, _ = add_observation(plans_db, row | {"quote": "PCT国际专利申请量8600件"})
    fixed = correct_observation(plans_db, first.id, value="8650", reason="公报更正", quote="PCT国际专利申请量8650件")
    assert fixed.quote == "PCT国际专利申请量8650件"


def test_a_correction_of_the_unit_only_keeps_the_quote(plans_db: Database) -> None:
    row = {"region": "南山区", "indicator_key": "pct_applications", "year": "2022", "value": "0.86", "unit": "件"}
    first, _ = add_observation(plans_db, row | {"quote": "PCT国际专利申请量0.86万件"})
    fixed = correct_observation(plans_db, first.id, value="0.86", unit="万件", reason="单位更正")
    assert fixed.quote == "PCT国际专利申请量0.86万件"


def test_a_cumulative_target_draws_the_path_from_zero(demo_db: Database) -> None:
    rated = next(t for t in assess_plan(demo_db, "longgang", 2023).targets if t.target.indicator_key == "invention_patents_stock")
    cumulative = replace(rated, target=replace(rated.target, kind="cumulative"))
    lines = chart_lines(cumulative)
    assert lines is not None
    assert (lines[0][0], lines[0][-1]) == ((2019, 0.0), (2025, 50000.0))


def test_a_rank_reads_as_a_place() -> None:
    assert format_value(10, "rank") == "第10名"


def test_request_errors_name_the_field_in_chinese() -> None:
    error = {"type": "int_parsing", "loc": ("query", "year"), "msg": "Input should be a valid integer", "input": "abc"}
    assert validation_message(error) == "“年份”（year）须为整数：请改正后重新提交"


def test_a_422_page_is_chinese(web_db: Database) -> None:  # noqa: F811
    page = app_client(web_db).get("/?year=abc")
    assert "“年份”（year）须为整数" in page.text


def test_a_value_below_one_keeps_three_significant_digits() -> None:
    assert format_value(0.006, "人/亿元") == "0.006人/亿元"
