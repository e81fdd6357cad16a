"""Questions in Chinese, answered from the structured record first — targets, observations,
ratings, tasks and the outline's 专栏 projects — else from search passages, else a plain
"规划未提及". Every sentence carries its citations (plan, section and lines, or the observation).

An optional LLM (any OpenAI-compatible endpoint, off by default) may only rephrase the retrieved
facts; an answer that drops the citations is discarded for the plain one.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from planwatch.extract.catalog import Indicator, load_catalog
from planwatch.models import Narrative, NarrativeField, Observation, ObservationInput, PlanInfo, Section, SubjectKind, Target
from planwatch.monitor.assessment import TargetAssessment, assess_plan
from planwatch.monitor.progress import LAGGING, SEVERE, format_value, target_text
from planwatch.monitor.series import build_series
from planwatch.monitor.tasks import OVERDUE, task_statuses
from planwatch.search.query import Hit, search
from planwatch.search.question import Intent, find_indicator, intent, normalise, topic, years
from planwatch.search.scope import filter_plans, named_plans, region_words
from planwatch.store import get_sections, get_targets, list_plans
from planwatch.store.database import Database
from planwatch.store.evaluation import current_narratives, list_narratives
from planwatch.store.monitoring import list_observations, list_task_entries

if TYPE_CHECKING:
    from planwatch.settings import Settings

PASSAGES = 3


class AnswerKind(StrEnum):
    targets = "targets"
    comparison = "comparison"
    status = "status"
    tasks = "tasks"
    observations = "observations"
    gap = "gap"
    explanation = "explanation"
    outline = "outline"
    passages = "passages"
    not_mentioned = "not_mentioned"
    none = "none"


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: a plan's section and lines, or an observation (then
    ``observation_id`` is set, ``section`` names the source and ``lines`` is empty), or an
    evaluator's narrative (then ``narrative_id`` is set, ``section`` names its field, author and
    time, and ``lines`` are those of the indicator or task it is about)."""

    plan_key: str
    plan_title: str
    section: str
    lines: tuple[int, ...]
    text: str
    observation_id: int | None = None
    region: str | None = None
    indicator_key: str | None = None
    year: int | None = None
    narrative_id: int | None = None

    def __str__(self) -> str:
        if self.observation_id is not None:
            return f"观测数据#{self.observation_id}：{self.text}（{self.section}）"
        if self.narrative_id is not None:
            return f"评估说明#{self.narrative_id}：《{self.plan_title}》{self.section}"
        return f"《{self.plan_title}》{self.section} 第{'、'.join(map(str, self.lines))}行"


@dataclass
class Answer:
    question: str
    text: str
    kind: AnswerKind
    citations: list[Citation] = field(default_factory=list)
    rephrased: bool = False


