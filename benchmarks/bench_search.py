"""Search, comparison and scale: search p95 over the five plans; the comparison matrix; then
synthetic corpora of 10, 100 and 1,000 plans (the seeds under other region names, years varied)
ingested and indexed with all cores — throughput, peak memory, database size, search latency.

Run: .venv/bin/python benchmarks/bench_search.py [MAX_PLANS]  (writes benchmarks/results/search.json)
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from _results import write_results
from planwatch.api import demo_plans_dir, ingest_paths, load_demo
from planwatch.compare.consistency import check_consistency
from planwatch.compare.matrix import indicator_matrix
from planwatch.ingest import load_manifest
from planwatch.search.answer import ask
from planwatch.search.index import refresh_index
from planwatch.search.query import search
from planwatch.store import Database, open_database

QUERIES = ["研发投入强度", "鹏城实验室", "河套深港科技创新合作区", "揭榜挂帅", "国家高新技术企业", "集成电路 人工智能", "光明科学城 同步辐射", "科技金融", "知识产权保护", "\"quote\" OR *"]
QUESTIONS = ["哪些区的研发投入强度目标低于全市", "2023年南山区哪些指标滞后？", "光明区专栏1有哪些项目？", "南山区2022年PCT国际专利申请量是多少？", "规划中有没有关于量子计算的内容？"]
ROUNDS = 20
WORKERS = os.cpu_count() or 1


def timings(db: Database) -> dict[str, float]:
    """Wall clock and this process's CPU time per search: on a shared machine the CPU time is
    what the search itself cost, the wall clock adds waiting for a core."""
    times, cpu = [], []
    for _ in range(ROUNDS):
        for query in QUERIES:
            started, started_cpu = time.perf_counter(), time.process_time()
            search(db, query, limit=20)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    cpu.sort()
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "max_ms": round(times[-1], 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(cpu[int(len(cpu) * 0.95)], 2),
    }


def ask_timings(db: Database) -> dict[str, float]:
    times = []
    for _ in range(ROUNDS // 4):
        for question in QUESTIONS:
            started = time.perf_counter()
            ask(db, question)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"questions": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(len(times) * 0.95)], 1)}


def write_corpus(folder: Path, count: int) -> int:
    """``count`` plan files made from the seeds: other region names, target years shifted."""
    seeds = [(demo_plans_dir() / name).read_text(encoding="utf-8") for name in load_manifest(demo_plans_dir() / "manifest.yaml")]
    rng = random.Random(7)
    size = 0
    for n in range(count):
        text = seeds[n % len(seeds)]
        for district in ("光明", "南山", "龙岗", "宝安"):
            text = text.replace(district, f"合成{n:04d}")
        text = text.replace("2025", str(2025 + rng.randint(0, 5)))
        path = folder / f"synthetic-{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        size += path.stat().st_size
    return size


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def scale(count: int, tmp: Path) -> dict[str, float]:
    folder = tmp / f"corpus-{count}"
    folder.mkdir()
    size = write_corpus(folder, count)
    db_path = tmp / f"scale-{count}.db"
    db = open_database(f"sqlite:///{db_path}")
    started = time.perf_counter()
    outcomes = ingest_paths(db, [folder], workers=WORKERS)
    ingest = time.perf_counter() - started
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes if o.error][:3]
    started = time.perf_counter()
    refresh_index(db, workers=WORKERS)
    indexing = time.perf_counter() - started
    load = os.getloadavg()[0]  # the machine is shared: the load beside the latency it was measured under
    latency = timings(db)
    db.close()
    return {
        "plans": count,
        "megabytes": round(size / 1e6, 1),
        "ingest_seconds": round(ingest, 1),
        "ingest_mb_per_s": round(size / 1e6 / ingest, 2),
        "plans_per_s": round(count / ingest, 1),
        "index_seconds": round(indexing, 1),
        "index_mb_per_s": round(size / 1e6 / indexing, 2),
        "database_mb": round(db_path.stat().st_size / 1e6, 1),
        "search_p50_ms": latency["p50_ms"],
        "search_p95_ms": latency["p95_ms"],
        "search_cpu_p50_ms": latency["cpu_p50_ms"],
        "search_cpu_p95_ms": latency["cpu_p95_ms"],
        "load_1min_before_search": round(load, 2),
        "peak_rss_mb_so_far": peak_rss_mb(),
    }


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as folder:
        tmp = Path(folder)
        db = open_database(f"sqlite:///{tmp / 'demo.db'}")
        load_demo(db)
        five = timings(db)
        answers = ask_timings(db)
        matrix_times, matrix_cpu = [], []
        for _ in range(ROUNDS):
            started, started_cpu = time.perf_counter(), time.process_time()
            check_consistency(indicator_matrix(db, 2023))
            matrix_times.append((time.perf_counter() - started) * 1000)
            matrix_cpu.append((time.process_time() - started_cpu) * 1000)
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        indicator_matrix(db, 2023)
        db.close()
        series = [scale(count, tmp) for count in (10, 100, 1000) if count <= largest]
    loads = {"at_start": [round(x, 2) for x in load_at_start], "at_end": [round(x, 2) for x in os.getloadavg()]}
    write_results("search", {"workers": WORKERS, "load_average_1_5_15min": loads, "five_plans": five, "ask_five_plans": answers, "comparison_matrix_ms_median": round(statistics.median(matrix_times), 1), "comparison_matrix_cpu_ms_median": round(statistics.median(matrix_cpu), 1), "comparison_matrix_queries": len(statements), "scale": series})


if __name__ == "__main__":
    main()
