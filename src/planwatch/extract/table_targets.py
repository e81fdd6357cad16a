"""Targets and previous-period results read from indicator tables, whatever their headers say.

Columns are given roles by meaning: the indicator (指标 / 指标名称 / 主要指标), its unit (单位), the
attribute (属性 / 指标属性), the target (2025年 / 目标值 / 规划值 / 预期值), its baseline (2020年 / 基期值 /
现状值 / 2019年完成 — each with the year its header gives, never relabelled), an annual-growth column
(年均增长 / 年均增速: a target of its own), and a previous plan's target and result (十三五目标 /
2020年目标 / 完成情况). Whether a year column is a target or a baseline is read against the plan's
period, else against the document's own year; a table of past years only (a yearbook) sets no target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from planwatch.extract.language import DocumentContext
from planwatch.extract.numbers import normalise_unit, parse_quantity, parse_unit
from planwatch.extract.textprep import without_glosses
from planwatch.ingest.metadata import fyp_period
from planwatch.ingest.normalise import to_simplified
from planwatch.ingest.tables import PLACE_LABELS_RE, SUB_ROW_RE, sub_row_name
from planwatch.models import Evidence, HistoricalResult, Table, TableRow, Target, TargetKind, TargetScope

_UNIT_IN_NAME_RE = re.compile(r"[（(]\s*(?:(%)\s*[)）]?|([\u4e00-\u9fff•·/]{1,4})\s*[)）])\s*$")  # 自给率(% : a bracket left open
# A tail of short ASCII tokens after a number or after a bracket (a unit); it is junk when a token mixes a
# letter with a digit or holds punctuation other than % . - (k9, x7 Q, b! F!) and is no unit (m3, km2).
_JUNK_TAIL_RE = re.compile(r"(?:(?<=[)）〕\]])|\s)(?P<tail>(?:[!-~]{1,3}(?:\s+|$))+)$")
_JUNK_TOKEN_RE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[!-$&-,/:-@\[-`{-~]")
_DECIMAL_STOP_RE = re.compile(r"(?<=\d)。(?=\d)")  # 76。7: a full stop typed for the decimal point
_NAME_NOTE_RE = re.compile(r"\s*(?:[（(]注\d*[)）]|\[\d+\])$")  # a note mark after the name's unit
_NAME_UNITS = frozenset({"%", "家", "个", "件", "项", "人", "亿元", "人年", "‰", "个百分点"})
_EMPTY_CELLS = frozenset({"", "-", "—", "--", "/", "无", "一"})  # 一: a dash typed as the digit one
_YEAR_RE = re.compile(r"((?:19|20)\d\d)")
# 115年目標值 / 民國115年 in a traditional header: a year of the Republic (100–129), 1911 before the Common Era's
_ROC_YEAR_RE = re.compile(r"(?<!\d)(?:民国)?(1[0-2]\d)\s*年")
# The first header cell of a table whose other columns are years (年份 | 2026年 | 2027年 …): the rows' names are below it.
_YEAR_LABELS_RE = re.compile(r"年份|年度|指标|项目|指标名称|内容|")
_SPAN_RE = re.compile(r"(?:19|20)\d\d\s*年?\s*[-—–~～至]\s*((?:19|20)\d\d)")  # 2024-2026年任务量: the whole span's
_TOTAL_HEADERS_RE = re.compile(r"(?:三年|五年)?(?:合计|总计|累计|小计)")
_GROUP_HEADERS = frozenset({"目标", "项目", "类别", "分类", "领域", "一级指标", "指标类别", "维度", "类型", "方面", "序号"})
_FYP_RE = re.compile(r"十([一二三四五六七八九])五")
_TARGET_WORDS_RE = re.compile(r"目标|规划值|预期值|规划|预期")
_ACTUAL_WORDS_RE = re.compile(r"完成|实际|现状|基期|基数|基准")
_SERIAL_PREFIX_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）]|[①-⑳])\s*(?=[^\d\s.%])")
_UNIT_ALTERNATIVE_RE = re.compile(r"^([\u4e00-\u9fff]{1,2})[（(][\u4e00-\u9fff]{1,2}[)）]$")  # 条（段）, 块（条）: counted in the first
_CANCELLED_RE = re.compile(r"取消|不再(考核|统计|纳入|设置)|已删除")
_COMPLETION_CAPTION_RE = re.compile(r"(完成|实现|执行|落实)情况")
_GROWTH_RE = re.compile(r"年均增长|年均增速|年均增幅")
_YEAR_TARGET_RE = re.compile(r"^(全年|年度)(目标|计划)")
_YEAR_RESULT_RE = re.compile(r"^(全年|年度)(完成|实际)")
_CHANGE_VERB_RE = re.compile(r"^(增长|提高|增加|下降|降低|减少)(?=[\d约>≥＞<≤])")
_TABLE_UNIT_RE = re.compile(r"单位[:：]\s*([^\s，。；、)）]{1,6})")  # 表1 主要指标（单位：亿元）: every row's unit
_NUMBER_CELL_RE = re.compile(r"[\[［(（]?\s*[>≥＞<≤]?\s*[\d.]+\s*%?\s*[\]］)）]?")


@dataclass
class ColumnRoles:
    """Which column holds what. ``None``: the table has no such column."""

    name: int | None = None
    unit: int | None = None
    attribute: int | None = None
    status: int | None = None
    target: int | None = None
    target_year: int | None = None
    growth: int | None = None
    growth_cumulative: bool = False  # 年均增速〔累计〕: a row in 亿吨 gives its five-year increment there, no rate
    baseline: int | None = None
    baseline_year: int | None = None
    hist_target: int | None = None
    hist_target_year: int | None = None
    hist_actual: int | None = None
    hist_actual_year: int | None = None
    restating: bool = False  # the target column is a previous plan's (a completion table's), read by restated()
    # A year-by-year table (年份 | 2026年 | 2027年 | …, a row per indicator): the target columns before the last one, with their years
    earlier_targets: tuple[tuple[int, int], ...] = ()
    # A table splitting quantities by place and year: a 0 is no task there, a year's cell is that year's share of the work
    # (an increment), a span's or total's column (``split_totals``) the whole (cumulative)
    split: bool = False
    split_totals: tuple[int, ...] = ()

    def by_year(self) -> list[ColumnRoles]:
        """One set of roles per target column: the last year's, then each earlier year's of a year-by-year table."""
        return [self, *(replace(self, target=index, target_year=year, earlier_targets=()) for year, index in self.earlier_targets)]

    @property
    def historical(self) -> bool:
        """A table of a previous plan's targets and results (十三五完成情况)."""
        return self.hist_target is not None

    def restated(self) -> ColumnRoles:
        """The roles that read a completion table's target column as targets of the previous period's end year
        (DEV-README rule 9: a restated target is a target; the previous plan's, so never rated here); its result
        column is a result, no target (historical_rows)."""
        return ColumnRoles(
            name=self.name, unit=self.unit, attribute=self.attribute, target=self.hist_target, target_year=self.hist_target_year, restating=True
        )