class _Writer:
    """Sentences and their numbered citations (a citation used twice keeps its number)."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.parts: list[str] = []

    def marks(self, *citations: Citation | None) -> str:
        numbers = []
        for citation in citations:
            if citation is None:
                continue
            if citation not in self.citations:
                self.citations.append(citation)
            numbers.append(self.citations.index(citation) + 1)
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))

    def say(self, text: str, *citations: Citation | None) -> None:
        self.parts.append(text + self.marks(*citations))

    def answer(self, question: str, kind: AnswerKind, joiner: str = "；", lead: str = "") -> Answer:
        return Answer(question, lead + joiner.join(self.parts) + "。", kind, self.citations)


@dataclass
class _Context:
    db: Database
    question: str
    plans: list[PlanInfo]  # every stored plan
    scope: list[PlanInfo]  # what the filters leave
    named: list[PlanInfo]  # regions the question names, within the scope
    catalog: dict[str, Indicator]
    indicator: Indicator | None
    _sections: dict[str, list[Section]] = field(default_factory=dict)
    _targets: dict[str, list[Target]] = field(default_factory=dict)

    @property
    def chosen(self) -> list[PlanInfo]:
        """The plans the answer is about: those named, else the whole scope."""
        return self.named or self.scope

    def sections(self, plan: PlanInfo) -> list[Section]:
        if plan.key not in self._sections:
            self._sections[plan.key] = get_sections(self.db, plan.key)
        return self._sections[plan.key]

    def targets(self, plan: PlanInfo) -> list[Target]:
        if plan.key not in self._targets:
            self._targets[plan.key] = [t for t in get_targets(self.db, plan.key) if t.rated]  # a rejected target is not the plan's
        return self._targets[plan.key]

    def indicator_targets(self, plan: PlanInfo) -> list[Target]:
        key = self.indicator.key if self.indicator else None
        return [t for t in self.targets(plan) if key and t.indicator_key == key and t.rated]

    def section_title(self, plan: PlanInfo, path: str | None) -> str:
        section = next((s for s in self.sections(plan) if s.path == path), None)
        return f"{section.label}{section.title}" if section else ""


def ask(
    db: Database,
    question: str,
    *,
    plan: str | None = None,
    level: str | None = None,
    region: str | None = None,
    use_llm: bool = False,
    settings: Settings | None = None,
) -> Answer:
    """Answer ``question`` from the plans the filters leave (plan key, level, region); ``settings``
    name the LLM endpoint of ``use_llm``."""
    plans = list_plans(db)
    scope = filter_plans(plans, plan=plan, level=level, region=region)
    named = [p for p in named_plans(question, plans) if p in scope]
    catalog = load_catalog()
    context = _Context(db, question, plans, scope, named, catalog, find_indicator(question, catalog))
    if not plans:
        return Answer(question, "尚未导入任何规划。", AnswerKind.none)
    if not scope or (named_plans(question, plans) and not named):
        return Answer(question, "所选范围内没有可回答此问题的规划。", AnswerKind.none)
    kind = intent(question, context.indicator)
    answer = _ANSWERERS[kind](context) if kind in _ANSWERERS else None
    if answer is None and kind not in (Intent.target, Intent.passages) and context.indicator is not None:
        answer = _targets(context)
    if answer is None:
        answer = _passages(context)
    return _rephrase(answer, settings) if use_llm else answer


# --- citations ---------------------------------------------------------------------------------


def _target_citation(context: _Context, plan: PlanInfo, target: Target) -> Citation:
    text = target.evidence[0].text if target.evidence else target.raw
    return Citation(plan.key, plan.title, context.section_title(plan, target.section_path), tuple(sorted(target.lines)), text)


def _section_citation(plan: PlanInfo, section: Section) -> Citation:
    return Citation(plan.key, plan.title, f"{section.label}{section.title}", (section.start_line,), section.title)


def _observation_citation(observation: ObservationInput, indicator_name: str) -> Citation | None:
    if not isinstance(observation, Observation):
        return None
    source = observation.source or observation.source_url or "来源未注明"
    if observation.illustrative:
        source = "示例数据，演示用，非真实统计"
    text = f"{observation.region}{observation.year}年{indicator_name}{observation.value_raw}{observation.unit_raw}"
    return Citation(
        "",
        "",
        source,
        (),
        text,
        observation_id=observation.id,
        region=observation.region,
        indicator_key=observation.indicator_key,
        year=observation.year,
    )


def _narrative_citation(plan: PlanInfo, narrative: Narrative, subject: str, lines: tuple[int, ...]) -> Citation:
    when = f"{narrative.entered_at:%Y-%m-%d %H:%M}"
    section = f"{subject}·{narrative.field.label}（{narrative.entered_by}，{when}）"
    return Citation(plan.key, plan.title, section, lines, narrative.text, narrative_id=narrative.id)


def _latest_citation(rated: TargetAssessment) -> Citation | None:
    year = rated.assessment.year
    value = rated.value_in(year) if year is not None else None
    name = rated.indicator.name if rated.indicator else rated.target.indicator
    return _observation_citation(value.chosen, name) if value is not None else None


def _name(plan: PlanInfo) -> str:
    return plan.region or plan.title


# --- targets, comparisons, rankings --------------------------------------------------------------


def _fact(plan: PlanInfo, target: Target, ask_baseline: bool) -> str:
    fact = f"{_name(plan)}：{target.target_year or plan.period_end}年{target.indicator}目标{target_text(target)}"
    if target.attribute:
        fact += f"（{target.attribute}）"
    if target.baseline_value is not None:
        fact += f"，基期值{format_value(target.baseline_value, target.unit)}（{target.baseline_year}年）"
    elif ask_baseline:
        fact += "，规划未给出基期值"
    return fact


def _asks_which(question: str) -> bool:
    return any(w in question for w in ("哪些区", "哪几个区", "哪个区", "各区"))


def _targets(context: _Context) -> Answer | None:
    indicator = context.indicator
    assert indicator is not None
    asks_which = _asks_which(context.question)
    chosen = context.named or ([p for p in context.scope if p.level != "city"] if asks_which else context.scope)
    writer = _Writer()
    for plan in chosen:
        for target in context.indicator_targets(plan):
            writer.say(_fact(plan, target, "基期" in context.question), _target_citation(context, plan, target))
    if writer.parts:
        lead = f"提出{indicator.name}目标的有{len(writer.parts)}项：" if asks_which else ""
        return writer.answer(context.question, AnswerKind.targets, lead=lead)
    where = "、".join(_name(p) for p in chosen) if len(chosen) < len(context.plans) else "各"
    text = f"{where}规划未设“{indicator.name}”指标目标"
    mentions = _mentions(context, indicator.name)
    if not mentions:
        return Answer(context.question, f"{text}，规划未提及“{indicator.name}”。", AnswerKind.not_mentioned)
    return _passage_answer(context, mentions, f"{text}；以下原文段落提及：")


def _city_target(context: _Context) -> tuple[PlanInfo, Target] | None:
    for plan in context.plans:
        if plan.level == "city":
            for target in context.indicator_targets(plan):
                if target.value is not None:
                    return plan, target
    return None


def _district_targets(context: _Context) -> list[tuple[PlanInfo, Target]]:
    return [
        (p, t)
        for p in context.scope
        if p.level != "city"
        for t in context.indicator_targets(p)
        if t.value is not None and not t.placeholder
    ]


def _compare(context: _Context) -> Answer | None:
    city = _city_target(context)
    if city is None or context.indicator is None:
        return None
    city_plan, city_target = city
    assert city_target.value is not None
    lower = re.search("(低于|不及|少于)(全市|市级|深圳市)", context.question) is not None
    low, high = city_target.value, city_target.value_high if city_target.value_high is not None else city_target.value
    word = "低于" if lower else "高于"
    writer = _Writer()
    reference = f"全市（{_fact(city_plan, city_target, False)}{writer.marks(_target_citation(context, city_plan, city_target))}）"
    for plan, target in _district_targets(context):
        if target.unit != city_target.unit or target.value is None:
            continue
        if (lower and target.value < low) or (not lower and target.value > high):
            writer.say(_fact(plan, target, False), _target_citation(context, plan, target))
    if not writer.parts:
        return Answer(context.question, f"没有区的{context.indicator.name}目标{word}{reference}。", AnswerKind.comparison, writer.citations)
    lead = f"{context.indicator.name}目标{word}{reference}的有{len(writer.parts)}个区："
    return writer.answer(context.question, AnswerKind.comparison, lead=lead)


def _rank(context: _Context) -> Answer | None:
    found = _district_targets(context)
    if not found or context.indicator is None:
        return None
    unit = max({t.unit for _, t in found}, key=lambda u: sum(t.unit == u for _, t in found))
    comparable = [(p, t) for p, t in found if t.unit == unit]
    highest = re.search("最高|最多|最大", context.question) is not None
    plan, target = (max if highest else min)(comparable, key=lambda pt: pt[1].value or 0.0)
    writer = _Writer()
    word = "最高" if highest else "最低"
    writer.say(
        f"在提出该目标的{len(comparable)}个区中，{context.indicator.name}目标{word}的是{_fact(plan, target, False)}",
        _target_citation(context, plan, target),
    )
    return writer.answer(context.question, AnswerKind.comparison)


# --- ratings: status, gap, why -------------------------------------------------------------------


def evaluation_year(context: _Context, plan: PlanInfo) -> int:
    """The year the question asks about, else the latest year with data for the plan's targets
    (not after its end year or this year), else its mid-term year."""
    asked = years(context.question)
    if asked:
        return asked[0]
    keys = [t.indicator_key for t in context.targets(plan) if t.indicator_key]
    last = min(plan.period_end or date.today().year, date.today().year)
    seen = [o.year for o in list_observations(context.db, regions=[plan.region or ""], indicator_keys=keys) if o.year <= last]
    return max(seen) if seen else (plan.period_start or last) + 2


def _clause(explanation: str) -> str:
    """A rating's explanation as one clause of a sentence (its own semicolons would split it)."""
    return explanation.replace("；", "，")


