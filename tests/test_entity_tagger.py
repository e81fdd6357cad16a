"""The statistical entity tagger (issue #14): a CRF over characters fed the rules' spans, trained on
the study lines only, shipped as a model file that training reproduces. Sentences are our own."""

from __future__ import annotations

import runpy
from pathlib import Path

import yaml

from planwatch.extract import entity_tagger
from planwatch.extract.entities import EntityType, Span
from planwatch.extract.entity_tagger import TaggedSpan, align, decode, split_joined, unglued, vouched, widened
from planwatch.search.words import words

from .conftest import ROOT

TRAINING = runpy.run_path(str(ROOT / "scripts" / "train_entities.py"))


def test_an_inside_tag_after_outside_begins_a_name() -> None:
    assert decode(["O", "I", "I", "O"]) == [TaggedSpan(1, 3)]


def test_a_single_tagged_character_is_no_name() -> None:
    assert decode(["B", "O", "B", "I"]) == [TaggedSpan(2, 4)]


def test_a_gold_name_is_found_in_the_line_by_its_alias() -> None:
    spans, missing = align("依托深圳先进院开展研究。", {"中国科学院深圳先进技术研究院": "institute"})
    assert spans == [(2, 7, EntityType.institute)]
    assert missing == []


def test_a_longer_gold_name_is_placed_before_a_name_inside_it() -> None:
    spans, _ = align("在东湖新区布局，共建东湖新区创新园。", {"东湖新区": "zone", "东湖新区创新园": "zone"})
    assert spans == [(1, 5, EntityType.zone), (10, 17, EntityType.zone)]


def test_training_reads_only_the_study_part() -> None:
    keys = [line.key for line in TRAINING["study_lines"]()]
    demo_ids = [int(key.split("-")[1]) for key in keys if key.startswith("demo-")]
    assert demo_ids
    assert all(number % 2 == 1 for number in demo_ids)


def test_cross_validation_by_plan_never_trains_on_a_plan_it_scores() -> None:
    splits = TRAINING["folds"](TRAINING["study_lines"](), by_plan=True)
    assert all({line.plan for line in held}.isdisjoint(line.plan for line in trained) for held, trained in splits)


def test_cross_validation_by_plan_holds_out_each_demo_plan_and_the_extra_lines_once() -> None:
    splits = TRAINING["folds"](TRAINING["study_lines"](), by_plan=True)
    assert sorted(held[0].plan for held, _trained in splits) == ["baoan", "extra", "guangming", "longgang", "nanshan", "shenzhen"]


def test_cross_validation_by_position_scores_every_study_line_once() -> None:
    lines = TRAINING["study_lines"]()
    held = [line.key for part, _trained in TRAINING["folds"](lines, by_plan=False, count=5) for line in part]
    assert sorted(held) == sorted(line.key for line in lines)


def test_the_extra_study_lines_are_annotated_with_the_enum() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_extra.yaml").read_text(encoding="utf-8"))
    kinds = {kind for line in data["lines"] for kind in (line["entities"] or {}).values()}
    assert kinds <= {t.value for t in EntityType}


def test_training_reproduces_the_shipped_model(tmp_path: Path) -> None:
    model = tmp_path / "entities.crfsuite"
    entity_tagger.train(TRAINING["examples"](TRAINING["study_lines"]()), model)
    assert model.read_bytes() == entity_tagger.MODEL_FILE.read_bytes()


def test_the_tagger_reads_jiebas_own_words_after_the_search_index_grew_the_shared_dictionary() -> None:
    words("国家高新技术企业")  # the search index adds the catalog's names (国家高新技术企业 …) to jieba's shared dictionary
    places = [place for place, _flag, _before in entity_tagger.word_places("建设国家高新技术企业培育库")]
    assert places == ["B", "E", "B", "E", "B", "M", "M", "E", "B", "E", "B", "E", "S"]


def test_a_verb_glued_on_before_a_name_is_cut_off() -> None:
    assert unglued("加快建设北湖光电实验室。", TaggedSpan(2, 11)) == TaggedSpan(4, 11)


