"""Spreadsheet forms of the comparisons, shared by the CLI, the API and the pages (their JSON is planwatch.results)."""

from __future__ import annotations

from enum import StrEnum

from planwatch.compare.coverage import THRESHOLD, Coverage
from planwatch.compare.fields import FieldRow
from planwatch.compare.matrix import Matrix
from planwatch.models import PlanInfo
from planwatch.monitor.progress import target_text
from planwatch.monitor.views import Table


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
