"""Find every indicator target a plan sets, in its tables and its 发展目标 prose.

Table rows and prose sentences that state the same target are merged into one target whose
evidence lists every line. 十三五 completion tables become historical results, their target column targets of 2020.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.extract.catalog import Indicator, best_similarity, load_catalog, map_indicator, meaning_form, name_similarity
from planwatch.extract.language import (
    RESULTS_TITLE_RE,
    Candidate,
    ClauseModel,
    DocumentContext,
    SectionHint,
    TargetReader,
    headline_lines,
    listed_before,
    merge_restatements,
    same_amount,
    schedule_years,
    sets_goals_in_bulletin,
)
from planwatch.extract.numbers import QUANTITY_RE, Quantity, quantity_from_match
from planwatch.extract.table_targets import by_indicator, column_roles, historical_rows, table_targets
from planwatch.ingest.metadata import dateline_month, document_kind
from planwatch.ingest.normalise import to_simplified
from planwatch.models import HistoricalResult, Paragraph, ParsedPlan, Section, Target, TargetScope

# Sections whose title says they set goals: 发展目标, 主要指标, 2025年经济社会发展总体要求, 2024年主要工作安排…
_GOAL_TITLE_RE = re.compile(r"目标|主要指标|总体要求|预期|工作安排|工作任务|重点工作|工作要点|工作计划")


def _goal_title(title: str) -> bool:
    """发展目标 / 2024年主要工作安排 set goals; 主要经济发展目标完成情况 reviews the results against them."""
    return bool(_GOAL_TITLE_RE.search(title)) and not RESULTS_TITLE_RE.search(title)


_TITLE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_CLAUSE_SPLIT_RE = re.compile(r"[。；;，,]")
_COUNT_UNITS = frozenset({"家", "个", "所", "座"})
BAND = 0.05  # 左右: ±5 % of the target (DESIGN.md, progress rules)


def extract_targets(
    plan: ParsedPlan,
    catalog: dict[str, Indicator] | None = None,
    context: DocumentContext | None = None,
    model: ClauseModel | None = None,
) -> tuple[list[Target], list[HistoricalResult], list[str]]:
    """Targets (merged across tables and prose), historical rows and warnings for one plan
    (``model`` weighs the prose evidence; the reader's default when None)."""
    catalog = catalog if catalog is not None else load_catalog()
    context = context or document_context(plan)
    from_tables: list[Target] = []
    historical: list[HistoricalResult] = []
    for written in plan.tables:
        table = by_indicator(written)  # a row per year, a column per indicator: read by column
        roles = column_roles(table.header, context, table.title)
        section = _section_at(plan.sections, table.start_line)
        if roles.historical:
            historical.extend(historical_rows(table, roles))
            from_tables.extend(table_targets(table, roles.restated(), section.path if section else None))
        if roles.target is not None or (roles.growth is not None and not roles.historical):
            # “十四五”目标值 / 完成值 beside “十五五”目标值: this plan's targets as well as the restated ones
            for year_roles in roles.by_year():  # one target column, or each year's of a year-by-year table
                from_tables.extend(table_targets(table, year_roles, section.path if section else None))
    spans = _SectionSpans.of(plan.sections, context)
    prose = _prose_targets(plan, spans, TargetReader(context, model))
    targets, warnings = _merge(from_tables, prose)
    targets = [_with_key(t, catalog) for t in targets]
    baseline_paragraphs = _baseline_paragraphs(plan, spans)
    cutoff = plan.meta.period_start or context.reference_year  # years before it are the past
    targets = [_with_prose_baseline(t, baseline_paragraphs, cutoff, catalog) for t in targets]
    warnings.extend(_consistency_warnings(targets))
    # Targets an earlier plan's table restates (a completion table's 十三五 targets) come last: the plan's targets keep the
    # numbers its pages and commands use.
    targets.sort(key=lambda t: t.scope != TargetScope.PLAN and t.source != "prose")
    return targets, historical, warnings


# --- prose --------------------------------------------------------------------------------


def _goal_sections(sections: Sequence[Section]) -> list[Section]:
    return [s for s in sections if s.kind in ("chapter", "section", "subsection") and _goal_title(to_simplified(s.title))]


def _title_year(title: str) -> int | None:
    match = _TITLE_YEAR_RE.search(title)
    return int(match.group(1)) if match else None


def _section_at(sections: Sequence[Section], line: int) -> Section | None:
    holders = [s for s in sections if s.kind not in ("table", "goal", "project") and s.start_line <= line <= s.end_line]
    return max(holders, key=lambda s: s.level) if holders else None


def _within(spans: Sequence[tuple[int, int]], line: int) -> bool:
    return any(a <= line <= b for a, b in spans)


@dataclass(frozen=True)
class _SectionSpans:
    """The line spans of the sections that set goals and of those that review the past, found once per plan."""

    goals: tuple[tuple[int, int], ...]
    reviews: tuple[tuple[int, int], ...]
    goal_years: tuple[int | None, ...]  # the year a goals title names (三、2024年主要工作安排), one per span

    @classmethod
    def of(cls, sections: Sequence[Section], context: DocumentContext) -> _SectionSpans:
        bulletin = document_kind(to_simplified(context.title)) == "bulletin"
        goal_sections = [s for s in _goal_sections(sections) if not bulletin or sets_goals_in_bulletin(s.title)]
        return cls(
            goals=tuple((s.start_line, s.end_line) for s in goal_sections),
            goal_years=tuple(_title_year(s.title) for s in goal_sections),
            reviews=tuple((s.start_line, s.end_line) for s in sections if _REVIEW_TITLE_RE.search(to_simplified(s.title))),
        )


def prose_candidates(plan: ParsedPlan, context: DocumentContext | None = None, model: ClauseModel | None = None) -> list[Candidate]:
    """Every quantity of the plan's prose that the reader's model decides, with its evidence (scripts/train_targets.py)."""
    reader = TargetReader(context or document_context(plan), model)
    reader.candidates = []
    _prose_targets(plan, _SectionSpans.of(plan.sections, reader.context), reader)
    return reader.candidates


_NO_HINT = SectionHint()  # a paragraph outside every section (frozen: one serves all, not one built per paragraph)


def _prose_targets(plan: ParsedPlan, spans: _SectionSpans, reader: TargetReader) -> list[Target]:
    """Every paragraph is read; a goals section (or a review of the past period) is evidence, not a gate."""
    hints = _hints_by_line(plan, spans, {paragraph.start_line for paragraph in plan.paragraphs})
    found: list[Target] = []
    columns = schedule_years([paragraph.text for paragraph in plan.paragraphs])  # a task list's year columns
    tasks = {task for _, _, task in columns.values()}
    restating: list[Target] = []  # the task cells' totals: a task list restates what the text sets, in other words
    for index, paragraph in enumerate(plan.paragraphs):
        hint = hints.get(paragraph.start_line, _NO_HINT)
        column = columns.get(index)
        if column is None:
            (restating if index in tasks else found).extend(reader.read(paragraph, hint))
        else:
            year, planned, task = column
            found.extend(reader.read_in_column(paragraph, year, plan.paragraphs[task].text, hint, planned=planned))
    found.extend(t for t in restating if not any(same_amount(t, other) for other in found))
    return merge_restatements(found, headline_lines(plan.paragraphs, {line for target in found for line in target.lines}))


def _hints_by_line(plan: ParsedPlan, spans: _SectionSpans, lines: set[int]) -> dict[int, SectionHint]:
    """For each of ``lines`` (where paragraphs start): the innermost section holding it, and whether it
    sets goals or reviews the past. Built once per plan (a plan has thousands of paragraphs)."""
    ordered = sorted(lines)

    def held(first: int, last: int) -> list[int]:
        """The lines of ``lines`` from ``first`` to ``last``: only those are looked up, not every line of a span."""
        return ordered[bisect_left(ordered, first) : bisect_right(ordered, last)]

    innermost: dict[int, Section] = {}
    for section in sorted((s for s in plan.sections if s.kind not in ("table", "goal", "project")), key=lambda s: s.level):
        for line in held(section.start_line, section.end_line):
            innermost[line] = section
    goals: dict[int, int | None] = {}
    for (a, b), year in zip(spans.goals, spans.goal_years, strict=True):
        for line in held(a, b):
            goals[line] = year if goals.get(line) is None else goals[line]
    reviews = {line for a, b in spans.reviews for line in held(a, b)}
    made: dict[tuple[str | None, bool, bool, int | None], SectionHint] = {}  # one hint per section and evidence, shared

    def hint(path: str | None, line: int) -> SectionHint:
        key = (path, line in goals, line in reviews, goals.get(line))
        found = made.get(key)
        if found is None:
            found = made[key] = SectionHint(path=key[0], goals=key[1], review=key[2], year=key[3])
        return found

    return {line: hint(section.path, line) for line, section in innermost.items()} | {
        line: hint(None, line) for line in (goals.keys() | reviews) - innermost.keys()
    }


def document_context(plan: ParsedPlan) -> DocumentContext:
    """The document's own year (its date line, else the first year of its period), its dateline's month and period."""
    meta = plan.meta
    return DocumentContext(
        reference_year=meta.published or meta.period_start,
        reference_month=dateline_month(plan.paragraphs),
        period_start=meta.period_start,
        period_end=meta.period_end,
        title=meta.title,
    )


# --- merging and checks -------------------------------------------------------------------


def _same_value(a: Target, b: Target) -> bool:
    if a.placeholder or b.placeholder:
        return a.placeholder and b.placeholder
    return a.value is not None and b.value is not None and abs(a.value - b.value) < 1e-9 and a.value_high == b.value_high


def _same_year(a: Target, b: Target) -> bool:
    """Both for one year, or one undated: 至2027年…421公里 beside the table's 2030 row of 421 is a second target."""
    return a.target_year is None or b.target_year is None or a.target_year == b.target_year


def _units_compatible(a: str, b: str) -> bool:
    return a == b or (a in _COUNT_UNITS and b in _COUNT_UNITS)


def _restates(earlier: Target, later: Target) -> bool:
    """The same value said twice: the same name, or one name holding the other (a headline's
    提出中国人均预期寿命 and the body's 人均预期寿命), for the same year or one of them undated."""
    if not (_same_value(earlier, later) and earlier.unit == later.unit):
        return False
    if not (earlier.target_year == later.target_year or earlier.target_year is None or later.target_year is None):
        return False  # 巩固率2015年99%、2020年99%: the same level held for two years is two targets
    if listed_before(earlier) not in (None, listed_before(later)):
        return False  # 浦东、静安、黄浦等3个集聚区 and 浦东、徐汇、青浦等3个集聚区: two shares, whatever their names
    if earlier.indicator == later.indicator:
        return True
    contains = earlier.indicator.endswith(later.indicator) or later.indicator.endswith(earlier.indicator)
    return contains and min(len(earlier.indicator), len(later.indicator)) >= 4


_TOTAL_ROW_RE = re.compile(r"总计|合计|全区合计|全市合计|全县合计|全区|全市|全县")


def _merge(table_targets: list[Target], prose: list[Target]) -> tuple[list[Target], list[str]]:
    """One target per indicator: prose restating a table row adds its lines (and its qualifier)."""
    merged = list(table_targets)
    warnings: list[str] = []
    for target in prose:
        candidates = [
            (name_similarity(t.indicator, target.indicator), i)
            for i, t in enumerate(merged)
            if t.source != "prose" and _same_value(t, target) and _units_compatible(t.unit, target.unit) and _same_year(t, target)
        ]
        # a table's total row (总计 | … | 700) and the text's whole-area amount of the same value and year: one target
        close = [c for c in candidates if c[0] >= 0.3 or (merged[c[1]].source == "table" and _TOTAL_ROW_RE.fullmatch(merged[c[1]].indicator))]
        # 新建保障性租赁住房 and 建设筹措保障性租赁住房 of the same value, unit and year: the one row not yet restated
        loose = [c for c in candidates if c[0] > 0 and merged[c[1]].source == "table"]
        candidates = close or (loose if len(loose) == 1 else [])
        if not candidates:
            repeated = next((i for i, t in enumerate(merged) if _restates(t, target)), None)
            if repeated is None:
                merged.append(target)
            elif merged[repeated].target_year is None and target.target_year is not None:
                merged[repeated] = target  # a headline without its year, then the sentence that gives it
            continue
        _, index = max(candidates)
        existing = merged[index]
        if existing.unit != target.unit:
            warnings.append(f"单位不一致：{existing.indicator} 表格为{existing.unit}，正文第{target.evidence[0].line}行为{target.unit}")
        merged[index] = replace(
            existing,
            evidence=existing.evidence + tuple(e for e in target.evidence if e.line not in existing.lines),
            qualifier=existing.qualifier or target.qualifier,
            kind=existing.kind if existing.kind != "level" else target.kind,
            source="both" if existing.source == "table" else existing.source,
        )
    return merged, warnings


def _with_key(target: Target, catalog: dict[str, Indicator]) -> Target:
    key, _score = map_indicator(target.indicator, target.unit, catalog)
    direction = catalog[key].direction if key else "increase"
    return replace(target, indicator_key=key, direction=direction)


_BASELINE_YEAR_RE = re.compile(r"(20[12]\d)\s*年")
# Sections reviewing the previous plan period: their figures are end-of-period baselines.
_REVIEW_TITLE_RE = re.compile(rf"发展基础|发展现状|基础与|回顾|主要成就|发展成效|取得成效|{RESULTS_TITLE_RE.pattern}")


# 2020年，X达到9431.79亿元，占工业总产值比重达到83.5%: the share's subject is the clause before.
_ELIDED_SUBJECT_OPENINGS = ("占", "其中占")
_SUBJECT_RE = re.compile(r"^(?P<subject>[^\d]{2,30}?)(?:达到|达|为|突破|超过|提高到|提升至|增加到|增长到|实现|完成|累计|总量)")
_NOT_SUBJECT_RE = re.compile(r"^(?:较|比|同比|其中|年均|分别|共|累计)")
_DIGIT_RE = re.compile(r"\d")
_SENTENCE_SPLIT_RE = re.compile(r"[。！？!?]")
_LEADING_YEAR_RE = re.compile(r"^(?:截至|截止|到)?(?:19|20)\d\d年")
_SIMILAR_NAME = 0.8  # Dice over bigrams: 占工业总产值比重 and 占工业产值比重 name one share


@dataclass(frozen=True)
class _BaselineClause:
    text: str  # spaces removed, one spelling per meaning, elided subject restored
    subject: str  # what the clause states a value of
    years: tuple[int, ...]  # the years it names
    opening_year: int | None  # the year its paragraph opened with (2019年，…。…占GDP比重为3.5%)
    paragraph: Paragraph
    in_review: bool  # the paragraph reviews the previous plan period


def _clause_subject(compact: str) -> str:
    match = _SUBJECT_RE.match(compact)
    if not match or _NOT_SUBJECT_RE.match(match.group("subject")):
        return ""
    return match.group("subject")


def _latest_subject(clauses: Sequence[str], earlier: str) -> str:
    """The subject of the last of ``clauses`` that names one, else ``earlier``."""
    return next((subject for clause in reversed(clauses) if (subject := _clause_subject(clause))), earlier)


# 对全球经济增长贡献率 / 研发投入占GDP比重: the name followed by these measures something else
_OTHER_MEASURE_RE = re.compile(r"的?(?:贡献|弹性|比重|占比|占)")


class _BaselineClauses:
    """The baseline clauses of a plan, and their texts joined into one string, so that the clauses
    naming an indicator are found by one ``str.find`` per name rather than one test per clause."""

    def __init__(self, clauses: Sequence[_BaselineClause]) -> None:
        self.clauses = clauses
        self.starts: list[int] = []
        offset = 0
        for clause in clauses:
            self.starts.append(offset)
            offset += len(clause.text) + 1
        self.joined = "\n".join(c.text for c in clauses)

    def naming(self, names: Sequence[str]) -> set[int]:
        """The indices of the clauses whose text holds one of ``names`` (an occurrence that runs over
        the end of a clause, or that another measure follows, belongs to none)."""
        found: set[int] = set()
        for name in names:
            at = self.joined.find(name)
            while at >= 0:
                index = bisect_right(self.starts, at) - 1
                end = at + len(name)
                if end <= self.starts[index] + len(self.clauses[index].text) and not _OTHER_MEASURE_RE.match(self.joined, end):
                    found.add(index)
                    at = self.joined.find(name, self.starts[index + 1]) if index + 1 < len(self.starts) else -1
                else:
                    at = self.joined.find(name, at + 1)
        return found


def _baseline_paragraphs(plan: ParsedPlan, spans: _SectionSpans) -> _BaselineClauses:
    """Clauses with a number in the paragraphs outside the goals. Built once per plan."""
    found: list[_BaselineClause] = []
    for paragraph in plan.paragraphs:
        if _within(spans.goals, paragraph.start_line) or not _DIGIT_RE.search(paragraph.text):
            continue
        in_review = _within(spans.reviews, paragraph.start_line)
        year = None  # 2019年，… opens a paragraph about that year
        for sentence in _SENTENCE_SPLIT_RE.split(paragraph.text):
            if not _DIGIT_RE.search(sentence):
                continue  # no clause of it holds a number, and a subject it names is not carried past it
            subject = ""
            unread: list[str] = []  # clauses since ``subject`` was last needed: read only when a later one elides it
            for clause in _CLAUSE_SPLIT_RE.split(sentence):
                compact = clause.replace(" ", "")
                if compact.startswith(_ELIDED_SUBJECT_OPENINGS):
                    subject, unread = _latest_subject(unread, subject), []
                    if subject:
                        compact = subject + compact
                unread.append(compact)
                if not _DIGIT_RE.search(compact):
                    continue
                years = [int(y) for y in _BASELINE_YEAR_RE.findall(compact)]
                compact = meaning_form(compact)  # only clauses with a number can state a baseline
                found.append(_BaselineClause(compact, _clause_subject(compact), tuple(years), year, paragraph, in_review))
                year = years[0] if years and _LEADING_YEAR_RE.match(compact) else year
    return _BaselineClauses(found)


def _with_prose_baseline(
    target: Target, clauses: _BaselineClauses, period_start: int | None, catalog: dict[str, Indicator]
) -> Target:
    """Baseline from a sentence outside the goals that states the same indicator for an earlier year."""
    if target.baseline_value is not None or target.value is None or period_start is None:
        return target
    if target.target_year is not None and target.target_year < period_start:
        return target  # a previous plan's target restated: the review's figures are its results, no baseline
    if target.indicator_key is None and target.kind != "level":
        return target
    known = catalog[target.indicator_key].names if target.indicator_key else ()
    names = [m for n in (*known, target.indicator) if len(m := meaning_form(n)) >= 4]
    if not names:
        return target
    naming = clauses.naming(names)
    for index, clause in enumerate(clauses.clauses):
        named = index in naming or (clause.subject and best_similarity(clause.subject, names) >= _SIMILAR_NAME)
        if not named:
            continue
        found = _baseline_in_clause(clause, target.unit, period_start)
        if found:
            return replace(target, baseline_value=found[0], baseline_year=found[1])
    return target


def _baseline_in_clause(clause: _BaselineClause, unit: str, period_start: int) -> tuple[float, int] | None:
    """The value a clause states for a year before the plan (or in the review of the last plan)."""
    own = [y for y in clause.years if y < period_start]
    year: int | None = max(own, default=None)
    if year is None and clause.opening_year is not None and clause.opening_year < period_start:
        year = clause.opening_year
    context = clause.paragraph.text
    if year is None and (clause.in_review or any(w in clause.text or w in context[:40] for w in ("十三五", "截至"))):
        year = period_start - 1
    if year is None:
        return None
    text = clause.text
    quantities: list[Quantity] = []
    for match in QUANTITY_RE.finditer(text):
        if match.group("num") and match.group("unit") and text[match.end() : match.end() + 1] not in ("年", "月"):
            quantity = quantity_from_match(match)
            if quantity.unit == unit and quantity.value is not None:
                quantities.append(quantity)
    if not quantities:
        return None
    # 由2015年的3.13%提高到2020年的7.9%: the value of the latest year is the last one.
    value = quantities[-1].value
    assert value is not None
    return value, year


def _consistency_warnings(targets: Sequence[Target]) -> list[str]:
    warnings: list[str] = []
    for t in targets:
        where = f"第{t.evidence[0].line}行" if t.evidence else ""
        if t.placeholder:
            warnings.append(f"占位目标：{t.indicator}（{where}）目标值写作{t.raw or 'XX'}，未给出具体数值")
        if (
            t.value is not None
            and t.baseline_value is not None
            and t.direction == "increase"
            and t.kind == "level"
            and t.value < t.baseline_value
            and not (t.qualifier == "左右" and t.baseline_value <= t.value * (1 + BAND))
        ):
            warnings.append(
                f"目标低于基期值：{t.indicator} 目标{t.value:g}{t.unit}（{t.target_year}年）低于{t.baseline_year}年基期值{t.baseline_value:g}{t.unit}（{where}）"
            )
    return warnings
