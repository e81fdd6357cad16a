"""The lists a planning office works from: indicators and tasks filtered and sorted, one
department's tasks, the week's reminders (提醒), and any of them as a CSV or XLSX table.

The pages only parse the query, call these through :class:`planwatch.core.Planwatch` and render,
so the table on screen and the file downloaded from it are the same rows in the same order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from planwatch.models import TASK_STATUSES, PlanInfo
from planwatch.monitor.assessment import PlanAssessment, TargetAssessment
from planwatch.monitor.progress import STATUS_ORDER, format_share, target_text
from planwatch.monitor.tasks import DONE, NO_ENTRY, TaskStatus
from planwatch.report.content import BINDING, OTHER_FIELD, field_order, indicator_fields
from planwatch.safety import neutralise_workbook, spreadsheet_cell

UNSTATED_ATTRIBUTE = "未标明"
ATTRIBUTES = ("预期性", BINDING, UNSTATED_ATTRIBUTE)
DUE_SOON_DAYS = 30  # how far ahead the overview's reminders look unless told otherwise


class IndicatorSort(StrEnum):
    REGION = "region"
    INDICATOR = "indicator"
    FIELD = "field"
    ATTRIBUTE = "attribute"
    STATUS = "status"
    COMPLETION = "completion"

    @property
    def label(self) -> str:
        return {"region": "地区", "indicator": "指标", "field": "领域", "attribute": "属性", "status": "状态", "completion": "完成进度"}[
            self.value
        ]


class TaskSort(StrEnum):
    NUMBER = "number"
    STATUS = "status"
    DEPARTMENT = "department"
    DUE = "due"

    @property
    def label(self) -> str:
        return {"number": "编号", "status": "状态", "department": "责任单位", "due": "计划完成"}[self.value]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        if self is ExportFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class IndicatorQuery:
    """Which indicators a list shows ("" = any) and in what order."""

    region: str = ""
    status: str = ""
    attribute: str = ""
    field: str = ""
    sort: IndicatorSort = IndicatorSort.REGION
    descending: bool = False


@dataclass(frozen=True)
class TaskQuery:
    """Which tasks a list shows ("" / ``None`` = any) and in what order; ``due_by``: due on or before."""

    status: str = ""
    department: str = ""
    due_by: date | None = None
    overdue_only: bool = False
    sort: TaskSort = TaskSort.NUMBER
    descending: bool = False


@dataclass(frozen=True)
class IndicatorLine:
    plan: PlanInfo
    rated: TargetAssessment
    field: str

    @property
    def attribute(self) -> str:
        return self.rated.target.attribute or UNSTATED_ATTRIBUTE

    @property
    def status(self) -> str:
        return self.rated.assessment.status


@dataclass(frozen=True)
class TaskLine:
    plan: PlanInfo
    task: TaskStatus
    number: str  # the plan's own numbering (三（二）5)

    @property
    def title(self) -> str:
        return f"{self.task.section.label}{self.task.section.title}"


@dataclass(frozen=True)
class Reminders:
    """What an officer acts on this week, as of ``today``."""

    today: date
    days: int
    overdue: list[TaskLine]
    due_soon: list[TaskLine]  # not done, due from today to ``days`` ahead
    data_year: int
    missing: list[IndicatorLine]  # rated indicators with no value for ``data_year``


@dataclass(frozen=True)
class Table:
    """A list as a spreadsheet: what the page shows, one row per line."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _sorted(lines: Iterable[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    # stable, so equal keys keep the plan's own order
    return sorted(lines, key=key, reverse=descending)


def indicator_lines(results: Sequence[PlanAssessment], query: IndicatorQuery) -> list[IndicatorLine]:
    """Every rated target of ``results`` that ``query`` keeps, in its order."""
    fields = indicator_fields()
    lines = [
        IndicatorLine(r.plan, t, fields.get(t.target.indicator_key or "", OTHER_FIELD))
        for r in results
        if not query.region or r.plan.region == query.region
        for t in r.targets
    ]
    kept = [
        line
        for line in lines
        if (not query.status or line.status == query.status)
        and (not query.attribute or line.attribute == query.attribute)
        and (not query.field or line.field == query.field)
    ]
    order = field_order()
    keys: dict[IndicatorSort, Callable[[IndicatorLine], Any]] = {
        IndicatorSort.REGION: lambda line: (line.plan.level != "city", line.plan.region or "", line.rated.number),
        IndicatorSort.INDICATOR: lambda line: line.rated.target.indicator,
        IndicatorSort.FIELD: lambda line: order.index(line.field) if line.field in order else len(order),
        IndicatorSort.ATTRIBUTE: lambda line: ATTRIBUTES.index(line.attribute) if line.attribute in ATTRIBUTES else len(ATTRIBUTES),
        IndicatorSort.STATUS: lambda line: _status_rank(line.status),
        # an unrated completion sorts after every rated one, whichever the direction
        IndicatorSort.COMPLETION: lambda line: (
            (line.rated.assessment.completion is None) != query.descending,
            line.rated.assessment.completion or 0.0,
        ),
    }
    return _sorted(kept, keys[query.sort], query.descending)


