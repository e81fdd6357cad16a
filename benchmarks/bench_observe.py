"""Observations proposed from bulletins and reports (#13): accuracy and the Shenzhen demo.

Run: .venv/bin/python benchmarks/bench_observe.py  (writes benchmarks/results/observe.json)

1. The statement reader on data/eval/observations (study and scoring parts apart): recall,
   precision (value, unit, year, kind and indicator all right), region right, catalog mapping.
2. The demo: each real Shenzhen text in data/bulletins/shenzhen is proposed into an empty
   database and every proposal the catalog maps is accepted (one by one: a refused one, such as
   a growth rate without a growth series, is counted, not stored). Then: how many of the demo's
   published observations (data/observations/shenzhen-reported.csv: region × indicator × year)
   they fill, and whether the values agree.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from _results import write_results
from planwatch.api import data_dir
from planwatch.errors import PlanwatchError
from planwatch.extract.catalog import load_catalog
from planwatch.extract.passages import Part
from planwatch.extract.statement_eval import evaluate_statements
from planwatch.models import ObservationInput
from planwatch.monitor.observations import OBSERVATION_COLUMNS, ValidationContext, observation_from_row
from planwatch.monitor.proposals import accept, pending, propose_file
from planwatch.monitor.series import agree
from planwatch.monitor.tables import read_csv_rows
from planwatch.store import open_database
from planwatch.store.monitoring import list_observations

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval" / "observations"
BULLETINS = ROOT / "data" / "bulletins" / "shenzhen"
YEARS = {"2023-rd-expenditure-nanfang-daily.txt": 2023, "2024-high-tech-enterprises-cs-com.txt": 2023}  # news: the year they report on


def accuracy() -> dict[str, Any]:
    parts = {}
    for part in (Part.STUDY, Part.SCORING):
        tally = evaluate_statements(EVAL / "passages.jsonl", EVAL / "gold.jsonl", part)
        parts[part.value] = {k: v for k, v in tally.as_dict().items() if k not in ("misses", "extras")}
    return parts


def demo_observations() -> list[ObservationInput]:
    rows = read_csv_rows(data_dir() / "observations" / "shenzhen-reported.csv", OBSERVATION_COLUMNS)
    context = ValidationContext(load_catalog(), {}, 9999, keep_unmapped=True)
    found = [observation_from_row(row, line, context).observation for line, row in rows.rows]
    return [o for o in found if o is not None and o.indicator_key is not None]


def slots(observations: Iterable[ObservationInput]) -> set[tuple[str, str, int]]:
    return {(o.region, o.indicator_key or "", o.year) for o in observations}


def demo() -> dict[str, Any]:
    wanted = demo_observations()
    documents: dict[str, Any] = {}
    stored: list[ObservationInput] = []
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'demo.db'}")
        for path in sorted(BULLETINS.glob("*.txt")):
            report = propose_file(db, path, region="深圳市", year=YEARS.get(path.name), proposed_by="bench")
            mapped = [p for p in pending(db, report.file_hash) if p.indicator_key is not None]
            accepted = refused = 0
            for proposal in mapped:
                try:
                    accept(db, [proposal.id], entered_by="bench")
                    accepted += 1
                except PlanwatchError:
                    refused += 1
            documents[path.name] = {"statements": len(report.statements), "mapped": len(mapped), "accepted": accepted, "refused": refused}
        stored = [o for o in list_observations(db) if o.indicator_key is not None]
        db.close()
    filled = slots(wanted) & slots(stored)
    def at(observations: list[ObservationInput], slot: tuple[str, str, int]) -> list[ObservationInput]:
        return [o for o in observations if slots([o]) == {slot}]

    agreeing = sum(1 for slot in filled if any(agree(w, s) for w in at(wanted, slot) for s in at(stored, slot)))
    # a proposal accepted as read whose value disagrees with every published figure of its slot
    disagreeing = sorted(
        f"{s.region} {s.indicator_key} {s.year}: {s.value_raw}{s.unit_raw} 「{s.quote}」"
        for slot in filled
        for s in at(stored, slot)
        if not any(agree(w, s) for w in at(wanted, slot))
    )
    return {
        "documents": documents,
        "demo_slots": len(slots(wanted)),
        "demo_slots_shenzhen_city": len({s for s in slots(wanted) if s[0] == "深圳市"}),
        "filled": sorted(f"{r} {k} {y}" for r, k, y in filled),
        "filled_count": len(filled),
        "filled_agreeing": agreeing,
        "accepted_disagreeing": disagreeing,
        "new_slots": sorted(f"{r} {k} {y}" for r, k, y in slots(stored) - slots(wanted)),
    }


if __name__ == "__main__":
    write_results("observe", {"accuracy": accuracy(), "demo": demo()})
