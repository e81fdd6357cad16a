"""A plan's body commits to levels without naming a year (新增…企业80家以上 under 主要任务): read on whole
documents written for these tests, through ingest, so the title gives the kind and the period."""

from __future__ import annotations

from planwatch.extract.language import _achievement
from planwatch.extract.numbers import parse_quantity
from planwatch.extract.targets import extract_targets
from planwatch.ingest.metadata import document_kind
from planwatch.ingest.pipeline import parse_text
from planwatch.models import Target

PLAN = """# 青川市“十五五”科技创新规划

一、发展基础

“十四五”以来，全市创新能力稳步提升。全市新增国家级专精特新企业52家，高新技术企业总数达到1800家以上，集聚数字经济企业7000余家。

二、主要任务

（一）壮大创新主体

实施企业梯度培育行动。新增国家级专精特新企业80家以上。高新技术企业总数达到2600家以上。集聚数字经济企业9000余家。

（二）提升公共服务

优化养老服务供给，城市社区养老服务设施覆盖率不低于95%。单位地区生产总值生产安全事故死亡率控制在0.02人/亿元以下。

（三）促进成果转化

技术交易额年均增长12%，到期末突破800亿元。建设省级以上工程技术研究中心35家。完成老旧厂房改造12万平方米。
"""


def targets(text: str) -> list[Target]:
    found, _, _ = extract_targets(parse_text(text, name="plan.md"))
    return found


def named(found: list[Target], words: str) -> list[Target]:
    return [t for t in found if words in t.indicator]


def test_an_undated_level_in_a_plans_task_section_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "高新技术企业")] == [2600.0]


def test_the_undated_target_takes_the_plans_end_year() -> None:
    (target,) = named(targets(PLAN), "高新技术企业")
    assert target.target_year == 2030


def test_an_undated_increment_with_a_floor_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "专精特新")] == [80.0]


def test_a_floor_on_a_share_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "覆盖率")] == [95.0]


def test_a_ceiling_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "死亡率")] == [0.02]


def test_a_count_of_what_is_with_yu_is_no_target_even_in_the_task_section() -> None:
    assert named(targets(PLAN), "数字经济企业") == []


def test_the_same_words_in_a_statistical_bulletin_set_no_target() -> None:
    bulletin = PLAN.replace("# 青川市“十五五”科技创新规划", "# 青川市2025年国民经济和社会发展统计公报")
    assert named(targets(bulletin), "高新技术企业") == []


def test_a_plan_whose_period_is_over_sets_nothing_undated() -> None:
    review = PLAN.replace("# 青川市“十五五”科技创新规划", "# 青川市“十三五”科技创新规划\n\n2024年3月")
    assert named(targets(review), "专精特新") == []


def test_a_score_is_a_unit() -> None:
    quantity = parse_quantity("92分以上")
    assert (quantity.value, quantity.unit) == (92.0, "分")


def test_one_third_is_no_score() -> None:
    assert parse_quantity("3分之1").unit != "分"


def test_a_building_count_is_a_unit() -> None:
    assert parse_quantity("45幢").unit == "幢"


def test_hours_are_a_unit() -> None:
    assert parse_quantity("2小时").unit == "小时"


def test_an_undated_annual_growth_in_a_plans_body_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "技术交易额") if t.unit == "%"] == [12.0]


def test_to_the_periods_end_is_no_part_of_the_name() -> None:
    (level,) = [t for t in targets(PLAN) if t.value == 800.0]
    assert level.indicator == "技术交易额"


def test_the_count_closing_a_clause_of_work_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "工程技术研究中心")] == [35.0]


def test_already_achieved_is_a_result() -> None:
    assert _achievement("该平台已实现检测效率提升3倍")


def test_an_analysis_of_plan_drafting_is_no_plan() -> None:
    assert document_kind("“十五五”规划编制思路分析") == "other"


def test_a_measure_closing_a_clause_of_work_is_a_target() -> None:
    assert [t.value for t in named(targets(PLAN), "老旧厂房改造")] == [120000.0]


ANNUAL = """# 青川区2026年重点工作计划

一、稳住经济增长

1.地区生产总值增长5.5%左右，一般公共预算收入增长4%以上。
"""


def test_a_years_plan_is_a_plan_of_that_year() -> None:
    assert document_kind("青川区2026年重点工作计划") == "annual_plan"


def test_a_review_of_the_year_with_next_years_plan_is_no_years_plan() -> None:
    assert document_kind("青川区2025年工作总结和2026年工作计划") != "annual_plan"


def test_an_undated_growth_in_a_years_plan_is_a_target_of_that_year() -> None:
    found = [t for t in targets(ANNUAL) if "一般公共预算收入" in t.indicator]
    assert [(t.value, t.target_year) for t in found] == [(4.0, 2026)]


def test_a_meeting_on_the_years_work_is_no_years_plan() -> None:
    assert document_kind("青川区2026年重点工作推进会召开") != "annual_plan"


MILESTONE = """# 青川市“十五五”数字经济发展规划

三、重点任务

（一）建设算力设施

到2027年，建成智算中心3个。

（二）培育数字企业

新增数字经济规模以上企业200家以上。
"""


def test_a_milestone_year_stays_in_its_section() -> None:
    assert [(t.value, t.target_year) for t in targets(MILESTONE)] == [(3.0, 2027), (200.0, 2030)]


def test_a_quantity_a_page_wrapped_between_number_and_unit_is_read_whole() -> None:
    wrapped = PLAN.replace("高新技术企业总数达到2600家以上。", "高新技术企业总数达到2600\n家以上。")
    assert [t.value for t in named(targets(wrapped), "高新技术企业")] == [2600.0]


def test_a_name_a_page_wrapped_after_a_year_is_read_whole() -> None:
    wrapped = PLAN.replace("新增国家级专精特新企业80家以上。", "到2030年国家\n级专精特新企业新增80家以上。")
    assert [t.indicator for t in targets(wrapped) if t.value == 80.0] == ["国家级专精特新企业"]
