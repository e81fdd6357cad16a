"""Consistency check of a passage set and its gold (the format of shared/gold/DEV-README.md).

Checks that every line is a JSON object with the fields of the format, that passage ids are unique and
the gold lists the same ids in the same order, that passages are 80–1500 characters, that the kind is
target, mixed or "NEGATIVE: <why>", that a NEGATIVE passage has no targets and a target or mixed one
has some, that every evidence is an exact substring of its passage, that value_high is set only for a
range (and is above value) and that a qualitative target has no value. Problems are printed in Chinese
with the file, line, id and field; the exit status is 1 when there is any. The whole-document set
(documents-*.jsonl: one whole 政府工作报告 a line) and the whole-plan set (plans-*.jsonl, plans2-*.jsonl, plans3-*.jsonl,
plans4-*.jsonl: one whole plan a line) are
checked the same way with a length limit fit for whole documents instead of the passage limit.

    python3 scripts/check_passages.py                      # the own set, the four held-out sets, the documents and the four plan sets
    python3 scripts/check_passages.py PASSAGES.jsonl GOLD.jsonl
    python3 scripts/check_passages.py --documents PASSAGES.jsonl GOLD.jsonl
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LengthLimits:
    """The allowed length of a passage's text, in characters, both ends included."""

    min: int
    max: int


PASSAGE_LIMITS = LengthLimits(80, 1500)
# A whole provincial work report runs 10–35 thousand characters, a district's special plan 5–15 thousand; the floor keeps
# a passage from passing as a document.
DOCUMENT_LIMITS = LengthLimits(5000, 60000)
TARGETS_DIR = Path(__file__).resolve().parents[1] / "data" / "eval" / "targets"
DEFAULT_SETS = (
    ("own-passages.jsonl", "own-gold.jsonl", PASSAGE_LIMITS),
    ("heldout-passages.jsonl", "heldout-gold.jsonl", PASSAGE_LIMITS),
    ("heldout2-passages.jsonl", "heldout2-gold.jsonl", PASSAGE_LIMITS),
    ("heldout3-passages.jsonl", "heldout3-gold.jsonl", PASSAGE_LIMITS),
    ("heldout4-passages.jsonl", "heldout4-gold.jsonl", PASSAGE_LIMITS),
    ("documents-passages.jsonl", "documents-gold.jsonl", DOCUMENT_LIMITS),
    ("plans-passages.jsonl", "plans-gold.jsonl", DOCUMENT_LIMITS),
    ("plans2-passages.jsonl", "plans2-gold.jsonl", DOCUMENT_LIMITS),
    ("plans3-passages.jsonl", "plans3-gold.jsonl", DOCUMENT_LIMITS),
    ("plans4-passages.jsonl", "plans4-gold.jsonl", DOCUMENT_LIMITS),
)
DOCUMENTS_FLAG = "--documents"
PASSAGE_FIELDS = ("id", "source", "doc_title", "doc_year", "kind", "text")
GOLD_FIELDS = ("id", "targets", "comment")
TARGET_FIELDS = ("indicator", "value", "value_high", "unit", "year", "qualifier", "kind", "baseline_value", "baseline_year", "evidence")
NEGATIVE_PREFIX = "NEGATIVE: "


class Kind(StrEnum):
    """The kind of a passage; a negative one also says why (NEGATIVE: <why>)."""

    TARGET = "target"
    MIXED = "mixed"
    NEGATIVE = "NEGATIVE"


class Qualifier(StrEnum):
    """The qualifiers whose presence the format ties to other fields."""

    RANGE = "range"
    QUALITATIVE = "qualitative"


@dataclass(frozen=True)
class Problem:
    """One inconsistency, located by file, line (1-based), passage id and field."""

    file: str
    line: int
    id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} 第{self.line}行 {self.id or '(无编号)'} 字段 {self.field}:{self.message}"


@dataclass(frozen=True)
class Summary:
    passages: int
    numeric: int
    qualitative: int
    problems: tuple[Problem, ...]


def kind_of(value: object) -> Kind | None:
    """target / mixed / NEGATIVE: <why>; None for anything else (a NEGATIVE must give its reason)."""
    if value in (Kind.TARGET.value, Kind.MIXED.value):
        return Kind(value)
    if isinstance(value, str) and value.startswith(NEGATIVE_PREFIX) and value[len(NEGATIVE_PREFIX) :].strip():
        return Kind.NEGATIVE
    return None


