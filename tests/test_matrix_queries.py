"""The comparison matrix reads the store a fixed number of times per plan: its query count does
not grow with the targets a plan holds, and each plan is rated once (counts, not timings)."""

from __future__ import annotations

from pathlib import Path

from planwatch.api import ingest_paths
from planwatch.compare.matrix import indicator_matrix
from planwatch.store import Database, list_plans, open_database

from .conftest import counted, fresh_url

# Target sentences of a made-up city plan, each one a catalog indicator the reader recognises.
_TARGET_LINES = (
    "到2025年，国家高新技术企业达到{}家。",
    "到2025年，全社会研发投入占地区生产总值比重达到{}%。",
    "到2025年，PCT国际专利申请量达到{}件。",
    "到2025年，每万人高价值发明专利拥有量达到{}件。",
)


def plan_with_targets(folder: Path, count: int) -> Database:
    """A new database holding one city plan with ``count`` targets."""
    folder.mkdir()
    body = "\n\n".join(line.format(10 + n) for n, line in enumerate(_TARGET_LINES[:count]))
    path = folder / "plan.txt"
    path.write_text(f"# 示范市科技创新“十四五”规划\n\n## 二、发展目标\n\n{body}\n", encoding="utf-8")
    db = open_database(fresh_url(folder))
    outcomes = ingest_paths(db, [path])
    assert [o.error for o in outcomes] == [None]
    return db


def matrix_queries(db: Database) -> int:
    indicator_matrix(db, 2023)  # warm: the first read may load what every later one shares
    with counted(db) as statements:
        indicator_matrix(db, 2023)
    return len(statements)


def test_the_matrix_reads_as_often_for_one_target_as_for_four(tmp_path: Path) -> None:
    one, four = plan_with_targets(tmp_path / "one", 1), plan_with_targets(tmp_path / "four", 4)
    try:
        assert len(indicator_matrix(four, 2023).rows) == 4  # the four targets are there to be read
        assert matrix_queries(four) == matrix_queries(one)
    finally:
        one.close()
        four.close()


def test_the_matrix_rates_each_plan_once(demo_db: Database) -> None:
    with counted(demo_db) as statements:
        indicator_matrix(demo_db, 2023)
    target_reads = [s for s in statements if s.lstrip().startswith("SELECT targets.")]
    assert len(target_reads) == len(list_plans(demo_db))


def test_listing_plans_reads_as_often_for_five_plans_as_for_one(demo_db: Database, tmp_path: Path) -> None:
    single = plan_with_targets(tmp_path / "single", 1)
    try:
        with counted(single) as one:
            list_plans(single)
        with counted(demo_db) as five:
            plans = list_plans(demo_db)
        assert len(plans) == 5
        assert len(five) == len(one)
    finally:
        single.close()