def _fyp_end(cell: str) -> int | None:
    match = _FYP_RE.search(cell)
    return fyp_period(f"十{match.group(1)}五")[1] if match else None


def _past_completion(title: str, context: DocumentContext) -> int | None:
    """The end year of an earlier period whose results the caption announces (某区“十四五”规划指标完成情况 in a
    十五五 plan): its 目标值 / 完成值 columns need no year of their own."""
    end = _fyp_end(title)
    if end is None or not _COMPLETION_CAPTION_RE.search(title):
        return None
    start = context.period_start or (context.reference_year + 1 if context.reference_year else None)
    return end if start is not None and end < start else None


def column_roles(header: Sequence[str], context: DocumentContext, title: str = "") -> ColumnRoles:
    """Roles of a table's columns, from the header cells, the table's caption and what the reader knows of the document."""
    roles = ColumnRoles()
    title_year = _YEAR_RE.search(title)
    past_caption = _past_completion(to_simplified(title), context)
    bare_years: list[tuple[int, int]] = []
    cue = False  # a header that speaks of targets or attributes: the table sets targets
    for index, raw in enumerate(header):
        # 指標 / 2020年基準值 of a traditional text, 單(dān)位 of a glossed mirror: the same columns
        cell = to_simplified(without_glosses(raw.replace(" ", "")))
        year_match = _YEAR_RE.search(cell)
        year = int(year_match.group(1)) if year_match else None
        if year is None and cell != raw.replace(" ", "") and (roc := _ROC_YEAR_RE.search(cell)):
            year = int(roc.group(1)) + 1911
        fyp_end = _fyp_end(cell)
        if cell == "目标" and roles.name is not None and roles.target is None:
            roles.target, roles.target_year, cue = index, context.period_end, True  # 序号 / 指标 / 单位 / 属性 / 目标
            continue
        if cell in _GROUP_HEADERS:
            continue  # 目标 / 项目 / 类别 before the names: a group column, carried down by the table reader
        if _YEAR_RESULT_RE.match(cell):
            continue  # 全年完成 of a completion table: the year's result, no target and no baseline
        if _YEAR_TARGET_RE.match(cell) and year is None and title_year:
            # 全年目标 under a caption 2024年主要目标完成情况: that year's target, restated by a later report.
            roles.target, roles.target_year, cue = index, int(title_year.group(1)), True
            continue
        if roles.name is None and re.search(r"指标|项目名称", cell) and not re.search(r"属性|单位", cell):
            roles.name = index
        elif re.match(r"^(计量|指标)?单位", cell):  # 指标单位: the unit column, not a second name
            roles.unit = index
        elif "属性" in cell:
            roles.attribute, cue = index, True
        elif re.search(r"完成情况|完成状态|进展情况", cell) and year is None and fyp_end is None:
            roles.status = index
        elif _GROWTH_RE.search(cell):
            roles.growth, roles.growth_cumulative, cue = index, "累计" in cell, True
        elif fyp_end is not None and year is None:
            past = (context.period_start is not None and fyp_end < context.period_start) or (
                context.reference_year is not None and fyp_end < context.reference_year
            )
            if _ACTUAL_WORDS_RE.search(cell) or (past and not _TARGET_WORDS_RE.search(cell)):
                # “十四五”完成值, and “十四五” / “十四五”期末值 of a later plan: the value at that period's end
                roles.hist_actual, roles.hist_actual_year = index, fyp_end
            elif past:
                roles.hist_target, roles.hist_target_year = index, fyp_end
            else:
                roles.target, roles.target_year, cue = index, fyp_end, True
        elif year is not None and _TARGET_WORDS_RE.search(cell) and not _ACTUAL_WORDS_RE.search(cell):
            if context.period_start is not None and year < context.period_start:
                roles.hist_target, roles.hist_target_year = index, year
            else:
                roles.target, roles.target_year, cue = index, year, True
        elif year is not None and _ACTUAL_WORDS_RE.search(cell):
            if roles.hist_target is not None:
                roles.hist_actual, roles.hist_actual_year = index, year
            elif roles.baseline_year is None or year > roles.baseline_year:
                roles.baseline, roles.baseline_year = index, year
        elif year is not None:
            bare_years.append((year, index))
        elif _TARGET_WORDS_RE.search(cell):
            if past_caption is not None:  # 目标值 under 某区“十四五”规划指标完成情况: the earlier plan's target
                roles.hist_target, roles.hist_target_year = index, past_caption
            else:
                roles.target, roles.target_year, cue = index, context.period_end, True
        elif _ACTUAL_WORDS_RE.search(cell):
            if past_caption is None:
                roles.baseline = index
            elif roles.hist_actual is None:  # 完成值 (a later 是否完成 is the status, no value)
                roles.hist_actual, roles.hist_actual_year = index, past_caption
    yearly = roles.name is None and len(bare_years) >= 2 and len(bare_years) == len(header) - 1 and bool(_YEAR_LABELS_RE.fullmatch(header[0].strip()))
    totals: list[tuple[int, int | None]] = []
    if not yearly and roles.name is None and header and PLACE_LABELS_RE.fullmatch(to_simplified(header[0].replace(" ", ""))):
        yearly, bare_years, totals = _split_columns(header, bare_years)
        roles.split = yearly
    if yearly:
        roles.name = 0  # 年份 | 2026年 | … | 2030年: the first column names the rows, each year to come is a target
    _bare_year_roles(roles, bare_years, context, cue, yearly)
    if totals and roles.target_year is not None:
        # 2024-2026年任务量 / 合计 beside the years: the span's total, a target of its last year
        first = min(year for year, _ in bare_years)
        extra = [(end or roles.target_year, index) for index, end in totals if (end or roles.target_year) >= first]
        roles.earlier_targets = (*roles.earlier_targets, *extra)
        roles.split_totals = tuple(index for _, index in extra)
    if roles.hist_target is None and roles.hist_actual is not None:
        # “十四五”完成值 beside 2030年目标值: no previous target restated, so the period's last value is the baseline
        if roles.baseline_year is None or (roles.hist_actual_year or 0) > roles.baseline_year:
            roles.baseline, roles.baseline_year = roles.hist_actual, roles.hist_actual_year
        roles.hist_actual = roles.hist_actual_year = None
    if roles.name is None:
        roles.target = roles.growth = None
    return roles


