"""The target reader on sentences written for these tests (never copied from the dev passages):
each rule of the language, one behaviour per test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planwatch.extract.language import REVIEW_BELOW, DocumentContext, SectionHint, TargetReader
from planwatch.extract.numbers import Quantity, parse_quantity
from planwatch.extract.targets import document_context, extract_targets
from planwatch.extract.textprep import prepare
from planwatch.ingest.metadata import dateline_month
from planwatch.ingest.normalise import clean_line
from planwatch.ingest.pipeline import parse_text
from planwatch.models import Paragraph, Target


def read(text: str, year: int | None = None, period: tuple[int, int] | None = None, goals: bool = False) -> list[Target]:
    context = DocumentContext(reference_year=year, period_start=period[0] if period else None, period_end=period[1] if period else None)
    reader = TargetReader(context)
    found: list[Target] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            found.extend(reader.read(Paragraph(text=line, segments=((0, number),)), SectionHint(path="1", goals=goals)))
    return found


def values(targets: list[Target]) -> list[tuple[float | None, str]]:
    return [(t.value, t.unit) for t in targets]


# --- time read against the document's own date ---------------------------------------------


def test_a_value_for_a_future_year_is_a_target() -> None:
    assert values(read("到2027年，全县规模以上工业企业研发机构覆盖率达到45%。", year=2024)) == [(45.0, "%")]


def test_the_target_year_comes_from_the_sentence() -> None:
    (target,) = read("到2027年，全县规模以上工业企业研发机构覆盖率达到45%。", year=2024)
    assert target.target_year == 2027


def test_a_value_for_a_past_year_is_an_achievement() -> None:
    assert read("2023年，全县规模以上工业企业研发机构覆盖率达到38%。", year=2024) == []


def test_this_year_in_a_dated_work_report_is_the_report_year() -> None:
    (target,) = read("今年全市经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。", year=2025)
    assert target.target_year == 2025


def test_last_year_in_a_work_report_is_the_past() -> None:
    assert read("去年全市地区生产总值增长5.1%，高新技术企业突破3000家。", year=2025) == []


def test_this_year_without_a_known_date_leaves_the_year_empty() -> None:
    (target,) = read("今年的主要预期目标是：一般公共预算收入增长4%。")
    assert target.target_year is None


def test_the_previous_five_year_plan_is_the_past_in_a_new_plan() -> None:
    assert read("“十三五”期间，全区国家高新技术企业达到860家。", year=2021) == []


def test_the_end_of_the_current_five_year_plan_gives_the_year() -> None:
    (target,) = read("力争到“十四五”末，全区国家高新技术企业达到1500家。", year=2021)
    assert target.target_year == 2025


def test_the_fifteenth_plan_period_is_2026_to_2030() -> None:
    (target,) = read("“十五五”时期，全省研发经费投入强度达到3.3%以上。", year=2026)
    assert target.target_year == 2030


def test_the_time_named_carries_into_the_next_sentences() -> None:
    found = read("到2026年，全市技术合同成交额突破500亿元。同时，新认定高新技术企业300家以上。", year=2023)
    assert [t.target_year for t in found] == [2026, 2026]


def test_a_year_inside_a_document_title_is_not_a_time() -> None:
    assert read("根据《某省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，新型研发机构数量超过120家。", year=2023) == []


def test_next_years_of_a_dated_plan_give_one_year_each_from_the_current_one() -> None:
    found = read("未来三年分别新增标准厂房50万、60万、70万平方米。", year=2024)
    assert [(t.value, t.target_year) for t in found] == [(500000.0, 2024), (600000.0, 2025), (700000.0, 2026)]


# --- achievement and other non-target language ----------------------------------------------


def test_growth_over_the_previous_year_is_an_achievement() -> None:
    assert read("全市实现技术合同成交额215亿元，比上年增长18.3%。") == []


def test_an_estimate_for_the_year_just_ended_is_not_a_target() -> None:
    assert read("预计2024年全省数字经济核心产业增加值将突破4000亿元。", year=2025) == []


def test_a_third_party_forecast_is_not_a_target() -> None:
    assert read("某研究院预计，到2030年我国工业机器人市场规模将达到1500亿元。", year=2024) == []


def test_a_subsidy_amount_is_not_a_target() -> None:
    assert read("到2025年，对新认定的市级工程技术研究中心给予一次性奖励30万元。", year=2022) == []


def test_a_threshold_inside_the_indicator_is_not_a_value() -> None:
    found = read("到2026年，营业收入10亿元以上的科技企业达到40家。", year=2023)
    assert values(found) == [(40.0, "家")]


def test_counts_of_tasks_and_indicators_are_not_targets() -> None:
    assert read("规划共设置12项主要指标，部署8项重点任务。", year=2021) == []


def test_a_target_restated_beside_its_achievement_is_kept() -> None:
    found = read("截至今年9月，全省每万人口发明专利拥有量达到21件，提前实现“十四五”规划提出的18件的目标。", year=2024)
    assert values(found) == [(18.0, "件")]


def test_a_programme_named_with_a_multiple_is_not_a_multiple() -> None:
    assert read("到2025年，深入实施科技企业“双倍增”计划。", year=2022) == []


def test_a_purpose_clause_is_not_a_commitment() -> None:
    assert read("今后五年，为实现城乡居民收入比2010年翻一番奠定坚实基础。", year=2013) == []


# --- slots ----------------------------------------------------------------------------------


def test_the_indicator_name_is_clean_of_time_region_and_commitment_words() -> None:
    (target,) = read("到2025年，全省力争研发经费投入强度达到2.9%。", year=2022)
    assert target.indicator == "研发经费投入强度"


def test_the_indicator_follows_an_action_verb_and_its_number() -> None:
    (target,) = read("到2025年，建成30个以上省级重点实验室。", year=2022)
    assert target.indicator == "省级重点实验室"


def test_respectively_gives_each_value_its_own_indicator() -> None:
    found = read("到2027年，发明专利和PCT专利申请量分别达到9000件和600件。", year=2024)
    assert [(t.indicator, t.value) for t in found] == [("发明专利申请量", 9000.0), ("PCT专利申请量", 600.0)]


def test_a_floor_and_a_stretch_value_are_two_targets() -> None:
    found = read("到2027年，全省高新技术企业突破2.5万家，力争达到3万家。", year=2024)
    assert [(t.value, t.qualifier) for t in found] == [(25000.0, "突破"), (30000.0, "力争")]


def test_an_open_set_of_units_with_scales() -> None:
    found = read("到2025年，粮食产量稳定在270亿斤以上，新增储能装机200万千瓦，人均可支配收入达到6万元/人。", year=2022)
    assert values(found) == [(27_000_000_000.0, "斤"), (2_000_000.0, "千瓦"), (60000.0, "元/人")]


def test_per_mille_is_a_unit() -> None:
    (target,) = read("今年人口自然增长率控制在3‰以内。", year=2023)
    assert (target.value, target.unit, target.qualifier) == (3.0, "‰", "以内")


def test_a_range_has_a_high_value() -> None:
    (target,) = read("到2026年，培育三至五家具有国际竞争力的龙头企业。", year=2023)
    assert (target.value, target.value_high, target.qualifier) == (3.0, 5.0, "range")


def test_doubling_is_a_multiple_of_two() -> None:
    (target,) = read("到2027年，全市专精特新企业数量实现翻一番。", year=2024)
    assert (target.value, target.unit, target.kind) == (2.0, "倍", "multiple")


def test_a_fraction_is_a_percentage() -> None:
    (target,) = read("到2025年，战略性新兴产业增加值占规模以上工业比重达到三分之一。", year=2022)
    assert target.value == pytest.approx(33.33)


def test_a_percentage_in_chinese_numerals() -> None:
    (target,) = read("今年全区地区生产总值增长百分之六以上。", year=2023)
    assert (target.value, target.unit, target.qualifier) == (6.0, "%", "以上")


def test_a_rank_target_is_the_position_within() -> None:
    (target,) = read("到2025年，全省综合科技创新水平进入全国前10名。", year=2022)
    assert (target.value, target.unit, target.qualifier) == (10.0, "位", "以内")


def test_a_scale_word_without_a_digit_is_a_value() -> None:
    (target,) = read("到2026年，全市软件和信息服务业收入突破千亿元。", year=2023)
    assert (target.value, target.unit) == (1000.0, "亿元")


def test_a_decrease_target() -> None:
    (target,) = read("今年单位地区生产总值能耗下降3%左右。", year=2024)
    assert target.kind == "decrease"


def test_an_annual_growth_target() -> None:
    (target,) = read("“十四五”期间，全社会研发经费投入年均增长10%以上。", year=2021)
    assert target.kind == "annual_growth"


def test_an_increment_target() -> None:
    (target,) = read("到2025年，新增国家级专精特新“小巨人”企业50家。", year=2022)
    assert target.kind == "increment"


def test_points_of_a_share_are_a_ratio_change_with_their_base_year() -> None:
    (target,) = read("到2025年，数字经济核心产业增加值占地区生产总值比重比2020年提高2.5个百分点。", year=2022)
    assert (target.unit, target.kind, target.baseline_year) == ("个百分点", "ratio_change", 2020)


def test_a_baseline_in_the_same_sentence() -> None:
    (target,) = read("到2025年，全市研发人员由2020年的3.2万人增加到5万人。", year=2021)
    assert (target.value, target.baseline_value, target.baseline_year) == (50000.0, 32000.0, 2020)


def test_a_qualitative_rank_target_has_no_value() -> None:
    (target,) = read("到2027年，区域创新能力稳居全国前列。", year=2024)
    assert (target.value, target.qualitative) == (None, True)


def test_a_base_of_the_present_is_no_time_scope() -> None:
    (target,) = read("到2027年，规上工业企业数量从目前的310家增加到600家以上。", year=2023)
    assert target.value == 600.0


def test_the_base_value_of_the_present_is_the_baseline() -> None:
    (target,) = read("到2027年，规上工业企业数量从目前的310家增加到600家以上。", year=2023)
    assert target.baseline_value == 310.0


def test_the_base_value_is_not_part_of_the_name() -> None:
    (target,) = read("到2027年，规上工业企业数量从目前的310家增加到600家以上。", year=2023)
    assert target.indicator == "规上工业企业数量"


def test_years_of_schooling_are_measured_in_years() -> None:
    assert values(read("到2030年，劳动年龄人口平均受教育年限提高到11.5年。", year=2026)) == [(11.5, "年")]


def test_a_duration_in_years_is_not_a_quantity() -> None:
    assert read("到2030年，用5年时间建成区域科技创新中心。", year=2026) == []


def test_counted_items_in_a_list_are_each_a_target() -> None:
    found = read("到2026年，力争建成3家省级制造业创新中心、12家以上省级技术创新平台。", year=2024)
    assert [(t.indicator, t.value) for t in found] == [("省级制造业创新中心", 3.0), ("省级技术创新平台", 12.0)]


def test_where_the_action_happens_is_not_the_indicator() -> None:
    (target,) = read("到2026年，力争在新能源领域建成3家省级制造业创新中心。", year=2024)
    assert target.indicator == "省级制造业创新中心"


def test_the_number_of_programmes_a_plan_runs_is_no_target() -> None:
    assert read("“十四五”时期将实施4项人才发展行动和6项重点工程。", year=2021) == []


def test_a_goals_list_in_one_sentence_makes_each_item_a_target() -> None:
    found = read("2024年，全县科技工作的主要目标是：组织实施省级以上科技项目25项，新认定高新技术企业12家、科技型中小企业80家。", year=2024)
    assert [t.value for t in found] == [25.0, 12.0, 80.0]


def test_an_announced_list_of_core_indicators_makes_each_value_a_target() -> None:
    found = read("规划明确核心指标：每万人口高价值发明专利拥有量12件、技术合同成交额800亿元。", year=2026, period=(2026, 2030))
    assert [t.value for t in found] == [12.0, 800.0]


def test_the_values_after_an_indicator_list_announced_keep_the_plan_end_year() -> None:
    found = read("规划明确核心指标：每万人口高价值发明专利拥有量12件、技术合同成交额800亿元。", year=2026, period=(2026, 2030))
    assert {t.target_year for t in found} == {2030}


def test_a_thousands_separator_ends_no_clause() -> None:
    assert values(read("今年的主要预期目标是：城镇新增就业1,150万人以上。", year=2026)) == [(11500000.0, "人")]


def test_an_index_target_has_no_unit() -> None:
    assert values(read("到2027年，区域科技创新指数达到165以上。", year=2024)) == [(165.0, "")]


def test_money_may_omit_its_yuan() -> None:
    assert values(read("到2030年，全省软件和信息服务业营收达1.8万亿。", year=2025)) == [(18000.0, "亿元")]


def test_a_money_threshold_in_a_name_is_no_target() -> None:
    assert values(read("到2030年，营业收入突破5亿的企业达到40家。", year=2025)) == [(40.0, "家")]


def test_a_bare_scale_after_chao_is_a_value() -> None:
    assert values(read("到2027年，带动相关产业规模超万亿元。", year=2025)) == [(10000.0, "亿元")]


def test_a_rank_among_the_first_n_is_a_rank_target() -> None:
    assert values(read("到2027年，每万名就业人员中研发人员达到全市前5水平。", year=2024)) == [(5.0, "位")]


def test_a_total_takes_the_name_of_what_was_just_counted() -> None:
    found = read("到2027年，新开通5G基站12万个以上，总数达到28万个以上。", year=2023)
    assert found[1].indicator == "5G基站总数"


def test_a_commitment_to_reach_a_gdp_is_a_target() -> None:
    assert values(read("今后五年，要实现地区生产总值超过2600亿元。", year=2024)) == [(2600.0, "亿元")]


def test_gdp_realised_last_year_is_an_achievement() -> None:
    assert read("2023年，全市实现地区生产总值3200亿元。", year=2024) == []


def test_a_place_in_the_world_ranking_is_a_rank_target() -> None:
    assert values(read("到2030年，国际科技论文被引次数达到世界第三。", year=2024)) == [(3.0, "位")]


def test_an_inference_of_a_writer_is_no_target() -> None:
    assert read("到2025年，那意味着数字经济核心产业增加值将达9万亿元。", year=2022) == []


def test_an_expected_market_size_is_no_target() -> None:
    assert read("到2030年，全球低空经济市场规模有望达到7000亿美元。", year=2024) == []


CITATION = "国家《数字经济发展规划》在主要目标中提出“2025年数字经济核心产业增加值占GDP比重提升至10%”，全区将对标落实。"


def test_a_target_another_document_sets_is_quoted_as_context() -> None:
    (target,) = read(CITATION, period=(2021, 2025))
    assert target.scope == "external"


def test_a_quoted_target_is_named_from_inside_the_quotation() -> None:
    (target,) = read(CITATION, period=(2021, 2025))
    assert target.indicator == "数字经济核心产业增加值占GDP比重"


def test_a_quotation_in_an_excerpt_without_a_plan_is_the_excerpts_subject() -> None:
    (target,) = read(CITATION, year=2022)
    assert target.scope == "plan"


def test_a_target_quoted_from_another_document_is_not_rated() -> None:
    (target,) = read(CITATION, period=(2021, 2025))
    assert not target.rated


def test_a_long_description_before_the_thing_counted_is_left_out_of_the_name() -> None:
    (target,) = read("到2027年，培育8-12个创新能力较强、带动作用明显的县域特色产业集群。", year=2025)
    assert target.indicator == "县域特色产业集群"


def test_cultivating_a_reserve_is_an_action_too() -> None:
    (target,) = read("到2027年，储备20个县域冠军产业。", year=2025)
    assert target.indicator == "县域冠军产业"


def test_doubling_named_as_an_item_of_a_list_is_no_target() -> None:
    assert read("到2024年，实施做强二产、主体倍增、开放合作等重点工程。", year=2022) == []


# --- text as it arrives ---------------------------------------------------------------------


def test_pinyin_glosses_are_ignored() -> None:
    (target,) = read("到2025年，軟件業務(wù)收入突破3000億元。", year=2022)
    assert target.value == 3000.0


def test_traditional_characters_are_read_simplified() -> None:
    (target,) = read("到2025年，全省高新技術企業數量達到1.8萬家。", year=2022)
    assert target.indicator == "高新技术企业数量"


def test_spaces_inside_words_and_numbers_from_pdf_are_ignored() -> None:
    (target,) = read("到 2025 年，每万人口高价值发明 专利拥有量达到 9 件以上。", year=2022)
    assert (target.indicator, target.value) == ("每万人口高价值发明专利拥有量", 9.0)


def test_prepared_text_maps_back_to_the_original() -> None:
    prepared = prepare("研發(fā)經費 達到")
    assert prepared.quote(0, 2) == "研發"


# --- confidence and the section as evidence -------------------------------------------------


def test_a_goals_section_makes_a_bare_statement_a_target() -> None:
    assert values(read("高新技术企业数量1200家。", year=2021, period=(2021, 2025), goals=True)) == [(1200.0, "家")]


def test_the_same_bare_statement_elsewhere_is_not_a_target() -> None:
    assert read("高新技术企业数量1200家。", year=2021, period=(2021, 2025)) == []


def test_a_strong_commitment_is_confident() -> None:
    (target,) = read("到2027年，力争全市研发投入强度达到3.5%。", year=2024)
    assert target.confidence >= REVIEW_BELOW


def test_weak_evidence_is_left_for_an_officer_to_confirm() -> None:
    (target,) = read("明年科技型中小企业评价入库1500家。", year=2024)
    assert target.confidence < REVIEW_BELOW


# --- documents as they are laid out ---------------------------------------------------------


def test_an_unnumbered_goals_title_makes_its_lines_targets() -> None:
    found = read("2026年主要预期目标\n地区生产总值增长5%左右\n城镇新增就业2.5万人以上", year=2026)
    assert values(found) == [(5.0, "%"), (25000.0, "人")]


def test_an_unnumbered_review_title_makes_its_lines_achievements() -> None:
    assert read("2025年工作回顾\n全市地区生产总值增长5.3%\n高新技术企业达到1800家", year=2026) == []


def test_a_title_glued_to_its_first_line_is_still_a_title() -> None:
    paragraph = Paragraph(text="2026年主要预期目标地区生产总值增长5%左右。", segments=((0, 1), (10, 2)))
    found = TargetReader(DocumentContext(reference_year=2026)).read(paragraph)
    assert values(found) == [(5.0, "%")]


def test_list_lines_joined_into_one_paragraph_are_separate_items() -> None:
    text = "到2027年研发经费投入年均增长8%以上每万人口高价值发明专利拥有量达到20件"
    paragraph = Paragraph(text=text, segments=((0, 1), (text.index("每万人"), 2)))
    found = TargetReader(DocumentContext(reference_year=2024)).read(paragraph)
    assert [t.indicator for t in found] == ["研发经费投入年均增长", "每万人口高价值发明专利拥有量"]


def test_a_base_year_is_not_the_time_of_the_target() -> None:
    (target,) = read("到2027年，全区专精特新企业在2022年的基础上实现翻番。", year=2023)
    assert target.target_year == 2027


def test_a_year_inside_a_commitment_holds_for_its_clause_only() -> None:
    found = read("今后五年，力争2024年口岸货运量达到300万吨。全区城镇化率达到72%。", year=2023)
    assert [t.target_year for t in found] == [2024, 2027]


def test_after_n_years_of_effort_is_n_years_later() -> None:
    (target,) = read("力争经过5年努力，全省数字经济增加值达到3万亿元。", year=2022)
    assert target.target_year == 2027


def test_several_indicators_doubling_are_several_targets() -> None:
    found = read("到2027年，高新技术企业和科技型企业数量实现“双倍增”。", year=2023)
    assert [(t.value, t.unit) for t in found] == [(2.0, "倍"), (2.0, "倍")]


def test_taiwan_trillion_is_ten_thousand_hundred_millions() -> None:
    (target,) = read("今年全年营业收入目标为新台币3兆元。", year=2025)
    assert (target.value, target.unit) == (30000.0, "亿元")


def test_years_of_age_are_a_unit() -> None:
    (target,) = read("到2030年，人均预期寿命提高到80岁。", year=2026)
    assert (target.value, target.unit) == (80.0, "岁")


def test_a_commitment_after_a_past_sentence_is_a_target() -> None:
    found = read("2023年，全市研发投入强度达到4.1%。力争高新技术企业数量达到3000家以上。", year=2024)
    assert values(found) == [(3000.0, "家")]


def test_chinese_numerals_that_make_no_number_are_no_quantity() -> None:
    from planwatch.extract.numbers import parse_quantity

    assert parse_quantity("三五十") is None


# --- mixed reports: reviews beside next year's goals ------------------------------------------


def test_a_paragraph_announcing_a_goals_list_makes_the_next_paragraph_its_items() -> None:
    text = "会议提出2026年全县经济社会发展的主要预期目标：\n一是稳住增长。预期全县地区生产总值增长6%左右；固定资产投资增长7%。"
    assert values(read(text, year=2026)) == [(6.0, "%"), (7.0, "%")]


def test_a_goals_list_announced_without_a_year_takes_the_year_of_the_section_title() -> None:
    text = "二、2026年工作的总体要求\n主要预期目标包括：\n全县一般公共预算收入增长4%左右。"
    (target,) = read(text, year=2026)
    assert target.target_year == 2026


def test_a_colon_between_an_indicator_and_its_value_keeps_the_indicator_name() -> None:
    text = "今年主要预期目标：全社会研发投入强度：达到2.9%；规上工业增加值增长：6.5%左右。"
    assert [t.indicator for t in read(text, year=2026)] == ["全社会研发投入强度", "规上工业增加值增长"]


def test_a_colon_after_the_word_goals_still_ends_the_clause() -> None:
    text = "到2027年实现两项目标：60%的规上工业企业建立研发机构，建成30个以上中试平台。"
    assert values(read(text, year=2024)) == [(60.0, "%"), (30.0, "个")]


def test_urban_and_rural_as_two_short_prefixes_are_named_in_full() -> None:
    text = "今年城、乡居民人均可支配收入分别增长6%、7.5%。"
    assert [t.indicator for t in read(text, year=2026)] == ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]


def test_urban_and_rural_in_one_word_names_each_of_two_values() -> None:
    text = "今年城乡居民人均可支配收入分别增长5%、6.5%。"
    assert [t.indicator for t in read(text, year=2026)] == ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]


def test_every_value_after_respectively_takes_the_verb_before_the_first() -> None:
    text = "今年城乡居民人均可支配收入分别增长5%、6.5%。"
    assert [t.kind for t in read(text, year=2026)] == ["annual_growth", "annual_growth"]


def test_a_part_ending_in_a_measure_of_its_own_takes_no_shared_tail() -> None:
    text = "到2027年，全区研发投入强度和科技型中小企业数分别达到4.2%和900家。"
    assert [t.indicator for t in read(text, year=2024)] == ["研发投入强度", "科技型中小企业数"]


def test_a_count_of_new_jobs_without_a_unit_counts_people() -> None:
    assert values(read("今年的主要预期目标是：城镇新增就业1150万左右。", year=2026)) == [(11500000.0, "人")]


def test_an_estimate_of_the_current_year_placed_after_the_year_is_no_target() -> None:
    assert read("全省生产总值今年预计可以达到6.2万亿元左右。", year=2026) == []


def test_a_share_that_has_always_held_is_an_achievement() -> None:
    assert read("我省对全国经济增长的贡献率一直保持在8%左右。", year=2026) == []


def test_work_after_a_goals_list_for_the_report_year_is_that_years_commitment() -> None:
    text = "2026年全县发展的主要预期目标：地区生产总值增长6%左右。\n加快科技创新。实施县级重点研发项目20个以上。"
    assert values(read(text, year=2026)) == [(6.0, "%"), (20.0, "个")]


def test_a_review_of_the_report_year_without_a_goals_list_stays_open() -> None:
    text = "2026年全县工作总结。\n加快科技创新。实施县级重点研发项目20个。"
    assert read(text, year=2026) == []


def test_a_count_of_fields_after_a_locative_is_named_by_the_fields() -> None:
    (target,) = read("到2028年，力争在2-3个前沿材料领域形成领先优势。", year=2025)
    assert target.indicator == "前沿材料领域形成领先优势"


def test_respective_values_after_a_comma_take_the_subjects_of_the_clause_before() -> None:
    text = "到2028年，全县科技型企业和创新型企业在2023年的基础上实现倍增，分别超过300家和120家。"
    assert [(t.indicator, t.value) for t in read(text, year=2024)][-2:] == [("科技型企业", 300.0), ("创新型企业", 120.0)]


def test_a_comparison_base_is_not_part_of_the_indicator_name() -> None:
    text = "到2028年，全县科技型企业和创新型企业在2023年的基础上实现倍增，分别超过300家和120家。"
    assert [t.indicator for t in read(text, year=2024)][:2] == ["科技型企业", "创新型企业"]


def test_the_ordinal_of_a_list_item_is_not_part_of_the_indicator_name() -> None:
    (target,) = read("今年工作要实现三个目标：一是全县技术合同成交额要突破12亿元。", year=2026)
    assert target.indicator == "技术合同成交额"


def test_a_numbered_title_line_glued_to_its_item_is_read_apart() -> None:
    reader = TargetReader(DocumentContext(reference_year=2026, period_start=2026, period_end=2030))
    paragraph = Paragraph(text="二是突出创新引领技术合同成交额达到20亿元", segments=((0, 1), (8, 2)))
    (target,) = reader.read(paragraph, SectionHint(path="1", goals=True))
    assert target.indicator == "技术合同成交额"


def test_a_stretch_value_named_only_by_its_action_takes_the_previous_indicator() -> None:
    text = "今年要新增科技型中小企业80家，力争新增100家。"
    assert [t.indicator for t in read(text, year=2026)] == ["新增科技型中小企业", "新增科技型中小企业"]


def test_the_count_of_indicators_a_document_sets_is_no_target() -> None:
    assert read("规划纲要围绕创新驱动细化提出6项", year=2026, period=(2026, 2030)) == []


def test_lowering_to_a_level_is_a_level_target_not_a_decrease() -> None:
    (target,) = read("到2030年，全省关键零部件对外依存度降低到25%以下。", year=2026)
    assert target.kind == "level"


def test_lowering_to_a_level_keeps_the_verb_out_of_the_name() -> None:
    (target,) = read("到2030年，全省关键零部件对外依存度降低到25%以下。", year=2026)
    assert target.indicator == "关键零部件对外依存度"


def test_two_indicators_that_both_reach_a_rank_are_two_targets() -> None:
    text = "到2030年，全省发明专利授权量和技术合同成交额均进入全国前8位。"
    assert [t.indicator for t in read(text, year=2026)] == ["发明专利授权量", "技术合同成交额"]


def test_a_multiple_against_a_base_year_takes_the_indicator_of_the_clause_before() -> None:
    targets = read("到2028年，全县规上工业企业数量达到400家，较2023年翻一番。", year=2024)
    assert [t.indicator for t in targets] == ["规上工业企业数量", "规上工业企业数量"]


def test_a_total_in_a_later_sentence_takes_the_indicator_counted_before() -> None:
    text = "2025年全县新增科技型企业60家，总数达到410家。下一步将力争2026年总数突破500家。"
    (target,) = read(text, year=2026)
    assert target.indicator == "科技型企业总数"


def test_a_work_plan_list_makes_each_item_a_commitment() -> None:
    text = "2026年工作计划：一是新认定科技型企业不少于80家；二是全社会研发投入增长12%。"
    assert values(read(text, year=2026)) == [(80.0, "家"), (12.0, "%")]


def test_next_steps_are_commitments() -> None:
    assert values(read("今年以来技术合同成交额达8亿元。下步打算：全年技术合同成交额突破12亿元。", year=2026)) == [(12.0, "亿元")]


def test_a_plan_target_in_brackets_beside_an_achievement_is_restated() -> None:
    (target,) = read("去年全县每万人发明专利拥有量达到9件，提前完成“十四五”规划目标（8件）。", year=2025)
    assert target.value == 8.0


def test_a_restated_target_in_brackets_takes_the_plans_end_year() -> None:
    (target,) = read("去年全县每万人发明专利拥有量达到9件，提前完成“十四五”规划目标（8件）。", year=2025)
    assert target.target_year == 2025


def test_a_goal_stated_after_the_current_value_takes_its_indicator() -> None:
    text = "目前全县规上企业研发机构覆盖率为38%，目标是到2027年达到55%。"
    (target,) = read(text, year=2024)
    assert target.indicator == "规上企业研发机构覆盖率"


def test_a_future_carried_into_a_sentence_of_results_is_weak_evidence() -> None:
    text = "到2027年，全县技术合同成交额力争达到30亿元。\n全年全县研发经费投入9.6亿元，比上年增长11%；技术合同成交额突破18亿元。"
    assert values(read(text, year=2024)) == [(30.0, "亿元")]


def test_a_total_of_what_was_done_is_an_achievement() -> None:
    assert read("今年全县共实施市级科技项目42项。", year=2026) == []


def test_the_citing_words_before_a_restated_target_leave_its_name() -> None:
    (target,) = read("按照“十四五”规划确定的到2025年科技型企业达到300家的目标，全县已提前完成。", year=2024)
    assert target.indicator == "科技型企业"


def test_a_unit_in_brackets_after_the_name_gives_a_bare_value_its_unit() -> None:
    assert values(read("——科技型中小企业数量（家）：1200", year=2021, period=(2021, 2025), goals=True)) == [(1200.0, "家")]


def test_the_unit_in_brackets_is_not_part_of_the_name() -> None:
    (target,) = read("——科技型中小企业数量（家）：1200", year=2021, period=(2021, 2025), goals=True)
    assert target.indicator == "科技型中小企业数量"


def test_counted_items_joined_by_and_each_count_their_own_noun() -> None:
    targets = read("到2027年，形成2个千亿级产业集群和6个百亿级产业集群。", year=2024)
    assert [t.indicator for t in targets] == ["千亿级产业集群", "百亿级产业集群"]


def test_the_middle_of_the_century_is_2050() -> None:
    (target,) = read("到本世纪中叶，全省研发投入强度达到4.5%。")
    assert target.target_year == 2050


def test_an_index_raised_from_a_base_value_is_a_target_without_a_unit() -> None:
    assert values(read("到2027年，全省数字政府发展指数从2023年的78提高到90。", year=2024)) == [(90.0, "")]


def test_a_count_of_users_without_a_unit_keeps_its_scale() -> None:
    (target,) = read("到2027年，全省5G用户规模从2023年的0.6亿提高到1亿。", year=2024)
    assert target.value == 100000000.0


def test_a_plan_named_as_setting_the_values_gives_their_year() -> None:
    text = "在落实2030年碳达峰目标方面，“十四五”规划还提出，单位地区生产总值能耗降低14%。"
    (target,) = read(text, year=2021)
    assert target.target_year == 2025


def test_a_share_reached_before_its_noun_is_a_target() -> None:
    assert values(read("到2027年，城际铁路覆盖90%以上的县城。", year=2024)) == [(90.0, "%")]


def test_a_threshold_inside_a_name_before_a_count_is_still_no_target() -> None:
    assert values(read("到2027年，营业收入10亿元以上的企业达到40家。", year=2024)) == [(40.0, "家")]


# --- fresh groups o094–o115: rules from their misses (sentences of our own) -------------------


def test_the_time_of_a_purpose_is_not_carried_to_the_next_sentence() -> None:
    text = "“十五五”时期主要目标如下。为到2035年全县人均生产总值翻一番打好基础。全县研发经费投入年均增长8%以上。"
    assert [t.target_year for t in read(text, year=2026)] == [2030]


def test_corner_brackets_quote_a_five_year_plan() -> None:
    (target,) = read("「十五五」纲要提出，全县研发经费投入年均增长8%以上。", year=2026)
    assert target.target_year == 2030


def test_keeping_in_line_with_a_past_plan_does_not_make_what_follows_past() -> None:
    text = "到2030年，全县研发经费投入年均增长8%以上，与“十四五”规划目标保持一致。全县单位生产总值能耗累计降低12%。"
    assert values(read(text, year=2026, period=(2026, 2030))) == [(8.0, "%"), (12.0, "%")]


def test_what_follows_a_share_describes_whom_it_counts() -> None:
    assert values(read("今年力争实现30%的行政村集体经营性收入超20万元。", year=2025)) == [(30.0, "%")]


def test_an_emphasis_mark_is_not_part_of_the_name() -> None:
    (target,) = read("*全市研发经费投入年均增长9%以上*", year=2026, period=(2026, 2030), goals=True)
    assert target.indicator == "全市研发经费投入年均增长"


def test_a_half_year_already_over_is_the_past() -> None:
    assert read("今年上半年，全省新登记市场主体12.5万户，城镇新增就业21万人。", year=2024) == []


def test_a_ratio_narrowed_to_a_bound_has_no_unit() -> None:
    (target,) = read("到2030年，全市城乡居民收入倍差缩小到1.8以内。", year=2026)
    assert (target.value, target.unit, target.qualifier) == (1.8, "", "以内")


def test_tenths_are_a_percentage() -> None:
    assert values(read("到2028年，全区科技型企业数量增幅超6成。", year=2025)) == [(60.0, "%")]


def test_money_per_person_written_as_one_unit_is_the_same_quantity() -> None:
    from planwatch.extract.numbers import normalise_unit

    assert normalise_unit("万元/人", 31.5) == normalise_unit("元/人", 31.5, "万")


def test_an_intensity_per_ten_thousand_yuan_is_not_money() -> None:
    from planwatch.extract.numbers import normalise_unit

    assert normalise_unit("吨标准煤/万元", 0.42) == ("吨标准煤/万元", 0.42)


def test_an_estimate_of_the_documents_own_year_is_no_target() -> None:
    assert read("预计到2021年底，全区高新技术企业可达42家，两年净增17家。", year=2021) == []


def test_an_estimate_over_a_coming_span_still_commits() -> None:
    (target,) = read("预计2021年至2025年，全省机器人产业营业收入将年均增长18%。", year=2021)
    assert target.value == 18.0


def test_a_year_after_a_change_verb_is_the_values_own_year() -> None:
    assert read("全区技术合同交易额从2018年的0.4亿元上升到2021年的2.3亿元。", year=2021) == []


def test_a_comparison_with_the_same_period_is_a_result() -> None:
    assert read("与同期相比，今年全县工业用电量增长3.2%。", year=2021) == []


def test_entering_the_first_n_of_a_ranking_is_a_rank_target() -> None:
    (target,) = read("到2025年，全市经济总量力争进入全国60强。", year=2021)
    assert (target.value, target.unit, target.qualifier) == (60.0, "位", "以内")


def test_a_fortune_list_name_is_no_rank() -> None:
    assert values(read("到2025年，力争进入全球500强企业达到3家。", year=2021)) == [(3.0, "家")]


def test_the_name_begins_after_the_time_word() -> None:
    (target,) = read("市长作《政府工作报告》今年GDP预期增长6.5%左右", year=2024)
    assert target.indicator == "GDP预期增长"


def test_a_headline_in_gdp_and_the_body_in_full_words_are_one_target() -> None:
    from planwatch.extract.language import merge_restatements

    found = read("今年GDP预期增长6.5%左右\n今年全市经济社会发展主要预期目标是：地区生产总值增长6.5%左右。", year=2024)
    assert len(merge_restatements(found)) == 1


def test_things_counted_before_the_verb_that_completes_them_are_the_indicator() -> None:
    (target,) = read("到2026年底前，全县首批20个乡村振兴示范村全面建成。", year=2024)
    assert (target.indicator, target.value, target.unit, target.target_year) == ("乡村振兴示范村", 20.0, "个", 2026)


def test_things_completed_in_a_past_year_are_no_target() -> None:
    assert read("2022年，全县首批20个乡村振兴示范村全面建成。", year=2024) == []


def test_a_target_set_at_a_value_commits_in_its_own_year() -> None:
    (target,) = read("该省2025年GDP增速为4.2%，2026年增长目标上调为5%左右。", year=2026)
    assert (target.value, target.target_year) == (5.0, 2026)


def test_the_verb_that_sets_a_target_is_not_part_of_the_name() -> None:
    (target,) = read("今年全市地区生产总值增速目标下调为4.5%。", year=2026)
    assert target.indicator == "地区生产总值增速"


def test_a_floor_then_the_level_it_steps_to_are_two_targets() -> None:
    found = read("到2027年，全市软件业务收入突破2000亿元达到2600亿元。", year=2024)
    assert values(found) == [(2000.0, "亿元"), (2600.0, "亿元")]


def test_the_share_of_a_target_completed_is_no_target_of_its_own() -> None:
    assert read("今年，全县新增就业人数要完成年度目标的86.5%以上。", year=2024) == []


def test_a_size_class_reached_is_a_value_in_yi_yuan() -> None:
    (target,) = read("到2028年，全市新能源汽车产业规模达到千亿级。", year=2024)
    assert (target.indicator, target.value, target.unit) == ("新能源汽车产业规模", 1000.0, "亿元")


def test_a_club_of_a_size_entered_is_its_value() -> None:
    (target,) = read("到2030年，全省地区生产总值跨入“8万亿俱乐部”。", year=2026)
    assert values([target]) == [(80000.0, "亿元")]


def test_a_size_class_naming_what_is_counted_is_no_value() -> None:
    assert values(read("到2027年，形成千亿级产业集群5个。", year=2024)) == [(5.0, "个")]


def test_a_period_target_named_before_its_value_in_a_review_is_restated() -> None:
    (target,) = read("全县研发投入年均增速为8.3%，低于“十三五”预期增速目标10%的1.7个百分点。", year=2021)
    assert (target.value, target.target_year) == (10.0, 2020)


def test_the_gap_to_a_restated_target_is_no_target() -> None:
    found = read("全县研发投入年均增速为8.3%，低于“十三五”预期增速目标10%的1.7个百分点。", year=2021)
    assert [t for t in found if t.unit == "个百分点"] == []


def test_a_rate_per_hundred_thousand_keeps_its_base() -> None:
    (target,) = read("到2030年，全省孕产妇死亡率控制在12/10万以下。", year=2026)
    assert (target.value, target.unit) == (12.0, "/10万")


def test_the_country_named_before_an_indicator_is_not_its_name() -> None:
    (target,) = read("展望2035年，中国的居民健康素养水平达到40%。", year=2026)
    assert target.indicator == "居民健康素养水平"


def test_a_span_of_years_to_spend_gives_the_year_it_ends() -> None:
    (target,) = read("通过三年努力，全县规模以上工业企业达到260家。", year=2024)
    assert target.target_year == 2027


def test_the_level_after_a_growth_rate_names_the_same_thing_without_the_growth() -> None:
    found = read("到2027年，全市软件业务收入年均增长12%，突破800亿元。", year=2024)
    assert found[1].indicator == "软件业务收入"


def test_places_named_before_a_share_are_where_it_is_counted() -> None:
    (target,) = read("到2027年，确保东城区、西城区、南湖新区60%的老旧小区完成适老化改造。", year=2024)
    assert (target.value, target.unit, target.target_year) == (60.0, "%", 2027)


def test_a_task_opening_an_undated_work_plan_sentence_is_a_target_without_a_year() -> None:
    (target,) = read("组建区域医疗联合体4个，推动分级诊疗。")
    assert (target.value, target.unit, target.target_year) == (4.0, "个", None)


def test_a_task_told_as_done_in_an_undated_text_is_no_target() -> None:
    assert read("组建了区域医疗联合体4个，推动分级诊疗。") == []


def test_a_task_sentence_of_a_dated_text_needs_its_time() -> None:
    assert read("组建区域医疗联合体4个，推动分级诊疗。", year=2024) == []


# Issue #11: the year under way written as a plain year (docs/target-misses.md, A).


def test_the_own_year_opening_a_committed_sentence_is_that_years_target() -> None:
    found = read("2025年，本市将改造农村供水管网860公里、老旧厂房42处。", year=2025)
    assert [(t.value, t.unit, t.target_year) for t in found] == [(860.0, "公里", 2025), (42.0, "处", 2025)]


def test_the_own_year_after_a_reporting_clause_still_opens_its_clause() -> None:
    (target,) = read("据省住建厅消息，2025年全省计划改造城中村住房2.3万套。", year=2025)
    assert (target.value, target.unit, target.target_year) == (23000.0, "套", 2025)


def test_the_own_year_with_a_result_cue_stays_a_result() -> None:
    assert read("2025年，本市将改造农村供水管网860公里，比上年增加120公里。", year=2025) == []


def test_the_own_year_without_a_commitment_word_stays_a_statistic() -> None:
    assert read("2025年，本市改造农村供水管网860公里。", year=2025) == []


def test_the_own_year_inside_a_clause_does_not_open_it() -> None:
    # 计划 comes before the year, which dates only the amount done (其中2025年完成…)
    assert read("重点项目计划总投资50亿元，其中2025年完成投资9亿元。", year=2025) == []


def test_a_past_year_with_a_commitment_word_is_not_made_the_year_under_way() -> None:
    assert read("2024年，本市将改造农村供水管网860公里。", year=2025) == []


# Issue #11: a target restated inside a completion rate (docs/target-misses.md, B).


def test_the_amount_inside_a_completion_rate_is_the_years_target() -> None:
    found = read("前三季度新增城镇就业1.8万人，完成年度目标任务2.5万人的72%。", year=2025)
    assert [(t.value, t.unit, t.target_year) for t in found] == [(25000.0, "人", 2025)]


def test_a_share_of_the_annual_plan_names_its_target_too() -> None:
    found = read("上半年完成重点项目投资36亿元，占年度计划90亿元的40%。", year=2025)
    assert [(t.value, t.unit) for t in found] == [(90.0, "亿元")]


def test_a_share_of_an_annual_plan_whose_amount_is_not_printed_is_no_target() -> None:
    assert read("1-6月完成重点项目投资36亿元，占年度投资计划的40%。", year=2025) == []


# Issue #11: goal lists headed 任务, 当前 before a noun, 至少 / 不少于 bounds (docs/target-misses.md, C and F).


def test_a_colon_list_headed_task_is_a_goals_list() -> None:
    found = read("全县年初确定了全年工作目标，并下达了明确的任务：农业总产值增长6%；城镇居民收入增长7%。", year=2025)
    assert [(t.value, t.kind) for t in found] == [(6.0, "annual_growth"), (7.0, "annual_growth")]


def test_the_present_modifying_a_noun_is_not_the_clauses_time() -> None:
    (target,) = read("全面分析当前形势，全市提出地区生产总值增长目标为5.5%以上。", year=2025)
    assert target.value == 5.5


def test_the_present_as_the_clauses_time_still_marks_a_statistic() -> None:
    assert read("当前，全市地区生产总值增长5.5%。", year=2025) == []


def test_at_least_one_is_a_floor_of_one() -> None:
    (target,) = read("到2027年，每个乡镇至少有一所公办幼儿园。", year=2025)
    assert (target.value, target.unit, target.qualifier) == (1.0, "所", "不低于")


def test_at_least_names_what_is_counted_after_the_number() -> None:
    (target,) = read("到2027年，建成至少一个区级托育综合服务中心。", year=2025)
    assert target.indicator == "区级托育综合服务中心"


def test_not_less_than_is_a_floor() -> None:
    (target,) = read("到2027年，全区婴幼儿托位数不小于3000个。", year=2025)
    assert (target.value, target.qualifier) == (3000.0, "不低于")


def test_a_tally_word_inside_a_floor_does_not_drop_the_other_targets_of_its_sentence() -> None:
    found = read("到2027年，全区普惠托位覆盖率达到60%以上，各街道共建成托育点不少于30个。", year=2025)
    assert [(t.value, t.unit) for t in found] == [(60.0, "%"), (30.0, "个")]


def test_a_tally_without_a_floor_still_tells_a_result() -> None:
    assert read("到2024年底，各街道共建成托育点30个。", year=2025) == []


# Issue #11: results under a title naming goals (docs/target-misses.md, spurious: deviations from a target).


def test_results_under_a_goals_completion_title_are_a_review() -> None:
    text = "一、前三季度主要经济发展目标完成情况\n（一）工业增加值。增长7.2%，高于全省1.1个百分点。"
    assert read(text, year=2025) == []


def test_a_gap_to_a_target_whose_value_is_not_printed_is_no_target() -> None:
    assert read("固定资产投资增长目标完成较好，低于预期目标0.9个百分点。", year=2025, goals=True) == []


# Issue #11: a copy spun with synonyms (docs/target-misses.md, E).


def test_this_year_written_as_ben_nian_is_the_texts_year() -> None:
    (target,) = read("本年全区学前教育毛入园率力争达到93%。", year=2025)
    assert (target.value, target.target_year) == (93.0, 2025)


def test_a_spun_purpose_after_the_value_is_no_threshold_of_a_name() -> None:
    (target,) = read("今年全区可以完成普惠园覆盖率到达85%的目的。", year=2025)
    assert (target.value, target.qualifier) == (85.0, "达到")


def test_a_bullets_own_month_date_wins_over_the_year_of_the_bullet_before() -> None:
    found = read("- 2026年底：全镇光纤入户率达到90%\n- 2027年6月：全镇光纤入户率达到95%以上", year=2025)
    assert [t.target_year for t in found] == [2026, 2027]


def test_places_listed_before_a_floor_each_must_have_it() -> None:
    (target,) = read("到2027年，各镇、街道至少办3所普惠托育点。", year=2025)
    assert (target.value, target.unit, target.qualifier) == (3.0, "所", "不低于")


# Issue #11, the seventh round (docs/target-misses.md, A: sentences after the committed year; G; D; spurious).


def test_a_task_after_a_sentence_committing_to_the_plain_year_is_that_years_target() -> None:
    found = read("2025年，全县将新修农村公路80公里。启动集镇污水处理项目6个。", year=2025)
    assert [(t.value, t.target_year) for t in found] == [(80.0, 2025), (6.0, 2025)]


def test_a_task_after_a_plain_year_with_no_commitment_stays_a_result() -> None:
    assert read("2025年，全县修建农村公路80公里。启动集镇污水处理项目6个。", year=2025) == []


def test_a_task_after_the_committed_year_with_a_result_cue_stays_a_result() -> None:
    found = read("2025年，全县将新修农村公路80公里。完成危房改造120户，比上年多30户。", year=2025)
    assert [t.value for t in found] == [80.0]


def test_a_ratio_to_one_with_the_ratio_sign_is_its_first_term() -> None:
    (target,) = read("到2028年，城乡居民收入差距缩小到1.9∶1以内。")
    assert (target.value, target.unit, target.target_year) == (1.9, "", 2028)


def test_the_one_of_a_ratio_is_no_value_of_its_own() -> None:
    assert len(read("到2028年，城乡居民收入差距缩小到1.9∶1以内。")) == 1


def test_a_fraction_is_a_share_in_percent() -> None:
    (target,) = read("到2027年，数字经济核心产业增加值占比超过1/4。")
    assert (target.value, target.unit) == (25.0, "%")


def test_a_rate_per_ten_thousand_is_no_fraction() -> None:
    (target,) = read("到2027年，婴儿死亡率控制在5/10万以下。")
    assert target.unit == "/10万"


def test_money_written_in_chinese_numerals_may_omit_yuan() -> None:
    (target,) = read("到2030年，全区规上工业营业收入突破三千亿。")
    assert (target.value, target.unit) == (3000.0, "亿元")


def test_a_rank_among_the_first_n_strong_is_a_rank_target() -> None:
    (target,) = read("到2027年，全县经济总量进入全省前八强。")
    assert (target.value, target.unit, target.qualifier) == (8.0, "位", "以内")


def test_a_rank_among_the_first_n_without_a_counter_is_a_rank_target() -> None:
    (target,) = read("到2027年，全县经济总量力争进入全省前六。")
    assert (target.value, target.unit) == (6.0, "位")


def test_a_place_written_with_paiming_is_a_rank_target() -> None:
    (target,) = read("到2027年，全市地区生产总值排名全省第四。")
    assert (target.value, target.unit) == (4.0, "位")


def test_an_age_before_a_noun_says_whom_a_figure_counts() -> None:
    assert read("到2027年，面向0-3岁婴幼儿家庭开展科学育儿指导。") == []


def test_an_age_reached_is_still_a_value() -> None:
    (target,) = read("到2027年，全市人均预期寿命达到80.5岁。")
    assert (target.value, target.unit) == (80.5, "岁")


def test_a_slogan_counting_what_doubles_is_no_multiple() -> None:
    assert read("今年要奋力实现“两个翻番”目标。", year=2025) == []


def test_a_planning_norm_sized_by_a_share_of_a_base_is_no_target() -> None:
    found = read("到2027年，建成社区食堂120个。社区养老服务用房按照辖区常住人口的0.1%配置。")
    assert [t.value for t in found] == [120.0]


def test_a_share_reached_after_according_to_a_plan_is_still_a_target() -> None:
    (target,) = read("到2027年，按照规划要求，城市绿化覆盖率达到45%。")
    assert target.value == 45.0


# --- eighth round (issue #11) ---------------------------------------------------------------


def test_a_year_written_in_chinese_numerals_is_a_year() -> None:
    (target,) = read("二〇二七年，全县森林覆盖率达到百分之四十五。", year=2024)
    assert target.target_year == 2027


def test_a_past_year_written_in_chinese_numerals_dates_results() -> None:
    found = read("今年全市生产总值增长目标为百分之五左右。\n二○二五年，全市生产总值达二点一兆元，年增百分之五点二。", year=2026)
    assert [t.value for t in found] == [5.0]


def test_a_plan_period_after_zai_is_the_time_not_a_comparison_base() -> None:
    (target,) = read("力争在“十五五”时期，全区高新技术企业突破500家。", year=2026)
    assert target.target_year == 2030


def test_a_base_year_after_zai_with_jichu_is_still_a_comparison() -> None:
    (target,) = read("到2027年，在2024年的基础上，全县研发投入增长20%。", year=2025)
    assert target.target_year == 2027


def test_the_denominator_of_a_fraction_is_no_value() -> None:
    found = read("到2027年，服务业增加值占比超过2/3、研发投入强度达到3.5%。")
    assert [t.value for t in found] == [66.67, 3.5]


def test_a_value_before_a_goal_named_in_quotes_is_a_target() -> None:
    found = read("到2027年，实现规上企业突破600家、营业收入突破900亿元的“双百”目标。")
    assert [t.value for t in found] == [600.0, 900.0]


def test_a_density_keeps_its_area_denominator() -> None:
    (target,) = read("到2030年，全省铁路网密度达到420公里/万平方公里。")
    assert target.unit == "公里/万平方公里"


def test_the_amount_of_the_years_plan_is_that_years_target() -> None:
    found = read("截至目前，全县在建项目50个。\n其中，城区年度计划投资36.5亿元，完成投资20亿元。", year=2024)
    assert [(t.value, t.target_year) for t in found] == [(36.5, 2024)]


def test_the_parts_of_a_count_in_brackets_are_no_targets() -> None:
    found = read("今年全县改造120个老旧小区(包括70个市级补助小区、50个县级补助小区)。", year=2025)
    assert [t.value for t in found] == [120.0]


def test_an_undated_text_sets_a_level_for_the_year_it_names() -> None:
    (target,) = read("2028年，全市普惠性幼儿园覆盖率达到92%。")
    assert (target.value, target.target_year) == (92.0, 2028)


def test_an_undated_text_keeps_a_year_before_the_period_it_plans_for_a_result() -> None:
    assert read("“十六五”时期(2031-2035年)是关键阶段。\n2028年，全市普惠性幼儿园覆盖率达到92%。") == []


def test_an_undated_text_keeps_a_tally_a_result() -> None:
    assert read("2028年，全市普惠性幼儿园覆盖率已达到92%。") == []


def test_years_of_schooling_in_a_respective_list_are_years() -> None:
    found = read("到2030年，高中阶段毛入学率和人均受教育年限分别达到97%和12.5年。")
    assert values(found) == [(97.0, "%"), (12.5, "年")]


def test_a_respective_list_after_a_semicolon_takes_the_names_of_the_clause_before() -> None:
    found = read("到2026年，普惠园覆盖率和巩固率分别达到85%和96%;2030年分别达到90%和98%。")
    assert [(t.indicator, t.value, t.target_year) for t in found][2:] == [("普惠园覆盖率", 90.0, 2030), ("巩固率", 98.0, 2030)]


def test_an_undated_work_plan_sentence_opening_with_xinpu_sets_a_task() -> None:
    (target,) = read("新铺供水管道120公里以上。")
    assert (target.value, target.unit) == (120.0, "公里")


def test_a_renovation_after_the_committed_year_is_that_years_target() -> None:
    found = read("2025年，全县将新修农村道路30公里。改造老旧小区12个。", year=2025)
    assert [(t.value, t.target_year) for t in found] == [(30.0, 2025), (12.0, 2025)]


def test_work_continued_in_the_year_counts_what_is_added() -> None:
    (target,) = read("今年续建安置房1200套。", year=2025)
    assert target.kind == "increment"


def test_a_price_rise_written_shengfu_is_a_growth() -> None:
    (target,) = read("今年居民消费价格升幅控制在3%左右。", year=2025)
    assert target.kind == "annual_growth"


def test_months_of_the_year_gone_by_date_a_result_without_another_time_word() -> None:
    assert read("今年全县计划投资80亿元。\n1-9月累计完成投资61.5亿元。") == read("今年全县计划投资80亿元。")


def test_a_value_in_brackets_after_a_value_restates_it() -> None:
    found = read("今年全市实施民生项目120项(拆分后共156项)。", year=2025)
    assert [t.value for t in found] == [120.0]


def test_the_year_of_a_target_already_met_is_no_time_for_what_follows() -> None:
    text = "目前，全县农村自来水普及率超过95%，提前实现了《县“十四五”规划》2025年的目标。此外，还有超过300个村通了燃气。"
    assert read(text, year=2023) == []


def test_the_goals_to_a_year_still_name_that_year() -> None:
    (target,) = read("全县到2027年的目标是：森林覆盖率达到40%。", year=2024)
    assert target.target_year == 2027


def test_an_undated_text_sets_a_ceiling_for_the_year_it_names() -> None:
    found = read("第8条 规划区常住人口2030年控制在95万人以内，2035年在105万人以内。")
    assert [(t.value, t.target_year, t.qualifier) for t in found] == [(950000.0, 2030, "以内"), (1050000.0, 2035, "以内")]


def test_a_population_held_below_may_omit_ren() -> None:
    (target,) = read("到2030年，全市城镇人口控制在180万以内。")
    assert (target.value, target.unit) == (1800000.0, "人")


def test_a_share_of_the_work_completed_before_its_noun_is_a_target() -> None:
    (target,) = read("到2025年，完成60%以上的中型水库标准化管理改造任务。")
    assert (target.value, target.qualifier) == (60.0, "以上")


def test_nearly_doubling_is_a_multiple() -> None:
    (target,) = read("到2025年，城市轨道交通运营里程比2020年增长近一倍。")
    assert (target.value, target.unit) == (2.0, "倍")


def test_a_coefficient_has_no_unit() -> None:
    (target,) = read("到2027年，全县农田灌溉水有效利用系数提高到0.58以上。")
    assert (target.value, target.unit) == (0.58, "")


def test_cubic_metres_written_m3_and_square_metres_written_pingmi_are_units() -> None:
    found = read("到2026年，全区年用水总量控制在3.2亿m3以内，人均公园绿地面积达到15平米。")
    assert values(found) == [(320000000.0, "m3"), (15.0, "平米")]


def test_a_bound_closing_a_bracket_says_which_ones_a_name_counts() -> None:
    found = read("到2026年，重点用水企业(年用水量5万m3及以上)计量率达到95%。")
    assert values(found) == [(95.0, "%")]


def test_a_year_after_mubiao_shi_is_the_time_of_the_goal() -> None:
    (target,) = read("更长远的目标是2030年实现人均体育场地面积3平方米。", year=2024)
    assert target.target_year == 2030


def test_three_years_of_building_give_the_year_the_span_ends() -> None:
    (target,) = read("力争通过3年建设，全市建成超百亿元产业集群5个。", year=2024)
    assert target.target_year == 2027


def test_a_goals_list_opened_inside_a_paragraph_runs_to_its_end() -> None:
    found = read("2025年，全县在考核中前进2个位次。实现以下目标：接待游客超500万人次。文旅产业增加值占GDP的比重达6.8%。", year=2025)
    assert [t.value for t in found][-2:] == [5000000.0, 6.8]


def test_a_gap_to_a_standard_whose_value_is_not_printed_is_no_target() -> None:
    found = read("今年全县实现以下目标：文旅产业增加值占GDP的比重达6.8%，超出认定标准0.8个百分点。", year=2025)
    assert [t.value for t in found] == [6.8]


def test_a_place_among_the_first_n_written_with_paiming_is_a_rank_target() -> None:
    (target,) = read("今年确保全县投资增幅在全市排名前三。", year=2025)
    assert (target.value, target.unit, target.qualifier) == (3.0, "位", "以内")


def test_one_value_for_two_indicators_joined_by_he_fenbie_is_two_targets() -> None:
    found = read("到2025年，万元GDP能耗和万元GDP水耗分别下降15%。")
    assert [(t.indicator, t.value) for t in found] == [("万元GDP能耗", 15.0), ("万元GDP水耗", 15.0)]


def test_a_periods_target_named_before_its_value_beside_a_forecast_is_restated() -> None:
    found = read("“十四五”城镇新增就业目标是50万人，去年已完成46万人，今年预计可以超额完成这一目标。", year=2025)
    assert [(t.value, t.target_year) for t in found] == [(500000.0, 2025)]


def test_a_periods_target_between_the_period_and_de_mubiao_is_restated() -> None:
    found = read("截至去年底，全省每千人口托位数为2.5个，距离“十四五”期末4.5个的目标尚有差距。", year=2023)
    assert [(t.value, t.target_year) for t in found] == [(4.5, 2025)]


def test_a_value_reached_takes_the_unit_of_the_value_it_starts_from() -> None:
    (target,) = read("到2030年，全市常住人口从目前的210万人增加到240万。")
    assert (target.value, target.unit) == (2400000.0, "人")


def test_a_space_grouping_thousands_joins_the_number() -> None:
    (target,) = read("到2027年，累计帮助2 600户农户完成危房改造。")
    assert target.value == 2600.0


def test_a_count_of_people_named_after_the_number_is_in_ren() -> None:
    (target,) = read("到2026年，解决全镇0.8万农村人口的饮水安全问题。")
    assert (target.value, target.unit) == (8000.0, "人")


def test_a_population_threshold_of_cities_is_no_count_of_people() -> None:
    assert read("到2026年，加快300万以上人口城市轨道交通成网。") == []


def test_the_first_of_two_shares_completed_before_their_nouns_is_a_target() -> None:
    found = read("到2015年，完成70%以上的大型灌区和50%以上的重点中型灌区续建配套改造任务。")
    assert (found[0].value, found[0].indicator) == (70.0, "大型灌区")


def test_the_years_work_to_start_in_a_text_of_that_year_is_its_target() -> None:
    found = read("全县2025年危旧桥梁改造新开工36座、农村公路80公里。", year=2025)
    assert [(t.value, t.target_year) for t in found] == [(36.0, 2025), (80.0, 2025)]


def test_the_years_work_started_with_le_is_a_result() -> None:
    assert read("全县2025年危旧桥梁改造新开工了36座。", year=2025) == []
# --- eighth round (recall6): number forms of Hong Kong, Taiwan and Chinese numerals ---------------


def test_thousands_separated_by_one_space_are_one_number() -> None:
    assert values(read("房屋署表示，未来五年将兴建约45 000个公屋单位。", year=2026)) == [(45000.0, "个")]


def test_a_million_written_in_spaced_groups_is_one_number() -> None:
    assert values(read("到2030年，全港人口将达到约8 100 000人。", year=2026)) == [(8100000.0, "人")]


def test_numbers_in_cells_of_a_row_stay_apart() -> None:
    assert prepare("高新技术企业 2020 2025 家").text == "高新技术企业2020 2025家"


def test_a_chinese_numeral_with_wan_inside_is_one_number() -> None:
    assert values(read("政府計劃在2028年前增設兩萬五千個資助學位。", year=2026)) == [(25000.0, "个")]


def test_the_area_a_verb_provides_before_de_is_its_object() -> None:
    assert values(read("到2028年，科技园扩建工程将提供约三万二千平方米的额外楼面。", year=2026)) == [(32000.0, "平方米")]


def test_digits_with_wan_and_a_remainder_are_one_number() -> None:
    (target,) = read("國發會訂定明年的目標為每人GDP 3萬2,150美元。", year=2026)
    assert target.value == pytest.approx(3.215e-4, rel=5e-3)  # 亿美元


def test_a_digit_before_qian_is_thousands() -> None:
    assert values(read("今年全县计划新建农家书屋3千个。", year=2026)) == [(3000.0, "个")]


def test_qian_of_a_unit_is_no_scale() -> None:
    assert values(read("到2027年，全市光伏装机容量达到500千瓦。", year=2026)) == [(500.0, "千瓦")]


def test_a_scale_after_the_second_number_of_a_range_holds_for_both() -> None:
    (target,) = read("行政院核定的四年計畫，目標是人均GDP在2028年達到3.8至4.1萬美元。", year=2026)
    assert (target.value, target.value_high) == (pytest.approx(3.8e-4), pytest.approx(4.1e-4))


def test_a_range_written_with_dao_is_a_range() -> None:
    (target,) = read("國發會訂定明年經濟成長率目標為百分之三到三點五之間。", year=2026)
    assert (target.value, target.value_high, target.unit) == (3.0, 3.5, "%")


def test_in_a_year_without_a_base_is_a_time() -> None:
    (target,) = read("政府計劃在2028年前增設兩萬五千個資助學位。", year=2026)
    assert target.target_year == 2028


# --- eighth round (recall6): fiscal years and years of the Republic of China ----------------------


def test_a_fiscal_year_ends_in_its_later_year() -> None:
    (target,) = read("政府目標在2027-28年度把公屋平均輪候時間縮短至4年以內,並提供2萬個單位。", year=2025)[-1:]
    assert target.target_year == 2028


def test_a_span_of_fiscal_years_ends_in_the_last_ones_later_year() -> None:
    (target,) = read("在未來十年(2025-26 至 2034-35 年度)提供約2,800公頃新平整土地。", year=2025)
    assert target.target_year == 2035


def test_a_year_of_the_republic_in_traditional_text_is_read() -> None:
    (target,) = read("經建會今天公布,民國118年經濟成長率目標為3%。", year=2026)
    assert target.target_year == 2029


def test_a_span_of_republic_years_gives_its_last_year() -> None:
    (target,) = read("國土署表示,未來116年到117年預計再興辦2.4萬戶社宅。", year=2026)
    assert target.target_year == 2028


def test_a_past_republic_year_is_the_past() -> None:
    assert read("國土署表示,106年到114年已興辦9.8萬戶社宅。", year=2026) == []


def test_a_count_of_years_in_simplified_text_is_no_republic_year() -> None:
    (target,) = read("到2030年，全市累计培育科技型企业120家，庆祝建党110年。", year=2026)
    assert target.target_year == 2030



# --- eighth round (recall6): the year's plan figure and a target restated inside a result ------------


def test_the_years_plan_figure_in_a_progress_report_is_its_target() -> None:
    text = "2026年共安排县重点项目40个。40个重点项目全年计划完成投资45.6亿元，1-6月累计完成投资20.1亿元，完成年度投资计划的44.1%。"
    assert values(read(text, year=2026)) == [(45.6, "亿元")]


def test_the_years_plan_figure_keeps_the_year_the_report_is_about() -> None:
    text = "2025年，全县重点工程共28项，当年计划投资51.3亿元。1-12月份完成投资60.2亿元。"
    (target,) = read(text, year=2026)
    assert target.target_year == 2025


def test_a_share_of_the_years_plan_is_no_plan_figure() -> None:
    assert read("1-5月全县重点项目完成投资12亿元，占年度投资计划41.5%。", year=2026) == []


def test_a_target_named_inside_a_result_is_restated() -> None:
    text = "今年前三季度全区新增就业2.1万人，提前超额完成2万人的年度目标任务。"
    assert values(read(text, year=2026)) == [(20000.0, "人")]


def test_a_growth_target_named_before_target_tasks_is_restated() -> None:
    text = "上半年，全县围绕地区生产总值年度增长5.5%目标任务，建立经济运行调度机制。"
    assert values(read(text, year=2026)) == [(5.5, "%")]


def test_a_target_inside_a_purpose_is_still_restated() -> None:
    text = "上半年全市地区生产总值同比增长5.2%，为实现全年增长5%左右的预期目标打下了坚实基础。"
    assert [(t.value, t.qualifier) for t in read(text, year=2026)] == [(5.0, "左右")]


def test_doubling_to_a_share_by_a_future_year_is_a_goal() -> None:
    text = "到2028年，研發開支要倍增至佔GDP的2%。"
    assert values(read(text, year=2026)) == [(2.0, "倍"), (2.0, "%")]


def test_bei_sheng_is_a_multiple() -> None:
    text = "政府目標在2030年前把飛機維修產業的產值倍升。"
    assert values(read(text, year=2026)) == [(2.0, "倍")]


def test_rising_to_a_level_is_still_a_result() -> None:
    assert read("2025年全市高新技术企业增至3200家。", year=2026) == []


def test_the_years_own_count_after_a_committed_year_is_a_task() -> None:
    text = "2026年，本区将继续优化营商环境，实现签约项目达到120个。年度新增规上工业企业不少于30家。"
    assert values(read(text, year=2026)) == [(120.0, "个"), (30.0, "家")]


def test_the_years_own_count_without_a_committed_year_before_stays_a_fact() -> None:
    assert read("2026年1月，本区召开企业座谈会。年度新增规上工业企业不少于30家。", year=2026) == []


def test_doubling_in_the_name_of_an_event_is_no_multiple() -> None:
    assert read("2026年，区里将举办倍增赶超合作大会，邀请各方伙伴参加。", year=2026) == []


def test_the_mark_a_goal_aims_at_is_a_value_in_yi_yuan() -> None:
    assert values(read("到2030年，全市数字经济规模冲击千亿大关。", year=2026)) == [(1000.0, "亿元")]


def test_a_scale_word_a_goal_heads_for_without_a_digit_is_read() -> None:
    assert values(read("到2030年，全区工业总产值向千亿元迈进。", year=2026)) == [(1000.0, "亿元")]


def test_heading_for_thousands_of_homes_is_no_money() -> None:
    assert read("到2030年，数字服务向千家万户延伸。", year=2026) == []


# --- eighth round (recall6): Taiwan's 訂出 / 目前 / 預估 --------------------------------------------


def test_a_statistics_office_estimate_written_yugu_is_a_forecast() -> None:
    assert read("主計總處預估明年經濟成長率為2.9%。", year=2025) == []


def test_a_projection_written_tuigu_is_a_forecast() -> None:
    assert read("根據國發會推估，至2035年總人口將少於2,250萬人。", year=2025) == []


def test_targets_as_now_set_are_no_past() -> None:
    (target,) = read("國發會主委表示，目前訂出經濟成長目標為百分之二至二點五。", year=2026)
    assert (target.value, target.value_high) == (2.0, 2.5)


def test_the_present_without_setting_is_still_the_past() -> None:
    assert read("國發會主委表示，目前經濟成長率為百分之二點八。", year=2026) == []


def test_a_range_in_chinese_numerals_before_meiyuan_is_read() -> None:
    (target,) = read("國發會訂出的今年目標中，人均GDP可達三萬四千一百到三萬四千五百美元。", year=2026)
    assert (target.value, target.value_high) == (pytest.approx(3.41e-4), pytest.approx(3.45e-4))


def test_so_far_is_the_past() -> None:
    assert read("我們會確保投放足夠資源，至今的承擔額超過九百億元。", year=2026) == []


def test_by_the_end_of_this_year_is_no_so_far() -> None:
    (target,) = read("至今年底，全市将新建充电桩3000个。", year=2026)
    assert target.target_year == 2026


def test_money_set_aside_for_a_named_fund_is_no_target() -> None:
    assert read("政府明年會設立80億元「產學研協作基金」，資助大學研發團隊。", year=2026) == []


def test_money_a_goal_names_before_a_quoted_word_is_still_a_target() -> None:
    assert values(read("到2028年，全市“专精特新”企业营业收入达到800亿元。", year=2026)) == [(800.0, "亿元")]


def test_fiscal_years_counted_from_one_end_in_the_last() -> None:
    (target,) = read("在2027／28年度起的五年，公營房屋建屋量將達20萬個單位。", year=2026)
    assert target.target_year == 2032


def test_next_year_and_the_year_after_give_the_later() -> None:
    (target,) = read("明、後年可供出租的社宅將達4.2萬戶。", year=2026)
    assert target.target_year == 2028


def test_hou_nian_inside_jin_hou_is_no_year() -> None:
    (target,) = read("到2030年，今后年均新增就业岗位1.5万个。", year=2026)
    assert target.target_year == 2030


# --- eighth round, third part (recall7) ------------------------------------------------------


def test_halving_is_a_decrease_of_half() -> None:
    (target,) = read("到2028年，全县农村生活垃圾填埋量至少减半。", year=2025)
    assert (target.value, target.unit, target.kind, target.target_year) == (50.0, "%", "decrease", 2028)


def test_reducing_by_one_half_is_a_decrease_of_half() -> None:
    (target,) = read("力争到2030年，全市单位产值用水量减少一半。", year=2025)
    assert (target.value, target.unit, target.kind) == (50.0, "%", "decrease")


def test_halving_in_traditional_characters_is_read() -> None:
    (target,) = read("到2029年，全港交通事故傷亡個案至少減半。", year=2026)
    assert (target.value, target.kind) == (50.0, "decrease")


def test_a_tax_levied_at_half_is_no_decrease_target() -> None:
    assert read("对小微企业的房产税减半征收，政策延续至2027年底。", year=2025) == []


def test_the_issuers_own_estimate_in_its_work_plan_is_a_target() -> None:
    targets = read("本街道年度工作计划：预计全年新建社区食堂6个，培训养老护理员不少于150人次。", year=2026)
    assert values(targets) == [(6.0, "个"), (150.0, "人次")]


def test_an_estimate_of_the_year_outside_a_plan_stays_a_forecast() -> None:
    assert read("据初步测算，预计全年新建社区食堂6个，培训养老护理员不少于150人次。", year=2026) == []


# --- fix round (fixreader): numbers, 后年, rates of work, completion and gaps ------------------------


def test_digits_with_wan_and_a_thousands_remainder_are_one_number() -> None:
    assert values(read("到2028年，全区累计建设共享充电桩2万1千个。", year=2025)) == [(21000.0, "个")]


def test_wan_and_a_thousands_remainder_in_traditional_text_are_one_number() -> None:
    assert values(read("到2028年，全區累計建設共享充電樁2萬1千个。", year=2025)) == [(21000.0, "个")]


def test_a_digit_remainder_of_wan_with_a_leading_zero_is_read() -> None:
    assert parse_quantity("3万0600人") == Quantity(value=30600.0, unit="人", raw="3万0600人")


def test_a_year_after_a_space_never_joins_the_number_before() -> None:
    assert values(read("今年力争新增灵活就业8万 2027年实现街道全覆盖。", year=2025)) == [(80000.0, "人")]


def test_a_tab_after_wan_keeps_the_next_number_apart() -> None:
    assert prepare("培训人数\t4万\t2600").text == "培训人数4万 2600"


def test_hounian_after_a_project_is_built_is_no_year() -> None:
    (target,) = read("新建智能工厂项目，确保建成后年产值达到12亿元。", year=2025)
    assert target.target_year is None


def test_hounian_after_production_starts_is_no_year() -> None:
    (target,) = read("产业园力争投产后年销售收入突破30亿元。", year=2025)
    assert target.target_year is None


def test_hounian_as_a_word_of_its_own_is_the_year_after_next() -> None:
    (target,) = read("到后年，全镇农产品网络零售额增长12%。", year=2025)
    assert target.target_year == 2027


def test_hounian_after_mingnian_is_the_year_after_next() -> None:
    (target,) = read("明年、后年全镇农产品网络零售额增长12%。", year=2025)
    assert target.target_year == 2027


def test_a_rate_of_projects_started_is_a_level() -> None:
    (target,) = read("到2027年，市级重大项目开工率达到92%。", year=2025)
    assert target.kind == "level"


def test_a_rate_of_renovation_is_a_level() -> None:
    (target,) = read("到2028年，城镇老旧小区改造率达到100%。", year=2025)
    assert target.kind == "level"


def test_a_share_of_work_started_is_a_level() -> None:
    (target,) = read("到2028年，开工建设的保障性住房占比达到35%。", year=2025)
    assert target.kind == "level"


def test_a_count_of_renovations_stays_an_increment() -> None:
    (target,) = read("到2028年，改造城镇老旧小区120个。", year=2025)
    assert target.kind == "increment"


def test_the_share_of_the_years_plan_done_is_no_target() -> None:
    assert read("1-10月，全县年度计划完成81.6%，较上年同期加快。", year=2025) == []


def test_the_amount_the_years_plan_sets_stays_a_target() -> None:
    assert values(read("1-10月，全县年度计划完成投资76.4亿元。", year=2025)) == [(76.4, "亿元")]


def test_a_growth_that_missed_the_target_is_no_target() -> None:
    assert read("前三季度全县社会消费品零售总额增长3.9%未达到预期目标。", year=2025) == []


def test_a_growth_below_the_years_target_is_no_target() -> None:
    assert read("全县社会消费品零售总额增长3.9%低于年度目标。", year=2025) == []


def test_a_fee_charged_at_half_is_no_decrease_target() -> None:
    assert read("到2027年，对初创企业的检测费用减半收费。", year=2025) == []


def test_a_rule_applied_at_half_is_no_decrease_target() -> None:
    assert read("到2027年，夜间停车费减半执行。", year=2025) == []


def test_more_than_half_keeps_its_qualifier() -> None:
    (target,) = read("到2028年，全县农药使用量减少一半以上。", year=2025)
    assert target.qualifier == "以上"


def test_from_now_into_the_coming_period_is_no_past() -> None:
    assert values(read("当前至今后一个时期，全县研发投入强度力争达到3.2%。", year=2025)) == [(3.2, "%")]


def test_the_number_of_a_box_stays_apart_from_the_count_after_it() -> None:
    assert prepare("详见专栏4 120个重点项目").text == "详见专栏4 120个重点项目"


def test_the_number_of_a_table_stays_apart_from_the_count_after_it() -> None:
    assert prepare("附表3 450家企业名单").text == "附表3 450家企业名单"


def test_qian_of_kilovolts_is_no_scale() -> None:
    quantity = parse_quantity("110千伏")
    assert quantity is not None and quantity.value == 110.0



def test_an_anniversary_in_traditional_text_is_no_republic_year() -> None:
    (target,) = read("經建會表示，慶祝建黨100年之際，研發經費成長目標為8%。", year=2026)
    assert target.target_year is None


def test_an_anniversary_close_to_the_documents_year_is_no_republic_year() -> None:
    (target,) = read("經建會表示，慶祝建黨105年之際，研發經費成長目標為8%。", year=2018)
    assert target.target_year is None


def test_a_republic_year_of_one_hundred_and_ten_after_minguo_is_read() -> None:
    (target,) = read("經建會表示，民國110年研發經費成長目標為8%。", year=2018)
    assert target.target_year == 2021


# --- ninth round: a deadline closing the sentence -------------------------------------------


def test_a_deadline_closing_the_sentence_dates_the_values_before_it() -> None:
    found = read("市住建局表示，全市筹集保障性租赁住房3万套、改造老旧小区200个，2028年前完成。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(30000.0, 2028), (200.0, 2028)]


def test_a_goal_to_be_reached_by_a_year_named_last_is_read_in_traditional_text() -> None:
    found = read("住都署說，社宅45萬戶與包租代管30萬戶兩項，目標要在2031年達成。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(450000.0, 2031), (300000.0, 2031)]


def test_a_deadline_in_the_year_under_way_is_still_to_come() -> None:
    found = read("全区新增托育服务机构12家、托位600个，2026年底前全部到位。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(12.0, 2026), (600.0, 2026)]


def test_a_deadline_already_past_closes_a_result() -> None:
    assert read("该园区新建标准厂房3万平方米，2020年前完成。", year=2026) == []


def test_a_bare_year_closing_a_sentence_is_no_deadline() -> None:
    assert read("全市新建标准厂房3万平方米，2028年。", year=2026) == []


def test_a_year_named_before_the_values_keeps_them() -> None:
    found = read("2027年，全县新建村级养老服务站40个，2029年前完成。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(40.0, 2027)]


# --- ninth round: the years ahead from a copy dated late in its year ------------------------


def read_dated(text: str, year: int, month: int | None) -> list[Target]:
    reader = TargetReader(DocumentContext(reference_year=year, reference_month=month))
    return reader.read(Paragraph(text=text, segments=((0, 1),)), SectionHint(path="1"))


def test_five_years_ahead_from_an_autumn_copy_end_five_years_on() -> None:
    (target,) = read_dated("特区政府提出，未来五年引进重点科创企业不少于150家。", 2025, 10)
    assert target.target_year == 2030


def test_five_years_ahead_from_a_spring_report_count_the_year_under_way() -> None:
    (target,) = read_dated("特区政府提出，未来五年引进重点科创企业不少于150家。", 2025, 3)
    assert target.target_year == 2029


def test_years_within_from_an_autumn_copy_end_that_many_years_on() -> None:
    (target,) = read_dated("省里启动强链工程，3年内培育千亿级产业集群4个。", 2024, 9)
    assert target.target_year == 2027


def test_a_news_dateline_gives_the_copys_month() -> None:
    plan = parse_text("中新网成都9月18日电 记者从省经信厅获悉，全省5年内将培育专精特新企业2000家。\n", name="copy.txt")
    assert dateline_month(plan.paragraphs) == 9


def test_a_date_inside_a_sentence_is_no_dateline() -> None:
    plan = parse_text("全省5年内将培育专精特新企业2000家，条例自10月1日起施行。\n", name="copy.txt")
    assert dateline_month(plan.paragraphs) is None


def test_a_publication_date_line_gives_the_copys_month() -> None:
    plan = parse_text("发布时间：2025-09-05\n全省5年内将培育专精特新企业2000家。\n", name="copy.txt")
    assert dateline_month(plan.paragraphs) == 9


def test_a_date_line_joined_to_the_text_below_gives_the_copys_month() -> None:
    plan = parse_text("省报· 2025-10-17 14:24\n全省5年内将培育专精特新企业2000家\n", name="copy.txt")
    assert dateline_month(plan.paragraphs) == 10


def test_a_copy_published_in_november_reads_its_years_ahead_from_the_next_year() -> None:
    plan = parse_text("发布日期：2023-11-03\n湖北提出，未来三年全省新增高新技术企业5000家。\n", name="copy.txt")
    targets, _, _ = extract_targets(plan, context=replace(document_context(plan), reference_year=2023))
    assert [(t.value, t.target_year) for t in targets] == [(5000.0, 2026)]


def test_a_dated_news_copy_reads_its_years_ahead_from_the_next_year() -> None:
    plan = parse_text("新华社武汉11月3日电 湖北提出，未来三年全省新增高新技术企业5000家。\n", name="copy.txt")
    targets, _, _ = extract_targets(plan, context=replace(document_context(plan), reference_year=2023))
    assert [(t.value, t.target_year) for t in targets] == [(5000.0, 2026)]


# --- ninth round: one vocabulary of building work ---------------------------------------------


def test_laying_cable_counts_what_the_period_adds() -> None:
    (target,) = read("到2027年，铺设农村供水管网650公里。", year=2026)
    assert target.kind == "increment"


def test_new_starts_open_a_task_in_an_undated_work_plan() -> None:
    assert values(read("新开工城市更新项目36个。")) == [(36.0, "个")]


def test_new_starts_after_the_documents_year_commit_it() -> None:
    (target,) = read("全县2026年新开工农村公路改造项目45个。", year=2026)
    assert target.target_year == 2026


def test_renovation_alone_after_the_documents_year_commits_nothing() -> None:
    assert read("全县2026年改造农村公路45条。", year=2026) == []


# --- ninth round: a headline restating the body's value ----------------------------------------


def news_targets(text: str) -> list[tuple[str, float | None, float | None, int | None]]:
    found, _, _ = extract_targets(parse_text(text, name="news.txt"))
    return [(t.indicator, t.value, t.value_high, t.target_year) for t in found]


def test_a_headline_restating_the_bodys_value_is_the_bodys_target() -> None:
    text = "全市今年将新增学位2.4万个\n\n2026-03-02 来源：市教育局\n\n记者获悉，2026年全市计划新增中小学学位2.4万个。\n"
    assert news_targets(text) == [("新增中小学学位", 24000.0, None, 2026)]


def test_a_headline_takes_the_year_the_body_gives() -> None:
    text = "特区未来五年建屋量达12万个单位\n\n特区政府表示，在2027/28年度起的五年，公营房屋建屋量将达12万个单位。\n"
    assert news_targets(text) == [("公营房屋建屋量", 120000.0, None, 2032)]


def test_a_headline_giving_the_upper_end_of_the_bodys_range_is_the_range() -> None:
    text = "省里今年经济增长目标3.5%\n\n省发改委表示，今年全省经济增长目标为3%至3.5%。\n"
    assert [(value, high) for _, value, high, _ in news_targets(text)] == [(3.0, 3.5)]


def test_a_headline_the_body_does_not_restate_stays_a_target() -> None:
    text = "全县今年新增就业岗位8000个\n\n县人社局介绍，全县将开展职业技能培训1.2万人次。\n"
    assert [value for _, value, _, _ in news_targets(text)] == [8000.0, 12000.0]


def test_items_of_a_list_one_a_line_are_no_headlines() -> None:
    text = "2027年主要目标\n\n新增孵化器30个\n新增众创空间50个\n\n到2027年，全市新建科技园区30个。\n"
    assert [name for name, _, _, _ in news_targets(text)] == ["新增孵化器", "新增众创空间", "新建科技园区"]


def test_a_year_and_a_half_from_an_autumn_copy_ends_two_years_on() -> None:
    (target,) = read_dated("特区政府表示，未来一年半内将建成过渡性房屋8000个。", 2025, 9)
    assert target.target_year == 2027


def test_a_year_and_a_half_from_a_spring_copy_ends_the_next_year() -> None:
    (target,) = read_dated("特区政府表示，未来一年半内将建成过渡性房屋8000个。", 2025, 3)
    assert target.target_year == 2026


def test_a_deadline_after_the_value_in_its_clause_dates_it() -> None:
    found = read("今年底前完成改造老旧小区300个，另外新建公租房5000套将在2028年前全部建成。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(300.0, 2026), (5000.0, 2028)]
# --- a list of the year's pledged works (民生实事) ------------------------------------------


def test_a_pledge_list_title_makes_its_items_the_years_targets() -> None:
    found = read("2027年县政府为民办实事项目\n改造提升3个乡镇敬老院;\n建设农村公路28公里。", year=2027)
    assert values(found) == [(3.0, "个"), (28.0, "公里")]


def test_the_items_of_a_pledge_list_take_the_year_its_title_names() -> None:
    found = read("2027年县政府为民办实事项目\n改造提升3个乡镇敬老院;", year=2027)
    assert [t.target_year for t in found] == [2027]


def test_a_pledge_list_reported_done_is_no_goals_title() -> None:
    assert read("2026年县政府民生实事项目全部完成\n改造提升3个乡镇敬老院;", year=2027) == []


def read_copy(text: str, year: int) -> list[Target]:
    """A whole copy through ingest (its lines cleaned and joined), read with its own year known."""
    plan = parse_text(text, name="digest.txt")
    found, _, _ = extract_targets(plan, context=replace(document_context(plan), reference_year=year))
    return found


def test_each_item_of_a_digest_split_by_spaces_is_read() -> None:
    found = read_copy("白水县2027年民生实事一览 - 整治排水沟渠3.2千米 新铺人行道1.5千米 [1] - 新建社区书屋6个 [2]\n", 2027)
    assert values(found) == [(3.2, "千米"), (1.5, "千米"), (6.0, "个")]


def test_an_item_of_a_digest_is_named_by_its_own_words() -> None:
    found = read_copy("白水县2027年民生实事一览 - 整治排水沟渠3.2千米 新铺人行道1.5千米 [1]\n", 2027)
    assert [t.indicator for t in found] == ["整治排水沟渠", "新铺人行道"]


def test_the_reference_marks_of_a_digest_are_no_numbers() -> None:
    found = read_copy("白水县2027年民生实事一览 [1] - 新建社区书屋6个 [2][3] - 新增公交线路4条 [4]\n", 2027)
    assert values(found) == [(6.0, "个"), (4.0, "条")]


def test_a_digest_line_keeps_one_space_between_its_items() -> None:
    assert clean_line("新铺人行道1.5千米  新建社区书屋6个 [2]") == "新铺人行道1.5千米 新建社区书屋6个 [2]"


def test_spaces_inside_chinese_words_of_an_ordinary_line_are_dropped() -> None:
    assert clean_line("新建社区 书屋6个 改造电梯40台") == "新建社区书屋6个改造电梯40台"


def test_a_pledge_list_named_in_its_sentence_commits_the_items_after_it() -> None:
    found = read("2027年区民生实事项目:新建社区书屋6个,改造老旧电梯40台。", year=2027)
    assert [(t.value, t.target_year) for t in found] == [(6.0, 2027), (40.0, 2027)]


def test_the_date_a_pledge_list_was_chosen_is_not_its_items_time() -> None:
    found = read("2027年区民生实事项目确定,项目征集自2026年10月开始,改造老旧电梯40台。", year=2027)
    assert [(t.value, t.target_year) for t in found] == [(40.0, 2027)]


def test_the_size_of_a_pledged_list_is_not_a_target() -> None:
    assert read("今年全区共9个项目被列入2027年区民生实事项目。", year=2027) == []


def test_a_list_drawn_up_beside_the_plan_keeps_the_year_it_names() -> None:
    found = read("2027年,全市重点项目清单结合“十五五”规划,谋划一批项目,年度计划投资300亿元。", year=2027)
    assert [(t.value, t.target_year) for t in found] == [(300.0, 2027)]


def test_a_plan_worked_beside_names_no_time_for_the_values_after_it() -> None:
    assert read("全县项目清单衔接“十五五”规划,首批项目总投资80亿元。", year=2027) == []


def test_work_that_lengthens_a_line_is_no_specification() -> None:
    assert values(read("2027年,全市将延长地铁线路12公里。", year=2027)) == [(12.0, "公里")]


def test_the_number_of_a_list_item_is_not_its_name() -> None:
    found = read("2027年县政府为民办实事项目\n1. 完成8个社区食堂升级改造;\n3、新建口袋公园4个。", year=2027)
    assert [t.indicator for t in found] == ["社区食堂升级改造", "新建口袋公园"]


def test_those_a_service_is_for_name_the_count() -> None:
    found = read("2027年县政府为民办实事项目\n2. 为600名高龄老人提供助餐服务;", year=2027)
    assert [t.indicator for t in found] == ["高龄老人"]


def test_the_works_listed_after_qizhong_in_brackets_are_each_a_target() -> None:
    found = read("2027年县政府为民办实事项目\n1. 完成农村危桥改造9座(其中:2座四类危桥、7座窄桥);", year=2027)
    assert [(t.value, t.target_year) for t in found] == [(9.0, 2027), (2.0, 2027), (7.0, 2027)]


def test_a_work_listed_after_qizhong_is_named_by_what_follows_its_count() -> None:
    found = read("2027年县政府为民办实事项目\n1. 完成农村危桥改造9座(其中:2座四类危桥、7座窄桥);", year=2027)
    assert [t.indicator for t in found[1:]] == ["四类危桥", "窄桥"]


def test_a_level_reached_named_after_it_with_de_is_a_target() -> None:
    found = read("力争2028年达成每年150MW的储能新增装机量。", year=2026)
    assert [(t.value, t.unit, t.target_year) for t in found] == [(150.0, "MW", 2028)]


def test_a_level_reached_is_named_by_the_measure_after_de() -> None:
    found = read("力争2028年达成每年150MW的储能新增装机量。", year=2026)
    assert [t.indicator for t in found] == ["储能新增装机量"]


def test_a_threshold_reached_by_those_named_after_it_stays_a_threshold() -> None:
    assert read("2027年,支持营业收入达到1亿元的企业上市。", year=2026) == []


def read_titled(text: str, title: str, year: int) -> list[Target]:
    reader = TargetReader(DocumentContext(reference_year=year, title=title))
    return reader.read(Paragraph(text=text, segments=((0, 1),)), SectionHint(path="1"))


def test_a_copy_titled_as_the_years_pledged_list_reads_its_items_as_targets() -> None:
    found = read_titled("免费为8万名老人提供健康体检。新增公办托位3000个。", "临江市2027年十件民生实事", 2027)
    assert [(t.value, t.target_year) for t in found] == [(80000.0, 2027), (3000.0, 2027)]


def test_a_title_naming_another_years_pledged_list_commits_nothing() -> None:
    assert read_titled("免费为8万名老人提供健康体检。新增公办托位3000个。", "临江市2026年十件民生实事", 2027) == []


def test_a_funding_standard_per_head_is_not_a_target() -> None:
    found = read_titled("新增公办托位3000个,托育机构运营经费每人每年不低于600元。", "临江市2027年十件民生实事", 2027)
    assert values(found) == [(3000.0, "个")]


def test_the_total_investment_of_a_project_list_is_not_a_target() -> None:
    found = read("2027年,全市将扩大有效投资,项目总投资超3000亿元,年度计划投资约620亿元。", year=2027)
    assert values(found) == [(620.0, "亿元")]


def test_the_size_of_a_project_list_given_with_its_total_is_not_a_target() -> None:
    assert read("今年全市安排总投资2800亿元的重点建设项目310个。", year=2027) == []


def test_a_sectors_investment_goal_is_still_a_target() -> None:
    assert values(read("到2030年,全省交通总投资将达到6000亿元。", year=2026)) == [(6000.0, "亿元")]


def test_a_count_before_another_verbs_value_is_its_own_target() -> None:
    found = read("到2028年辅导5万家企业、创造200亿元产值。", year=2026)
    assert values(found) == [(50000.0, "家"), (200.0, "亿元")]


def test_a_threshold_inside_a_name_before_its_count_stays_a_threshold() -> None:
    assert values(read("到2027年建成2万平方米以上孵化器超150个。", year=2026)) == [(150.0, "个")]


def test_a_step_committed_from_the_present_level_is_a_target() -> None:
    found = read("规划期内,全省公共充电桩将由现时约2万个增至5万个。", year=2026)
    assert [(t.value, t.baseline_value) for t in found] == [(50000.0, 20000.0)]


def test_the_present_level_a_step_starts_from_is_not_in_the_name() -> None:
    found = read("规划期内,全省公共充电桩将由现时约2万个增至5万个。", year=2026)
    assert [t.indicator for t in found] == ["公共充电桩"]


def test_a_rise_told_of_a_past_year_stays_a_result() -> None:
    assert read("2025年,全省公共充电桩由2万个增至5万个。", year=2026) == []


def test_the_length_of_a_project_is_its_specification() -> None:
    found = read("2027年区民生实事项目:改造滨河路,长度约650米,新建社区书屋6个。", year=2027)
    assert values(found) == [(6.0, "个")]


# --- computing power (算力) -------------------------------------------------------------------


def test_pflops_written_in_mixed_case_is_one_unit() -> None:
    quantity = parse_quantity("1200PFlops")
    assert quantity is not None and (quantity.value, quantity.unit) == (1200.0, "PFLOPS")


def test_p_after_a_number_of_computing_power_is_pflops() -> None:
    quantity = parse_quantity("智算规模达到600P")
    assert quantity is not None and (quantity.value, quantity.unit) == (600.0, "PFLOPS")


def test_eflops_is_a_thousand_pflops() -> None:
    quantity = parse_quantity("算力总规模突破2.5EFLOPS")
    assert quantity is not None and (quantity.value, quantity.unit) == (2500.0, "PFLOPS")


def test_a_computing_power_goal_keeps_its_whole_unit() -> None:
    assert values(read("到2028年，全市智算规模达到1200PFlops。", year=2026)) == [(1200.0, "PFLOPS")]
# --- Chinese numerals of the Taiwan and Hong Kong press (fresh6 study, docs/target-misses-fresh6.md) ---------------


def test_tenths_in_chinese_numerals_are_a_share() -> None:
    assert values(read("到2027年，全县义务教育学校标准化率达到九成。", year=2025)) == [(90.0, "%")]


def test_twenty_written_nian_is_a_numeral() -> None:
    assert values(read("到2027年，全市公交電動化比例達到百分之廿。", year=2025)) == [(20.0, "%")]


def test_copies_of_an_agreement_are_counted_in_fen() -> None:
    assert values(read("到2027年，与其他地区签订合作备忘录的数目增加至30份。", year=2025)) == [(30.0, "份")]


def test_a_year_of_the_republic_in_chinese_digits_is_read() -> None:
    (target,) = read("市府表示，一一六年將完工社會住宅2000戶。", year=2025)
    assert target.target_year == 2027


def test_a_past_year_of_the_republic_in_chinese_digits_is_the_past() -> None:
    assert read("市府表示，一一三年已完工社會住宅2000戶。", year=2025) == []


def test_a_year_of_the_republic_written_with_a_zero_is_read() -> None:
    (target,) = read("縣府表示，民國一零八年將完工社會住宅800戶。", year=2017)
    assert target.target_year == 2019


# --- a notice's year named once for its plan figures (fresh6 study, B1) -------------------------------------------


def test_an_investment_target_of_the_documents_year_is_read() -> None:
    assert values(read("2025年,全省水利建设投资目标800亿元。", year=2025)) == [(800.0, "亿元")]


def test_planned_investments_listed_under_the_documents_year_are_read() -> None:
    found = read("2025年,全省水运建设涉及项目17个。其中:续建项目计划完成投资58.1亿元,新开工项目计划完成投资1.9亿元。", year=2025)
    assert values(found) == [(58.1, "亿元"), (1.9, "亿元")]


# --- the years just gone (fresh6 study, X1) -----------------------------------------------------------------------


def test_ten_years_gone_make_a_from_to_a_result() -> None:
    assert read("新院区希望2028年完成。十年来，照护据点从300处增加到1200处。", year=2025) == []


def test_a_programme_run_for_ten_years_reports_results() -> None:
    assert read("新院区希望2028年完成。该计划历经10年，服务人数从9万人增加到60万人。", year=2025) == []


def test_a_projection_by_trend_is_no_target() -> None:
    assert read("按目前趋势推算，2030年或有逾40万辆电动车。", year=2026) == []


def test_an_amount_expected_to_reach_shang_kan_is_no_target() -> None:
    assert read("财政部指出，今年民间投资公共建设金额上看300亿元。", year=2025) == []


def test_rates_listed_before_one_share_each_reach_it() -> None:
    found = read("到2025年，畜禽粪污资源化利用率、农膜回收利用率达到85%以上。", year=2021)
    assert [t.indicator for t in found] == ["畜禽粪污资源化利用率", "农膜回收利用率"]


def test_counts_listed_before_one_value_stay_one_target() -> None:
    assert len(read("到2025年，高新技术企业、科技型中小企业数量达到500家。", year=2021)) == 1


# --- the kind of a target by its language (DEV-README item 6) ----------------------------------


def test_building_in_the_years_plan_is_an_increment() -> None:
    (target,) = read("今年，全区建设城市口袋公园12个。", year=2025)
    assert target.kind == "increment"


def test_cultivating_firms_by_a_later_year_is_an_increment() -> None:
    (target,) = read("到2027年，培育市级专精特新企业80家。", year=2024)
    assert target.kind == "increment"


def test_work_completed_in_a_measure_is_an_increment() -> None:
    (target,) = read("今年完成中小河流清淤45公里。", year=2025)
    assert target.kind == "increment"


def test_people_trained_are_an_increment() -> None:
    (target,) = read("今年实施职业技能提升培训8000人次。", year=2025)
    assert target.kind == "increment"


def test_people_attracted_are_an_increment() -> None:
    (target,) = read("到2026年，吸引青年人才5万人来本市就业。", year=2024)
    assert target.kind == "increment"


def test_new_employment_inside_the_name_is_an_increment() -> None:
    (target,) = read("今年全县城镇新增就业6500人。", year=2025)
    assert target.kind == "increment"


def test_a_work_verb_carries_to_the_next_value_of_its_name() -> None:
    found = read("今年全区新开工改造老旧小区45个、1.2万户。", year=2025)
    assert [t.kind for t in found] == ["increment", "increment"]


def test_built_by_a_later_year_is_the_stock_then() -> None:
    (target,) = read("到2027年，全市建成公共充电桩2万个。", year=2024)
    assert target.kind == "level"


def test_built_in_the_documents_own_year_is_that_years_completions() -> None:
    (target,) = read("今年全市建成公共充电桩3000个。", year=2025)
    assert target.kind == "increment"


def test_a_verb_of_reaching_after_the_work_verb_makes_a_level() -> None:
    (target,) = read("到2027年，创建的省级数字化车间突破60个。", year=2024)
    assert target.kind == "level"


def test_a_measured_quantity_named_by_a_verb_is_a_level() -> None:
    (target,) = read("到2026年，全市发明专利申请量3万件。", year=2024)
    assert target.kind == "level"


def test_a_development_zone_is_no_work_done() -> None:
    (target,) = read("到2027年，全市国家级开发区8个。", year=2024)
    assert target.kind == "level"


def test_land_for_construction_is_no_work_done() -> None:
    (target,) = read("今年全市城市建设用地控制在320平方公里以内。", year=2025)
    assert target.kind == "level"


def test_a_change_of_a_named_stock_is_no_increment() -> None:
    (target,) = read("到2027年，医疗床位再增加3000张。", year=2024)
    assert target.kind == "level"


def test_money_invested_in_the_year_is_a_level() -> None:
    (target,) = read("今年全市完成固定资产投资850亿元。", year=2025)
    assert target.kind == "level"


def test_a_total_investment_named_with_its_period_is_cumulative() -> None:
    (target,) = read("“十五五”期间全市交通总投资1200亿元。", year=2026)
    assert target.kind == "cumulative"


def test_cumulative_wins_over_new() -> None:
    (target,) = read("到2027年，累计新增5G基站1.2万个。", year=2024)
    assert target.kind == "cumulative"


def test_a_share_of_new_firms_is_a_level() -> None:
    (target,) = read("到2027年，新增规上企业中制造业企业占比达到60%。", year=2024)
    assert target.kind == "level"


def test_a_growth_rate_named_as_such_is_annual_growth() -> None:
    (target,) = read("今年经济成长率为3%。", year=2025)
    assert target.kind == "annual_growth"


def test_a_rise_of_prices_is_annual_growth() -> None:
    (target,) = read("今年消费者物价上涨率控制在2%以内。", year=2025)
    assert target.kind == "annual_growth"


def test_the_average_of_a_rate_is_a_level() -> None:
    (target,) = read("2026至2028年，城镇调查失业率平均控制在5.5%以内。", year=2025)
    assert target.kind == "level"


def test_a_natural_growth_rate_of_population_is_a_level() -> None:
    (target,) = read("到2027年，人口自然增长率控制在0.3%以内。", year=2024)
    assert target.kind == "level"


def test_a_share_with_a_yearly_average_in_its_name_is_a_level() -> None:
    (target,) = read("“十五五”期间，洪涝灾害年均直接经济损失占地区生产总值比重控制在0.5%以内。", year=2026)
    assert target.kind == "level"


def test_a_yearly_fall_written_as_jiang_is_a_decrease() -> None:
    (target,) = read("到2027年，中小学生近视率每年降0.5%以上。", year=2024)
    assert target.kind == "decrease"


# --- names with clean boundaries (issue #11 item 2) ----------------------------------------------------------------


def names(text: str) -> list[str]:
    return [t.indicator for t in read(text, year=2026, period=(2026, 2030), goals=True)]


def test_an_estimate_word_before_the_value_takes_the_indicator_before_it() -> None:
    assert names("到2027年软件业务收入达到800亿元，2030年预计提高到1200亿元。")[1] == "软件业务收入"


def test_a_filler_before_the_value_names_what_is_counted_after_it() -> None:
    assert names("到2030年筹集保障性租赁住房5万套，还有1万户租赁补贴。")[1] == "租赁补贴"


def test_included_items_are_named_without_the_word_for_including() -> None:
    assert names("到2030年新增企业研发机构60家，包括20家省级企业技术中心。")[1] == "省级企业技术中心"


def test_a_time_span_after_the_copula_is_not_the_name() -> None:
    assert names("目标是未来三年培育200家专精特新企业。") == ["专精特新企业"]


def test_an_adverb_and_a_verb_alone_name_what_follows_the_number() -> None:
    assert names("到2030年全面完成300座病险水闸除险加固。") == ["病险水闸除险加固"]


def test_people_whose_problem_is_solved_are_what_is_counted() -> None:
    assert names("到2030年着力解决1.5万户农村居民的饮水问题。") == ["农村居民"]


def test_a_verb_that_gives_names_what_it_gives() -> None:
    assert names("到2030年提供约2万平方米的孵化场地。") == ["孵化场地"]


def test_an_increment_keeps_its_verbs_before_what_is_counted() -> None:
    assert names("到2030年还要新增培育5万名数字技能人才。") == ["新增培育数字技能人才"]


def test_a_city_before_an_increment_is_who_acts_not_the_name() -> None:
    assert names("到2030年，成都新建8个院士工作站。") == ["新建院士工作站"]


def test_a_province_and_its_commitment_before_the_verb_are_not_the_name() -> None:
    assert names("到2030年，江西力争全省建成20个文旅特色小镇。") == ["文旅特色小镇"]


def test_a_city_and_its_year_before_the_verb_are_not_the_name() -> None:
    assert names("杭州到2030年建成不少于5万张养老床位。") == ["养老床位"]


def test_a_first_batch_is_still_no_target() -> None:
    assert names("到2030年，首批建设12条中试线。") == []


def test_respective_growth_after_two_values_names_each_of_them() -> None:
    assert names("2030年接待游客2亿人次，旅游收入1800亿元，分别增长10%、12%。")[2:] == ["接待游客增长", "旅游收入增长"]


def test_a_headline_chrome_before_the_year_is_not_the_name() -> None:
    assert names("新华视点|2030年我国将累计建成15万个数字乡村示范点") == ["累计建成数字乡村示范点"]


def test_the_base_year_of_a_doubling_is_not_the_name() -> None:
    assert names("到2030年力争人均地区生产总值比2020年翻一番。") == ["人均地区生产总值"]


def test_a_commitment_inside_the_name_before_its_growth_is_left_out() -> None:
    assert names("到2030年，研发经费投入将年均增长12%以上。") == ["研发经费投入年均增长"]


def test_a_commitment_inside_the_name_before_its_yearly_rise_is_left_out() -> None:
    assert names("到2030年，研发投入强度每年要提高0.2个百分点。") == ["研发投入强度每年提高"]


def test_must_before_the_verb_is_not_part_of_the_name() -> None:
    assert names("到2030年，规上工业企业需达到1500家。") == ["规上工业企业"]


def test_on_average_after_the_name_keeps_its_word_whole() -> None:
    assert names("到2030年，经济增长率平均5%左右。") == ["经济增长率平均"]


def test_a_pronunciation_in_brackets_closed_after_a_space_is_not_part_of_the_name() -> None:
    assert names("到2030年，每千人口拥有(yǒu )执业医师3.5人。") == ["每千人口拥有执业医师"]


def test_by_next_year_before_the_verb_is_not_the_name() -> None:
    assert names("计划到明年要打造30个智慧工厂。") == ["智慧工厂"]


def test_all_of_them_after_the_name_is_not_part_of_it() -> None:
    assert names("到2030年，村集体经营性收入全部达到20万元以上。") == ["村集体经营性收入"]


def test_the_expected_after_the_name_is_not_part_of_it() -> None:
    assert names("到2030年，城镇新增就业的预期目标是60万人。") == ["城镇新增就业"]


def test_strive_written_the_taiwan_way_is_a_commitment_word() -> None:
    assert names("到2030年力拼经费执行率95%。") == ["经费执行率"]


def test_what_is_counted_may_open_with_latin_letters() -> None:
    assert names("到2030年要达成5万名AI工程师。") == ["AI工程师"]


def test_the_comparison_word_of_a_doubling_is_not_the_name() -> None:
    assert names("到2030年，城市绿道里程比增长近一倍。") == ["城市绿道里程"]


def test_each_place_having_one_names_the_place_and_what_it_has() -> None:
    assert names("到2030年，每个街道都建有1所社区养老服务中心。") == ["每个街道社区养老服务中心"]


def test_the_period_of_a_rate_after_its_verb_is_not_the_name() -> None:
    assert names("到2030年，社区食堂供餐能力达到每天约3万人次。") == ["社区食堂供餐能力"]


def test_the_copula_opening_a_lead_is_not_the_name() -> None:
    assert names("今年目标是经济增长6%左右。") == ["经济增长"]


def test_a_requirement_word_is_not_cut_in_half() -> None:
    assert names("要求到2030年数字乡村发展指数达到90。") == ["数字乡村发展指数"]


def test_also_including_before_the_name_is_not_part_of_it() -> None:
    assert names("到2030年，还包括农田灌溉水有效利用系数达到0.6。") == ["农田灌溉水有效利用系数"]


def test_set_written_the_taiwan_way_is_not_part_of_the_name() -> None:
    assert names("到2030年，订出出口成长率5%。") == ["出口成长率"]


def test_the_first_word_of_a_range_verb_is_not_part_of_the_name() -> None:
    assert names("到2030年，城镇调查失业率在5%以内。") == ["城镇调查失业率"]


def test_the_first_word_of_moving_towards_is_not_part_of_the_name() -> None:
    assert names("到2030年，高新技术企业数量向3000家迈进。") == ["高新技术企业数量"]


def test_a_verb_of_striving_after_the_name_is_not_part_of_it() -> None:
    assert names("到2030年，数字经济规模冲击万亿元大关。") == ["数字经济规模"]


def test_should_be_greater_than_is_not_part_of_the_name() -> None:
    assert names("到2030年，人均预期寿命应大于80岁。") == ["人均预期寿命"]


def test_a_bullet_before_the_name_is_not_part_of_it() -> None:
    assert names("2030年：●粮食产量1500万吨以上。") == ["粮食产量"]


def test_an_item_after_an_inner_bullet_is_named_alone() -> None:
    assert names("2030年：●居民收入增长与经济增长同步●粮食产量1500万吨以上。") == ["粮食产量"]


def test_a_pledge_inside_a_long_lead_starts_the_name() -> None:
    assert names("到2030年建设10条精品旅游线路力争游客接待量突破1亿人次。") == ["游客接待量"]


def test_a_pledge_before_a_growth_verb_keeps_the_name_before_it() -> None:
    assert names("到2030年，规模以上工业增加值力争年均增长8%。") == ["规模以上工业增加值年均增长"]


def test_a_filler_alone_in_a_new_sentence_takes_the_indicator_last_counted() -> None:
    assert names("到2030年软件业务收入达到800亿元。希望达到1000亿元。")[1] == "软件业务收入"


# --- words that end in a commitment character (供应, 内需) keep it -----------------------------


def test_supply_keeps_its_last_character_in_the_name() -> None:
    (target,) = read("2025年，全市电力供应达到500亿千瓦时。", year=2024)
    assert target.indicator == "电力供应"


def test_domestic_demand_keeps_its_need_character_before_the_verb() -> None:
    (target,) = read("到2025年，全市内需增长6%。", year=2024)
    assert target.indicator == "内需增长"


# --- a network's length is a quantity, a project's length its specification -------------------


def test_a_network_length_after_its_noun_is_a_target() -> None:
    assert values(read("到2027年，全省高速公路通车里程长达8000公里。", year=2024)) == [(8000.0, "公里")]


def test_a_total_length_reached_with_da_is_a_target_like_with_dadao() -> None:
    assert values(read("到2027年，全省高速公路总长达5000公里。", year=2024)) == [(5000.0, "公里")]


def test_a_rise_told_of_the_main_crops_in_a_goals_section_is_an_achievement() -> None:
    # 主要 holds 要 but commits to nothing: 由…增至… stays a result
    assert read("全市主要农作物产量由200万吨增至260万吨。", year=2024, goals=True) == []


def test_an_estimate_introduced_by_wei_is_no_beneficiary_lead() -> None:
    found = read("2025年，城镇调查失业率控制在5.5%以内。预计为5.3%。", year=2025, goals=True)
    assert (5.3, "%") in values(found)


def test_a_year_after_chrome_leaves_the_middle_of_the_next_word() -> None:
    (target,) = read("专栏1：2025年中小企业数量达到5万家。", year=2024)
    assert target.indicator == "中小企业数量"


def test_two_grades_joined_by_a_list_comma_are_no_list_number() -> None:
    (target,) = read("一、二级公路里程达到5000公里。", year=2024, goals=True)
    assert target.indicator == "一、二级公路里程"


# --- a work named before 等…民生实事 is a work of the list, not its size ----------------------------


def test_a_work_named_before_deng_minsheng_shishi_is_a_target() -> None:
    assert values(read("2025年，全市将完成100个老旧小区改造等民生实事。", year=2025)) == [(100.0, "个")]


def test_a_work_before_the_size_of_its_list_is_the_target_and_the_size_is_not() -> None:
    assert values(read("2025年，全市将新建30个社区食堂等10件民生实事。", year=2025)) == [(30.0, "个")]


def test_the_name_of_a_listed_work_ends_at_deng() -> None:
    (target,) = read("2025年，全市将新建30个社区食堂等10件民生实事。", year=2025)
    assert target.indicator == "新建社区食堂"


def test_a_traditional_title_of_the_years_pledged_list_reads_its_items_as_targets() -> None:
    found = read_titled("新增公办托位3000个。", "臨江市2027年十件民生實事", 2027)
    assert [(t.value, t.target_year) for t in found] == [(3000.0, 2027)]


def test_the_length_word_after_a_network_is_no_part_of_its_name() -> None:
    (target,) = read("到2027年，全省高速公路通车里程长达8000公里。", year=2024)
    assert target.indicator == "高速公路通车里程"


def test_a_manner_word_before_the_verb_leaves_the_name_to_what_follows_the_number() -> None:
    (target,) = read("到2027年，全县率先建成4个智慧社区示范街道。", year=2024)
    assert target.indicator == "智慧社区示范街道"


def test_a_coordinated_verb_before_the_verb_leaves_the_name_to_what_follows_the_number() -> None:
    (target,) = read("到2027年，改建或新建12座左右街心花园。", year=2024)
    assert target.indicator.endswith("街心花园")


def test_a_commitment_after_a_past_year_takes_the_plans_end_not_the_past_year() -> None:
    found = read("2020年，全省森林覆盖率为41.2%。规划要求，湿地保护率要由2020年的52%提高到60%。", year=2022, period=(2021, 2025))
    assert [(t.value, t.target_year) for t in found] == [(60.0, 2025)]


def test_a_commitment_after_a_past_year_without_a_known_period_has_no_year() -> None:
    found = read("2020年，全省森林覆盖率为41.2%。规划要求，湿地保护率要由2020年的52%提高到60%。", year=2022)
    assert [(t.value, t.target_year) for t in found] == [(60.0, None)]


def test_for_example_is_no_part_of_a_name() -> None:
    (target,) = read("到2027年，例如城市污水处理率要达到98%。", year=2024)
    assert target.indicator == "城市污水处理率"


def test_respective_growth_names_carry_the_change() -> None:
    found = read("到2027年，规上工业增加值、服务业增加值分别年均增长7%、6%。", year=2024)
    assert [t.indicator for t in found] == ["规上工业增加值年均增长", "服务业增加值年均增长"]


def test_respective_levels_take_no_change_word() -> None:
    found = read("到2027年，研发投入强度和高新技术企业数分别达到3%和2000家。", year=2024)
    assert [t.indicator for t in found] == ["研发投入强度", "高新技术企业数"]


# --- traditional-character text (branch trad): glossed years, Republic years, baselines, 兆 -----------


def test_a_relative_year_glossed_with_its_number_is_read_as_the_relative_year() -> None:
    (target,) = read("國發會今天表示，明(2027)年失業率目標為3.5%以內。", year=2026)
    assert target.target_year == 2027


def test_a_relative_year_glossed_with_a_republic_year_is_read_as_the_relative_year() -> None:
    (target,) = read("主計總處表示，今(115)年經濟成長目標為3.2%。", year=2026)
    assert target.target_year == 2026


def test_a_target_of_the_glossed_past_year_is_no_target_of_the_years_ahead() -> None:
    assert read("國發會去(114)年訂定的目標為經濟成長3%。", year=2026) == []


def test_a_day_glossed_with_its_number_stays_a_day() -> None:
    assert prepare("行政院今(8)日通過").text == "行政院今(8)日通过"


def test_a_republic_year_after_a_comparison_word_is_a_base_not_the_time() -> None:
    (target,) = read("交通部表示，到2029年底，公車搭乘人次將相較於113年成長30%。", year=2026)
    assert (target.value, target.target_year) == (30.0, 2029)


def test_a_republic_year_opening_a_clause_of_the_own_year_commits_like_a_common_era_year() -> None:
    found = read("市府表示，115年預計將有3件都更案完工。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(3.0, 2026)]


def test_a_past_republic_year_opening_a_clause_stays_the_past() -> None:
    assert read("縣府表示，114年已新建4座公園。", year=2026) == []


def test_a_baseline_line_of_a_kpi_list_is_no_target() -> None:
    text = "2025年量化目標:推介青年累積8萬人就業。\n現況基礎值:協助2萬3,400名青年就業。(2021年)"
    assert values(read(text, year=2022)) == [(80000.0, "人")]


def test_the_target_line_after_a_baseline_line_is_still_a_target() -> None:
    text = "現況基礎值:低底盤公車比例為45%。(2021年)\n2025年量化目標:低底盤公車比例為60%。"
    assert values(read(text, year=2022)) == [(60.0, "%")]


def test_a_fiscal_year_written_with_both_full_years_counts_its_years_on() -> None:
    found = read("政府決定將2027-2028年度起10年的公營房屋供應目標定為30萬個。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(300000.0, 2037)]


def test_a_span_written_with_niandu_stays_a_span() -> None:
    (target,) = read("2026-2030年度全縣新增公園15個。", year=2025)
    assert target.target_year == 2030


def test_two_digit_growth_is_no_rank() -> None:
    assert read("今年出口目標是兩位數成長。", year=2026) == []


def test_a_bare_zhao_yuan_is_one_zhao() -> None:
    (target,) = read("政府目標2030年文化產業產值突破兆元。", year=2026)
    assert (target.value, target.unit) == (10000.0, "亿元")


def test_the_currency_between_the_verb_and_a_bare_scale_keeps_the_value() -> None:
    (target,) = read("政府目標在2030年使觀光產值達到新台幣兆元。", year=2026)
    assert (target.value, target.qualifier) == (10000.0, "达到")


def test_a_zhao_of_a_unit_is_no_scale() -> None:
    assert read("到2030年，離岸風電達到兆瓦級規模。", year=2026) == []


def test_the_already_before_a_verb_is_no_part_of_a_name() -> None:
    found = read("去年全市綠能產值已達320億元，目標2030年達到500億元。", year=2026)
    assert [t.indicator for t in found] == ["绿能产值"]


def test_a_goal_named_with_its_year_commits() -> None:
    found = read("去年全市綠能產值為320億元，目標2030年達到500億元。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(500.0, 2030)]


def test_a_result_before_the_own_years_clause_leaves_that_clause_a_commitment() -> None:
    found = read("市府表示，114年已有2件都更案完工，115年預計將有4件完工。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(4.0, 2026)]


def test_a_goal_named_with_next_year_commits() -> None:
    found = read("截至去年底本港有1.2萬支充電樁，當局目標明年中提升至3萬支。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(30000.0, 2027)]


def test_a_past_year_in_brackets_beside_a_value_leaves_the_next_value_a_target() -> None:
    found = read("到2028年底，公車無障礙比率可達60%(去年55%)、偏鄉公車涵蓋率可達95%。", year=2024)
    assert [(t.value, t.target_year) for t in found] == [(60.0, 2028), (95.0, 2028)]


def test_the_bracket_before_a_name_is_no_part_of_it() -> None:
    found = read("到2028年底，公車無障礙比率可達60%(去年55%)、偏鄉公車涵蓋率可達95%。", year=2024)
    assert found[-1].indicator == "偏乡公车涵盖率"


def test_cases_counted_in_zong_are_a_count() -> None:
    (target,) = read("市府今年將完成危老重建案200宗。", year=2026)
    assert (target.value, target.unit) == (200.0, "宗")


def test_zong_of_religion_is_no_unit() -> None:
    assert read("到2027年，全市5宗教團體將參與志工服務。", year=2026) == []


def test_a_target_value_named_mubiaozhi_commits() -> None:
    (target,) = read("本局今年目標值處理陳情案件1,200件。", year=2026)
    assert target.confidence > 0.9


def test_dazhi_reaches_as_dadao_does() -> None:
    (target,) = read("到2029年，入境旅客人次達致3,800萬人次。", year=2026)
    assert target.qualifier == "达到"


def test_yu_before_a_value_exceeds() -> None:
    (target,) = read("到2030年，全區綠化面積將有逾150公頃。", year=2026)
    assert target.qualifier == "超过"


def test_a_rise_to_a_value_committed_with_jiang_is_a_target() -> None:
    found = read("到2030年，全區綠化面積將增至120公頃。", year=2026)
    assert [(t.value, t.target_year) for t in found] == [(120.0, 2030)]


def test_a_rise_to_a_value_told_of_last_year_stays_a_result() -> None:
    assert read("去年市府將補貼增至每月500元。", year=2026) == []


def test_two_republic_years_joined_by_ji_are_the_past() -> None:
    found = read("今年綠能裝置目標為900MW。107及108年底裝置容量達620MW。", year=2020)
    assert [t.value for t in found] == [900.0]


def test_a_taiwanese_year_on_year_rise_is_a_result() -> None:
    assert read("今年風力裝置容量年增18.5%，達950MW。", year=2025) == []


def test_a_year_on_year_rate_held_as_a_target_is_still_a_target() -> None:
    (target,) = read("明年消費者物價指數年增率控制在2%以下。", year=2025)
    assert target.value == 2.0
