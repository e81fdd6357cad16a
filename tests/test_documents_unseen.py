"""Documents unlike the five demo plans: metadata with no flags, any indicator table, web-scraped
text, folders with other files, and the CLI that extracts and scores without storing. Every text
here is written for these tests."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from planwatch.api import expand_paths
from planwatch.cli import app
from planwatch.extract import extract_targets
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan

runner = CliRunner()


def plan(text: str) -> ParsedPlan:
    return parse_text(text, name="doc.txt")


# --- metadata -------------------------------------------------------------------------------

COUNTY_PLAN = """临河县科技创新“十四五”规划

临河县科学技术局
2021年12月

一、发展基础
“十三五”期间，全县高新技术企业达到35家。
"""


def test_title_is_the_heading_line() -> None:
    assert plan(COUNTY_PLAN).meta.title == "临河县科技创新“十四五”规划"


def test_a_county_plan_is_county_level() -> None:
    assert plan(COUNTY_PLAN).meta.level == "county"


def test_the_issuer_is_read_from_the_title_block() -> None:
    assert plan(COUNTY_PLAN).meta.issuer == "临河县科学技术局"


def test_the_date_line_gives_the_document_year() -> None:
    assert plan(COUNTY_PLAN).meta.published == 2021


def test_a_title_broken_over_two_lines_is_one_title() -> None:
    text = "某某市数字经济高质量发展\n三年行动计划（2024—2026年）\n\n为加快发展数字经济，制定本计划。\n"
    assert plan(text).meta.title == "某某市数字经济高质量发展三年行动计划（2024—2026年）"


NOTICE_SENDING_A_PLAN = """上海某区科学技术委员会关于下发《某区科普场馆提升三年行动计划（2026-2028年）》的通知

各街道、镇：

现将《某区科普场馆提升三年行动计划（2026-2028年）》下发给你们，请认真执行。

附件：

1.某区科普场馆提升三年行动计划（2026-2028年）

2.科普场馆服务规范
"""


def test_a_notice_is_titled_by_the_plan_it_sends() -> None:
    assert plan(NOTICE_SENDING_A_PLAN).meta.title == "某区科普场馆提升三年行动计划（2026-2028年）"


def test_an_attachments_number_is_not_part_of_a_title() -> None:
    text = "附件1\n\n1.某区科普场馆提升三年行动计划（2026-2028年）\n\n一、工作目标\n"
    assert plan(text).meta.title == "某区科普场馆提升三年行动计划（2026-2028年）"


def test_an_action_plan_has_its_own_period() -> None:
    text = "某某市数字经济高质量发展三年行动计划（2024—2026年）\n\n为加快发展数字经济，制定本计划。\n"
    meta = plan(text).meta
    assert (meta.kind, meta.period_start, meta.period_end) == ("action_plan", 2024, 2026)


def test_a_work_report_is_about_its_year() -> None:
    meta = plan("2025年某某市政府工作报告\n\n各位代表：现在，我代表市人民政府向大会报告工作。\n").meta
    assert (meta.kind, meta.period_start, meta.period_end) == ("work_report", 2025, 2025)


def test_a_national_plan_is_national_level() -> None:
    text = "“十四五”国家知识产权保护和运用规划\n\n国务院\n\n知识产权是国家发展的战略性资源。\n"
    assert plan(text).meta.level == "national"


def test_a_region_word_such_as_western_regions_is_no_region() -> None:
    text = "支持中西部地区科技创新的若干措施\n\n加快中西部地区创新平台建设。\n"
    assert plan(text).meta.region is None


def test_a_draft_is_recognised_in_the_title_block() -> None:
    assert plan("某某区科技创新规划\n（征求意见稿）\n\n一、总体要求\n坚持创新驱动。\n").meta.status == "draft"


def test_a_draft_mentioned_in_the_body_is_not_a_draft() -> None:
    text = "某某区科技创新规划\n\n一、总体要求\n\n坚持创新驱动。\n\n" + "加快发展。\n\n" * 12 + "附件：意见征求稿的反馈说明已另行印发。\n"
    assert plan(text).meta.status == "final"


def test_a_text_without_a_title_has_no_plan_period() -> None:
    meta = plan("到2025年，全市高新技术企业达到5000家，“十四五”期间新增孵化器20家。\n").meta
    assert meta.period_start is None


# --- indicator tables -----------------------------------------------------------------------

FLAT_TABLE = """某某区科技创新“十四五”规划

