"""Progress rules: a target, the observed values, an evaluation year → status and projection.

Pure functions over plain data (no database), one per kind of target. Notation as in
DESIGN.md: baseline b in year y0, target t in year T, latest actual a in year y,
elapsed share τ = (y − y0)/(T − y0). The README's "Progress rules" section documents them,
in the order they are applied here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.models import Target
from planwatch.monitor.rules import CAGR_DIGITS, RATIO_DIGITS, RuleConfig

# Ratio method (the vocabulary of China's own plan evaluations).
AHEAD = "提前实现"
FAST = "快于预期"
ON_TRACK = "基本符合预期"
MAINTAINED = "基本符合（保持）"  # a target at or below its baseline, held
OVERSHOOT = "超出目标区间"  # above the upper edge of a band (左右, 5.5–6 %)
LAGGING = "滞后"
SEVERE = "严重滞后"
ACHIEVED = "已实现"
MISSED = "未实现"
TARGET_ONLY = "仅对比目标"  # no baseline and a single value: shown against the target, not rated
INCOMPLETE = "数据不全"  # a 新增 target with a year of additions missing
NOT_UPDATED = "数据未更新至目标年"  # a final evaluation without data for the target year
NO_DATA = "暂无数据"
NOT_SCORED = "不评分"
# Open SDG's categories (sdg-build's ProgressMeasure), in Chinese; OSDG_NONE is its "no measure".
OSDG_ACHIEVED = "已实现目标"
OSDG_ON_TRACK = "进展顺利"
OSDG_MODERATE = "有进展但需加快"
OSDG_LIMITED = "进展有限"
OSDG_DETERIORATION = "出现倒退"
OSDG_NONE = "无法计算进展"
RATIO_STATUSES = (
    ACHIEVED,
    AHEAD,
    FAST,
    ON_TRACK,
    MAINTAINED,
    OVERSHOOT,
    LAGGING,
    SEVERE,
    MISSED,
    NOT_UPDATED,
    INCOMPLETE,
    TARGET_ONLY,
    NO_DATA,
    NOT_SCORED,
)
OSDG_STATUSES = (OSDG_ACHIEVED, OSDG_ON_TRACK, OSDG_MODERATE, OSDG_LIMITED, OSDG_DETERIORATION, OSDG_NONE)
STATUS_ORDER = RATIO_STATUSES + OSDG_STATUSES
BEHIND = frozenset({LAGGING, SEVERE, MISSED, OSDG_MODERATE, OSDG_LIMITED, OSDG_DETERIORATION})
MET = frozenset({ACHIEVED, AHEAD, MAINTAINED, OVERSHOOT, OSDG_ACHIEVED})
UNRATED = frozenset({NOT_UPDATED, INCOMPLETE, TARGET_ONLY, NO_DATA, NOT_SCORED, OSDG_NONE})

WILL_MEET = "预计可完成"
AT_RISK = "存在风险"
WILL_MISS = "预计难以完成"
WILL_OVERSHOOT = "预计超出目标区间"

Point = tuple[int, float]


@dataclass(frozen=True)
class Assessment:
    """A target's rating at an evaluation year. Derived from the data, never stored as truth."""

    status: str
    explanation: str
    method: str = "ratio"
    year: int | None = None  # year of the latest actual value used: 数据截至
    actual: float | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    baseline_observed: bool = False  # baseline taken from an observation, the plan gives none
    completion: float | None = None  # share of the way from baseline to target, shown capped to [0, 1]
    expected: float | None = None  # share expected by the year on the path
    ratio: float | None = None  # completion / expected (or realised / required growth), rounded once
    projection: float | None = None  # value expected at the target year from the trend
    projection_status: str | None = None
    met: bool = False
    maintain: bool = False  # the target is at or behind its baseline (保持型): a case for 规划调整建议

    @property
    def scored(self) -> bool:
        return self.status not in UNRATED

    @property
    def behind(self) -> bool:
        """Lagging, or projected to miss: what the overview and the report single out."""
        return self.status in BEHIND or self.projection_status == WILL_MISS


