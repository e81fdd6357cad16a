"""Indicator tables in the layouts web pages, exports and Word files give them (issue #11 item 5).

Every table here is written for these tests: invented indicators and values."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract import extract_targets
from planwatch.ingest import parse_document
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Target
from tests.conftest import word_table

PLAN = "某某市科技创新“十四五”规划\n\n"


def plan(text: str) -> ParsedPlan:
    return parse_text(text, name="doc.txt")


def targets(parsed: ParsedPlan) -> list[Target]:
    found, _, _ = extract_targets(parsed)
    return found


def slots(found: list[Target]) -> list[tuple[str, float | None, str, int | None]]:
    return [(t.indicator, t.value, t.unit, t.target_year) for t in found]


# --- a KPI table stacked one cell per line, each cell closed by a bar on a line of its own -----

BAR_LINES_KPI = """某某市商圈发展年度计划
2024年9月
衡量指標
|
2025年
年度目標值
|
一
|
年度輔導商場數
|
6場
|
二
|
年度新進駐店家數
|
40家
|
"""


def test_a_kpi_table_with_bars_on_their_own_lines_is_a_table() -> None:
    assert plan(BAR_LINES_KPI).tables[0].header == ("衡量指標", "2025年年度目標值")


def test_a_kpi_table_with_bars_on_their_own_lines_gives_each_row_its_target() -> None:
    assert slots(targets(plan(BAR_LINES_KPI))) == [("年度輔導商場數", 6.0, "场", 2025), ("年度新進駐店家數", 40.0, "家", 2025)]


def test_a_bar_lines_kpi_row_keeps_the_lines_of_its_name_and_value() -> None:
    assert plan(BAR_LINES_KPI).tables[0].rows[0].lines == (10, 12)


def test_a_bar_lines_kpi_target_quotes_its_row_from_the_rows_first_line() -> None:
    evidence = targets(plan(BAR_LINES_KPI))[0].evidence
    assert [(e.line, e.text) for e in evidence] == [(10, "年度輔導商場數 | 6場")]


# --- pipe rows ----------------------------------------------------------------------------------

PIPE_ROW_SPLIT = PLAN + """| 指标 | 单位 | 2020年 | 2025年 | 属性 |
| 研发经费投入强度 | % | 2.1 |
2.8 | 预期性 |
| 每万人发明专利拥
有量 | 件 | 12 | 20 | 预期性 |
"""


def test_a_pipe_row_split_over_two_lines_at_a_bar_is_one_row() -> None:
    assert plan(PIPE_ROW_SPLIT).tables[0].rows[0].cells == ("研发经费投入强度", "%", "2.1", "2.8", "预期性")


def test_a_pipe_row_split_inside_a_cell_joins_the_cell() -> None:
    assert plan(PIPE_ROW_SPLIT).tables[0].rows[1].cells[0] == "每万人发明专利拥有量"


def test_a_split_pipe_row_keeps_both_its_lines() -> None:
    assert plan(PIPE_ROW_SPLIT).tables[0].rows[0].lines == (4, 5)


def test_a_split_pipe_rows_target_quotes_the_whole_row() -> None:
    evidence = targets(plan(PIPE_ROW_SPLIT))[0].evidence
    assert [(e.line, e.text) for e in evidence] == [(4, "研发经费投入强度 | % | 2.1 | 2.8 | 预期性")]


def test_bars_without_outer_bars_make_a_table() -> None:
    text = PLAN + "指标|单位|2020年|2025年|属性\n研发经费投入强度|%|2.1|2.8|预期性\n"
    assert slots(targets(plan(text))) == [("研发经费投入强度", 2.8, "%", 2025)]


# --- headers split over two lines -----------------------------------------------------------

HEADER_YEARS_BELOW = PLAN + """| 指标 | 单位 | 基期值 | 目标值 | 属性 |
| | | 2020年 | 2025年 | |
| 研发经费投入强度 | % | 2.1 | 2.8 | 预期性 |
"""


def test_a_header_continued_on_a_second_line_is_one_header() -> None:
    assert plan(HEADER_YEARS_BELOW).tables[0].header == ("指标", "单位", "基期值2020年", "目标值2025年", "属性")


def test_a_second_header_line_gives_the_baseline_its_year() -> None:
    found = targets(plan(HEADER_YEARS_BELOW))
    assert (found[0].value, found[0].baseline_value, found[0].baseline_year) == (2.8, 2.1, 2020)


def test_a_second_header_line_is_no_row() -> None:
    assert len(plan(HEADER_YEARS_BELOW).tables[0].rows) == 1


STACKED_HEADER_TWO_LINES = PLAN + """表1 主要指标
指标名称
单位
2020年
基期值
2025年
目标值
指标属性
研发经费投入强度
%
2.1
2.8
预期性
每万人发明专利拥有量
件
12
20
约束性
"""


def test_a_stacked_year_above_its_column_word_is_one_column() -> None:
    assert plan(STACKED_HEADER_TWO_LINES).tables[0].header == ("指标名称", "单位", "2020年基期值", "2025年目标值", "指标属性")


def test_a_stacked_table_with_a_two_line_header_gives_value_baseline_and_attribute() -> None:
    t = targets(plan(STACKED_HEADER_TWO_LINES))[1]
    assert (t.value, t.unit, t.baseline_value, t.baseline_year, t.attribute) == (20.0, "件", 12.0, 2020, "约束性")


# --- flattened with spaces ------------------------------------------------------------------

SPACED_GROUPS = PLAN + """领域    指标    单位    2020年    2025年    属性
创新投入    研发经费投入强度    %    2.1    2.8    预期性
    每万人研发人员数    人    60    90    预期性