表1 主要指标

指标 单位 2020年 2025年 属性
研发投入强度 % 2.8 3.5 预期性
国家高新技术企业数 家 900 1500 预期性
"""


def test_an_excerpt_naming_a_place_and_a_period_is_no_plan() -> None:
    excerpt = "面向“十五五”，课题组建议，临河县需将基础研究经费占比提升至10%以上。\n案例显示，临河县高新技术产业产值占比已突破40%。\n"
    assert plan(excerpt).meta.period_start is None


def test_a_flattened_table_is_a_table() -> None:
    assert plan(FLAT_TABLE).tables[0].header == ("指标", "单位", "2020年", "2025年", "属性")


def test_flattened_table_rows_become_targets() -> None:
    found, _, _ = extract_targets(plan(FLAT_TABLE))
    assert [(t.indicator, t.value, t.target_year) for t in found] == [("研发投入强度", 3.5, 2025), ("国家高新技术企业数", 1500.0, 2025)]


def test_a_year_column_before_the_plan_is_the_baseline_with_its_own_year() -> None:
    found, _, _ = extract_targets(plan(FLAT_TABLE))
    assert (found[0].baseline_value, found[0].baseline_year) == (2.8, 2020)


PIPE_TABLE = """某某市科技创新“十四五”规划

| 主要指标 | 计量单位 | 基期值（2019年） | 目标值 | 年均增长 | 指标属性 |
|---|---|---|---|---|---|
| 技术合同成交额 | 亿元 | 150 | 260 | 11% | 预期性 |
"""


def test_a_pipe_table_with_other_headers_gives_the_target() -> None:
    found, _, _ = extract_targets(plan(PIPE_TABLE))
    assert (found[0].value, found[0].unit, found[0].target_year) == (260.0, "亿元", 2025)


def test_a_baseline_column_keeps_the_year_its_header_gives() -> None:
    found, _, _ = extract_targets(plan(PIPE_TABLE))
    assert found[0].baseline_year == 2019


def test_an_annual_growth_column_is_a_target_of_its_own() -> None:
    found, _, _ = extract_targets(plan(PIPE_TABLE))
    assert [(t.kind, t.value) for t in found if t.kind == "annual_growth"] == [("annual_growth", 11.0)]


def test_a_table_of_past_years_only_sets_no_target() -> None:
    text = "科研机构基本情况\n\n项目 | 2019 | 2020 | 2021\n研发人员 | 4.1 | 4.3 | 4.6\n经费支出 | 120 | 131 | 140\n"
    found, _, _ = extract_targets(plan(text))
    assert found == []



# A table a web page stacked one cell per line, blank lines between cells; a row with 其中 sub-rows
# lists the sub-rows' 2022 values, then their 2026 values.
STACKED_TABLE = """某某县卫生健康事业发展规划（2023—2026年）

表2 卫生健康主要指标

指  标

2022年

2026年

属性

一、服务能力

\u3000\u3000

1.每千人口执业医师数(人)

2.9

3.4以上

预期性

2.家庭医生签约服务覆盖率(%)

其中:城区

乡镇

41%

35%

50%以上

45%以上

预期性

3.县域就诊率(%)

86%

90%

