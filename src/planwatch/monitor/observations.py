"""Observations: validating what an officer enters or imports, and correcting it later.

Every value is converted to its catalog indicator's unit (2.47 万家 → 24700 家; 1.56 万亿元
→ 15600 亿元; 70.142 billion yuan → 701.42 亿元) and keeps what the source printed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planwatch.access import EVERY_REGION, RegionScope
from planwatch.extract.catalog import Indicator, load_catalog, map_indicator, name_similarity
from planwatch.extract.numbers import parse_unit
from planwatch.models import Observation, ObservationInput, PlanPeriod
from planwatch.monitor.progress import unit_label
from planwatch.monitor.tables import cell_flag, cell_text
from planwatch.safety import text_problems, url_problem

# canonical column → accepted header names (English or Chinese)
OBSERVATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("地区", "区域"),
    "indicator_key": ("指标代码", "key"),
    "indicator": ("指标", "指标名称", "indicator_name"),
    "year": ("年份", "年度"),
    "value": ("实际值", "数值", "值"),
    "unit": ("单位",),
    "source": ("来源", "数据来源"),
    "source_url": ("来源链接", "链接", "url"),
    "quote": ("原文摘录", "原文"),
    "note": ("备注",),
    "illustrative": ("示例数据",),
    "target": ("目标值",),  # only in the template: marks blank actuals as "not filled in yet"
    "baseline": ("基期值",),
}
REQUIRED = ("region", "year", "value")
IMPLAUSIBLE = 1e9  # no S&T indicator of a city or district reaches a billion in its catalog unit (亿元, 家, 件 …)
# Counting words that name the same kind of count (an officer may write 个 for 家).
_SAME_COUNT = frozenset({"家", "个", "所", "座"})
SUGGEST_SIMILARITY = 0.3  # bigram similarity below which no name is suggested


def current_user() -> str:
    """Who is entering data: the ``user`` setting ($PLANWATCH_USER), else the login name."""
    from planwatch.settings import default_settings

    return default_settings().entered_by


@dataclass(frozen=True)
class ValidationContext:
    """What a row is checked against: the catalog and the years each region's plans cover."""

    catalog: Mapping[str, Indicator]
    windows: Mapping[str, tuple[int, int]]
    this_year: int
    keep_unmapped: bool = False
    illustrative: bool = False
    scope: RegionScope = EVERY_REGION  # the regions the writer may change
    # name as written → (catalog key or None, hint); one file repeats a few names many times
    mapped_names: dict[tuple[str, str | None], tuple[str | None, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        plans: Sequence[PlanPeriod],
        *,
        keep_unmapped: bool = False,
        illustrative: bool = False,
        only: str | None = None,
        scope: RegionScope = EVERY_REGION,
    ) -> ValidationContext:
        windows: dict[str, tuple[int, int]] = {}
        for plan in plans:
            if plan.region and plan.period_start and plan.period_end and (only is None or plan.key == only):
                low, high = windows.get(plan.region, (plan.period_start - 1, plan.period_end))
                windows[plan.region] = (min(low, plan.period_start - 1), max(high, plan.period_end))
        return cls(load_catalog(), windows, date.today().year, keep_unmapped, illustrative, scope)


@dataclass
class RowResult:
    observation: ObservationInput | None = None
    errors: list[str] = field(default_factory=list)
    unmapped_hint: str | None = None
    refusal: str | None = None  # the region is one the writer may not change


def observation_from_row(row: Mapping[str, Any], line: int | None, context: ValidationContext) -> RowResult:
    """Validate one row; every problem is reported, not just the first."""
    result = RowResult()
    errors = result.errors
    region = cell_text(row.get("region"))
    name = cell_text(row.get("indicator"))
    key = cell_text(row.get("indicator_key")) or None
    unit_raw = cell_text(row.get("unit"))
    value_raw = cell_text(row.get("value"))
    source_url = cell_text(row.get("source_url"))
    texts = {"地区": region, "指标": name, "单位": unit_raw, "实际值": value_raw, "来源": cell_text(row.get("source"))}
    errors.extend(
        text_problems(texts | {"来源链接": source_url, "原文摘录": cell_text(row.get("quote")), "备注": cell_text(row.get("note"))})
    )
    if link := url_problem("来源链接", source_url):
        errors.append(link)
    if not region:
        errors.append("“地区”为空：请填写地区名称，如 南山区")
    elif context.windows and region not in context.windows and not context.keep_unmapped:
        errors.append(unknown_name("地区", region, context.windows, "没有对应的规划，数据不会计入任何评估"))
    else:
        result.refusal = context.scope.refusal(region)
    if not name and not key:
        errors.append("“指标”为空：请填写指标名称或指标代码")
    year = _year(cell_text(row.get("year")), errors)
    value = _number(value_raw, errors)
    parsed_unit = parse_unit(unit_raw)
    indicator = _indicator(key, name, parsed_unit[0] if parsed_unit else None, context, errors, result)
    unit, factor = parsed_unit or (unit_raw, 1.0)
    if indicator is not None:
        if parsed_unit is None:
            errors.append(f"“单位”{unit_raw}无法识别：{indicator.name}的单位是{unit_label(indicator.unit)}")
        elif unit and not units_fit(unit, indicator.unit):
            errors.append(f"“单位”{unit_raw}与指标“{indicator.name}”不符：该指标以{unit_label(indicator.unit)}计，请改写单位或核对指标")
        unit = indicator.unit
    if value is not None:
        value = round(value * factor, 6)
    if value is not None and indicator is not None:
        if value < 0 and not indicator.signed:
            errors.append(f"“实际值”{value_raw}为负数，而指标“{indicator.name}”不可能为负：请核对数值")
        if indicator.unit == "%" and not indicator.signed and value > 100:
            errors.append(f"“实际值”{value_raw}%超过100%，不是可能的比重：请核对数值或单位")
        elif abs(value) > IMPLAUSIBLE:
            errors.append(f"“实际值”{value_raw}{unit_raw}对指标“{indicator.name}”而言数量级不合理：请核对单位或小数点")
    if year is not None and region:
        _check_year(year, region, context, errors)
    if errors or result.refusal or value is None or year is None:
        return result
    result.observation = ObservationInput(
        region=region,
        indicator_key=indicator.key if indicator else None,
        indicator_name=name or (indicator.name if indicator else ""),
        year=year,
        value=value,
        unit=unit,
        value_raw=value_raw,
        unit_raw=unit_raw or unit,
        source=cell_text(row.get("source")),
        source_url=source_url,
        quote=cell_text(row.get("quote")),
        note=cell_text(row.get("note")),
        illustrative=context.illustrative or cell_flag(row.get("illustrative")),
        line=line,
    )
    return result


def _year(text: str, errors: list[str]) -> int | None:
    text = text.removesuffix("年")
    if not text.isdigit() or len(text) != 4:
        errors.append(f"“年份”{text}不是四位年份，请填写如 2023" if text else "“年份”为空：请填写四位年份，如 2023")
        return None
    return int(text)


def _number(text: str, errors: list[str]) -> float | None:
    if not text:
        errors.append("“实际值”为空：请填写数值")
        return None
    try:
        value = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        errors.append(f"“实际值”{text}不是数值：请只填写数字（如 2.47），单位写在“单位”列")
        return None
    if not math.isfinite(value):
        errors.append(f"“实际值”{text}不是有限的数值：请填写具体数字")
        return None
    return value


def _indicator(
    key: str | None, name: str, unit: str | None, context: ValidationContext, errors: list[str], result: RowResult
) -> Indicator | None:
    if key:
        if key not in context.catalog:
            errors.append(unknown_name("指标代码", key, context.catalog, "不在指标目录中"))
        return context.catalog.get(key)
    if not name:
        return None
    if (name, unit) not in context.mapped_names:
        context.mapped_names[name, unit] = _map_exactly(name, unit, context.catalog)
    mapped, hint = context.mapped_names[name, unit]
    if mapped is not None:
        return context.catalog[mapped]
    if context.keep_unmapped:
        result.unmapped_hint = hint
    else:
        errors.append(f"“指标”{name}不在指标目录中{hint}；或在指标目录中为它添加同义名")
    return None


def _map_exactly(name: str, unit: str | None, catalog: Mapping[str, Indicator]) -> tuple[str | None, str]:
    """Only an exact name or synonym counts: a near match is a hint, never a silent mapping."""
    mapped, score = map_indicator(name, unit, dict(catalog))
    if mapped is not None and score >= 1.0:
        return mapped, ""
    names = {n: i for i in catalog.values() for n in i.names}
    found = closest_known(name, names)
    return None, f"：最接近的是“{names[found].name}”（{names[found].key}），请改用该名称" if found else ""


def closest_known(name: str, known: Iterable[str]) -> str | None:
    """The known name a typed one most likely means (南山 → 南山区): one that contains it or that it
    contains, else the most similar by character bigrams; ``None`` when nothing is close."""
    candidates = [k for k in known if k]
    containing = [k for k in candidates if name in k or k in name]
    if containing:
        return min(containing, key=lambda k: abs(len(k) - len(name)))
    scored = max(candidates, key=lambda k: name_similarity(k, name), default=None)
    return scored if scored is not None and name_similarity(scored, name) >= SUGGEST_SIMILARITY else None


def unknown_name(column: str, typed: str, known: Iterable[str], why: str) -> str:
    """A row error for a name nobody knows, with the closest known one to use instead."""
    found = closest_known(typed, known)
    advice = f"：最接近的是“{found}”，请改用该名称" if found else "：请核对名称"
    return f"“{column}”{typed}{why}{advice}"


def units_fit(unit: str, wanted: str) -> bool:
    return unit == wanted or (unit in _SAME_COUNT and wanted in _SAME_COUNT)


def _check_year(year: int, region: str, context: ValidationContext, errors: list[str]) -> None:
    if year > context.this_year:
        errors.append(f"“年份”{year}尚未到来：请核对年份")
    window = context.windows.get(region)
    if window and not window[0] <= year <= window[1]:
        errors.append(f"“年份”{year}不在{region}规划的监测期（{window[0]}—{window[1]}年）内：请核对年份")


def statement_key(observation: ObservationInput) -> tuple[str, str, int, str]:
    """Who said what about which figure: region, indicator, year and source."""
    o = observation
    return o.region, o.indicator_key or o.indicator_name, o.year, o.source_url


class StatementIndex:
    """Finds a statement already made (same figure, same source, same value) in constant time."""

    def __init__(self, observations: Iterable[ObservationInput] = ()) -> None:
        self._by_key: dict[tuple[str, str, int, str], list[ObservationInput]] = defaultdict(list)
        for observation in observations:
            self.add(observation)

    def add(self, observation: ObservationInput) -> None:
        if not (isinstance(observation, Observation) and (observation.withdrawn or not observation.current)):
            self._by_key[statement_key(observation)].append(observation)

    def find(self, candidate: ObservationInput) -> ObservationInput | None:
        tolerance = 1e-9 * max(1.0, abs(candidate.value))
        return next((o for o in self._by_key.get(statement_key(candidate), ()) if abs(o.value - candidate.value) <= tolerance), None)
