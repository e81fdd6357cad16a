"""Score the target reader on a set of passages (shared/gold/DEV-README.md): each passage is read as
a one-passage document, and its targets are matched one-to-one with the hand-checked ones.

The set is split once, by a rule fixed before anyone looked at it: passages with an odd number
(d001, d003 …) are the *study* part, whose text may inform the rules; passages with an even
number are the *scoring* part, only ever scored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from planwatch.errors import InputError
from planwatch.extract.evaluate import PrecisionRecall, greedy_match
from planwatch.extract.language import ClauseModel, DocumentContext
from planwatch.extract.numbers import normalise_unit
from planwatch.ingest.metadata import PLAN_KINDS, dateline_month, document_kind, title_period
from planwatch.ingest.normalise import to_simplified
from planwatch.models import ParsedPlan, Target

VALUE_TOLERANCE = 0.005  # |sys − gold| ≤ 0.5 % of |gold|


class Part(StrEnum):
    """The fixed split of a passage set."""

    STUDY = "study"
    SCORING = "scoring"
    ALL = "all"  # every passage, study and scoring together


def part_of(passage_id: str) -> Part:
    """d001 → study, d002 → scoring: the parity of the passage number, fixed before looking."""
    digits = "".join(ch for ch in passage_id if ch.isdigit())
    return Part.STUDY if digits and int(digits) % 2 == 1 else Part.SCORING


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    kind: str  # target, mixed or NEGATIVE: <why>
    doc_year: int | None
    doc_title: str

    @property
    def negative(self) -> bool:
        return self.kind.startswith("NEGATIVE")

    @property
    def traditional(self) -> bool:
        return to_simplified(self.text) != self.text


@dataclass
class Tally(PrecisionRecall):
    """Counts for one group of passages (numeric targets only; qualitative ones are counted apart),
    with the secondary measures DEV-README allows over the matched pairs: name, kind, qualifier, baseline."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    name_agreed: int = 0  # matched pairs whose indicator names agree (one holds the other, in simplified characters)
    name_exact: int = 0  # … of which the two names are the same words (boundaries exactly as the gold draws them)
    kind_agreed: int = 0  # matched pairs whose kinds agree (every gold target has one)
    qualifier_agreed: int = 0  # matched pairs whose bounding words agree (none on both sides agrees)
    baseline_gold: int = 0  # matched pairs whose gold states a baseline in the same sentence
    baseline_found: int = 0  # … of which the system gives that value (and year, when both give one)
    baseline_unstated: int = 0  # matched pairs where the system gives a baseline the gold sentence lacks

    def add(self, other: Tally) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def secondary(self) -> dict[str, Any]:
        """Name, kind, qualifier and baseline agreement over the matched pairs."""
        return {
            "name": {"agreed": self.name_agreed, "exact": self.name_exact, "compared": self.matched},
            "kind": {"agreed": self.kind_agreed, "compared": self.matched},
            "qualifier": {"agreed": self.qualifier_agreed, "compared": self.matched},
            "baseline": {"gold": self.baseline_gold, "found": self.baseline_found, "unstated_in_gold": self.baseline_unstated},
        }


_COUNTS = tuple(f.name for f in fields(Tally))


@dataclass
class PassageResult:
    passage: Passage
    tally: Tally
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[Target] = field(default_factory=list)
    qualitative_gold: int = 0
    qualitative_found: int = 0


