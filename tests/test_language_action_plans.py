"""An action plan's schedule and goal lists, read on a whole document written for these tests: stages numbered
``1.2027年…`` (the item's number glued to the year), running totals (总计达…), the size each counted thing must have in
brackets, and several subjects sharing one description before 分别."""

from __future__ import annotations

from planwatch.extract.targets import extract_targets
from planwatch.ingest.pipeline import parse_text
from planwatch.models import Target

ACTION_PLAN = """# 临江区口袋公园建设三年行动计划（2026-2028年）

一、工作目标

至2028年底，新建、改建街角花园25座（单体面积800平方米以上），新增林荫步道40条。本地树种和乡土花卉在新建、改建绿地的应用比例分别达到70%、40%以上。

二、计划安排

1.2026年9月底前，新增街角花园6座、林荫步道12条。

2.2027年12月底前，新增街角花园9座，总计达15座；林荫步道14条，总计达26条。

3.2028年11月底前，新增街角花园10座，总计达25座。
"""


def targets() -> list[Target]:
    found, _, _ = extract_targets(parse_text(ACTION_PLAN, name="plan.md"))
    return found


def valued(found: list[Target], value: float, unit: str) -> list[Target]:
    return [t for t in found if t.value == value and t.unit == unit]


def test_a_stage_numbered_before_its_year_takes_that_year() -> None:
    (garden,) = valued(targets(), 6.0, "座")
    assert garden.target_year == 2026


def test_a_stage_numbered_before_its_year_reads_every_item_of_its_list() -> None:
    (path,) = valued(targets(), 12.0, "条")
    assert path.target_year == 2026


def test_the_number_of_a_stage_is_not_read_as_a_value() -> None:
    assert [t for t in targets() if t.value is not None and 1 < t.value < 2] == []


def test_a_running_total_is_named_by_what_it_totals() -> None:
    (total,) = valued(targets(), 26.0, "条")
    assert total.indicator == "林荫步道总计"


def test_a_running_total_keeps_its_stage_year() -> None:
    (total,) = valued(targets(), 15.0, "座")
    assert total.target_year == 2027


def test_the_size_each_counted_thing_must_have_is_not_a_target() -> None:
    assert valued(targets(), 800.0, "平方米") == []


def test_the_count_before_the_bracketed_size_is_a_target() -> None:
    assert [t.target_year for t in valued(targets(), 25.0, "座")] == [2028, 2028]


def test_subjects_sharing_a_description_are_each_named_with_it() -> None:
    (native,) = valued(targets(), 70.0, "%")
    assert native.indicator == "本地树种在新建、改建绿地的应用比例"


def test_the_last_subject_sharing_a_description_is_named_with_it() -> None:
    (flowers,) = valued(targets(), 40.0, "%")
    assert flowers.indicator == "乡土花卉在新建、改建绿地的应用比例"
