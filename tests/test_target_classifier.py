"""The target reader's evidence as features and the linear models that weigh it (issue #11): the hand
weights as a model, the trained weights that scripts/train_targets.py reproduces, the features of
sentences written for these tests."""

from __future__ import annotations

import json
import math
import runpy

from planwatch.extract.language import (
    FEATURES,
    HAND,
    TRAINED_PATH,
    Candidate,
    ClauseModel,
    DocumentContext,
    SectionHint,
    TargetReader,
    Weighting,
)
from planwatch.models import Paragraph, Target

from .conftest import GOLD_FILE, ROOT

TRAINING = runpy.run_path(str(ROOT / "scripts" / "train_targets.py"))


def read(text: str, year: int | None = None, model: ClauseModel | None = None, goals: bool = False) -> tuple[list[Target], list[Candidate]]:
    reader = TargetReader(DocumentContext(reference_year=year), model)
    reader.candidates = []
    found: list[Target] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found.extend(reader.read(Paragraph(text=line, segments=((0, number),)), SectionHint(path="1", goals=goals)))
    return found, reader.candidates


def features(text: str, year: int | None = None) -> set[str]:
    _, candidates = read(text, year)
    (candidate,) = candidates
    return set(candidate.features)


# --- the hand weights as a model -----------------------------------------------------------


def test_the_hand_model_gives_the_logistic_of_twice_the_margin() -> None:
    # future 2.0 + commitment 1.5 + bound 0.5 = 4.0: two above the threshold
    (target,), _ = read("到2028年，力争全区专精特新企业达到260家。", year=2025, model=HAND)
    assert target.confidence == round(1 / (1 + math.exp(-4.0)), 3)


def test_a_quantity_below_the_threshold_is_a_candidate_but_no_target() -> None:
    targets, candidates = read("2024年，全区专精特新企业达到210家。", year=2025)
    assert (targets, len(candidates)) == ([], 1)


def test_a_model_decides_by_the_sign_of_its_logit() -> None:
    never = ClauseModel(weights={}, bias=-0.1, name="never")
    targets, _ = read("到2028年，力争全区专精特新企业达到260家。", year=2025, model=never)
    assert targets == []


def test_a_model_with_a_positive_bias_takes_a_past_value() -> None:
    always = ClauseModel(weights={}, bias=0.1, name="always")
    targets, _ = read("2024年，全区专精特新企业达到210家。", year=2025, model=always)
    assert [t.value for t in targets] == [210.0]


def test_the_confidence_is_the_logistic_of_the_models_logit() -> None:
    sure = ClauseModel(weights={"future": 1.0}, bias=0.5, name="sure")
    (target,), _ = read("到2028年，全区专精特新企业达到260家。", year=2025, model=sure)
    assert target.confidence == round(1 / (1 + math.exp(-1.5)), 3)


# --- features of our own sentences ---------------------------------------------------------


def test_a_year_after_the_documents_own_is_the_future() -> None:
    assert "future" in features("到2028年，全区专精特新企业达到260家。", year=2025)


def test_a_year_before_it_is_the_past() -> None:
    assert "past" in features("2024年，全区专精特新企业达到210家。", year=2025)


def test_a_commitment_word_is_evidence() -> None:
    assert "commitment" in features("到2028年，力争全区专精特新企业达到260家。", year=2025)


def test_a_commitment_inside_the_values_clause_is_told_apart() -> None:
    assert "commitment_in_clause" in features("到2028年，力争全区专精特新企业达到260家。", year=2025)


def test_le_before_the_value_is_perfective() -> None:
    assert "perfective" in features("全区专精特新企业增加了30家。", year=2025)


def test_money_is_a_unit_class() -> None:
    assert "unit_money" in features("到2028年，全区软件业务收入达到900亿元。", year=2025)


def test_a_share_is_a_unit_class() -> None:
    assert "unit_share" in features("到2028年，全区研发投入强度达到4.2%。", year=2025)


def test_the_verb_before_the_value_gives_its_class() -> None:
    assert "verb_floor" in features("到2028年，全区研发投入强度不低于4.2%。", year=2025)


def test_a_past_named_after_the_value_is_evidence() -> None:
    assert "past_after" in features("全区研发投入强度达到4.2%，高于去年。", year=2025)


def test_a_band_is_evidence() -> None:
    assert "band" in features("到2028年，全区研发投入强度达到4.2%左右。", year=2025)


def test_a_text_without_date_or_period_is_undated() -> None:
    assert "undated_document" in features("全区研发投入强度达到4.2%。")


def test_a_goals_section_is_evidence() -> None:
    _, (candidate,) = read("全区研发投入强度达到4.2%。", year=2025, goals=True)
    assert "goal_section" in candidate.features


def test_every_feature_the_reader_sets_is_a_known_feature() -> None:
    _, candidates = read("到2028年，力争全区软件业务收入达到900亿元，研发投入强度达到4.2%左右。\n2024年，全区专精特新企业增加了30家。", year=2025)
    assert {f for c in candidates for f in c.features} <= set(FEATURES)


def test_the_candidate_carries_the_year_a_target_would_have() -> None:
    _, (candidate,) = read("到2028年，全区研发投入强度达到4.2%。", year=2025)
    assert candidate.target.target_year == 2028


# --- the trained weights -------------------------------------------------------------------


def test_the_trained_weights_name_every_feature() -> None:
    data = json.loads(TRAINED_PATH.read_text(encoding="utf-8"))
    assert list(data["weights"]) == list(FEATURES)


def test_retraining_reproduces_the_committed_weights_byte_for_byte() -> None:
    examples = TRAINING["all_examples"](GOLD_FILE)
    assert TRAINING["weights_file"](examples) == TRAINED_PATH.read_text(encoding="utf-8")


def test_the_reader_uses_the_hand_weights_by_default() -> None:
    assert TargetReader(DocumentContext()).model is HAND


def test_the_statement_reader_keeps_the_hand_weights() -> None:
    from planwatch.extract.statements import DocumentFacts, read_statements
    from planwatch.ingest.pipeline import parse_text

    # 8.3% with no time of its own: the trained weights take it for a target (logit +0.02), the hand ones for a fact
    plan = parse_text("全县研发投入年均增速为8.3%。\n", name="公报.txt")
    assert [s.value for s in read_statements(plan, DocumentFacts(region="某县", year=2020))] == [8.3]


def test_the_trained_weighting_loads_the_committed_file() -> None:
    assert Weighting.TRAINED.model().bias == json.loads(TRAINED_PATH.read_text(encoding="utf-8"))["bias"]


def test_a_fresh_group_is_held_out_as_one_fold() -> None:
    assert (TRAINING["group_of"]("o140"), TRAINING["group_of"]("o151")) == ("o140-o151", "o140-o151")


def test_the_passages_before_the_fresh_groups_always_train() -> None:
    assert TRAINING["group_of"]("o080") == "o001-o080"
