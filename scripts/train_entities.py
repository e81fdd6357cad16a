"""Train the entity tagger (src/planwatch/extract/entities.crfsuite) on the study lines only: the odd
ids of data/eval/entities.yaml, every line of data/eval/entities_study_demo.yaml (further lines drawn
from the demo plans), of data/eval/entities_study_extra.yaml (our own lines in other cities' style) and of
data/eval/entities_study_real.yaml (real lines of other cities' and provinces' plans and reports; README, Rounds 10
and 11). The scoring part (even ids) is never read here.

    .venv/bin/python scripts/train_entities.py            # train and write the model
    .venv/bin/python scripts/train_entities.py --folds 5  # cross-validate on the study lines instead
    .venv/bin/python scripts/train_entities.py --by-plan  # cross-validate leaving one plan out at a time
    .venv/bin/python scripts/train_entities.py --by-plan --without-further  # the same, not trained on the further lines
    .venv/bin/python scripts/train_entities.py --by-plan --without-real     # the same, no real line trained on or scored
    .venv/bin/python scripts/train_entities.py --by-plan --c2 1.0           # the same with another L2 penalty
    .venv/bin/python scripts/train_entities.py --errors   # by plan, every study error with its cause, and counts per cause

Cross-validation splits the study lines into folds (by id, or by plan: each demo plan's study lines
(both files) and the extra lines are one fold each, the real lines four folds by the page they come from), trains on all folds but one and scores the one left out: rules
alone, the tagger alone, the tagger as shipped reading each line alone (``line``) and as shipped
reading each demo line in its plan (``shipped``: find_mentions over the whole plan). Folds by id share the plans' names
(光明科学城, 鹏城实验室 recur from line to line), so they reward a model that remembers names; folds by
plan score lines of a plan the model never saw, as the scoring part's lines are unseen.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import yaml

from planwatch.extract import entity_tagger
from planwatch.extract.entities import SUFFIXES, _dictionary, _is_kind_of_thing, canonical_name, find_mentions, rule_spans

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval"


class StudyLine(NamedTuple):
    key: str  # demo-<id> (entities.yaml), further-<id> (entities_study_demo.yaml), extra-<id> or real-<id>
    plan: str  # the demo plan's key, "extra", or real-<fold> (a fold of pages, :data:`REAL_FOLDS`)
    number: int  # the line's number in its demo plan (0 for an extra or real line: it has no demo plan)
    text: str
    gold: dict[str, str]  # name → type


REAL_FOLDS = 4  # the real lines' pages, split by a checksum of their address: a page's lines are held out together


def study_lines(real: bool = True) -> list[StudyLine]:
    """Every study line with its gold names; the real lines of other plans (entities_study_real.yaml) unless not ``real``."""
    found = []
    for item in yaml.safe_load((EVAL / "entities.yaml").read_text(encoding="utf-8"))["lines"]:
        if int(item["id"]) % 2 == 1:
            found.append(StudyLine(f"demo-{item['id']}", str(item["plan"]), int(item["line"]), str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_demo.yaml").read_text(encoding="utf-8"))["lines"]:
        found.append(StudyLine(f"further-{item['id']}", str(item["plan"]), int(item["line"]), str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_extra.yaml").read_text(encoding="utf-8"))["lines"]:
        found.append(StudyLine(f"extra-{item['id']}", "extra", 0, str(item["text"]), dict(item["entities"] or {})))
    for item in yaml.safe_load((EVAL / "entities_study_real.yaml").read_text(encoding="utf-8"))["lines"] if real else []:
        fold = zlib.crc32(str(item["source"]).encode("utf-8")) % REAL_FOLDS
        found.append(StudyLine(f"real-{item['id']}", f"real-{fold}", 0, str(item["text"]), dict(item["entities"] or {})))
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


class Cause(StrEnum):
    """Why a name was predicted wrongly (多) or missed (漏); the report is read by people, so the causes are Chinese."""

    glued_before = "边界过长：名前多了词（动词、副词、量词……）"
    glued_after = "边界过长：名后多了词"
    too_short = "边界过短：名被截断"
    crossing = "边界错位"
    alias = "别名未合并"
    piece = "已对名的一部分或延伸"
    kind = "类别词，不是实体"
    not_entity = "不是实体（无对应标注）"
    dropped = "漏：规则写出此名，模型未取"
    no_ending = "漏：无列出的结尾"
    in_list = "漏：列举项（、/和 相连）中"
    missed = "漏：其他"


class Error(NamedTuple):
    side: str  # 多 (predicted, not gold) or 漏 (gold, not predicted)
    name: str  # canonical
    cause: Cause


def _where(line: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """Where each (canonical) name is written in the line: as written or by an alias, else its longest piece."""
    found = {}
    aliases = _dictionary()[0]
    for name in names:
        forms = sorted({name, *(a for a, c in aliases.items() if c == name)}, key=len, reverse=True)
        at = next(((m.start(), m.end()) for form in forms if (m := re.search(re.escape(form), line))), None)
        for size in range(len(name) - 1, 1, -1):
            if at is not None:
                break
            at = next(((i, i + size) for p in range(len(name) - size + 1) if (i := line.find(name[p : p + size])) >= 0), None)
        if at is not None:
            found[name] = at
    return found


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` written short: its characters in order, the same last character (深圳先进院)."""
    rest = iter(long)
    return len(short) < len(long) and short[-1] == long[-1] and all(char in rest for char in short)


