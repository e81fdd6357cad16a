"""Entity extraction quality on data/eval/entities.yaml: both parts, and the scoring part's errors in
aggregate only (boundary, missed, spurious, type), never line by line: the scoring part is held out.

Run: .venv/bin/python benchmarks/bench_entities.py  (writes benchmarks/results/entities.json)

A predicted name that is no gold name of its line is a boundary error when it shares characters of
the line with a gold name the extractor did not find, else spurious; a gold name not found is a
boundary error on the gold side when such a predicted name overlaps it, else missed.
"""

from __future__ import annotations

from collections import Counter

from _results import write_results
from planwatch.extract.entities import LineResult, evaluate_demo_entities, find_mentions


def _place(line: str, name: str) -> tuple[int, int] | None:
    """Where a name is written in its line: as written, else its longest piece found there (an alias)."""
    for size in range(len(name), 2, -1):
        for start in range(len(name) - size + 1):
            found = line.find(name[start : start + size])
            if found >= 0:
                return found, found + size
    return None


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def error_counts(results: list[LineResult], texts: dict[int, str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r in results:
        line = texts[r.id]
        extra = [_place(line, name) for name in r.predicted if name not in r.gold]
        lost = [_place(line, name) for name in r.gold if name not in r.predicted]
        counts["type_wrong"] += sum(r.predicted[name] != kind for name, kind in r.gold.items() if name in r.predicted)
        counts["boundary_predicted"] += sum(any(_overlap(p, g) for g in lost) for p in extra)
        counts["spurious"] += sum(not any(_overlap(p, g) for g in lost) for p in extra)
        counts["boundary_gold"] += sum(any(_overlap(g, p) for p in extra) for g in lost)
        counts["missed"] += sum(not any(_overlap(g, p) for p in extra) for g in lost)
    return dict(counts)


def main() -> None:
    import yaml

    from planwatch.api import data_dir

    find_mentions(["预热。"])  # load jieba and the model before anything is counted
    results, scores = evaluate_demo_entities()
    items = yaml.safe_load((data_dir() / "eval" / "entities.yaml").read_text(encoding="utf-8"))["lines"]
    texts = {int(item["id"]): str(item["text"]) for item in items}
    parts = {}
    for score in scores:
        parity = 1 if score.part == "study" else 0
        parts[score.part] = {
            "lines": score.lines,
            "gold": score.gold,
            "predicted": score.predicted,
            "matched": score.true_positives,
            "precision": round(score.precision, 3),
            "recall": round(score.recall, 3),
            "types_right": round(score.type_accuracy, 3),
            "errors": error_counts([r for r in results if r.id % 2 == parity], texts),
        }
    write_results("entities", {"set": "data/eval/entities.yaml", "parts": parts})


if __name__ == "__main__":
    main()
