"""Score the statement reader on the observation passages (data/eval/observations/README.md).

Each passage is read as a one-passage document with its region and the year it reports on; its
statements are matched one-to-one with the annotated ones (gold in order, each taking the first
statement it matches). A match needs value, unit, year, kind and indicator right; the region and
the catalog mapping are scored apart. The split is fixed by the passage number (odd: study, even:
scoring), as for the target passages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch.extract.catalog import name_similarity
from planwatch.extract.evaluate import PrecisionRecall, greedy_match
from planwatch.extract.numbers import to_number
from planwatch.extract.passages import VALUE_TOLERANCE, Part, _jsonl, comparable_unit, part_of
from planwatch.extract.statements import DocumentFacts, Statement, read_statements
from planwatch.ingest.normalise import to_simplified

NAME_THRESHOLD = 0.5  # Dice over character bigrams of the simplified names


def statement_matches(gold: Mapping[str, Any], statement: Statement) -> bool:
    """Value, unit, year, kind and indicator all right."""
    gold_unit, gold_value = comparable_unit(gold["unit"], float(gold["value"]))
    unit, value = comparable_unit(statement.unit_raw, to_number(statement.value_raw))
    if gold_value is None or value is None or unit != gold_unit:
        return False
    if abs(value - gold_value) > VALUE_TOLERANCE * max(abs(gold_value), 1e-9):
        return False
    if gold.get("year") != statement.year or gold.get("kind") != statement.kind.value:
        return False
    if gold.get("key") and gold["key"] == statement.indicator_key:
        return True
    return name_similarity(to_simplified(str(gold["indicator"])), statement.indicator) >= NAME_THRESHOLD


@dataclass
class StatementTally(PrecisionRecall):
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    region_right: int = 0  # of the matched
    keyed_gold: int = 0  # gold statements whose indicator the catalog has
    keyed_found: int = 0  # of those: found
    keyed_right: int = 0  # of those found: mapped to that key
    wrongly_keyed: int = 0  # predictions mapped to a key the gold statement does not have
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)

    @property
    def mapping(self) -> float:
        """Of the statements found whose indicator the catalog has, the share mapped to it."""
        return self.keyed_right / self.keyed_found if self.keyed_found else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "region_right": self.region_right,
            "catalog_gold": self.keyed_gold,
            "catalog_found": self.keyed_found,
            "catalog_right": self.keyed_right,
            "mapping_accuracy": round(self.mapping, 4),
            "wrongly_mapped": self.wrongly_keyed,
            "misses": self.misses,
            "extras": self.extras,
        }


def score_statements(passage_id: str, gold: Sequence[Mapping[str, Any]], statements: Sequence[Statement], tally: StatementTally) -> None:
    """Add one passage's matching to ``tally``."""
    pairs, misses, remaining = greedy_match(gold, statements, statement_matches)
    chosen = {id(record): statement for record, statement in pairs}  # id(gold record) → the statement it took
    for record in gold:
        found = chosen.get(id(record))
        if record.get("key"):
            tally.keyed_gold += 1
            tally.keyed_found += found is not None
            tally.keyed_right += found is not None and found.indicator_key == record["key"]
        if found is not None:
            tally.region_right += found.region == record.get("region")
            tally.wrongly_keyed += found.indicator_key is not None and found.indicator_key != record.get("key")
    tally.gold += len(gold)
    tally.predicted += len(statements)
    tally.matched += len(pairs)
    tally.misses.extend({"id": passage_id, **m} for m in misses)
    tally.extras.extend(
        {"id": passage_id, "indicator": s.indicator, "value": s.value_raw, "unit": s.unit_raw, "year": s.year, "kind": s.kind.value, "quote": s.quote}
        for s in remaining
    )


def evaluate_statements(passages_path: str | Path, gold_path: str | Path, part: Part = Part.SCORING) -> StatementTally:
    """Read each passage of ``part`` and score its statements against the annotated ones."""
    from planwatch.ingest.pipeline import parse_text

    gold_by_passage: dict[str, list[dict[str, Any]]] = {}
    for record in _jsonl(gold_path):
        gold_by_passage.setdefault(str(record["passage"]), []).append(record)
    tally = StatementTally()
    for passage in _jsonl(passages_path):
        passage_id = str(passage["id"])
        if part is not Part.ALL and part_of(passage_id) is not part:
            continue
        plan = parse_text(str(passage["text"]), name=f"{passage_id}.txt")
        facts = DocumentFacts(region=str(passage["region"]), year=passage.get("year"), source=str(passage.get("title", "")))
        score_statements(passage_id, gold_by_passage.get(passage_id, []), read_statements(plan, facts), tally)
    return tally
