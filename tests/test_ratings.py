"""The ten rating cases of issue #15, each against numbers worked out by hand in the comments."""

from __future__ import annotations

from datetime import datetime

import pytest

from planwatch.extract.catalog import load_catalog
from planwatch.models import Observation, ObservationInput, Target
from planwatch.monitor import progress as p
from planwatch.monitor.assessment import rate_target, series_is_rates
from planwatch.monitor.progress import assess_target
from planwatch.monitor.rules import RuleConfig
from planwatch.monitor.series import find_conflicts, lower_bound, year_value

OPENSDG = RuleConfig(method="opensdg")


def target(value: float | None, *, baseline: float | None = None, year: int | None = None, **extra: object) -> Target:
    return Target(
        indicator="指标",
        value=value,
        unit=str(extra.pop("unit", "%")),
        target_year=2025,
        baseline_value=baseline,
        baseline_year=year if year is not None else (2020 if baseline is not None else None),
        **extra,  # type: ignore[arg-type]
    )


# 1. Float boundary: round once, status and text from the same number.


def test_a_ratio_of_nine_tenths_in_floating_point_is_on_track() -> None:
    # 宝安 R&D: b = 3.5 (2019), t = 4.5, a = 4.1 (2023): c = 0.6/1.0, e = 4/6; 0.6/0.6667 = 0.8999999… → 0.90
    a = assess_target(target(4.5, baseline=3.5, year=2019), [(2023, 4.1)], 2023)
    assert a.ratio == 0.9
    assert a.status == p.ON_TRACK
    assert "进度比0.90" in a.explanation


# 2. The plan's own baselines, with their own year.


def test_the_plans_baseline_is_preferred_to_the_base_year_observation() -> None:
    # 龙岗 high-tech share: plan 83.5 % (2020), target 不低于84 %; the series 80.1 → 82.5 moved away from it:
    # c = (82.5 − 83.5)/(84 − 83.5) = −2 → 严重滞后 (the observed 80.1 would have given c = 0.615, 基本符合预期)
    share = target(84, baseline=83.5, qualifier="不低于")
    a = assess_target(share, [(2020, 80.1), (2023, 82.5)], 2023)
    assert a.baseline == 83.5
    assert a.status == p.SEVERE


def test_a_plan_baseline_that_differs_from_the_observation_is_pointed_out() -> None:
    a = assess_target(target(84, baseline=83.5, qualifier="不低于"), [(2020, 80.1), (2023, 82.5)], 2023)
    assert "2020年观测值80.1%与规划基期值相差-4.1%" in a.explanation  # (80.1 − 83.5)/83.5 = −4.07 %


def test_the_projection_starts_from_the_plans_baseline_as_the_status_does() -> None:
    # the line through (2020, 83.5 stated) and (2023, 82.5) reaches 81.83 in 2025, short of 84; through the
    # observed 80.1 it would reach 84.1 and read 预计可完成 beside a 严重滞后 status
    a = assess_target(target(84, baseline=83.5, qualifier="不低于"), [(2020, 80.1), (2023, 82.5)], 2023)
    assert a.projection_status == p.WILL_MISS


def test_the_review_table_dates_the_plans_baseline() -> None:
    # 宝安 高企: the plan's 4885 comes from its 十三五 table's 2019年完成 column, whatever year the target says
    enterprises = target(6500, baseline=4885, unit="家", qualifier="以上")
    a = assess_target(enterprises, [(2022, 6100)], 2022, review=(2019, 4885))
    assert a.baseline_year == 2019


def test_a_review_value_dated_by_its_own_year_drives_the_rating() -> None:
    # b = 4885 (2019), t = 6500, a = 6100 (2022): c = 1215/1615 = 0.752, τ = 3/6 = 0.5 → r = 1.50 → 快于预期
    enterprises = target(6500, baseline=4885, unit="家", qualifier="以上")
    a = assess_target(enterprises, [(2022, 6100)], 2022, review=(2019, 4885))
    assert a.ratio == 1.5
    assert a.status == p.FAST