_YEAR_ROW_RE = re.compile(r"^((?:19|20)\d\d)\s*年?$")


def by_indicator(table: Table) -> Table:
    """A year-by-year table laid the other way (年份 | 雨水调蓄池容积 | 透水铺装占比, a row per year) turned to a row per
    indicator and a column per year (年份 | 2025年 | 2026年 …), as the reader reads it; any other table as it is."""
    header = [cell.strip() for cell in table.header]
    if len(header) < 2 or header[0] not in ("年份", "年度") or len(table.rows) < 2:
        return table
    years = [_YEAR_ROW_RE.match(row.cells[0].strip()) if row.cells else None for row in table.rows]
    if not all(years) or any(_YEAR_RE.search(cell) for cell in header[1:]) or not all(header[1:]):
        return table
    year_cells = [f"{match.group(1)}年" for match in years if match]
    rows = tuple(
        TableRow(cells=(name, *(row.cells[column] if column < len(row.cells) else "" for row in table.rows)), lines=table.rows[0].lines)
        for column, name in enumerate(header[1:], start=1)
    )
    return replace(table, header=(header[0], *year_cells), rows=rows)


def _split_columns(header: Sequence[str], bare_years: list[tuple[int, int]]) -> tuple[bool, list[tuple[int, int]], list[tuple[int, int | None]]]:
    """A table that splits a plan's quantities by place and year (街镇 | 2024-2026年任务量 | 2024年 | 2025年 | 2026年):
    whether it is one (every named column after the first a year, a span or a total; two years or more), its years, and
    its span or total columns (with the span's end year). Unnamed columns (the cells under a two-level header the reader
    could not name) are no part of it."""
    totals: list[tuple[int, int | None]] = []
    years: list[tuple[int, int]] = []
    for year, index in bare_years:
        span = _SPAN_RE.search(to_simplified(header[index].replace(" ", "")))
        if span:
            totals.append((index, int(span.group(1))))
        else:
            years.append((year, index))
    named = [i for i, cell in enumerate(header) if i and cell.strip()]
    taken = {i for _, i in years} | {i for i, _ in totals}
    for index in named:
        if index not in taken and _TOTAL_HEADERS_RE.fullmatch(to_simplified(header[index].replace(" ", ""))):
            totals.append((index, None))
            taken.add(index)
    split = len(years) >= 2 and taken == set(named) and len({y for y, _ in years}) == len(years)
    return split, (years if split else bare_years), (totals if split else [])


