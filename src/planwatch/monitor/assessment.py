"""A plan at an evaluation year: every target rated from its region's observations, and its tasks.

The series of a target is the plan region's observations of the target's catalog indicator
(for a growth-rate target, of the level it is the growth of, when there are such).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from types import MappingProxyType

from planwatch.extract.catalog import Indicator, load_catalog, map_indicator
from planwatch.models import (
    HistoricalResult,
    Narrative,
    NarrativeField,
    Observation,
    PlanInfo,
    ReviewState,
    Section,
    Snapshot,
    SubjectKind,
    Target,
)
from planwatch.monitor.observations import units_fit
from planwatch.monitor.progress import STATUS_ORDER, Assessment, Point, assess_target, format_value, target_text, unrated_status
from planwatch.monitor.rules import RuleConfig, load_rules
from planwatch.monitor.series import YearValue, build_series
from planwatch.monitor.tasks import ChapterSummary, TaskStatus, summarise_tasks, task_statuses
from planwatch.store import get_plan, get_sections, get_targets, list_plans
from planwatch.store.database import Database
from planwatch.store.evaluation import current_narratives, list_narratives, list_snapshots
from planwatch.store.monitoring import list_observations, list_task_entries
from planwatch.store.repository import get_historical


@dataclass(frozen=True)
class TargetAssessment:
    """One target of the plan, the series it was rated on, and the rating."""

    target: Target
    indicator: Indicator | None
    series: tuple[YearValue, ...]
    assessment: Assessment
    series_key: str | None  # catalog key of the series (the level series for growth targets)
    number: int  # the target's number in the plan (as `planwatch targets` lists it)

    @property
    def illustrative(self) -> bool:
        return any(y.illustrative for y in self.series)

    @property
    def conflicts(self) -> tuple[YearValue, ...]:
        return tuple(y for y in self.series if y.conflict)

    def value_in(self, year: int) -> YearValue | None:
        return next((y for y in self.series if y.year == year), None)


@dataclass(frozen=True)
class PlanAssessment:
    plan: PlanInfo
    year: int
    rules: RuleConfig
    targets: tuple[TargetAssessment, ...]
    tasks: tuple[TaskStatus, ...]
    task_summary: tuple[ChapterSummary, ...]
    sections: tuple[Section, ...] = ()
    children: tuple[PlanAssessment, ...] = ()  # the district plans of a city plan, rated the same way
    narratives: dict[tuple[SubjectKind, str], dict[NarrativeField, Narrative]] = field(default_factory=dict)
    previous: Snapshot | None = None  # the last evaluation issued for the plan (same method)
    rejected: int = 0  # targets an editor rejected, left out of ``targets``

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(t.assessment.status for t in self.targets)
        return {status: counts[status] for status in STATUS_ORDER if counts[status]}

    @property
    def published(self) -> tuple[TargetAssessment, ...]:
        """The targets rated on published values only: the ones a headline (counts, 总体评价, lagging lists) may use."""
        return tuple(t for t in self.targets if not t.illustrative)

    @property
    def illustrative(self) -> tuple[TargetAssessment, ...]:
        """The targets whose series holds a 示例数据 value: shown apart, marked, counted nowhere."""
        return tuple(t for t in self.targets if t.illustrative)

    @property
    def published_counts(self) -> dict[str, int]:
        """Status counts of the targets rated on published values only: 示例数据 carry no headline."""
        counts = Counter(t.assessment.status for t in self.published)
        return {status: counts[status] for status in STATUS_ORDER if counts[status]}

    @property
    def years(self) -> list[int]:
        """Columns of the indicator table: base year to the evaluation year."""
        start = (self.plan.period_start or self.year) - 1
        return list(range(start, self.year + 1))

    @property
    def sources(self) -> list[Observation]:
        """Every observation behind a number shown, once, in the order first used."""
        seen: dict[int, Observation] = {}
        for target in self.targets:
            for year in target.series:
                for statement in year.statements:
                    if isinstance(statement, Observation):
                        seen.setdefault(statement.id, statement)
        return list(seen.values())


@dataclass(frozen=True)
class PlanParts:
    """What an assessment reads that only the plans hold — the plan, its stored targets and
    sections, and what its 十三五 table says was reached — so a caller may keep it until the plans
    change (:meth:`planwatch.core.Planwatch.assess`): re-rating a plan after an observation is typed
    in then reads only the monitoring data (reading these again was most of a re-rating's time)."""

    info: PlanInfo
    targets: tuple[Target, ...]
    sections: tuple[Section, ...]
    reviews: Mapping[tuple[str, str], Point]  # read-only: a caller keeps the parts for many re-ratings


def plan_parts(db: Database, plan: str, year: int) -> PlanParts:
    """The plan-only parts of ``plan``'s assessment (``year`` stands in for a plan without a period)."""
    info = get_plan(db, plan)
    reviews = plan_reviews(get_historical(db, info.key), load_catalog(), before=info.period_start or year)
    return PlanParts(info, tuple(get_targets(db, info.key)), tuple(get_sections(db, info.key)), MappingProxyType(reviews))


def assess_plan(
    db: Database,
    plan: str,
    year: int,
    rules: RuleConfig | None = None,
    *,
    as_of: date | None = None,
    children: bool = True,
    below: Sequence[PlanAssessment] | None = None,
    parts: PlanParts | None = None,
) -> PlanAssessment:
    """Rate every target of the plan's latest version at ``year`` (mid-term 2023, final 2025), and,
    with ``children``, the plans whose parent it is (a city's district plans) — or take their
    ratings as ``below`` when the caller has them (rated alone, as this would rate them), and the
    plan-only parts as ``parts`` (:func:`plan_parts` of this plan) when it keeps them.

    Targets an editor rejected are left out; corrected ones are rated on their corrected values.
    ``rules`` default to those of the settings, so every front end rates alike."""
    rules = rules or load_rules()
    parts = parts or plan_parts(db, plan, year)
    info = parts.info
    catalog = load_catalog()
    targets = [(n, t) for n, t in enumerate(parts.targets, start=1) if t.rated]
    keys = {t.indicator_key for _, t in targets if t.indicator_key}
    keys |= {level for k in keys if k in catalog and (level := catalog[k].growth_of)}
    observations = [o for o in list_observations(db, regions=[info.region or ""], indicator_keys=keys) if not o.withdrawn]
    base_year = (info.period_start or year) - 1
    rated = tuple(rate_target(n, t, observations, catalog, year, base_year, rules, parts.reviews) for n, t in targets)
    statuses = task_statuses(parts.sections, list_task_entries(db, info.key), as_of or date(year, 12, 31))
    if below is None:
        below = (
            [assess_plan(db, p.key, year, rules, as_of=as_of, children=False) for p in list_plans(db) if p.parent == info.key]
            if children
            else []
        )
    issued = [s for s in list_snapshots(db, info.key) if s.method == rules.method]
    return PlanAssessment(
        info,
        year,
        rules,
        rated,
        tuple(statuses),
        tuple(summarise_tasks(statuses)),
        parts.sections,
        tuple(below),
        current_narratives(list_narratives(db, info.key)),
        issued[-1] if issued else None,
        rejected=sum(1 for t in parts.targets if t.review == ReviewState.REJECTED),
    )


def plan_reviews(historical: list[HistoricalResult], catalog: dict[str, Indicator], *, before: int) -> dict[tuple[str, str], Point]:
    """What the plan itself says an indicator reached before its period (十三五完成情况 tables):
    (catalog key, unit) → (year, value), for plain numbers whose name maps to one key unambiguously."""
    found: dict[tuple[str, str], set[Point]] = {}
    for row in historical:
        if row.actual_year is None or row.actual_year >= before:
            continue
        try:
            value = float(row.actual_raw.replace(",", "").strip())
        except ValueError:
            continue  # 15+110, 大幅增长, -: not a baseline
        key, _ = map_indicator(row.indicator, row.unit, catalog)
        if key is not None:
            found.setdefault((key, row.unit or ""), set()).add((row.actual_year, value))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def series_is_rates(indicator: Indicator | None) -> bool:
    """Whether a series holds growth rates (%) rather than levels: decided by its unit, so a
    growth target mapped to a level indicator is never read as rates."""
    return indicator is None or indicator.unit == "%"


def rate_target(
    number: int,
    target: Target,
    observations: list[Observation],
    catalog: dict[str, Indicator],
    year: int,
    base_year: int,
    rules: RuleConfig,
    reviews: Mapping[tuple[str, str], Point],
) -> TargetAssessment:
    indicator = catalog.get(target.indicator_key or "")
    key = target.indicator_key
    if target.kind == "annual_growth" and indicator is not None and indicator.growth_of:
        level = [o for o in observations if o.indicator_key == indicator.growth_of]
        if level:  # prefer levels: the realised CAGR needs no yearly rates
            key = indicator.growth_of
    series = tuple(build_series(o for o in observations if key and o.indicator_key == key))
    points = [(y.year, y.value) for y in series]
    growth = indicator.growth if indicator else "linear"
    if target.kind == "multiple" and indicator is not None and target.value is not None:
        as_level, why = _multiple_as_level(target, points, indicator.unit, base_year)
        if as_level is None:
            return TargetAssessment(target, indicator, series, Assessment(unrated_status(rules.method), why, method=rules.method), key, number)
        assessment = assess_target(as_level, points, year, growth=growth, base_year=base_year, rules=rules)
        return TargetAssessment(target, indicator, series, replace(assessment, explanation=f"{assessment.explanation}（{why}）"), key, number)
    if indicator is not None and target.kind != "annual_growth" and target.value is not None and not units_fit(target.unit, indicator.unit):
        why = f"目标单位{target.unit}与指标目录单位{indicator.unit}不一致，未评分"
        return TargetAssessment(target, indicator, series, Assessment(unrated_status(rules.method), why, method=rules.method), key, number)
    rates = target.kind == "annual_growth" and series_is_rates(catalog.get(key or ""))
    review = reviews.get((target.indicator_key or "", target.unit)) if target.kind == "level" else None
    assessment = assess_target(target, points, year, growth=growth, base_year=base_year, rules=rules, rates=rates, review=review)
    return TargetAssessment(target, indicator, series, assessment, key, number)


def _multiple_as_level(target: Target, points: Sequence[Point], unit: str, base_year: int) -> tuple[Target | None, str]:
    """翻一番 (2 倍) of the base year's observed value: the level to reach, in the indicator's unit, with
    why — or None and why not, when no value of the base year is observed (the plan states none in 倍)."""
    assert target.value is not None
    if target.value <= 1:
        # 增长1倍 is read as 1 倍 where it means 2: a multiple at or below the base is no goal to rate
        return None, f"倍数目标（{target.value:g}倍）不高于基期值，含义不明，未评分"
    y0 = target.baseline_year or base_year
    base = next((value for point_year, value in points if point_year == y0), None)
    if base is None:
        return None, f"倍数目标（{target.value:g}倍）需要{y0}年的实际值作基期，暂无该年观测值，未评分"
    level = replace(
        target,
        value=target.value * base,
        value_high=None if target.value_high is None else target.value_high * base,
        unit=unit,
        kind="level",
        qualifier=target.qualifier or "达到",
        baseline_value=base,
        baseline_year=y0,
        direction="increase",
    )
    times = f"{target.value:g}" + ("" if target.value_high is None else f"–{target.value_high:g}")
    return level, f"倍数目标：{y0}年实际值{format_value(base, unit)}的{times}倍，即{target_text(replace(level, qualifier=None))}"


def plan_assessment_dict(result: PlanAssessment) -> dict[str, object]:
    """JSON-ready form shared by the CLI and the API; every value keeps its observation ids."""
    return {
        "plan": result.plan.key,
        "title": result.plan.title,
        "region": result.plan.region,
        "year": result.year,
        "method": result.rules.method,
        "counts": result.counts,
        "rejected": result.rejected,
        "published_counts": result.published_counts,
        "targets": [
            {
                "number": t.number,
                "indicator": t.target.indicator,
                "review": t.target.review.value,
                "indicator_key": t.target.indicator_key,
                "series_key": t.series_key,
                "unit": t.target.unit,
                "target": target_text(t.target),
                "target_year": t.target.target_year,
                "evidence_lines": list(t.target.lines),
                **asdict(t.assessment),
                "illustrative": t.illustrative,
                "series": [
                    {
                        "year": y.year,
                        "value": y.value,
                        "observation_id": getattr(y.chosen, "id", None),
                        "source": y.chosen.source,
                        "source_url": y.chosen.source_url,
                        "illustrative": y.illustrative,
                        "conflict": y.conflict,
                        "statements": [{"id": getattr(s, "id", None), "value": s.value, "source_url": s.source_url} for s in y.statements],
                    }
                    for y in t.series
                ],
            }
            for t in result.targets
        ],
        "tasks": [
            {
                "path": s.section.path,
                "title": f"{s.section.label}{s.section.title}",
                "kind": s.section.kind,
                "status": s.status,
                "overdue": s.overdue,
                "entries": len(s.history),
                "latest": asdict(s.latest) if s.latest else None,
            }
            for s in result.tasks
        ],
        "task_summary": [asdict(c) for c in result.task_summary],
    }
