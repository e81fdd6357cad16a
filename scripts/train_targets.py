"""Train the target reader's clause classifier: a logistic regression over the evidence the reader
computes for every quantity (extract/language.py, FEATURES), written to
src/planwatch/extract/target_weights.json. Trained on our own passages (data/eval/targets/, o001–o151,
labels by the passage scorer's rule) and the prose of the five seed plans (labels by the seeds
scorer's rule against ../shared/gold/targets.json). The dev set is never read here.

    .venv/bin/python scripts/train_targets.py           # train on all of it and write the weights
    .venv/bin/python scripts/train_targets.py --cv      # grouped cross-validation against the hand weights
    .venv/bin/python scripts/train_targets.py --losses  # where recall is lost on the fresh groups

Cross-validation holds out one fresh group at a time (o081–o093, o094–o105, o106–o115, o116–o127,
o128–o139, o140–o151, each annotated before the reader first ran on it); o001–o080 and the seeds are
always in training. Each held-out group is read whole (extract_targets) with the fold's weights and
with the hand weights, and scored as `planwatch eval` scores it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "data" / "eval" / "targets"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "targets.json"
FRESH_GROUPS = ((81, 93), (94, 105), (106, 115), (116, 127), (128, 139), (140, 151))
# The weights were trained on o001–o151; o152–o186 (the issue #11 mixed study, docs/target-misses.md) join in the next
# training round, so that the committed weights stay reproducible until then.
LAST_TRAINED = 151
C = 1.0  # inverse regularisation strength (scikit-learn's default), fixed before the cross-validation ran
# A seed plan's example counts twice: at 1 the seeds gold figure lost two (the smallest weight that keeps it, README).
SEED_WEIGHT = 2.0
SEED = 0
DIGITS = 4  # weights are written rounded: the file is the same on every machine


@dataclass(frozen=True)
class Example:
    group: str  # "o001-o080", a fresh group, or "seeds"
    features: Mapping[str, float]
    label: bool


def group_of(passage_id: str) -> str:
    number = int(passage_id[1:])
    for first, last in FRESH_GROUPS:
        if first <= number <= last:
            return f"o{first:03d}-o{last:03d}"
    return "o001-o080"


def own_passages() -> list[tuple[Any, list[dict[str, Any]]]]:
    from planwatch.extract.passages import load_passages

    loaded = load_passages(OWN / "own-passages.jsonl", OWN / "own-gold.jsonl")
    return [(passage, gold) for passage, gold in loaded if int(passage.id[1:]) <= LAST_TRAINED]


def own_examples() -> list[Example]:
    from planwatch.extract.language import HAND
    from planwatch.extract.passages import matches_gold, passage_context, passage_plan
    from planwatch.extract.targets import prose_candidates

    found = []
    for passage, gold in own_passages():
        numeric = [g for g in gold if g.get("value") is not None]
        plan = passage_plan(passage)
        for candidate in prose_candidates(plan, passage_context(passage, plan), HAND):  # names as the hand weights leave them
            label = any(matches_gold(g, candidate.target) for g in numeric)
            found.append(Example(group_of(passage.id), candidate.features, label))
    return found


def seed_plans() -> list[tuple[str, Any]]:
    from planwatch.api import demo_plans_dir
    from planwatch.ingest import load_manifest, parse_document

    folder = demo_plans_dir()
    return [(meta.source_file or name, parse_document(folder / name, meta)) for name, meta in load_manifest(folder / "manifest.yaml").items()]


def seed_gold(path: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return gold


def seed_examples(gold_path: Path) -> list[Example]:
    from planwatch.extract.catalog import map_indicator
    from planwatch.extract.evaluate import matches
    from planwatch.extract.language import HAND
    from planwatch.extract.targets import prose_candidates

    records = [g for g in seed_gold(gold_path)["targets"] if g.get("scope", "plan") != "external"]
    found = []
    for source, plan in seed_plans():
        own = [g for g in records if g["plan"] == source]
        for candidate in prose_candidates(plan, model=HAND):
            target = candidate.target
            keyed = replace(target, indicator_key=map_indicator(target.indicator, target.unit)[0])
            found.append(Example("seeds", candidate.features, any(matches(g, keyed) for g in own)))
    return found


def fit(examples: Sequence[Example]) -> dict[str, Any]:
    """The logistic regression's bias and weights (liblinear, fixed seed: deterministic), rounded.

    The hand model's logit is one more column: the regression starts from the hand weights' judgement
    and learns how far to trust it and what each feature adds. Folded back, it is one weight per
    feature (w + k × hand weight) and one bias, so the reader computes a single dot product."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from planwatch.extract.language import FEATURES, HAND

    x = np.array([[e.features.get(f, 0.0) for f in FEATURES] + [HAND.logit(e.features)] for e in examples])
    y = np.array([e.label for e in examples])
    weight = np.array([SEED_WEIGHT if e.group == "seeds" else 1.0 for e in examples])
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED).fit(x, y, sample_weight=weight)
    *coefficients, trust = (float(w) for w in model.coef_[0])
    weights = {f: _rounded(w + trust * HAND.weights.get(f, 0.0)) for f, w in zip(FEATURES, coefficients, strict=True)}
    return {"hand_logit_weight": _rounded(trust), "bias": _rounded(float(model.intercept_[0]) + trust * HAND.bias), "weights": weights}


