"""Progress rules: a target, the observed values, an evaluation year → status and projection.

Pure functions over plain data (no database), one per kind of target. Notation as in
DESIGN.md: baseline b in year y0, target t in year T, latest actual a in year y,
elapsed share τ = (y − y0)/(T − y0). The README's "Progress rules" section documents them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.models import Target
from planwatch.monitor.rules import RuleConfig

AHEAD = "提前实现"
FAST = "快于预期"
ON_TRACK = "基本符合预期"
LAGGING = "滞后"
SEVERE = "严重滞后"
NO_DATA = "暂无数据"
NOT_SCORED = "不评分"
ACHIEVED = "已实现"
MISSED = "未实现"
# Open SDG's categories (Statistics Canada's progress measure), in Chinese.
OSDG_ACHIEVED = "已实现目标"
OSDG_ON_TRACK = "进展顺利"
OSDG_MODERATE = "有进展但需加快"
OSDG_LIMITED = "进展有限"
OSDG_DETERIORATION = "出现倒退"
STATUS_ORDER = (
    ACHIEVED,
    AHEAD,
    FAST,
    ON_TRACK,
    LAGGING,
    SEVERE,
    MISSED,
    OSDG_ACHIEVED,
    OSDG_ON_TRACK,
    OSDG_MODERATE,
    OSDG_LIMITED,
    OSDG_DETERIORATION,
    NO_DATA,
    NOT_SCORED,
)
BEHIND = frozenset({LAGGING, SEVERE, MISSED, OSDG_MODERATE, OSDG_LIMITED, OSDG_DETERIORATION})

WILL_MEET = "预计可完成"
AT_RISK = "存在风险"
WILL_MISS = "预计难以完成"

Point = tuple[int, float]


@dataclass(frozen=True)
class Assessment:
    """A target's rating at an evaluation year. Derived from the data, never stored as truth."""

    status: str
    explanation: str
    method: str = "ratio"
    year: int | None = None  # year of the actual value used
    actual: float | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    baseline_observed: bool = False  # baseline taken from an observation, the plan gives none
    completion: float | None = None  # share of the way from baseline to target
    expected: float | None = None  # share expected by the year on the path
    ratio: float | None = None  # completion / expected (or realised / required growth)
    projection: float | None = None  # value expected at the target year from the trend
    projection_status: str | None = None
    met: bool = False

    @property
    def scored(self) -> bool:
        return self.status not in (NO_DATA, NOT_SCORED)

    @property
    def behind(self) -> bool:
        """Lagging, or projected to miss: what the overview and the report single out."""
        return self.status in BEHIND or self.projection_status == WILL_MISS


def format_value(value: float | None, unit: str = "") -> str:
    """A number as a report prints it: 22000家, 5.46%, 1.56; ``—`` for none."""
    if value is None:
        return "—"
    if abs(value - round(value)) < 1e-9 and abs(value) < 1e15:
        text = f"{round(value):d}"
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def format_share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def assess_target(
    target: Target,
    points: Sequence[Point],
    year: int,
    *,
    growth: str = "linear",
    base_year: int | None = None,
    rules: RuleConfig | None = None,
    rates: bool = False,
) -> Assessment:
    """Rate ``target`` at ``year`` from ``points`` (year, value) in the target's unit.

    ``growth`` is the catalog's expected path (linear or geometric); ``base_year`` is the year
    before the plan period, used when the plan gives no baseline year; ``rates`` says the points
    of an annual_growth target are yearly growth rates (%) rather than levels.
    """
    rules = rules or RuleConfig()
    if target.qualitative:
        return Assessment(NOT_SCORED, "定性目标，不作量化评分", method=rules.method)
    if target.placeholder or target.value is None:
        return Assessment(NOT_SCORED, "目标值待定（原文为XX），不作量化评分", method=rules.method)
    target_year = target.target_year or year
    y0 = target.baseline_year or base_year or target_year - 5
    usable = sorted(p for p in points if p[0] <= year)
    if not usable:
        return Assessment(NO_DATA, f"截至{year}年无实际值", method=rules.method)
    if target.kind == "increment":
        return _assess_increment(target, usable, year, y0, target_year, rules)
    if target.kind == "annual_growth":
        return _assess_growth(target, usable, y0, target_year, rules, rates)
    return _assess_level(target, usable, y0, target_year, growth, rules)