def test_a_scope_word_glued_on_before_a_name_is_cut_off() -> None:
    assert unglued("全市科创走廊提速。", TaggedSpan(0, 6)) == TaggedSpan(2, 6)


def test_a_glued_word_that_would_leave_a_single_character_stays() -> None:
    assert unglued("建设港口。", TaggedSpan(0, 3)) == TaggedSpan(0, 3)


def test_two_names_tagged_as_one_across_and_after_an_ending_are_split() -> None:
    line = "建设北湖展示中心与南岭会展中心。"
    assert split_joined(line, TaggedSpan(2, 15)) == [TaggedSpan(2, 8), TaggedSpan(9, 15)]


def test_an_and_inside_one_name_with_no_ending_before_it_stays() -> None:
    line = "布局海洋检测和生物安全评价中心。"
    assert split_joined(line, TaggedSpan(2, 15)) == [TaggedSpan(2, 15)]


def test_the_extra_study_lines_leave_out_what_a_line_says_it_will_make() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_extra.yaml").read_text(encoding="utf-8"))
    made = [name for line in data["lines"] for name in (line["entities"] or {}) if f"打造{name}" in line["text"] or f"打造“{name}”" in line["text"]]
    assert made == []


def _span(line: str, name: str) -> Span:
    start = line.index(name)
    return Span(start, start + len(name), EntityType.platform)


def test_a_rule_name_heading_a_numbered_item_is_vouched_for() -> None:
    line = "3.海岚分子影像平台。为区内高校提供活体成像服务。"
    assert vouched(line, _span(line, "海岚分子影像平台"), [])


def test_a_rule_name_after_an_item_number_that_a_sentence_goes_on_from_is_not_vouched_for() -> None:
    line = "3.海岚分子影像平台建设有序推进。"
    assert not vouched(line, _span(line, "海岚分子影像平台"), [])


def _found(line: str, name: str) -> TaggedSpan:
    start = line.index(name)
    return TaggedSpan(start, start + len(name))


def test_a_list_item_after_a_name_the_model_found_across_a_comma_is_vouched_for() -> None:
    line = "拟建设东岭催化研究室、西岭光谱研究室等研究单元。"
    assert vouched(line, _span(line, "西岭光谱研究室"), [_found(line, "东岭催化研究室")])


def test_a_list_item_before_a_name_the_model_found_across_and_is_vouched_for() -> None:
    line = "包括蛋白结构解析平台和细胞图谱平台。"
    assert vouched(line, _span(line, "蛋白结构解析平台"), [_found(line, "细胞图谱平台")])


def test_a_list_of_names_the_model_found_none_of_vouches_for_none() -> None:
    line = "配置公共流片平台、封装测试平台等服务空间。"
    assert not vouched(line, _span(line, "封装测试平台"), [])


def test_a_name_alone_after_a_verb_is_not_vouched_for() -> None:
    line = "打造滨江智能制造示范园区。"
    assert not vouched(line, _span(line, "滨江智能制造示范园区"), [])


def test_a_rule_name_that_continues_the_models_name_at_its_end_widens_it() -> None:
    line = "加快南岭大学医学部建设。"
    model = line.index("南岭大学")
    assert widened(line, _span(line, "南岭大学医学部"), TaggedSpan(model, model + 4))


def test_a_rule_name_that_continues_the_models_name_at_its_start_widens_it() -> None:
    line = "推进马鞍-石门-白沙片区更新。"
    model = line.index("白沙片区")
    assert widened(line, _span(line, "马鞍-石门-白沙片区"), TaggedSpan(model, model + 4))


def test_a_rule_name_one_character_longer_than_the_models_name_does_not_widen_it() -> None:
    line = "进东海大学深圳研究院、"
    model = line.index("东海大学")
    assert not widened(line, _span(line, "进东海大学深圳研究院"), TaggedSpan(model, model + 9))


def test_a_rule_name_joined_to_the_models_name_by_and_does_not_widen_it() -> None:
    line = "盘活存量产业空间及北岭科技城的厂房。"
    model = line.index("北岭科技城")
    assert not widened(line, _span(line, "存量产业空间及北岭科技城"), TaggedSpan(model, model + 5))