约束性
"""

# The same kind of table written one cell per line with a trailing |, a group column filled once
# per group (an empty cell is a bare |) and a column naming the source.
PIPE_STACKED_TABLE = """某某市新型储能产业行动方案（2024—2028年）
表1 主要指标
类别 |
指标 |
单位 |
2023年 |
2028年 |
来源 |
规模 |
储能产业营业收入 |
亿元 |
120 |
400 |
市统计局 |
|
新型储能装机容量 |
万千瓦 |
/ |
300 |
市能源局 |
"""


def test_a_table_stacked_one_cell_per_line_is_a_table() -> None:
    assert plan(STACKED_TABLE).tables[0].header == ("指标", "2022年", "2026年", "属性")


def test_a_stacked_table_row_holds_its_name_values_and_attribute() -> None:
    rows = [row.cells for row in plan(STACKED_TABLE).tables[0].rows]
    assert rows[0] == ("1.每千人口执业医师数(人)", "2.9", "3.4以上", "预期性")


def test_sub_rows_of_a_stacked_table_take_their_values_column_by_column() -> None:
    rows = [row.cells for row in plan(STACKED_TABLE).tables[0].rows]
    assert rows[2] == ("2.家庭医生签约服务覆盖率（乡镇）(%)", "35%", "45%以上", "预期性")


def test_stacked_table_rows_become_targets_of_the_later_year() -> None:
    found, _, _ = extract_targets(plan(STACKED_TABLE))
    assert [(t.value, t.unit, t.target_year) for t in found] == [(3.4, "人", 2026), (50.0, "%", 2026), (45.0, "%", 2026), (90.0, "%", 2026)]


def test_a_stacked_table_with_trailing_bars_keeps_its_group_unit_and_source() -> None:
    rows = [row.cells for row in plan(PIPE_STACKED_TABLE).tables[0].rows]
    assert rows[1] == ("规模", "新型储能装机容量", "万千瓦", "/", "300", "市能源局")


def test_stacked_table_with_trailing_bars_gives_its_targets() -> None:
    found, _, _ = extract_targets(plan(PIPE_STACKED_TABLE))
    assert [(t.value, t.unit, t.target_year) for t in found] == [(400.0, "亿元", 2028), (300.0, "万千瓦", 2028)]


def test_a_headline_value_repeated_in_the_body_with_its_year_is_one_target() -> None:
    text = "规划印发 提出全民健身设施覆盖率将达95%以上\n\n按照规划，到2027年，全民健身设施覆盖率达到95%以上。\n"
    found, _, _ = extract_targets(plan(text))
    assert [(t.value, t.target_year) for t in found] == [(95.0, 2027)]


WORK_PLAN = """2025年全镇经济社会发展的主要预期目标是：地区生产总值增长6%左右。
{intro}
（一）做强特色农业，促进农民增收。新建高标准农田3000亩，培育家庭农场40家。
"""


def test_the_work_announced_for_the_goals_sets_targets_in_the_sections_after_it() -> None:
    found, _, _ = extract_targets(plan(WORK_PLAN.format(intro="为实现上述目标，我们着力抓好以下三方面工作：")))
    assert sorted(t.value for t in found) == [6.0, 40.0, 3000.0]


def test_work_without_an_announcement_for_the_goals_sets_no_target_there() -> None:
    found, _, _ = extract_targets(plan(WORK_PLAN.format(intro="")))
    assert [t.value for t in found] == [6.0]


def test_a_serial_number_opening_a_stacked_row_is_not_a_value() -> None:
    text = "某某区智慧城市行动方案（2024—2027年）\n表1 主要指标\n序号\n指标\n单位\n2023年\n2027年\n属性\n1\n政务服务一网通办率\n%\n80\n98\n预期性\n2\n城市感知终端\n万个\n3\n10\n预期性\n"
    rows = [row.cells for row in plan(text).tables[0].rows]
    assert rows[1] == ("2", "城市感知终端", "万个", "3", "10", "预期性")

# --- web-scraped text -----------------------------------------------------------------------

WEB_PAGE = """首页 > 政策文件 > 规划计划
某某市新材料产业发展规划（2023—2027年）
发布时间：2023-05-10 来源：市工业和信息化局
目录
一、发展现状
二、发展目标
一、发展现状
全市新材料产业规模达到860亿元，比上年增长9.2%。
二、发展目标
到2027年，全市新材料产业规模突破1500亿元。
一、发展现状
全市新材料产业规模达到860亿元，比上年增长9.2%。
二、发展目标
到2027年，全市新材料产业规模突破1500亿元。
附件
新材料重点企业名单
上一篇：关于开展科技成果登记的通知
【打印本页】【关闭窗口】
版权所有：某某市人民政府  ICP备00000000号
"""


def test_a_repeated_page_body_is_warned() -> None:
    assert any("正文重复" in w for w in plan(WEB_PAGE).warnings)


def test_a_repeated_page_body_is_read_once() -> None:
    found, _, _ = extract_targets(plan(WEB_PAGE))
    assert [t.value for t in found] == [1500.0]


def test_a_table_of_contents_without_page_numbers_is_not_the_outline() -> None:
    chapters = [s.title for s in plan(WEB_PAGE).sections if s.kind == "chapter"]
    assert chapters == ["发展现状", "发展目标"]


def test_an_appendix_is_a_section_of_its_own() -> None:
    assert [s.label for s in plan(WEB_PAGE).sections if s.kind == "appendix"] == ["附件"]


def test_page_chrome_is_not_text_of_the_last_section() -> None:
    texts = " ".join(p.text for p in plan(WEB_PAGE).paragraphs)
    assert "上一篇" not in texts


def test_the_footer_is_not_text_of_the_last_section() -> None:
    texts = " ".join(p.text for p in plan(WEB_PAGE).paragraphs)
    assert "版权所有" not in texts


def test_the_breadcrumb_is_not_the_title() -> None:
    assert plan(WEB_PAGE).meta.title == "某某市新材料产业发展规划（2023—2027年）"


def test_folder_ingest_skips_files_that_describe_the_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "SOURCES.md").write_text("来源\n", encoding="utf-8")
    (tmp_path / "plan.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    skipped: list[str] = []
    files = expand_paths([tmp_path], skipped)
    assert [f.name for f, _ in files] == ["plan.txt"]


def test_folder_ingest_names_each_skipped_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "plan.txt").write_text(COUNTY_PLAN, encoding="utf-8")
    skipped: list[str] = []
    expand_paths([tmp_path], skipped)
    assert len(skipped) == 1 and "README.md" in skipped[0]


# --- the CLI: extract without storing, score a passage set ----------------------------------


def test_extract_prints_the_targets_of_a_file_as_json(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text("今年的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3.5万人。\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(source), "--year", "2024", "--json"])
    assert [(t["value"], t["target_year"]) for t in json.loads(result.output)["targets"]] == [(6.0, 2024), (35000.0, 2024)]


def test_extract_stores_nothing(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text("到2026年，全市高新技术企业达到800家。\n", encoding="utf-8")
    database = tmp_path / "never.db"
    runner.invoke(app, ["--db", str(database), "extract", str(source)])
    assert not database.exists()


def _passage_files(tmp_path: Path) -> tuple[Path, Path]:
    passages = [
        {"id": "t001", "source": "", "doc_title": "", "doc_year": 2024, "kind": "target", "text": "到2026年，全省技术合同成交额突破2000亿元。"},
        {"id": "t002", "source": "", "doc_title": "", "doc_year": 2024, "kind": "NEGATIVE: statistics", "text": "2023年全省技术合同成交额1650亿元，同比增长12%。"},
        {"id": "t003", "source": "", "doc_title": "", "doc_year": 2024, "kind": "target", "text": "到2026年，全省新增专精特新企业300家。"},
    ]
    gold = [
        {"id": "t001", "targets": [{"indicator": "技术合同成交额", "value": 2000, "value_high": None, "unit": "亿元", "year": 2026, "qualifier": "突破", "kind": "level", "baseline_value": None, "baseline_year": None, "evidence": "全省技术合同成交额突破2000亿元"}], "comment": ""},
        {"id": "t002", "targets": [], "comment": ""},
        {"id": "t003", "targets": [{"indicator": "新增专精特新企业", "value": 300, "value_high": None, "unit": "家", "year": 2026, "qualifier": None, "kind": "increment", "baseline_value": None, "baseline_year": None, "evidence": "全省新增专精特新企业300家"}], "comment": ""},
    ]
    passages_file, gold_file = tmp_path / "p.jsonl", tmp_path / "g.jsonl"
    passages_file.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in passages), encoding="utf-8")
    gold_file.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold), encoding="utf-8")
    return passages_file, gold_file


def test_eval_scores_the_study_part_by_odd_ids(tmp_path: Path) -> None:
    passages, gold = _passage_files(tmp_path)
    result = runner.invoke(app, ["eval", "--passages", str(passages), "--gold", str(gold), "--part", "study", "--json"])
    (report,) = json.loads(result.output)
    assert (report["passages"], report["groups"]["all"]["matched"], report["groups"]["all"]["gold"]) == (2, 2, 2)


def test_eval_reports_negatives_apart(tmp_path: Path) -> None:
    passages, gold = _passage_files(tmp_path)
    result = runner.invoke(app, ["eval", "--passages", str(passages), "--gold", str(gold), "--part", "scoring", "--json"])
    (report,) = json.loads(result.output)
    assert (report["negatives"], report["negatives_with_predictions"]) == (1, 0)


def test_eval_refuses_an_unknown_part(tmp_path: Path) -> None:
    passages, gold = _passage_files(tmp_path)
    result = runner.invoke(app, ["eval", "--passages", str(passages), "--gold", str(gold), "--part", "half"])
    assert result.exit_code == 1


def _secondary(tmp_path: Path, **first_gold: str) -> dict[str, Any]:
    """The secondary measures of the study part, the first gold target changed as given."""
    passages, gold = _passage_files(tmp_path)
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    records[0]["targets"][0].update(first_gold)
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--passages", str(passages), "--gold", str(gold), "--part", "study", "--json"])
    (report,) = json.loads(result.output)
    return dict(report["groups"]["all"]["secondary"])


def test_eval_counts_the_matched_pairs_whose_kinds_agree(tmp_path: Path) -> None:
    assert _secondary(tmp_path)["kind"] == {"agreed": 2, "compared": 2}


def test_eval_counts_a_kind_the_gold_gives_otherwise_as_disagreeing(tmp_path: Path) -> None:
    assert _secondary(tmp_path, kind="cumulative")["kind"] == {"agreed": 1, "compared": 2}


def test_eval_counts_names_that_hold_one_another_as_agreeing(tmp_path: Path) -> None:
    name = _secondary(tmp_path, indicator="技术合同成交")["name"]
    assert (name["agreed"], name["compared"]) == (2, 2)


def test_eval_counts_a_name_the_gold_writes_otherwise_as_disagreeing(tmp_path: Path) -> None:
    name = _secondary(tmp_path, indicator="技术市场交易额")["name"]
    assert (name["agreed"], name["compared"]) == (1, 2)


def test_eval_counts_names_with_the_same_words_as_exact(tmp_path: Path) -> None:
    assert _secondary(tmp_path)["name"]["exact"] == 2


def test_eval_counts_a_name_held_by_the_gold_as_agreeing_but_not_exact(tmp_path: Path) -> None:
    assert _secondary(tmp_path, indicator="技术合同成交")["name"]["exact"] == 1


def test_eval_counts_a_quoted_name_as_exact(tmp_path: Path) -> None:
    assert _secondary(tmp_path, indicator="“技术合同”成交额")["name"]["exact"] == 2


def test_eval_finds_a_baseline_stated_in_the_same_sentence(tmp_path: Path) -> None:
    text = "到2026年，全省技术合同成交额由2023年的1650亿元提高到2000亿元。"
    passage = {"id": "t001", "source": "", "doc_title": "", "doc_year": 2024, "kind": "target", "text": text}
    target = {"indicator": "技术合同成交额", "value": 2000, "value_high": None, "unit": "亿元", "year": 2026, "qualifier": "达到",
              "kind": "level", "baseline_value": 1650, "baseline_year": 2023, "evidence": "技术合同成交额由2023年的1650亿元提高到2000亿元"}
    (tmp_path / "p.jsonl").write_text(json.dumps(passage, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "g.jsonl").write_text(json.dumps({"id": "t001", "targets": [target], "comment": ""}, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--passages", str(tmp_path / "p.jsonl"), "--gold", str(tmp_path / "g.jsonl"), "--part", "study", "--json"])
    (report,) = json.loads(result.output)
    assert report["groups"]["all"]["secondary"]["baseline"] == {"gold": 1, "found": 1, "unstated_in_gold": 0}


def test_our_own_passage_set_is_consistent() -> None:
    """Every evidence of data/eval/targets is an exact substring of its passage (ids line up)."""
    from planwatch.api import data_dir
    from planwatch.extract.passages import load_passages

    folder = data_dir() / "eval" / "targets"
    loaded = load_passages(folder / "own-passages.jsonl", folder / "own-gold.jsonl")
    assert all(t["evidence"] in passage.text for passage, gold in loaded for t in gold)


def test_a_baseline_elsewhere_is_linked_by_meaning() -> None:
    text = "某某市国民经济和社会发展第十四个五年规划纲要\n\n一、发展基础\n2020年，全市地区生产总值达到3200亿元。\n\n二、发展目标\n到2025年，全市GDP达到4500亿元左右。\n"
    found, _, _ = extract_targets(plan(text))
    assert (found[0].baseline_value, found[0].baseline_year) == (3200.0, 2020)


SHARE_WITH_ELIDED_SUBJECT = """某某区数字经济“十四五”规划