def test_the_plans_review_supplies_a_missing_baseline() -> None:
    a = assess_target(target(4.5), [(2020, 3.9), (2023, 4.1)], 2023, base_year=2020, review=(2019, 3.5))
    assert (a.baseline, a.baseline_year) == (3.5, 2019)


def test_an_observation_at_the_base_year_is_the_fallback_and_says_so() -> None:
    a = assess_target(target(4.5), [(2020, 3.9), (2023, 4.1)], 2023, base_year=2020)
    assert a.baseline_observed
    assert "规划未给基期值，取基期年观测值" in a.explanation


# 3. No baseline at all: never a status that flips as earlier values arrive.


def test_a_single_value_without_baseline_is_only_compared_with_the_target() -> None:
    # 南山 每万人口高价值发明专利 216, one value 150 (the old a/t rule said 0.69/0.6 → 快于预期)
    a = assess_target(target(216, unit="件"), [(2023, 150)], 2023, base_year=2020)
    assert a.status == p.TARGET_ONLY
    assert not a.scored


def test_without_baseline_the_earliest_value_in_the_period_is_the_start() -> None:
    # start 100 (2021): c = (150 − 100)/(216 − 100) = 0.431, τ = 2/4 = 0.5 → r = 0.86 → 滞后
    a = assess_target(target(216, unit="件"), [(2021, 100), (2022, 120), (2023, 150)], 2023, base_year=2020)
    assert (a.baseline, a.baseline_year) == (100, 2021)
    assert a.ratio == 0.86
    assert "以规划期内最早观测值为起点" in a.explanation


def test_values_before_the_period_are_not_a_start() -> None:
    a = assess_target(target(216, unit="件"), [(2018, 90), (2023, 150)], 2023, base_year=2020)
    assert a.status == p.TARGET_ONLY


# 4. Ranges: against the band, completion capped, never negative.


RANGE = Target(indicator="研发投入强度", value=5.5, value_high=6.0, unit="%", target_year=2025, baseline_value=5.46, baseline_year=2020)


def test_below_a_range_progress_is_towards_its_lower_edge() -> None:
    # c = (5.48 − 5.46)/(5.5 − 5.46) = 0.5, τ = 0.6 → r = 0.83 → 滞后
    a = assess_target(RANGE, [(2023, 5.48)], 2023)
    assert a.ratio == 0.83
    assert a.status == p.LAGGING


def test_inside_a_range_is_met() -> None:
    assert assess_target(RANGE, [(2023, 5.6)], 2023).status == p.AHEAD


def test_above_a_range_is_rated_as_beyond_the_band_with_completion_capped() -> None:
    # the old rule: (6.46 − 5.46)/(5.5 − 5.46) = 2500 %
    a = assess_target(RANGE, [(2023, 6.46)], 2023)
    assert a.status == p.OVERSHOOT
    assert a.completion == 1.0


def test_completion_is_never_negative() -> None:
    a = assess_target(RANGE, [(2023, 5.3)], 2023)  # c = −0.16/0.04 = −4: moved away
    assert a.completion == 0.0
    assert a.status == p.SEVERE


# 5. Targets at or below the baseline: the 保持 rule.


LONGGANG_RD = target(11, baseline=11.17, qualifier="左右")  # 11 % 左右 from 11.17 %: floor 10.45, ceiling 11.55


def test_a_kept_target_held_is_on_track_keeping() -> None:
    a = assess_target(LONGGANG_RD, [(2023, 11.1)], 2023)
    assert a.status == p.MAINTAINED
    assert a.maintain


def test_a_kept_target_slightly_below_its_floor_is_lagging_by_the_distance() -> None:
    # (10.45 − 10.2)/10.45 = 2.4 % short, within 10 % → 滞后
    a = assess_target(LONGGANG_RD, [(2023, 10.2)], 2023)
    assert a.status == p.LAGGING
    assert "低于目标下限10.45%，相差2.4%" in a.explanation


def test_a_kept_target_below_its_floor_never_reads_as_crossed() -> None:
    a = assess_target(LONGGANG_RD, [(2023, 10.2)], 2023)
    assert "越过" not in a.explanation


