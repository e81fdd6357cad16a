"""JSON-ready and spreadsheet forms of the comparisons, shared by the CLI, the API and the pages."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Any

from planwatch.compare.consistency import Finding
from planwatch.compare.coverage import THRESHOLD, Coverage
from planwatch.compare.fields import FieldRow
from planwatch.compare.matrix import Matrix
from planwatch.models import PlanInfo
from planwatch.monitor.progress import target_text
from planwatch.monitor.views import Table


def matrix_dict(matrix: Matrix, findings: list[Finding]) -> dict[str, Any]:
    return {
        "year": matrix.year,
        "plans": [{"key": p.key, "title": p.title, "region": p.region, "level": p.level, "parent": p.parent} for p in matrix.plans],
        "rows": [
            {
                "indicator_key": r.indicator_key,
                "name": r.name,
                "unit": r.unit,
                "cells": {
                    key: {
                        "target": target_text(t.target),
                        "value": t.target.value,
                        "qualifier": t.target.qualifier,
                        "unit": t.target.unit,
                        "year": t.target.target_year,
                        "baseline": t.target.baseline_value,
                        "baseline_year": t.target.baseline_year,
                        "latest": t.assessment.actual,
                        "latest_year": t.assessment.year,
                        "status": t.assessment.status,
                        "evidence_lines": list(t.target.lines),
                    }
                    for key, t in r.cells.items()
                },
            }
            for r in matrix.rows
        ],
        "findings": [asdict(f) for f in findings],
    }


def coverage_dict(coverage: Coverage) -> dict[str, Any]:
    return {
        "city": coverage.city.key if coverage.city else None,
        "threshold": THRESHOLD,
        "districts": [d.key for d in coverage.districts],
        "share": {d.key: round(coverage.share(d.key), 4) for d in coverage.districts},
        "tasks": [
            {
                "path": t.task.path,
                "title": f"{t.task.label}{t.task.title}",
                "lines": [t.task.start_line, t.task.end_line],
                "best": {
                    key: {
                        "score": round(m.score, 4),
                        "covered": t.covered_by(key),
                        "section": m.section.path,
                        "title": f"{m.section.label}{m.section.title}",
                        "lines": [m.section.start_line, m.section.end_line],
                        "passage": m.passage,
                    }
                    for key, m in t.best.items()
                },
            }
            for t in coverage.tasks
        ],
    }


def fields_dict(plans: list[PlanInfo], rows: list[FieldRow]) -> dict[str, Any]:
    return {"plans": [p.key for p in plans], "fields": [asdict(r) for r in rows]}


class CompareTable(StrEnum):
    """The /compare page's tables a user downloads (``planwatch compare --output``, /compare/export)."""

    MATRIX = "matrix"
    COVERAGE = "coverage"
    FIELDS = "fields"

    @property
    def label(self) -> str:
        return {"matrix": "指标对照", "coverage": "区级承接", "fields": "领域覆盖"}[self.value]


def matrix_table(matrix: Matrix) -> Table:
    """The indicator matrix one plan's target a row (a spreadsheet filters rows, not wide cells)."""
    header = ("指标", "单位", "地区", "规划", "目标", "目标年份", "基期值", "基期年份", "实际值", "实际值年份", "实际值来源", "示例数据", "数值冲突", "状态", "原文行")
    rows = []
    for row in matrix.rows:
        for plan in matrix.plans:
            if (cell := row.cells.get(plan.key)) is None:
                continue
            target, rated = cell.target, cell.assessment
            latest = cell.value_in(rated.year) if rated.year else None
            rows.append(
                (
                    row.name,
                    target.unit,
                    plan.region or plan.key,
                    plan.title,
                    target_text(target),
                    target.target_year,
                    target.baseline_value,
                    target.baseline_year,
                    rated.actual,
                    rated.year,
                    " ".join(filter(None, (latest.chosen.source, latest.chosen.source_url))) if latest else "",
                    "是" if latest is not None and latest.illustrative else "",
                    "是" if latest is not None and latest.conflict else "",
                    rated.status,
                    "、".join(str(n) for n in target.lines),
                )
            )
    return Table(f"{CompareTable.MATRIX.label}（{matrix.year}年）", header, rows)


def coverage_table(coverage: Coverage) -> Table:
    """Each city task beside each district's closest section, its similarity and whether it counts as taken up."""
    header = ("市级任务编号", "市级任务", "原文行", "区", "最接近的区级章节", "章节原文行", "相似度", "是否承接")
    rows = []
    for task in coverage.tasks:
        for district in coverage.districts:
            match = task.best.get(district.key)
            rows.append(
                (
                    task.task.path,
                    f"{task.task.label}{task.task.title}",
                    f"{task.task.start_line}-{task.task.end_line}",
                    district.region or district.key,
                    f"{match.section.label}{match.section.title}" if match else "",
                    f"{match.section.start_line}-{match.section.end_line}" if match else "",
                    round(match.score, 4) if match else None,
                    "是" if task.covered_by(district.key) else "否",
                )
            )
    return Table(f"{CompareTable.COVERAGE.label}（相似度≥{THRESHOLD:.2f}视为承接）", header, rows)


def fields_table(plans: list[PlanInfo], rows: list[FieldRow]) -> Table:
    header = ("类别", "领域", *(p.region or p.key for p in plans))
    return Table(CompareTable.FIELDS.label, header, [(r.category, r.label, *(r.counts.get(p.key, 0) for p in plans)) for r in rows])
