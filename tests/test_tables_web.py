"""Indicator tables as web pages and Word exports flatten them: glossed headers, units only in the
name's brackets, tables laid on their side, completion tables. Every table here is our own."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract import extract_targets
from planwatch.ingest import parse_document
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Target


def plan(text: str) -> ParsedPlan:
    return parse_text(text, name="page.txt")


def targets(parsed: ParsedPlan) -> list[Target]:
    return extract_targets(parsed)[0]


# Stacked one cell per line with a trailing |, each column name followed by a note in brackets,
# the unit only in the indicator's brackets, 一 for an empty cell.
GLOSSED_STACK = """某某省林业发展“十四五”规划
表1 主要指标
指标 |
2020年基期值(用作比较的数据) |
2025年目标值(应达到的水平) |
年均增(五年累计) |
木材综合生产能力(亿立方米) |
一 |
>1.2 |
一 |
林业科技贡献率(%) |
55 |
60 |
[5] |
集中供水人口(万人)（注） |
12 |
15 |
[3] |
"""


def test_a_stacked_header_with_notes_in_brackets_is_a_table() -> None:
    assert plan(GLOSSED_STACK).tables[0].header[0] == "指标"


def test_a_stacked_table_with_noted_headers_keeps_all_its_rows() -> None:
    assert [row.cells[0] for row in plan(GLOSSED_STACK).tables[0].rows] == [
        "木材综合生产能力(亿立方米)",
        "林业科技贡献率(%)",
        "集中供水人口(万人)（注）",
    ]


def test_a_dash_written_as_yi_is_an_empty_cell_not_a_value() -> None:
    wood = targets(plan(GLOSSED_STACK))[0]
    assert wood.baseline_value is None


def test_the_unit_in_the_names_brackets_is_applied_with_its_scale() -> None:
    wood = targets(plan(GLOSSED_STACK))[0]
    assert (wood.indicator, wood.value, wood.unit, wood.qualifier) == ("木材综合生产能力", 1.2e8, "立方米", "超过")


def test_a_note_mark_after_the_unit_does_not_hide_it() -> None:
    water = targets(plan(GLOSSED_STACK))[2]
    assert (water.indicator, water.value, water.unit) == ("集中供水人口", 150000.0, "人")


def test_the_target_column_of_a_noted_header_gives_the_year() -> None:
    assert [t.target_year for t in targets(plan(GLOSSED_STACK))] == [2025, 2025, 2025]


def test_a_bracket_that_names_no_unit_stays_in_the_name() -> None:
    text = "某某区养老服务规划（2024—2026年）\n指标\t2023年\t2026年\n养老机构床位数(街道)\t300\t500\n社区食堂数量(个)\t20\t45\n"
    assert [(t.indicator, t.unit) for t in targets(plan(text))] == [("养老机构床位数(街道)", ""), ("社区食堂数量", "个")]


# The same indicators laid on their side, in two strips: a row labelled 主要指标 holding the names,
# the target row below it (its label on a line of its own, spaced out as web pages print it), the
# attribute row with its label first.
TRANSPOSED = """某某县乡村振兴行动方案（2024—2027年）
主 要 指 标 |
农村规模化供水覆盖率 | 行政村快递服务覆盖率 | 农村集中供水人口 |
2027 年 目 标 值 |
>90% | 35% | 3.2万人 |
属 性 | 预期性 | 约束性 | 预期性 |
主 要 指 标 |
农村生活污水治理率 | 城乡居民收入比 |
2027 年 目 标 值 |
60% | 1.9 |
属 性 | 约束性 | 预期性 |
"""


def test_a_transposed_table_has_one_row_per_indicator() -> None:
    assert [row.cells[0] for row in plan(TRANSPOSED).tables[0].rows] == [
        "农村规模化供水覆盖率",
        "行政村快递服务覆盖率",
        "农村集中供水人口",
        "农村生活污水治理率",
        "城乡居民收入比",
    ]


def test_a_transposed_table_pairs_each_name_with_the_value_below_it() -> None:
    assert [(t.indicator, t.value, t.unit) for t in targets(plan(TRANSPOSED))] == [
        ("农村规模化供水覆盖率", 90.0, "%"),
        ("行政村快递服务覆盖率", 35.0, "%"),
        ("农村集中供水人口", 32000.0, "人"),
        ("农村生活污水治理率", 60.0, "%"),
        ("城乡居民收入比", 1.9, ""),
    ]


def test_a_transposed_table_takes_the_year_from_its_spaced_label() -> None:
    assert {t.target_year for t in targets(plan(TRANSPOSED))} == {2027}


def test_a_transposed_table_gives_each_indicator_its_attribute() -> None:
    assert [t.attribute for t in targets(plan(TRANSPOSED))] == ["预期性", "约束性", "预期性", "约束性", "预期性"]


def test_names_over_names_without_values_are_no_transposed_table() -> None:
    text = "某某县工作要点\n主要指标 | 工作内容 | 牵头单位 |\n招商引资 | 引进项目 | 商务局 |\n"
    assert targets(plan(text)) == []


HTML_TRANSPOSED = (
    "<html><body><h1>某某县乡村振兴行动方案（2024—2027年）</h1><p>表1 主要指标</p><table>"
    "<tr><td>主要指标</td><td>农村规模化供水覆盖率</td><td>行政村快递服务覆盖率</td><td>农村生活污水治理率</td></tr>"
    "<tr><td>2027年目标值</td><td>&gt;90%</td><td>35%</td><td>35%</td></tr>"
    "<tr><td>属性</td><td>预期性</td><td>预期性</td><td>约束性</td></tr>"
    "</table></body></html>"
)


def test_a_transposed_html_table_gives_one_target_per_column(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML_TRANSPOSED, encoding="utf-8")
    found = targets(parse_document(page))
    assert [(t.indicator, t.value, t.target_year) for t in found] == [
        ("农村规模化供水覆盖率", 90.0, 2027),
        ("行政村快递服务覆盖率", 35.0, 2027),
        ("农村生活污水治理率", 35.0, 2027),
    ]


def _docx(tmp_path: Path, rows: list[list[str]]) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("某某县乡村振兴行动方案（2024—2027年）")
    document.add_paragraph("表1 主要指标")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


def test_a_transposed_word_table_gives_one_target_per_column(tmp_path: Path) -> None:
    path = _docx(tmp_path, [["主要指标", "农村规模化供水覆盖率", "行政村快递服务覆盖率"], ["2027年目标值", ">90%", "35%"], ["属性", "预期性", "预期性"]])
    assert [(t.indicator, t.value, t.attribute) for t in targets(parse_document(path))] == [
        ("农村规模化供水覆盖率", 90.0, "预期性"),
        ("行政村快递服务覆盖率", 35.0, "预期性"),
    ]


def test_two_word_cells_with_the_same_text_are_both_kept(tmp_path: Path) -> None:
    path = _docx(tmp_path, [["指标", "2023年", "2027年"], ["农村自来水普及率(%)", "100", "100"]])
    assert parse_document(path).tables[0].rows[0].cells == ("农村自来水普及率(%)", "100", "100")


# A report's completion table stacked one cell per line: the attribute column before the values,
# 全年目标 (that year's targets, restated) beside 全年完成 (its results).
COMPLETION = """某某市2024年国民经济和社会发展计划执行情况的报告

