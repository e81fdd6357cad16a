"""Entity boundaries and kinds decided by the language of the sentence (issue #14): class markers,
counts, chains of places, bracketed names, branches and university units, and what the tagger adds.
Sentences are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract import entities
from planwatch.extract.entities import EntityType, Mention, _consistent, _Reading, find_mentions


def _names(text: str) -> dict[str, EntityType]:
    return {m.name: m.type for m in find_mentions([text])}


def test_a_class_marker_makes_a_kind_of_platform() -> None:
    assert _names("依托枢纽型平台和功能性平台开展服务。") == {}


def test_a_descriptive_word_holding_a_class_character_is_no_marker() -> None:
    assert _names("设立海洋装备共性技术研究院。") == {"海洋装备共性技术研究院": EntityType.institute}


def test_a_counted_name_is_a_kind_of_thing() -> None:
    assert _names("新增青岛湾孵化基地12家。") == {}


def test_a_chain_of_places_stays_one_zone() -> None:
    assert _names("推动建设东湖-西岭-南坪片区。") == {"东湖-西岭-南坪片区": EntityType.zone}


def test_a_name_in_brackets_is_its_own_name() -> None:
    found = _names("建成海滨文化中心（华南影视总部基地）。")
    assert found == {"海滨文化中心": EntityType.platform, "华南影视总部基地": EntityType.platform}


def test_a_faculty_and_a_graduate_school_continue_their_university() -> None:
    found = _names("推进北方理工大学医学部二期和东海大学深圳研究生院建设。")
    assert found == {"北方理工大学医学部": EntityType.university, "东海大学深圳研究生院": EntityType.university}


def test_a_place_and_an_ending_after_a_name_is_its_branch() -> None:
    assert _names("支持东海大学深圳研究院建设。") == {"东海大学深圳研究院": EntityType.institute}


def test_a_hyphen_joins_a_joint_name() -> None:
    assert _names("推进西湖大学-剑桥联合学院建设。") == {"西湖大学-剑桥联合学院": EntityType.university}


def test_a_verb_before_an_ending_is_no_name() -> None:
    assert _names("加速实验室成果转化。") == {}


def test_a_national_designation_is_no_place() -> None:
    assert _names("创建国家海洋经济创新示范区。") == {}


def test_a_facility_named_only_by_its_field_is_a_kind() -> None:
    assert _names("建设储能设施。") == {}


def test_a_facility_with_a_longer_name_is_kept() -> None:
    assert _names("建设深海环境模拟设施。") == {"深海环境模拟设施": EntityType.facility}


def test_a_research_room_is_a_lab() -> None:
    assert _names("设置智能感知研究室。") == {"智能感知研究室": EntityType.lab}


def test_an_academy_of_sciences_is_an_institute() -> None:
    assert _names("支持中国农业科学院在深布局。") == {"中国农业科学院": EntityType.institute}


def test_two_centres_joined_by_and_are_not_one_name() -> None:
    found = _names("获批国家应用统计中心和东海临床医学研究中心。")
    assert found == {"东海临床医学研究中心": EntityType.institute}


# --- with the tagger (extract/entity_tagger.py) deciding the names -------------------------------


def test_a_lab_is_found_without_the_verbs_before_it() -> None:
    assert _names("积极推动东江实验室建设，不断提升实验室服务能力。") == {"东江实验室": EntityType.lab}


def test_a_university_and_a_facility_in_one_sentence_are_two_names() -> None:
    found = _names("依托北岭大学建设海岸带综合观测设施。")
    assert found == {"北岭大学": EntityType.university, "海岸带综合观测设施": EntityType.facility}


def test_a_quoted_mechanism_and_a_fund_keep_their_types() -> None:
    found = _names("设立东港科技成果转化基金，完善“前置评估机制”。")
    assert found == {"东港科技成果转化基金": EntityType.fund, "前置评估机制": EntityType.mechanism}


def test_a_listed_name_is_not_cut_in_two() -> None:
    assert _names("支持云脑III扩容。") == {"鹏城云脑III": EntityType.facility}


def test_each_mention_keeps_its_line() -> None:
    mentions = find_mentions(["总体要求。", "推进东江实验室建设。"])
    assert [(m.name, m.line) for m in mentions] == [("东江实验室", 2)]


def test_a_name_written_with_the_short_academy_prefix_is_merged_with_its_full_name() -> None:
    found = find_mentions(["依托中国科学院北湖能源研究所开展攻关。", "支持中科院北湖能源研究所扩建。"])
    assert {m.name for m in found} == {"中国科学院北湖能源研究所"}


def test_two_centres_the_tagger_reads_as_one_across_and_are_two_names() -> None:
    found = _names("建设北湖展示中心与南岭会展中心。")
    assert found == {"北湖展示中心": EntityType.platform, "南岭会展中心": EntityType.platform}


# --- a document read as a whole (entities._consistent) -------------------------------------------


def _reading(line: str, written: str, agreed: bool = False) -> _Reading:
    start = line.index(written)
    return _Reading(start, start + len(written), written, EntityType.zone, agreed)


def _consistent_names(read: list[tuple[str, list[_Reading]]]) -> list[list[str]]:
    return [[line[r.start : r.end] for r in readings] for line, readings in _consistent(read)]


def test_a_name_the_rules_and_tagger_agree_on_is_marked_where_the_tagger_missed_it() -> None:
    first, second = "建设东江科学城。", "依托东江科学城开展攻关。"
    assert _consistent_names([(first, [_reading(first, "东江科学城", agreed=True)]), (second, [])]) == [["东江科学城"], ["东江科学城"]]


def test_a_name_the_model_alone_read_once_is_not_carried_over_even_with_a_long_ending() -> None:
    first, second = "建设西岭材料研究院。", "依托西岭材料研究院开展攻关。"
    assert _consistent_names([(first, [_reading(first, "西岭材料研究院")]), (second, [])])[1] == []


def test_a_name_read_in_two_lines_is_carried_over_to_a_third() -> None:
    lines = ["建设西岭材料研究院。", "西岭材料研究院聚焦新材料。", "依托西岭材料研究院开展攻关。"]
    read = [(lines[0], [_reading(lines[0], "西岭材料研究院")]), (lines[1], [_reading(lines[1], "西岭材料研究院")]), (lines[2], [])]
    assert _consistent_names(read)[2] == ["西岭材料研究院"]


def test_a_kind_named_by_its_level_is_not_carried_over_though_agreed() -> None:
    first, second = "认定省级东岭技术研究中心。", "依托省级东岭技术研究中心开展攻关。"
    assert _consistent_names([(first, [_reading(first, "省级东岭技术研究中心", agreed=True)]), (second, [])])[1] == []


def test_a_name_read_once_with_a_short_ending_is_not_carried_over() -> None:
    first, second = "建设东江测试平台。", "依托东江测试平台开展攻关。"
    assert _consistent_names([(first, [_reading(first, "东江测试平台")]), (second, [])])[1] == []


def test_a_name_is_not_marked_where_a_branch_continues_it() -> None:
    first, second = "建设东江实验室。", "筹建东江实验室深圳基地。"
    assert _consistent_names([(first, [_reading(first, "东江实验室", agreed=True)]), (second, [])])[1] == []


def test_a_name_is_not_marked_after_a_noun() -> None:
    first, second = "建设数字孪生平台。", "发展工业数字孪生平台。"
    assert _consistent_names([(first, [_reading(first, "数字孪生平台", agreed=True)]), (second, [])])[1] == []


def test_a_name_is_not_marked_inside_a_longer_ending() -> None:
    first, second = "布局东江产业园。", "建设东江产业园区。"
    assert _consistent_names([(first, [_reading(first, "东江产业园", agreed=True)]), (second, [])])[1] == []


def test_a_piece_read_once_gives_way_to_the_name_read_in_other_lines() -> None:
    lines = ["建设东江科学城。", "东江科学城聚焦生命科学。", "促进东江科学城成果转化。"]
    read = [(lines[0], [_reading(lines[0], "东江科学城")]), (lines[1], [_reading(lines[1], "东江科学城")]), (lines[2], [_reading(lines[2], "江科学城")])]
    assert _consistent_names(read)[2] == ["东江科学城"]


def test_a_longer_name_read_once_keeps_the_name_it_holds() -> None:
    lines = ["建设东江科学城。", "东江科学城聚焦生命科学。", "依托东江科学城展示馆开展攻关。"]
    read = [(lines[0], [_reading(lines[0], "东江科学城")]), (lines[1], [_reading(lines[1], "东江科学城")]), (lines[2], [_reading(lines[2], "东江科学城展示馆")])]
    assert _consistent_names(read)[2] == ["东江科学城展示馆"]


def test_the_evaluation_reads_each_line_in_its_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["建设东江科学城。", "依托东江科学城开展攻关。"]
    calls: list[list[str]] = []
    entity_set = tmp_path / "set.yaml"
    entity_set.write_text(
        "lines:\n  - {id: 1, plan: p, line: 2, text: 依托东江科学城开展攻关。, entities: {东江科学城: zone}}\n", encoding="utf-8"
    )
    original = entities.find_mentions

    def spy(document: list[str], model: Path | None = None) -> list[Mention]:
        calls.append(document)
        return original(document, model)

    monkeypatch.setattr(entities, "find_mentions", spy)
    entities.evaluate_entities(entity_set, {"p": lines})
    assert calls == [lines]


# --- Round 7: names the rules read whole (rule_spans: the model's features, so no model decides here) ---------


def _rule_names(text: str) -> dict[str, EntityType]:
    return {text[s.start : s.end]: s.type for s in entities.rule_spans(text)}


def test_a_one_character_lead_word_inside_a_longer_word_does_not_cut_the_name() -> None:
    assert _rule_names("对接中国（海南）自由贸易试验区洋浦片区建设。") == {"中国（海南）自由贸易试验区洋浦片区": EntityType.zone}


def test_a_one_character_lead_word_standing_alone_still_cuts_the_name() -> None:
    assert _rule_names("以东江实验室为核心开展攻关。") == {"东江实验室": EntityType.lab}


def test_a_one_character_lead_word_inside_a_verb_still_ends_the_name_before() -> None:
    assert _rule_names("将区财政科技专项资金作为引导基金。") == {"区财政科技专项资金": EntityType.fund}


def test_a_level_and_its_above_make_a_kind_of_platform() -> None:
    assert _rule_names("支持市级以上科技创新平台建设。") == {}


def test_a_special_fund_is_a_fund() -> None:
    assert _rule_names("设立海洋装备预研专项资金。") == {"海洋装备预研专项资金": EntityType.fund}


def test_a_named_exhibition_centre_and_a_neutron_source_keep_their_types() -> None:
    found = _rule_names("建成南岭新产品展示中心和北江散裂中子源。")
    assert found == {"南岭新产品展示中心": EntityType.platform, "北江散裂中子源": EntityType.facility}


def test_a_slash_between_two_fields_stays_inside_one_name() -> None:
    assert _rule_names("建设海洋/极地观测研究平台。") == {"海洋/极地观测研究平台": EntityType.platform}


def test_a_campus_mark_joins_the_university_and_its_school() -> None:
    assert _rule_names("引进东海大学（深圳）海洋学院。") == {"东海大学（深圳）海洋学院": EntityType.university}


def test_a_campus_mark_and_a_conjunction_end_the_first_of_two_names() -> None:
    assert set(_rule_names("支持东海大学（深圳）和南岭大学合作。")) == {"东海大学（深圳）", "南岭大学"}


def test_an_item_number_in_brackets_is_no_part_of_a_chain_of_places() -> None:
    assert _rule_names("(五)东坑-西坑-北坑片区") == {"东坑-西坑-北坑片区": EntityType.zone}


def test_a_kind_after_etc_is_not_joined_to_the_name_before() -> None:
    assert _rule_names("支持北岭设计学院等高等院校平台建设。") == {"北岭设计学院": EntityType.university}


def _rule_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in entities.rule_spans(text)]


def test_a_proper_name_ending_in_a_valley_is_a_zone() -> None:
    assert entities.rule_spans("企业落户青禾云谷，集聚发展。")[0].type == EntityType.zone


def test_a_valley_before_a_longer_ending_is_part_of_that_name() -> None:
    assert _rule_texts("支持星谷实验室建设。") == ["星谷实验室"]


def test_a_descriptor_before_a_one_character_ending_is_no_name() -> None:
    assert _rule_texts("落实“科技绿谷”战略。") == []


def test_a_fund_after_the_kind_it_funds_is_one_fund() -> None:
    assert _rule_texts("推动设立重大科技基础设施青禾专项资金。") == ["重大科技基础设施青禾专项资金"]


def test_a_fund_after_the_zone_that_holds_it_is_one_fund() -> None:
    assert _rule_texts("设立光明科学城科技创新运营基金。") == ["光明科学城科技创新运营基金"]


def test_a_guidance_fund_without_an_owner_is_a_kind() -> None:
    assert _rule_texts("鼓励设立天使投资引导基金。") == []


def test_the_short_name_of_the_applied_mathematics_centre_is_merged() -> None:
    assert entities.canonical_name("深圳国家应用数学中心") == "国家应用数学中心"


def test_a_local_alias_in_another_citys_plan_keeps_its_own_name() -> None:
    (mention,) = find_mentions(["积极参与综合性国家科学中心建设。"])
    assert mention.name == "综合性国家科学中心"


def test_a_local_alias_in_a_plan_that_names_its_place_is_the_listed_name() -> None:
    mentions = find_mentions(["深度融入粤港澳大湾区建设。", "积极参与综合性国家科学中心建设。"])
    assert [m.name for m in mentions if m.line == 2] == ["大湾区综合性国家科学中心"]


def test_a_shenzhen_plans_national_high_tech_zone_is_shenzhens() -> None:
    assert [m.name for m in find_mentions(["深圳市推动国家高新区提质升级。"])] == ["深圳国家高新区"]
