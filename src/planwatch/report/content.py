"""What an evaluation report says, built once from a plan assessment; each format only lays it out.

The structure follows the usual 规划中期评估报告: overview, the main indicator table, the lagging
indicators, key tasks and projects, suggestions, the previous plan's results (发展基础) and an appendix
of data sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planwatch.models import HistoricalResult, Observation
from planwatch.monitor.assessment import PlanAssessment, TargetAssessment
from planwatch.monitor.progress import NO_DATA, NOT_SCORED, format_share, format_value, target_text
from planwatch.monitor.tasks import ChapterSummary, TaskStatus

ILLUSTRATIVE_MARK = "*"
CONFLICT_MARK = "!"


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the main indicator table; numbers kept for spreadsheets, text for documents."""

    rated: TargetAssessment
    number: int
    actuals: dict[int, float | None]

    @property
    def name(self) -> str:
        return self.rated.target.indicator

    @property
    def unit(self) -> str:
        return self.rated.target.unit

    @property
    def baseline_text(self) -> str:
        a = self.rated.assessment
        if a.baseline is None:
            return "—"
        return f"{format_value(a.baseline)}（{a.baseline_year}）" + ("△" if a.baseline_observed else "")

    @property
    def target_text(self) -> str:
        return target_text(self.rated.target)

    def actual_text(self, year: int) -> str:
        value = self.rated.value_in(year)
        if value is None:
            return ""
        marks = (ILLUSTRATIVE_MARK if value.illustrative else "") + (CONFLICT_MARK if value.conflict else "")
        # A growth target rated on levels shows the levels with their own unit (e.g. 亿元 under %).
        unit = value.chosen.unit if self.rated.series_key != self.rated.target.indicator_key else ""
        return format_value(value.value, unit) + marks

    @property
    def completion_text(self) -> str:
        completion = self.rated.assessment.completion
        if completion is not None and completion > 9.99:
            return ">999%"
        return format_share(completion)

    @property
    def status(self) -> str:
        return self.rated.assessment.status

    @property
    def projection(self) -> str:
        return self.rated.assessment.projection_status or "—"

    @property
    def explanation(self) -> str:
        return self.rated.assessment.explanation

    @property
    def evidence(self) -> str:
        return "、".join(f"第{n}行" for n in self.rated.target.lines)


@dataclass(frozen=True)
class ReportContent:
    title: str
    kind: str  # 中期评估 or 总结评估
    plan_title: str
    region: str
    year: int
    generated: date
    overview: list[str]
    counts: dict[str, int]
    years: list[int]
    rows: list[IndicatorRow]
    lagging: list[IndicatorRow]
    unrated: list[IndicatorRow]
    task_summary: list[ChapterSummary]
    tasks: list[TaskStatus]
    suggestions: list[str]
    sources: list[Observation]
    notes: list[str]
    charts: dict[str, bytes] = field(default_factory=dict)  # "status" and "indicator-N"
    historical: list[HistoricalResult] = field(default_factory=list)  # the previous plan's results (发展基础)

    @property
    def header(self) -> list[str]:
        return ["序号", "指标", "单位", "基期值", "目标值", *(f"{y}年" for y in self.years), "完成进度", "状态", "预计完成情况"]

    def cells(self, row: IndicatorRow) -> list[str]:
        return [
            str(row.number),
            row.name,
            row.unit,
            row.baseline_text,
            row.target_text,
            *(row.actual_text(y) for y in self.years),
            row.completion_text,
            row.status,
            row.projection,
        ]


TASK_HEADER = ["任务/项目", "状态", "日期", "责任单位", "里程碑", "计划完成", "备注"]
SOURCE_HEADER = ["编号", "地区", "指标", "年份", "数值", "原文数值", "来源"]
HISTORICAL_TITLE = "附录：发展基础（上一规划期指标完成情况，据规划原文）"
HISTORICAL_HEADER = ["指标", "单位", "目标", "实际", "完成情况", "原文行"]


def historical_cells(h: HistoricalResult) -> list[str]:
    """A previous-plan row as the plan prints it (15+110, 2-3, 大幅增长 stay text), with its years."""

    def dated(raw: str, year: int | None) -> str:
        return f"{raw}（{year}年）" if raw and year else raw

    return [h.indicator, h.unit or "", dated(h.target_raw, h.target_year), dated(h.actual_raw, h.actual_year), h.status or "", f"第{h.line}行"]


def task_cells(task: TaskStatus) -> list[str]:
    latest = task.latest
    assert latest is not None, "only tasks with entries are listed"
    return [
        f"{task.section.path} {task.section.label}{task.section.title}",
        task.status + ("（逾期）" if task.overdue else ""),
        str(latest.entry_date),
        latest.department,
        latest.milestone,
        str(latest.due or ""),
        latest.note,
    ]


def source_cells(o: Observation) -> list[str]:
    source = " ".join(x for x in (o.source, o.source_url, o.quote) if x)
    return [
        f"#{o.id}",
        o.region,
        o.indicator_name,
        str(o.year),
        f"{o.value:g}{o.unit}",
        f"{o.value_raw}{o.unit_raw}",
        ("【示例数据】" if o.illustrative else "") + source,
    ]


def summary_table(summary: list[ChapterSummary]) -> tuple[list[str], list[list[str]]]:
    """Task counts per chapter as a header and rows of text."""
    statuses = list(summary[0].counts) if summary else []
    rows = [[c.chapter, str(c.total), *(str(v) for v in c.counts.values()), str(c.overdue)] for c in summary]
    return ["章节", "合计", *statuses, "逾期"], rows


