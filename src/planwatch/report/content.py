"""What an evaluation report says, built once from a plan assessment; each format only lays it out.

The sections follow a real 规划中期评估/总结评估报告 (the national 14th FYP mid-term review, city and
district reviews): 总体评价, the indicators by field with 约束性 ones apart, 主要成效, 重大任务和重大项目,
存在问题及原因分析, 下一步工作建议, 规划调整建议, the city–district cascade (city plans), and
评估方法与数据来源. Values resting on 示例数据 never carry a headline: they are left out of the counts,
the 总体评价 and the suggestions, and shown apart, marked. The previous plan's results the plan prints
close it (附录：发展基础). Writers render :meth:`ReportContent.blocks`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from planwatch.ingest.quotes import table_row_quote
from planwatch.models import HistoricalResult, NarrativeField, Observation, SubjectKind
from planwatch.monitor.assessment import PlanAssessment, TargetAssessment
from planwatch.monitor.progress import (
    FAST,
    MET,
    NO_DATA,
    ON_TRACK,
    OVERSHOOT,
    format_share,
    format_value,
    target_text,
)
from planwatch.monitor.tasks import ChapterSummary, TaskStatus

ILLUSTRATIVE_MARK = "*"
CONFLICT_MARK = "!"
BINDING = "约束性"
OTHER_FIELD = "其他"
FIELDS_FILE = Path(__file__).with_name("fields.yaml")
NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def indicator_fields() -> dict[str, str]:
    """Catalog key → field (领域) of the report's indicator tables, from ``fields.yaml``."""
    import yaml

    loaded: dict[str, list[str]] = yaml.safe_load(FIELDS_FILE.read_text(encoding="utf-8"))
    return {key: name for name, keys in loaded.items() for key in keys}


def field_order() -> list[str]:
    return [*dict.fromkeys(indicator_fields().values()), OTHER_FIELD]


def short_quote(text: str, number: str = "", limit: int = 40) -> str:
    """The clause of an evidence line that states the target (the one holding ``number``, else the
    first with a figure other than a year), at most ``limit`` characters; a table row's cells are
    joined with "，" without its ordinal."""
    if " | " in text or "\t" in text:
        return table_row_quote(text)[:limit]
    clauses = [c.strip() for c in re.split(r"[，；。,;]", text) if c.strip()]
    figures = [c for c in clauses if re.search(r"\d", re.sub(r"20\d\d年", "", c))]
    clause = next((c for c in figures if number and number in c), figures[0] if figures else clauses[0] if clauses else text)
    return clause if len(clause) <= limit else "…" + clause[-limit:]


@dataclass(frozen=True)
class IndicatorRow:
    """One line of an indicator table; numbers kept for spreadsheets, text for documents."""

    rated: TargetAssessment
    number: int
    actuals: dict[int, float | None]
    field: str
    citation: str

    @property
    def name(self) -> str:
        return self.rated.target.indicator

    @property
    def unit(self) -> str:
        return self.rated.target.unit

    @property
    def attribute(self) -> str:
        return self.rated.target.attribute or "未标明"

    @property
    def binding(self) -> bool:
        return self.rated.target.attribute == BINDING

    @property
    def illustrative(self) -> bool:
        return self.rated.illustrative

    @property
    def baseline_text(self) -> str:
        a, target = self.rated.assessment, self.rated.target
        if a.baseline is not None:
            return f"{format_value(a.baseline)}（{a.baseline_year}）" + ("△" if a.baseline_observed else "")
        if target.baseline_value is None:
            return "—"
        # not rated (no data yet): the plan's own baseline still belongs in its row
        return format_value(target.baseline_value) + (f"（{target.baseline_year}）" if target.baseline_year else "")

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
        return format_share(self.rated.assessment.completion)

    @property
    def status(self) -> str:
        return self.rated.assessment.status

    @property
    def projection(self) -> str:
        return self.rated.assessment.projection_status or "—"

    @property
    def data_year(self) -> str:
        year = self.rated.assessment.year
        return f"{year}年" if year is not None else "—"

    @property
    def explanation(self) -> str:
        return self.rated.assessment.explanation


