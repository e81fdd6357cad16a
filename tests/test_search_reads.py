"""What a search reads: the index's word statistics once per plans stamp, again after the plans
change (counts, not timings: speed is benchmarks/bench_search.py)."""

from __future__ import annotations

from pathlib import Path

from planwatch.api import ingest_paths
from planwatch.search.index import refresh_index
from planwatch.search.query import search
from planwatch.store import Database

from .conftest import BACKEND, counted


def one_more_plan(db: Database, folder: Path) -> None:
    path = folder / "extra.txt"
    path.write_text("# 示范市科技创新“十四五”规划\n\n到2025年，国家高新技术企业达到120家。\n", encoding="utf-8")
    assert [o.error for o in ingest_paths(db, [path])] == [None]


def vocabulary_reads(statements: list[str]) -> int:
    return sum("search_fts_vocab" in s for s in statements)


def test_word_statistics_are_read_once_until_the_plans_change(plans_db: Database, tmp_path: Path) -> None:
    search(plans_db, "揭榜挂帅")
    with counted(plans_db) as again:
        search(plans_db, "揭榜挂帅")
    one_more_plan(plans_db, tmp_path)
    with counted(plans_db) as after_ingest:
        search(plans_db, "揭榜挂帅")
    assert vocabulary_reads(again) == 0
    # FTS5 keeps the statistics; PostgreSQL matches every word and reads none
    assert vocabulary_reads(after_ingest) == (1 if BACKEND == "sqlite" else 0)


def test_equal_scores_come_in_index_order_and_the_limit_keeps_the_first(db: Database, tmp_path: Path) -> None:
    for n, region in enumerate(["甲市", "乙市", "丙市", "丁市"]):
        path = tmp_path / f"plan-{n}.txt"
        path.write_text(f"# {region}科技创新“十四五”规划\n\n到2025年，量子通信示范网络覆盖全部园区。\n", encoding="utf-8")
        assert [o.error for o in ingest_paths(db, [path])] == [None]
        refresh_index(db)  # indexed one by one: the index order is the ingest order
    every = search(db, "量子通信示范网络", limit=10)
    first_two = search(db, "量子通信示范网络", limit=2)
    assert len({h.score for h in every}) == 1  # one paragraph, four plans: four equal scores
    assert [h.plan_title[:2] for h in every] == ["甲市", "乙市", "丙市", "丁市"]
    assert first_two == every[:2]
    assert search(db, "量子通信示范网络", kind=every[0].section_kind, limit=2) == first_two  # a filter joins first: same order


def test_each_filter_applies_whatever_was_searched_before(demo_db: Database) -> None:
    everything = search(demo_db, "人工智能", limit=50)
    districts = search(demo_db, "人工智能", level="district", limit=50)
    one_plan = search(demo_db, "人工智能", plan="nanshan", limit=50)
    items = search(demo_db, "人工智能", kind="item", limit=50)
    assert {h.level for h in everything} == {"city", "district"}
    assert districts and {h.level for h in districts} == {"district"}
    assert one_plan and {h.plan_key for h in one_plan} == {"nanshan"}
    assert items and {h.section_kind for h in items} == {"item"}
    assert search(demo_db, "人工智能", limit=50) == everything  # and none of them stays on
