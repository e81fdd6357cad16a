"""Train the entity tagger (src/planwatch/extract/entities.crfsuite) on the study lines only: the odd
ids of data/eval/entities.yaml and every line of data/eval/entities_study_extra.yaml. The scoring
part (even ids) is never read here.

    .venv/bin/python scripts/train_entities.py            # train and write the model
    .venv/bin/python scripts/train_entities.py --folds 5  # cross-validate on the study lines instead

Cross-validation splits the study lines into folds by id, trains on all folds but one and scores the
one left out: rules alone, the tagger alone, and the tagger as shipped (find_mentions).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from planwatch.extract import entity_tagger
from planwatch.extract.entities import find_mentions, rule_spans

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval"


def study_lines() -> list[tuple[str, str, dict[str, str]]]:
    """(key, text, gold names → type) of every study line."""
    found = []
    for item in yaml.safe_load((EVAL / "entities.yaml").read_text(encoding="utf-8"))["lines"]:
        if int(item["id"]) % 2 == 1:
            found.append((f"demo-{item['id']}", str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_extra.yaml").read_text(encoding="utf-8"))["lines"]:
        found.append((f"extra-{item['id']}", str(item["text"]), dict(item["entities"] or {})))
    return found


def examples(lines: list[tuple[str, str, dict[str, str]]]) -> list[tuple[str, list[entity_tagger.Named]]]:
    chosen = []
    for key, text, gold in lines:
        spans, missing = entity_tagger.align(text, gold)
        if missing:
            print(f"{key}: not found in the line: {'、'.join(missing)}", file=sys.stderr)
        chosen.append((text, spans))
    return chosen


def _score(pairs: list[tuple[set[str], set[str]]]) -> str:
    hits = sum(len(p & g) for p, g in pairs)
    predicted, gold = sum(len(p) for p, _ in pairs), sum(len(g) for _, g in pairs)
    precision, recall = hits / max(predicted, 1), hits / max(gold, 1)
    return f"P {precision:.3f} R {recall:.3f} F {2 * precision * recall / max(precision + recall, 1e-9):.3f} ({hits}/{predicted}/{gold})"


def cross_validate(lines: list[tuple[str, str, dict[str, str]]], folds: int) -> None:
    from planwatch.extract.entities import canonical_name

    results: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "fold.crfsuite"
        for fold in range(folds):
            held = [line for index, line in enumerate(lines) if index % folds == fold]
            entity_tagger.train(examples([line for index, line in enumerate(lines) if index % folds != fold]), model)
            for key, text, gold in held:
                wanted = {canonical_name(name) for name in gold}
                rules = {canonical_name(text[s.start : s.end]) for s in rule_spans(text)}
                tagged = {canonical_name(text[s.start : s.end]) for s in entity_tagger.tag(text, model=model)}
                shipped = {m.name for m in find_mentions([text], model=model)}
                for source in ("all", key.split("-")[0]):
                    results[f"rules/{source}"].append((rules, wanted))
                    results[f"tagger/{source}"].append((tagged, wanted))
                    results[f"union/{source}"].append((rules | tagged, wanted))
                    results[f"shipped/{source}"].append((shipped, wanted))
    for name, pairs in results.items():
        print(f"{name:16} {_score(pairs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=0, help="cross-validate with this many folds instead of training")
    args = parser.parse_args()
    lines = study_lines()
    if args.folds:
        cross_validate(lines, args.folds)
        return
    entity_tagger.train(examples(lines), entity_tagger.MODEL_FILE)
    print(f"{entity_tagger.MODEL_FILE.relative_to(ROOT)}: trained on {len(lines)} study lines")


if __name__ == "__main__":
    main()
