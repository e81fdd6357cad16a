"""A three-year action plan's own language, read on a whole document written for these tests: its years counted
``第一年…第三年``, work counts written before the thing (创建24个…项目), totals over its span (三年累计新增36处), how
often a service must be done (10天完成1次) and the square-metre sign (㎡)."""

from __future__ import annotations

from planwatch.models import Target
from tests.conftest import plan_targets, valued

ACTION_PLAN = """# 临江区社区服务设施提升三年行动计划（2025-2027年）

一、主要任务

（一）完善无障碍设施。既有社区服务中心入口增加无障碍坡道，三年累计新增36处。

（二）推进停车治理。重点服务医院和学校的停车需求，创建24个停车共享项目，开工建设5000个公共停车位，建成12个智慧停车场。

（三）加强日常养护。对考核范围外的道路设施，提高养护频率，保洁频率提升至10天完成1次全线清扫、冲洗，20天完成1次人工清洗，完成路面修补800处。三年累计完成步道贯通18600㎡。三年累计完成860个雨水口改造及15个管道破损点位修复工作。

二、工作步骤

原则上第一年全区应完成的任务量不少于300亩；第二年全区应完成的任务量不少于400亩；第三年全区应完成的任务量不少于350亩。

三、保障措施

区建设管理委连续第5年开展养护考核，考核优良率保持在95%以上。
"""


def targets() -> list[Target]:
    return plan_targets(ACTION_PLAN)


def test_the_first_year_of_a_plan_is_the_first_year_of_its_period() -> None:
    (first,) = valued(targets(), 300.0, "亩")
    assert first.target_year == 2025


def test_the_second_year_of_a_plan_is_the_year_after_its_first() -> None:
    (second,) = valued(targets(), 400.0, "亩")
    assert second.target_year == 2026


def test_a_run_of_years_is_no_year_of_the_plan() -> None:
    (rate,) = valued(targets(), 95.0, "%")
    assert rate.target_year == 2027  # 连续第5年: the plan's end, not its fifth year (it has three)


def test_a_count_written_before_the_thing_after_a_work_verb_is_a_target() -> None:
    (projects,) = valued(targets(), 24.0, "个")
    assert projects.target_year == 2027


def test_each_count_of_a_list_of_work_is_a_target() -> None:
    assert len(valued(targets(), 5000.0, "个")) == 1


def test_a_total_over_the_plan_span_is_a_target() -> None:
    (ramps,) = valued(targets(), 36.0, "处")
    assert ramps.kind == "cumulative"


def test_how_often_a_service_is_done_is_no_target() -> None:
    assert [t for t in targets() if t.unit == "次"] == []


def test_the_square_metre_sign_is_read_as_square_metres() -> None:
    assert len(valued(targets(), 18600.0, "平方米")) == 1


def test_a_frequency_of_work_is_excluded_as_a_norm() -> None:
    from planwatch.extract.language import TargetReader
    from planwatch.extract.numbers import parse_quantity

    clause = "保洁频率提升至10天完成1次全线清扫"
    quantity = parse_quantity("1次")
    assert quantity is not None
    start = clause.index("1次")
    assert TargetReader._is_excluded(clause, (start, start + 2, quantity))


def test_a_second_count_joined_to_the_work_of_the_clause_is_a_target() -> None:
    assert len(valued(targets(), 15.0, "个")) == 1