def _is_met(value: float, target: Target, band: float) -> bool:
    t = target.value or 0.0
    tolerance = 1e-9 * max(1.0, abs(t))
    if target.direction == "decrease":
        ceiling = target.value_high or (t * (1 + band) if target.qualifier == "左右" else t)
        return value <= ceiling + tolerance
    floor = t * (1 - band) if target.qualifier == "左右" else t
    if target.qualifier in ("超过", "突破") and target.value_high is None:
        return value > floor + tolerance
    return value >= floor - tolerance


def _status_from_ratio(ratio: float, rules: RuleConfig) -> str:
    if rules.method == "opensdg":
        if ratio >= rules.opensdg_on_track:
            return OSDG_ON_TRACK
        if ratio >= rules.opensdg_moderate:
            return OSDG_MODERATE
        return OSDG_LIMITED if ratio >= 0 else OSDG_DETERIORATION
    if ratio >= rules.fast:
        return FAST
    if ratio >= rules.on_track:
        return ON_TRACK
    return LAGGING if ratio >= rules.lagging else SEVERE


def _met_status(actual_year: int, target_year: int, rules: RuleConfig) -> str:
    if rules.method == "opensdg":
        return OSDG_ACHIEVED
    return AHEAD if actual_year < target_year else ACHIEVED


def _finished(common: Assessment, head: str, target_year: int, rules: RuleConfig) -> Assessment | None:
    """The rating when the target is met, or when its year has come; else ``None`` (rate progress)."""
    assert common.year is not None
    if common.met:
        return replace(common, status=_met_status(common.year, target_year, rules), explanation=f"{head}；已达到目标")
    if common.year >= target_year:
        return replace(common, status=MISSED, explanation=f"{head}；目标年未达到目标")
    return None


def _assess_level(target: Target, points: list[Point], y0: int, target_year: int, growth: str, rules: RuleConfig) -> Assessment:
    t = float(target.value or 0.0)
    unit = target.unit
    decrease = target.direction == "decrease"
    cumulative = target.kind == "cumulative"
    b, y0, origin = (0.0, y0, "cumulative") if cumulative else _baseline(target, points, y0)
    y, a = points[-1]
    met = _is_met(a, target, rules.band)
    tau = (y - y0) / (target_year - y0) if target_year > y0 else 1.0
    completion, expected, how = _completion(a, b, t, tau, decrease, growth)
    head = f"{y}年实际值{format_value(a, unit)}"
    if b is not None and not cumulative:
        head += f"，{'起点' if origin == 'first' else '基期'}（{y0}年）{format_value(b, unit)}"
    head += f"，{target_year}年目标{target_text(target)}" + _BASELINE_NOTES.get(origin, "")
    if origin == "plan" and b:
        stated = next((v for year, v in points if year == y0), None)
        if stated is not None and abs(stated - b) > 0.01 * abs(b):
            head += f"（注意：{y0}年观测值{format_value(stated, unit)}与规划基期值相差{(stated - b) / b * 100:+.1f}%，口径可能不同）"
    projection, projection_status = _project_level(target, points, b, y0, target_year, growth, rules, met)
    common = Assessment(
        NO_DATA,
        "",
        method=rules.method,
        year=y,
        actual=a,
        baseline=None if cumulative else b,
        baseline_year=None if cumulative or b is None else y0,
        baseline_observed=origin in ("observed", "first"),
        completion=completion,
        expected=expected,
        projection=projection,
        projection_status=projection_status,
        met=met,
    )
    if (finished := _finished(common, head, target_year, rules)) is not None:
        return finished
    if y <= y0:
        return replace(common, explanation=f"{head}；仅有基期年份数据，尚无规划期内实际值")
    if b is not None and not cumulative and (t - b) * (-1 if decrease else 1) < 0:
        why = f"目标值{'高' if decrease else '低'}于基期值，而实际值已越过目标"
        # a share of a backwards gap means nothing
        return replace(common, status=SEVERE, explanation=f"{head}；{why}", completion=None, expected=None)
    if rules.method == "opensdg":
        return _opensdg_level(target, a, y, b, y0, target_year, head, common, rules)
    ratio = completion / expected if completion is not None and expected else None
    if completion is not None and completion < 0:
        status, why = SEVERE, "实际值较基期逆向变化"
    elif ratio is None:
        status, why = NO_DATA, "无法计算进度"
    else:
        status = _status_from_ratio(ratio, rules)
        why = f"{how}完成进度{format_share(completion)}，按{'几何' if growth == 'geometric' else '线性'}路径应完成{format_share(expected)}，进度比{ratio:.2f}"
    return replace(common, status=status, explanation=f"{head}；{why}", ratio=ratio)


