"""From observations to one value per year, with agreement and conflicts made explicit.

Several sources often state the same figure with different rounding (2236.61 亿元 and 2236.6
亿元; 1.03 万亿元 and 10272.72 亿元). Two statements *agree* when they differ by no more than
half the last printed digit of the coarser one; a statement its quote gives as a floor (超2.4万家,
达到2.4万家, 2000家以上) agrees with every value at or above it. Statements that do not agree are a
*conflict*: both are kept and shown; the year's value is the most precise exact statement (ties: the
one entered last), and the conflict travels with it into every assessment and report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwatch.extract.numbers import parse_unit
from planwatch.models import ObservationInput


def precision(observation: ObservationInput) -> float:
    """Half-width of the rounding interval of the value as printed, in the catalog unit."""
    text = observation.value_raw.strip().replace(",", "")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    parsed = parse_unit(observation.unit_raw)
    factor = parsed[1] if parsed else 1.0
    return 0.5 * 10.0**-decimals * factor


_BOUND_BEFORE = re.compile(r"(超过|超|突破|逾|达到|多于)\s*$")
_BOUND_AFTER = re.compile(r"^\s*(以上|多|余)")


def lower_bound(observation: ObservationInput) -> bool:
    """Whether the source quote states the number as a floor: 超2.4万家, 突破2000家, 达到2.4万家,
    2.3万家以上. Such a statement agrees with any larger value of the same figure."""
    number = observation.value_raw.strip()
    if not number:
        return False
    for match in re.finditer(re.escape(number), observation.quote):
        before, after = observation.quote[: match.start()], observation.quote[match.end() :]
        after = after[len(observation.unit_raw) :] if after.startswith(observation.unit_raw) else after
        if _BOUND_BEFORE.search(before) or _BOUND_AFTER.match(after):
            return True
    return False


def agree(a: ObservationInput, b: ObservationInput) -> bool:
    """Whether two statements of one figure are the same number up to rounding, a floor (超2.4万)
    agreeing with every value at or above it."""
    tolerance = 1e-9 * max(1.0, abs(a.value))
    floors = [s for s in (a, b) if lower_bound(s)]
    if floors:
        return all(other.value >= floor.value - tolerance for floor in floors for other in (a, b))
    return abs(a.value - b.value) <= max(precision(a), precision(b)) + tolerance


@dataclass(frozen=True)
class YearValue:
    """The value used for one year and every current statement behind it."""

    year: int
    value: float
    chosen: ObservationInput
    statements: tuple[ObservationInput, ...]
    conflict: bool

    @property
    def illustrative(self) -> bool:
        return self.chosen.illustrative


def series_key(observation: ObservationInput) -> tuple[str, str, int]:
    return observation.region, observation.indicator_key or f"?{observation.indicator_name}", observation.year


def year_value(statements: Sequence[ObservationInput]) -> YearValue:
    """One year's value from its statements (non-empty, one region and indicator)."""
    # an exact statement before a floor, then the most precise, then the one entered last
    chosen = min(enumerate(statements), key=lambda item: (lower_bound(item[1]), precision(item[1]), -item[0]))[1]
    conflict = any(not agree(s, chosen) for s in statements)
    return YearValue(chosen.year, chosen.value, chosen, tuple(statements), conflict)


def build_series(observations: Iterable[ObservationInput]) -> list[YearValue]:
    """One region × indicator's observations (current, not withdrawn) → values by year."""
    by_year: dict[int, list[ObservationInput]] = defaultdict(list)
    for observation in observations:
        by_year[observation.year].append(observation)
    return [year_value(by_year[year]) for year in sorted(by_year)]


def find_conflicts(observations: Iterable[ObservationInput]) -> list[YearValue]:
    """Every region × indicator × year whose statements disagree."""
    groups: dict[tuple[str, str, int], list[ObservationInput]] = defaultdict(list)
    for observation in observations:
        groups[series_key(observation)].append(observation)
    found = [year_value(group) for group in groups.values() if len(group) > 1]
    return [y for y in found if y.conflict]
