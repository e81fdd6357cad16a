"""The dev passages are other publishers' text kept for evaluation: no file of the project may carry them.

Every file under data/, src/, tests/, docs/ and benchmarks/ (and the README) is searched for any run of 40 characters of
a dev passage (whitespace ignored), and for the dev passages' source pages in our own annotated sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV_PASSAGES = ROOT.parent / "shared" / "gold" / "dev-passages.jsonl"
RUN = 40  # characters: longer than any phrase two documents share by accident
FOLDERS = ("data", "src", "tests", "docs", "benchmarks")
SUFFIXES = {".jsonl", ".json", ".txt", ".md", ".yaml", ".yml", ".csv", ".py", ".html", ".toml"}


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def dev_runs() -> dict[str, str]:
    runs: dict[str, str] = {}
    for line in DEV_PASSAGES.read_text(encoding="utf-8").splitlines():
        passage = json.loads(line)
        text = _flat(passage["text"])
        for start in range(0, max(1, len(text) - RUN + 1), RUN // 4):
            runs.setdefault(text[start : start + RUN], passage["id"])
    return runs


def _project_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in FOLDERS:
        files.extend(p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    return files


def _dev_ids_in(path: Path, runs: dict[str, str]) -> set[str]:
    text = _flat(path.read_text(encoding="utf-8", errors="replace"))
    return {runs[text[i : i + RUN]] for i in range(len(text) - RUN + 1) if text[i : i + RUN] in runs}


def test_no_project_file_carries_dev_passage_text(dev_runs: dict[str, str]) -> None:
    carrying = {str(p.relative_to(ROOT)): sorted(ids) for p in _project_files() if (ids := _dev_ids_in(p, dev_runs))}
    assert carrying == {}


# Our passage sets, then the whole documents and the whole plans, each collected after the ones before it.
PASSAGE_SETS = [
    "own-passages.jsonl",
    "heldout-passages.jsonl",
    "heldout2-passages.jsonl",
    "heldout3-passages.jsonl",
    "heldout4-passages.jsonl",
]
DOCUMENTS = "documents-passages.jsonl"
PLANS = "plans-passages.jsonl"
PLANS2 = "plans2-passages.jsonl"
PLANS3 = "plans3-passages.jsonl"
PLANS4 = "plans4-passages.jsonl"


@pytest.mark.parametrize("name", [*PASSAGE_SETS, DOCUMENTS, PLANS, PLANS2, PLANS3, PLANS4])
def test_our_target_sets_use_no_page_of_the_dev_set(name: str) -> None:
    dev_sources = {json.loads(line)["source"].rstrip("/") for line in DEV_PASSAGES.read_text(encoding="utf-8").splitlines()}
    ours = ROOT / "data" / "eval" / "targets" / name
    shared = [p["id"] for p in map(json.loads, ours.read_text(encoding="utf-8").splitlines()) if p["source"].rstrip("/") in dev_sources]
    assert shared == []


def _sources(name: str) -> set[str]:
    path = ROOT / "data" / "eval" / "targets" / name
    return {json.loads(line)["source"].rstrip("/") for line in path.read_text(encoding="utf-8").splitlines()}


def test_the_held_out_set_shares_no_page_with_the_own_set() -> None:
    assert _sources("own-passages.jsonl") & _sources("heldout-passages.jsonl") == set()


@pytest.mark.parametrize("name", ["own-passages.jsonl", "heldout-passages.jsonl"])
def test_the_second_held_out_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources("heldout2-passages.jsonl") & _sources(name) == set()


@pytest.mark.parametrize("name", ["own-passages.jsonl", "heldout-passages.jsonl", "heldout2-passages.jsonl"])
def test_the_third_held_out_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources("heldout3-passages.jsonl") & _sources(name) == set()


@pytest.mark.parametrize("name", ["own-passages.jsonl", "heldout-passages.jsonl", "heldout2-passages.jsonl", "heldout3-passages.jsonl"])
def test_the_fourth_held_out_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources("heldout4-passages.jsonl") & _sources(name) == set()


@pytest.mark.parametrize("name", PASSAGE_SETS)
def test_the_whole_documents_share_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources(DOCUMENTS) & _sources(name) == set()


def test_the_whole_documents_are_ten_different_pages() -> None:
    assert len(_sources(DOCUMENTS)) == 10


@pytest.mark.parametrize("name", [*PASSAGE_SETS, DOCUMENTS])
def test_the_whole_plans_share_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources(PLANS) & _sources(name) == set()


def test_the_whole_plans_are_four_different_pages() -> None:
    assert len(_sources(PLANS)) == 4


@pytest.mark.parametrize("name", [*PASSAGE_SETS, DOCUMENTS, PLANS])
def test_the_second_whole_plan_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources(PLANS2) & _sources(name) == set()


def test_the_second_whole_plan_set_is_two_different_pages() -> None:
    assert len(_sources(PLANS2)) == 2


@pytest.mark.parametrize("name", [*PASSAGE_SETS, DOCUMENTS, PLANS, PLANS2])
def test_the_third_whole_plan_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources(PLANS3) & _sources(name) == set()


def test_the_third_whole_plan_set_is_three_different_pages() -> None:
    assert len(_sources(PLANS3)) == 3


@pytest.mark.parametrize("name", [*PASSAGE_SETS, DOCUMENTS, PLANS, PLANS2, PLANS3])
def test_the_fourth_whole_plan_set_shares_no_page_with_an_earlier_set(name: str) -> None:
    assert _sources(PLANS4) & _sources(name) == set()


def test_the_fourth_whole_plan_set_is_three_different_pages() -> None:
    assert len(_sources(PLANS4)) == 3