def evaluation_kind(result: PlanAssessment) -> str:
    """总结评估 from the plan's last year on, 中期评估 before it."""
    final = result.plan.period_end is not None and result.year >= result.plan.period_end
    return "总结评估" if final else "中期评估"


def build_content(result: PlanAssessment, *, with_charts: bool = True, historical: Sequence[HistoricalResult] = ()) -> ReportContent:
    """What the report says; ``historical`` is the previous plan's results the plan prints (its 发展基础 appendix)."""
    plan = result.plan
    kind = evaluation_kind(result)
    years = [y for y in result.years if y > result.years[0]]
    rows = [
        IndicatorRow(t, n, {y: (v.value if (v := t.value_in(y)) else None) for y in years}) for n, t in enumerate(result.targets, start=1)
    ]
    lagging = [r for r in rows if r.rated.assessment.behind]
    unrated = [r for r in rows if r.status in (NO_DATA, NOT_SCORED)]
    illustrative = any(r.rated.illustrative for r in rows) or any(e.illustrative for s in result.tasks for e in s.history)
    conflicts = [r for r in rows if r.rated.conflicts]
    summary = list(result.task_summary)
    overall = summary[-1] if summary else None
    scored = len(rows) - len(unrated)
    overview = [
        f"《{plan.title}》规划期为{plan.period_start}—{plan.period_end}年，本报告为{result.year}年{kind}，"
        f"共监测指标目标{len(rows)}项，其中可量化评估{scored}项。",
        "指标状态：" + "，".join(f"{status}{n}项" for status, n in result.counts.items()) + "。",
    ]
    if overall is not None:
        overview.append(
            f"重点任务与专栏项目共{overall.total}项，"
            + "，".join(f"{k}{v}项" for k, v in overall.counts.items() if v)
            + f"；逾期{overall.overdue}项。"
        )
    notes = [
        "状态依据：实际进度÷按规划路径应达进度（“时间过半、任务过半”为线性路径；按比例增长的指标用几何路径）；"
        + _method_thresholds(result),
        "基期值后标“△”者规划未给出，取自观测数据。",
    ]
    if illustrative:
        notes.append(f"标“{ILLUSTRATIVE_MARK}”的数值为示例数据（演示用，非真实统计），不得作为评估依据。")
    if conflicts:
        notes.append(f"标“{CONFLICT_MARK}”的数值各来源不一致，已取最精确者，详见附录。")
    content = ReportContent(
        title=f"《{plan.title}》{kind}报告",
        kind=kind,
        plan_title=plan.title,
        region=plan.region or "",
        year=result.year,
        generated=date.today(),
        overview=overview,
        counts=result.counts,
        years=years,
        rows=rows,
        lagging=lagging,
        unrated=unrated,
        task_summary=summary,
        tasks=[s for s in result.tasks if s.history],
        suggestions=_suggestions(rows, lagging, unrated, conflicts, result),
        sources=result.sources,
        notes=notes,
        historical=list(historical),
    )
    if with_charts:
        _add_charts(content, result)
    return content


def _method_thresholds(result: PlanAssessment) -> str:
    r = result.rules
    if r.method == "opensdg":
        return f"本报告采用 Open SDG 方法：实际年均增速÷所需年均增速，≥{r.opensdg_on_track}进展顺利，≥{r.opensdg_moderate}有进展但需加快，≥0进展有限，<0出现倒退。"
    return (
        f"进度比≥{r.fast}为快于预期，{r.on_track}—{r.fast}为基本符合预期，{r.lagging}—{r.on_track}为滞后，"
        f"<{r.lagging}或逆向变化为严重滞后；已达到目标为提前实现；“左右”按±{r.band * 100:g}%计。"
    )


def _suggestions(
    rows: list[IndicatorRow],
    lagging: list[IndicatorRow],
    unrated: list[IndicatorRow],
    conflicts: list[IndicatorRow],
    result: PlanAssessment,
) -> list[str]:
    suggestions = []
    if lagging:
        names = "、".join(r.name for r in lagging)
        suggestions.append(f"对{names}等{len(lagging)}项进度滞后或预计难以完成的指标，建议分析原因，加大推进力度，必要时按程序调整目标。")
    no_data = [r for r in unrated if r.status == NO_DATA]
    if no_data:
        suggestions.append(
            f"{len(no_data)}项指标暂无监测数据（{'、'.join(r.name for r in no_data)}），建议明确统计口径和责任单位，补充数据。"
        )
    if conflicts:
        suggestions.append(f"{len(conflicts)}项指标的数据来源不一致，建议以统计部门发布数据为准进行核实。")
    overdue = [s for s in result.tasks if s.overdue]
    if overdue:
        suggestions.append(
            f"{len(overdue)}项重点任务滞后或逾期，建议督办：" + "、".join(f"{s.section.label}{s.section.title}" for s in overdue) + "。"
        )
    if not suggestions:
        suggestions.append("各项指标和任务总体按计划推进，建议持续跟踪监测。")
    return suggestions


def _add_charts(content: ReportContent, result: PlanAssessment) -> None:
    from planwatch.report.charts import indicator_chart, status_chart

    content.charts["status"] = status_chart(content.counts, f"{result.year}年指标状态分布")
    for row in content.rows:
        chart = indicator_chart(row.rated, result.year)
        if chart is not None:
            content.charts[f"indicator-{row.number}"] = chart