def unrated_status(method: str) -> str:
    """The status of a target the method cannot rate (no data, unit mismatch)."""
    return OSDG_NONE if method == "opensdg" else NO_DATA


RANK = "rank"  # the unit of a ranking target (进入全国前10名): a place, not a quantity


def format_value(value: float | None, unit: str = "") -> str:
    """A number as a report prints it: 22000家, 5.46%, 1.56, 第10名; ``—`` for none."""
    if value is None:
        return "—"
    if abs(value - round(value)) < 1e-9 and abs(value) < 1e15:
        text = f"{round(value):d}"
    elif abs(value) < 1:
        text = f"{value:.3g}"  # 0.006人/亿元 (a death rate) is no 0.01: three significant digits below one
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"第{text}名" if unit == RANK else f"{text}{unit}"


def unit_label(unit: str) -> str:
    """A unit as a person reads it: ``rank`` → 名次, none → 无单位."""
    return "名次" if unit == RANK else unit or "无单位"


def format_share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def progress_ratio(completion: float, expected: float) -> float:
    """c/e rounded once (``RATIO_DIGITS``): the status and the text are both read off this number."""
    return round(completion / expected, RATIO_DIGITS)


def _cap(share: float | None) -> float | None:
    """A completion share as shown: never negative, never above 100 %."""
    return None if share is None else min(max(share, 0.0), 1.0)


def assess_target(
    target: Target,
    points: Sequence[Point],
    year: int,
    *,
    growth: str = "linear",
    base_year: int | None = None,
    rules: RuleConfig | None = None,
    rates: bool = False,
    review: Point | None = None,
) -> Assessment:
    """Rate ``target`` at ``year`` from ``points`` (year, value) in the target's unit.

    ``growth`` is the catalog's expected path (linear or geometric); ``base_year`` is the year
    before the plan period, used when the plan gives no baseline year; ``rates`` says the points
    of an annual_growth target are yearly growth rates (%) rather than levels; ``review`` is the
    plan's own statement of the indicator in its review of the previous period (十三五完成情况),
    with that statement's year.
    """
    rules = rules or RuleConfig()
    target_year = target.target_year or year
    y0 = target.baseline_year or base_year or target_year - 5
    usable = sorted(p for p in points if p[0] <= year)
    if rules.method == "opensdg":
        return assess_opensdg(target, usable, y0, target_year, rules)
    if target.qualitative:
        return Assessment(NOT_SCORED, "定性目标，不作量化评分")
    if target.placeholder or target.value is None:
        return Assessment(NOT_SCORED, "目标值待定（原文为XX），不作量化评分")
    if not usable:
        return Assessment(NO_DATA, f"截至{year}年无实际值")
    if target.kind == "increment":
        return _assess_increment(target, usable, year, y0, target_year, rules)
    if target.kind == "annual_growth":
        return _assess_growth(target, usable, year, y0, target_year, rules, rates)
    return _assess_level(target, usable, year, y0, target_year, growth, rules, review)


def met_band(target: Target, band: float) -> tuple[float | None, float | None]:
    """The values that meet the target, as (lowest, highest), ``None`` for open.

    以上/不低于/超过/突破/达到 t: from t (a value printed equal to t has reached it); 左右 t:
    t·(1 ± band), both sides; range lo–hi: lo to hi; decrease targets (以内, 降低): up to t.
    """
    t = float(target.value or 0.0)
    if target.value_high is not None:
        return t, float(target.value_high)
    if target.qualifier == "左右":
        return t * (1 - band), t * (1 + band)
    return (None, t) if target.direction == "decrease" else (t, None)


def _position(value: float, target: Target, band: float) -> int:
    """−1 short of the target, 0 meeting it, 1 beyond the far edge of its band (overshoot)."""
    low, high = met_band(target, band)
    tolerance = 1e-9 * max(1.0, abs(float(target.value or 0.0)))
    decrease = target.direction == "decrease"
    if low is not None and value < low - tolerance:
        return 1 if decrease else -1
    if high is not None and value > high + tolerance:
        return -1 if decrease else 1
    return 0


