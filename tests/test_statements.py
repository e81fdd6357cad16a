"""The statement reader: actual values read from bulletins and reports (sentences written for
these tests, and the real Shenzhen texts in data/bulletins/shenzhen)."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract.passages import Part
from planwatch.extract.statement_eval import evaluate_statements
from planwatch.extract.statements import (
    DocumentFacts,
    Statement,
    StatementKind,
    StatementScope,
    data_year,
    extract_statements,
    read_statements,
)
from planwatch.ingest.pipeline import parse_text

ROOT = Path(__file__).resolve().parents[1]
BULLETINS = ROOT / "data" / "bulletins" / "shenzhen"
EVAL = ROOT / "data" / "eval" / "observations"


def read(text: str, region: str = "某市", year: int | None = 2021) -> list[Statement]:
    return read_statements(parse_text(text), DocumentFacts(region=region, year=year))


def one(statements: list[Statement], value_raw: str) -> Statement:
    (found,) = [s for s in statements if s.value_raw == value_raw]
    return found


def test_a_level_and_its_growth_rate_name_the_same_indicator() -> None:
    statements = read("全年全市技术合同成交额812.5亿元，比上年增长9.4%。")
    level, growth = one(statements, "812.5"), one(statements, "9.4")
    assert (level.indicator, level.kind) == ("技术合同成交额", StatementKind.LEVEL)
    assert (growth.indicator, growth.kind) == ("技术合同成交额", StatementKind.GROWTH_RATE)


def test_a_level_maps_to_its_catalog_series_and_the_growth_rate_does_not() -> None:
    statements = read("全年全市技术合同成交额812.5亿元，比上年增长9.4%。")
    assert one(statements, "812.5").indicator_key == "tech_contract_turnover"
    assert one(statements, "9.4").indicator_key is None  # the catalog has no growth series for it


def test_a_growth_rate_maps_to_the_growth_series_where_the_catalog_has_one() -> None:
    statements = read("2021年，全市研发经费投入318.6亿元，增长11.2%。")
    assert one(statements, "11.2").indicator_key == "rd_expenditure_growth"


def test_a_decline_is_a_negative_growth_rate() -> None:
    statement = one(read("规模以上工业企业利润总额61.3亿元，下降4.6%。"), "-4.6")
    assert statement.value == -4.6


def test_values_are_kept_as_printed_and_converted() -> None:
    statement = one(read("全市社会消费品零售总额1.27万亿元，增长3.1%。"), "1.27")
    assert (statement.unit_raw, statement.value, statement.unit) == ("万亿元", 12700.0, "亿元")


def test_a_count_in_ten_thousands_is_converted_into_single_units() -> None:
    statement = one(read("年末全市国家高新技术企业总数达1.35万家。"), "1.35")
    assert (statement.value, statement.unit, statement.indicator_key) == (13500.0, "家", "national_high_tech_enterprises")


def test_a_floor_is_a_lower_bound() -> None:
    statement = one(read("全市国家级高新技术企业突破9000家。"), "9000")
    assert statement.kind is StatementKind.LOWER_BOUND


def test_a_share_names_the_subject_of_the_clause_before() -> None:
    statement = one(read("数字经济核心产业增加值增长12.8%，占地区生产总值比重为10.7%。"), "10.7")
    assert (statement.indicator, statement.kind) == ("数字经济核心产业增加值占地区生产总值比重", StatementKind.SHARE)


def test_a_change_from_the_year_before_is_its_own_kind() -> None:
    statement = one(read("全市研发投入强度为3.12%，比上年提高0.21个百分点。"), "0.21")
    assert statement.kind is StatementKind.CHANGE


def test_the_statement_year_is_the_sentence_year_not_the_publication_year() -> None:
    statement = one(read("2019年，全市专利授权量4.2万件。", year=2021), "4.2")
    assert statement.year == 2019


def test_a_statement_without_a_year_takes_the_year_the_document_reports_on() -> None:
    statement = one(read("全市专利授权量4.2万件。", year=2021), "4.2")
    assert statement.year == 2021


def test_the_whole_country_is_another_region() -> None:
    statement = one(read("全国技术合同成交额4.8万亿元。", region="深圳市"), "4.8")
    assert (statement.region, statement.scope) == ("全国", StatementScope.OTHER_REGION)


def test_the_city_stands_for_the_document_region() -> None:
    statement = one(read("全市技术合同成交额812.5亿元。", region="深圳市"), "812.5")
    assert (statement.region, statement.scope) == ("深圳市", StatementScope.DOCUMENT)


def test_a_named_district_is_that_district() -> None:
    statement = one(read("2021年，福田区实现地区生产总值5243.9亿元。", region="深圳市"), "5243.9")
    assert statement.region == "福田区"


def test_large_industrial_firms_are_a_sub_population_and_not_mapped_to_the_whole() -> None:
    statement = one(read("规模以上工业企业研发经费支出129.4亿元。"), "129.4")
    assert statement.scope is StatementScope.SUB_POPULATION


def test_a_share_of_the_nation_is_still_about_the_region() -> None:
    statement = one(read("全市PCT国际专利申请量1.6万件，约占全国的22.5%。", region="深圳市"), "22.5")
    assert statement.region == "深圳市"


def test_a_comparison_with_another_region_is_not_a_statement() -> None:
    statements = read("全市地区生产总值增长5.8%，增速高于全省平均水平1.2个百分点。")
    assert [s.value_raw for s in statements] == ["5.8"]


def test_targets_of_a_work_report_are_not_statements() -> None:
    statements = read("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，研发投入强度达到3.5%。", year=2021)
    assert statements == []


def test_an_unsure_name_offers_the_closest_catalog_indicators() -> None:
    statement = one(read("全市新登记科技型中小企业1.1万家。"), "1.1")
    assert statement.indicator_key is None
    assert "tech_smes" in [c.key for c in statement.candidates]


def test_a_new_count_is_not_mapped_to_the_stock() -> None:
    statements = read("新增国家高新技术企业1200家，总量达1.35万家。")
    assert one(statements, "1200").indicator_key is None
    assert one(statements, "1.35").indicator_key == "national_high_tech_enterprises"


def test_each_statement_quotes_its_line() -> None:
    statements = read("一、综合\n\n全年全市技术合同成交额812.5亿元。")
    assert (statements[0].line, statements[0].quote) == (3, "全年全市技术合同成交额812.5亿元")


def test_a_bulletin_reports_on_its_title_year_and_a_work_report_on_the_year_before() -> None:
    bulletin = parse_text("某市2022年国民经济和社会发展统计公报\n\n全市地区生产总值609.91亿元。")
    report = parse_text("某市2024年政府工作报告\n\n全市地区生产总值609.91亿元。")
    assert (data_year(bulletin), data_year(report)) == (2022, 2023)


def test_the_shenzhen_work_report_gives_the_2023_high_tech_enterprises() -> None:
    _, _, statements = extract_statements(BULLETINS / "2024-government-work-report.txt", region="深圳市")
    found = [s for s in statements if s.indicator_key == "national_high_tech_enterprises"]
    assert [(s.value, s.year) for s in found] == [(24700.0, 2023)]


def test_the_shenzhen_bulletin_gives_the_2022_gross_product() -> None:
    _, _, statements = extract_statements(BULLETINS / "2022-statistical-bulletin.txt", region="深圳市")
    gdp = [s for s in statements if s.indicator == "地区生产总值" and s.kind is StatementKind.LEVEL]
    assert [(s.value, s.year) for s in gdp] == [(32387.68, 2022)]


def test_the_study_passages_are_read_to_goal() -> None:
    tally = evaluate_statements(EVAL / "passages.jsonl", EVAL / "gold.jsonl", Part.STUDY)
    assert tally.recall >= 0.9
    assert tally.precision >= 0.9


def test_an_approximation_before_a_growth_rate_is_not_part_of_the_name() -> None:
    statement = one(read("全市工业投资近千亿元、增长9.1%。"), "9.1")
    assert statement.indicator == "工业投资"


def test_a_value_given_in_brackets_for_a_comparison_is_not_a_statement() -> None:
    statements = read("全市研发投入强度达到3.3%，超过全省（2.9%）0.4个百分点。")
    assert [s.value_raw for s in statements] == ["3.3"]


def test_a_change_of_a_growth_rate_is_not_a_statement() -> None:
    statements = read("全市研发投入增长9.2%，增速比上年提高1.5个百分点。")
    assert [s.value_raw for s in statements] == ["9.2"]