@dataclass(frozen=True)
class Block:
    """One piece of a report as every format lays it out."""

    kind: str  # heading, paragraph, note, table, image, list
    text: str = ""
    level: int = 1
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    items: tuple[str, ...] = ()
    name: str = ""  # table id / image key
    wide: bool = False  # a table too wide for A4 portrait
    flagged: tuple[int, ...] = ()  # rows resting on 示例数据


@dataclass
class ReportContent:
    title: str
    kind: str  # 中期评估 or 总结评估
    plan_title: str
    region: str
    year: int
    generated: date
    result: PlanAssessment
    rows: list[IndicatorRow]
    years: list[int]
    counts: dict[str, int]  # status counts of the indicators rated on published data only
    overall: list[str]
    achievements: list[str]
    problems: list[str]
    suggestions: list[str]
    adjustments: list[str]
    method: list[str]
    notes: list[str]
    task_summary: list[ChapterSummary]
    tasks: list[TaskStatus]
    sources: list[Observation]
    cascade: list[tuple[str, ...]]
    cascade_header: tuple[str, ...]
    changes: list[str] = field(default_factory=list)  # since the last evaluation issued
    charts: dict[str, bytes] = field(default_factory=dict)  # "status" and "indicator-N"
    historical: list[HistoricalResult] = field(default_factory=list)  # the previous plan's results (发展基础)

    @property
    def header(self) -> list[str]:
        return [
            "序号",
            "指标",
            "属性",
            "单位",
            "基期值",
            "目标值",
            *(f"{y}年" for y in self.years),
            "完成进度",
            "状态",
            "预计完成情况",
            "数据截至",
        ]

    def cells(self, row: IndicatorRow) -> list[str]:
        return [
            str(row.number),
            row.name,
            row.attribute,
            row.unit,
            row.baseline_text,
            row.target_text,
            *(row.actual_text(y) for y in self.years),
            row.completion_text,
            row.status,
            row.projection,
            row.data_year,
        ]

    @property
    def published(self) -> list[IndicatorRow]:
        return [r for r in self.rows if not r.illustrative]

    @property
    def illustrative(self) -> list[IndicatorRow]:
        return [r for r in self.rows if r.illustrative]

    def blocks(self) -> list[Block]:
        """The whole report, in order: headings, paragraphs, tables, charts."""
        out: list[Block] = []
        numbers = iter(NUMERALS)

        def heading(text: str) -> None:
            out.append(Block("heading", f"{next(numbers)}、{text}", level=1))

        heading("总体评价")
        out += [Block("paragraph", p) for p in self.overall]
        out.append(Block("image", name="status"))
        heading("主要指标完成情况")
        subheadings = iter(NUMERALS)
        for name in field_order():
            group = [r for r in self.published if r.field == name and not r.binding]
            if group:
                out.append(Block("heading", f"（{next(subheadings)}）{name}", level=2))
                out.append(self._indicator_table(group, f"indicators-{name}"))
        binding = [r for r in self.published if r.binding]
        out.append(Block("heading", f"（{next(subheadings)}）约束性指标", level=2))
        if binding:
            out.append(self._indicator_table(binding, "indicators-binding"))
        else:
            out.append(Block("paragraph", "规划未标注约束性指标（指标表无“属性”栏或均为预期性），本节无单列内容。"))
        if self.illustrative:
            out.append(Block("heading", f"（{next(subheadings)}）示例数据指标（不计入评价）", level=2))
            out.append(
                Block("note", f"以下指标的数值含示例数据（演示用，非真实统计，标“{ILLUSTRATIVE_MARK}”），不计入状态统计、总体评价和建议。")
            )
            out.append(self._indicator_table(self.illustrative, "indicators-illustrative"))
        out += [Block("note", n) for n in self.notes]
        out += [Block("image", name=f"indicator-{r.number}") for r in self.rows]
        heading("主要成效")
        out.append(Block("list", items=tuple(self.achievements or ["暂无已实现或快于预期的指标和已完成的任务。"])))
        heading("重大任务和重大项目推进情况")
        summary_header, summary_rows = summary_table(self.task_summary)
        out.append(Block("paragraph", self._task_overview()))
        if summary_rows:
            out.append(Block("table", header=tuple(summary_header), rows=tuple(map(tuple, summary_rows)), name="task-summary"))
        if self.tasks:
            flagged = tuple(n for n, t in enumerate(self.tasks) if t.latest is not None and t.latest.illustrative)
            out.append(
                Block(
                    "table",
                    header=tuple(TASK_HEADER),
                    rows=tuple(tuple(task_cells(t)) for t in self.tasks),
                    name="tasks",
                    wide=True,
                    flagged=flagged,
                )
            )
        heading("存在问题及原因分析")
        out.append(Block("list", items=tuple(self.problems or ["以公开数据评估的指标中，无进度滞后或预计难以完成的指标。"])))
        heading("下一步工作建议")
        out.append(Block("list", items=tuple(self.suggestions)))
        heading("规划调整建议")
        out.append(Block("list", items=tuple(self.adjustments or ["未发现需调整的目标。"])))
        if self.cascade:
            heading("市区衔接情况")
            out.append(Block("paragraph", "各区规划对应指标的目标值、最新实际值和评估状态（与本规划同口径的目录指标）。"))
            out.append(Block("table", header=self.cascade_header, rows=tuple(self.cascade), name="cascade", wide=True))
        if self.result.previous is not None:
            heading("与上次评估相比的变化")
            out.append(Block("list", items=tuple(self.changes)))
        heading("评估方法与数据来源")
        out += [Block("paragraph", p) for p in self.method]
        flagged = tuple(n for n, o in enumerate(self.sources) if o.illustrative)
        rows = tuple(tuple(source_cells(o)) for o in self.sources)
        out.append(Block("table", header=tuple(SOURCE_HEADER), rows=rows, name="sources", wide=True, flagged=flagged))
        if self.historical:
            out.append(Block("heading", HISTORICAL_TITLE, level=1))
            out.append(
                Block(
                    "table",
                    header=tuple(HISTORICAL_HEADER),
                    rows=tuple(tuple(historical_cells(h)) for h in self.historical),
                    name="historical",
                )
            )
        return out

    def _indicator_table(self, rows: list[IndicatorRow], name: str) -> Block:
        flagged = tuple(n for n, r in enumerate(rows) if r.illustrative)
        return Block(
            "table", header=tuple(self.header), rows=tuple(tuple(self.cells(r)) for r in rows), name=name, wide=True, flagged=flagged
        )

    def _task_overview(self) -> str:
        overall = self.task_summary[-1] if self.task_summary else None
        if overall is None:
            return "规划未列出可跟踪的重点任务。"
        projects = [t for t in self.result.tasks if _in_box(t, self.result)]
        recorded = [t for t in self.result.tasks if t.history]
        text = (
            f"规划共有重点任务和专栏项目{overall.total}项（其中专栏项目{len(projects)}项），已填报进展{len(recorded)}项："
            + "，".join(f"{k}{v}项" for k, v in overall.counts.items() if v and k != "无记录")
            + f"；逾期{overall.overdue}项。"
        )
        if any(e.illustrative for t in recorded for e in t.history):
            text += "任务进展含示例数据（演示用）。"
        return text