def test_a_kept_target_far_below_its_floor_is_severely_lagging() -> None:
    # (10.45 − 9.0)/10.45 = 13.9 % short, beyond 10 %
    assert assess_target(LONGGANG_RD, [(2023, 9.0)], 2023).status == p.SEVERE


def test_guangming_rd_above_its_lowered_target_is_kept() -> None:
    # 光明: 6 % 以上 from 7.9 % (2020), 7.16 % published for 2023 (the demo's illustrative 8.2 % it replaced was kept too)
    a = assess_target(target(6, baseline=7.9, qualifier="以上"), [(2023, 7.16)], 2023)
    assert a.status == p.MAINTAINED


def test_a_target_equal_to_its_baseline_is_kept() -> None:
    # b = t = 10, a = 9.5: 5 % short → 滞后 (the old rule: a/t = 0.95 → 基本符合预期)
    assert assess_target(target(10, baseline=10), [(2023, 9.5)], 2023).status == p.LAGGING


# 6. 左右 on both sides; 超过/突破 at exactly the target.


def test_about_is_two_sided() -> None:
    # 12.5 against 11 %左右 (ceiling 11.55) is not met
    a = assess_target(LONGGANG_RD, [(2023, 12.5)], 2023)
    assert not a.met
    assert a.status == p.OVERSHOOT


def test_more_than_at_exactly_the_target_is_reached() -> None:
    a = assess_target(target(22000, baseline=18600, unit="家", qualifier="突破"), [(2023, 22000)], 2023)
    assert a.status == p.AHEAD
    assert a.completion == 1.0


# 7. Stale data, projections, and missing years.


def test_every_rating_states_its_data_vintage() -> None:
    a = assess_target(target(20, baseline=10), [(2022, 13)], 2023)
    assert "数据截至2022年" in a.explanation


def test_a_final_evaluation_without_target_year_data_says_so() -> None:
    a = assess_target(target(20, baseline=10), [(2023, 14)], 2025)
    assert a.status == p.NOT_UPDATED
    assert "数据未更新至2025年" in a.explanation


def test_two_points_early_in_the_period_are_not_projected() -> None:
    # (2020, 10) and (2021, 12): two points, τ = 0.2 < 0.4
    a = assess_target(target(20, baseline=10), [(2021, 12)], 2021)
    assert a.projection_status is None


def test_two_points_late_enough_are_projected() -> None:
    # (2020, 10) and (2022, 13): τ = 0.4; the line reaches 17.5 in 2025, 75 % of the way → 预计难以完成
    a = assess_target(target(20, baseline=10), [(2022, 13)], 2022)
    assert a.projection == pytest.approx(17.5)
    assert a.projection_status == p.WILL_MISS


INCREMENT = Target(indicator="新建各类创新平台", value=80, unit="家", target_year=2025, kind="increment", qualifier="以上")


def test_increments_project_from_the_trend_of_yearly_additions() -> None:
    # additions 20, 18, 15: slope −2.5 a year → 12.67 in 2024 and 10.17 in 2025 → 53 + 22.83 = 75.83 (94.8 % of 80)
    a = assess_target(INCREMENT, [(2021, 20), (2022, 18), (2023, 15)], 2023, base_year=2020)
    assert a.projection == pytest.approx(53 + (17 + 2 / 3 - 5) + (17 + 2 / 3 - 7.5))
    assert a.projection_status == p.AT_RISK


def test_a_year_without_additions_is_incomplete_not_zero() -> None:
    a = assess_target(INCREMENT, [(2021, 20), (2023, 15)], 2023, base_year=2020)
    assert a.status == p.INCOMPLETE
    assert "缺少2022年数据" in a.explanation


# 8. Growth targets on a level series.


def test_the_unit_of_a_series_decides_whether_it_holds_rates() -> None:
    catalog = load_catalog()
    assert not series_is_rates(catalog["rd_expenditure"])


def test_a_growth_series_in_percent_holds_rates() -> None:
    assert series_is_rates(load_catalog()["rd_expenditure_growth"])


