"""Find every indicator target a plan sets, in its tables and its 发展目标 prose.

Table rows and prose sentences that state the same target are merged into one target whose
evidence lists every line. 十三五 completion tables become historical results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from planwatch.extract.catalog import Indicator, load_catalog, map_indicator, name_similarity
from planwatch.extract.language import DocumentContext, SectionHint, TargetReader, merge_restatements
from planwatch.extract.numbers import QUANTITY_RE, Quantity, normalise_unit, parse_quantity, quantity_from_match
from planwatch.models import Evidence, HistoricalResult, Paragraph, ParsedPlan, Section, Table, Target

_GOAL_TITLE_RE = re.compile(r"目标")
_CLAUSE_SPLIT_RE = re.compile(r"[。；;，,]")
_INCREMENT_RE = re.compile(r"^(新增|新建|新引进|引进|新培育|培育引进)")
_CUMULATIVE_RE = re.compile(r"^(累计|组织实施|实施|完成)")
_UNIT_IN_NAME_RE = re.compile(r"[（(]\s*(%|[\u4e00-\u9fff•·/]{1,4})\s*[)）]\s*$")
_COUNT_UNITS = frozenset({"家", "个", "所", "座"})
_NAME_UNITS = frozenset({"%", "家", "个", "件", "项", "人", "亿元", "人年"})
BAND = 0.05  # 左右: ±5 % of the target (DESIGN.md, progress rules)
_EMPTY_CELLS = frozenset({"", "-", "—", "--", "/", "无"})


def extract_targets(
    plan: ParsedPlan, catalog: dict[str, Indicator] | None = None, context: DocumentContext | None = None
) -> tuple[list[Target], list[HistoricalResult], list[str]]:
    """Targets (merged across tables and prose), historical rows and warnings for one plan."""
    catalog = catalog if catalog is not None else load_catalog()
    table_targets: list[Target] = []
    historical: list[HistoricalResult] = []
    for table in plan.tables:
        roles = _column_roles(table.header, plan.meta.period_start)
        if roles.get("historical") is not None:
            historical.extend(_historical_rows(table, roles))
        elif "name" in roles and "target" in roles:
            table_targets.extend(_table_targets(table, roles, plan.sections))
    prose = _prose_targets(plan, context or document_context(plan))
    targets, warnings = _merge(table_targets, prose)
    targets = [_with_key(t, catalog) for t in targets]
    baseline_paragraphs = _baseline_paragraphs(plan)
    targets = [_with_prose_baseline(t, baseline_paragraphs, plan.meta.period_start, catalog) for t in targets]
    warnings.extend(_consistency_warnings(targets))
    return targets, historical, warnings


# --- tables -------------------------------------------------------------------------------


def _column_roles(header: Sequence[str], period_start: int | None) -> dict[str, int | None]:
    roles: dict[str, int | None] = {}
    for index, cell in enumerate(header):
        year = re.search(r"(20\d\d)", cell)
        if "name" not in roles and re.search(r"指标|项目名称", cell) and "属性" not in cell:
            roles["name"] = index
        elif cell == "单位":
            roles["unit"] = index
        elif "属性" in cell:
            roles["attribute"] = index
        elif "十三五" in cell and "目标" in cell:
            roles["historical"], roles["hist_target"] = index, index
        elif "十三五" in cell and "完成" in cell:
            roles["hist_actual"] = index
        elif year and period_start and int(year.group(1)) < period_start and "目标" in cell and "完成" not in cell:
            roles["historical"], roles["hist_target"], roles["hist_target_year"] = index, index, int(year.group(1))
        elif year and "完成" in cell and "historical" in roles:
            roles["hist_actual"], roles["hist_actual_year"] = index, int(year.group(1))
        elif year and "完成" in cell:
            roles["baseline"], roles["baseline_year"] = index, int(year.group(1))
        elif (year and (not period_start or int(year.group(1)) >= period_start)) or cell in ("目标值", "目标"):
            roles["target"], roles["target_year"] = index, int(year.group(1)) if year else None
        elif cell == "完成情况":
            roles["status"] = index
    if "name" not in roles and header:
        roles.pop("target", None)
    return roles


def _split_unit(name: str) -> tuple[str, str | None]:
    """指标（%） → (指标, %): a unit written inside the indicator name."""
    match = _UNIT_IN_NAME_RE.search(name)
    if match and normalise_unit(match.group(1), None)[0] in _NAME_UNITS:
        return name[: match.start()].strip(), match.group(1)
    return name, None


def _table_targets(table: Table, roles: dict[str, int | None], sections: Sequence[Section]) -> Iterable[Target]:
    name_col, target_col = roles["name"], roles["target"]
    assert name_col is not None and target_col is not None
    section = _section_at(sections, table.start_line)
    for row in table.rows:
        name, unit_in_name = _split_unit(row.cells[name_col])
        cell = row.cells[target_col]
        unit_col = roles.get("unit")
        unit_written = (row.cells[unit_col] if unit_col is not None else "") or unit_in_name or ""
        if not name or cell in _EMPTY_CELLS:
            continue
        quantity = parse_quantity(cell)
        if quantity is None:
            continue
        if quantity.raw.strip() != cell.strip() and not quantity.placeholder and not re.fullmatch(r"[>≥＞]?\s*[\d.]+\s*%?", cell):
            continue  # a cell such as 大幅增长 is not a number
        unit, value = normalise_unit(quantity.unit or unit_written, quantity.value)
        baseline, baseline_year = None, None
        if roles.get("baseline") is not None:
            base_cell = row.cells[roles["baseline"]]  # type: ignore[index]
            base = parse_quantity(base_cell) if base_cell not in _EMPTY_CELLS else None
            if base is not None and base.value is not None:
                baseline, baseline_year = normalise_unit(base.unit or unit_written, base.value)[1], roles.get("baseline_year")
        attribute = row.cells[roles["attribute"]] if roles.get("attribute") is not None else None  # type: ignore[index]
        yield Target(
            indicator=name,
            value=value,
            unit=unit,
            target_year=roles.get("target_year"),
            kind=_kind(name, unit),
            qualifier=quantity.qualifier,
            value_high=quantity.value_high,
            attribute=attribute or None,
            baseline_value=baseline,
            baseline_year=baseline_year,
            placeholder=quantity.placeholder,
            source="table",
            section_path=section.path if section else None,
            raw=cell,
            evidence=tuple(Evidence(line=line, text=" | ".join(row.cells), source="table") for line in row.lines[:1]),
        )


def _historical_rows(table: Table, roles: dict[str, int | None]) -> Iterable[HistoricalResult]:
    name_col = roles.get("name")
    if name_col is None:
        return
    for row in table.rows:
        name, unit_in_name = _split_unit(row.cells[name_col])
        unit = row.cells[roles["unit"]] if roles.get("unit") is not None else unit_in_name  # type: ignore[index]
        group = row.cells[0] if name_col > 0 and not row.cells[0].isdigit() else None
        yield HistoricalResult(
            indicator=name,
            unit=unit or None,
            target_raw=row.cells[roles["hist_target"]] if roles.get("hist_target") is not None else "",  # type: ignore[index]
            actual_raw=row.cells[roles["hist_actual"]] if roles.get("hist_actual") is not None else "",  # type: ignore[index]
            target_year=roles.get("hist_target_year") or 2020,
            actual_year=roles.get("hist_actual_year") or 2020,
            status=row.cells[roles["status"]] if roles.get("status") is not None else None,  # type: ignore[index]
            line=row.lines[0],
            group=group,
        )


# --- prose --------------------------------------------------------------------------------


def _goal_sections(sections: Sequence[Section]) -> list[Section]:
    return [s for s in sections if s.kind in ("chapter", "section", "subsection") and _GOAL_TITLE_RE.search(s.title)]


def _section_at(sections: Sequence[Section], line: int) -> Section | None:
    holders = [s for s in sections if s.kind not in ("table", "goal", "project") and s.start_line <= line <= s.end_line]
    return max(holders, key=lambda s: s.level) if holders else None


def _within(spans: Sequence[tuple[int, int]], line: int) -> bool:
    return any(a <= line <= b for a, b in spans)


def _goal_spans(sections: Sequence[Section]) -> list[tuple[int, int]]:
    return [(s.start_line, s.end_line) for s in _goal_sections(sections)]


def _review_spans(sections: Sequence[Section]) -> list[tuple[int, int]]:
    return [(s.start_line, s.end_line) for s in sections if _REVIEW_TITLE_RE.search(s.title)]


def _prose_targets(plan: ParsedPlan, context: DocumentContext) -> list[Target]:
    """Every paragraph is read; a goals section (or a review of the past period) is evidence, not a gate."""
    reader = TargetReader(context)
    goals = _goal_spans(plan.sections)
    reviews = _review_spans(plan.sections)
    found: list[Target] = []
    for paragraph in plan.paragraphs:
        section = _section_at(plan.sections, paragraph.start_line)
        hint = SectionHint(
            path=section.path if section else None,
            goals=_within(goals, paragraph.start_line),
            review=_within(reviews, paragraph.start_line),
        )
        found.extend(reader.read(paragraph, hint))
    return merge_restatements(found)


def document_context(plan: ParsedPlan) -> DocumentContext:
    """The document's own year (its date line, else the first year of its period) and period."""
    meta = plan.meta
    return DocumentContext(
        reference_year=meta.published or meta.period_start, period_start=meta.period_start, period_end=meta.period_end
    )


