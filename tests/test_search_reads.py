"""What a search reads: the index's word statistics once per plans stamp, an index merged after a
bulk index that finds exactly what the unmerged one does, and one plan more left unmerged (counts
and identity, not timings: speed is benchmarks/bench_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.api import demo_plans_dir, ingest_paths
from planwatch.search import index
from planwatch.search.index import refresh_index
from planwatch.search.query import search
from planwatch.store import Database, open_database

from .conftest import BACKEND, counted, fresh_url

# Each path of a search: plain words, very common words, a region named, an indicator's synonyms.
QUERIES = ("揭榜挂帅", "科技金融", "国家高新技术企业", "南山区 人工智能", "研发投入强度")


def demo_plans(folder: Path) -> Database:
    folder.mkdir()
    db = open_database(fresh_url(folder))
    assert all(o.error is None for o in ingest_paths(db, [demo_plans_dir()]))
    return db


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


def test_a_merged_index_finds_what_the_unmerged_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unmerged, merged = demo_plans(tmp_path / "unmerged"), demo_plans(tmp_path / "merged")
    try:
        monkeypatch.setattr(index, "MERGE_AFTER", 1000)
        refresh_index(unmerged)
        monkeypatch.setattr(index, "MERGE_AFTER", 5)
        with counted(merged) as statements:
            refresh_index(merged)
        assert sum("'optimize'" in s for s in statements) == (1 if BACKEND == "sqlite" else 0)
        for query in QUERIES:
            assert search(merged, query) == search(unmerged, query), query
    finally:
        unmerged.close()
        merged.close()


def test_one_plan_more_leaves_the_index_unmerged(plans_db: Database, tmp_path: Path) -> None:
    refresh_index(plans_db)
    one_more_plan(plans_db, tmp_path)
    with counted(plans_db) as statements:
        assert len(refresh_index(plans_db)) == 1
    assert not any("'optimize'" in s for s in statements)
