"""The statement reader on the language the grown study part showed (sentences written for these
tests): air-quality units, changes of a ‰ rate, a year named only as a comparison's base, a measure
named alone, net changes, estimates, the value a figure starts from, and mapping to the GDP series
without taking a per-head figure or another subject's share for it."""

from __future__ import annotations

from planwatch.extract.statements import StatementKind, StatementScope

from .test_statements import one, read


def test_a_concentration_in_micrograms_per_cubic_metre_is_a_level() -> None:
    statement = one(read("全年细颗粒物（PM2.5）年均浓度为26微克/立方米，同比下降7.1%。"), "26")
    assert (statement.unit, statement.kind) == ("微克/立方米", StatementKind.LEVEL)


def test_a_count_of_days_is_a_level() -> None:
    statement = one(read("全县空气质量优良天数达到338天，比上年增加9天。"), "338")
    assert (statement.unit, statement.kind) == ("天", StatementKind.LEVEL)


def test_a_change_of_a_per_mille_rate_is_a_change() -> None:
    statement = one(read("全年人口出生率为6.12‰，比上年下降0.85个千分点。"), "-0.85")
    assert (statement.unit, statement.kind) == ("个千分点", StatementKind.CHANGE)


def test_a_year_named_only_as_the_base_of_a_comparison_is_not_the_figures_year() -> None:
    statements = read("初步核算，全县生产总值1203.6亿元，比上年增长3.0%；与2020年相比，两年平均增长4.4%。其中，第二产业增加值512.7亿元，增长2.2%。", year=2022)
    assert one(statements, "512.7").year == 2022


def test_a_year_the_sentence_gives_the_figure_stays_its_year() -> None:
    statements = read("2021年全县粮食产量为31.5万吨。", year=2022)
    assert one(statements, "31.5").year == 2021


def test_a_measure_named_alone_takes_the_subject_before_it() -> None:
    statements = read("全县渔业总产值58.41亿元，增长3.9%，增加值31.26亿元，增长4.1%。")
    assert one(statements, "31.26").indicator == "渔业增加值"


def test_a_net_increase_is_a_change_of_the_figure_before_it() -> None:
    statement = one(read("全年税收收入218.4亿元，净增16.2亿元。"), "16.2")
    assert (statement.indicator, statement.kind) == ("税收收入", StatementKind.CHANGE)


def test_an_increase_over_last_year_in_yuan_is_a_change() -> None:
    statement = one(read("全年人均可支配收入41250元，比上年新增2306元。"), "2306")
    assert statement.kind is StatementKind.CHANGE


def test_an_estimate_for_the_whole_year_takes_the_subject_before_it() -> None:
    statements = read("1-11月规上工业总产值超2800亿元、增长21%，预计全年突破3100亿元。")
    assert one(statements, "3100").indicator == "规上工业总产值"


def test_a_change_against_the_same_period_of_a_named_year_takes_the_share_before_it() -> None:
    statements = read("上半年高技术制造业增加值占规上工业增加值比重达到38.2%，较2021年同期提高2.5个百分点。")
    assert one(statements, "2.5").indicator == "高技术制造业增加值占规上工业增加值比重"


def test_the_survey_a_figure_comes_from_is_not_a_statement() -> None:
    statements = read("据全省1‰人口变动抽样调查推算，年末全县常住人口45.17万人。")
    assert [s.value_raw for s in statements] == ["45.17"]


def test_the_value_a_figure_grew_from_is_a_statement_of_its_year() -> None:
    statements = read("全县研发经费支出由2018年的12.6亿元增至28.3亿元。")
    start = one(statements, "12.6")
    assert (start.year, start.unit_raw) == (2018, "亿元")


def test_the_regions_product_maps_to_the_gdp_series() -> None:
    statements = read("全年全县地区生产总值642.8亿元，比上年增长4.7%。")
    assert (one(statements, "642.8").indicator_key, one(statements, "4.7").indicator_key) == ("gdp", "gdp_growth")


def test_a_per_head_product_is_not_the_gdp_series() -> None:
    statements = read("全年人均地区生产总值86412元，增长4.5%。")
    assert (one(statements, "86412").indicator_key, one(statements, "4.5").indicator_key) == (None, None)


def test_another_subjects_share_of_gdp_is_not_mapped_to_a_share_series() -> None:
    statement = one(read("第三产业增加值占地区生产总值的比重为52.4%。"), "52.4")
    assert statement.indicator_key is None


def test_a_lower_bound_of_a_growth_rate_is_mapped_only_to_a_growth_series() -> None:
    statement = one(read("规模以上工业增加值突破900亿元，增长12%以上。"), "12")
    assert (statement.kind, statement.indicator_key) == (StatementKind.LOWER_BOUND, None)  # not 规模以上工业增加值率


def test_a_lower_bound_of_a_growth_rate_maps_to_the_growth_series_the_catalog_has() -> None:
    statement = one(read("全市研发经费投入突破300亿元，增长15%以上。"), "15")
    assert statement.indicator_key == "rd_expenditure_growth"


def test_a_district_bulletins_city_figure_is_another_regions() -> None:
    statement = one(read("全市技术合同成交额1500亿元，增长12%；全区技术合同成交额210亿元。", region="某某区"), "1500")
    assert (statement.region, statement.scope) == ("全市", StatementScope.OTHER_REGION)


def test_a_district_bulletins_own_figure_after_the_citys_stays_the_districts() -> None:
    statement = one(read("全市技术合同成交额1500亿元，增长12%；全区技术合同成交额210亿元。", region="某某区"), "210")
    assert (statement.region, statement.scope) == ("某某区", StatementScope.DOCUMENT)


def test_a_city_bulletins_own_figure_is_the_citys() -> None:
    statement = one(read("全市技术合同成交额1500亿元，增长12%。", region="某某市"), "1500")
    assert statement.region == "某某市"


def test_a_districts_share_of_the_city_stays_the_districts() -> None:
    statement = one(read("战略性新兴产业增加值在全市占比由20.5%提高到23%。", region="某某区"), "23")
    assert statement.region == "某某区"


def test_a_districts_contribution_to_the_city_stays_the_districts() -> None:
    statement = one(read("规上工业增加值增长9%，对全市规上工业增长的贡献率超过25%。", region="某某区"), "25")
    assert statement.region == "某某区"


def test_a_districts_share_of_the_city_written_city_first_stays_the_districts() -> None:
    statement = one(read("软件业务收入全市占比由18.2%增至21%。", region="某某区"), "21")
    assert statement.region == "某某区"


def test_a_districts_figure_that_amounts_to_a_part_of_the_citys_stays_the_districts() -> None:
    statement = one(read("全区研发投入占到全市的19.5%。", region="某某区"), "19.5")
    assert statement.region == "某某区"


def test_a_number_written_with_wan_and_a_remainder_is_read_whole() -> None:
    statement = one(read("去年全縣常住人口為5萬3,345人，比上年減少0.4%。", year=2026), "5万3,345")
    assert statement.value == 53345