TASK_HEADER = ["任务/项目", "状态", "日期", "责任单位", "里程碑", "计划完成", "备注"]
SOURCE_HEADER = ["编号", "地区", "指标", "年份", "数值", "原文数值", "来源"]
HISTORICAL_TITLE = "附录：发展基础（上一规划期指标完成情况，据规划原文）"
HISTORICAL_HEADER = ["指标", "单位", "目标", "实际", "完成情况", "原文行"]


def historical_cells(h: HistoricalResult) -> list[str]:
    """A previous-plan row as the plan prints it (15+110, 2-3, 大幅增长 stay text), with its years."""

    def dated(raw: str, year: int | None) -> str:
        return f"{raw}（{year}年）" if raw and year else raw

    return [
        h.indicator,
        h.unit or "",
        dated(h.target_raw, h.target_year),
        dated(h.actual_raw, h.actual_year),
        h.status or "",
        f"第{h.line}行",
    ]


def _in_box(task: TaskStatus, result: PlanAssessment) -> bool:
    """Whether a task is a 专栏 project (a box or inside one)."""
    by_ordinal = {s.ordinal: s for s in result.sections}
    current = task.section
    while True:
        if current.kind == "box":
            return True
        if current.parent is None or current.parent not in by_ordinal:
            return False
        current = by_ordinal[current.parent]


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
        ("【示例数据】" if latest.illustrative else "") + latest.note,
    ]