def _ratings(context: _Context, plan: PlanInfo) -> tuple[int, list[TargetAssessment]]:
    year = evaluation_year(context, plan)
    return year, list(assess_plan(context.db, plan.key, year).targets)


_STATUS_ASKED: tuple[tuple[str, frozenset[str]], ...] = (
    ("严重滞后", frozenset({SEVERE})),
    ("滞后", frozenset({LAGGING, SEVERE})),
    ("提前实现|已实现|已完成|达到目标|实现目标", frozenset({"提前实现", "已实现"})),
    ("快于预期", frozenset({"快于预期"})),
    ("基本符合", frozenset({"基本符合预期"})),
    ("暂无数据", frozenset({"暂无数据"})),
)


def _asked_statuses(question: str) -> frozenset[str] | None:
    """The ratings the question asks for; ``None``: every rating (进展如何)."""
    return next((statuses for pattern, statuses in _STATUS_ASKED if re.search(pattern, question)), None)


def _indicator_status(context: _Context) -> Answer | None:
    wanted = _asked_statuses(context.question)
    attribute = next((a for a in ("约束性", "预期性") if a in context.question), None)
    writer = _Writer()
    lacking: list[str] = []
    for plan in context.chosen:
        year, rated = _ratings(context, plan)
        if context.indicator is not None:
            rated = [r for r in rated if r.target.indicator_key == context.indicator.key]
        if attribute:
            with_attribute = [r for r in rated if r.target.attribute == attribute]
            if not with_attribute:
                lacking.append(_name(plan))
            rated = with_attribute
        for r in rated:
            if (wanted is None and r.assessment.scored) or (wanted is not None and r.assessment.status in wanted):
                text = f"{year}年{_name(plan)}{r.target.indicator}：{r.assessment.status}（{_clause(r.assessment.explanation)}）"
                writer.say(text, _target_citation(context, plan, r.target), _latest_citation(r))
    if lacking:
        lead = f"{'、'.join(lacking)}规划未设{attribute}指标" + ("。" if not writer.parts else "；")
        return Answer(
            context.question, lead + "；".join(writer.parts) + ("。" if writer.parts else ""), AnswerKind.status, writer.citations
        )
    if not writer.parts:
        where = "、".join(_name(p) for p in context.chosen)
        what = "、".join(sorted(wanted)) if wanted else "已评分"
        return Answer(context.question, f"{where}没有{what}的指标。", AnswerKind.status)
    return writer.answer(context.question, AnswerKind.status)


