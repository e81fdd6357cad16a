"""Train the entity tagger (src/planwatch/extract/entities.crfsuite) on the study lines only: the odd
ids of data/eval/entities.yaml, every line of data/eval/entities_study_demo.yaml (further lines drawn
from the demo plans) and of data/eval/entities_study_extra.yaml. The scoring part (even ids) is never
read here.

    .venv/bin/python scripts/train_entities.py            # train and write the model
    .venv/bin/python scripts/train_entities.py --folds 5  # cross-validate on the study lines instead
    .venv/bin/python scripts/train_entities.py --by-plan  # cross-validate leaving one plan out at a time
    .venv/bin/python scripts/train_entities.py --by-plan --without-further  # the same, not trained on the further lines

Cross-validation splits the study lines into folds (by id, or by plan: each demo plan's study lines
(both files) and the extra lines are one fold each), trains on all folds but one and scores the one left out: rules
alone, the tagger alone, the tagger as shipped reading each line alone (``line``) and as shipped
reading each demo line in its plan (``shipped``: find_mentions over the whole plan). Folds by id share the plans' names
(光明科学城, 鹏城实验室 recur from line to line), so they reward a model that remembers names; folds by
plan score lines of a plan the model never saw, as the scoring part's lines are unseen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import yaml

from planwatch.extract import entity_tagger
from planwatch.extract.entities import find_mentions, rule_spans

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval"


class StudyLine(NamedTuple):
    key: str  # demo-<id> (entities.yaml), further-<id> (entities_study_demo.yaml) or extra-<id>
    plan: str  # the demo plan's key, or "extra"
    number: int  # the line's number in its demo plan (0 for an extra line: it has no plan)
    text: str
    gold: dict[str, str]  # name → type


def study_lines() -> list[StudyLine]:
    """Every study line with its gold names."""
    found = []
    for item in yaml.safe_load((EVAL / "entities.yaml").read_text(encoding="utf-8"))["lines"]:
        if int(item["id"]) % 2 == 1:
            found.append(StudyLine(f"demo-{item['id']}", str(item["plan"]), int(item["line"]), str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_demo.yaml").read_text(encoding="utf-8"))["lines"]:
        found.append(StudyLine(f"further-{item['id']}", str(item["plan"]), int(item["line"]), str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_extra.yaml").read_text(encoding="utf-8"))["lines"]:
        found.append(StudyLine(f"extra-{item['id']}", "extra", 0, str(item["text"]), dict(item["entities"] or {})))
    return found


def examples(lines: list[StudyLine]) -> list[tuple[str, list[entity_tagger.Named]]]:
    chosen = []
    for key, _plan, _number, text, gold in lines:
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


def folds(lines: list[StudyLine], by_plan: bool, count: int = 5) -> list[tuple[list[StudyLine], list[StudyLine]]]:
    """(held out, trained on) per fold: by plan, each plan's lines (and the extra lines) are one fold;
    else every count-th line by position."""
    fold_of = [line.plan if by_plan else str(index % count) for index, line in enumerate(lines)]
    return [
        ([line for line, f in zip(lines, fold_of, strict=True) if f == fold], [line for line, f in zip(lines, fold_of, strict=True) if f != fold])
        for fold in sorted(set(fold_of))
    ]


def cross_validate(splits: list[tuple[list[StudyLine], list[StudyLine]]]) -> None:
    """Score each fold's model on the lines it was not trained on. ``shipped`` reads a demo line in
    its plan (find_mentions over all the plan's lines, with the fold model: the names the fold model
    reads elsewhere in the plan carry over, never the gold's), as the product and the scoring part do;
    ``line`` reads it alone. An extra line has no plan: both read it alone."""
    from planwatch.extract.entities import canonical_name, demo_plan_lines

    plans = demo_plan_lines()
    results: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "fold.crfsuite"
        for held, trained in splits:
            entity_tagger.train(examples(trained), model)
            in_plan = {plan: find_mentions(plans[plan], model=model) for plan in {line.plan for line in held if line.number}}
            for key, plan, number, text, gold in held:
                wanted = {canonical_name(name) for name in gold}
                rules = {canonical_name(text[s.start : s.end]) for s in rule_spans(text)}
                tagged = {canonical_name(text[s.start : s.end]) for s in entity_tagger.tag(text, model=model)}
                alone = {m.name for m in find_mentions([text], model=model)}
                shipped = {m.name for m in in_plan[plan] if m.line == number} if number else alone
                for source in ("all", key.split("-")[0]):
                    results[f"rules/{source}"].append((rules, wanted))
                    results[f"tagger/{source}"].append((tagged, wanted))
                    results[f"union/{source}"].append((rules | tagged, wanted))
                    results[f"line/{source}"].append((alone, wanted))
                    results[f"shipped/{source}"].append((shipped, wanted))
    for name, pairs in results.items():
        print(f"{name:16} {_score(pairs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=0, help="cross-validate with this many folds by id instead of training")
    parser.add_argument("--by-plan", action="store_true", help="cross-validate with one fold per plan instead of training")
    parser.add_argument(
        "--without-further", action="store_true", help="cross-validate training on no line of entities_study_demo.yaml (they are still scored)"
    )
    args = parser.parse_args()
    lines = study_lines()
    if args.by_plan or args.folds:
        splits = folds(lines, args.by_plan, args.folds)
        if args.without_further:  # the model as before these lines, scored on them too
            splits = [(held, [line for line in trained if not line.key.startswith("further-")]) for held, trained in splits]
        cross_validate(splits)
        return
    entity_tagger.train(examples(lines), entity_tagger.MODEL_FILE)
    print(f"{entity_tagger.MODEL_FILE.relative_to(ROOT)}: trained on {len(lines)} study lines")


if __name__ == "__main__":
    main()
