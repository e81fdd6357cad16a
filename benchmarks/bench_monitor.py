"""Monitoring speed: importing observations, rating every plan, writing reports.

Run: .venv/bin/python benchmarks/bench_monitor.py  (writes benchmarks/results/monitor.json)

The import file is synthetic: every catalog indicator of each demo region for 2020–2025,
from several sources each, so that duplicates and agreement checks do real work.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from _results import write_results
from planwatch.api import load_demo
from planwatch.extract.catalog import load_catalog
from planwatch.monitor.assessment import assess_plan
from planwatch.monitor.entry import import_file
from planwatch.report import FORMATS, write_report
from planwatch.store import list_plans, open_database
from planwatch.store.monitoring import list_observations

ROUNDS = 5
SOURCES = 40  # statements per region × indicator × year


def synthetic_rows(regions: list[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for region in regions:
        for indicator in load_catalog().values():
            for year in range(2020, 2026):
                for source in range(SOURCES):
                    # every 20th source states the figure differently: a conflict to detect
                    value = 50 + year - 2020 + (5 if source % 20 == 19 else 0)
                    rows.append([region, indicator.name, year, value, indicator.unit, f"https://example.org/{source}", ""])
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        load_demo(db)
        demo_seconds = time.perf_counter() - started
        regions = sorted({p.region for p in list_plans(db) if p.region})
        path = Path(tmp) / "observations.csv"
        rows = synthetic_rows(regions)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["region", "indicator", "year", "value", "unit", "source_url", "quote"])
            writer.writerows(rows)
        started = time.perf_counter()
        report = import_file(db, path)
        import_seconds = time.perf_counter() - started
        assert len(report.added) == len(rows)
        stored = len(list_observations(db))

        plans = [p.key for p in list_plans(db)]
        status_times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            for key in plans:
                assess_plan(db, key, 2023)
            status_times.append(time.perf_counter() - started)

        city = assess_plan(db, "shenzhen", 2023)
        report_seconds = {}
        for fmt in FORMATS:
            times = []
            for _ in range(3):
                started = time.perf_counter()
                write_report(city, Path(tmp) / f"report.{fmt}", fmt)
                times.append(time.perf_counter() - started)
            report_seconds[fmt] = round(statistics.median(times), 3)
        db.close()

    write_results(
        "monitor",
        {
            "demo_load_seconds": round(demo_seconds, 3),
            "import_rows": len(rows),
            "import_seconds": round(import_seconds, 2),
            "import_rows_per_s": round(len(rows) / import_seconds),
            "observations_stored": stored,
            "status_all_five_plans_seconds_median": round(statistics.median(status_times), 3),
            "report_seconds_median_city_plan": report_seconds,
        },
    )


if __name__ == "__main__":
    main()