def _rounded(value: float) -> float:
    return round(value, DIGITS) + 0.0  # + 0.0: no -0.0 in the file


def model_of(fitted: Mapping[str, Any], name: str) -> Any:
    from planwatch.extract.language import ClauseModel

    return ClauseModel(weights=dict(fitted["weights"]), bias=float(fitted["bias"]), name=name)


def weights_file(examples: Sequence[Example]) -> str:
    """The text of target_weights.json for these examples."""
    fitted = fit(examples)
    counts = {
        "examples": len(examples),
        "targets": sum(e.label for e in examples),
        "own_passages": sum(1 for e in examples if e.group != "seeds"),
        "seed_plans": sum(1 for e in examples if e.group == "seeds"),
    }
    data = {
        "about": "Logistic regression over the target reader's evidence (extract/language.py FEATURES); scripts/train_targets.py",
        "solver": f"liblinear, C={C}, random_state={SEED}, seed plans' examples weighted {SEED_WEIGHT}",
        "trained_on": counts,
        **fitted,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def all_examples(gold_path: Path) -> list[Example]:
    return own_examples() + seed_examples(gold_path)


# --- evaluation -------------------------------------------------------------------------------


def _tally(report: Any) -> dict[str, float]:
    t = report.tally()
    return {"gold": t.gold, "predicted": t.predicted, "matched": t.matched, "precision": round(t.precision, 4), "recall": round(t.recall, 4), "f1": round(t.f1, 4)}


def _sum(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    gold, predicted, matched = (sum(int(r[k]) for r in rows) for k in ("gold", "predicted", "matched"))
    p, r = matched / predicted if predicted else 1.0, matched / gold if gold else 1.0
    return {"gold": gold, "predicted": predicted, "matched": matched, "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def seeds_score(model: Any, gold_path: Path) -> dict[str, Any]:
    """The seeds gold figure (as `planwatch eval --gold` gives it), read with ``model``."""
    from planwatch.extract.evaluate import evaluate
    from planwatch.extract.targets import extract_targets

    predicted = {source: extract_targets(plan, model=model)[0] for source, plan in seed_plans()}
    _, total = evaluate(predicted, seed_gold(gold_path))
    return {
        "total": {"gold": total.gold, "predicted": total.predicted, "matched": total.matched, "f1": round(total.f1, 4)},
        "misses": sorted(f"{m['plan']} {m['indicator']} {m['value']}" for m in total.misses),
    }


def cross_validate(gold_path: Path) -> dict[str, Any]:
    from planwatch.extract.language import HAND
    from planwatch.extract.passages import score_passages

    examples = all_examples(gold_path)
    passages = own_passages()
    folds = []
    for first, last in FRESH_GROUPS:
        group = f"o{first:03d}-o{last:03d}"
        held = [(p, g) for p, g in passages if group_of(p.id) == group]
        learned = model_of(fit([e for e in examples if e.group != group]), group)
        folds.append({"group": group, "learned": _tally(score_passages(held, model=learned)), "hand": _tally(score_passages(held, model=HAND))})
        print(group, folds[-1]["learned"], folds[-1]["hand"], flush=True)
    final = model_of(json.loads(weights_file(examples)), "all")
    everything = [(p, g) for p, g in passages]
    return {
        "command": "scripts/train_targets.py --cv --out benchmarks/results/targets_cv.json",
        "recall_losses_hand": recall_losses(),
        "folds": folds,
        "learned": _sum([f["learned"] for f in folds]),
        "hand": _sum([f["hand"] for f in folds]),
        "trained_on_all": {
            "own_set": _tally(score_passages(everything, model=final)),
            "own_set_hand": _tally(score_passages(everything, model=HAND)),
            "seeds": seeds_score(final, gold_path),
            "seeds_hand": seeds_score(HAND, gold_path),
        },
    }


def recall_losses() -> dict[str, dict[str, int]]:
    """Per fresh group, each gold target the reader misses: no candidate with its value and unit at all
    (number, unit or slot), a candidate with its value, unit and year scored below the model's threshold,
    or a candidate above it that was matched wrong (its year, range, or merged away / taken by another gold)."""
    from planwatch.extract.language import HAND
    from planwatch.extract.passages import matches_gold, passage_context, passage_plan, score_passage
    from planwatch.extract.targets import extract_targets, prose_candidates

    losses: dict[str, dict[str, int]] = {}
    for passage, gold in own_passages():
        group = group_of(passage.id)
        if group == "o001-o080":
            continue
        plan = passage_plan(passage)
        context = passage_context(passage, plan)
        targets, _, _ = extract_targets(plan, context=context, model=HAND)
        result = score_passage(passage, gold, targets)
        candidates = [c.target for c in prose_candidates(plan, context, HAND)]
        counts = losses.setdefault(group, {"gold": 0, "missed": 0, "no_candidate": 0, "below_threshold": 0, "matched_wrong": 0})
        counts["gold"] += result.tally.gold
        for miss in result.misses:
            counts["missed"] += 1
            same_year = [t for t in candidates if matches_gold(miss, t)]
            any_year = [t for t in [*candidates, *targets] if matches_gold({**miss, "year": None}, t)]
            if same_year and all(t.confidence < 0.5 for t in same_year):
                counts["below_threshold"] += 1
            elif same_year or any_year:
                counts["matched_wrong"] += 1
            else:
                counts["no_candidate"] += 1
    return losses


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=SEED_GOLD, help="the seeds gold (shared/gold/targets.json)")
    parser.add_argument("--cv", action="store_true", help="grouped cross-validation instead of training")
    parser.add_argument("--losses", action="store_true", help="where recall is lost on the fresh groups, with the hand weights")
    parser.add_argument("--out", type=Path, help="write the --cv or --losses figures to this JSON file")
    args = parser.parse_args()
    if args.cv or args.losses:
        result: Any = cross_validate(args.gold) if args.cv else recall_losses()
        text = json.dumps(result, ensure_ascii=False, indent=1)
        print(text)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        return
    from planwatch.extract.language import TRAINED_PATH

    examples = all_examples(args.gold)
    TRAINED_PATH.write_text(weights_file(examples), encoding="utf-8")
    print(f"{TRAINED_PATH.relative_to(ROOT)}: {len(examples)} examples, {sum(e.label for e in examples)} targets", file=sys.stderr)


if __name__ == "__main__":
    main()
