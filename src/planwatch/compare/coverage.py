"""Which district sections take up each task of the city plan.

Text similarity that works for Chinese without word splitting: TF-IDF over character 2–3-grams
(scikit-learn), cosine between each city task and each district section. A task counts as taken
up by a district when its best section scores at least ``THRESHOLD``.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.compare.matrix import plan_family
from planwatch.ingest.normalise import clean_lines
from planwatch.models import PlanInfo, Section
from planwatch.monitor.tasks import trackable_sections
from planwatch.store import get_sections, get_source_text, list_plans
from planwatch.store.database import Database

THRESHOLD = 0.1
SECTION_KINDS = ("section", "subsection", "item", "subitem", "box", "project")


@dataclass(frozen=True)
class Match:
    plan_key: str
    section: Section
    score: float
    passage: str


@dataclass(frozen=True)
class TaskCoverage:
    task: Section
    best: dict[str, Match]  # district plan key → its best section

    def covered_by(self, plan_key: str) -> bool:
        match = self.best.get(plan_key)
        return match is not None and match.score >= THRESHOLD


@dataclass(frozen=True)
class Coverage:
    city: PlanInfo | None  # None: no stored plan has plans below it
    districts: list[PlanInfo]
    tasks: list[TaskCoverage]

    def share(self, plan_key: str) -> float:
        return sum(t.covered_by(plan_key) for t in self.tasks) / len(self.tasks) if self.tasks else 0.0


def section_text(section: Section, lines: list[str]) -> str:
    return "".join(lines[section.start_line - 1 : section.end_line]).strip()


# Said where a coverage has no parent (the /compare page, the CLI)
NOTHING_TO_COMPARE = "尚无可对照的上下级规划：区级承接需要一个上级规划（如市级规划）和以它为上级的规划。"


def _parent(plans: list[PlanInfo], city: str | None) -> PlanInfo | None:
    """The plan whose tasks are compared: ``city`` if given, else a city plan with plans below it, else any such plan."""
    if city is not None:
        return next((p for p in plans if p.key == city), None)
    parents = [p for p in plans if any(q.parent == p.key for q in plans)]
    return next((p for p in parents if p.level == "city"), parents[0] if parents else None)


def task_coverage(db: Database, city: str | None = None) -> Coverage:
    from sklearn.feature_extraction.text import TfidfVectorizer

    plans = plan_family(list_plans(db))
    parent = _parent(plans, city)
    if parent is None:  # a lone province plan, districts whose city plan is not stored: nothing to compare
        return Coverage(None, [], [])
    districts = [p for p in plans if p.parent == parent.key]
    texts: dict[str, list[str]] = {p.key: clean_lines(get_source_text(db, p.key).split("\n")) for p in [parent, *districts]}
    tasks = trackable_sections(get_sections(db, parent.key))
    candidates = {p.key: [s for s in get_sections(db, p.key) if s.kind in SECTION_KINDS] for p in districts}
    task_texts = [section_text(t, texts[parent.key]) for t in tasks]
    pool = [(key, s, section_text(s, texts[key])) for key, sections in candidates.items() for s in sections]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(task_texts + [text for _, _, text in pool])
    similarity = (matrix[: len(tasks)] @ matrix[len(tasks) :].T).toarray()
    result = []
    for row, task in enumerate(tasks):
        best: dict[str, Match] = {}
        for column, (key, section, text) in enumerate(pool):
            score = float(similarity[row, column])
            if key not in best or score > best[key].score:
                best[key] = Match(key, section, score, text[:120])
        result.append(TaskCoverage(task, best))
    return Coverage(parent, districts, result)