def source_cells(o: Observation) -> list[str]:
    source = " ".join(x for x in (o.source, o.source_url, f"“{o.quote}”" if o.quote else "") if x)
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


def citation(rated: TargetAssessment, result: PlanAssessment) -> str:
    """《规划》section：“short quote”（第n行）: where the plan states the target."""
    target = rated.target
    section = next((s for s in result.sections if s.path == target.section_path), None)
    where = f"{section.label}{section.title}" if section is not None else ""
    # a sentence reads better than a table row
    evidence = min(target.evidence, key=lambda e: e.source != "prose", default=None)
    quote = f"：“{short_quote(evidence.text, format_value(target.value))}”" if evidence is not None else ""
    lines = "、".join(str(n) for n in target.lines)
    return f"《{result.plan.title}》{where}{quote}" + (f"（第{lines}行）" if lines else "")


def build_content(result: PlanAssessment, *, with_charts: bool = True, historical: Sequence[HistoricalResult] = ()) -> ReportContent:
    """What the report says; ``historical`` is the previous plan's results the plan prints (its 发展基础 appendix)."""
    plan = result.plan
    kind = evaluation_kind(result)
    years = [y for y in result.years if y > result.years[0]]
    fields = indicator_fields()
    rows = [
        IndicatorRow(
            t,
            n,
            {y: (v.value if (v := t.value_in(y)) else None) for y in years},
            fields.get(t.target.indicator_key or "", OTHER_FIELD),
            citation(t, result),
        )
        for n, t in enumerate(result.targets, start=1)
    ]
    published = [r for r in rows if not r.illustrative]
    counts = result.published_counts
    conflicts = [r for r in rows if r.rated.conflicts]
    notes = [
        "基期值后标“△”者规划未给出，取自观测数据；“数据截至”为评估所用最新数据的年份。",
    ]
    if any(r.illustrative for r in rows):
        notes.append(f"标“{ILLUSTRATIVE_MARK}”的数值为示例数据（演示用，非真实统计），不得作为评估依据。")
    if conflicts:
        notes.append(f"标“{CONFLICT_MARK}”的数值各来源不一致，已取最精确者，详见数据来源。")
    lagging = [r for r in published if r.rated.assessment.behind]
    content = ReportContent(
        title=f"《{plan.title}》{kind}报告",
        kind=kind,
        plan_title=plan.title,
        region=plan.region or "",
        year=result.year,
        generated=date.today(),
        result=result,
        rows=rows,
        years=years,
        counts=counts,
        overall=_overall(result, kind, rows, published, counts),
        achievements=_achievements(published, result),
        problems=_problems(lagging, result),
        suggestions=_suggestions(published, lagging, conflicts, result),
        changes=_changes(result),
        adjustments=_adjustments(rows, result),
        method=_method(result, rows),
        notes=notes,
        task_summary=list(result.task_summary),
        tasks=[s for s in result.tasks if s.history],
        sources=result.sources,
        cascade=_cascade(result),
        cascade_header=("指标", "地区", "目标值", "最新实际值", "数据截至", "状态"),
        historical=list(historical),
    )
    if with_charts:
        _add_charts(content, result)
    return content