_BASELINE_NOTES = {"observed": "（规划未给基期值，取基期年观测值）", "first": "（规划未给基期值，以最早观测值为起点）"}


def _baseline(target: Target, points: list[Point], y0: int) -> tuple[float | None, int, str]:
    """Baseline value, its year, and where it came from: the plan; the observation of the base
    year; else the earliest observation before the latest one; else none."""
    if target.baseline_value is not None:
        return target.baseline_value, target.baseline_year or y0, "plan"
    for year, value in points:
        if year == y0:
            return value, y0, "observed"
    if len(points) >= 2:
        return points[0][1], points[0][0], "first"
    return None, y0, "none"


def _completion(a: float, b: float | None, t: float, tau: float, decrease: bool, growth: str) -> tuple[float | None, float | None, str]:
    """Share of the way done, share expected by now, and a note on how it was computed."""
    if b is None or b == t:
        if a == 0 or t == 0:
            return None, None, ""
        share = t / a if decrease else a / t
        if b is None:
            return share, tau, "无基期值，按实际值/目标值估算"
        return share, 1.0, "目标值等于基期值（保持型），"
    completion = (a - b) / (t - b)
    expected = (planned_value(b, t, tau, growth) - b) / (t - b)
    return completion, expected, ""


def planned_value(b: float, t: float, tau: float, growth: str) -> float:
    """The value on the plan's path at elapsed share τ: b + (t − b)·τ, or b·(t/b)^τ for
    geometric growth (when both ends are positive)."""
    if growth == "geometric" and b > 0 and t > 0:
        return float(b * (t / b) ** tau)
    return b + (t - b) * tau


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
    return ("力争" if target.aspirational else "") + kind + text


def _opensdg_level(
    target: Target, a: float, y: int, b: float | None, y0: int, target_year: int, head: str, common: Assessment, rules: RuleConfig
) -> Assessment:
    t = float(target.value or 0.0)
    if b is None or b <= 0 or a <= 0 or t <= 0 or y <= y0:
        return replace(common, explanation=f"{head}；Open SDG 方法需要正的基期值与规划期内的实际值")
    observed = (a / b) ** (1 / (y - y0)) - 1
    required = (t / b) ** (1 / (target_year - y0)) - 1
    if required == 0:
        return replace(common, explanation=f"{head}；目标值等于基期值，所需增长率为0")
    ratio = observed / required
    why = f"实际年均增长{observed * 100:.2f}%，所需年均增长{required * 100:.2f}%，比值{ratio:.2f}"
    return replace(common, status=_status_from_ratio(ratio, rules), explanation=f"{head}；{why}", ratio=ratio)


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
    target: Target, points: list[Point], b: float | None, y0: int, target_year: int, growth: str, rules: RuleConfig, met: bool
) -> tuple[float | None, str | None]:
    if points[-1][0] >= target_year:
        return None, None
    series = [p for p in points if p[0] >= y0]
    if b is not None and not any(p[0] == y0 for p in series):
        series.insert(0, (y0, b))
    projected = _fit(series, target_year, growth == "geometric")
    if met:
        return projected, WILL_MEET
    if projected is None:
        return None, None
    if _is_met(projected, target, rules.band):
        return projected, WILL_MEET
    t = float(target.value or 0.0)
    decrease = target.direction == "decrease"
    if b is not None and (t - b) * (-1 if decrease else 1) < 0:
        return projected, WILL_MISS  # the target lies behind the baseline and the trend has crossed it
    share, _, _ = _completion(projected, b, t, 1.0, decrease, "linear")
    return projected, (AT_RISK if share is not None and share >= rules.projection_risk else WILL_MISS)