def read_rows(path: Path, fields: Sequence[str], problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON-lines file with their line numbers; blank lines are skipped."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(path.name, number, "", "(整行)", f"不是合法的 JSON:{error.msg}"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(path.name, number, "", "(整行)", "不是 JSON 对象"))
            continue
        missing = [name for name in fields if name not in row]
        if missing:
            problems.append(Problem(path.name, number, str(row.get("id", "")), "、".join(missing), "缺少字段"))
            continue
        rows.append((number, row))
    return rows


def check_passage(file: str, number: int, passage: dict[str, Any], limits: LengthLimits, problems: list[Problem]) -> Kind | None:
    pid = str(passage["id"])
    text = passage["text"]
    if not isinstance(text, str) or not limits.min <= len(text) <= limits.max:
        length = len(text) if isinstance(text, str) else "非文本"
        problems.append(Problem(file, number, pid, "text", f"长度 {length} 不在 {limits.min}–{limits.max} 字之间"))
    year = passage["doc_year"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        problems.append(Problem(file, number, pid, "doc_year", f"应为整数年份或 null,实为 {year!r}"))
    kind = kind_of(passage["kind"])
    if kind is None:
        problems.append(Problem(file, number, pid, "kind", f"应为 target、mixed 或 “NEGATIVE: 原因”,实为 {passage['kind']!r}"))
    return kind


def check_target(file: str, number: int, pid: str, index: int, target: Any, text: str, problems: list[Problem]) -> bool | None:
    """Problems of one gold target; returns whether it is numeric (None when it is not a valid object)."""
    where = f"targets[{index}]"
    if not isinstance(target, dict):
        problems.append(Problem(file, number, pid, where, "不是 JSON 对象"))
        return None
    missing = [name for name in TARGET_FIELDS if name not in target]
    if missing:
        problems.append(Problem(file, number, pid, f"{where}.{'、'.join(missing)}", "缺少字段"))
        return None
    evidence = target["evidence"]
    if not isinstance(evidence, str) or not evidence or evidence not in text:
        problems.append(Problem(file, number, pid, f"{where}.evidence", f"依据「{evidence}」不是本段原文的子串"))
    value, high, qualifier = target["value"], target["value_high"], target["qualifier"]
    if (high is not None) != (qualifier == Qualifier.RANGE.value):
        problems.append(Problem(file, number, pid, f"{where}.value_high", "只有区间(qualifier 为 range)才填 value_high,区间也必须填"))
    elif high is not None and isinstance(value, int | float) and isinstance(high, int | float) and high <= value:
        problems.append(Problem(file, number, pid, f"{where}.value_high", f"区间上限 {high} 不大于下限 {value}"))
    if (value is None) != (qualifier == Qualifier.QUALITATIVE.value):
        problems.append(Problem(file, number, pid, f"{where}.value", "定性目标(qualifier 为 qualitative)不填数值,数值目标不能标为定性"))
    if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
        problems.append(Problem(file, number, pid, f"{where}.value", f"应为数值,实为 {value!r}"))
    year = target["year"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        problems.append(Problem(file, number, pid, f"{where}.year", f"应为整数年份或 null,实为 {year!r}"))
    return value is not None


def check_set(passages_path: Path, gold_path: Path, limits: LengthLimits = PASSAGE_LIMITS) -> Summary:
    problems: list[Problem] = []
    passages = read_rows(passages_path, PASSAGE_FIELDS, problems)
    golds = read_rows(gold_path, GOLD_FIELDS, problems)
    seen: set[str] = set()
    for number, passage in passages:
        if passage["id"] in seen:
            problems.append(Problem(passages_path.name, number, str(passage["id"]), "id", "编号重复"))
        seen.add(passage["id"])
    if len(passages) != len(golds):
        problems.append(Problem(gold_path.name, 0, "", "id", f"段落 {len(passages)} 行,标注 {len(golds)} 行,行数不一致"))
    numeric = qualitative = 0
    for (p_number, passage), (g_number, gold) in zip(passages, golds, strict=False):
        pid = str(passage["id"])
        if gold["id"] != passage["id"]:
            problems.append(
                Problem(gold_path.name, g_number, str(gold["id"]), "id", f"与段落文件第{p_number}行的 {pid} 不一致(编号须同序一一对应)")
            )
            continue
        kind = check_passage(passages_path.name, p_number, passage, limits, problems)
        targets = gold["targets"]
        if not isinstance(targets, list):
            problems.append(Problem(gold_path.name, g_number, pid, "targets", "应为列表"))
            continue
        if kind is Kind.NEGATIVE and targets:
            problems.append(Problem(gold_path.name, g_number, pid, "targets", f"反例段落不应有目标,却有 {len(targets)} 个"))
        if kind in (Kind.TARGET, Kind.MIXED) and not targets:
            problems.append(Problem(gold_path.name, g_number, pid, "targets", f"{kind.value} 段落没有任何目标"))
        text = passage["text"] if isinstance(passage["text"], str) else ""
        for index, target in enumerate(targets):
            is_numeric = check_target(gold_path.name, g_number, pid, index, target, text, problems)
            numeric += is_numeric is True
            qualitative += is_numeric is False
    return Summary(len(passages), numeric, qualitative, tuple(problems))


def main(argv: Sequence[str]) -> int:
    documents = bool(argv) and argv[0] == DOCUMENTS_FLAG
    files = argv[1:] if documents else argv
    if len(files) not in (0, 2) or (documents and not files):
        print(f"用法:check_passages.py [[{DOCUMENTS_FLAG}] 段落文件.jsonl 标注文件.jsonl]", file=sys.stderr)
        return 2
    if files:
        sets = [(Path(files[0]), Path(files[1]), DOCUMENT_LIMITS if documents else PASSAGE_LIMITS)]
    else:
        sets = [(TARGETS_DIR / p, TARGETS_DIR / g, limits) for p, g, limits in DEFAULT_SETS]
    failed = False
    for passages_path, gold_path, limits in sets:
        summary = check_set(passages_path, gold_path, limits)
        for problem in summary.problems:
            print(problem)
        print(
            f"{passages_path.name}:{summary.passages} 段,数值目标 {summary.numeric} 个,"
            f"定性目标 {summary.qualitative} 个,问题 {len(summary.problems)} 个"
        )
        failed = failed or bool(summary.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