创新产出    每万人发明专利拥有量    件    12    20    预期性
"""


def test_a_spaced_table_opening_with_a_group_column_is_a_table() -> None:
    assert plan(SPACED_GROUPS).tables[0].header == ("领域", "指标", "单位", "2020年", "2025年", "属性")


def test_a_spaced_row_without_its_merged_group_cell_takes_the_group_above() -> None:
    assert plan(SPACED_GROUPS).tables[0].rows[1].cells[:2] == ("创新投入", "每万人研发人员数")


def test_a_spaced_table_with_groups_gives_every_row() -> None:
    assert [t.value for t in targets(plan(SPACED_GROUPS))] == [2.8, 90.0, 20.0]


SPACED_HEADER_TWO_LINES = PLAN + """指标 单位 2020年 2025年 属性
基期值 目标值
研发经费投入强度 % 2.1 2.8 预期性
"""


def test_a_spaced_header_continued_below_keeps_the_rows() -> None:
    found = targets(plan(SPACED_HEADER_TWO_LINES))
    assert [(t.value, t.baseline_value, t.baseline_year) for t in found] == [(2.8, 2.1, 2020)]


# --- units, sub-rows, growth ------------------------------------------------------------------

CAPTION_UNIT = PLAN + """表1 主要经济指标（单位：亿元）
| 指标 | 2020年 | 2025年 | 属性 |
| 地区生产总值 | 3000 | 4500 | 预期性 |
| 规上工业增加值 | 1000 | 1600 | 预期性 |
"""


def test_the_unit_in_the_caption_is_every_rows_unit() -> None:
    assert [(t.value, t.unit) for t in targets(plan(CAPTION_UNIT))] == [(4500.0, "亿元"), (1600.0, "亿元")]


def test_a_unit_line_above_the_header_is_every_rows_unit() -> None:
    text = PLAN + "表1 主要经济指标\n单位：万吨\n| 指标 | 2020年 | 2025年 |\n| 粮食产量 | 50 | 55 |\n| 蔬菜产量 | 20 | 24 |\n"
    assert [(t.value, t.unit) for t in targets(plan(text))] == [(550000.0, "吨"), (240000.0, "吨")]


SUB_ROWS = PLAN + """| 指标 | 单位 | 2020年 | 2025年 | 属性 |
| 高新技术企业数 | 家 | 800 | 1500 | 预期性 |
| 其中：规上企业 | 家 | 300 | 600 | 预期性 |
| 研发经费投入强度 | % | 2.1 | 2.8 | 预期性 |
"""


def test_a_sub_row_of_a_row_table_is_named_after_its_parent() -> None:
    assert [t.indicator for t in targets(plan(SUB_ROWS))][1] == "高新技术企业数（规上企业）"


def test_a_row_after_a_sub_row_keeps_its_own_name() -> None:
    assert [t.indicator for t in targets(plan(SUB_ROWS))][2] == "研发经费投入强度"


GROWTH_TABLE = PLAN + """指标名称\t单位\t2020年\t2025年\t年均增速\t指标属性
技术合同成交额\t亿元\t100\t200\t15%\t预期性
"""


def test_an_annual_growth_column_of_a_tab_table_is_an_annual_growth_target() -> None:
    growth = [t for t in targets(plan(GROWTH_TABLE)) if t.kind == "annual_growth"]
    assert [(t.value, t.unit, t.target_year, t.attribute) for t in growth] == [(15.0, "%", 2025, "预期性")]


# --- HTML and Word ----------------------------------------------------------------------------

HTML_MERGED = (
    "<html><body><h1>某某市科技创新“十四五”规划</h1><p>表1 主要指标</p><table>"
    "<tr><th rowspan='2'>领域</th><th rowspan='2'>指标</th><th rowspan='2'>单位</th><th>2020年</th><th>2025年</th>"
    "<th rowspan='2'>属性</th></tr>"
    "<tr><th>基期值</th><th>目标值</th></tr>"
    "<tr><td rowspan='2'>创新投入</td><td>研发经费投入强度</td><td>%</td><td>2.1</td><td>2.8</td><td>预期性</td></tr>"
    "<tr><td>每万人研发人员数</td><td>人</td><td>60</td><td>90</td><td>约束性</td></tr>"
    "</table></body></html>"
)


def test_an_html_rowspan_cell_is_repeated_in_the_rows_it_spans(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(HTML_MERGED, encoding="utf-8")
    assert parse_document(page).tables[0].rows[1].cells == ("创新投入", "每万人研发人员数", "人", "60", "90", "约束性")


def test_an_html_table_with_a_two_row_header_and_merged_groups_gives_its_targets(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(HTML_MERGED, encoding="utf-8")
    found = targets(parse_document(page))
    assert [(t.value, t.unit, t.baseline_value, t.baseline_year, t.attribute) for t in found] == [
        (2.8, "%", 2.1, 2020, "预期性"),
        (90.0, "人", 60.0, 2020, "约束性"),
    ]


def test_an_html_colspan_cell_keeps_the_cells_after_it_in_their_columns(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><h1>某某市科技创新“十四五”规划</h1><table>"
        "<tr><td>指标</td><td>单位</td><td>2020年</td><td>2025年</td><td>属性</td></tr>"
        "<tr><td colspan='2'>研发经费投入强度（%）</td><td>2.1</td><td>2.8</td><td>预期性</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert parse_document(page).tables[0].rows[0].cells == ("研发经费投入强度（%）", "", "2.1", "2.8", "预期性")


def test_a_word_table_with_merged_cells_and_a_two_row_header_gives_its_targets(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某某市科技创新“十四五”规划")
    document.add_paragraph("表1 主要指标")
    rows = [
        ["领域", "指标", "单位", "2020年", "2025年", "属性"],
        ["", "", "", "基期值", "目标值", ""],
        ["创新投入", "研发经费投入强度", "%", "2.1", "2.8", "预期性"],
        ["", "每万人研发人员数", "人", "60", "90", "约束性"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value:
                table.cell(r, c).text = value
    for column in (0, 1, 2, 5):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(2, 0).merge(table.cell(3, 0))
    path = tmp_path / "plan.docx"
    document.save(str(path))
    found = targets(parse_document(path))
    assert [(t.indicator, t.value, t.baseline_year, t.attribute) for t in found] == [
        ("研发经费投入强度", 2.8, 2020, "预期性"),
        ("每万人研发人员数", 90.0, 2020, "约束性"),
    ]


def test_a_word_cell_merged_across_columns_keeps_the_cells_after_it_in_their_columns(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某某市科技创新“十四五”规划")
    table = document.add_table(rows=2, cols=5)
    for c, value in enumerate(["指标", "单位", "2020年", "2025年", "属性"]):
        table.cell(0, c).text = value
    table.cell(1, 0).merge(table.cell(1, 1)).text = "研发经费投入强度（%）"
    for c, value in ((2, "2.1"), (3, "2.8"), (4, "预期性")):
        table.cell(1, c).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert parse_document(path).tables[0].rows[0].cells == ("研发经费投入强度（%）", "", "2.1", "2.8", "预期性")


# --- a traditional header names its year in the Republic's reckoning (branch trad) ------------------

ROC_HEADER_KPI = """某某縣產業發展年度計畫
衡量指標 | 單位 | 116年目標值
輔導廠商進駐家數 | 家 | 45
新設公共托育家園 | 處 | 9
"""


def test_a_republic_year_in_a_traditional_header_gives_the_targets_year() -> None:
    assert [t.target_year for t in targets(plan(ROC_HEADER_KPI))] == [2027, 2027]


def test_a_three_digit_year_in_a_simplified_header_is_no_republic_year() -> None:
    text = "某某县产业发展年度计划\n衡量指标 | 单位 | 116年目标值\n辅导厂商进驻家数 | 家 | 45\n"
    assert [t.target_year for t in targets(plan(text))] == [None]


# --- a year-by-year table: a row per indicator, a column per year ------------------------------

YEARLY = """# 某区雨水利用三年行动计划（2026-2028年）