一、发展基础
2020年，全区软件业务收入达到1200亿元，占服务业总收入比重达到18.2%。

二、发展目标
到2025年，软件业务收入占服务业收入比重达到22%。
"""


def test_a_share_whose_subject_is_the_clause_before_gets_its_baseline() -> None:
    found, _, _ = extract_targets(plan(SHARE_WITH_ELIDED_SUBJECT))
    assert found[0].baseline_value == 18.2


YEAR_OPENS_THE_PARAGRAPH = """某某区新材料产业“十四五”规划

一、发展基础
2018年，全区新材料产业规模持续扩大。新材料产业产值为420亿元，比2015年增长21%。

二、发展目标
到2025年，新材料产业产值达到800亿元。
"""


def test_a_baseline_keeps_the_year_its_paragraph_opens_with() -> None:
    found, _, _ = extract_targets(plan(YEAR_OPENS_THE_PARAGRAPH))
    assert (found[0].baseline_value, found[0].baseline_year) == (420.0, 2018)


def test_a_review_paragraph_without_a_year_dates_its_baseline_to_the_end_of_the_last_plan() -> None:
    text = YEAR_OPENS_THE_PARAGRAPH.replace("2018年，全区新材料产业规模持续扩大。", "")
    found, _, _ = extract_targets(plan(text))
    assert found[0].baseline_year == 2020


TRADITIONAL_WORK_REPORT = """某某市政府工作報告