def observation(key: str, name: str, year: int, value: float, unit: str, **extra: object) -> Observation:
    return Observation(
        id=year,
        region="南山区",
        indicator_key=key,
        indicator_name=name,
        year=year,
        value=value,
        unit=unit,
        value_raw=f"{value:g}",
        unit_raw=unit,
        entered_by="test",
        entered_at=datetime(2024, 1, 1),
        **extra,  # type: ignore[arg-type]
    )


def test_a_growth_target_mapped_to_a_level_indicator_is_rated_on_levels() -> None:
    # 年均增长10 % on R&D spending 100 (2020) → 121 (2022): CAGR 10 % → r = 1.00 (read as rates: 10400 %)
    growth = Target(indicator="全社会研发投入", value=10, unit="%", target_year=2025, kind="annual_growth", indicator_key="rd_expenditure")
    levels = [observation("rd_expenditure", "全社会研发投入", y, v, "亿元") for y, v in ((2020, 100), (2022, 121))]
    rated = rate_target(1, growth, levels, load_catalog(), 2022, 2020, RuleConfig(), {})
    assert rated.assessment.ratio == 1.0


# 9. A floor stated in a quote is not a conflict.


def statement(value: float, raw: str, unit: str, quote: str) -> ObservationInput:
    return ObservationInput(
        region="深圳市",
        indicator_key="national_high_tech_enterprises",
        indicator_name="国家级高新技术企业数量",
        year=2023,
        value=value,
        unit="家",
        value_raw=raw,
        unit_raw=unit,
        quote=quote,
    )


EXACT = statement(24700, "2.47", "万家", "高新技术企业总量2.47万家")
FLOOR = statement(24000, "2.4", "万家", "国家高新技术企业超2.4万家")


def test_a_quote_with_over_states_a_floor() -> None:
    assert lower_bound(FLOOR)


def test_an_exact_quote_is_not_a_floor() -> None:
    assert not lower_bound(EXACT)


def test_a_floor_below_the_exact_value_is_no_conflict() -> None:
    assert find_conflicts([EXACT, FLOOR]) == []


def test_reached_is_a_floor_too() -> None:
    reached = statement(24000, "2.4", "万家", "企业数量新增一千家以上，达到2.4万家")
    assert find_conflicts([EXACT, reached]) == []


def test_the_exact_statement_is_the_years_value() -> None:
    assert year_value([EXACT, FLOOR]).value == 24700


def test_a_floor_above_the_exact_value_is_a_conflict() -> None:
    high_floor = statement(25000, "2.5", "万家", "突破2.5万家")
    assert len(find_conflicts([EXACT, high_floor])) == 1


# 10. Open SDG as sdg-build's ProgressMeasure computes it.


def test_open_sdg_takes_the_base_value_from_the_data() -> None:
    # plan baseline 100 (2020) ignored; data start 110 (2021, the first year after 2020):
    # observed (150/110)^(1/2) − 1 = 16.77 %, required (200/110)^(1/4) − 1 = 16.12 % → R = 1.04 → 进展顺利
    a = assess_target(target(200, baseline=100), [(2021, 110), (2023, 150)], 2023, rules=OPENSDG)
    assert (a.baseline, a.baseline_year) == (110, 2021)
    assert a.ratio == 1.04
    assert a.status == p.OSDG_ON_TRACK


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (150, p.OSDG_ON_TRACK),  # 14.47 % / 14.87 % = 0.97
        (130, p.OSDG_MODERATE),  # 9.14 % / 14.87 % = 0.61
        (120, p.OSDG_LIMITED),  # 6.27 % / 14.87 % = 0.42
        (90, p.OSDG_DETERIORATION),
        (210, p.OSDG_ACHIEVED),
    ],
)
def test_open_sdg_thresholds_with_a_target(actual: float, status: str) -> None:
    assert assess_target(target(200, baseline=100), [(2020, 100), (2023, actual)], 2023, rules=OPENSDG).status == status


