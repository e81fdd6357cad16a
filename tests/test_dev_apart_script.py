"""scripts/dev_apart.py, which keeps newly collected text apart from the sets we must not study; on sets written here."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from .conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_apart", ROOT / "scripts" / "dev_apart.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROTECTED = {"id": "p001", "source": "https://example.gov.cn/zwgk/2025/t20250301_123456.html",
             "text": "到2027年，全县新建标准厂房50万平方米，新增规模以上工业企业30家，研发经费投入强度达到2.8%。"}


def _protected(tmp_path: Path, source: str | None = None) -> Path:
    """A protected set of the one passage, from its own page or from ``source``."""
    path = tmp_path / "protected.jsonl"
    record = PROTECTED if source is None else dict(PROTECTED, source=source)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_page_of_a_protected_set_is_named_by_its_set(tmp_path: Path) -> None:
    verdicts = _script().classify_urls(["http://www.example.gov.cn/zwgk/2025/t20250301_123456.html"], {"HELDOUT": [_protected(tmp_path)]})
    assert verdicts[0][0] == "HELDOUT"


def test_another_page_is_new(tmp_path: Path) -> None:
    verdicts = _script().classify_urls(["https://example.gov.cn/zwgk/2025/t20250302_654321.html"], {"HELDOUT": [_protected(tmp_path)]})
    assert verdicts[0][0] == "new"


def test_a_file_carrying_thirty_characters_of_a_protected_passage_is_named_with_its_id(tmp_path: Path) -> None:
    saved = tmp_path / "new.txt"
    saved.write_text("某县报告称：" + PROTECTED["text"][3:40] + "。", encoding="utf-8")
    assert _script().shared_runs([saved], [_protected(tmp_path)]) == {str(saved): ["p001"]}


def test_a_file_of_other_text_shares_nothing(tmp_path: Path) -> None:
    saved = tmp_path / "new.txt"
    saved.write_text("到2026年，全市新建5G基站3000个，城镇新增就业5万人，空气质量优良天数比例达到90%。", encoding="utf-8")
    assert _script().shared_runs([saved], [_protected(tmp_path)]) == {}


def test_a_run_of_exactly_thirty_characters_at_any_position_is_found(tmp_path: Path) -> None:
    saved = tmp_path / "new.txt"
    saved.write_text("某县报告称：" + PROTECTED["text"][1:31] + "。", encoding="utf-8")
    assert _script().shared_runs([saved], [_protected(tmp_path)]) == {str(saved): ["p001"]}


def test_the_text_check_counts_its_files_in_chinese() -> None:
    assert _script().text_report({"a.txt": ["p001"]}, 3)[-1] == "共检查3个文件，其中1个与受保护段落共有文字"


def test_the_whole_plans_are_a_protected_set() -> None:
    assert _script()._sets()["PLANS"] == [ROOT / "data" / "eval" / "targets" / "plans-passages.jsonl"]


def test_the_second_whole_plan_set_is_a_protected_set() -> None:
    assert _script()._sets()["PLANS2"] == [ROOT / "data" / "eval" / "targets" / "plans2-passages.jsonl"]


def test_the_third_whole_plan_set_is_a_protected_set() -> None:
    assert _script()._sets()["PLANS3"] == [ROOT / "data" / "eval" / "targets" / "plans3-passages.jsonl"]


def test_the_fourth_whole_plan_set_is_a_protected_set() -> None:
    assert _script()._sets()["PLANS4"] == [ROOT / "data" / "eval" / "targets" / "plans4-passages.jsonl"]


def _protected_by_query(tmp_path: Path) -> Path:
    return _protected(tmp_path, "https://www.example.gov.cn/zhengce/detail?businessId=0001")


def test_a_page_named_by_its_query_is_protected_with_that_query(tmp_path: Path) -> None:
    verdicts = _script().classify_urls(["https://www.example.gov.cn/zhengce/detail?businessId=0001"], {"PLANS": [_protected_by_query(tmp_path)]})
    assert verdicts[0][0] == "PLANS"


def test_another_query_on_the_same_path_is_new(tmp_path: Path) -> None:
    verdicts = _script().classify_urls(["https://www.example.gov.cn/zhengce/detail?businessId=0002"], {"PLANS": [_protected_by_query(tmp_path)]})
    assert verdicts[0][0] == "new"
