"""The office's list pages (#17): indicators and tasks filtered and sorted by query parameters,
a department's tasks, and each list as a CSV or XLSX download with the same filters.

Only parsing and rendering here; the filters, orders, reminders and tables are
:mod:`planwatch.monitor.views`, called through :class:`planwatch.core.Planwatch`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from planwatch.compare.export import CompareTable
from planwatch.models import TASK_STATUSES, NarrativeField, SubjectKind
from planwatch.monitor.progress import STATUS_ORDER
from planwatch.monitor.tasks import NO_ENTRY, summarise_tasks
from planwatch.monitor.views import (
    ATTRIBUTES,
    ExportFormat,
    IndicatorQuery,
    IndicatorSort,
    TaskQuery,
    TaskSort,
    export_table,
    indicator_table,
    task_table,
)
from planwatch.report.content import field_order
from planwatch.safety import slug
from planwatch.web.deps import PW, Plan, csrf_protect
from planwatch.web.pages import YearQuery, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
Text = Annotated[str, Query(max_length=100)]


def indicator_query(
    region: Text = "",
    status: Text = "",
    attribute: Text = "",
    domain: Text = "",
    sort: IndicatorSort = IndicatorSort.REGION,
    desc: bool = False,
) -> IndicatorQuery:
    return IndicatorQuery(region=region, status=status, attribute=attribute, field=domain, sort=sort, descending=desc)


def task_query(
    status: Text = "",
    department: Text = "",
    due_by: Annotated[str, Query(max_length=10)] = "",  # the form sends "" when no date is chosen
    overdue: bool = False,
    sort: TaskSort = TaskSort.NUMBER,
    desc: bool = False,
) -> TaskQuery:
    try:
        due = date.fromisoformat(due_by) if due_by else None
    except ValueError:
        raise HTTPException(422, f"“计划完成不晚于”（due_by）须为日期，如 2023-06-30，收到“{due_by}”") from None
    return TaskQuery(status=status, department=department, due_by=due, overdue_only=overdue, sort=sort, descending=desc)


def attachment(content: bytes, media_type: str, filename: str, fallback: str) -> Response:
    """A download named ``filename`` (RFC 5987, so the Chinese name survives) with an ASCII ``fallback``."""
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def _export(table_content: Any, fmt: ExportFormat, name: str, fallback: str) -> Response:
    return attachment(export_table(table_content, fmt), fmt.media_type, f"{slug(name) or fallback}.{fmt.value}", f"{fallback}.{fmt.value}")


def _links(
    request: Request, sorts: type[IndicatorSort] | type[TaskSort], current: IndicatorSort | TaskSort, descending: bool
) -> dict[str, Any]:
    """Each column's sort link (the chosen one again: the other direction), keeping every other
    parameter, and the query string the export links carry."""
    params = {k: v for k, v in request.query_params.items() if k not in ("sort", "desc", "format")}
    links = {}
    for member in sorts:
        flipped = {"desc": "1"} if member == current and not descending else {}
        links[member.value] = "?" + urlencode(params | {"sort": member.value} | flipped)
    kept = {k: v for k, v in request.query_params.items() if k != "format"}
    return {"sort_links": links, "sort": current, "descending": descending, "export_query": urlencode(kept)}


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(
    request: Request, pw: PW, query: Annotated[IndicatorQuery, Depends(indicator_query)], year: YearQuery = None
) -> HTMLResponse:
    year, lines = pw.indicator_list(query, year)
    context = {
        "year": year,
        "lines": lines,
        "query": query,
        "regions": pw.regions(),
        "statuses": STATUS_ORDER,
        "attributes": ATTRIBUTES,
        "fields": field_order(),
        "sorts": list(IndicatorSort),
    }
    return render(request, "indicators.html", context | _links(request, IndicatorSort, query.sort, query.descending))


@router.get("/indicators/export")
def indicators_export(
    pw: PW,
    query: Annotated[IndicatorQuery, Depends(indicator_query)],
    fmt: Annotated[ExportFormat, Query(alias="format")],
    year: YearQuery = None,
) -> Response:
    year, lines = pw.indicator_list(query, year)
    return _export(indicator_table(lines, year), fmt, f"指标一览-{year}", f"indicators-{year}")


def task_page_context(request: Request, query: TaskQuery, departments: list[str]) -> dict[str, Any]:
    """What the task lists' filter form offers and keeps."""
    context = {"query": query, "task_filter_statuses": (*TASK_STATUSES, NO_ENTRY), "departments": departments, "sorts": list(TaskSort)}
    return context | _links(request, TaskSort, query.sort, query.descending)


