"""Instructions of one warm round of ingest end to end (the five demo plans into a fresh SQLite file), counted
by callgrind: a figure the machine's load does not move, for comparing two versions of the code.

Run: .venv/bin/python benchmarks/callgrind_ingest.py  (needs valgrind and a C compiler; prints the count)

The script starts itself under ``valgrind --tool=callgrind --instr-atstart=no``, runs one round to warm up
(imports, regular expressions, opencc's cache, migrations), then switches instrumentation on for exactly one
round and off after it, through callgrind's client requests (a two-function C library built from
valgrind/callgrind.h into a temporary folder and called with ctypes). ``--rounds N`` counts N rounds.
PYTHONHASHSEED is 0 unless set: with random hashing the count moves by about 0.5 % between runs, with
one seed by a few hundred instructions. To count another checkout's code, put its src/ first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_TOGGLE_C = """
#include <valgrind/callgrind.h>
void planwatch_cg_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void planwatch_cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
"""
_CHILD = "PLANWATCH_CALLGRIND_CHILD"


def _toggles(folder: Path) -> ctypes.CDLL:
    source, library = folder / "toggle.c", folder / "toggle.so"
    source.write_text(_TOGGLE_C, encoding="utf-8")
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return ctypes.CDLL(str(library))


def _child(rounds: int, folder: Path) -> None:
    from planwatch.api import demo_plans_dir, ingest_paths
    from planwatch.store import open_database

    toggles = _toggles(folder)
    plans = demo_plans_dir()
    for index in range(rounds + 1):
        db = open_database(str(folder / f"round{index}.db"))  # migrations outside the count, as in bench_ingest
        if index == 1:
            toggles.planwatch_cg_start()
        outcomes = ingest_paths(db, [plans])
        if index == rounds:
            toggles.planwatch_cg_stop()
        assert all(o.result for o in outcomes)
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if os.environ.get(_CHILD):
        _child(args.rounds, Path(os.environ[_CHILD]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, __file__, "--rounds", str(args.rounds)],
            check=True,
            env={"PYTHONHASHSEED": "0"} | os.environ | {_CHILD: tmp},  # one hash seed: the same count run after run
            capture_output=True,
        )
        totals = re.search(r"^totals:\s*(\d+)", out.read_text(encoding="utf-8"), re.MULTILINE)
        assert totals, "callgrind wrote no totals"
        count = int(totals.group(1))
        print(f"instructions per warm round: {count / args.rounds:,.0f} ({args.rounds} round(s), {count:,} in all)")
        if os.environ.get("PLANWATCH_CALLGRIND_KEEP"):
            Path(os.environ["PLANWATCH_CALLGRIND_KEEP"]).write_bytes(out.read_bytes())


if __name__ == "__main__":
    main()