def test_open_sdg_needs_two_years_of_data() -> None:
    assert assess_target(target(200, baseline=100), [(2023, 150)], 2023, rules=OPENSDG).status == p.OSDG_NONE


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (106, p.OSDG_ON_TRACK),  # 1.06^(1/3) − 1 = 1.96 % ≥ 1.5 %
        (103, p.OSDG_MODERATE),  # 0.99 %
        (100.9, p.OSDG_LIMITED),  # 0.30 %
        (99, p.OSDG_DETERIORATION),
    ],
)
def test_open_sdg_without_a_numeric_target_rates_the_growth_rate(actual: float, status: str) -> None:
    placeholder = Target(indicator="授权发明专利数", value=None, unit="件", target_year=2025, placeholder=True)
    assert assess_target(placeholder, [(2020, 100), (2023, actual)], 2023, base_year=2020, rules=OPENSDG).status == status


def some_ratings(rules: RuleConfig) -> set[str]:
    cases = [
        (target(200, baseline=100), [(2020, 100), (2023, 150)], 2023),
        (target(200, baseline=100), [(2020, 100), (2025, 150)], 2025),
        (target(200, baseline=100), [], 2023),
        (target(None, placeholder=True), [(2023, 1)], 2023),
        (LONGGANG_RD, [(2020, 11.17), (2023, 10.2)], 2023),
        (INCREMENT, [(2021, 20), (2023, 15)], 2023),
        (RANGE, [(2020, 5.46), (2023, 6.46)], 2023),
        (target(216, unit="件"), [(2023, 150)], 2023),
    ]
    return {assess_target(t, points, year, base_year=2020, rules=rules).status for t, points, year in cases}


def test_open_sdg_output_holds_only_its_own_statuses() -> None:
    assert some_ratings(OPENSDG) <= set(p.OSDG_STATUSES)


def test_ratio_output_holds_none_of_the_open_sdg_statuses() -> None:
    assert some_ratings(RuleConfig()) <= set(p.RATIO_STATUSES)


# A multiple (翻一番 = 2 倍) is rated as the level it names: the base year's observed value times the multiple.

DOUBLING = Target(indicator="高新技术企业数", value=2, unit="倍", target_year=2025, kind="multiple", indicator_key="national_high_tech_enterprises")


def _doubling(points: tuple[tuple[int, float], ...]) -> p.Assessment:
    observed = [observation("national_high_tech_enterprises", "国家级高新技术企业数量", y, v, "家") for y, v in points]
    return rate_target(1, DOUBLING, observed, load_catalog(), 2023, 2020, RuleConfig(), {}).assessment


def test_a_doubling_is_rated_against_twice_the_base_years_value() -> None:
    # 2020: 1000 家 → goal 2000 家; 2023: 1900 家: c = 0.9, e = 0.6 → ahead of the straight path
    assert "即2000家" in _doubling(((2020, 1000), (2023, 1900))).explanation


def test_a_doubling_reached_early_is_ahead() -> None:
    assert _doubling(((2020, 1000), (2023, 2100))).status == p.AHEAD


def test_a_doubling_without_a_base_year_value_is_not_rated() -> None:
    assert "需要2020年的实际值作基期" in _doubling(((2022, 1500), (2023, 1900))).explanation


def test_a_range_of_multiples_is_scaled_at_both_ends() -> None:
    # 增长1.5至2倍 of 100 (2020): the level 150–200; 180 in 2023 is inside it
    ranged = Target(indicator="数字经济规模", value=1.5, value_high=2.0, unit="倍", target_year=2025, kind="multiple", indicator_key="national_high_tech_enterprises")
    observed = [observation("national_high_tech_enterprises", "国家级高新技术企业数量", y, v, "家") for y, v in ((2020, 100), (2023, 180))]
    assert "即150–200家" in rate_target(1, ranged, observed, load_catalog(), 2023, 2020, RuleConfig(), {}).assessment.explanation


def test_a_multiple_not_above_one_is_not_rated() -> None:
    once = Target(indicator="高新技术企业数", value=1, unit="倍", target_year=2025, kind="multiple", indicator_key="national_high_tech_enterprises")
    observed = [observation("national_high_tech_enterprises", "国家级高新技术企业数量", y, v, "家") for y, v in ((2020, 100), (2023, 101))]
    assert "不高于基期值" in rate_target(1, once, observed, load_catalog(), 2023, 2020, RuleConfig(), {}).assessment.explanation
