"""Questions answered from the structured record, search ranking and highlights, entities, and
the evaluation sets kept apart from tuning (issue #14). Each defect the issue names has a test."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from planwatch.api import plan_entities
from planwatch.cli import app
from planwatch.extract.catalog import load_catalog
from planwatch.extract.entities import EntityType, evaluate_demo_entities, find_mentions
from planwatch.search.answer import Answer, AnswerKind, Citation, ask
from planwatch.search.evaluate import Part, check, evaluate_demo_questions, part_of
from planwatch.search.query import search
from planwatch.search.question import find_indicator
from planwatch.store import Database, get_sections, get_source_text, get_targets

from .conftest import ROOT, fresh_url


def _plans_cited(answer: Answer) -> set[str]:
    return {c.plan_key for c in answer.citations if c.plan_key}


def _lines_cited(answer: Answer, plan: str) -> set[int]:
    return {line for c in answer.citations if c.plan_key == plan for line in c.lines}


# --- the defects of the issue -------------------------------------------------------------------


def test_districts_below_the_city_are_only_those_below(demo_db: Database) -> None:
    answer = ask(demo_db, "哪些区的研发投入强度目标低于全市")
    assert answer.kind == AnswerKind.comparison
    assert "宝安区" in answer.text
    assert "光明区" not in answer.text  # 6% 以上 is within the city's 5.5–6 %
    assert "龙岗区" not in answer.text
    assert 343 in _lines_cited(answer, "baoan")
    assert 31 in _lines_cited(answer, "shenzhen")  # the city's target it is compared with


def test_why_is_answered_from_the_rating_not_the_target_again(demo_db: Database) -> None:
    answer = ask(demo_db, "为什么南山区国家级高新技术企业数量滞后？")
    assert answer.kind == AnswerKind.explanation
    assert "进度比0.81" in answer.text
    assert any(c.observation_id is not None and c.year == 2023 for c in answer.citations)


def test_a_level_filter_applies_to_the_answer(demo_db: Database) -> None:
    answer = ask(demo_db, "研发投入强度的目标是多少？", level="district")
    assert _plans_cited(answer) == {"baoan", "guangming", "longgang"}
    city_only = ask(demo_db, "研发投入强度的目标是多少？", level="city")
    assert _plans_cited(city_only) == {"shenzhen"}


def test_answers_mark_phrases_not_each_word(demo_db: Database) -> None:
    answer = ask(demo_db, "河套深港科技创新合作区要建设什么？", level="district")
    assert "【河套】【深港】" not in answer.text
    hit = search(demo_db, "河套深港科技创新合作区", plan="guangming")[0]
    assert {text for text, marked in hit.snippet if marked} == {"河套深港科技创新合作区"}


def test_a_region_named_in_the_query_ranks_its_plan_first(demo_db: Database) -> None:
    hits = search(demo_db, "南山区 人才", limit=200)
    keys = [h.plan_key for h in hits]
    assert keys[0] == "nanshan"
    assert "baoan" in keys  # other plans still follow
    first_other = next(i for i, key in enumerate(keys) if key != "nanshan")
    assert "nanshan" not in keys[first_other:]


def test_a_short_region_name_inside_a_proper_name_is_not_the_region(demo_db: Database) -> None:
    # 光明科学城 is a place of the city plan as much as of 光明's: it must not restrict to 光明区
    answer = ask(demo_db, "深圳市规划中光明科学城有哪些任务？")
    assert _plans_cited(answer) == {"shenzhen"}
    assert "打造体系完整的科研实验条件" in answer.text


def test_indicator_wording_with_an_optional_character_in_brackets(demo_db: Database) -> None:
    answer = ask(demo_db, "每万人（口）高价值发明专利拥有量的目标是多少？")
    assert "拥有发明专利数" not in answer.text  # 龙岗's stock of patents is another indicator
    assert "216件" in answer.text
    assert "108件" in answer.text


def test_indicator_wording_with_an_inserted_de(demo_db: Database) -> None:
    answer = ask(demo_db, "深圳市全社会研发投入占地区生产总值的比重目标是多少？")
    assert answer.kind == AnswerKind.targets
    assert "5.5–6%" in answer.text


def test_indicator_recognised_by_meaning() -> None:
    catalog = load_catalog()
    recognised = find_indicator("光明区R&D经费支出占GDP比重的目标", catalog)
    assert recognised is not None
    assert recognised.key == "rd_intensity"
    part = find_indicator("光明区的万人发明专利拥有量", catalog)
    assert part is not None
    assert part.key == "invention_patents_per_10k"  # not its part 发明专利拥有量


def test_box_projects_come_from_the_outline(demo_db: Database) -> None:
    listed = ask(demo_db, "光明区专栏4有哪些项目？")
    assert listed.kind == AnswerKind.outline
    assert "共2项" in listed.text
    assert "呼吸健康国家实验室深圳基地" in listed.text
    assert {152, 153} <= _lines_cited(listed, "guangming")
    which = ask(demo_db, "蛋白质机器研究平台在哪个专栏？")
    assert "专栏2" in which.text
    assert 134 in _lines_cited(which, "guangming")
    count = ask(demo_db, "光明区规划一共有几个专栏？")
    assert "共有15个专栏" in count.text


def test_numbered_tasks_come_from_the_outline(demo_db: Database) -> None:
    count = ask(demo_db, "龙岗区规划有多少项主要任务？")
    assert "共32项任务" in count.text
    listed = ask(demo_db, "南山区“打造创新人才高地”包括哪些任务？")
    assert "集聚多层次高素质创新人才" in listed.text
    assert 349 in _lines_cited(listed, "nanshan")


def test_the_plans_not_saying_is_said_plainly(demo_db: Database) -> None:
    absent = ask(demo_db, "规划里有没有关于核聚变的安排？")
    assert absent.kind == AnswerKind.not_mentioned
    assert "规划未提及“核聚变”" in absent.text
    assert absent.citations == []
    no_target = ask(demo_db, "龙岗区技术合同成交额的目标是多少？")
    assert "龙岗区规划未设“技术合同成交额”指标目标" in no_target.text


def test_lab_entities_have_clean_boundaries(demo_db: Database) -> None:
    entities = {e.name: e.type for e in plan_entities(demo_db)}
    assert entities["鹏城实验室"] == EntityType.lab
    for wrong in ("构建实验室", "不断提升实验室", "利用省实验室", "世界主要科学中心"):
        assert wrong not in entities  # under no type


def test_entity_names_drop_verbs_quantities_and_merge_their_parts() -> None:
    found = {m.name: m.type for m in find_mentions(["着力引进一批企业研究院，支持深圳市量子科学研究院深圳分院和鹏城云脑III建设。"])}
    assert found == {"深圳市量子科学研究院深圳分院": EntityType.institute, "鹏城云脑III": EntityType.facility}
    quoted = {m.name for m in find_mentions(["探索“联合攻关模式”，推行“揭榜挂帅”。"])}
    assert quoted == {"联合攻关模式", "揭榜挂帅"}


# --- the structured record -----------------------------------------------------------------------


def test_status_questions_list_only_the_ratings_asked_for(demo_db: Database) -> None:
    answer = ask(demo_db, "2023年南山区哪些指标滞后？")
    assert answer.kind == AnswerKind.status
    assert "PCT国际专利申请量：严重滞后" in answer.text
    assert "国家级高新技术企业数量：滞后" in answer.text
    assert "创新载体" not in answer.text  # 基本符合预期
    binding = ask(demo_db, "南山区约束性指标进展如何？")
    assert "南山区规划未设约束性指标" in binding.text


def test_task_status_questions_read_the_task_entries(demo_db: Database) -> None:
    done = ask(demo_db, "光明区有哪些专栏项目已完成？")
    assert done.kind == AnswerKind.tasks
    assert "鹏城云脑III" in done.text
    assert "深圳中能同步辐射光源" not in done.text  # still 推进中
    assert 113 in _lines_cited(done, "guangming")


def test_values_by_year_cite_the_observation(demo_db: Database) -> None:
    answer = ask(demo_db, "深圳市2023年国家级高新技术企业有多少家？")
    assert answer.kind == AnswerKind.observations
    assert "24700家" in answer.text
    # "达到2.4万家" and "超2.4万家" are floors that 2.47万家 respects (issue #15): no disagreement to report
    assert "各来源不一致" not in answer.text
    assert {c.year for c in answer.citations} == {2023}


def test_gaps_subtract_the_latest_actual_from_the_target(demo_db: Database) -> None:
    answer = ask(demo_db, "南山区国家级高新技术企业距离目标还差多少？")
    assert answer.kind == AnswerKind.gap
    assert "2023年实际值4520家" in answer.text
    assert "还差480家" in answer.text  # 5000 − 4520


def test_every_sentence_of_an_answer_carries_a_citation(demo_db: Database) -> None:
    for question in ("2023年龙岗区哪些指标滞后？", "光明区专栏9有哪些项目？", "哪个区的国家级高新技术企业目标最高？"):
        answer = ask(demo_db, question)
        sentences = [s for s in re.split("[；。]", answer.text) if s.strip()]
        assert sentences
        for sentence in sentences:
            assert re.search(r"\[\d+\]", sentence), (question, sentence)


def test_citation_numbers_point_at_citations(demo_db: Database) -> None:
    answer = ask(demo_db, "哪些区的全社会研发投入占GDP比重目标高于全市？")
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert numbers == set(range(1, len(answer.citations) + 1))


def test_citations_are_lines_that_hold_the_fact(demo_db: Database) -> None:
    answer = ask(demo_db, "南山区PCT专利申请量目标是多少？")
    source = get_source_text(demo_db, "nanshan").split("\n")
    assert any("8800" in source[line - 1] for line in _lines_cited(answer, "nanshan"))


# --- search recall -------------------------------------------------------------------------------


def test_catalog_synonyms_widen_search_recall(demo_db: Database) -> None:
    hits = search(demo_db, "研发投入强度", plan="baoan", limit=20)
    # 宝安 never writes 研发投入强度; its targets say 全社会研发投入占地区生产总值比重
    assert any("全社会研发投入占地区生产总值比重" in h.text for h in hits)


# --- evaluation sets -----------------------------------------------------------------------------


def test_split_rule_is_id_parity() -> None:
    assert part_of(7) == Part.study
    assert part_of(8) == Part.scoring


def test_both_sets_state_their_split_rule_and_size() -> None:
    questions = (ROOT / "data" / "eval" / "questions.yaml").read_text(encoding="utf-8")
    entities = (ROOT / "data" / "eval" / "entities.yaml").read_text(encoding="utf-8")
    assert "odd id → study part" in questions
    assert "odd id → study part" in entities
    assert len(yaml.safe_load(questions)["questions"]) >= 60
    assert len(yaml.safe_load(entities)["lines"]) >= 150


def test_the_entity_sample_is_reproducible_from_its_script() -> None:
    import subprocess
    import sys

    drawn = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sample_entity_lines.py")], capture_output=True, text=True, check=True
    ).stdout
    skeleton = yaml.safe_load(drawn)
    annotated = yaml.safe_load((ROOT / "data" / "eval" / "entities.yaml").read_text(encoding="utf-8"))["lines"]
    assert [(x["plan"], x["line"]) for x in skeleton] == [(x["plan"], x["line"]) for x in annotated]


def _further_skeleton() -> list[dict[str, object]]:
    import subprocess
    import sys

    drawn = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sample_entity_lines.py"), "--further"], capture_output=True, text=True, check=True
    ).stdout
    return list(yaml.safe_load(drawn))


def test_the_further_study_lines_are_reproducible_from_the_sampler() -> None:
    annotated = yaml.safe_load((ROOT / "data" / "eval" / "entities_study_demo.yaml").read_text(encoding="utf-8"))["lines"]
    drawn = [(x["id"], x["plan"], x["line"], x["text"]) for x in _further_skeleton()]
    assert drawn == [(x["id"], x["plan"], x["line"], x["text"]) for x in annotated]


def test_the_further_study_lines_share_no_text_with_the_evaluation_set() -> None:
    evaluation = yaml.safe_load((ROOT / "data" / "eval" / "entities.yaml").read_text(encoding="utf-8"))["lines"]
    shared = {str(x["text"]) for x in evaluation} & {str(x["text"]) for x in _further_skeleton()}
    assert len(shared) == 0  # a count only: the evaluation set's scoring lines are never printed


def test_the_further_study_lines_continue_the_evaluation_sets_ids() -> None:
    ids = [int(str(x["id"])) for x in _further_skeleton()]
    assert all(341 <= number <= 580 for number in ids)


def test_a_wrong_citation_makes_an_answer_wrong() -> None:
    item = {"id": 2, "question": "q", "must": ["4.5%"], "must_not": [], "cite": [{"plan": "baoan", "lines": [343]}]}
    elsewhere = Citation("baoan", "宝安", "（四）", (320,), "")
    assert not check(item, Answer("q", "宝安区4.5%[1]。", AnswerKind.targets, [elsewhere])).correct
    right = Citation("baoan", "宝安", "（四）", (324, 343), "")
    assert check(item, Answer("q", "宝安区4.5%[1]。", AnswerKind.targets, [right])).correct


def test_question_set_scores_on_both_parts() -> None:
    _results, scores = evaluate_demo_questions()
    by_part = {s.part: s for s in scores}
    assert by_part[Part.study].total + by_part[Part.scoring].total >= 60
    # measured 100 % / 94.1 % (README); fail if answering gets worse than the bar
    assert by_part[Part.scoring].accuracy >= 0.9


def test_entity_set_scores_on_both_parts() -> None:
    _results, scores = evaluate_demo_entities()
    scoring = next(s for s in scores if s.part == "scoring")
    assert scoring.lines == 170
    # measured P 0.638 / R 0.694 on the scoring part of the 340 lines (README); fail if the extractor gets worse
    assert scoring.precision >= 0.62
    assert scoring.recall >= 0.68


def test_cli_eval_prints_both_parts(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", fresh_url(tmp_path), "eval", "--questions", "--entities"])
    assert result.exit_code == 0, result.output
    assert re.search(r"questions study +\d+/\d+", result.output)
    assert re.search(r"questions scoring +\d+/\d+", result.output)
    assert re.search(r"entities +scoring +170 lines", result.output)


def test_cli_eval_without_a_set_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", fresh_url(tmp_path), "eval"])
    assert result.exit_code == 1
    assert "nothing to evaluate" in result.output


def test_cli_ask_takes_filters(demo_db: Database) -> None:
    result = CliRunner().invoke(app, ["--db", demo_db.url, "ask", "国家级高新技术企业的目标是多少？", "--plan", "nanshan"])
    assert result.exit_code == 0, result.output
    assert "5000家" in result.output
    assert "6500" not in result.output


def test_a_plans_boxes_are_listed_with_their_projects(demo_db: Database) -> None:
    answer = ask(demo_db, "光明区有哪些专栏项目？")
    assert "专栏1 重大科技基础设施建设重点专项：10项（深圳中能同步辐射光源" in answer.text


def test_each_listed_box_is_cited(demo_db: Database) -> None:
    answer = ask(demo_db, "光明区有哪些专栏项目？")
    assert {c.lines[0] for c in answer.citations} >= {108, 128, 140}


def test_a_target_asked_with_yao_dadao_is_the_commitment_not_an_observation(demo_db: Database) -> None:
    answer = ask(demo_db, "南山区2025年国家级高新技术企业数量要达到多少？")
    assert "目标" in answer.text


def test_a_plans_targets_are_listed_and_counted(demo_db: Database) -> None:
    stored = [t for t in get_targets(demo_db, "guangming") if t.rated]
    assert f"共设指标目标{len(stored)}项" in ask(demo_db, "光明区规划有哪些指标？").text


def test_each_listed_target_is_cited(demo_db: Database) -> None:
    stored = [t for t in get_targets(demo_db, "guangming") if t.rated]
    assert len(ask(demo_db, "光明区规划有哪些指标？").citations) == len(stored)


def test_binding_targets_only_when_the_question_asks_for_them(demo_db: Database) -> None:
    assert ask(demo_db, "深圳市规划的约束性指标有哪些？").text == "深圳市规划未设约束性指标目标。"


def test_a_year_without_statistics_is_answered_from_the_plans_baseline(demo_db: Database) -> None:
    answer = ask(demo_db, "宝安区2019年年均PCT国际专利申请量是多少？")
    assert "867件（规划给出的基期值，暂无观测数据）" in answer.text


def test_tasks_are_counted_per_chapter_in_a_plan_without_a_chapter_of_tasks(demo_db: Database) -> None:
    sections = get_sections(demo_db, "shenzhen")
    chapters = [c for c in sections if c.kind == "chapter"]
    items = [s for s in sections if s.kind == "item" and any(c.start_line <= s.start_line <= c.end_line for c in chapters)]
    top = [s for s in items if s.level == min(x.level for x in items)]
    assert f"共{len(top)}项任务（" in ask(demo_db, "深圳市规划有多少项主要任务？").text


def test_a_growth_of_rd_spending_is_found_by_the_short_name() -> None:
    indicator = find_indicator("今年研发投入增长多少？", load_catalog())
    assert indicator is not None and indicator.key == "rd_expenditure_growth"