def _gap(context: _Context) -> Answer | None:
    writer = _Writer()
    for plan in context.chosen:
        _year, rated = _ratings(context, plan)
        for r in rated:
            if context.indicator is None or r.target.indicator_key != context.indicator.key:
                continue
            target, a = r.target, r.assessment
            cite = _target_citation(context, plan, target)
            if a.actual is None or target.value is None or target.kind not in ("level", "cumulative"):
                writer.say(
                    f"{_name(plan)}{target.indicator}：目标{target_text(target)}，{a.explanation or '暂无可比较的实际值'}",
                    cite,
                    _latest_citation(r),
                )
                continue
            head = f"{_name(plan)}{target.indicator}：{a.year}年实际值{format_value(a.actual, target.unit)}，{target.target_year or plan.period_end}年目标{target_text(target)}"
            if a.met:
                writer.say(f"{head}，已达到目标", cite, _latest_citation(r))
            else:
                gap = target.value - a.actual if target.direction != "decrease" else a.actual - target.value
                writer.say(f"{head}，还差{format_value(gap, target.unit)}", cite, _latest_citation(r))
    return writer.answer(context.question, AnswerKind.gap) if writer.parts else None


def _narratives(context: _Context, plan: PlanInfo, kind: SubjectKind, subject: str, lines: tuple[int, ...], writer: _Writer, lead: str) -> bool:
    """What evaluators wrote about the subject (the latest version of 原因分析, 已采取措施, 下一步),
    each cited to its author and time, the first sentence led by ``lead``; whether there was any."""
    written = current_narratives(list_narratives(context.db, plan.key)).get((kind, subject), {})
    found = [written[name] for name in NarrativeField if name in written]
    for index, narrative in enumerate(found):
        text = f"{lead if index == 0 else ''}{narrative.field.label}：{_clause(narrative.text)}"
        writer.say(text, _narrative_citation(plan, narrative, subject, lines))
    return bool(found)