def goal_value(target: Target) -> float:
    """Where progress is measured to: t; the near edge of a range (its lower edge when increasing)."""
    t = float(target.value or 0.0)
    if target.value_high is not None and target.direction == "decrease":
        return float(target.value_high)
    return t


def _after_target_year(common: Assessment, head: str, year: int, target_year: int) -> Assessment | None:
    """Short of the target once its year has come: 未实现 on data for that year, else 数据未更新至T年."""
    assert common.year is not None
    if common.year >= target_year:
        return replace(common, status=MISSED, explanation=f"{head}；目标年未达到目标")
    if year >= target_year:
        why = f"数据未更新至{target_year}年（最新为{common.year}年数据），不作已实现/未实现判断"
        return replace(common, status=NOT_UPDATED, explanation=f"{head}；{why}")
    return None


def _met(common: Assessment, head: str, target_year: int, *, maintain: bool, overshoot: bool, band_text: str) -> Assessment:
    assert common.year is not None
    if overshoot:
        return replace(common, status=OVERSHOOT, explanation=f"{head}；实际值高于目标区间{band_text}，超出规划预期")
    if maintain and common.year < target_year:
        return replace(common, status=MAINTAINED, explanation=f"{head}；保持型目标（目标不高于基期值），实际值保持在目标范围内")
    status = AHEAD if common.year < target_year else ACHIEVED
    return replace(common, status=status, explanation=f"{head}；已达到目标")


def _assess_level(
    target: Target, points: list[Point], year: int, y0: int, target_year: int, growth: str, rules: RuleConfig, review: Point | None
) -> Assessment:
    g = goal_value(target)
    unit = target.unit
    decrease = target.direction == "decrease"
    cumulative = target.kind == "cumulative"
    b, y0, origin = (0.0, y0, "cumulative") if cumulative else _baseline(target, points, y0, review)
    y, a = points[-1]
    position = _position(a, target, rules.band)
    maintain = b is not None and not cumulative and (g - b) * (-1 if decrease else 1) <= 0
    tau = (y - y0) / (target_year - y0) if target_year > y0 else 1.0
    head = f"{y}年实际值{format_value(a, unit)}"
    if b is not None and not cumulative:
        head += f"，{'起点' if origin == 'first' else '基期'}（{y0}年）{format_value(b, unit)}"
    head += f"，{target_year}年目标{target_text(target)}" + _BASELINE_NOTES.get(origin, "")
    if origin in ("plan", "review") and b:
        stated = next((v for year_, v in points if year_ == y0), None)
        if stated is not None and abs(stated - b) > 0.01 * abs(b):
            head += f"（注意：{y0}年观测值{format_value(stated, unit)}与规划基期值相差{(stated - b) / b * 100:+.1f}%，口径可能不同）"
    head += f"（数据截至{y}年）"
    completion, expected = (None, None) if b is None or maintain else _completion(a, b, g, tau, growth)
    projection, projection_status = _project_level(target, points, b, y0, target_year, growth, rules, maintain, tau, origin)
    common = Assessment(
        NO_DATA,
        "",
        method=rules.method,
        year=y,
        actual=a,
        baseline=None if cumulative else b,
        baseline_year=None if cumulative or b is None else y0,
        baseline_observed=origin in ("observed", "first"),
        completion=_cap(completion) if position == -1 else (None if completion is None else 1.0),
        expected=expected,
        projection=projection,
        projection_status=projection_status,
        met=position == 0,
        maintain=maintain,
    )
    if position >= 0:
        low, high = met_band(target, rules.band)
        band_text = f"上限{format_value(high, unit)}" if high is not None else ""
        return _met(common, head, target_year, maintain=maintain, overshoot=position > 0, band_text=band_text)
    if (after := _after_target_year(common, head, year, target_year)) is not None:
        return after
    if y <= y0:
        return replace(common, explanation=f"{head}；仅有基期年份数据，尚无规划期内实际值")
    if b is None:
        why = "规划未给基期值且规划期内仅有一个观测值，仅与目标对比，不评定进度"
        return replace(common, status=TARGET_ONLY, explanation=f"{head}；{why}")
    if maintain:
        low, high = met_band(target, rules.band)
        floor = float((high if decrease else low) or g)
        shortfall = abs(a - floor) / abs(floor) if floor else 0.0
        status = SEVERE if shortfall > rules.maintain_severe + 1e-12 else LAGGING
        side = "高于目标上限" if decrease else "低于目标下限"
        why = f"保持型目标（目标不高于基期值）：实际值{side}{format_value(floor, unit)}，相差{shortfall * 100:.1f}%"
        return replace(common, status=status, explanation=f"{head}；{why}")
    assert completion is not None and expected is not None
    if completion < 0:
        return replace(common, status=SEVERE, explanation=f"{head}；实际值较基期逆向变化")
    if not expected:
        return replace(common, explanation=f"{head}；无法计算进度")
    ratio = progress_ratio(completion, expected)
    path = "几何" if growth == "geometric" else "线性"
    why = f"完成进度{format_share(completion)}，按{path}路径应完成{format_share(expected)}，进度比{ratio:.2f}"
    return replace(common, status=_status_from_ratio(ratio, rules), explanation=f"{head}；{why}", ratio=ratio)


