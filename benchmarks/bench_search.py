"""Search and comparison speed: search p95 over the five plans and over a synthetic corpus of
1,000 plans (the seeds under other region names, numbers varied); the comparison matrix.

Run: .venv/bin/python benchmarks/bench_search.py [PLANS]  (writes benchmarks/results/search.json)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _results import write_results
from planwatch.api import demo_plans_dir, load_demo
from planwatch.compare.consistency import check_consistency
from planwatch.compare.matrix import indicator_matrix
from planwatch.extract import extract_targets
from planwatch.ingest import load_manifest, parse_document
from planwatch.search.index import refresh_index
from planwatch.search.query import search
from planwatch.store import open_database, store_plan

QUERIES = [
    "研发投入强度",
    "鹏城实验室",
    "河套深港科技创新合作区",
    "揭榜挂帅",
    "国家高新技术企业",
    "集成电路 人工智能",
    "光明科学城 同步辐射",
    "科技金融",
    "知识产权保护",
    '"quote" OR *',
]
ROUNDS = 20


def timings(db: object) -> dict[str, float]:
    times = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            search(db, query, limit=20)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "max_ms": round(times[-1], 2),
    }


def synthetic_corpus(db: object, count: int) -> dict[str, float]:
    folder = demo_plans_dir()
    manifest = load_manifest(folder / "manifest.yaml")
    parsed = [parse_document(folder / name, meta) for name, meta in manifest.items()]
    rng = random.Random(7)
    size = 0
    started = time.perf_counter()
    for n in range(count):
        base = parsed[n % len(parsed)]
        region = f"合成{n:04d}区"
        text = (
            base.source.text.replace("光明", region[:-1])
            .replace("南山", region[:-1])
            .replace("龙岗", region[:-1])
            .replace("宝安", region[:-1])
        )
        text = text.replace("2025", str(2025 + rng.randint(0, 5)))
        meta = replace(base.meta, key=f"synthetic-{n:04d}", title=f"{region}科技创新规划（合成）", region=region, parent=None)
        document = replace(base.source, text=text, checksum=f"{n:064d}", path=f"synthetic-{n}.txt")
        plan = replace(base, source=document, meta=meta)
        targets, historical, warnings = extract_targets(plan)
        store_plan(db, plan, targets, historical, warnings)  # type: ignore[arg-type]
        size += len(text.encode("utf-8"))
    stored = time.perf_counter() - started
    started = time.perf_counter()
    refresh_index(db)  # type: ignore[arg-type]
    indexed = time.perf_counter() - started
    return {
        "plans": count,
        "megabytes": round(size / 1e6, 1),
        "store_seconds": round(stored, 1),
        "index_seconds": round(indexed, 1),
        "index_mb_per_s": round(size / 1e6 / indexed, 2),
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        db = open_database(str(Path(tmp) / "search.db"))
        load_demo(db)
        five = timings(db)
        matrix_times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            check_consistency(indicator_matrix(db, 2023))
            matrix_times.append((time.perf_counter() - started) * 1000)
        corpus = synthetic_corpus(db, count)
        large = timings(db)
        db_bytes = (Path(tmp) / "search.db").stat().st_size
        db.close()
    write_results(
        "search",
        {
            "five_plans": five,
            "comparison_matrix_ms_median": round(statistics.median(matrix_times), 1),
            "synthetic_corpus": corpus | {"database_mb": round(db_bytes / 1e6, 1)},
            "search_over_synthetic_corpus": large,
        },
    )


if __name__ == "__main__":
    main()