def _why(context: _Context) -> Answer | None:
    """An indicator's rating, or a task's status, explained: the evaluators' narratives when they
    exist, then the rating's own explanation with its numbers (or the task's latest entry)."""
    if context.indicator is None:
        return _task_why(context)
    writer = _Writer()
    for plan in context.chosen:
        year, rated = _ratings(context, plan)
        for r in rated:
            if r.target.indicator_key == context.indicator.key:
                cite = _target_citation(context, plan, r.target)
                subject = f"{_name(plan)}{r.target.indicator}"
                written = _narratives(context, plan, SubjectKind.TARGET, r.target.indicator, cite.lines, writer, f"{subject}：")
                text = f"{year}年{'评估结果' if written else subject}评为“{r.assessment.status}”：{_clause(r.assessment.explanation)}"
                writer.say(text, cite, _latest_citation(r))
    return writer.answer(context.question, AnswerKind.explanation) if writer.parts else None


def _task_why(context: _Context) -> Answer | None:
    """Why a task the question names (by its title) is where it is."""
    writer = _Writer()
    for plan in context.chosen:
        sections = context.sections(plan)
        for status in task_statuses(sections, list_task_entries(context.db, plan.key), date.today()):
            section = status.section
            if len(section.title) < 4 or section.title not in context.question:
                continue
            cite = _section_citation(plan, section)
            latest = status.latest
            entry = f"（{latest.entry_date.isoformat()}{'，' + latest.milestone if latest.milestone else ''}）" if latest else ""
            writer.say(f"{_name(plan)}{section.label}{section.title}：{status.label}{entry}", cite)
            _narratives(context, plan, SubjectKind.TASK, section.path, cite.lines, writer, "")
    return writer.answer(context.question, AnswerKind.explanation) if writer.parts else None


# --- observations --------------------------------------------------------------------------------


def _value(context: _Context) -> Answer | None:
    indicator = context.indicator
    assert indicator is not None
    asked = years(context.question)
    regions = [p.region for p in context.chosen if p.region]
    writer = _Writer()
    observations = [
        o for o in list_observations(context.db, regions=regions, indicator_keys=[indicator.key], years=asked) if not o.withdrawn
    ]
    for value in build_series(observations):
        chosen = value.chosen
        text = f"{chosen.region}{value.year}年{indicator.name}：{format_value(value.value, chosen.unit)}"
        if f"{chosen.value_raw}{chosen.unit_raw}" != format_value(value.value, chosen.unit):
            text += f"（原文“{chosen.value_raw}{chosen.unit_raw}”）"
        if chosen.illustrative:
            text += "（示例数据）"
        others = [s for s in value.statements if s is not chosen]
        if value.conflict:
            text += "，各来源不一致：" + "、".join(f"{s.value_raw}{s.unit_raw}" for s in others)
        writer.say(text, _observation_citation(chosen, indicator.name), *(_observation_citation(s, indicator.name) for s in others))
    if writer.parts:
        return writer.answer(context.question, AnswerKind.observations)
    for plan in context.chosen:  # no statistics for that year: the plan itself may state it, as its baseline
        for target in context.indicator_targets(plan):
            if target.baseline_value is not None and target.baseline_year in asked:
                fact = f"{_name(plan)}{target.baseline_year}年{target.indicator}：{format_value(target.baseline_value, target.unit)}（规划给出的基期值，暂无观测数据）"
                writer.say(fact, _target_citation(context, plan, target))
    if writer.parts:
        return writer.answer(context.question, AnswerKind.targets)
    where = "、".join(regions) or "各地区"
    return Answer(context.question, f"暂无{where}{'、'.join(map(str, asked))}年{indicator.name}的观测数据。", AnswerKind.none)


# --- tasks and the outline -----------------------------------------------------------------------


_TASK_ASKED = (
    ("已完成|完成了", "已完成"),
    ("推进中|正在推进|在推进", "推进中"),
    ("逾期|超期|过期", OVERDUE),
    ("滞后", "滞后"),
    ("未启动", "未启动"),
    ("调整", "调整"),
)


def _box_of(section: Section, sections: Sequence[Section]) -> Section | None:
    by_ordinal = {s.ordinal: s for s in sections}
    current: Section | None = section
    while current is not None and current.parent is not None:
        current = by_ordinal[current.parent]
        if current.kind == "box":
            return current
    return None


