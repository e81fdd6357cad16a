"""An action plan's schedule and goal lists, read on a whole document written for these tests: stages numbered
``1.2027年…`` (the item's number glued to the year), running totals (总计达…), the size each counted thing must have in
brackets, and several subjects sharing one description before 分别."""

from __future__ import annotations

from planwatch.models import Target
from tests.conftest import plan_targets, valued

ACTION_PLAN = """# 临江区口袋公园建设三年行动计划（2026-2028年）

一、工作目标

至2028年底，新建、改建街角花园25座（单体面积800平方米以上），新增林荫步道40条。本地树种和乡土花卉在新建、改建绿地的应用比例分别达到70%、40%以上。

二、计划安排

1.2026年9月底前，新增街角花园6座、林荫步道12条。

2.2027年12月底前，新增街角花园9座，总计达15座；林荫步道14条，总计达26条。

3.2028年11月底前，新增街角花园10座，总计达25座。
"""


def targets() -> list[Target]:
    return plan_targets(ACTION_PLAN)


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


PARK_PLAN = """# 临江区公园城市建设实施方案（2026-2030年）

一、总体目标

至“十五五”期末，建成公园260座以上，森林覆盖率达到19%以上。

至2035年，建成公园320座以上，森林覆盖率达到23%左右。

二、主要任务

（一）打造开放林地。建成800亩以上开放林地6个，200亩以上开放林地9个。

（二）建设郊野公园。推进西湖郊野公园建设，范围东至滨江大道，西至环城高速，面积约6.2平方公里。

（三）创建示范。将公园城市理念纳入美丽街区创建标准，提升完善建成15个“公园型”美丽街区。

（四）建设科普场馆。建设区科技馆，展陈面积1.2万平方米，新建科普展区8个。
"""


def park_targets() -> list[Target]:
    return plan_targets(PARK_PLAN)


def test_a_horizon_beyond_the_period_does_not_carry_into_the_tasks() -> None:
    (forest,) = [t for t in park_targets() if t.value == 6.0 and t.unit == "个"]
    assert forest.target_year == 2030


def test_a_count_going_on_with_the_work_its_sentence_opened_is_a_target() -> None:
    assert [t.value for t in park_targets() if t.unit == "个" and "开放林地" in t.indicator] == [6.0, 9.0]


def test_two_classes_told_apart_by_their_numbers_are_two_targets() -> None:
    names = {t.indicator for t in park_targets() if "开放林地" in t.indicator}
    assert len(names) == 2


def test_the_area_of_a_place_just_described_is_not_a_target() -> None:
    assert [t for t in park_targets() if t.unit == "平方公里"] == []


def test_coordinated_verbs_before_a_count_leave_the_name() -> None:
    (streets,) = [t for t in park_targets() if t.value == 15.0]
    assert streets.indicator == "“公园型”美丽街区"


def test_the_size_of_what_is_built_does_not_go_on_with_the_work() -> None:
    assert [t for t in park_targets() if t.unit == "万平方米" or t.value == 1.2] == []


def test_a_count_with_a_verb_of_its_own_after_a_size_is_read() -> None:
    assert [t.value for t in park_targets() if t.indicator.endswith("科普展区")] == [8.0]
