"""Extraction speed and accuracy: the five plans, and the corpus replicated 10 and 100 times.

Run: .venv/bin/python benchmarks/bench_extract.py [--gold ../shared/gold/targets.json]
(writes benchmarks/results/extract.json). Each copy is parsed and extracted on its own, one
core, so the figures show whether cost grows linearly with the corpus.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from _results import write_results
from planwatch.api import demo_plans_dir, evaluate_folder
from planwatch.extract import extract_targets
from planwatch.ingest import load_manifest, parse_source, read_document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(Path(__file__).resolve().parents[2] / "shared" / "gold" / "targets.json"))
    args = parser.parse_args()
    folder = demo_plans_dir()
    manifest = load_manifest(folder / "manifest.yaml")
    sources = [(read_document(folder / name), meta) for name, meta in manifest.items()]
    size = sum(s.size for s, _ in sources)
    runs = []
    for copies in (1, 10, 100):
        targets = 0
        start = time.perf_counter()
        for _ in range(copies):
            for source, meta in sources:
                found, _, _ = extract_targets(parse_source(source, meta))
                targets += len(found)
        seconds = time.perf_counter() - start
        runs.append(
            {
                "copies": copies,
                "megabytes": round(size * copies / 1e6, 2),
                "seconds": round(seconds, 3),
                "mb_per_s": round(size * copies / 1e6 / seconds, 2),
                "targets": targets,
            }
        )
        print(runs[-1], flush=True)
    _, total = evaluate_folder(args.gold, folder)
    results = {
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "gold": {
            "precision": round(total.precision, 4),
            "recall": round(total.recall, 4),
            "f1": round(total.f1, 4),
            "gold_targets": total.gold,
            "predicted": total.predicted,
            "misses": len(total.misses),
            "extras": len(total.extras),
        },
    }
    write_results("extract", results)


if __name__ == "__main__":
    main()