def _task_status(context: _Context) -> Answer | None:
    wanted = next((status for pattern, status in _TASK_ASKED if re.search(pattern, context.question)), None)
    projects_only = re.search("专栏|项目", context.question) is not None
    writer = _Writer()
    for plan in context.chosen:
        sections = context.sections(plan)
        entries = list_task_entries(context.db, plan.key)
        for status in task_statuses(sections, entries, date.today()):
            latest = status.latest
            if latest is None or (projects_only and status.section.kind != "project"):
                continue
            if wanted is not None and not (status.overdue if wanted == OVERDUE else status.status == wanted):
                continue
            section = status.section
            box = _box_of(section, sections)
            where = f"（{box.label} {box.title}）" if box else f"（{status.chapter.label}{status.chapter.title}）" if status.chapter else ""
            note = f"，{latest.milestone}" if latest.milestone else ""
            sample = "（示例数据）" if latest.illustrative else ""
            text = f"{_name(plan)}{section.label}{section.title}{where}：{status.label}（{latest.entry_date.isoformat()}{note}）{sample}"
            writer.say(text, _section_citation(plan, section))
    if writer.parts:
        return writer.answer(context.question, AnswerKind.tasks)
    what = "专栏项目" if projects_only else "任务"
    where = "、".join(_name(p) for p in context.chosen)
    return Answer(context.question, f"{where}没有{'状态为' + wanted + '的' if wanted else '有进展记录的'}{what}。", AnswerKind.tasks)


def _children(section: Section, sections: Sequence[Section]) -> list[Section]:
    return [s for s in sections if s.parent == section.ordinal and s.kind != "table"]


def _list_answer(context: _Context, plan: PlanInfo, section: Section, items: list[Section]) -> Answer:
    writer = _Writer()
    head = f"《{plan.title}》{section.label}{section.title}共{len(items)}项" + writer.marks(_section_citation(plan, section)) + "："
    for item in items:
        writer.say(f"{item.label}{item.title}", _section_citation(plan, item))
    return writer.answer(context.question, AnswerKind.outline, lead=head)


def _outline(context: _Context) -> Answer | None:
    for answerer in (_target_list, _box_items, _which_box, _box_count, _plan_boxes, _task_count, _section_items):
        answer = answerer(context)
        if answer is not None:
            return answer
    return None


def _box_items(context: _Context) -> Answer | None:
    match = re.search(r"专栏\s*(\d+)", context.question)
    if not match:
        return None
    for plan in context.chosen:
        sections = context.sections(plan)
        box = next((s for s in sections if s.kind == "box" and s.label == f"专栏{match.group(1)}"), None)
        if box is not None:
            return _list_answer(context, plan, box, [s for s in _children(box, sections) if s.kind == "project"])
    return None


def _which_box(context: _Context) -> Answer | None:
    if "哪个专栏" not in context.question and "哪一个专栏" not in context.question:
        return None
    question = normalise(context.question)
    best: tuple[int, PlanInfo, Section, Section] | None = None
    for plan in context.chosen:
        sections = context.sections(plan)
        for section in sections:
            box = _box_of(section, sections)
            title = normalise(_project_name(section))
            if box is not None and len(title) >= 4 and title in question and (best is None or len(title) > best[0]):
                best = (len(title), plan, section, box)
    if best is None:
        return None
    _, plan, section, box = best
    writer = _Writer()
    writer.say(
        f"{_project_name(section)}列在《{plan.title}》{box.label} {box.title}中（第{section.label.strip('（）().、')}项）",
        _section_citation(plan, box),
        _section_citation(plan, section),
    )
    return writer.answer(context.question, AnswerKind.outline)


def _box_count(context: _Context) -> Answer | None:
    if not re.search("多少个专栏|几个专栏|专栏.{0,2}(多少|几)个", context.question):
        return None
    writer = _Writer()
    for plan in context.chosen:
        sections = context.sections(plan)
        boxes = [s for s in sections if s.kind == "box" and s.label.startswith("专栏")]
        untitled = [s for s in sections if s.kind == "box" and not s.label.startswith("专栏")]
        if boxes:
            extra = f"，另有{len(untitled)}个未编号的文本框" if untitled else ""
            writer.say(
                f"《{plan.title}》共有{len(boxes)}个专栏（{boxes[0].label}至{boxes[-1].label}）{extra}",
                _section_citation(plan, boxes[0]),
                _section_citation(plan, boxes[-1]),
            )
    if not writer.parts:
        return Answer(context.question, f"{'、'.join(_name(p) for p in context.chosen)}规划中没有专栏。", AnswerKind.outline)
    return writer.answer(context.question, AnswerKind.outline)


_EVERY_TARGET = re.compile("(哪些|多少项|几项|多少个|几个)(主要)?(指标|目标)|(指标|目标)有哪些")


