"""Which fields (industries, future industries, platforms, zones) each plan names, and how often."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planwatch.compare.matrix import plan_family
from planwatch.ingest.normalise import clean_lines
from planwatch.models import PlanInfo
from planwatch.store import get_source_text, list_plans
from planwatch.store.database import Database

FIELDS_FILE = Path(__file__).with_name("fields.yaml")


@lru_cache(maxsize=1)
def load_fields() -> dict[str, dict[str, tuple[str, ...]]]:
    import yaml

    data = yaml.safe_load(FIELDS_FILE.read_text(encoding="utf-8"))
    return {category: {label: tuple(terms) for label, terms in entries.items()} for category, entries in data.items()}


@dataclass(frozen=True)
class FieldRow:
    category: str
    label: str
    counts: dict[str, int]  # plan key → mentions
    first_lines: dict[str, int]  # plan key → first line that mentions it


def fields_matrix(db: Database) -> tuple[list[PlanInfo], list[FieldRow]]:
    plans = plan_family(list_plans(db))
    texts = {p.key: clean_lines(get_source_text(db, p.key).split("\n")) for p in plans}
    rows = []
    for category, entries in load_fields().items():
        for label, terms in entries.items():
            counts: dict[str, int] = {}
            first: dict[str, int] = {}
            for plan in plans:
                for number, line in enumerate(texts[plan.key], start=1):
                    hits = _mentions(line, terms)
                    if hits:
                        counts[plan.key] = counts.get(plan.key, 0) + hits
                        first.setdefault(plan.key, number)
            rows.append(FieldRow(category, label, counts, first))
    return plans, rows


def _mentions(line: str, terms: tuple[str, ...]) -> int:
    """Mentions in a line, counting overlapping terms once (深港科技创新合作区 inside 河套深港…)."""
    spans: list[tuple[int, int]] = []
    for term in sorted(terms, key=len, reverse=True):
        start = line.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = line.find(term, end)
    return len(spans)
