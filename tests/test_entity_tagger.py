"""The statistical entity tagger (issue #14): a CRF over characters fed the rules' spans, trained on
the study lines only, shipped as a model file that training reproduces. Sentences are our own."""

from __future__ import annotations

import runpy
from pathlib import Path

import yaml

from planwatch.extract import entity_tagger
from planwatch.extract.entities import EntityType, find_mentions
from planwatch.extract.entity_tagger import TaggedSpan, align, decode

from .conftest import ROOT

TRAINING = runpy.run_path(str(ROOT / "scripts" / "train_entities.py"))


def _names(text: str) -> dict[str, EntityType]:
    return {m.name: m.type for m in find_mentions([text])}


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
    keys = [key for key, _text, _gold in TRAINING["study_lines"]()]
    demo_ids = [int(key.split("-")[1]) for key in keys if key.startswith("demo-")]
    assert demo_ids
    assert all(number % 2 == 1 for number in demo_ids)


def test_the_extra_study_lines_are_annotated_with_the_enum() -> None:
    data = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_extra.yaml").read_text(encoding="utf-8"))
    kinds = {kind for line in data["lines"] for kind in (line["entities"] or {}).values()}
    assert kinds <= {t.value for t in EntityType}


def test_training_reproduces_the_shipped_model(tmp_path: Path) -> None:
    model = tmp_path / "entities.crfsuite"
    entity_tagger.train(TRAINING["examples"](TRAINING["study_lines"]()), model)
    assert model.read_bytes() == entity_tagger.MODEL_FILE.read_bytes()
