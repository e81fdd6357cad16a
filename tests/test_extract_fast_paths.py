"""Shortcuts the extractor takes for speed give what the full reading gives: caches shared by the
documents of one process, subjects read only when a later clause needs them. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from planwatch.extract import extract_targets, language, textprep
from planwatch.extract.catalog import best_similarity, name_similarity
from planwatch.extract.targets import _BaselineClause, _BaselineClauses
from planwatch.ingest.normalise import to_simplified
from planwatch.ingest.pipeline import parse_text
from planwatch.models import Paragraph, ParsedPlan, Target


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


def _clauses(*texts: str) -> _BaselineClauses:
    paragraph = Paragraph(text="。".join(texts), segments=((0, 1),))
    return _BaselineClauses([_BaselineClause(t, "", (), None, paragraph, False) for t in texts])


def test_the_clauses_naming_an_indicator_are_those_whose_text_holds_it() -> None:
    clauses = _clauses("2020年技术合同成交额达到85亿元", "专利授权量达到3万件", "技术合同成交额年均增长10%")
    assert clauses.naming(["技术合同成交额"]) == {0, 2}


def test_a_name_running_over_the_end_of_a_clause_names_neither() -> None:
    clauses = _clauses("全市技术合同", "成交额达到85亿元")
    assert clauses.naming(["技术合同成交额"]) == set()


def test_a_name_found_across_clauses_is_still_found_inside_a_later_one() -> None:
    clauses = _clauses("全市技术合同", "成交额达到85亿元，技术合同成交额增长12%")
    assert clauses.naming(["技术合同成交额"]) == {1}


def test_a_name_that_another_measure_follows_names_no_clause() -> None:
    clauses = _clauses("对全省经济增长贡献率达到42%", "研发投入占地区生产总值比重2.8%")
    assert clauses.naming(["经济增长", "研发投入"]) == set()


def test_each_of_several_names_is_looked_for() -> None:
    clauses = _clauses("研发经费投入强度为2.1%", "发明专利拥有量达到12件")
    assert clauses.naming(["发明专利拥有量", "研发经费投入强度"]) == {0, 1}


def test_a_paragraph_is_converted_to_simplified_characters_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the check for a quantity, the prepared text and the Republic-year switch all read one conversion
    paragraph = "到2025年，全縣規模以上工業企業研發機構覆蓋率達到百分之六十，新增國家級專精特新企業二十家。"
    converted: list[str] = []

    def counting(text: str) -> str:
        converted.append(text)
        return to_simplified(text)

    monkeypatch.setattr(language, "to_simplified", counting)
    monkeypatch.setattr(textprep, "to_simplified", counting)
    targets_of(f"某某縣工業發展“十四五”規劃\n\n二、發展目標\n{paragraph}\n")
    assert converted.count(paragraph) == 1
