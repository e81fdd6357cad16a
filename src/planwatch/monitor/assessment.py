"""A plan at an evaluation year: every target rated from its region's observations, and its tasks.

The series of a target is the plan region's observations of the target's catalog indicator
(for a growth-rate target, of the level it is the growth of, when there are such).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date

from planwatch.extract.catalog import Indicator, load_catalog
from planwatch.models import Observation, PlanInfo, Target
from planwatch.monitor.observations import units_fit
from planwatch.monitor.progress import NO_DATA, STATUS_ORDER, Assessment, assess_target, target_text
from planwatch.monitor.rules import RuleConfig, load_rules
from planwatch.monitor.series import YearValue, build_series
from planwatch.monitor.tasks import ChapterSummary, TaskStatus, summarise_tasks, task_statuses
from planwatch.store import get_plan, get_sections, get_targets
from planwatch.store.database import Database
from planwatch.store.monitoring import list_observations, list_task_entries


@dataclass(frozen=True)
class TargetAssessment:
    """One target of the plan, the series it was rated on, and the rating."""

    target: Target
    indicator: Indicator | None
    series: tuple[YearValue, ...]
    assessment: Assessment
    series_key: str | None  # catalog key of the series (the level series for growth targets)

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

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(t.assessment.status for t in self.targets)
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


def assess_plan(db: Database, plan: str, year: int, rules: RuleConfig | None = None, *, as_of: date | None = None) -> PlanAssessment:
    """Rate every target of the plan's latest version at ``year`` (mid-term 2023, final 2025), with
    ``rules`` (default: those of the settings, so every front end rates alike)."""
    rules = rules or load_rules()
    info = get_plan(db, plan)
    catalog = load_catalog()
    targets = get_targets(db, info.key)
    keys = {t.indicator_key for t in targets if t.indicator_key}
    keys |= {level for k in keys if k in catalog and (level := catalog[k].growth_of)}
    observations = [o for o in list_observations(db, regions=[info.region or ""], indicator_keys=keys) if not o.withdrawn]
    base_year = (info.period_start or year) - 1
    rated = tuple(_rate(t, observations, catalog, year, base_year, rules) for t in targets)
    sections = get_sections(db, info.key)
    statuses = task_statuses(sections, list_task_entries(db, info.key), as_of or date(year, 12, 31))
    return PlanAssessment(info, year, rules, rated, tuple(statuses), tuple(summarise_tasks(statuses)))


def _rate(
    target: Target, observations: list[Observation], catalog: dict[str, Indicator], year: int, base_year: int, rules: RuleConfig
) -> TargetAssessment:
    indicator = catalog.get(target.indicator_key or "")
    key = target.indicator_key
    rates = True
    if target.kind == "annual_growth" and indicator is not None and indicator.growth_of:
        level = [o for o in observations if o.indicator_key == indicator.growth_of]
        if level:  # prefer levels: the realised CAGR needs no yearly rates
            key, rates = indicator.growth_of, False
    series = tuple(build_series(o for o in observations if key and o.indicator_key == key))
    points = [(y.year, y.value) for y in series]
    growth = indicator.growth if indicator else "linear"
    if indicator is not None and target.kind != "annual_growth" and target.value is not None and not units_fit(target.unit, indicator.unit):
        why = f"目标单位{target.unit}与指标目录单位{indicator.unit}不一致，未评分"
        return TargetAssessment(target, indicator, series, Assessment(NO_DATA, why, method=rules.method), key)
    assessment = assess_target(target, points, year, growth=growth, base_year=base_year, rules=rules, rates=rates)
    return TargetAssessment(target, indicator, series, assessment, key)


def plan_assessment_dict(result: PlanAssessment) -> dict[str, object]:
    """JSON-ready form shared by the CLI and the API; every value keeps its observation ids."""
    return {
        "plan": result.plan.key,
        "title": result.plan.title,
        "region": result.plan.region,
        "year": result.year,
        "method": result.rules.method,
        "counts": result.counts,
        "targets": [
            {
                "indicator": t.target.indicator,
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