_BASELINE_NOTES = {
    "review": "（基期值取自规划对上期完成情况的记述）",
    "observed": "（规划未给基期值，取基期年观测值）",
    "first": "（规划未给基期值，以规划期内最早观测值为起点）",
}


def _baseline(target: Target, points: list[Point], y0: int, review: Point | None) -> tuple[float | None, int, str]:
    """Baseline value, its year, and where it came from, in this order: the plan's own baseline
    (dated by the plan's review table when that states the same value); the plan's review of the
    previous period; the observation of the base year; the earliest observation in the period
    before the latest one; else none."""
    if target.baseline_value is not None:
        b = target.baseline_value
        same = review is not None and abs(review[1] - b) <= 1e-9 * max(1.0, abs(b))
        return b, (review[0] if same and review else target.baseline_year or y0), "plan"
    if review is not None:
        return review[1], review[0], "review"
    for year, value in points:
        if year == y0:
            return value, y0, "observed"
    in_period = [p for p in points if p[0] >= y0]
    if len(in_period) >= 2:
        return in_period[0][1], in_period[0][0], "first"
    return None, y0, "none"


def _completion(a: float, b: float, g: float, tau: float, growth: str) -> tuple[float, float]:
    """Share of the way from b to g done, and the share expected by now on the path."""
    completion = (a - b) / (g - b)
    expected = (planned_value(b, g, tau, growth) - b) / (g - b)
    return completion, expected


def planned_value(b: float, t: float, tau: float, growth: str) -> float:
    """The value on the plan's path at elapsed share τ: b + (t − b)·τ, or b·(t/b)^τ for
    geometric growth (when both ends are positive)."""
    if growth == "geometric" and b > 0 and t > 0:
        return float(b * (t / b) ** tau)
    return b + (t - b) * tau


def _status_from_ratio(ratio: float, rules: RuleConfig) -> str:
    if ratio >= rules.fast:
        return FAST
    if ratio >= rules.on_track:
        return ON_TRACK
    return LAGGING if ratio >= rules.lagging else SEVERE


def target_text(target: Target) -> str:
    """The target as a report states it: 突破22000家, 5.5–6%, 新增80家以上, 年均增长9%."""
    if target.qualitative:
        return "（定性目标）"
    if target.placeholder or target.value is None:
        return "XX（待定）"
    if target.value_high is not None:
        text = f"{format_value(target.value)}–{format_value(target.value_high, target.unit)}"
    else:
        qualifier = target.qualifier if target.qualifier in ("以上", "左右", "以内", "以下") else ""
        prefix = target.qualifier if target.qualifier in ("超过", "不低于", "突破") else ""
        text = f"{prefix}{format_value(target.value, target.unit)}{qualifier}"
    kind = {"increment": "新增", "annual_growth": "年均增长", "cumulative": "累计"}.get(target.kind, "")
    if target.kind == "annual_growth" and _growth_as_written(target):
        kind = "增长"  # a work report's 增长5%左右 is that year's growth, not an average over years
    return ("力争" if target.aspirational else "") + kind + text


