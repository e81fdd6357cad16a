"""Indicator × plan: each plan's target, baseline, latest actual and status, side by side."""

from __future__ import annotations

from dataclasses import dataclass, replace

from planwatch.extract.catalog import load_catalog
from planwatch.models import PlanInfo
from planwatch.monitor.assessment import PlanAssessment, TargetAssessment, assess_plan
from planwatch.monitor.rules import RuleConfig
from planwatch.store import list_plans
from planwatch.store.database import Database


def plan_family(plans: list[PlanInfo], root: str | None = None) -> list[PlanInfo]:
    """Parents before their children (the city, then its districts), in a stable order."""
    keys = {p.key for p in plans}
    tops = [p for p in plans if (p.parent not in keys) and (root is None or p.key == root)]
    ordered: list[PlanInfo] = []

    def visit(plan: PlanInfo) -> None:
        ordered.append(plan)
        for child in sorted((p for p in plans if p.parent == plan.key), key=lambda p: p.key):
            visit(child)

    for top in sorted(tops, key=lambda p: (p.level != "city", p.key)):
        visit(top)
    return ordered


def _assess_once(db: Database, plans: list[PlanInfo], year: int, rules: RuleConfig | None) -> dict[str, PlanAssessment]:
    """Every plan rated once, as ``assess_plan`` with its children would rate it: each plan alone,
    then each parent re-assembled with its children's ratings (rated with their parent, a city's
    districts were rated a second time)."""
    alone = {p.key: assess_plan(db, p.key, year, rules, children=False) for p in plans}
    return {p.key: replace(alone[p.key], children=tuple(alone[c.key] for c in plans if c.parent == p.key)) for p in plans}


@dataclass(frozen=True)
class MatrixRow:
    indicator_key: str
    name: str
    unit: str
    cells: dict[str, TargetAssessment]  # plan key → that plan's target (first, if several)


@dataclass(frozen=True)
class Matrix:
    year: int
    plans: list[PlanInfo]
    rows: list[MatrixRow]
    assessments: dict[str, PlanAssessment]

    def shared(self, min_plans: int = 3) -> list[tuple[MatrixRow, list[tuple[PlanInfo, TargetAssessment]]]]:
        """Indicators that ``min_plans`` or more plans target with a value in one unit, with those
        plans' targets in plan order: the ones worth a side-by-side chart."""
        found = []
        for row in self.rows:
            cells = [(p, row.cells[p.key]) for p in self.plans if p.key in row.cells and row.cells[p.key].target.value is not None]
            if len(cells) >= min_plans and len({t.target.unit for _, t in cells}) == 1:
                found.append((row, cells))
        return found


def indicator_matrix(
    db: Database, year: int, rules: RuleConfig | None = None, *, assessments: dict[str, PlanAssessment] | None = None
) -> Matrix:
    """Every catalog indicator some plan targets, in catalog order, against every plan."""
    listed = list_plans(db)
    plans = plan_family(listed)
    results = assessments or _assess_once(db, listed, year, rules)
    catalog = load_catalog()
    rows = []
    for key, indicator in catalog.items():
        cells = {}
        for plan in plans:
            found = next((t for t in results[plan.key].targets if t.target.indicator_key == key), None)
            if found is not None:
                cells[plan.key] = found
        if cells:
            rows.append(MatrixRow(key, indicator.name, indicator.unit, cells))
    return Matrix(year, plans, rows, results)