def _kind(name: str, unit: str, lead: str = "") -> str:
    if _INCREMENT_RE.match(name):
        return "increment"
    if unit == "%" and ("年均" in name or "年均" in lead) and re.search(r"增长|增速", name + lead):
        return "annual_growth"
    if _CUMULATIVE_RE.match(name):
        return "cumulative"
    return "level"


# --- merging and checks -------------------------------------------------------------------


def _same_value(a: Target, b: Target) -> bool:
    if a.placeholder or b.placeholder:
        return a.placeholder and b.placeholder
    return a.value is not None and b.value is not None and abs(a.value - b.value) < 1e-9 and a.value_high == b.value_high


def _units_compatible(a: str, b: str) -> bool:
    return a == b or (a in _COUNT_UNITS and b in _COUNT_UNITS)


def _merge(table_targets: list[Target], prose: list[Target]) -> tuple[list[Target], list[str]]:
    """One target per indicator: prose restating a table row adds its lines (and its qualifier)."""
    merged = list(table_targets)
    warnings: list[str] = []
    for target in prose:
        candidates = [
            (name_similarity(t.indicator, target.indicator), i)
            for i, t in enumerate(merged)
            if t.source != "prose" and _same_value(t, target) and _units_compatible(t.unit, target.unit)
        ]
        candidates = [c for c in candidates if c[0] >= 0.3]
        if not candidates:
            if not any(t.indicator == target.indicator and _same_value(t, target) for t in merged):
                merged.append(target)
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
_REVIEW_TITLE_RE = re.compile(r"发展基础|发展现状|基础与|回顾|主要成就|发展成效|取得成效")