def _target_list(context: _Context) -> Answer | None:
    """Every target of the chosen plans (有哪些指标, 多少项指标), each with its year and value, cited to its lines."""
    if not _EVERY_TARGET.search(context.question):
        return None
    attribute = next((a for a in ("约束性", "预期性") if a in context.question), None)  # 约束性指标有哪些: those only
    writer = _Writer()
    for plan in context.chosen:
        for target in context.targets(plan):
            if attribute is not None and target.attribute != attribute:
                continue
            value = target_text(target)
            writer.say(f"{target.indicator}：{target.target_year or plan.period_end}年{value}", _target_citation(context, plan, target))
    kind = attribute or ""
    if not writer.parts:
        return Answer(context.question, f"{'、'.join(_name(p) for p in context.chosen)}规划未设{kind}指标目标。", AnswerKind.targets)
    plans = "、".join(f"《{p.title}》" for p in context.chosen if context.targets(p))
    return writer.answer(context.question, AnswerKind.targets, lead=f"{plans}共设{kind}指标目标{len(writer.parts)}项：")


_EVERY_BOX = re.compile("专栏项目|哪些专栏|有哪些专栏|专栏.{0,2}(有哪些|包括哪些|有什么)")
_NAMED_PER_BOX = 6  # a box's projects named in the answer; the count says how many more


def _plan_boxes(context: _Context) -> Answer | None:
    """Every 专栏 of the chosen plans with its projects (a box the question does not number)."""
    if not _EVERY_BOX.search(context.question):
        return None
    writer = _Writer()
    for plan in context.chosen:
        sections = context.sections(plan)
        for box in (s for s in sections if s.kind == "box" and s.label.startswith("专栏")):
            projects = [s for s in _children(box, sections) if s.kind == "project"]
            named = "、".join(_project_name(p) for p in projects[:_NAMED_PER_BOX]) + ("等" if len(projects) > _NAMED_PER_BOX else "")
            writer.say(f"《{plan.title}》{box.label} {box.title}：{len(projects)}项" + (f"（{named}）" if named else ""), _section_citation(plan, box))
    if not writer.parts:
        return Answer(context.question, f"{'、'.join(_name(p) for p in context.chosen)}规划中没有专栏。", AnswerKind.outline)
    return writer.answer(context.question, AnswerKind.outline)


def _project_name(project: Section) -> str:
    """A project as its box names it: the title up to its colon (江汉实验室：聚焦… → 江汉实验室)."""
    return re.split("[:：]", project.title, maxsplit=1)[0]


def _task_count(context: _Context) -> Answer | None:
    if not re.search("(多少|几)项.{0,4}任务|任务.{0,4}(多少|几)项", context.question):
        return None
    writer = _Writer()
    for plan in context.chosen:
        sections = context.sections(plan)
        chapter = next((s for s in sections if s.kind == "chapter" and re.search("主要任务|重点任务", s.title)), None)
        if chapter is None:  # no chapter of tasks: the numbered tasks of every chapter that has them
            counted = [(c, _tasks_in(c, sections)) for c in sections if c.kind == "chapter"]
            counted = [(c, items) for c, items in counted if items]
            if counted:
                per_chapter = "、".join(f"{c.label}{c.title}{len(items)}项" for c, items in counted)
                total = sum(len(items) for _, items in counted)
                writer.say(f"《{plan.title}》共{total}项任务（{per_chapter}）", *(_section_citation(plan, c) for c, _ in counted))
            continue
        items = _tasks_in(chapter, sections)
        if items:
            span = f"（{items[0].label}{items[0].title}至{items[-1].label}{items[-1].title}）"
            writer.say(f"《{plan.title}》{chapter.label}{chapter.title}共{len(items)}项任务{span}", _section_citation(plan, chapter))
    return writer.answer(context.question, AnswerKind.outline) if writer.parts else None


def _tasks_in(chapter: Section, sections: Sequence[Section]) -> list[Section]:
    """A chapter's numbered tasks, not their sub-items."""
    inside = [s for s in sections if s.kind == "item" and chapter.start_line <= s.start_line <= chapter.end_line]
    return [s for s in inside if s.level == min(x.level for x in inside)]