@dataclass
class PassageReport:
    """Scores of one part of a passage set, overall and by group, with every miss and extra."""

    part: Part
    results: list[PassageResult]

    def tally(self, group: str = "all") -> Tally:
        total = Tally()
        for result in self.results:
            if _in_group(result.passage, group):
                total.add(result.tally)
        return total

    @property
    def negatives(self) -> int:
        return sum(1 for r in self.results if r.passage.negative)

    @property
    def negatives_with_predictions(self) -> int:
        return sum(1 for r in self.results if r.passage.negative and r.tally.predicted)

    @property
    def qualitative(self) -> tuple[int, int]:
        return sum(r.qualitative_found for r in self.results), sum(r.qualitative_gold for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: scores by group, negatives, every miss and extra."""
        found, total = self.qualitative
        return {
            "part": self.part.value,
            "passages": len(self.results),
            "groups": {
                group: {
                    "gold": t.gold,
                    "predicted": t.predicted,
                    "matched": t.matched,
                    "precision": round(t.precision, 4),
                    "recall": round(t.recall, 4),
                    "f1": round(t.f1, 4),
                    "secondary": t.secondary(),
                }
                for group in GROUPS
                for t in [self.tally(group)]
            },
            "negatives": self.negatives,
            "negatives_with_predictions": self.negatives_with_predictions,
            "qualitative": {"found": found, "gold": total},
            "misses": [{"id": r.passage.id, **m} for r in self.results for m in r.misses],
            "extras": [
                {
                    "id": r.passage.id,
                    "indicator": t.indicator,
                    "value": t.value,
                    "value_high": t.value_high,
                    "unit": t.unit,
                    "year": t.target_year,
                    "confidence": t.confidence,
                    "evidence": t.raw,
                }
                for r in self.results
                for t in r.extras
            ],
        }


GROUPS = ("all", "target", "mixed", "traditional")


def _in_group(passage: Passage, group: str) -> bool:
    if group == "all":
        return True
    if group == "traditional":
        return passage.traditional
    return passage.kind == group


def load_passages(passages_path: str | Path, gold_path: str | Path) -> list[tuple[Passage, list[dict[str, Any]]]]:
    """Passages and their gold targets, checked to line up id by id."""
    passages = list(_jsonl(passages_path))
    gold = list(_jsonl(gold_path))
    if [p.get("id") for p in passages] != [g.get("id") for g in gold]:
        raise InputError("文本集与标注集的 id 不一致：两个文件须按同样的顺序列出同样的 id", path=str(gold_path))
    loaded = []
    for record, answer in zip(passages, gold, strict=True):
        passage = Passage(
            id=str(record["id"]),
            text=str(record["text"]),
            kind=str(record.get("kind", "")),
            doc_year=record.get("doc_year"),
            doc_title=str(record.get("doc_title", "")),
        )
        loaded.append((passage, list(answer.get("targets") or [])))
    return loaded


def _jsonl(path: str | Path) -> Iterable[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", path=str(path)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            raise InputError(f"不是有效的 JSON：{exc}", path=str(path), line=number) from exc


_UNIT_SPELLINGS = {"名": "人", "％": "%", "人·年": "人年", "人•年": "人年"}


def comparable_unit(unit: str | None, value: float | None) -> tuple[str, float | None]:
    """A unit normalised as DEV-README says (名→人, ％→%, 人·年→人年, spaces, traditional → simplified),
    then through the system's own unit normalisation (万元 → 亿元), applied to both sides alike."""
    text = to_simplified((unit or "").replace(" ", ""))
    text = _UNIT_SPELLINGS.get(text, text)
    return normalise_unit(text, value)


def matches_gold(gold: Mapping[str, Any], target: Target) -> bool:
    """The scorer's rule: value (within 0.5 %), value_high, unit alike; the year when both give one."""
    gold_unit, gold_value = comparable_unit(gold.get("unit"), gold.get("value"))
    unit, value = comparable_unit(target.unit, target.value)
    if gold_value is None or value is None or unit != gold_unit:
        return False
    if abs(value - gold_value) > VALUE_TOLERANCE * abs(gold_value):
        return False
    gold_high = gold.get("value_high")
    if (gold_high is None) != (target.value_high is None):
        return False
    if gold_high is not None and target.value_high is not None:
        _, high = comparable_unit(gold.get("unit"), gold_high)
        _, system_high = comparable_unit(target.unit, target.value_high)
        assert high is not None and system_high is not None
        if abs(system_high - high) > VALUE_TOLERANCE * abs(high):
            return False
    year = gold.get("year")
    return year is None or target.target_year is None or int(year) == target.target_year


# Quotation marks and spaces are writing, not words: “专精特新”企业 and 专精特新企业 are the same name.
_NAME_WRITING_RE = re.compile(r"[\s“”\"‘’'「」『』]")


def _name_words(name: str) -> str:
    return _NAME_WRITING_RE.sub("", to_simplified(name))


def _same_name(gold: str, name: str) -> bool:
    """Names are for reading (DEV-README): one holding the other is agreement, so 城镇新增就业 and
    城镇新增就业人数 agree, while a verb or an adverb read as the name (着力解决, 全面) does not."""
    gold, name = _name_words(gold), _name_words(name)
    return bool(gold and name) and (gold in name or name in gold)


def _same_baseline(gold: Mapping[str, Any], target: Target) -> bool:
    """The gold baseline's value within 0.5 % (in the target's unit), and its year when both give one."""
    _, gold_value = comparable_unit(gold.get("unit"), gold.get("baseline_value"))
    _, value = comparable_unit(target.unit, target.baseline_value)
    if gold_value is None or value is None or abs(value - gold_value) > VALUE_TOLERANCE * abs(gold_value):
        return False
    year = gold.get("baseline_year")
    return year is None or target.baseline_year is None or int(year) == target.baseline_year


def score_passage(passage: Passage, gold: Sequence[Mapping[str, Any]], targets: Sequence[Target]) -> PassageResult:
    """One-to-one greedy matching, gold in order, each taking the first system target it matches."""
    numeric_gold = [g for g in gold if g.get("value") is not None]
    numeric = [t for t in targets if t.value is not None]
    pairs, misses, remaining = greedy_match(numeric_gold, numeric, matches_gold)
    tally = Tally(gold=len(numeric_gold), predicted=len(numeric), matched=len(pairs))
    for record, target in pairs:
        gold_name = str(record.get("indicator") or "")
        tally.name_agreed += _same_name(gold_name, target.indicator)
        tally.name_exact += bool(gold_name) and _name_words(gold_name) == _name_words(target.indicator)
        tally.kind_agreed += record.get("kind") == target.kind
        tally.qualifier_agreed += (record.get("qualifier") or None) == (target.qualifier or None)
        if record.get("baseline_value") is not None:
            tally.baseline_gold += 1
            tally.baseline_found += _same_baseline(record, target)
        elif target.baseline_value is not None:
            tally.baseline_unstated += 1
    result = PassageResult(passage=passage, tally=tally, misses=misses, extras=remaining)
    qualitative_gold = [g for g in gold if g.get("value") is None]
    qualitative = [t for t in targets if t.value is None and t.qualitative]
    result.qualitative_gold = len(qualitative_gold)
    result.qualitative_found = sum(
        1 for g in qualitative_gold if any(t.target_year in (None, g.get("year")) for t in qualitative)
    )
    return result


def evaluate_passages(
    passages_path: str | Path, gold_path: str | Path, part: Part = Part.SCORING, model: ClauseModel | None = None
) -> PassageReport:
    """Read each passage of ``part`` as a one-passage plain-text document and score its targets."""
    return score_passages(
        [(p, g) for p, g in load_passages(passages_path, gold_path) if part is Part.ALL or part_of(p.id) is part], part, model
    )


def score_passages(
    loaded: Sequence[tuple[Passage, list[dict[str, Any]]]], part: Part = Part.ALL, model: ClauseModel | None = None
) -> PassageReport:
    """Score passages already loaded (a fold of a cross-validation), read with ``model``."""
    from planwatch.extract.targets import extract_targets

    results = []
    for passage, gold in loaded:
        plan = passage_plan(passage)
        targets, _, _ = extract_targets(plan, context=passage_context(passage, plan), model=model)
        results.append(score_passage(passage, gold, targets))
    return PassageReport(part=part, results=results)


def passage_plan(passage: Passage) -> ParsedPlan:
    """The passage as a one-passage plain-text document."""
    from planwatch.ingest.pipeline import parse_text

    return parse_text(passage.text, name=f"{passage.id}.txt")


def passage_context(passage: Passage, plan: ParsedPlan) -> DocumentContext:
    """What a reader of the passage knows: its own year (when the carrier dates it) and the period its text names,
    else the period its document's title names when the title is a plan's (一图读懂“十五五”规划纲要…: DEV-README's "the
    plan's period is known"; a “十五五”…发展展望 is an author's, not a plan's)."""
    period = (plan.meta.period_start, plan.meta.period_end)
    title = to_simplified(passage.doc_title)
    if period[1] is None and document_kind(title) in PLAN_KINDS:
        period = title_period(title) or period
    return DocumentContext(
        reference_year=passage.doc_year,
        reference_month=dateline_month(plan.paragraphs),
        period_start=period[0],
        period_end=period[1],
        title=passage.doc_title,
    )
