"""Scoring answers against the hand-written question set (data/eval/questions.yaml).

A question is correct when the answer holds every expected string, none of the forbidden ones,
and every expected citation (a plan and one of its lines, or an observation). The set is split
by id parity, fixed before tuning: odd ids are the study part, even ids the scoring part.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from planwatch.errors import InputError
from planwatch.search.answer import Answer, Citation, ask
from planwatch.store.database import Database


class Part(StrEnum):
    study = "study"
    scoring = "scoring"


def part_of(item_id: int) -> Part:
    """The split rule of both evaluation sets: odd ids are studied, even ids only scored."""
    return Part.study if item_id % 2 else Part.scoring


@dataclass(frozen=True)
class QuestionResult:
    id: int
    part: Part
    question: str
    answer: str
    correct: bool
    problems: tuple[str, ...]  # what was missing, forbidden or uncited


@dataclass(frozen=True)
class PartScore:
    part: Part
    total: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_questions(path: str | Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        questions: list[dict[str, Any]] = data["questions"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a question set ({exc})") from exc
    return questions


def _cited(expected: dict[str, Any], citations: list[Citation]) -> bool:
    if "observation" in expected:
        region, key, year = expected["observation"]
        return any(c.observation_id is not None and (c.region, c.indicator_key, c.year) == (region, key, int(year)) for c in citations)
    lines = set(expected["lines"])
    return any(c.plan_key == expected["plan"] and lines & set(c.lines) for c in citations)


def check(item: dict[str, Any], answer: Answer) -> QuestionResult:
    problems = [f"缺少“{s}”" for s in item.get("must", []) if str(s) not in answer.text]
    problems += [f"不应出现“{s}”" for s in item.get("must_not", []) if str(s) in answer.text]
    problems += [f"未引用{c}" for c in item.get("cite", []) if not _cited(c, answer.citations)]
    item_id = int(item["id"])
    return QuestionResult(item_id, part_of(item_id), item["question"], answer.text, not problems, tuple(problems))


def evaluate_questions(db: Database, path: str | Path) -> tuple[list[QuestionResult], list[PartScore]]:
    """Ask every question of the set (with its filters) of the demo loaded in ``db``, and score
    both parts."""
    results = [check(item, ask(db, item["question"], **(item.get("filters") or {}))) for item in load_questions(path)]
    scores = [
        PartScore(part, sum(r.part == part for r in results), sum(r.part == part and r.correct for r in results))
        for part in (Part.study, Part.scoring)
    ]
    return results, scores


def evaluate_demo_questions(path: str | Path | None = None) -> tuple[list[QuestionResult], list[PartScore]]:
    """Load the demo (plans, observations, task entries) into a throwaway SQLite database and
    score the question set (by default the bundled data/eval/questions.yaml) on it."""
    import tempfile

    from planwatch.api import data_dir, load_demo
    from planwatch.store import open_database

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'eval.db'}")
        try:
            load_demo(db)
            return evaluate_questions(db, path or data_dir() / "eval" / "questions.yaml")
        finally:
            db.close()