2026年1月

三、2026年經濟社會發展總體要求
全市地區生產總值增長5.5%左右。
"""


def test_a_goals_title_in_traditional_characters_is_evidence() -> None:
    found, _, _ = extract_targets(plan(TRADITIONAL_WORK_REPORT))
    assert [(t.value, t.target_year) for t in found] == [(5.5, 2026)]


def test_an_html_table_with_other_headers_gives_targets(tmp_path: Path) -> None:
    from planwatch.ingest import parse_document

    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><h1>某某区科技创新“十四五”规划</h1><table>"
        "<tr><td>指标名称</td><td>单位</td><td>现状值</td><td>规划值</td><td>指标属性</td></tr>"
        "<tr><td>研发经费投入强度</td><td>%</td><td>2.1</td><td>2.8</td><td>约束性</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    found, _, _ = extract_targets(parse_document(page))
    assert [(t.value, t.target_year, t.attribute) for t in found] == [(2.8, 2025, "约束性")]


def test_a_deadline_inside_a_sentence_is_not_the_documents_date() -> None:
    plan = parse_text("关于推进5G建设的通知\n计划到2026年6月底，建成5G基站2万个。\n", name="notice.txt")
    assert plan.meta.published is None


WORK_REPORT_2025 = """北川县2025年政府工作报告

