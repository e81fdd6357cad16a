"""The statistical entity tagger (issue #14): a CRF over characters fed the rules' spans, trained on
the study lines only, shipped as a model file that training reproduces. Sentences are our own."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import yaml

from planwatch.extract import entities, entity_tagger
from planwatch.extract.entities import EntityType, Span, find_mentions, rule_spans
from planwatch.extract.entity_tagger import TaggedSpan, align, decode, named_by_level, split_joined, unglued
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


def test_cross_validation_by_plan_holds_out_each_demo_plan_the_extra_lines_and_four_folds_of_real_pages_once() -> None:
    splits = TRAINING["folds"](TRAINING["study_lines"](), by_plan=True)
    expected = ["baoan", "extra", "guangming", "longgang", "nanshan", "real-0", "real-1", "real-2", "real-3", "shenzhen"]
    assert sorted(held[0].plan for held, _trained in splits) == expected


def test_the_lines_of_one_real_page_are_held_out_together() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_real.yaml").read_text(encoding="utf-8"))
    source = {f"real-{line['id']}": line["source"] for line in data["lines"]}
    real = [line for line in TRAINING["study_lines"]() if line.key.startswith("real-")]
    folds_of_page: dict[str, set[str]] = {}
    for line in real:
        folds_of_page.setdefault(source[line.key], set()).add(line.plan)
    assert all(len(folds) == 1 for folds in folds_of_page.values())


def test_cross_validation_by_position_scores_every_study_line_once() -> None:
    lines = TRAINING["study_lines"]()
    held = [line.key for part, _trained in TRAINING["folds"](lines, by_plan=False, count=5) for line in part]
    assert sorted(held) == sorted(line.key for line in lines)


@pytest.mark.parametrize("name", ["entities_study_extra.yaml", "entities_study_demo.yaml", "entities_study_real.yaml"])
def test_the_study_files_are_annotated_with_the_enum(name: str) -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / name).read_text(encoding="utf-8"))
    kinds = {kind for line in data["lines"] for kind in (line["entities"] or {}).values()}
    assert kinds <= {t.value for t in EntityType}


def test_every_real_study_line_names_the_page_it_was_copied_from() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_real.yaml").read_text(encoding="utf-8"))
    assert all(str(line["source"]).startswith(("http://", "https://")) for line in data["lines"])


def test_every_gold_name_of_the_real_study_lines_is_found_in_its_line() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_real.yaml").read_text(encoding="utf-8"))
    assert [name for line in data["lines"] for name in align(line["text"], line["entities"] or {})[1]] == []


def test_the_real_study_lines_are_read_as_lines_of_no_demo_plan() -> None:
    real = [line for line in TRAINING["study_lines"]() if line.key.startswith("real-")]
    assert {line.number for line in real} == {0}


def test_the_shipped_model_is_trained_on_the_real_study_lines() -> None:
    assert len([line for line in TRAINING["study_lines"]() if line.key.startswith("real-")]) == 366


def test_without_real_leaves_the_real_study_lines_out() -> None:
    assert not [line for line in TRAINING["study_lines"](real=False) if line.key.startswith("real-")]


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


def test_a_span_that_begins_with_an_administrative_level_is_a_kind_of_thing() -> None:
    assert named_by_level("用好省级创投引导基金。", TaggedSpan(2, 10))


def test_a_span_with_a_level_word_after_its_start_is_not_named_by_level() -> None:
    assert not named_by_level("支持东岭省级重点实验室建设。", TaggedSpan(2, 11))


def test_two_names_tagged_as_one_across_and_after_an_ending_are_split() -> None:
    line = "建设北湖展示中心与南岭会展中心。"
    assert split_joined(line, TaggedSpan(2, 15)) == [TaggedSpan(2, 8), TaggedSpan(9, 15)]


def test_an_and_inside_one_name_with_no_ending_before_it_stays() -> None:
    line = "布局海洋检测和生物安全评价中心。"
    assert split_joined(line, TaggedSpan(2, 15)) == [TaggedSpan(2, 15)]


@pytest.mark.parametrize("name", ["entities_study_extra.yaml", "entities_study_demo.yaml", "entities_study_real.yaml"])
def test_the_study_files_leave_out_what_a_line_says_it_will_make(name: str) -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / name).read_text(encoding="utf-8"))
    made = [name for line in data["lines"] for name in (line["entities"] or {}) if f"打造{name}" in line["text"] or f"打造“{name}”" in line["text"]]
    assert made == []


# --- boundaries the tagger's spans are given after the model (entity_tagger.tag) ---------------------


def test_a_verb_broken_at_the_line_start_is_cut_off() -> None:
    found = {m.name: m.type for m in find_mentions(["进东海大学深圳研究院、北岭理工大学深圳"])}
    assert found == {"东海大学深圳研究院": EntityType.institute, "北岭理工大学": EntityType.university}


def test_a_branch_read_alone_is_the_rules_whole_name() -> None:
    line = "筹建海洋感知国家实验室深圳基地。"
    whole = TaggedSpan(line.index("海洋"), line.index("。"))
    assert entity_tagger.whole_rule_name(line, TaggedSpan(line.index("深圳基地"), line.index("。")), rule_spans(line)) == whole


def test_a_branch_without_a_name_before_it_is_no_name() -> None:
    line = "推进深圳基地建设。"
    assert entity_tagger.whole_rule_name(line, TaggedSpan(2, 6), []) is None


def test_the_tail_of_a_chain_of_places_is_the_whole_chain() -> None:
    line = "推动坪山-碧岭-汤坑片区发展。"
    tail = TaggedSpan(line.index("汤坑"), line.index("发展"))
    assert entity_tagger.whole_rule_name(line, tail, rule_spans(line)) == TaggedSpan(line.index("坪山"), line.index("发展"))


def test_a_span_that_is_neither_branch_nor_chain_tail_stays() -> None:
    line = "依托东江大学开展攻关。"
    span = TaggedSpan(2, 6)
    assert entity_tagger.whole_rule_name(line, span, rule_spans(line)) == span


def test_a_listed_mechanism_loses_the_word_system_after_it() -> None:
    line = "实行负面清单制度。"
    assert entity_tagger.without_generic_word(line, TaggedSpan(2, 8)) == TaggedSpan(2, 6)


def test_a_stem_ending_in_a_class_marker_names_a_class() -> None:
    line = "布局试制与验证功能型平台。"
    assert entity_tagger.classed(line, TaggedSpan(2, line.index("。")))


def test_a_stem_without_a_class_marker_names_no_class() -> None:
    line = "布局试制与验证公共平台。"
    assert not entity_tagger.classed(line, TaggedSpan(2, line.index("。")))


def test_a_title_the_state_grants_is_a_designation() -> None:
    line = "建设中国海洋经济先行示范区。"
    assert entity_tagger.designated(line, TaggedSpan(2, line.index("。")))


def test_a_zone_of_a_place_in_full_width_brackets_after_china_is_no_designation() -> None:
    line = "依托中国（海南）自由贸易试验区开展制度创新。"
    assert not entity_tagger.designated(line, TaggedSpan(2, line.index("开展")))


def test_a_zone_of_a_place_in_half_width_brackets_after_china_is_no_designation() -> None:
    line = "对接中国(福建)自由贸易试验区厦门片区。"
    assert not entity_tagger.designated(line, TaggedSpan(2, line.index("厦门")))


def test_a_place_ending_like_a_designation_is_not_one() -> None:
    line = "建设东江数字经济示范区。"
    assert not entity_tagger.designated(line, TaggedSpan(2, line.index("。")))


def test_a_place_named_by_its_city_word_and_a_zone_joined_by_and_are_two_names() -> None:
    line = "推动东湖城和南岭科技城联动发展。"
    assert split_joined(line, TaggedSpan(2, line.index("联动"))) == [TaggedSpan(2, 5), TaggedSpan(6, line.index("联动"))]


def test_a_campus_and_a_university_joined_by_and_are_two_names() -> None:
    found = {m.name for m in find_mentions(["支持北海大学东湖校区和南岭大学共建实验室。"])}
    assert found == {"北海大学东湖校区", "南岭大学"}


# --- Round 7: filters on the model's spans -------------------------------------------------------------------


def test_a_rank_among_its_kind_is_a_title() -> None:
    line = "获评全国首批智慧园区示范基地。"
    assert entity_tagger.ranked(line, TaggedSpan(2, line.index("。")))


def test_a_name_without_a_rank_is_no_title() -> None:
    line = "建设东岭智慧园区示范基地。"
    assert not entity_tagger.ranked(line, TaggedSpan(2, line.index("。")))


def test_the_word_include_in_glued_on_before_a_name_is_cut_off() -> None:
    line = "纳入东岭科技走廊。"
    assert unglued(line, TaggedSpan(0, line.index("。"))) == TaggedSpan(2, line.index("。"))


def test_a_particle_glued_on_before_a_name_is_cut_off() -> None:
    line = "承担了北岭国际创新中心的任务。"
    assert unglued(line, TaggedSpan(2, line.index("的"))) == TaggedSpan(3, line.index("的"))


def test_a_role_after_a_whole_name_is_no_part_of_it() -> None:
    line = "纳入东岭科技走廊重要平台。"
    assert entity_tagger.without_role(line, TaggedSpan(2, line.index("。"))) == TaggedSpan(2, line.index("重要"))


def test_the_facilities_of_a_park_are_not_the_parks_name() -> None:
    line = "提升北湖大学园软硬件设施水平。"
    assert entity_tagger.without_role(line, TaggedSpan(2, line.index("水平"))) == TaggedSpan(2, line.index("软硬件"))


def test_a_name_without_a_role_word_stays_whole() -> None:
    line = "建设北湖重要装备研究院。"
    assert entity_tagger.without_role(line, TaggedSpan(2, line.index("。"))) == TaggedSpan(2, line.index("。"))


def test_a_count_of_zones_is_no_name() -> None:
    line = "西岭、北岭2个片区纳入高新区。"
    assert entity_tagger.ranked(line, TaggedSpan(3, line.index("纳入")))


def test_a_pilot_demonstration_title_after_a_city_is_a_designation() -> None:
    line = "建设东江先行示范区。"
    assert entity_tagger.designated(line, TaggedSpan(2, line.index("。")))


def test_a_science_and_technology_innovation_centre_a_region_is_to_become_is_a_designation() -> None:
    line = "建设北湾国际科技创新中心。"
    assert entity_tagger.designated(line, TaggedSpan(2, line.index("。")))


def test_a_technology_innovation_centre_is_no_designation() -> None:
    line = "建设北湾国家技术创新中心。"
    assert not entity_tagger.designated(line, TaggedSpan(2, line.index("。")))


def test_a_span_ending_inside_a_word_is_cut_in_the_word() -> None:
    line = "建设绿色低碳城区。"
    assert entity_tagger.ends_in_a_word(entity_tagger.word_places(line), TaggedSpan(2, line.index("区")))


def test_a_span_ending_at_a_word_boundary_is_not_cut_in_a_word() -> None:
    line = "建设东岭科技城，发展产业。"
    assert not entity_tagger.ends_in_a_word(entity_tagger.word_places(line), TaggedSpan(2, line.index("，")))


def _rule(line: str, name: str) -> Span:
    return next(s for s in rule_spans(line) if line[s.start : s.end] == name)


def test_the_error_report_counts_a_verb_glued_before_a_name_on_both_sides() -> None:
    errors = TRAINING["causes"]("依托青禾实验室开展研究。", ["依托青禾实验室"], {"青禾实验室": "lab"})
    assert [(e.side, e.cause) for e in errors] == [("多", TRAINING["Cause"].glued_before), ("漏", TRAINING["Cause"].glued_before)]


def test_the_error_report_names_a_miss_without_a_listed_ending() -> None:
    errors = TRAINING["causes"]("推动星河云港集聚发展。", [], {"星河云港": "zone"})
    assert [e.cause for e in errors] == [TRAINING["Cause"].no_ending]


def test_a_name_heading_a_numbered_item_is_a_heading() -> None:
    line = "三是布局平台。4.青禾测序平台。提供测序服务。"
    assert entity_tagger.headed(line, _rule(line, "青禾测序平台"))


def test_a_name_inside_a_sentence_after_a_number_is_no_heading() -> None:
    line = "4.依托青禾测序平台开展服务。"
    assert not entity_tagger.headed(line, _rule(line, "青禾测序平台"))


def test_a_fund_named_by_its_district_is_owned() -> None:
    line = "设立星河区科技成果转化基金。"
    assert entity_tagger.owned_fund(line, _rule(line, "星河区科技成果转化基金"))


def test_a_fund_named_by_a_place_not_a_district_is_not_owned() -> None:
    line = "设立青禾湾科技成果转化基金。"
    assert not entity_tagger.owned_fund(line, _rule(line, "青禾湾科技成果转化基金"))


@pytest.mark.parametrize(
    ("line", "fund"),
    [
        ("用好区块链产业基金。", "用好区块链产业基金"),
        ("设立区域协调发展基金。", "区域协调发展基金"),
        ("成立省外引才基金。", "省外引才基金"),
        ("设立城市更新基金。", "城市更新基金"),
        ("引导市场化投资基金。", "市场化投资基金"),
    ],
)
def test_a_word_beginning_with_a_place_ending_is_no_owner(line: str, fund: str) -> None:
    assert not entity_tagger.owned_fund(line, _rule(line, fund))


def test_a_list_item_with_the_same_ending_as_a_found_name_is_listed_with_it() -> None:
    line = "建设青禾化学平台、星河组学平台。"
    assert entity_tagger.listed_with(line, _rule(line, "星河组学平台"), TaggedSpan(2, 8))


def test_a_list_item_with_another_ending_is_not_listed_with_a_found_name() -> None:
    line = "建设青禾化学平台、星河组学研究院。"
    assert not entity_tagger.listed_with(line, _rule(line, "星河组学研究院"), TaggedSpan(2, 8))


class _ReadsNothing:
    """A model that tags every character O: what tag() keeps then comes from the rules alone."""

    def tag(self, items: list[object]) -> list[str]:
        return ["O"] * len(items)


def _kept(line: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(entity_tagger, "_tagger", lambda _model: _ReadsNothing())
    return [line[t.start : t.end] for t in entity_tagger.tag(line)]


def test_a_heading_name_stays_where_the_model_reads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _kept("三是布局平台。4.青禾测序平台。提供测序服务。", monkeypatch) == ["青禾测序平台"]


def test_a_listed_name_stays_where_the_model_reads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _kept("依托鹏城靶场开展测试。", monkeypatch) == ["鹏城靶场"]


def test_a_list_without_a_found_name_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _kept("建设青禾化学平台、星河组学平台。", monkeypatch) == []


def test_the_short_name_of_the_national_demonstration_zone_is_merged() -> None:
    assert entities.canonical_name("深圳自创区") == "深圳国家自主创新示范区"