def _section_items(context: _Context) -> Answer | None:
    """A section the question names (in quotes, or by its title) and the items under it."""
    quoted = [normalise(q) for q in re.findall("“([^”]{2,30})”", context.question)]
    question = normalise(context.question)
    best: tuple[int, PlanInfo, Section] | None = None
    for plan in context.chosen:
        for section in context.sections(plan):
            if section.kind in ("table", "preface"):
                continue
            title = normalise(section.title)
            hit = next((len(q) + 100 for q in quoted if q and q in title), 0) or (
                len(title) if len(title) >= 4 and title in question else 0
            )
            if hit and (best is None or hit > best[0]):
                best = (hit, plan, section)
    if best is None:
        return None
    _, plan, section = best
    items = _children(section, context.sections(plan))
    return _list_answer(context, plan, section, items) if items else None


# --- passages and "not mentioned" ---------------------------------------------------------------


def _search_scope(context: _Context, query: str, limit: int) -> list[Hit]:
    chosen = context.chosen
    if len(chosen) == 1:
        return search(context.db, query, plan=chosen[0].key, limit=limit)
    keys = {p.key for p in chosen}
    levels = {p.level for p in chosen}
    level = next(iter(levels)) if len(levels) == 1 and len(chosen) < len(context.plans) else None
    return [h for h in search(context.db, query, level=level, limit=limit * 3) if h.plan_key in keys][:limit]


def _mentions(context: _Context, term: str) -> list[Hit]:
    """Paragraphs that state ``term``: as written for a short term (a compound such as 量子计算
    is not 量子 … 计算), else all its words in one paragraph."""
    wanted = normalise(term)
    hits = _search_scope(context, term, PASSAGES * 4)
    if len(wanted) <= 6:
        return [h for h in hits if wanted in normalise(h.text)]
    return [h for h in hits if h.matched_all]


def _passage_answer(context: _Context, hits: list[Hit], lead: str) -> Answer:
    writer = _Writer()
    for h in hits[:PASSAGES]:
        citation = Citation(
            h.plan_key,
            h.plan_title,
            f"{h.section_path or ''} {h.section_title}".strip(),
            tuple(range(h.start_line, h.end_line + 1)),
            h.text[:200],
        )
        writer.say(h.snippet_text, citation)
    return writer.answer(context.question, AnswerKind.passages, lead=lead)


def _passages(context: _Context) -> Answer:
    subject = topic(context.question, region_words(context.plans))
    if not subject:
        return Answer(context.question, "未在规划中找到相关内容。", AnswerKind.none)
    mentions = _mentions(context, subject)
    if not mentions:
        where = "、".join(_name(p) for p in context.chosen) if len(context.chosen) < len(context.plans) else ""
        return Answer(context.question, f"{where}规划未提及“{subject}”。", AnswerKind.not_mentioned)
    hits = _search_scope(context, context.question, PASSAGES * 4)
    ordered = [h for h in hits if h in mentions] + [h for h in mentions if h not in hits] + [h for h in hits if h not in mentions]
    return _passage_answer(context, ordered, "以下原文段落可能相关：")


_ANSWERERS: dict[Intent, Callable[[_Context], Answer | None]] = {
    Intent.why: _why,
    Intent.gap: _gap,
    Intent.compare: _compare,
    Intent.rank: _rank,
    Intent.task_status: _task_status,
    Intent.indicator_status: _indicator_status,
    Intent.value: _value,
    Intent.outline: _outline,
    Intent.target: _targets,
}


def _rephrase(answer: Answer, settings: Settings | None = None) -> Answer:
    """Ask the configured LLM to restate the facts; keep its text only if every citation survives."""
    from planwatch.settings import default_settings

    settings = settings or default_settings()
    url = settings.llm_url
    if not url:
        return answer
    facts = "\n".join(f"[{n}] {c}：{c.text}" for n, c in enumerate(answer.citations, start=1))
    messages = [
        {"role": "system", "content": "你是规划监测助手。只能依据给出的事实用中文简洁作答，不得添加事实，必须保留每个引用编号，如[1]。"},
        {"role": "user", "content": f"问题：{answer.question}\n事实：{answer.text}\n出处：\n{facts}"},
    ]
    body = json.dumps({"model": settings.llm_model, "messages": messages, "temperature": 0}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    request = urllib.request.Request(url.rstrip("/") + "/chat/completions", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = json.loads(response.read())["choices"][0]["message"]["content"].strip()
    except (OSError, ValueError, KeyError, IndexError):
        return answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    if cited != set(range(1, len(answer.citations) + 1)):
        return answer
    return Answer(answer.question, text, answer.kind, answer.citations, rephrased=True)
