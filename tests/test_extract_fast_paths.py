"""Shortcuts the extractor takes for speed give what the full reading gives: caches shared by the
documents of one process, subjects read only when a later clause needs them. Every text here is written for these tests."""

from __future__ import annotations

from planwatch.extract import extract_targets
from planwatch.extract.catalog import best_similarity, name_similarity
from planwatch.extract.textprep import to_simplified
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Target


def plan(text: str) -> ParsedPlan:
    return parse_text(text, name="doc.txt")


def targets_of(text: str) -> list[Target]:
    return extract_targets(plan(text))[0]


SOFTWARE_PLAN = """某某区软件产业“十四五”规划

一、发展基础
2020年，全区软件业务收入达到1200亿元，同比增长9%，占服务业总收入比重达到18.2%。

二、发展目标
到2025年，软件业务收入占服务业收入比重达到22%，软件企业达到900家。
"""

MATERIALS_PLAN = """某某县新材料產業“十四五”規劃

一、發展基礎
2020年，全縣新材料產業產值為260億元。

二、發展目標
到2025年，新材料產業產值達到500億元，軟件業務收入占服務業收入比重達到30%。
"""


def test_a_document_read_after_another_gives_the_targets_it_gives_alone() -> None:
    to_simplified.cache_clear()
    alone = targets_of(MATERIALS_PLAN)
    targets_of(SOFTWARE_PLAN)  # fills the shared caches (simplified text, name bigrams)
    assert targets_of(MATERIALS_PLAN) == alone


def test_the_targets_of_a_document_do_not_change_when_read_twice() -> None:
    assert targets_of(SOFTWARE_PLAN) == targets_of(SOFTWARE_PLAN)


def test_an_elided_subject_comes_from_an_earlier_clause_past_one_without_a_subject() -> None:
    # 同比增长9% names no subject: 占…比重 belongs to 软件业务收入, two clauses back.
    share = next(t for t in targets_of(SOFTWARE_PLAN) if t.unit == "%")
    assert share.baseline_value == 18.2


def test_an_elided_subject_is_the_latest_one_named() -> None:
    text = SOFTWARE_PLAN.replace("全区软件业务收入达到1200亿元，同比增长9%", "全区软件业务收入达到1200亿元，硬件制造业务收入达到300亿元")
    share = next(t for t in targets_of(text) if t.unit == "%")
    assert share.baseline_value is None  # 占…18.2% is now the share of 硬件制造业务收入


def test_best_similarity_is_the_highest_pairwise_similarity() -> None:
    names = ["研发投入强度", "全社会研发经费投入强度", "高新技术企业数量"]
    assert best_similarity("研发经费投入强度", names) == max(name_similarity("研发经费投入强度", n) for n in names)