def _bare_year_roles(roles: ColumnRoles, years: list[tuple[int, int]], context: DocumentContext, cue: bool, yearly: bool) -> None:
    """2020年 / 2025年 columns: targets from the plan's first year on (the latest, or every one of a ``yearly`` table),
    baselines before it."""
    if not years:
        return
    if context.period_start is not None:
        start = context.period_start
    elif context.reference_year is not None:
        start = context.reference_year + 1
    elif cue or roles.unit is not None:
        start = max(y for y, _ in years)  # the latest column is the target
    else:
        return  # years only, nothing says they are targets (a yearbook)
    future = [(y, i) for y, i in years if y >= start]
    past = [(y, i) for y, i in years if y < start]
    if future and roles.target is None:
        roles.target_year, roles.target = max(future)
        if yearly:
            roles.earlier_targets = tuple(sorted(future)[:-1])
    if past and roles.baseline is None:
        roles.baseline_year, roles.baseline = max(past)


def _without_junk(cell: str) -> str:
    """80。5 k9 → 80。5, 比例(%)p2 → 比例(%): the run of random ASCII a forum copy glues after a cell (tokens
    such as k9, x7, b!) is no part of it; a unit (MW, %, m3, km2) stays. The evidence keeps the cell as printed."""
    match = _JUNK_TAIL_RE.search(cell)
    if match is None or not any(_JUNK_TOKEN_RE.search(token) and parse_unit(token) is None for token in match.group("tail").split()):
        return cell
    return cell[: match.start("tail")].rstrip()


