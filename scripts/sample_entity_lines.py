"""Draw the entity evaluation lines: 340 lines at random (seed 14) from the five demo plans.

A line qualifies when, after cleaning, it holds at least 8 Chinese characters and is not part of a
table of contents. The draw is made once, before any annotation or tuning; its output is the
skeleton of data/eval/entities.yaml (the entities are then written in by hand). Re-running it
prints the same lines, so anyone can check that the sample was not chosen. The set grew in rounds
(150, 250, 340 lines); random.sample draws the same first lines for each of these sizes, so a round
only added lines.

    .venv/bin/python scripts/sample_entity_lines.py > /tmp/skeleton.yaml
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import yaml

from planwatch.ingest.normalise import clean_lines, find_toc

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "data" / "plans" / "shenzhen"
SEED, SIZE, MIN_HAN = 14, 340, 8


def candidates() -> list[tuple[str, int, str]]:
    manifest = yaml.safe_load((PLANS / "manifest.yaml").read_text(encoding="utf-8"))["plans"]
    pool = []
    for plan in sorted(manifest, key=lambda p: p["key"]):
        lines = clean_lines((PLANS / plan["file"]).read_text(encoding="utf-8").split("\n"))
        toc = find_toc(lines)
        for index, line in enumerate(lines):
            if index not in toc and len(re.findall("[\u4e00-\u9fff]", line)) >= MIN_HAN:
                pool.append((plan["key"], index + 1, line.strip()))
    return pool


def main() -> None:
    drawn = random.Random(SEED).sample(candidates(), SIZE)
    for number, (plan, line, text) in enumerate(drawn, start=1):
        print(f"  - id: {number}\n    plan: {plan}\n    line: {line}\n    text: {json.dumps(text, ensure_ascii=False)}")
        print("    entities: []")


if __name__ == "__main__":
    main()