def _overall(
    result: PlanAssessment, kind: str, rows: list[IndicatorRow], published: list[IndicatorRow], counts: dict[str, int]
) -> list[str]:
    plan = result.plan
    start, end = plan.period_start or result.year, plan.period_end or result.year
    elapsed = min(max((result.year - start + 1) / (end - start + 1), 0.0), 1.0)
    scored = [r for r in published if r.rated.assessment.scored]
    good = [r for r in scored if r.status in MET or r.status in (FAST, ON_TRACK)]
    text = [
        f"《{plan.title}》规划期为{start}—{end}年，本报告为{result.year}年{kind}，规划实施时间进度{elapsed * 100:.0f}%。"
        f"规划共设指标目标{len(rows)}项，其中以公开数据评估{len(published)}项、可量化评定状态{len(scored)}项"
        + (f"（另有{result.rejected}项抽取结果经审核驳回，不计入）。" if result.rejected else "。")
    ]
    if counts:
        text.append("以公开数据评估的指标：" + "，".join(f"{status}{n}项" for status, n in counts.items()) + "。")
    if scored:
        share = len(good) / len(scored)
        verdict = (
            ("总体实现“时间过半、任务过半”" if share >= 0.5 else "总体进度滞后于“时间过半、任务过半”的要求")
            if kind == "中期评估"
            else ("规划目标总体完成" if share >= 0.5 else "规划目标总体未完成")
        )
        text.append(f"已实现或进度符合预期的{len(good)}项，占可评定指标的{share * 100:.0f}%，{verdict}。")
    else:
        text.append("以公开数据评估的指标中尚无可评定状态的指标，不作总体判断。")
    illustrative = [r for r in rows if r.illustrative]
    if illustrative:
        text.append(f"另有{len(illustrative)}项指标的数值含示例数据（演示用），单列于后，不计入上述统计和总体评价。")
    return text


def _achievements(published: list[IndicatorRow], result: PlanAssessment) -> list[str]:
    items = [f"{r.name}：{r.status}。{r.explanation}。" for r in published if r.status in MET or r.status == FAST]
    done = [t for t in published_tasks(result) if t.status == "已完成"]
    if done:
        names = "、".join(f"{t.section.label}{t.section.title}" for t in done)
        items.append(f"已完成重点任务和专栏项目{len(done)}项：{names}。")
    return items


def published_tasks(result: PlanAssessment) -> list[TaskStatus]:
    """Tasks whose current status does not rest on a 示例数据 entry: only these reach 主要成效, 存在问题 and the suggestions."""
    return [t for t in result.tasks if t.latest is None or not t.latest.illustrative]


def _narrative(result: PlanAssessment, kind: SubjectKind, subject: str, which: NarrativeField) -> str | None:
    found = result.narratives.get((kind, subject), {}).get(which)
    return f"{which.label}（{found.entered_by}，{found.entered_at:%Y-%m-%d}）：{found.text}" if found else None


def _problems(lagging: list[IndicatorRow], result: PlanAssessment) -> list[str]:
    """Each lagging indicator and overdue task with what evaluators wrote about it, or a plain note that nothing was."""
    items = []
    for r in lagging:
        written = [_narrative(result, SubjectKind.TARGET, r.name, f) for f in (NarrativeField.REASONS, NarrativeField.MEASURES)]
        reasons = "；".join(w for w in written if w) or "原因分析：尚未填写"
        items.append(f"{r.name}（{r.status}，{r.projection}）：{r.explanation}。{reasons}。依据：{r.citation}。")
    for t in published_tasks(result):
        if t.overdue:
            path = t.section.path
            written = [_narrative(result, SubjectKind.TASK, path, f) for f in (NarrativeField.REASONS, NarrativeField.MEASURES)]
            reasons = "；".join(w for w in written if w) or "原因分析：尚未填写"
            items.append(f"{t.section.label}{t.section.title}（{t.status}，逾期）：{reasons}。")
    return items


