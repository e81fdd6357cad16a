"""What a group of typed-in observations holds the write lock for (#17 item 8): the demo, then
12,000 statements of bench_web's figure (南山区, tech_contract_turnover, 2024) inserted by SQL after
PostgreSQL's ANALYZE, with autovacuum off — statistics from before a burst of data entry, as under
bench_web's mixed load — then groups of 1, 3, 5 and 10 new observations (each its own source URL)
stored one after another in their exclusive transaction, 60 groups each; per group size the p50 of
the transaction (lock uncontended) and of each statement in it, the duplicate check's among them.
Then the duplicate check of 12 sources of 12 figures of 南山区, as of an import of 12 rows (p50 of 20,
after 10 to warm). ``from_insert_p50_ms``: from the start of the first INSERT to the end of the commit,
the part writers of other sources still take turns for on PostgreSQL (the insert turn); before it,
writers of other sources check at the same time.

Then two writers, each a process of its own as a server worker is, typing in one observation after
another (each its own source of the figure) through the group commit for ``--seconds``: writes a
second in all, and per write p50 / p95 of its latency and of its wait at the write lock's statement;
then one writer alone for the same time, for comparison.

Run: .venv/bin/python benchmarks/bench_write_lock.py [--postgres URL] [--statements 12000] [--seconds 10]
(with --postgres a fresh database is made on that server and dropped after). Prints its figures and
records nothing: a run on a shared machine is noisy, per-operation figures less so than latencies.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from bench_web import PLANWATCH, fresh_postgres
from planwatch.monitor import entry
from planwatch.monitor.observations import ValidationContext, observation_from_row
from planwatch.store import open_database
from planwatch.store.monitoring import statements_of_sources
from planwatch.store.repository import plan_periods

FIGURE = {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024, "unit": "亿元"}
GROUPS, REPEATS, WARM = (1, 3, 5, 10), 60, 5


def burst(db: Any, count: int) -> None:
    """``count`` statements of the figure, each from its own source, in 30 wordings."""
    postgres = db.engine.dialect.name == "postgresql"
    rows = f"generate_series(1, {count}) AS s(g)" if postgres else f"(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {count}) SELECT g FROM s)"
    yes, no = ("true", "false") if postgres else ("1", "0")
    with db.engine.begin() as connection:
        if postgres:
            connection.exec_driver_sql("ANALYZE observations")
            connection.exec_driver_sql("ALTER TABLE observations SET (autovacuum_enabled = false)")
        connection.execute(
            text(
                "INSERT INTO observations (region, indicator_key, indicator_name, year, value, unit, value_raw, unit_raw, source,"
                " source_url, quote, note, illustrative, entered_by, entered_at, version, current, withdrawn, wording)"
                " SELECT '南山区', 'tech_contract_turnover', '技术合同成交额', 2024, 100 + g % 30, '亿元', '1', '亿元', '', 'http://burst/' || g,"
                f" '', '', {no}, 'editor', CURRENT_TIMESTAMP, 1, {yes}, {no}, 'w' || (g % 30) FROM {rows}"
            )
        )


def kind(statement: str) -> str:
    """What a statement of the transaction is, as its figure is named."""
    if inserted := re.findall(r"INSERT INTO (\w+)", statement):
        return "insert_into_" + "_and_".join(inserted)  # PostgreSQL's typed-in rows and audit records: one statement
    if "advisory" in statement or "IMMEDIATE" in statement:
        return "lock"
    if "wal_checkpoint" in statement:
        return "sqlite_checkpoint_after_the_lock"  # every 150th transaction
    return "duplicate_check"


def measure(url: str, statements: int, seconds: float) -> dict[str, Any]:
    subprocess.run([str(PLANWATCH), "--db", url, "demo"], check=True, capture_output=True)
    db = open_database(url)
    burst(db, statements)
    timed: list[tuple[str, float]] | None = None

    @event.listens_for(db.engine, "before_cursor_execute")
    def started(conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(db.engine, "after_cursor_execute")
    def finished(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if timed is not None:
            timed.append((kind(statement), time.perf_counter() - conn.info["bench_started"]))
            if inserted[0] is None and "INSERT" in statement:
                inserted[0] = conn.info["bench_started"]

    inserted: list[float | None] = [None]  # when the transaction's first INSERT began

    context = ValidationContext.build(plan_periods(db))

    def draft(value: str, source: str) -> Any:
        return observation_from_row(FIGURE | {"value": value, "source_url": source}, None, context).observation

    def ms(values: list[float]) -> float:
        return round(statistics.median(values) * 1e3, 3)

    results: dict[str, Any] = {"statements_of_the_figure": statements}
    serial = 0
    for size in GROUPS:
        totals: list[float] = []
        from_insert: list[float] = []
        spans: dict[str, list[float]] = defaultdict(list)
        for repeat in range(WARM + REPEATS):
            jobs = []
            for _ in range(size):
                serial += 1
                jobs.append(entry.TypedIn(draft(str(100 + serial % 50), f"http://typed/{serial}"), "editor"))
            timed, inserted[0] = [], None
            group = entry.typed_in_group(db)
            narrowed = getattr(group, "keys", None)  # a checkout from before keyed transactions has none: compared with it
            scope = {} if narrowed is None else {"keys": functools.partial(narrowed, jobs)}
            begun = time.perf_counter()
            with db.transaction(exclusive=True, **scope) as session:
                group.write(session, jobs)
            if repeat >= WARM:
                ended = time.perf_counter()
                totals.append(ended - begun)
                from_insert.append(ended - (inserted[0] or ended))
                for name, spent in timed:
                    spans[name].append(spent)
            timed = None
        results[f"group_of_{size}"] = {
            "transaction_p50_ms": ms(totals),
            "from_insert_p50_ms": ms(from_insert),
            **{f"{name}_p50_ms": ms(spent) for name, spent in spans.items()},
        }
    keys = ("tech_contract_turnover", "rd_expenditure", "national_high_tech_enterprises")
    rows = [{"region": "南山区", "indicator_key": k, "year": y, "value": "1", "source_url": "http://bulletin/2024"} for k in keys for y in range(2021, 2025)]
    imported = [observation_from_row(r | {"unit": "家" if r["indicator_key"] == keys[2] else "亿元"}, None, context).observation for r in rows]
    checks = []
    with db.transaction(exclusive=True) as session:
        for _ in range(30):
            begun = time.perf_counter()
            statements_of_sources(session, imported)
            checks.append(time.perf_counter() - begun)
    results["check_of_12_figures_sources_p50_ms"] = ms(checks[10:])
    db.close()
    for writers in (2, 1):
        results[f"{writers}_writers"] = writing_together(url, writers, seconds)
    return results


def writing_together(url: str, writers: int, seconds: float) -> dict[str, Any]:
    """``writers`` processes typing in observations one after another for ``seconds``, started together."""
    context = multiprocessing.get_context("spawn")  # each opens its own engine, as a worker does
    start, results = context.Barrier(writers), context.Queue()
    processes = [context.Process(target=writer, args=(url, n, seconds, start, results)) for n in range(writers)]
    for process in processes:
        process.start()
    found = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join(30)
    latencies = [t for f in found for t in f["latencies"]]
    waits = [t for f in found for t in f["lock_waits"]]

    def quantile(values: list[float], q: int) -> float:
        return round(statistics.quantiles(values, n=100)[q - 1] * 1e3, 3)

    return {
        "writes_per_s": round(len(latencies) / seconds, 1),
        "write_p50_ms": quantile(latencies, 50),
        "write_p95_ms": quantile(latencies, 95),
        "lock_statement_p50_ms": quantile(waits, 50),
        "lock_statement_p95_ms": quantile(waits, 95),
    }


def writer(url: str, n: int, seconds: float, start: Any, results: Any) -> None:
    """One writer process: a typed-in observation at a time, each a new source of the figure."""
    db = open_database(url)
    context = ValidationContext.build(plan_periods(db))
    waits: list[float] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def started(conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(db.engine, "after_cursor_execute")
    def finished(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if kind(statement) == "lock":
            waits.append(time.perf_counter() - conn.info["bench_started"])

    def add(serial: int) -> float:
        draft = observation_from_row(FIGURE | {"value": str(100 + serial % 50), "source_url": f"http://writer{n}-{os.getpid()}/{serial}"}, None, context)
        begun = time.perf_counter()
        entry.typed_in_group(db).submit(entry.TypedIn(draft.observation, "editor"))
        return time.perf_counter() - begun

    for serial in range(20):  # warm: prepared statements, the pool
        add(-1 - serial)
    waits.clear()
    start.wait()
    latencies, ends, serial = [], time.perf_counter() + seconds, 0
    while time.perf_counter() < ends:
        serial += 1
        latencies.append(add(serial))
    db.close()
    results.put({"latencies": latencies, "lock_waits": waits})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to run on (a fresh database is made there)")
    parser.add_argument("--statements", type=int, default=12_000, help="statements of the figure before the groups")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the writers write together (and one alone)")
    args = parser.parse_args()
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = fresh_postgres(args.postgres) if args.postgres else (f"sqlite:///{Path(tmp) / 'lock.db'}", None)
        try:
            results = measure(url, args.statements, args.seconds)
        finally:
            if drop is not None:
                drop()  # type: ignore[operator]
    backend = "postgresql" if args.postgres else "sqlite"
    print(json.dumps({"backend": backend, "load_average_before": load, "python": sys.version.split()[0], **results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
