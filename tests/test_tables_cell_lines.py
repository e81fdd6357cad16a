"""Indicator tables laid out one cell per line, rows opening at their 序号 (issue #11 item 5, whole plans).

The layout of Markdown transcriptions of 上海市统一政策发布平台 pages: a caption, the column names one per line,
then each row's cells one per line, with blank lines between the cells or none. Every table here is written
for these tests: invented indicators and values."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract import extract_targets
from planwatch.extract.evaluate import restated, score_plan
from planwatch.ingest import parse_document
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Table, Target, TargetScope


def slots(found: list[Target]) -> list[tuple[str, float | None, str, int | None]]:
    return [(t.indicator, t.value, t.unit, t.target_year) for t in found]


def spaced(text: str) -> str:
    """The same lines with a blank line between every two (the web page's paragraphs)."""
    return "\n\n".join(text.strip().split("\n")) + "\n"


TARGET_TABLE = """某区数字治理“十五五”规划

一、发展目标

到2030年，全区治理效能明显提升。

表1 某区数字治理“十五五”主要指标
序号
指标名称
单位
“十四五”完成值
2030年目标值
指标属性
一、数字底座
1
政务云资源利用率
％
62
80
预期性
2
公共数据开放数量
万条
-
[45]
约束性
二、治理效能
3
一网通办事项全程网办率
％
88
98以上
约束性
注：[]内为五年累计数。

二、主要任务

加快建设城市数字底座。
"""


def plan(text: str, name: str = "doc.txt") -> ParsedPlan:
    return parse_text(text, name=name)


def only_table(parsed: ParsedPlan) -> Table:
    (table,) = parsed.tables
    return table


def test_a_table_one_cell_per_line_takes_its_header_from_the_lines_before_the_first_serial() -> None:
    assert only_table(plan(TARGET_TABLE)).header == ("序号", "指标名称", "单位", "“十四五”完成值", "2030年目标值", "指标属性")


def test_group_rows_between_the_rows_are_no_rows_of_their_own() -> None:
    assert [row.cells[0] for row in only_table(plan(TARGET_TABLE)).rows] == ["1", "2", "3"]


def test_a_row_is_its_serial_and_the_cells_after_it() -> None:
    assert only_table(plan(TARGET_TABLE)).rows[2].cells == ("3", "一网通办事项全程网办率", "%", "88", "98以上", "约束性")


def test_a_dash_cell_stays_in_its_column() -> None:
    assert only_table(plan(TARGET_TABLE)).rows[1].cells[3] == "-"


def test_the_note_after_the_table_is_kept_with_it() -> None:
    assert only_table(plan(TARGET_TABLE)).notes == ("注：[]内为五年累计数。",)


def test_the_table_keeps_its_caption() -> None:
    assert only_table(plan(TARGET_TABLE)).title.startswith("表1")


def test_the_heading_after_the_table_is_no_part_of_it() -> None:
    parsed = plan(TARGET_TABLE)
    heading = next(s for s in parsed.sections if s.title == "主要任务")
    assert only_table(parsed).end_line < heading.start_line


def test_each_row_of_a_table_one_cell_per_line_gives_its_target() -> None:
    found, _, _ = extract_targets(plan(TARGET_TABLE))
    assert slots(found) == [("政务云资源利用率", 80.0, "%", 2030), ("公共数据开放数量", 450000.0, "条", 2030), ("一网通办事项全程网办率", 98.0, "%", 2030)]


def test_blank_lines_between_the_cells_give_the_same_table() -> None:
    assert only_table(plan(spaced(TARGET_TABLE))).rows == tuple(
        row.__class__(cells=row.cells, lines=tuple(2 * n - 1 for n in row.lines)) for row in only_table(plan(TARGET_TABLE)).rows
    )


def test_a_markdown_file_reads_the_table_as_a_text_file_does(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(spaced(TARGET_TABLE).replace("一、发展目标", "## 一、发展目标").replace("二、主要任务", "## 二、主要任务"), encoding="utf-8")
    assert [row.cells[1] for row in only_table(parse_document(path)).rows] == ["政务云资源利用率", "公共数据开放数量", "一网通办事项全程网办率"]


# --- a two-level header, a group column, text cells and a long name (a 专栏 of core indicators) -----

CORE_TABLE = spaced(
    """某区国土空间近期规划（2026-2030年）
专栏1 某区近期规划核心指标表
指标类别
序号
指标项
单位
类型
指标值
现状
近期规划
（2025年）
（2030年）
发展规模
1
城镇建设用地规模
平方千米
约束性
31.2
31.0
公共服务
2
社区嵌入式服务设施数量
处
预期性
12
动态调整
3
新建公共建筑执行绿色建筑二星级及以上标准比例（重点地区按三星级标准执行，其他地区按二星级标准执行）
%
约束性
/
100
4
人均体育场地面积
平方米/人
预期性
2.1
2.6
二、空间格局
统筹全区功能布局。"""
)


def test_a_header_over_two_lines_folds_to_one_column_for_each_cell_of_a_row() -> None:
    assert only_table(plan(CORE_TABLE)).header == ("指标类别", "序号", "指标项", "单位", "类型", "现状（2025年）", "近期规划（2030年）")


def test_a_group_row_fills_the_group_column_of_the_rows_below_it() -> None:
    assert [row.cells[0] for row in only_table(plan(CORE_TABLE)).rows] == ["发展规模", "公共服务", "公共服务", "公共服务"]


def test_a_text_cell_keeps_its_column() -> None:
    assert only_table(plan(CORE_TABLE)).rows[1].cells[6] == "动态调整"


def test_a_name_longer_than_forty_characters_is_one_cell() -> None:
    assert only_table(plan(CORE_TABLE)).rows[2].cells[3] == "%"


def test_a_two_level_header_gives_the_near_term_column_as_the_target() -> None:
    found, _, _ = extract_targets(plan(CORE_TABLE))
    assert [(t.value, t.unit, t.target_year, t.baseline_value) for t in found if t.indicator == "人均体育场地面积"] == [(2.6, "平方米/人", 2030, 2.1)]


def test_a_header_broken_after_its_year_is_one_column() -> None:
    text = TARGET_TABLE.replace("“十四五”完成值\n", "2025年\n现状值\n")
    assert only_table(plan(text)).header[3] == "2025年现状值"


def test_a_serial_that_skips_a_number_still_opens_a_row() -> None:
    text = TARGET_TABLE.replace("\n3\n一网通办", "\n5\n一网通办")
    assert [row.cells[0] for row in only_table(plan(text)).rows] == ["1", "2", "5"]


# --- a completion table: the previous plan's targets beside their results ------------------------

COMPLETION_TABLE = """某区数字治理“十五五”规划

一、发展基础

表1 某区数字治理“十四五”规划主要指标完成情况
序号
指标
单位
“十四五”目标值
“十四五”完成值
属性
1
政务服务好评率
%
95
97.5
预期性
2
新建智能感知终端
万个
3
3.6
约束性
3
数据治理水平
-
明显提升
显著提升
预期性

二、发展目标

到2030年，全区治理效能明显提升。
"""


def test_a_completion_tables_target_column_gives_targets_of_the_previous_periods_end() -> None:
    found, _, _ = extract_targets(plan(COMPLETION_TABLE))
    assert slots(found) == [("政务服务好评率", 95.0, "%", 2025), ("新建智能感知终端", 30000.0, "个", 2025)]


def test_a_restated_target_is_the_previous_plans_and_never_rated() -> None:
    found, _, _ = extract_targets(plan(COMPLETION_TABLE))
    assert {t.scope for t in found} == {TargetScope.EXTERNAL}


def test_a_completion_tables_result_column_is_a_result() -> None:
    _, historical, _ = extract_targets(plan(COMPLETION_TABLE))
    assert [(h.indicator, h.target_raw, h.actual_raw) for h in historical][:2] == [("政务服务好评率", "95", "97.5"), ("新建智能感知终端", "3", "3.6")]


def test_the_seeds_scorer_counts_a_restated_target_neither_way() -> None:
    found, _, _ = extract_targets(plan(COMPLETION_TABLE))
    history = [{"plan": "p", "indicator": "政务服务好评率", "unit": "%", "target_raw": "95", "target_year": 2025}]
    assert score_plan("p", [], found[:1], history).predicted == 0


def test_a_historical_row_with_no_number_restates_no_target() -> None:
    assert restated({"plan": "p", "indicator": "数据治理水平", "unit": "", "target_raw": "明显提升", "target_year": 2025}) is None


# --- what is no table, and captions whose table is not there -------------------------------------

PROJECT_LIST = spaced(
    """某区数字治理“十五五”规划
专栏2 重点建设项目
1
城市运行数字孪生平台
2
社区智能安防提升工程
3
政务服务一网通办能力提升工程
4
公共数据授权运营试点"""
)

TASK_LIST = spaced(
    """某区数字治理“十五五”规划
附件 重点任务清单
任务类型
序号
工作任务
推进单位
数字底座
1
建成全区统一的政务云平台
区大数据中心
2
推进公共数据分级分类开放
区大数据中心、区发展改革委"""
)


def test_a_numbered_list_of_project_names_is_no_table() -> None:
    assert plan(PROJECT_LIST).tables == ()


def test_a_task_list_one_cell_per_line_sets_no_target() -> None:
    found, _, _ = extract_targets(plan(TASK_LIST))
    assert found == []


def test_a_caption_with_nothing_below_it_is_a_warning_naming_it_and_its_line() -> None:
    text = "某区数字治理“十五五”规划\n\n表2 某区数字治理重点指标\n\n二、主要任务\n\n加快建设城市数字底座。\n"
    assert plan(text).warnings == ("表1（第3行“表2某区数字治理重点指标”）：表格正文缺失：原文仅存标题",)


def test_a_caption_over_column_names_that_make_no_rows_says_so() -> None:
    text = "某区数字治理“十五五”规划\n\n表2 某区数字治理重点指标\n序号\n指标\n单位\n目标值\n甲\n乙\n\n二、主要任务\n\n加快建设。\n"
    assert "第4行起逐格分行的表头未能对齐成行" in plan(text).warnings[0]


# --- a completion table with a group column merged down its rows, a sub-row and a dropped row -------

MERGED_COMPLETION = spaced(
    """某区市容环境“十五五”规划
一、发展基础
表1 某区市容环境“十四五”规划指标完成情况
序号
类别
指标名称
单位
“十四五”目标值
“十四五”完成值
指标性质
完成情况
1
道路保洁
机扫率
%
95
97
约束性
完成
道路冲洗率
90
92
预期性
完成
2
公共厕所新建数量
座
40
46
预期性
超额完成
3
户外广告设施整治
处
8
自2022年起取消
预期性
取消
4
环境卫生
垃圾箱房改造
座
120
130
约束性
超额完成
5
小压站更新
座
6
6
约束性
完成
二、发展目标
到2030年，全区市容环境品质全面提升。"""
)


def test_a_group_cell_merged_down_its_rows_leaves_the_other_rows_in_their_columns() -> None:
    rows = only_table(plan(MERGED_COMPLETION)).rows
    assert [(row.cells[2], row.cells[4]) for row in rows] == [
        ("机扫率", "95"), ("道路冲洗率", "90"), ("公共厕所新建数量", "40"), ("户外广告设施整治", "8"), ("垃圾箱房改造", "120"), ("小压站更新", "6"),
    ]


def test_a_row_without_its_merged_group_cell_takes_the_group_above() -> None:
    assert [row.cells[1] for row in only_table(plan(MERGED_COMPLETION)).rows] == ["道路保洁", "道路保洁", "道路保洁", "道路保洁", "环境卫生", "环境卫生"]


def test_a_sub_row_without_its_serial_shares_the_unit_above() -> None:
    assert only_table(plan(MERGED_COMPLETION)).rows[1].cells[3] == "%"


def test_a_row_the_completion_table_marks_as_dropped_restates_no_target() -> None:
    found, _, _ = extract_targets(plan(MERGED_COMPLETION))
    assert [t.indicator for t in found if t.target_year == 2025] == ["机扫率", "道路冲洗率", "公共厕所新建数量", "垃圾箱房改造", "小压站更新"]


# --- a past period's column beside this plan's targets, and a caption that dates the columns -------

PERIOD_END_TABLE = """某区城市更新“十五五”规划
二、发展目标
表1 某区城市更新“十五五”主要指标
序号
指标
单位
“十四五”期末值
2030年目标值
属性
1
旧住房成套改造面积
万平方米
25
40
约束性
2
燃气老化管道更新
公里
120
300
约束性
三、主要任务
推进旧区改造。
"""


def test_a_past_periods_value_column_beside_this_plans_targets_gives_no_restated_target() -> None:
    found, _, _ = extract_targets(plan(PERIOD_END_TABLE))
    assert slots(found) == [("旧住房成套改造面积", 400000.0, "平方米", 2030), ("燃气老化管道更新", 300.0, "公里", 2030)]


def test_a_past_periods_value_column_is_the_baseline_of_its_end_year() -> None:
    found, _, _ = extract_targets(plan(PERIOD_END_TABLE))
    assert [(t.baseline_value, t.baseline_year) for t in found] == [(250000.0, 2025), (120.0, 2025)]


def test_a_completion_caption_dates_target_columns_that_name_no_year() -> None:
    text = COMPLETION_TABLE.replace("“十四五”目标值\n“十四五”完成值", "目标值\n完成值")
    found, _, _ = extract_targets(plan(text))
    assert [(t.value, t.target_year, t.scope) for t in found] == [(95.0, 2025, TargetScope.EXTERNAL), (30000.0, 2025, TargetScope.EXTERNAL)]


def test_a_table_restating_the_last_periods_targets_beside_this_plans_gives_both() -> None:
    text = COMPLETION_TABLE.replace("“十四五”完成值\n属性", "“十四五”完成值\n“十五五”目标值\n属性")
    for old, new in (("97.5\n", "97.5\n98\n"), ("3.6\n", "3.6\n5\n"), ("显著提升\n", "显著提升\n全面提升\n")):
        text = text.replace(old, new)
    found, _, _ = extract_targets(plan(text))
    assert sorted((t.value, t.target_year) for t in found) == [(95.0, 2025), (98.0, 2030), (30000.0, 2025), (50000.0, 2030)]


# --- names with their serial glued on, and a unit past five characters -------------------------------

PREFIXED_NAMES = """某区生态环境“十五五”规划
一、发展目标
表1 某区生态环境“十五五”主要指标
指标名称
单位
2025年现状
2030年目标
属性
1.细颗粒物年均浓度
微克/立方米
28
25
约束性
（2）地表水优良水体比例
％
80
90以上
约束性
3、新增绿道长度
公里
-
[60]
预期性
二、主要任务
加强污染防治。
"""


def test_a_serial_glued_to_a_row_name_is_no_part_of_the_name() -> None:
    found, _, _ = extract_targets(plan(PREFIXED_NAMES))
    assert [t.indicator for t in found] == ["细颗粒物年均浓度", "地表水优良水体比例", "新增绿道长度"]


def test_a_unit_of_six_characters_stays_the_units() -> None:
    assert only_table(plan(PREFIXED_NAMES)).rows[0].cells[:2] == ("1.细颗粒物年均浓度", "微克/立方米")


# --- a table whose last column is 目标, with a sentence in a cell and group rows of any name -----------

RENEWAL_TABLE = spaced(
    """某区旧区更新“十五五”规划
二、发展目标
到2030年，全区完成各类旧住房更新改造60万平方米，建设筹措保障性租赁住房1.5万套。
表1 某区旧区更新“十五五”主要指标
类别
序号
指标
指标单位
属性
目标
居住类
1
各类旧住房更新改造面积
万平方米
约束性
60
2
新建保障性租赁住房
万套
预期性
1.5
安全性
3
老旧燃气立管改造
公里
约束性
421
4
城中村改造
—
预期性
完成既有项目收尾；启动新一轮改造。
5
新增公共开放空间
处
预期性
20
三、主要任务
（一）推进旧住房更新
至2027年，完成老旧燃气立管改造不少于421公里。"""
)


def test_a_header_ending_at_目标_reads_that_column_as_the_target() -> None:
    found, _, _ = extract_targets(plan(RENEWAL_TABLE))
    assert ("新增公共开放空间", 20.0, "处", 2030) in slots(found)


def test_指标单位_is_the_unit_column() -> None:
    found, _, _ = extract_targets(plan(RENEWAL_TABLE))
    assert ("各类旧住房更新改造面积", 600000.0, "平方米", 2030) in slots(found)


def test_a_sentence_in_a_cell_does_not_end_the_table() -> None:
    assert [row.cells[1] for row in only_table(plan(RENEWAL_TABLE)).rows] == ["1", "2", "3", "4", "5"]


def test_a_group_row_whose_name_ends_in_性_is_still_a_group_row() -> None:
    assert [row.cells[0] for row in only_table(plan(RENEWAL_TABLE)).rows][2:] == ["安全性", "安全性", "安全性"]


def test_the_heading_after_the_last_row_ends_the_table_and_the_text_after_it_is_read_as_text() -> None:
    parsed = plan(RENEWAL_TABLE)
    heading = next(s for s in parsed.sections if s.title == "主要任务")
    assert only_table(parsed).end_line < heading.start_line


def test_a_sentence_restating_a_row_in_other_words_is_the_same_target() -> None:
    found, _, _ = extract_targets(plan(RENEWAL_TABLE))
    assert [(t.value, t.source) for t in found if t.unit == "套"] == [(15000.0, "both")]


def test_the_same_value_for_an_earlier_year_in_the_text_is_a_second_target() -> None:
    found, _, _ = extract_targets(plan(RENEWAL_TABLE))
    assert sorted(t.target_year for t in found if t.value == 421.0) == [2027, 2030]


TWO_TABLES = spaced(
    """某区绿化“十五五”规划
表1 某区绿化主要指标
序号
指标名称
单位
2030年目标值
1
森林覆盖率
%
20
2
人均公园绿地面积
平方米
10
附表 重点项目
序号
项目名称
建设内容
1
滨江绿地
新建绿地5公顷
2
环城绿带
改造提升"""
)


def test_the_next_tables_header_ends_a_table_one_cell_per_line() -> None:
    assert [row.cells[1] for row in plan(TWO_TABLES).tables[0].rows] == ["森林覆盖率", "人均公园绿地面积"]


def test_a_restated_target_takes_no_baseline_from_the_review_of_its_own_period() -> None:
    text = COMPLETION_TABLE.replace("一、发展基础\n", "一、发展基础\n“十四五”期间，全区政务服务好评率达到97.5%。\n")
    found, _, warnings = extract_targets(plan(text))
    assert ([t.baseline_value for t in found], warnings) == ([None, None], [])


# --- a group column named as no role knows before the 序号, a row of two indicators, units in brackets ---

GREEN_TABLE = spaced(
    """某区绿化“十五五”规划
一、发展目标
表2 某区绿化“十五五”主要指标
板块
序号
指标名称
属性
单位
“十四五”现状
“十五五”目标
生态空间
1
森林覆盖率
约束性
%
18.5
20
其中：生态公益林占比
30
35
2
新建绿道
预期性
条（段）
-
12
城市绿化
3
口袋公园
预期性
块（条）
40
60
4
立体绿化面积
预期性
万平方米
35
50
5
林荫道
预期性
条
12
20
三、主要任务
加快建设生态空间。"""
)


def test_a_short_column_name_before_the_serial_is_the_group_column() -> None:
    assert [row.cells[0] for row in only_table(plan(GREEN_TABLE)).rows] == ["生态空间", "生态空间", "生态空间", "城市绿化", "城市绿化", "城市绿化"]


def test_cells_after_a_full_row_are_a_sub_row_under_the_same_serial() -> None:
    assert only_table(plan(GREEN_TABLE)).rows[1].cells[2:] == ("其中：生态公益林占比", "约束性", "%", "30", "35")


def test_a_past_periods_现状_column_is_a_column_name() -> None:
    assert only_table(plan(GREEN_TABLE)).header[5] == "“十四五”现状"


def test_a_unit_with_an_alternative_in_brackets_counts_in_the_first() -> None:
    found, _, _ = extract_targets(plan(GREEN_TABLE))
    assert [(t.value, t.unit) for t in found if t.value in (12.0, 60.0)] == [(12.0, "条"), (60.0, "块")]


def test_a_merged_group_column_and_a_sub_row_read_the_same_without_blank_lines() -> None:
    packed = MERGED_COMPLETION.replace("\n\n", "\n")
    assert [row.cells for row in only_table(plan(packed)).rows] == [row.cells for row in only_table(plan(MERGED_COMPLETION)).rows]