def _changes(result: PlanAssessment) -> list[str]:
    from planwatch.monitor.assessment import plan_assessment_dict
    from planwatch.monitor.narratives import changes_since, snapshot_title

    if result.previous is None:
        return []
    found = changes_since(result.previous, plan_assessment_dict(result))
    return [f"与{snapshot_title(result.previous)}相比：" + ("共有以下变化。" if found else "无变化。"), *found]


def _suggestions(
    published: list[IndicatorRow], lagging: list[IndicatorRow], conflicts: list[IndicatorRow], result: PlanAssessment
) -> list[str]:
    suggestions = [
        f"{r.name}：{text}" for r in published if (text := _narrative(result, SubjectKind.TARGET, r.name, NarrativeField.NEXT_STEPS))
    ]
    suggestions += [
        f"{t.section.label}{t.section.title}：{text}"
        for t in published_tasks(result)
        if (text := _narrative(result, SubjectKind.TASK, t.section.path, NarrativeField.NEXT_STEPS))
    ]
    if lagging:
        names = "、".join(r.name for r in lagging)
        suggestions.append(f"对{names}等{len(lagging)}项进度滞后或预计难以完成的指标，建议分析原因，加大推进力度，必要时按程序调整目标。")
    no_data = [r for r in published if r.status == NO_DATA]
    if no_data:
        suggestions.append(
            f"{len(no_data)}项指标暂无监测数据（{'、'.join(r.name for r in no_data)}），建议明确统计口径和责任单位，补充数据。"
        )
    stale = [
        r for r in published if r.rated.assessment.scored and r.rated.assessment.year is not None and r.rated.assessment.year < result.year
    ]
    if stale:
        suggestions.append(
            f"{len(stale)}项指标的最新数据早于{result.year}年（{'、'.join(f'{r.name}截至{r.data_year}' for r in stale)}），建议及时更新。"
        )
    if conflicts:
        suggestions.append(f"{len(conflicts)}项指标的数据来源不一致，建议以统计部门发布数据为准进行核实。")
    overdue = [s for s in published_tasks(result) if s.overdue]
    if overdue:
        suggestions.append(
            f"{len(overdue)}项重点任务滞后或逾期，建议督办：" + "、".join(f"{s.section.label}{s.section.title}" for s in overdue) + "。"
        )
    if not suggestions:
        suggestions.append("各项指标和任务总体按计划推进，建议持续跟踪监测。")
    return suggestions


def _adjustments(rows: list[IndicatorRow], result: PlanAssessment) -> list[str]:
    """Targets an adjustment of the plan should look at: below their baseline, beyond a band,
    placeholders, a lost indicator table, indicators no source reports."""
    items = []
    for r in rows:
        a, t = r.rated.assessment, r.rated.target
        if a.maintain:
            items.append(f"{r.name}：目标{r.target_text}不高于基期值{r.baseline_text}，属保持型目标，建议按实际水平研究上调。")
        elif a.status == OVERSHOOT:
            items.append(f"{r.name}：实际值已超出目标区间{r.target_text}，建议研究调整目标。")
        if t.placeholder:
            items.append(f"{r.name}：目标值待定（原文为XX），建议明确目标值。")
    items += [f"规划原文问题：{w}，建议补充或以正式印发文本为准。" for w in result.plan.warnings if "缺失" in w]
    no_source = [r.name for r in rows if not r.rated.series and not r.rated.target.placeholder and not r.rated.target.qualitative]
    if no_source:
        items.append(f"{len(no_source)}项指标无数据来源（{'、'.join(no_source)}），建议明确统计口径和报送单位，或调整为可统计的指标。")
    return items