def _baseline_paragraphs(plan: ParsedPlan) -> list[tuple[str, Paragraph, bool]]:
    """Clauses (spaces removed) of the paragraphs outside the goals, each with its paragraph and
    whether it reviews the previous plan period. Built once per plan."""
    goals = _goal_spans(plan.sections)
    reviews = _review_spans(plan.sections)
    return [
        (clause.replace(" ", ""), p, _within(reviews, p.start_line))
        for p in plan.paragraphs
        if not _within(goals, p.start_line)
        for clause in _CLAUSE_SPLIT_RE.split(p.text)
        if clause
    ]


def _with_prose_baseline(
    target: Target, clauses: Sequence[tuple[str, Paragraph, bool]], period_start: int | None, catalog: dict[str, Indicator]
) -> Target:
    """Baseline from a sentence outside the goals that states the same indicator for an earlier year."""
    if target.baseline_value is not None or target.indicator_key is None or target.value is None or period_start is None:
        return target
    names = [n for n in (*catalog[target.indicator_key].names, target.indicator) if len(n) >= 4]
    for compact, paragraph, in_review in clauses:
        if not any(n in compact for n in names):
            continue
        found = _baseline_in_clause(compact, target.unit, period_start, paragraph.text, in_review)
        if found:
            return replace(target, baseline_value=found[0], baseline_year=found[1])
    return target


def _baseline_in_clause(clause: str, unit: str, period_start: int, context: str, in_review: bool) -> tuple[float, int] | None:
    """The value a clause states for a year before the plan (or in the review of the last plan)."""
    years = [int(y) for y in _BASELINE_YEAR_RE.findall(clause)]
    year = max((y for y in years if y < period_start), default=None)
    if year is None and (in_review or any(w in clause or w in context[:40] for w in ("十三五", "截至"))):
        year = period_start - 1
    if year is None:
        return None
    quantities: list[Quantity] = []
    for match in QUANTITY_RE.finditer(clause):
        if match.group("num") and match.group("unit") and clause[match.end() : match.end() + 1] not in ("年", "月"):
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