def _growth_as_written(target: Target) -> bool:
    """A growth the text states without saying it is a yearly average (no 年均/平均/每年)."""
    return target.source == "prose" and bool(target.evidence) and not any(_AVERAGE_RE.search(e.text) for e in target.evidence)


_AVERAGE_RE = re.compile("年均|平均|每年|年增")


def _may_project(points: int, tau: float, rules: RuleConfig) -> bool:
    """Project only from enough evidence: ``projection_points`` points, or ``projection_elapsed`` of the period."""
    return points >= rules.projection_points or tau >= rules.projection_elapsed - 1e-12


def _fit(points: list[Point], at: int, geometric: bool) -> float | None:
    """Value at ``at`` from a straight line (or, for geometric growth, a log-linear line) through
    the points: least squares with three or more, the line through both with two."""
    if len(points) < 2 or len({p[0] for p in points}) < 2:
        return None
    if geometric and all(v > 0 for _, v in points):
        xs, ys = [float(p[0]) for p in points], [math.log(p[1]) for p in points]
    else:
        geometric = False
        xs, ys = [float(p[0]) for p in points], [p[1] for p in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    slope = sum((x - mean_x) * (yv - mean_y) for x, yv in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    value = mean_y + slope * (at - mean_x)
    return math.exp(value) if geometric else value


def _project_level(
    target: Target,
    points: list[Point],
    b: float | None,
    y0: int,
    target_year: int,
    growth: str,
    rules: RuleConfig,
    maintain: bool,
    tau: float,
    origin: str,
) -> tuple[float | None, str | None]:
    if points[-1][0] >= target_year:
        return None, None
    series = [p for p in points if p[0] >= y0]
    if origin in ("plan", "review"):
        # The status measures from the plan's own baseline; the trend starts there too, not at a
        # base-year observation of another 口径 (龙岗: 83.5 stated, 80.1 observed).
        series = [p for p in series if p[0] != y0]
    if b is not None and not any(p[0] == y0 for p in series):
        series.insert(0, (y0, b))
    if not _may_project(len(series), tau, rules):
        return None, None
    projected = _fit(series, target_year, growth == "geometric")
    if projected is None:
        return None, None
    if (where := _position(projected, target, rules.band)) >= 0:
        return projected, WILL_MEET if where == 0 else WILL_OVERSHOOT
    if maintain or b is None:
        return projected, WILL_MISS
    share, _ = _completion(projected, b, goal_value(target), 1.0, "linear")
    return projected, (AT_RISK if share >= rules.projection_risk else WILL_MISS)


def _assess_increment(target: Target, points: list[Point], year: int, y0: int, target_year: int, rules: RuleConfig) -> Assessment:
    """新增 N: the yearly additions after the base year, summed, against N·τ."""
    n = float(target.value or 0.0)
    additions = [(y, v) for y, v in points if y > y0]
    if not additions:
        return Assessment(NO_DATA, f"截至{year}年无{y0 + 1}年以来的新增数")
    last = additions[-1][0]
    total = sum(v for _, v in additions)
    missing = [str(y) for y in range(y0 + 1, last + 1) if y not in {a[0] for a in additions}]
    tau = (last - y0) / (target_year - y0) if target_year > y0 else 1.0
    met = _position(total, target, rules.band) == 0
    head = f"{y0 + 1}–{last}年累计新增{format_value(total, target.unit)}，目标{target_year}年{target_text(target)}（数据截至{last}年）"
    common = Assessment(NO_DATA, "", method=rules.method, year=last, actual=total, met=met)
    if missing and not met:
        why = f"缺少{'、'.join(missing)}年数据，缺失年份不按零计，不评定进度"
        return replace(common, status=INCOMPLETE, explanation=f"{head}；{why}")
    projected, projection_status = _project_increment(target, additions, n, tau, target_year, rules)
    completion = total / n if n else None
    common = replace(common, completion=_cap(completion), expected=tau, projection=projected, projection_status=projection_status)
    if met:
        return replace(common, status=AHEAD if last < target_year else ACHIEVED, explanation=f"{head}；已达到目标")
    if (after := _after_target_year(common, head, year, target_year)) is not None:
        return after
    if completion is None or not tau:
        return replace(common, explanation=f"{head}；无法计算进度")
    ratio = progress_ratio(completion, tau)
    why = f"完成进度{format_share(completion)}，按线性路径应完成{format_share(tau)}，进度比{ratio:.2f}"
    return replace(common, status=_status_from_ratio(ratio, rules), explanation=f"{head}；{why}", ratio=ratio)


def _project_increment(
    target: Target, additions: list[Point], n: float, tau: float, target_year: int, rules: RuleConfig
) -> tuple[float | None, str | None]:
    """The sum by T when each remaining year adds what the trend of yearly additions gives
    (a least-squares line through them, never below zero; one year: that year's addition)."""
    last = additions[-1][0]
    if last >= target_year or not _may_project(len(additions), tau, rules):
        return None, None
    total = sum(v for _, v in additions)
    if len(additions) == 1:
        future = additions[0][1] * (target_year - last)
    else:
        future = sum(max(_fit(additions, y, False) or 0.0, 0.0) for y in range(last + 1, target_year + 1))
    projected = total + future
    if (where := _position(projected, target, rules.band)) >= 0:
        return projected, WILL_MEET if where == 0 else WILL_OVERSHOOT
    return projected, (AT_RISK if n and projected / n >= rules.projection_risk else WILL_MISS)


def _assess_growth(target: Target, points: list[Point], year: int, y0: int, target_year: int, rules: RuleConfig, rates: bool) -> Assessment:
    """年均增长 g%: the realised compound annual growth since the base year against g."""
    g = float(target.value or 0.0) / 100
    if rates:
        yearly = [(y, v) for y, v in points if y > y0]
        if not yearly:
            return Assessment(NO_DATA, f"无{y0 + 1}年以来的增长率数据")
        last = yearly[-1][0]
        realised = math.prod(1 + v / 100 for _, v in yearly) ** (1 / len(yearly)) - 1
        level_note = f"{y0 + 1}–{last}年各年增速的几何平均{realised * 100:.2f}%"
        reached_level = False
    else:
        base = next((v for y, v in points if y == y0), None)
        last, level = points[-1]
        if base is None or base <= 0 or last <= y0:
            return Assessment(NO_DATA, f"缺少{y0}年及其后的水平值，无法计算年均增长")
        realised = (level / base) ** (1 / (last - y0)) - 1
        level_note = f"{y0}–{last}年由{format_value(base)}增至{format_value(level)}，年均增长{realised * 100:.2f}%"
        reached_level = level >= base * (1 + g) ** (target_year - y0)
    ratio = round(realised / g, RATIO_DIGITS) if g else None
    met = realised >= g - 1e-12 if last >= target_year else reached_level
    head = f"{level_note}，目标{target_text(target)}（数据截至{last}年）"
    if ratio is not None and ratio >= 1:
        projection_status = WILL_MEET
    else:
        projection_status = AT_RISK if ratio is not None and ratio >= rules.projection_risk else WILL_MISS
    common = Assessment(
        NO_DATA,
        "",
        method=rules.method,
        year=last,
        actual=realised * 100,
        ratio=ratio,
        met=met,
        projection_status=projection_status if last < target_year and not met else None,
    )
    if met:
        return replace(common, status=AHEAD if last < target_year else ACHIEVED, explanation=f"{head}；已达到目标")
    if (after := _after_target_year(common, head, year, target_year)) is not None:
        return after
    if ratio is None:
        return replace(common, explanation=f"{head}；无法计算进度")
    return replace(common, status=_status_from_ratio(ratio, rules), explanation=f"{head}；实际增速/目标增速{ratio:.2f}")


def _growth_rate(current: float, base: float, t1: float, t0: float) -> float:
    return float((current / base) ** (1 / (t1 - t0)) - 1)


def assess_opensdg(target: Target, points: Sequence[Point], base_year: int, target_year: int, rules: RuleConfig) -> Assessment:
    """Open SDG's progress measure, as sdg-build's ProgressMeasure computes it.

    The current value is the latest in the data (here: up to the evaluation year); the base value
    is the data's value at the base year, else at the first year after it (the plan's stated
    baseline is not used); at least two years are needed. With a numeric target: 已实现目标 when
    met, else R = observed CAGR ÷ CAGR required to reach t by T against 0.95 / 0.6 / 0. Without
    one (XX, qualitative): the observed CAGR against 1.5 % / 0.5 % / 0. Decrease targets count a
    fall as progress. Levels only: 新增 and 年均增长 targets get no measure.
    """

    def none(why: str, **extra: object) -> Assessment:
        return replace(Assessment(OSDG_NONE, why, method="opensdg"), **extra)  # type: ignore[arg-type]

    if target.kind in ("increment", "annual_growth"):
        return none("Open SDG 方法只评价水平值序列，新增数和年均增速目标不适用")
    if not points:
        return none("暂无数据")
    current_year, current = points[-1]
    years = [y for y, _ in points]
    head = f"{current_year}年实际值{format_value(current, target.unit)}"
    if base_year not in years:
        if base_year > current_year:
            return none(f"{head}；无{base_year}年及以后的数据", year=current_year, actual=current)
        base_year = min(y for y in years if y > base_year)
    base = next(v for y, v in points if y == base_year)
    head += f"，起点（{base_year}年，取自数据）{format_value(base, target.unit)}（数据截至{current_year}年）"
    common = Assessment(OSDG_NONE, "", method="opensdg", year=current_year, actual=current, baseline=base, baseline_year=base_year)
    if current_year - base_year < 1:
        return replace(common, explanation=f"{head}；至少需要两个年份的数据")
    if base <= 0 or current <= 0:
        return replace(common, explanation=f"{head}；年均增长率需要正的起点值和实际值")
    decrease = target.direction == "decrease"
    observed = _growth_rate(current, base, current_year, base_year)
    if target.placeholder or target.qualitative or target.value is None:
        cagr = round(-observed if decrease else observed, CAGR_DIGITS)
        status = _osdg_status(cagr, rules.opensdg_cagr_on_track, rules.opensdg_cagr_moderate)
        why = f"无数值目标，按实际年均增长{cagr * 100:.2f}%评价"
        return replace(common, status=status, explanation=f"{head}；{why}", ratio=cagr)
    t = goal_value(target) or 0.001  # sdg-build's guard against dividing by a zero target
    if (decrease and current <= t) or (not decrease and current >= t):
        return replace(common, status=OSDG_ACHIEVED, explanation=f"{head}；已达到目标", met=True)
    if target_year <= base_year or t == base:
        return replace(common, explanation=f"{head}；目标值等于起点值或目标年不晚于起点年，所需增长率无法计算")
    required = _growth_rate(t, base, target_year, base_year)
    ratio = round(observed / required, RATIO_DIGITS)
    why = f"实际年均增长{observed * 100:.2f}%，所需年均增长{required * 100:.2f}%，比值{ratio:.2f}"
    status = _osdg_status(ratio, rules.opensdg_on_track, rules.opensdg_moderate)
    return replace(common, status=status, explanation=f"{head}；{why}", ratio=ratio)


def _osdg_status(value: float, high: float, medium: float) -> str:
    if value >= high:
        return OSDG_ON_TRACK
    if value >= medium:
        return OSDG_MODERATE
    return OSDG_LIMITED if value >= 0 else OSDG_DETERIORATION