def task_lines(plans: Sequence[tuple[PlanInfo, Sequence[TaskStatus], dict[str, str]]], query: TaskQuery) -> list[TaskLine]:
    """The tasks of ``plans`` (each with its statuses and numbering) that ``query`` keeps, in its order."""
    lines = [TaskLine(plan, s, numbering.get(s.section.path, s.section.path)) for plan, statuses, numbering in plans for s in statuses]
    kept = [
        line
        for line in lines
        if (not query.status or line.task.status == query.status)
        and (not query.department or line.task.department == query.department)
        and (query.due_by is None or (line.task.due is not None and line.task.due <= query.due_by))
        and (not query.overdue_only or line.task.overdue)
    ]
    keys: dict[TaskSort, Callable[[TaskLine], Any]] = {
        TaskSort.NUMBER: lambda line: 0,  # the plans' own order
        TaskSort.STATUS: lambda line: (*TASK_STATUSES, NO_ENTRY).index(line.task.status),
        TaskSort.DEPARTMENT: lambda line: (not line.task.department, line.task.department),
        TaskSort.DUE: lambda line: ((line.task.due is None) != query.descending, line.task.due or date.min),
    }
    return _sorted(kept, keys[query.sort], query.descending)


def department_lines(lines: Sequence[TaskLine]) -> list[TaskLine]:
    """A department's tasks: overdue ones first, then by due date (undated last)."""
    return sorted(lines, key=lambda line: (not line.task.overdue, line.task.due is None, line.task.due or date.min))


def departments(lines: Iterable[TaskLine]) -> list[str]:
    """Every 责任单位 the task entries name, sorted."""
    return sorted({line.task.department for line in lines if line.task.department})


def reminders(tasks: Sequence[TaskLine], results: Sequence[PlanAssessment], today: date, days: int = DUE_SOON_DAYS) -> Reminders:
    """Overdue tasks, tasks due within ``days`` of ``today``, and the indicators (of plans running
    last year) with no value for last year — ``results`` rated at last year."""
    horizon = today + timedelta(days=days)
    overdue = department_lines([line for line in tasks if line.task.overdue])
    due_soon = [
        line
        for line in tasks
        if not line.task.overdue and line.task.status != DONE and line.task.due is not None and today <= line.task.due <= horizon
    ]
    data_year = today.year - 1
    fields = indicator_fields()
    missing = [
        IndicatorLine(r.plan, t, fields.get(t.target.indicator_key or "", OTHER_FIELD))
        for r in results
        if (r.plan.period_start or data_year) <= data_year
        for t in r.targets
        if t.series_key and not t.target.qualitative and t.value_in(data_year) is None
    ]
    return Reminders(today, days, overdue, sorted(due_soon, key=lambda line: line.task.due or date.min), data_year, missing)


def indicator_table(lines: Sequence[IndicatorLine], year: int) -> Table:
    header = ("地区", "规划", "序号", "指标", "领域", "属性", "单位", "目标", f"{year}年或最近实际值", "完成进度", "状态", "预计", "说明")
    rows = [
        (
            line.plan.region or line.plan.key,
            line.plan.title,
            line.rated.number,
            line.rated.target.indicator,
            line.field,
            line.attribute,
            line.rated.target.unit,
            target_text(line.rated.target),
            None if line.rated.assessment.actual is None else round(line.rated.assessment.actual, 4),
            format_share(line.rated.assessment.completion),
            line.status,
            line.rated.assessment.projection_status or "",
            line.rated.assessment.explanation,
        )
        for line in lines
    ]
    return Table("指标一览", header, rows)


def task_table(lines: Sequence[TaskLine], title: str) -> Table:
    header = ("地区", "规划", "编号", "任务/项目", "状态", "逾期", "填报日期", "责任单位", "里程碑", "计划完成")
    rows = []
    for line in lines:
        latest = line.task.latest
        rows.append(
            (
                line.plan.region or line.plan.key,
                line.plan.title,
                line.number,
                line.title,
                line.task.status,
                "是" if line.task.overdue else "",
                latest.entry_date if latest else None,
                line.task.department,
                latest.milestone if latest else "",
                line.task.due,
            )
        )
    return Table(title, header, rows)


def table_csv(table: Table) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Chinese), every text cell neutralised against formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if v is None else spreadsheet_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """One sheet named after the table, numbers and dates as themselves, formulas neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    neutralise_workbook(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_table(table: Table, fmt: ExportFormat) -> bytes:
    return table_csv(table) if fmt is ExportFormat.CSV else table_xlsx(table)
