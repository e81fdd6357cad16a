"""One change for two counts of one subject (火灾起数和死亡人数比2025年下降15%): a target each (fourteenth round).

Every sentence here is written for these tests."""

from __future__ import annotations

from planwatch.models import Target
from tests.conftest import plan_targets

HEAD = "# 某区安全生产三年行动计划（2026-2028年）\n\n某区应急局\n\n2026年2月10日\n\n一、工作目标\n\n"


def read(sentence: str) -> list[Target]:
    return plan_targets(HEAD + sentence + "\n")


def test_two_counts_sharing_one_decrease_are_two_targets() -> None:
    assert sorted(t.indicator for t in read("全区火灾起数和死亡人数比2025年下降15%。")) == ["火灾死亡人数比2025年下降", "火灾起数比2025年下降"]


def test_each_count_keeps_the_shared_value_and_year() -> None:
    assert {(t.value, t.unit, t.target_year) for t in read("全区火灾起数和死亡人数比2025年下降15%。")} == {(15.0, "%", 2028)}


def test_two_counts_with_a_long_shared_subject_are_not_merged_as_one() -> None:
    assert len(read("全区道路运输安全事故数量和死亡人数相比上一周期下降12%。")) == 2


def test_two_measures_that_are_not_counts_stay_one_target() -> None:
    assert [t.indicator for t in read("全区营业收入和利润总额增长10%。")] == ["营业收入和利润总额增长"]


def test_a_level_reached_by_two_counts_is_not_split() -> None:
    assert len(read("全区应急避难场所数量和床位数达到120个。")) == 1