def causes(line: str, predicted: list[str], gold: dict[str, str]) -> list[Error]:
    """Every wrong prediction and every miss of one line, each with its cause. ``predicted``: the names as written
    in the line; ``gold``: canonical name → type."""
    names = {canonical_name(p): p for p in predicted}
    gold = {canonical_name(g): kind for g, kind in gold.items()}
    extra = [n for n in names if n not in gold]
    lost = [n for n in gold if n not in names]
    at = _where(line, [*names.values(), *gold])
    place = {n: at.get(w) for n, w in names.items()} | {g: at.get(g) for g in gold}

    def overlap(a: str, b: str) -> bool:
        pa, pb = place.get(a), place.get(b)
        return pa is not None and pb is not None and pa[0] < pb[1] and pb[0] < pa[1]

    def boundary(p: str, g: str) -> Cause:
        (ps, pe), (gs, ge) = place[p] or (0, 0), place[g] or (0, 0)  # both placed: they overlap
        if ps <= gs and ge <= pe:
            return Cause.glued_before if ps < gs else Cause.glued_after
        return Cause.too_short if gs <= ps and pe <= ge else Cause.crossing

    found: list[Error] = []
    for p in extra:
        pair = next((g for g in lost if overlap(p, g)), None)
        if pair is not None:
            found.append(Error("多", p, boundary(p, pair)))
        elif any(_abbreviates(p, g) or _abbreviates(g, p) for g in lost):
            found.append(Error("多", p, Cause.alias))
        elif any(overlap(p, g) for g in gold):
            found.append(Error("多", p, Cause.piece))
        else:
            suffix = max((s for s in SUFFIXES if p.endswith(s)), key=len, default="")
            start = (place[p] or (0, 0))[0]
            kind = bool(suffix) and _is_kind_of_thing(names[p], suffix, line[:start], line[start + len(names[p]) :])
            found.append(Error("多", p, Cause.kind if kind else Cause.not_entity))
    rules = {canonical_name(line[s.start : s.end]) for s in rule_spans(line)}
    for g in lost:
        pair = next((p for p in extra if overlap(p, g)), None)
        gs, ge = place.get(g) or (0, 0)
        if pair is not None:
            found.append(Error("漏", g, boundary(pair, g)))
        elif any(_abbreviates(p, g) or _abbreviates(g, p) for p in extra):
            found.append(Error("漏", g, Cause.alias))
        elif g in rules:
            found.append(Error("漏", g, Cause.dropped))
        elif not g.endswith((*SUFFIXES, *_dictionary()[1])) and g not in _dictionary()[2]:
            found.append(Error("漏", g, Cause.no_ending))
        elif any(char in "、和与及/" for char in (line[gs - 1] if gs > 0 else "", line[ge] if ge < len(line) else "") if char):
            found.append(Error("漏", g, Cause.in_list))
        else:
            found.append(Error("漏", g, Cause.missed))
    return found


