"""Ingest speed: the five demo plans read → parse → store, a whole `planwatch ingest` process, and
`planwatch --help` start-up.

Run: .venv/bin/python benchmarks/bench_ingest.py  (writes benchmarks/results/ingest.json)

Each figure is given in wall-clock time and in this process's CPU time (time.process_time): on a
machine shared with other work the CPU time is disturbed far less, and "per core" is what it says.
The load average at the start is recorded beside them. The rounds of ingest end to end run in one
warm process (imports, regular expressions and migrations done); `planwatch ingest` of the folder
(--workers 1, a fresh SQLite file) is what a user waits for, imports and migrations included.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import write_results
from planwatch.api import demo_plans_dir, ingest_paths
from planwatch.ingest import load_manifest, parse_document
from planwatch.store import open_database

ROUNDS = 5


def main() -> None:
    folder = demo_plans_dir()
    manifest = load_manifest(folder / "manifest.yaml")
    files = [folder / name for name in manifest]
    size = sum(f.stat().st_size for f in files)

    load = os.getloadavg()[0]
    parse_times, parse_cpu = [], []
    for _ in range(ROUNDS):
        start, cpu = time.perf_counter(), time.process_time()
        for f in files:
            parse_document(f, manifest[f.name])
        parse_times.append(time.perf_counter() - start)
        parse_cpu.append(time.process_time() - cpu)

    ingest_times, ingest_cpu = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(str(Path(tmp) / "bench.db"))  # migrations run here, outside the timing
            start, cpu = time.perf_counter(), time.process_time()
            outcomes = ingest_paths(db, [folder])
            ingest_times.append(time.perf_counter() - start)
            ingest_cpu.append(time.process_time() - cpu)
            assert all(o.result for o in outcomes)
            db.close()

    cli_times, cli_cpu = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            env = os.environ | {"PLANWATCH_DATABASE_URL": str(Path(tmp) / "cli.db")}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).parent / "planwatch"), "ingest", str(folder), "--workers", "1"],
                check=True,
                capture_output=True,
                env=env,
            )
            cli_times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cli_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    help_times = []
    exe = Path(sys.executable).parent / "planwatch"
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run([str(exe), "--help"], check=True, capture_output=True)
        help_times.append(time.perf_counter() - start)

    results = {
        "corpus_bytes": size,
        "files": len(files),
        "load_average_1min": round(load, 2),
        "parse_seconds_median": round(statistics.median(parse_times), 4),
        "parse_mb_per_s": round(size / 1e6 / statistics.median(parse_times), 2),
        "parse_cpu_seconds_median": round(statistics.median(parse_cpu), 4),
        "parse_cpu_mb_per_s": round(size / 1e6 / statistics.median(parse_cpu), 2),
        "ingest_seconds_median": round(statistics.median(ingest_times), 4),
        "ingest_mb_per_s": round(size / 1e6 / statistics.median(ingest_times), 2),
        "ingest_cpu_seconds_median": round(statistics.median(ingest_cpu), 4),
        "ingest_cpu_mb_per_s": round(size / 1e6 / statistics.median(ingest_cpu), 2),
        "cli_ingest_seconds_median": round(statistics.median(cli_times), 3),
        "cli_ingest_cpu_seconds_median": round(statistics.median(cli_cpu), 3),
        "help_seconds_median": round(statistics.median(help_times), 3),
    }
    write_results("ingest", results)


if __name__ == "__main__":
    main()