某区水务局

2026年2月10日

一、年度目标

| 年份 | 2025年 | 2026年 | 2027年 | 2028年 |
| --- | --- | --- | --- | --- |
| 雨水调蓄池容积（万立方米） | 12 | 15 | 19 | 24 |
| 透水铺装占比（%） | 20 | 26 | 31 | 38 |
"""

YEARBOOK = """某区统计年鉴

| 年份 | 2019年 | 2020年 | 2021年 |
| --- | --- | --- | --- |
| 常住人口（万人） | 80 | 82 | 85 |
"""


def test_each_year_of_a_year_by_year_table_gives_a_target() -> None:
    assert sorted(t.target_year for t in targets(plan(YEARLY)) if t.indicator == "雨水调蓄池容积") == [2026, 2027, 2028]


def test_a_year_by_year_tables_targets_carry_their_columns_values() -> None:
    assert sorted(t.value for t in targets(plan(YEARLY)) if t.indicator == "透水铺装占比") == [26.0, 31.0, 38.0]


def test_a_year_by_year_tables_year_before_the_plan_is_the_baseline() -> None:
    (last,) = [t for t in targets(plan(YEARLY)) if t.indicator == "雨水调蓄池容积" and t.target_year == 2028]
    assert (last.baseline_value, last.baseline_year) == (120000.0, 2025)


def test_a_yearbooks_year_columns_set_no_targets() -> None:
    assert targets(plan(YEARBOOK)) == []


# --- a year-by-year table laid the other way: a row per year, a column per indicator (fourteenth round) -------

BY_YEAR_ROWS = """# 某区雨水利用三年行动计划（2026-2028年）