def _method(result: PlanAssessment, rows: list[IndicatorRow]) -> list[str]:
    r = result.rules
    years = [row.rated.assessment.year for row in rows if row.rated.assessment.year is not None]
    if r.method == "opensdg":
        method = (
            f"评估方法：Open SDG 进展评价方法（sdg-build ProgressMeasure）。有数值目标：实际年均增速÷所需年均增速，≥{r.opensdg_on_track}进展顺利，"
            f"≥{r.opensdg_moderate}有进展但需加快，≥0进展有限，<0出现倒退，达到目标为已实现目标；无数值目标：实际年均增速≥{r.opensdg_cagr_on_track * 100:g}%"
            f"进展顺利，≥{r.opensdg_cagr_moderate * 100:g}%有进展但需加快，≥0进展有限，<0出现倒退。起点取数据中基期年（或其后首个年份）的值。"
        )
    else:
        method = (
            "评估方法：完成进度÷按规划路径应达进度（“时间过半、任务过半”为线性路径，按比例增长的指标用几何路径），进度比保留两位小数；"
            f"进度比≥{r.fast}为快于预期，{r.on_track}—{r.fast}为基本符合预期，{r.lagging}—{r.on_track}为滞后，<{r.lagging}或逆向变化为严重滞后；"
            f"已达到目标为提前实现（目标年为已实现/未实现）；“左右”按目标值±{r.band * 100:g}%的区间计，区间和范围目标高于上限为超出目标区间；"
            f"目标不高于基期值的为保持型目标，低于目标下限{r.maintain_severe * 100:g}%以内为滞后，超过为严重滞后；"
            f"至少{r.projection_points}个数据点或时间进度≥{r.projection_elapsed * 100:g}%时才作趋势预测。"
        )
    span = f"{min(years)}—{max(years)}年" if years and min(years) != max(years) else f"{max(years)}年" if years else ""
    vintage = f"数据截至：各指标最新数据年份为{span}（见各表“数据截至”栏）。" if years else "数据截至：暂无数据。"
    illustrative = sum(1 for row in rows if row.illustrative)
    sources = f"数据来源：统计公报、政府工作报告等公开资料{len([o for o in result.sources if not o.illustrative])}条（逐条列于下表，含链接和原文摘录）"
    sources += f"；示例数据{len([o for o in result.sources if o.illustrative])}条，涉及指标{illustrative}项。" if illustrative else "。"
    baselines = "基期值优先取规划本身给出的数值及其年份（含规划对上期完成情况的记述），其次取基期年观测值，再次以规划期内最早观测值为起点；均无时仅与目标对比，不评定进度。"
    return [method, baselines, vintage, sources]


def _cascade(result: PlanAssessment) -> list[tuple[str, ...]]:
    """For a city plan: each indicator it targets, the city's and every district's target and latest value."""
    if not result.children:
        return []
    rows: list[tuple[str, ...]] = []
    for rated in result.targets:
        key = rated.target.indicator_key
        if key is None:
            continue
        lines = [_cascade_row(rated, result.plan.region or result.plan.key)]
        for child in result.children:
            lines += [_cascade_row(t, child.plan.region or child.plan.key) for t in child.targets if t.target.indicator_key == key]
        if len(lines) > 1:
            rows += [(rated.target.indicator if n == 0 else "", *line) for n, line in enumerate(lines)]
    return rows


def _cascade_row(rated: TargetAssessment, region: str) -> tuple[str, ...]:
    a = rated.assessment
    actual = format_value(a.actual, rated.target.unit) + (ILLUSTRATIVE_MARK if rated.illustrative else "") if a.actual is not None else "—"
    return (region, target_text(rated.target), actual, f"{a.year}年" if a.year else "—", a.status)


def _add_charts(content: ReportContent, result: PlanAssessment) -> None:
    from planwatch.report.charts import indicator_chart, status_chart

    content.charts["status"] = status_chart(content.counts, f"{result.year}年指标状态分布（公开数据）")
    for row in content.rows:
        chart = indicator_chart(row.rated, result.year)
        if chart is not None:
            content.charts[f"indicator-{row.number}"] = chart
