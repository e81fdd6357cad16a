"""Details of a plan's sentences, read on a whole document written for these tests: pairs counted with 对, an
indicator's own 优良率 beside the word 指标, the extent a kind of case covers (涉及…面积约…), and two shares told
apart by the places listed before 等."""

from __future__ import annotations

from planwatch.models import Target
from tests.conftest import plan_targets, valued

PLAN = """# 临江市现代服务业集聚发展三年行动计划（2026-2028年）

一、发展目标

1.提升会计服务能级。到2028年，会计服务业营收达到800亿元，东城、西城、南城等3个集聚区合计营收占全市比重达到60%。

2.做强设计服务。到2028年，设计服务业营收达到600亿元，北城、江城、湖城等3个集聚区合计营收占全市比重达到60%。

二、主要任务

（一）完善交通配套。至2028年园区通勤班车全天开行42对。

（二）健全养护制度。完善园区道路开挖修复管理制度，道路养护质量指标优良率达到85%以上。

（三）清理闲置用地，其中位于生态廊道范围内的闲置用地优先整治，园区涉及此类整治面积约320亩。三年内完成闲置用地整治150亩。
"""


def targets() -> list[Target]:
    return plan_targets(PLAN)


def test_pairs_counted_with_dui_are_a_unit() -> None:
    (buses,) = valued(targets(), 42.0, "对")
    assert buses.target_year == 2028


def test_an_indicators_own_rate_beside_the_word_zhibiao_is_a_target() -> None:
    assert len(valued(targets(), 85.0, "%")) == 1


def test_the_extent_a_kind_of_case_covers_is_no_target() -> None:
    assert valued(targets(), 320.0, "亩") == []


def test_the_work_beside_that_extent_is_still_a_target() -> None:
    assert len(valued(targets(), 150.0, "亩")) == 1


def test_two_shares_of_different_listed_places_are_two_targets() -> None:
    assert len(valued(targets(), 60.0, "%")) == 2