今年全县地区生产总值增长6%左右。

三、2025年主要工作安排
（一）稳住农业基本盘
完成高标准农田改造1.2万亩，粮食播种面积稳定在9万亩以上。
"""


def test_a_work_plan_section_for_the_report_year_sets_targets() -> None:
    targets, _, _ = extract_targets(plan(WORK_REPORT_2025))
    assert sorted((t.value, t.unit) for t in targets if t.unit == "亩") == [(12000.0, "亩"), (90000.0, "亩")]


def test_a_work_plan_section_gives_the_year_its_title_names() -> None:
    targets, _, _ = extract_targets(plan(WORK_REPORT_2025))
    assert {t.target_year for t in targets if t.unit == "亩"} == {2025}


# Issue #11: a numbered title naming goals and their results reviews the results.
RESULTS_REVIEW = """临河县2025年上半年经济运行情况

临河县统计局
2025年7月

一、上半年主要经济发展目标完成情况
全县规模以上工业增加值增长7.2%，高于全市1.1个百分点。
"""


def test_a_goals_completion_section_reviews_results() -> None:
    targets, _historical, _warnings = extract_targets(plan(RESULTS_REVIEW))
    assert targets == []


def test_the_same_level_set_for_two_years_is_two_targets() -> None:
    text = "某县教育发展目标\n\n到2026年，义务教育巩固率达到99%。到2030年，义务教育巩固率达到99%。\n"
    targets, _, _ = extract_targets(plan(text))
    assert sorted(t.target_year for t in targets if t.value == 99.0) == [2026, 2030]


# --- a numbered list of the year's pledged works (民生实事) -----------------------------------

PLEDGE_LIST = """金湾县2027年政府民生实事项目