表一  2024年主要目标完成情况

指标名称

属性

全年目标

全年完成

地区生产总值

预期性

增长6%左右

增长5.8%

城镇新增就业

预期性

8万人

8.6万人

单位地区生产总值能耗

约束性

下降3%

下降3.2%
"""


def test_a_completion_table_reads_the_year_target_column() -> None:
    assert [(t.value, t.unit) for t in targets(plan(COMPLETION))] == [(6.0, "%"), (80000.0, "人"), (3.0, "%")]


def test_the_year_target_column_takes_the_year_of_its_caption() -> None:
    assert {t.target_year for t in targets(plan(COMPLETION))} == {2024}


def test_an_attribute_column_before_the_values_is_not_the_name() -> None:
    assert [(t.indicator, t.attribute) for t in targets(plan(COMPLETION))][1] == ("城镇新增就业", "预期性")


def test_a_growth_cell_names_its_change_and_kind() -> None:
    gdp = targets(plan(COMPLETION))[0]
    assert (gdp.indicator, gdp.kind, gdp.qualifier) == ("地区生产总值增长", "annual_growth", "左右")


def test_a_decrease_cell_is_a_decrease() -> None:
    assert targets(plan(COMPLETION))[2].kind == "decrease"


# A forum copy: random ASCII glued after the cells, a full stop typed for the decimal point.
JUNK_TABLE = """某某市生态环境保护“十四五”规划
表1 主要指标
指标 | 2020年 | 2025年 |
城市空气优良天数比率(%)x7 Q | 80。5 k9 | >85 y3 |
劣Ⅴ类水体比例(%)p2 | 6。1 | <3 w8 |
"""


def test_junk_glued_after_a_cell_is_no_part_of_its_value() -> None:
    assert [(t.value, t.unit) for t in targets(plan(JUNK_TABLE))] == [(85.0, "%"), (3.0, "%")]


def test_junk_after_the_names_unit_is_no_part_of_the_name() -> None:
    assert [t.indicator for t in targets(plan(JUNK_TABLE))] == ["城市空气优良天数比率", "劣Ⅴ类水体比例"]


def test_a_full_stop_between_digits_of_a_cell_is_the_decimal_point() -> None:
    assert [t.baseline_value for t in targets(plan(JUNK_TABLE))] == [80.5, 6.1]


def test_the_evidence_keeps_the_cells_as_printed() -> None:
    assert targets(plan(JUNK_TABLE))[0].evidence[0].text == "城市空气优良天数比率(%)x7 Q | 80。5 k9 | >85 y3"


def test_a_cell_opening_with_less_than_is_a_ceiling() -> None:
    assert targets(plan(JUNK_TABLE))[1].qualifier == "以内"


def test_an_ascii_unit_after_a_number_is_not_junk() -> None:
    from planwatch.extract.table_targets import _without_junk

    assert _without_junk("300 MW") == "300 MW"


def test_junk_in_the_cells_of_an_html_table_is_stripped(tmp_path: Path) -> None:
    page = tmp_path / "thread.html"
    page.write_text(
        "<html><body><h1>某某市生态环境保护“十四五”规划</h1><table>"
        "<tr><td>指标</td><td>2020年</td><td>2025年</td></tr>"
        "<tr><td>城市空气优良天数比率(%)x7 Q</td><td>80。5 k9</td><td>&gt;85 y3</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert [(t.indicator, t.value, t.baseline_value) for t in targets(parse_document(page))] == [("城市空气优良天数比率", 85.0, 80.5)]


# A traditional-character page: cells between blank lines, two header cells broken over two lines,
# a 〔累計〕 growth column, a unit bracket left open.
TRADITIONAL_STACK = """某某省水利發展“十四五”規劃

    類別

    指  標

    2020
    基期值

    2025
    目標值

    年均增速
    〔累計〕

    指標屬性

    水資源保障

    供水能力(億立方米)

    8

    9.5

    1.5

    約束性

    城鄉供水保障率(%

    92

    96

    -

    預期性
"""


def test_a_traditional_stacked_header_is_a_table_with_cells_broken_over_two_lines() -> None:
    assert plan(TRADITIONAL_STACK).tables[0].header[2:5] == ("2020基期值", "2025目標值", "年均增速〔累計〕")


def test_a_traditional_table_gives_its_targets_in_the_bracket_units() -> None:
    assert [(t.value, t.unit, t.target_year) for t in targets(plan(TRADITIONAL_STACK)) if t.kind == "level"] == [
        (9.5e8, "立方米", 2025),
        (96.0, "%", 2025),
    ]


def test_a_cumulative_growth_column_gives_no_rate_for_a_row_in_another_unit() -> None:
    assert [t.kind for t in targets(plan(TRADITIONAL_STACK))] == ["level", "level"]


def test_a_unit_bracket_left_open_is_still_the_unit() -> None:
    assert targets(plan(TRADITIONAL_STACK))[1].indicator == "城鄉供水保障率"



# ASCII units with a digit after the numbers of a row: units, not junk.
ASCII_UNITS_TABLE = """某某县水务发展“十四五”规划
表1 主要指标
指标 | 2020年 | 2025年 |
日供水能力 | 4500 m3 | 6200 m3 |
建成区面积 | 30 km2 | 35 km2 |
"""


def test_cubic_metres_in_ascii_after_a_number_are_the_unit() -> None:
    assert targets(plan(ASCII_UNITS_TABLE))[0].unit == "m3"


def test_square_kilometres_in_ascii_after_a_number_are_the_unit() -> None:
    assert targets(plan(ASCII_UNITS_TABLE))[1].unit == "平方公里"


# Column names in traditional characters the old hand table of 21 characters did not know (責, 準): opencc reads them.
RESPONSIBLE_STACK = """某某縣數字經濟發展“十四五”規劃

    指標

    單位

    2025年

    責任單位

    數字經濟核心產業增加值

    億元

    120

    縣工信局

    規模以上軟件企業

    家

    45

    縣科技局
"""

BASELINE_TABLE = (
    "某某縣科技創新“十四五”規劃\n\n表1 主要指標\n指標名稱\t單位\t2020年基準值\t2025年目標值\n"
    "全社會研發經費投入強度\t%\t2.1\t2.8\n高新技術企業數量\t家\t310\t500\n"
)


def test_a_traditional_responsible_unit_column_stays_in_a_stacked_table() -> None:
    assert plan(RESPONSIBLE_STACK).tables[0].header == ("指標", "單位", "2025年", "責任單位")


def test_a_traditional_baseline_column_gives_the_targets_their_baselines() -> None:
    assert [(t.baseline_value, t.baseline_year) for t in targets(plan(BASELINE_TABLE))] == [(2.1, 2020), (310.0, 2020)]


# A big5 mirror's table: every few characters glossed with tone-marked pinyin in brackets, header cells too.
PINYIN_GLOSSED = """某某縣農業農村現代化規劃
主要指標(biāo)

| 指標(biāo) | 單(dān)位 | 2025年 |
| --- | --- | --- |
| 蔬菜綜合生產(chǎn)能力 | 萬(wàn)噸 | 85 |
| 高標(biāo)準農田面積 | 萬畝 | 42 |
"""


def test_a_table_name_loses_the_mirrors_pinyin_glosses() -> None:
    assert [t.indicator for t in targets(plan(PINYIN_GLOSSED))] == ["蔬菜綜合生產能力", "高標準農田面積"]


def test_a_glossed_unit_header_is_the_unit_column() -> None:
    found = targets(plan(PINYIN_GLOSSED))
    assert [(t.value, t.unit) for t in found][1] == (420000.0, "亩")