@router.get("/tasks/{ref}", response_class=HTMLResponse)
def tasks_page(
    request: Request, pw: PW, info: Plan, query: Annotated[TaskQuery, Depends(task_query)], year: YearQuery = None
) -> HTMLResponse:
    year = year or pw.year_for([info])
    as_of = date(year, 12, 31)
    statuses = pw.task_statuses(info, as_of)
    lines = pw.task_list(query, [info], as_of)
    narratives: dict[str, dict[NarrativeField, Any]] = {}
    for n in pw.narratives(info):
        if n.subject_kind is SubjectKind.TASK:
            narratives.setdefault(n.subject, {})[n.field] = n
    context = {"plan": info, "statuses": statuses, "lines": lines, "summary": summarise_tasks(statuses), "year": year}
    context |= {"task_statuses": TASK_STATUSES, "today": pw.today, "narratives": narratives, "narrative_fields": list(NarrativeField)}
    departments = sorted({s.department for s in statuses if s.department})
    return render(request, "tasks.html", context | task_page_context(request, query, departments))


@router.get("/tasks/{ref}/export")
def tasks_export(
    pw: PW,
    info: Plan,
    query: Annotated[TaskQuery, Depends(task_query)],
    fmt: Annotated[ExportFormat, Query(alias="format")],
    year: YearQuery = None,
) -> Response:
    year = year or pw.year_for([info])
    lines = pw.task_list(query, [info], date(year, 12, 31))
    return _export(task_table(lines, "重点任务"), fmt, f"{info.region or info.key}重点任务-{year}", f"tasks-{year}")


@router.get("/departments", response_class=HTMLResponse)
def departments_page(request: Request, pw: PW, department: Text = "") -> HTMLResponse:
    lines = pw.department_tasks(department) if department else []
    context = {"departments": pw.departments(), "name": department, "lines": lines, "today": pw.today}
    context["export_query"] = urlencode({"department": department})
    return render(request, "departments.html", context)


@router.get("/departments/export")
def departments_export(pw: PW, department: Text, fmt: Annotated[ExportFormat, Query(alias="format")]) -> Response:
    return _export(task_table(pw.department_tasks(department), "责任单位任务"), fmt, f"{department}任务", "department-tasks")


class ReminderList(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    MISSING = "missing"


@router.get("/compare/export")
def compare_export(
    pw: PW,
    table: Annotated[CompareTable, Query()],
    fmt: Annotated[ExportFormat, Query(alias="format")],
    year: YearQuery = None,
) -> Response:
    found = pw.compare_table(table, year)
    return _export(found, fmt, found.title, f"compare-{table.value}")


@router.get("/reminders/export")
def reminders_export(
    pw: PW,
    which: Annotated[ReminderList, Query(alias="list")],
    fmt: Annotated[ExportFormat, Query(alias="format")],
    days: Annotated[int | None, Query(ge=1, le=366)] = None,
) -> Response:
    found = pw.reminders(days)
    if which is ReminderList.MISSING:
        table = indicator_table(found.missing, found.data_year)
        return _export(table, fmt, f"缺少{found.data_year}年数据的指标", f"missing-data-{found.data_year}")
    lines, title = (found.overdue, "已逾期的任务") if which is ReminderList.OVERDUE else (found.due_soon, f"{found.days}天内到期的任务")
    return _export(task_table(lines, title), fmt, f"{title}-{found.today.isoformat()}", f"{which.value}-{found.today.isoformat()}")