def report_errors(records: list[tuple[StudyLine, list[str]]]) -> None:
    """Print each study line's errors with their causes (key, 多/漏, name, cause, the words around it), then the counts per cause."""
    counts: Counter[tuple[str, Cause]] = Counter()
    for line, predicted in records:
        for side, name, cause in causes(line.text, predicted, line.gold):
            counts[side, cause] += 1
            at = line.text.find(name[:2])
            print(f"{line.key}\t{side}\t{name}\t{cause}\t…{line.text[max(at - 12, 0) : at + len(name) + 12]}…")
    print("\n按原因计数（多 = 预测而非标注，漏 = 标注而未预测）：")
    for (side, cause), count in sorted(counts.items(), key=lambda item: (item[0][0], -item[1])):
        print(f"{side}\t{count:4d}\t{cause}")


def cross_validate(splits: list[tuple[list[StudyLine], list[StudyLine]]], errors: bool = False) -> None:
    """Score each fold's model on the lines it was not trained on. ``shipped`` reads a demo line in
    its plan (find_mentions over all the plan's lines, with the fold model: the names the fold model
    reads elsewhere in the plan carry over, never the gold's), as the product and the scoring part do;
    ``line`` reads it alone. An extra line has no plan: both read it alone. With ``errors``, the shipped
    reading's errors of every held-out line, with their causes, instead of the scores."""
    from planwatch.extract.entities import demo_plan_lines

    plans = demo_plan_lines()
    results: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    records: list[tuple[StudyLine, list[str]]] = []
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "fold.crfsuite"
        for held, trained in splits:
            entity_tagger.train(examples(trained), model)
            in_plan = {plan: find_mentions(plans[plan], model=model) for plan in {line.plan for line in held if line.number}}
            for line in held:
                key, plan, number, text, gold = line
                wanted = {canonical_name(name) for name in gold}
                rules = {canonical_name(text[s.start : s.end]) for s in rule_spans(text)}
                tagged = {canonical_name(text[s.start : s.end]) for s in entity_tagger.tag(text, model=model)}
                by_itself = find_mentions([text], model=model)
                alone = {m.name for m in by_itself}
                read = [m for m in in_plan[plan] if m.line == number] if number else by_itself
                shipped = {m.name for m in read}
                records.append((line, [m.written for m in read]))
                for source in ("all", key.split("-")[0]):
                    results[f"rules/{source}"].append((rules, wanted))
                    results[f"tagger/{source}"].append((tagged, wanted))
                    results[f"union/{source}"].append((rules | tagged, wanted))
                    results[f"line/{source}"].append((alone, wanted))
                    results[f"shipped/{source}"].append((shipped, wanted))
    if errors:
        report_errors(records)
        return
    for name, pairs in results.items():
        print(f"{name:16} {_score(pairs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=0, help="cross-validate with this many folds by id instead of training")
    parser.add_argument("--by-plan", action="store_true", help="cross-validate with one fold per plan instead of training")
    parser.add_argument(
        "--without-further", action="store_true", help="cross-validate training on no line of entities_study_demo.yaml (they are still scored)"
    )
    parser.add_argument("--without-real", action="store_true", help="train or cross-validate without entities_study_real.yaml")
    parser.add_argument("--c2", type=float, default=None, help="train or cross-validate with this L2 penalty instead of the shipped one")
    parser.add_argument("--errors", action="store_true", help="cross-validate by plan and print every study error with its cause")
    args = parser.parse_args()
    if args.c2 is not None:
        entity_tagger.TRAINING["c2"] = args.c2
    lines = study_lines(real=not args.without_real)
    if args.by_plan or args.folds or args.errors:
        splits = folds(lines, args.by_plan or args.errors, args.folds)
        if args.without_further:  # the model as before these lines, scored on them too
            splits = [(held, [line for line in trained if not line.key.startswith("further-")]) for held, trained in splits]
        cross_validate(splits, args.errors)
        return
    entity_tagger.train(examples(lines), entity_tagger.MODEL_FILE)
    print(f"{entity_tagger.MODEL_FILE.relative_to(ROOT)}: trained on {len(lines)} study lines")


if __name__ == "__main__":
    main()