一、养老服务提升

1. 改造提升2个区域性养老服务中心;

2. 建设150张老年人家庭照护床位。

二、农村道路改造

1. 农村公路道路改造23.5公里。
"""


def test_the_numbered_items_under_a_pledge_list_title_are_read_across_its_sections() -> None:
    targets, _, _ = extract_targets(plan(PLEDGE_LIST))
    assert sorted((t.value, t.unit) for t in targets) == [(2.0, "个"), (23.5, "公里"), (150.0, "张")]


# --- an undated digest of a work report ------------------------------------------------------

UNDATED_DIGEST = """一、2025年工作回顾
全市生产总值达到8650亿元，增长6.1%，对全省经济增长贡献率达到42%，城镇调查失业率平均为4.9%。

二、2026年经济社会发展总体要求
今年是“十五五”开局之年，发展主要预期目标是：地区生产总值增长6%左右，城镇调查失业率5%以内。
"""


def _digest_targets(reference_year: int | None = None) -> dict[str, tuple[int | None, float | None]]:
    parsed = plan(UNDATED_DIGEST)
    if reference_year is not None:
        parsed = replace(parsed, meta=replace(parsed.meta, published=reference_year))
    found, _, _ = extract_targets(parsed)
    return {t.indicator: (t.target_year, t.baseline_value) for t in found}


def test_this_year_in_an_undated_text_is_the_year_its_goals_title_names() -> None:
    assert _digest_targets()["地区生产总值增长"][0] == 2026


def test_a_contribution_to_growth_is_no_baseline_of_growth() -> None:
    assert _digest_targets(2026)["地区生产总值增长"][1] != 42.0


def test_a_rate_stated_for_the_past_year_is_the_baseline_of_its_target() -> None:
    assert _digest_targets(2026)["城镇调查失业率"][1] == 4.9


def _years_read_as(doc_title: str, text: str = "提出主要目标：全市人均预期寿命提高到82岁。") -> list[int | None]:
    """The target years of a one-passage text read as the evaluation reads a passage under ``doc_title``."""
    from planwatch.extract.passages import Passage, passage_context, passage_plan

    passage = Passage(id="t001", text=text, kind="target", doc_year=2026, doc_title=doc_title)
    plan = passage_plan(passage)
    targets, _, _ = extract_targets(plan, context=passage_context(passage, plan))
    return [t.target_year for t in targets]


def test_a_passage_takes_the_period_its_plan_title_names() -> None:
    assert _years_read_as("某市日报：图解《某市国民经济和社会发展第十五个五年规划纲要》") == [2030]


def test_a_passage_under_an_authors_outlook_takes_no_period_from_its_title() -> None:
    assert 2030 not in _years_read_as("“十五五”数字经济发展展望（研究文章）")


def test_a_passage_keeps_the_period_its_own_text_names_before_its_title() -> None:
    text = "某市“十四五”卫生健康规划\n\n主要目标：全市人均预期寿命提高到82岁。"
    assert _years_read_as("某市“十五五”规划纲要解读", text) == [2025]


_BULLETIN_TITLE = "某市2023年国民经济和社会发展统计公报\n\n"


def _bulletin_targets(body: str) -> list[float | None]:
    targets, _, _ = extract_targets(parse_text(_BULLETIN_TITLE + body, name="公报.txt"))
    return [t.value for t in targets]


def test_a_bulletins_main_indicators_section_states_results() -> None:
    assert _bulletin_targets("一、主要指标\n\n全年地区生产总值3200亿元，增长5.1%。") == []


def test_a_bulletins_main_indicators_heading_line_states_results() -> None:
    assert _bulletin_targets("一、主要指标：全年地区生产总值3200亿元，增长5.1%。") == []


def test_a_bulletins_section_naming_goals_still_sets_them() -> None:
    assert _bulletin_targets("七、2024年发展目标\n\n全年地区生产总值增长5%左右。") == [5.0]
