"""Consistency of district targets with the city's, each finding explained with its numbers."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.compare.matrix import Matrix
from planwatch.extract.catalog import load_catalog
from planwatch.models import PlanInfo
from planwatch.monitor.assessment import TargetAssessment
from planwatch.monitor.observations import units_fit
from planwatch.monitor.progress import format_value, target_text

ADDITIVE_UNITS = frozenset({"家", "个", "件", "项", "人", "亿元"})  # counts and amounts sum over districts


@dataclass(frozen=True)
class Finding:
    check: str  # sum, level, below_baseline, unit, year, omitted
    severity: str  # warn or info
    indicator_key: str | None
    plans: tuple[str, ...]
    message: str


def check_consistency(matrix: Matrix) -> list[Finding]:
    """Findings for every parent plan and its children in the matrix."""
    findings: list[Finding] = []
    catalog = load_catalog()
    for parent in matrix.plans:
        children = [p for p in matrix.plans if p.parent == parent.key]
        if not children:
            continue
        for row in matrix.rows:
            indicator = catalog[row.indicator_key]
            city = row.cells.get(parent.key)
            districts = {p.key: row.cells[p.key] for p in children if p.key in row.cells}
            additive = indicator.unit in ADDITIVE_UNITS and "per_10k" not in row.indicator_key and not row.indicator_key.endswith("_new")
            if city is not None and city.target.value is not None and districts:
                named = "、".join(f"{matrix_plan(matrix, k).region}{target_text(t.target)}" for k, t in districts.items())
                if additive and city.target.kind == "level":
                    total = sum(t.target.value or 0 for t in districts.values())
                    share = total / city.target.value
                    severity = "warn" if share > 1 else "info"
                    verdict = "超过全市目标，分解不一致" if share > 1 else f"占全市目标的{share * 100:.1f}%，其余须由未列出的区完成"
                    findings.append(
                        Finding(
                            "sum",
                            severity,
                            row.indicator_key,
                            (parent.key, *districts),
                            f"{row.name}：{named}，合计{format_value(total, city.target.unit)}，{verdict}（全市{target_text(city.target)}）。",
                        )
                    )
                elif indicator.unit == "%":
                    for key, t in districts.items():
                        if t.target.value is None:
                            continue
                        relation = (
                            "高于" if t.target.value > city.target.value else ("低于" if t.target.value < city.target.value else "等于")
                        )
                        severity = "warn" if relation == "低于" else "info"
                        findings.append(
                            Finding(
                                "level",
                                severity,
                                row.indicator_key,
                                (parent.key, key),
                                f"{row.name}：{matrix_plan(matrix, key).region}目标{target_text(t.target)}，{relation}全市目标{target_text(city.target)}。",
                            )
                        )
            plan_targets: list[tuple[str, TargetAssessment | None]] = [(parent.key, city), *districts.items()]
            for key, rated in plan_targets:
                if rated is None:
                    continue
                t = rated
                b, v = t.target.baseline_value, t.target.value
                if b is not None and v is not None and t.target.direction == "increase" and v < b:
                    findings.append(
                        Finding(
                            "below_baseline",
                            "warn",
                            row.indicator_key,
                            (key,),
                            f"{row.name}：{matrix_plan(matrix, key).region}目标{target_text(t.target)}低于其基期值{format_value(b, t.target.unit)}（{t.target.baseline_year}年）。",
                        )
                    )
                if city is not None and key != parent.key:
                    if (
                        city.target.unit != t.target.unit
                        and not units_fit(t.target.unit, city.target.unit)
                        and t.target.kind == city.target.kind
                    ):
                        findings.append(
                            Finding(
                                "unit",
                                "warn",
                                row.indicator_key,
                                (parent.key, key),
                                f"{row.name}：单位不一致（全市{city.target.unit}，{matrix_plan(matrix, key).region}{t.target.unit}）。",
                            )
                        )
                    if city.target.target_year and t.target.target_year and city.target.target_year != t.target.target_year:
                        findings.append(
                            Finding(
                                "year",
                                "warn",
                                row.indicator_key,
                                (parent.key, key),
                                f"{row.name}：目标年份不一致（全市{city.target.target_year}年，{matrix_plan(matrix, key).region}{t.target.target_year}年）。",
                            )
                        )
        for child in children:
            omitted = [row.name for row in matrix.rows if parent.key in row.cells and child.key not in row.cells]
            if omitted:
                findings.append(
                    Finding("omitted", "info", None, (parent.key, child.key), f"{child.region}规划未设全市指标：{'、'.join(omitted)}。")
                )
    return findings


def matrix_plan(matrix: Matrix, key: str) -> PlanInfo:
    return next(p for p in matrix.plans if p.key == key)