def _assess_increment(target: Target, points: list[Point], year: int, y0: int, target_year: int, rules: RuleConfig) -> Assessment:
    """新增 N: the yearly additions after the base year, summed, against N·τ."""
    n = float(target.value or 0.0)
    additions = [(y, v) for y, v in points if y > y0]
    if not additions:
        return Assessment(NO_DATA, f"截至{year}年无{y0 + 1}年以来的新增数", method=rules.method)
    last = additions[-1][0]
    total = sum(v for _, v in additions)
    missing = [str(y) for y in range(y0 + 1, last + 1) if y not in {a[0] for a in additions}]
    tau = (last - y0) / (target_year - y0) if target_year > y0 else 1.0
    completion = total / n if n else None
    met = _is_met(total, target, rules.band)
    head = f"{y0 + 1}–{last}年累计新增{format_value(total, target.unit)}，目标{target_year}年{target_text(target)}"
    if missing:
        head += f"（缺少{'、'.join(missing)}年数据）"
    per_year = total / (last - y0)
    projected = total + per_year * (target_year - last) if last < target_year else None
    projection_status = None
    if projected is not None:
        share = projected / n if n else 0.0
        projection_status = (
            WILL_MEET if met or _is_met(projected, target, rules.band) else (AT_RISK if share >= rules.projection_risk else WILL_MISS)
        )
    ratio = completion / tau if completion is not None and tau else None
    common = Assessment(
        NO_DATA,
        "",
        method=rules.method,
        year=last,
        actual=total,
        completion=completion,
        expected=tau,
        ratio=ratio,
        met=met,
        projection=projected,
        projection_status=projection_status,
    )
    if (finished := _finished(common, head, target_year, rules)) is not None:
        return finished
    status = _status_from_ratio(ratio, rules) if ratio is not None else NO_DATA
    why = f"完成进度{format_share(completion)}，按线性路径应完成{format_share(tau)}" + (f"，进度比{ratio:.2f}" if ratio is not None else "")
    return replace(common, status=status, explanation=f"{head}；{why}")


def _assess_growth(target: Target, points: list[Point], y0: int, target_year: int, rules: RuleConfig, rates: bool) -> Assessment:
    """年均增长 g%: the realised compound annual growth since the base year against g."""
    g = float(target.value or 0.0) / 100
    if rates:
        yearly = [(y, v) for y, v in points if y > y0]
        if not yearly:
            return Assessment(NO_DATA, f"无{y0 + 1}年以来的增长率数据", method=rules.method)
        last = yearly[-1][0]
        realised = math.prod(1 + v / 100 for _, v in yearly) ** (1 / len(yearly)) - 1
        level_note = f"{y0 + 1}–{last}年各年增速的几何平均{realised * 100:.2f}%"
        reached_level = False
        actual = realised * 100
    else:
        base = next((v for y, v in points if y == y0), None)
        last, level = points[-1]
        if base is None or base <= 0 or last <= y0:
            return Assessment(NO_DATA, f"缺少{y0}年及其后的水平值，无法计算年均增长", method=rules.method)
        realised = (level / base) ** (1 / (last - y0)) - 1
        level_note = f"{y0}–{last}年由{format_value(base)}增至{format_value(level)}，年均增长{realised * 100:.2f}%"
        reached_level = level >= base * (1 + g) ** (target_year - y0)
        actual = realised * 100
    ratio = realised / g if g else None
    met = realised >= g - 1e-12 if last >= target_year else reached_level
    head = f"{level_note}，目标{target_text(target)}"
    if ratio is not None and ratio >= 1:
        projection_status = WILL_MEET
    else:
        projection_status = AT_RISK if ratio is not None and ratio >= rules.projection_risk else WILL_MISS
    common = Assessment(
        NO_DATA,
        "",
        method=rules.method,
        year=last,
        actual=actual,
        ratio=ratio,
        met=met,
        projection_status=projection_status if last < target_year and not met else None,
    )
    if (finished := _finished(common, head, target_year, rules)) is not None:
        return finished
    status = _status_from_ratio(ratio, rules) if ratio is not None else NO_DATA
    return replace(common, status=status, explanation=f"{head}；实际增速/目标增速{ratio or 0:.2f}")