def _known_unit(text: str, simplified: bool = False) -> bool:
    """万人, 亿立方米, 万元/人, 億噸: a unit the number reader knows, with its scale (not 街道, 全社会)."""
    numerator, per, denominator = text.partition("/")
    if per:
        known = parse_unit(numerator) is not None and parse_unit(denominator) is not None
    else:
        known = normalise_unit(text, None)[0] in _NAME_UNITS or parse_unit(text) is not None
    return known or (not simplified and _known_unit(to_simplified(text), simplified=True))


def split_unit(name: str) -> tuple[str, str | None]:
    """指标（%） → (指标, %), 粮食产能（亿吨）（注） → (粮食产能, 亿吨): a unit written inside the indicator name."""
    bare = _NAME_NOTE_RE.sub("", _without_junk(name))
    match = _UNIT_IN_NAME_RE.search(bare)
    unit = match.group(1) or match.group(2) if match else None
    if match and unit and _known_unit(unit):
        return bare[: match.start()].strip(), to_simplified(unit)
    return name, None


def row_name(cell: str) -> str:
    """A row's name without the serial a table one cell per line glues to it (1.…, （3）…, 4、…, ①…)."""
    return _SERIAL_PREFIX_RE.sub("", without_glosses(cell))


def _cell(row: Sequence[str], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def _number_cell(cell: str, unit_written: str) -> tuple[str, float | None, float | None, str | None, bool] | None:
    """(unit, value, value_high, qualifier, placeholder) of a cell that is a number, else None."""
    cell = to_simplified(_DECIMAL_STOP_RE.sub(".", _without_junk(cell)))  # 6場: the number reader knows 场
    if cell in _EMPTY_CELLS:
        return None
    quantity = parse_quantity(cell.strip("[]［］"))
    if quantity is None:
        return None
    if quantity.raw.strip() != cell.strip("[]［］ ") and not quantity.placeholder and not _NUMBER_CELL_RE.fullmatch(cell):
        return None  # a cell such as 大幅增长 is not a number
    qualifier = quantity.qualifier or ("以内" if cell.lstrip("[［(（").startswith(("<", "＜", "≤")) else None)  # <5: a ceiling
    written = parse_unit(unit_written) if not quantity.unit else None
    if written is not None:
        # The column's or the name's unit with its scale (亿吨, 万人): the value in the plain unit, as prose gives it.
        unit, factor = written
        value = None if quantity.value is None else round(quantity.value * factor, 6)
        high = None if quantity.value_high is None else round(quantity.value_high * factor, 6)
        return unit, value, high, qualifier, quantity.placeholder
    unit, value = normalise_unit(quantity.unit or unit_written, quantity.value)
    high = None
    if quantity.value_high is not None:
        high = normalise_unit(quantity.unit or unit_written, quantity.value_high)[1]
    return unit, value, high, qualifier, quantity.placeholder


_INCREMENT_RE = re.compile(r"^(新增|新建|新引进|引进|新培育|培育引进)")
_CUMULATIVE_RE = re.compile(r"^(累计|组织实施|实施|完成)")


def _row_kind(name: str, unit: str) -> str:
    if _INCREMENT_RE.match(name):
        return "increment"
    if unit == "%" and "年均" in name and re.search(r"增长|增速", name):
        return "annual_growth"
    if _CUMULATIVE_RE.match(name):
        return "cumulative"
    return "level"


def _split_kind(roles: ColumnRoles, unit: str) -> str | None:
    """A split table's quantity of work: a year's share is an increment, the span's total cumulative (a rate keeps its kind)."""
    if not roles.split or unit in ("%", "‰", "个百分点"):
        return None
    return "cumulative" if roles.target in roles.split_totals else "increment"


def _verb_kind(verb: str, unit: str) -> str:
    if verb == "增长" and unit == "%":
        return TargetKind.ANNUAL_GROWTH
    return TargetKind.DECREASE if verb in ("下降", "降低", "减少") else TargetKind.LEVEL


def table_targets(table: Table, roles: ColumnRoles, section_path: str | None) -> Iterable[Target]:
    """One target per row (and one more for an annual-growth column), each row its own evidence."""
    if roles.name is None:
        return
    caption_unit = _TABLE_UNIT_RE.search(to_simplified(table.title))
    table_unit = caption_unit.group(1) if caption_unit and _known_unit(caption_unit.group(1)) else ""
    parent = None
    for row in table.rows:
        if roles.restating and any(_CANCELLED_RE.search(cell) for cell in row.cells):
            continue  # a row the completion table marks as dropped restates no target
        written_name = row_name(_cell(row.cells, roles.name))
        if SUB_ROW_RE.match(written_name):
            written_name = sub_row_name(written_name, parent)  # 其中：规上企业 under 高新技术企业数
        else:
            parent = written_name
        name, unit_in_name = split_unit(written_name)
        # 萬畝 in a unit column: read with its scale, as a unit in the name's brackets is
        unit_written = _UNIT_ALTERNATIVE_RE.sub(r"\1", to_simplified(without_glosses(_cell(row.cells, roles.unit)))) or unit_in_name or table_unit
        if not name:
            continue
        evidence = tuple(Evidence(line=line, text=" | ".join(row.cells), source="table") for line in row.lines[:1])
        attribute = _cell(row.cells, roles.attribute) or None
        baseline = _number_cell(_cell(row.cells, roles.baseline), unit_written)
        common = {
            "attribute": attribute,
            "scope": TargetScope.EXTERNAL if roles.restating else TargetScope.PLAN,
            "source": "table",
            "section_path": section_path,
            "evidence": evidence,
        }
        written = _cell(row.cells, roles.target)
        verb = _CHANGE_VERB_RE.match(written)  # 增长5%左右: the change is the target, its verb part of the name
        target = _number_cell(written[verb.end() :] if verb else written, unit_written)
        if target is not None and not (roles.split and target[1] == 0):
            unit, value, high, qualifier, placeholder = target
            yield Target(
                indicator=f"{name}{verb.group()}" if verb else name,
                value=value,
                unit=unit,
                value_high=high,
                qualifier=qualifier,
                placeholder=placeholder,
                target_year=roles.target_year or None,
                kind=_verb_kind(verb.group(), unit) if verb else _split_kind(roles, unit) or _row_kind(name, unit),
                baseline_value=baseline[1] if baseline else None,
                baseline_year=roles.baseline_year if baseline else None,
                raw=_cell(row.cells, roles.target),
                **common,  # type: ignore[arg-type]
            )
        rate = not roles.growth_cumulative or normalise_unit(unit_written, None)[0] in ("", "%")
        growth = _number_cell(_cell(row.cells, roles.growth), "%") if rate else None
        if growth is not None and growth[1] is not None:
            yield Target(
                indicator=f"{name}年均增长",
                value=growth[1],
                unit="%",
                value_high=growth[2],
                qualifier=growth[3],
                target_year=roles.target_year,
                kind="annual_growth",
                raw=_cell(row.cells, roles.growth),
                **common,  # type: ignore[arg-type]
            )


def historical_rows(table: Table, roles: ColumnRoles) -> Iterable[HistoricalResult]:
    """Rows of a previous plan's table, cells as printed, each year as its header gives it."""
    if roles.name is None:
        return
    name_col = roles.name
    for row in table.rows:
        name, unit_in_name = split_unit(row_name(row.cells[name_col]))
        unit = without_glosses(_cell(row.cells, roles.unit)) or unit_in_name
        group = row.cells[0] if name_col > 0 and not row.cells[0].isdigit() else None
        yield HistoricalResult(
            indicator=name,
            unit=unit or None,
            target_raw=_cell(row.cells, roles.hist_target),
            actual_raw=_cell(row.cells, roles.hist_actual),
            target_year=roles.hist_target_year,
            actual_year=roles.hist_actual_year or roles.hist_target_year,
            status=_cell(row.cells, roles.status) or None,
            line=row.lines[0],
            group=group,
        )
