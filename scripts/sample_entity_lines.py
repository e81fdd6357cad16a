"""Draw the entity evaluation lines: 340 lines at random (seed 14) from the five demo plans, and
240 further study lines with the same generator.

A line qualifies when, after cleaning, it holds at least 8 Chinese characters and is not part of a
table of contents. The draw is made once, before any annotation or tuning; its output is the
skeleton of data/eval/entities.yaml (the entities are then written in by hand). Re-running it
prints the same lines, so anyone can check that the sample was not chosen. The set grew in rounds
(150, 250, 340 lines); random.sample draws the same first lines for each of these sizes, so a round
only added lines.

`--further` prints the skeleton of data/eval/entities_study_demo.yaml: ids 341–580, every one a
study line. random.sample(pool, 580) does not begin with the 340 lines (for so large a sample of
this pool it switches from drawing into a set to shuffling a copy), so the same generator, after
drawing the 340, draws 240 more from the lines not drawn yet. A drawn line whose text equals a line
of entities.yaml (the same sentence at another place) or an earlier further line is left out and
its id stays unused; nothing of entities.yaml is printed.

    .venv/bin/python scripts/sample_entity_lines.py > /tmp/skeleton.yaml
    .venv/bin/python scripts/sample_entity_lines.py --further > /tmp/further.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import yaml

from planwatch.ingest.normalise import clean_lines, find_toc

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "data" / "plans" / "shenzhen"
SEED, SIZE, FURTHER, MIN_HAN = 14, 340, 240, 8

Line = tuple[str, int, str]  # plan key, line number, text


def candidates() -> list[Line]:
    manifest = yaml.safe_load((PLANS / "manifest.yaml").read_text(encoding="utf-8"))["plans"]
    pool = []
    for plan in sorted(manifest, key=lambda p: p["key"]):
        lines = clean_lines((PLANS / plan["file"]).read_text(encoding="utf-8").split("\n"))
        toc = find_toc(lines)
        for index, line in enumerate(lines):
            if index not in toc and len(re.findall("[\u4e00-\u9fff]", line)) >= MIN_HAN:
                pool.append((plan["key"], index + 1, line.strip()))
    return pool


def draw(further: bool) -> list[tuple[int, Line]]:
    """(id, line) of the evaluation set, or of the further study lines."""
    pool = candidates()
    generator = random.Random(SEED)
    drawn = generator.sample(pool, SIZE)
    if not further:
        return list(enumerate(drawn, start=1))
    taken = set(drawn)
    more = generator.sample([line for line in pool if line not in taken], FURTHER)
    items = yaml.safe_load((ROOT / "data" / "eval" / "entities.yaml").read_text(encoding="utf-8"))["lines"]
    seen = {str(item["text"]) for item in items}
    kept = []
    for number, line in enumerate(more, start=SIZE + 1):
        if line[2] not in seen:
            kept.append((number, line))
            seen.add(line[2])
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--further", action="store_true", help="print the further study lines (ids 341–580) instead")
    args = parser.parse_args()
    for number, (plan, line, text) in draw(args.further):
        print(f"  - id: {number}\n    plan: {plan}\n    line: {line}\n    text: {json.dumps(text, ensure_ascii=False)}")
        print("    entities: []")


if __name__ == "__main__":
    main()