某区水务局

2026年2月10日

一、年度目标

| 年份 | 雨水调蓄池容积（万立方米） | 透水铺装占比（%） |
| --- | --- | --- |
| 2025年 | 12 | 20 |
| 2026年 | 15 | 26 |
| 2027年 | 19 | 31 |
| 2028年 | 24 | 38 |
"""

BY_YEAR_CELLS = BY_YEAR_ROWS.split("| 年份")[0] + "\n\n".join(
    ["年份", "雨水调蓄池容积（万立方米）", "透水铺装占比（%）", "2025年", "12", "20", "2026年", "15", "26", "2027年", "19", "31", "2028年", "24", "38"]
) + "\n"


def test_a_row_per_year_gives_each_indicator_a_target_for_each_year_to_come() -> None:
    assert sorted(t.target_year for t in targets(plan(BY_YEAR_ROWS)) if t.indicator == "透水铺装占比") == [2026, 2027, 2028]


def test_a_row_per_year_reads_each_columns_values_in_its_unit() -> None:
    assert sorted(t.value for t in targets(plan(BY_YEAR_ROWS)) if t.indicator == "雨水调蓄池容积") == [150000.0, 190000.0, 240000.0]


def test_a_row_per_year_takes_the_year_before_the_plan_as_baseline() -> None:
    (last,) = [t for t in targets(plan(BY_YEAR_ROWS)) if t.indicator == "透水铺装占比" and t.target_year == 2028]
    assert (last.baseline_value, last.baseline_year) == (20.0, 2025)


def test_a_row_per_year_one_cell_a_line_is_rebuilt() -> None:
    (table,) = plan(BY_YEAR_CELLS).tables
    assert table.rows[1].cells == ("2026年", "15", "26")


def test_a_row_per_year_one_cell_a_line_gives_the_same_targets() -> None:
    assert slots(targets(plan(BY_YEAR_CELLS))) == slots(targets(plan(BY_YEAR_ROWS)))


def test_a_yearbooks_rows_of_past_years_set_no_targets() -> None:
    text = "某区统计年鉴\n\n| 年份 | 常住人口（万人） | 地区生产总值（亿元） |\n| --- | --- | --- |\n| 2019年 | 80 | 500 |\n| 2020年 | 82 | 520 |\n"
    assert targets(plan(text)) == []


def test_a_word_table_with_a_row_per_year_gives_its_targets(tmp_path: Path) -> None:
    rows = [["年份", "雨水调蓄池容积（万立方米）", "透水铺装占比（%）"], ["2025年", "12", "20"], ["2026年", "15", "26"], ["2027年", "19", "31"]]
    path = word_table(tmp_path / "plan.docx", ["某区雨水利用三年行动计划（2026-2028年）", "表1 年度目标"], rows)
    found = targets(parse_document(path))
    assert sorted((t.value, t.target_year) for t in found if t.indicator == "透水铺装占比") == [(26.0, 2026), (31.0, 2027)]
