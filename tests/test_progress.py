"""Progress rules, one kind at a time, against values computed by hand (see the comments)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.models import Evidence, Target
from planwatch.monitor import progress as p
from planwatch.monitor.progress import assess_target
from planwatch.monitor.rules import RuleConfig, load_rules


def level(value: float, *, baseline: float | None = None, qualifier: str | None = None, **extra: object) -> Target:
    return Target(
        indicator="指标",
        value=value,
        unit="家",
        target_year=2025,
        qualifier=qualifier,
        baseline_value=baseline,
        baseline_year=2020 if baseline is not None else None,
        **extra,  # type: ignore[arg-type]
    )


def test_level_with_baseline_linear_path() -> None:
    # b=10 (2020), t=20 (2025), a=14 (2023): completion 4/10 = 0.4, expected 3/5 = 0.6, r = 0.667 → 0.67
    a = assess_target(level(20, baseline=10), [(2023, 14)], 2023)
    assert a.completion == pytest.approx(0.4)
    assert a.expected == pytest.approx(0.6)
    assert a.ratio == 0.67
    assert a.status == p.LAGGING
    # projection (τ = 0.6 ≥ 0.4): the line through (2020, 10) and (2023, 14) reaches 16.67 in 2025, 67 % of the way
    assert a.projection == pytest.approx(10 + 4 / 3 * 5)
    assert a.projection_status == p.WILL_MISS
    assert "完成进度40.0%，按线性路径应完成60.0%，进度比0.67" in a.explanation


def test_level_with_baseline_geometric_path() -> None:
    # b=100, t=200: expected share at τ=0.6 is (100·2^0.6 − 100)/100 = 0.5157; a=150 → c=0.5, r=0.9696
    a = assess_target(level(200, baseline=100), [(2023, 150)], 2023, growth="geometric")
    assert a.expected == pytest.approx(2**0.6 - 1)
    assert a.ratio == 0.97
    assert a.status == p.ON_TRACK


def test_thresholds_of_the_ratio_method() -> None:
    # b=0 → completion = a/t; τ = 0.6; r = (a/100)/0.6
    def status(actual: float) -> str:
        return assess_target(level(100, baseline=0), [(2023, actual)], 2023).status

    assert status(66) == p.FAST  # r = 1.1
    assert status(65) == p.ON_TRACK  # r = 1.083 → 1.08
    assert status(54) == p.ON_TRACK  # r = 0.9
    assert status(53) == p.LAGGING  # r = 0.883 → 0.88
    assert status(30) == p.LAGGING  # r = 0.5
    assert status(29) == p.SEVERE  # r = 0.483 → 0.48
    assert status(-1) == p.SEVERE  # moving away from the target
    assert status(100) == p.AHEAD


def test_baseline_from_the_base_year_observation_then_from_the_first_one() -> None:
    observed = assess_target(level(50), [(2020, 30), (2023, 38)], 2023, base_year=2020)
    assert (observed.baseline, observed.baseline_year, observed.baseline_observed) == (30, 2020, True)
    assert observed.completion == pytest.approx(0.4)
    # no base-year value: start from the earliest observation (2021, 40); τ = (2023−2021)/(2025−2021)
    first = assess_target(level(60), [(2021, 40), (2023, 50)], 2023, base_year=2020)
    assert (first.baseline, first.baseline_year) == (40, 2021)
    assert first.completion == pytest.approx(0.5)
    assert first.expected == pytest.approx(0.5)
    assert first.status == p.ON_TRACK


def test_plan_baseline_disagreeing_with_the_base_year_observation_is_pointed_out() -> None:
    a = assess_target(level(7800, baseline=5338), [(2020, 5991), (2021, 7508.83)], 2023)
    assert a.baseline == 5338
    assert "2020年观测值5991" in a.explanation
    assert "+12.2%" in a.explanation


def test_lower_bounds() -> None:
    assert assess_target(level(6500, baseline=4885, qualifier="以上"), [(2023, 6500)], 2023).status == p.AHEAD
    assert assess_target(level(22000, baseline=18600, qualifier="突破"), [(2023, 24700)], 2023).status == p.AHEAD


def test_band_and_range() -> None:
    band = level(2100, baseline=1486, qualifier="左右")  # ±5 % → met from 1995 to 2205
    assert assess_target(band, [(2023, 1995)], 2023).met
    assert not assess_target(band, [(2023, 1994)], 2023).met
    assert assess_target(band, [(2023, 1994)], 2023, rules=RuleConfig(band=0.1)).met
    assert assess_target(band, [(2023, 2205)], 2023).met
    assert assess_target(band, [(2023, 2206)], 2023).status == p.OVERSHOOT
    ranged = Target(
        indicator="研发投入强度",
        value=5.5,
        value_high=6.0,
        unit="%",
        target_year=2025,
        qualifier="range",
        baseline_value=5.46,
        baseline_year=2020,
    )
    assert assess_target(ranged, [(2023, 5.6)], 2023).status == p.AHEAD
    assert assess_target(ranged, [(2023, 5.48)], 2023).status != p.AHEAD


def test_annual_growth_from_levels_and_from_yearly_rates() -> None:
    target = Target(indicator="研发经费年均增长", value=9, unit="%", target_year=2025, kind="annual_growth")
    # levels 100 (2020) → 125 (2023): CAGR = 1.25^(1/3) − 1 = 7.72 %; r = 0.858 → 0.86
    a = assess_target(target, [(2020, 100), (2023, 125)], 2023, base_year=2020, rates=False)
    assert a.actual == pytest.approx((1.25 ** (1 / 3) - 1) * 100)
    assert a.ratio == 0.86
    assert a.status == p.LAGGING
    assert a.projection_status == p.WILL_MISS
    # yearly rates 8 %, 10 %, 12 %: geometric mean (1.08·1.10·1.12)^(1/3) − 1 = 9.99 %; r = 1.11
    b = assess_target(target, [(2021, 8), (2022, 10), (2023, 12)], 2023, base_year=2020, rates=True)
    assert b.ratio == 1.11
    assert b.status == p.FAST
    # the level already at b·1.09^5 is ahead of plan
    assert assess_target(target, [(2020, 100), (2023, 160)], 2023, base_year=2020).status == p.AHEAD
    assert assess_target(target, [(2023, 125)], 2023, base_year=2020).status == p.NO_DATA


def test_increment_sums_additions_since_the_base_year() -> None:
    target = Target(indicator="新建各类创新平台", value=80, unit="家", target_year=2025, kind="increment", qualifier="以上")
    # 20 + 18 + 15 = 53 of 80 → 0.6625 against τ = 0.6 → r = 1.104 → 1.10
    a = assess_target(target, [(2020, 999), (2021, 20), (2022, 18), (2023, 15)], 2023, base_year=2020)
    assert a.actual == 53
    assert a.ratio == 1.10
    assert a.status == p.FAST


def test_cumulative_counts_are_running_totals() -> None:
    target = Target(indicator="市级以上科技攻关项目", value=1000, unit="项", target_year=2025, kind="cumulative", qualifier="超过")
    a = assess_target(target, [(2021, 260), (2022, 530), (2023, 780)], 2023, base_year=2020)
    assert a.completion == pytest.approx(0.78)
    assert a.ratio == 1.3
    assert a.status == p.FAST
    assert a.baseline is None


def test_decrease_targets_mirror_the_rules() -> None:
    target = Target(
        indicator="能耗",
        value=0.5,
        unit="吨",
        target_year=2025,
        direction="decrease",
        qualifier="以内",
        baseline_value=0.8,
        baseline_year=2020,
    )
    # (0.65 − 0.8)/(0.5 − 0.8) = 0.5 against 0.6 → 0.833
    a = assess_target(target, [(2023, 0.65)], 2023)
    assert a.completion == pytest.approx(0.5)
    assert a.status == p.LAGGING
    assert assess_target(target, [(2023, 0.45)], 2023).status == p.AHEAD
    assert assess_target(target, [(2023, 0.9)], 2023).status == p.SEVERE


def test_qualitative_placeholder_and_no_data() -> None:
    assert assess_target(level(1, qualitative=True), [(2023, 1)], 2023).status == p.NOT_SCORED
    placeholder = Target(indicator="授权发明专利数", value=None, unit="件", target_year=2025, placeholder=True)
    assert assess_target(placeholder, [(2023, 1)], 2023).status == p.NOT_SCORED
    assert assess_target(level(20, baseline=10), [], 2023).status == p.NO_DATA
    assert not assess_target(level(20, baseline=10), [], 2023).scored


def test_only_a_base_year_observation_is_no_data_yet() -> None:
    a = assess_target(level(50), [(2020, 30)], 2023, base_year=2020)
    assert a.status == p.NO_DATA
    assert "仅有基期年份数据" in a.explanation


def test_observations_after_the_evaluation_year_are_ignored_and_the_final_year_is_decisive() -> None:
    target = level(20, baseline=10)
    mid = assess_target(target, [(2023, 14), (2024, 25)], 2023)
    assert mid.year == 2023
    assert mid.status == p.LAGGING
    assert assess_target(target, [(2026, 21)], 2026).status == p.ACHIEVED
    assert assess_target(target, [(2025, 19)], 2025).status == p.MISSED
    assert assess_target(target, [(2024, 21)], 2025).status == p.AHEAD


def test_log_linear_projection_with_three_or_more_points() -> None:
    points = [(2020, 100.0), (2021, 110.0), (2022, 121.0), (2023, 133.1)]
    a = assess_target(level(160, baseline=100), points, 2023, growth="geometric")
    assert a.projection == pytest.approx(100 * 1.1**5)
    assert a.projection_status == p.WILL_MEET
    linear = assess_target(level(160, baseline=100), points, 2023, growth="linear")
    assert not math.isclose(linear.projection or 0, 100 * 1.1**5)


def test_rules_are_configurable_from_a_file(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("fast: 1.5\nband: 0.1\n", encoding="utf-8")
    rules = load_rules(rules_file)
    assert (rules.fast, rules.band, rules.on_track) == (1.5, 0.1, 0.9)
    # b = 0: c = 40/50 = 0.8 against τ = 0.6, r = 1.33: 快于预期 by default, 基本符合预期 when fast is 1.5
    assert assess_target(level(50, baseline=0), [(2023, 40)], 2023, base_year=2020, rules=rules).status == p.ON_TRACK
    assert load_rules(rules_file, method="opensdg").method == "opensdg"
    rules_file.write_text("fastest: 2\n", encoding="utf-8")
    with pytest.raises(InputError, match="未知的规则设置：fastest"):
        load_rules(rules_file)
    with pytest.raises(InputError, match="未知的进度算法"):
        RuleConfig(method="magic")


def test_target_text_states_kind_qualifier_and_aspiration() -> None:
    from planwatch.models import Evidence

    assert p.target_text(level(22000, qualifier="突破")) == "突破22000家"
    assert p.target_text(level(6500, qualifier="以上")) == "6500家以上"
    assert p.target_text(Target(indicator="x", value=9, unit="%", target_year=2025, kind="annual_growth")) == "年均增长9%"
    strive = Target(
        indicator="战略性新兴产业增加值",
        value=4500,
        unit="亿元",
        target_year=2025,
        evidence=(Evidence(113, "力争战略性新兴产业增加值达4500亿元", "prose"),),
    )
    assert strive.aspirational
    assert p.target_text(strive) == "力争4500亿元"


# Rules the README states that had no test of their own (issue #15: "the rules section matches the code, line by line").


def test_a_target_without_qualifier_is_met_at_its_value() -> None:
    # 龙岗 拥有发明专利数 "50000件": a plain t is met by a ≥ t, like 以上
    plain = level(50000, baseline=30000)
    assert assess_target(plain, [(2023, 50000)], 2023).status == p.AHEAD
    assert assess_target(plain, [(2023, 49999)], 2023).met is False


def test_the_geometric_path_falls_back_to_the_line_without_a_positive_baseline() -> None:
    # b = 0 has no ratio to grow by: expected e = τ = 3/5; a = 60 of 100 → c = 0.6, r = 1.00 → 基本符合预期
    a = assess_target(level(100, baseline=0), [(2023, 60)], 2023, growth="geometric")
    assert a.expected == pytest.approx(0.6)
    assert a.ratio == 1.0


def test_the_explanation_dates_the_data_not_the_evaluation() -> None:
    # a 2025 final evaluation on 2023 data says 数据截至2023年 (y, the latest value's year), not 2025 (Y)
    a = assess_target(level(20, baseline=10), [(2023, 14)], 2025)
    assert a.status == p.NOT_UPDATED
    assert "（数据截至2023年）" in a.explanation


def test_no_projection_once_the_data_reach_the_target_year() -> None:
    # 14 of 20 in 2025 itself: 未实现, and nothing left to project
    a = assess_target(level(20, baseline=10), [(2021, 11), (2022, 12), (2025, 14)], 2025)
    assert a.status == p.MISSED
    assert a.projection_status is None


def test_thresholds_out_of_order_are_refused() -> None:
    with pytest.raises(InputError, match="0 ≤ lagging ≤ on_track ≤ fast"):
        RuleConfig(fast=0.8)


def test_annual_growth_measures_from_the_base_year_observation_not_the_stated_baseline() -> None:
    # 年均增长9% with a stated baseline of 100 (2020): only a 2023 level of 130 → no base-year level, 暂无数据
    growth = Target(indicator="研发经费", value=9, unit="%", target_year=2025, kind="annual_growth", baseline_value=100, baseline_year=2020)
    assert assess_target(growth, [(2023, 130)], 2023).status == p.NO_DATA
    # with the 2020 observation: (130/100)^(1/3) − 1 = 9.14 %, r = 9.14/9 = 1.02 → 基本符合预期
    assert assess_target(growth, [(2020, 100), (2023, 130)], 2023).ratio == 1.02


def test_a_growth_the_text_states_for_its_year_reads_as_written() -> None:
    said = (Evidence(11, "今年地区生产总值增长5%左右", "prose"),)
    growth = Target(indicator="地区生产总值增长", value=5, unit="%", target_year=2026, kind="annual_growth", qualifier="左右", evidence=said)
    assert p.target_text(growth) == "增长5%左右"


def test_a_growth_the_text_calls_a_yearly_average_keeps_the_average() -> None:
    said = (Evidence(20, "全社会研发经费投入年均增长9%", "prose"),)
    growth = Target(indicator="全社会研发经费投入增长", value=9, unit="%", target_year=2025, kind="annual_growth", evidence=said)
    assert p.target_text(growth) == "年均增长9%"
