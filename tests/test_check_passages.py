"""scripts/check_passages.py: the consistency check of a passage set and its gold, on our own small sets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_passages.py"

TEXT = (
    "县政府在三年行动方案中提出,到2027年全县规模以上工业企业达到260家以上,年均新增专精特新企业12家,"
    "县城绿化覆盖率达到42%,乡镇污水处理设施实现全覆盖,城乡居民收入增长与经济增长基本同步。"
)
NEGATIVE_TEXT = (
    "据县统计局发布的公报,去年全县规模以上工业企业达到231家,比上年增加19家;县城绿化覆盖率为39.5%,"
    "比上年提高1.2个百分点;全年新增城镇就业4180人,城镇登记失业率控制在3.2%。"
)


@pytest.fixture(scope="module")
def check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_passages", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def target(evidence: str, value: float | None = 260, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "indicator": "规模以上工业企业",
        "value": value,
        "value_high": None,
        "unit": "家",
        "year": 2027,
        "qualifier": "以上",
        "kind": "level",
        "baseline_value": None,
        "baseline_year": None,
        "evidence": evidence,
    }
    row.update(changes)
    return row


def passage(pid: str, text: str, kind: str) -> dict[str, Any]:
    return {"id": pid, "source": f"https://example.org/{pid}", "doc_title": "某县报告", "doc_year": 2024, "kind": kind, "text": text}


def write(tmp_path: Path, passages: list[dict[str, Any]], golds: list[dict[str, Any]]) -> tuple[Path, Path]:
    p, g = tmp_path / "p.jsonl", tmp_path / "g.jsonl"
    p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in passages), encoding="utf-8")
    g.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in golds), encoding="utf-8")
    return p, g


def good_set() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    passages = [passage("t001", TEXT, "target"), passage("t002", NEGATIVE_TEXT, "NEGATIVE: 上一年的成绩")]
    golds = [
        {"id": "t001", "targets": [target("规模以上工业企业达到260家以上")], "comment": ""},
        {"id": "t002", "targets": [], "comment": "成绩"},
    ]
    return passages, golds


def problems_of(
    check: ModuleType, tmp_path: Path, passages: list[dict[str, Any]], golds: list[dict[str, Any]], limits: Any = None
) -> list[Any]:
    return list(check.check_set(*write(tmp_path, passages, golds), limits or check.PASSAGE_LIMITS).problems)


def test_a_consistent_set_has_no_problems(check: ModuleType, tmp_path: Path) -> None:
    assert problems_of(check, tmp_path, *good_set()) == []


def test_evidence_that_is_not_in_the_passage_is_named_by_field(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"][0]["evidence"] = "规模以上工业企业达到300家"
    assert [p.field for p in problems_of(check, tmp_path, passages, golds)] == ["targets[0].evidence"]


def test_a_negative_passage_with_a_target_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[1]["targets"] = [target("规模以上工业企业达到231家", 231)]
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages, golds)] == [("t002", "targets")]


def test_a_target_passage_without_targets_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"] = []
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages, golds)] == [("t001", "targets")]


def test_value_high_without_a_range_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"][0]["value_high"] = 280
    assert [p.field for p in problems_of(check, tmp_path, passages, golds)] == ["targets[0].value_high"]


def test_a_range_whose_top_is_not_above_its_bottom_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"][0].update(value_high=250, qualifier="range")
    assert [p.field for p in problems_of(check, tmp_path, passages, golds)] == ["targets[0].value_high"]


def test_a_qualitative_target_with_a_value_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"][0]["qualifier"] = "qualitative"
    assert [p.field for p in problems_of(check, tmp_path, passages, golds)] == ["targets[0].value"]


def test_gold_ids_out_of_order_are_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    assert [p.field for p in problems_of(check, tmp_path, passages, golds[::-1])] == ["id", "id"]


def test_a_repeated_passage_id_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["id"] = golds[1]["id"] = "t001"
    assert [p.message for p in problems_of(check, tmp_path, passages, golds)] == ["编号重复"]


def test_a_passage_shorter_than_80_characters_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["text"] = NEGATIVE_TEXT[:40]
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages, golds)] == [("t002", "text")]


def test_a_negative_kind_must_say_why(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["kind"] = "NEGATIVE"
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages, golds)] == [("t002", "kind")]


def test_a_missing_field_is_named(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    del golds[0]["targets"][0]["year"]
    assert [p.field for p in problems_of(check, tmp_path, passages, golds)] == ["targets[0].year"]


def test_a_problem_is_reported_in_chinese_with_file_line_and_id(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"][0]["evidence"] = "达到300家"
    assert str(problems_of(check, tmp_path, passages, golds)[0]).startswith("g.jsonl 第1行 t001 字段 targets[0].evidence:")


def test_the_exit_status_is_1_when_there_is_a_problem(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    golds[0]["targets"] = []
    p, g = write(tmp_path, passages, golds)
    assert check.main([str(p), str(g)]) == 1


def test_a_whole_document_longer_than_the_passage_limit_passes_the_document_limit(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["text"] = NEGATIVE_TEXT * 60
    assert problems_of(check, tmp_path, passages[1:], golds[1:], check.DOCUMENT_LIMITS) == []


def test_a_whole_document_is_too_long_for_the_passage_limit(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["text"] = NEGATIVE_TEXT * 60
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages[1:], golds[1:])] == [("t002", "text")]


def test_a_passage_is_too_short_for_the_document_limit(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    assert [(p.id, p.field) for p in problems_of(check, tmp_path, passages, golds, check.DOCUMENT_LIMITS)] == [
        ("t001", "text"),
        ("t002", "text"),
    ]


def test_the_documents_flag_checks_with_the_document_limit(check: ModuleType, tmp_path: Path) -> None:
    passages, golds = good_set()
    passages[1]["text"] = NEGATIVE_TEXT * 60
    p, g = write(tmp_path, passages[1:], golds[1:])
    assert check.main(["--documents", str(p), str(g)]) == 0


def test_the_whole_documents_are_checked_by_default_with_the_document_limit(check: ModuleType) -> None:
    assert ("documents-passages.jsonl", "documents-gold.jsonl", check.DOCUMENT_LIMITS) in check.DEFAULT_SETS


def test_the_whole_plans_are_checked_by_default_with_the_document_limit(check: ModuleType) -> None:
    assert ("plans-passages.jsonl", "plans-gold.jsonl", check.DOCUMENT_LIMITS) in check.DEFAULT_SETS


def test_the_second_whole_plan_set_is_checked_by_default_with_the_document_limit(check: ModuleType) -> None:
    assert ("plans2-passages.jsonl", "plans2-gold.jsonl", check.DOCUMENT_LIMITS) in check.DEFAULT_SETS


def test_the_third_whole_plan_set_is_checked_by_default_with_the_document_limit(check: ModuleType) -> None:
    assert ("plans3-passages.jsonl", "plans3-gold.jsonl", check.DOCUMENT_LIMITS) in check.DEFAULT_SETS


def test_the_fourth_whole_plan_set_is_checked_by_default_with_the_document_limit(check: ModuleType) -> None:
    assert ("plans4-passages.jsonl", "plans4-gold.jsonl", check.DOCUMENT_LIMITS) in check.DEFAULT_SETS


@pytest.mark.parametrize(
    "names",
    [
        ("own-passages.jsonl", "own-gold.jsonl"),
        ("heldout-passages.jsonl", "heldout-gold.jsonl"),
        ("heldout2-passages.jsonl", "heldout2-gold.jsonl"),
        ("heldout3-passages.jsonl", "heldout3-gold.jsonl"),
        ("heldout4-passages.jsonl", "heldout4-gold.jsonl"),
    ],
)
def test_the_shipped_sets_are_consistent(check: ModuleType, names: tuple[str, str]) -> None:
    assert check.check_set(check.TARGETS_DIR / names[0], check.TARGETS_DIR / names[1]).problems == ()


@pytest.mark.parametrize("name", ["documents", "plans", "plans2", "plans3", "plans4"])
def test_the_shipped_whole_documents_are_consistent(check: ModuleType, name: str) -> None:
    paths = (check.TARGETS_DIR / f"{name}-passages.jsonl", check.TARGETS_DIR / f"{name}-gold.jsonl")
    assert check.check_set(*paths, check.DOCUMENT_LIMITS).problems == ()
