"""Score extracted targets against hand-checked gold answers (shared/gold/README.md).

A gold target is found when the plan has a target whose normalised value (and value_high),
unit and year match and whose indicator is the same (same catalog key, or similar names).
Gold records with ``scope: external`` count neither way, and so does a target that restates a gold historical
row's target (a completion table's target column, DEV-README rule 9).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from planwatch.extract.catalog import map_indicator, name_similarity
from planwatch.extract.numbers import normalise_unit, parse_quantity
from planwatch.models import Target

NAME_THRESHOLD = 0.4
Found = TypeVar("Found")  # what a scorer matches gold against: targets, statements


class PrecisionRecall:
    """Precision, recall and F1 of ``matched`` predictions out of ``predicted``, against ``gold``."""

    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PlanScore(PrecisionRecall):
    plan: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[Target] = field(default_factory=list)


def _gold_unit(record: Mapping[str, Any]) -> str:
    return str(record["unit"]) if record["unit"] == "rank" else normalise_unit(record["unit"], None)[0]


def matches(record: Mapping[str, Any], target: Target) -> bool:
    if _gold_unit(record) != target.unit or record.get("target_year") != target.target_year:
        return False
    if record["value"] is None:
        if not (target.value is None and (target.placeholder or target.qualitative)):
            return False
    elif target.value is None or abs(float(record["value"]) - target.value) > 1e-6 * max(1.0, abs(target.value)):
        return False
    if (record.get("value_high") or None) != (target.value_high or None):
        return False
    gold_key, _ = map_indicator(record["indicator"], _gold_unit(record))
    if gold_key is not None and gold_key == target.indicator_key:
        return True
    return name_similarity(record["indicator"], target.indicator) >= NAME_THRESHOLD


def greedy_match(
    gold: Sequence[Mapping[str, Any]], targets: Sequence[Found], matches: Callable[[Mapping[str, Any], Found], bool]
) -> tuple[list[tuple[Mapping[str, Any], Found]], list[dict[str, Any]], list[Found]]:
    """One-to-one matching, gold in order, each taking the first target it matches:
    (matched pairs, gold records missed, targets left over)."""
    remaining = list(targets)
    pairs: list[tuple[Mapping[str, Any], Found]] = []
    misses: list[dict[str, Any]] = []
    for record in gold:
        found = next((t for t in remaining if matches(record, t)), None)
        if found is None:
            misses.append(dict(record))
        else:
            remaining.remove(found)
            pairs.append((record, found))
    return pairs, misses, remaining


def restated(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """A gold historical row (a completion table's row) as the target it restates, None when its target is no
    number (大幅增长, 15+110): a system that reads the restated target as a target (DEV-README rule 9) is
    neither right nor wrong against gold that files the row as history."""
    written = str(row.get("target", row.get("target_raw")) or "")  # a number, or the cell as printed (target_raw)
    quantity = parse_quantity(written)
    if quantity is None or quantity.value is None or quantity.raw.strip() != written.strip():
        return None
    unit, value = normalise_unit(str(row.get("unit") or ""), quantity.value)
    high = None if quantity.value_high is None else normalise_unit(str(row.get("unit") or ""), quantity.value_high)[1]
    return {"indicator": row["indicator"], "unit": unit, "value": value, "value_high": high, "target_year": row.get("target_year")}


def score_plan(
    plan: str, gold_records: Sequence[Mapping[str, Any]], targets: Sequence[Target], history: Sequence[Mapping[str, Any]] = ()
) -> PlanScore:
    score = PlanScore(plan=plan)
    internal = [g for g in gold_records if g.get("scope", "plan") != "external"]
    external = [g for g in gold_records if g.get("scope") == "external"] + [r for row in history if (r := restated(row))]
    pairs, score.misses, remaining = greedy_match(internal, targets, matches)
    score.matched = len(pairs)
    score.extras = [t for t in remaining if not any(matches(g, t) for g in external)]
    score.gold = len(internal)
    score.predicted = score.matched + len(score.extras)
    return score


def evaluate(predicted: Mapping[str, Sequence[Target]], gold: Mapping[str, Any]) -> tuple[list[PlanScore], PlanScore]:
    """Per-plan scores (keyed by the gold plan id) and the overall score."""
    records: dict[str, list[Mapping[str, Any]]] = {}
    for record in gold["targets"]:
        records.setdefault(record["plan"], []).append(record)
    history: dict[str, list[Mapping[str, Any]]] = {}
    for row in gold.get("historical", []):
        history.setdefault(row["plan"], []).append(row)
    scores = [
        score_plan(plan, records.get(plan, []), predicted.get(plan, []), history.get(plan, [])) for plan in sorted(set(records) | set(predicted))
    ]
    total = PlanScore(plan="overall")
    for s in scores:
        total.gold += s.gold
        total.predicted += s.predicted
        total.matched += s.matched
        total.misses.extend(s.misses)
        total.extras.extend(s.extras)
    return scores, total
