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

from planwatch.extract.catalog import Indicator, load_catalog, map_indicator, name_similarity
from planwatch.extract.numbers import parse_unit
from planwatch.models import Observation, ObservationInput, PlanPeriod
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
    # name as written → (catalog key or None, hint); one file repeats a few names many times
    mapped_names: dict[tuple[str, str | None], tuple[str | None, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, plans: Sequence[PlanPeriod], *, keep_unmapped: bool = False, illustrative: bool = False, only: str | None = None
    ) -> ValidationContext:
        windows: dict[str, tuple[int, int]] = {}
        for plan in plans:
            if plan.region and plan.period_start and plan.period_end and (only is None or plan.key == only):
                low, high = windows.get(plan.region, (plan.period_start - 1, plan.period_end))
                windows[plan.region] = (min(low, plan.period_start - 1), max(high, plan.period_end))
        return cls(load_catalog(), windows, date.today().year, keep_unmapped, illustrative)


@dataclass
class RowResult:
    observation: ObservationInput | None = None
    errors: list[str] = field(default_factory=list)
    unmapped_hint: str | None = None


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
    errors.extend(text_problems(texts | {"来源链接": source_url, "原文摘录": cell_text(row.get("quote")), "备注": cell_text(row.get("note"))}))
    if link := url_problem("来源链接", source_url):
        errors.append(link)
    if not region:
        errors.append("region is empty")
    if not name and not key:
        errors.append("indicator is empty")
    year = _year(cell_text(row.get("year")), errors)
    value = _number(value_raw, errors)
    parsed_unit = parse_unit(unit_raw)
    indicator = _indicator(key, name, parsed_unit[0] if parsed_unit else None, context, errors, result)
    unit, factor = parsed_unit or (unit_raw, 1.0)
    if indicator is not None:
        if parsed_unit is None:
            errors.append(f"unknown unit {unit_raw!r} (the indicator's unit is {indicator.unit})")
        elif unit and not units_fit(unit, indicator.unit):
            errors.append(f"unit {unit_raw} does not fit {indicator.name} (measured in {indicator.unit})")
        unit = indicator.unit
    if value is not None:
        value = round(value * factor, 6)
    if value is not None and indicator is not None:
        if value < 0 and not indicator.signed:
            errors.append(f"negative value {value_raw} for {indicator.name}, which cannot be negative")
        if indicator.unit == "%" and not indicator.signed and value > 100:
            errors.append(f"{value_raw}% is not a possible share")
        elif abs(value) > IMPLAUSIBLE:
            errors.append(f"{value_raw}{unit_raw} is an implausible magnitude for {indicator.name} (check the unit or the decimal point)")
    if year is not None and region:
        _check_year(year, region, context, errors)
    if errors or value is None or year is None:
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
        errors.append(f"year {text!r} is not a four-digit year" if text else "year is empty")
        return None
    return int(text)


def _number(text: str, errors: list[str]) -> float | None:
    if not text:
        errors.append("value is empty")
        return None
    try:
        value = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        errors.append(f"value {text!r} is not a number")
        return None
    if not math.isfinite(value):
        errors.append(f"value {text!r} is not a finite number")
        return None
    return value


def _indicator(
    key: str | None, name: str, unit: str | None, context: ValidationContext, errors: list[str], result: RowResult
) -> Indicator | None:
    if key:
        if key not in context.catalog:
            errors.append(f"unknown indicator key {key!r}")
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
        errors.append(f"indicator {name!r} is not in the catalog ({hint}; add it as a synonym, or use --keep-unmapped)")
    return None


def _map_exactly(name: str, unit: str | None, catalog: Mapping[str, Indicator]) -> tuple[str | None, str]:
    """Only an exact name or synonym counts: a near match is a hint, never a silent mapping."""
    mapped, score = map_indicator(name, unit, dict(catalog))
    if mapped is not None and score >= 1.0:
        return mapped, ""
    closest = max(catalog.values(), key=lambda i: max(name_similarity(n, name) for n in i.names))
    return None, f"closest catalog indicator: {closest.key} {closest.name}"


def units_fit(unit: str, wanted: str) -> bool:
    return unit == wanted or (unit in _SAME_COUNT and wanted in _SAME_COUNT)


def _check_year(year: int, region: str, context: ValidationContext, errors: list[str]) -> None:
    if year > context.this_year:
        errors.append(f"year {year} is in the future")
    window = context.windows.get(region)
    if window and not window[0] <= year <= window[1]:
        errors.append(f"year {year} is outside the plans for {region} ({window[0]}–{window[1]})")


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
