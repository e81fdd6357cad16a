"""Tables that split a plan's quantities by place and year (街镇 | 2026年 | 2027年 | 合计), in pipes, one cell a line
under a header of two levels, and Word; and a plan's restated totals (fourteenth round).

Every plan and table here is written for these tests: invented places, works and values."""

from __future__ import annotations

from pathlib import Path

from planwatch.extract import extract_targets
from planwatch.ingest import parse_document
from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Target
from tests.conftest import word_table

HEAD = """# 某区河道整治三年行动方案（2026-2028年）

某区水务局

2026年2月10日

"""


def plan(text: str) -> ParsedPlan:
    return parse_text(text, name="doc.txt")


def targets(parsed: ParsedPlan) -> list[Target]:
    found, _, _ = extract_targets(parsed)
    return found


def slots(found: list[Target], name: str) -> list[tuple[float | None, str, int | None]]:
    return sorted((t.value, t.unit, t.target_year) for t in found if t.indicator == name)


# --- in pipes: a row per place, a column per year, and the span's total --------------------------

PIPES = (
    HEAD
    + """附件1

各街镇河道整治任务分解表（单位：公里）

| 街镇 | 2026年 | 2027年 | 2028年 | 合计 |
| --- | --- | --- | --- | --- |
| 东湖镇 | 12 | 15 | 9 | 36 |
| 西山街道 | 4 | 0 | 6 | 10 |
"""
)


def test_each_year_of_a_place_gives_a_target_in_the_tables_unit() -> None:
    assert slots(targets(plan(PIPES)), "东湖镇")[:3] == [(9.0, "公里", 2028), (12.0, "公里", 2026), (15.0, "公里", 2027)]


def test_the_total_column_is_a_target_of_the_last_year() -> None:
    assert (36.0, "公里", 2028) in slots(targets(plan(PIPES)), "东湖镇")


def test_a_zero_cell_is_no_task() -> None:
    assert [value for value, _, _ in slots(targets(plan(PIPES)), "西山街道")] == [4.0, 6.0, 10.0]


def test_a_table_of_places_by_past_years_sets_no_targets() -> None:
    text = "某区统计年鉴\n\n| 地区 | 2019年 | 2020年 | 2021年 |\n| --- | --- | --- | --- |\n| 东湖镇 | 80 | 82 | 85 |\n"
    assert targets(plan(text)) == []


def test_a_column_no_year_nor_total_names_keeps_the_table_unread() -> None:
    text = HEAD + "| 街镇 | 2026年 | 2027年 | 牵头单位 |\n| --- | --- | --- | --- |\n| 东湖镇 | 12 | 15 | 区水务局 |\n"
    assert slots(targets(plan(text)), "东湖镇") == []


# --- one cell a line, a header of two levels, the unit on a line of its own ------------------------

STACKED = (
    HEAD
    + """附件1

某区河道清淤三年任务分解表

长度单位：公里

街镇

现有河道
总长

其中

2026-2028年任务量

分年度任务量

骨干河道

支级河道

2026年
30%

2027年
40%

2028年
30%

条数

长度

东湖镇

25

120.5

40.2

80.3

60

18

24

18

南塘镇

老街

12

64.0

10.0

54.0

30

9

12

9

北港街道

8

20.0

0.00

20.0

10

3

7

0

合计

45

204.5

50.2

154.3

100

30

43

27

备注：河道长度以二〇二五年普查为准。
"""
)


def test_a_stacked_two_level_table_gives_each_places_years_in_the_units_line() -> None:
    assert slots(targets(plan(STACKED)), "东湖镇") == [(18.0, "公里", 2026), (18.0, "公里", 2028), (24.0, "公里", 2027), (60.0, "公里", 2028)]


def test_a_place_and_its_part_name_one_row() -> None:
    assert slots(targets(plan(STACKED)), "南塘镇老街") == [(9.0, "公里", 2026), (9.0, "公里", 2028), (12.0, "公里", 2027), (30.0, "公里", 2028)]


def test_the_columns_before_the_span_are_no_targets() -> None:
    assert not any(t.value in (25.0, 120.5, 40.2, 80.3) for t in targets(plan(STACKED)))


def test_a_stacked_tables_zero_year_is_no_task() -> None:
    assert [value for value, _, _ in slots(targets(plan(STACKED)), "北港街道")] == [3.0, 7.0, 10.0]


def test_years_out_of_order_are_no_split_table() -> None:
    text = STACKED.replace("2027年\n40%", "2029年\n40%")
    assert slots(targets(plan(text)), "东湖镇") == []


def test_the_text_stating_the_total_rows_amount_is_one_target() -> None:
    text = STACKED.replace("附件1\n", "二、工作目标\n\n三年完成河道清淤100公里，其中第三年完成27公里。\n\n附件1\n")
    found = targets(plan(text))
    assert sorted(t.value for t in found if t.target_year == 2028 and t.value == 27.0) == [27.0]


# --- Word: the same table as a real table -----------------------------------------------------------


def test_a_word_table_of_places_by_year_gives_its_targets(tmp_path: Path) -> None:
    rows = [["街镇", "2026年", "2027年", "2028年", "三年合计"], ["东湖镇", "12", "15", "9", "36"], ["西山街道", "4", "5", "6", "15"]]
    path = word_table(tmp_path / "plan.docx", ["某区河道整治三年行动方案（2026-2028年）", "各街镇河道整治任务分解表（单位：公里）"], rows)
    assert slots(targets(parse_document(path)), "西山街道") == [(4.0, "公里", 2026), (5.0, "公里", 2027), (6.0, "公里", 2028), (15.0, "公里", 2028)]


# --- a total set before, cited as the ground of what follows ------------------------------------------

CITED = (
    HEAD
    + """二、工作目标

三年内完成河道整治480公里。

三、工作要求

（一）分解任务目标

按照本区完成480公里河道整治任务的总体目标，各街镇排定整治年份。
"""
)


def test_a_total_cited_as_the_goal_is_no_second_target() -> None:
    assert [t.value for t in targets(plan(CITED)) if t.value == 480.0] == [480.0]


def test_a_new_amount_after_according_to_is_still_read() -> None:
    text = CITED.replace("按照本区完成480公里", "按照本区完成520公里")
    assert sorted(t.value for t in targets(plan(text)) if t.value in (480.0, 520.0)) == [480.0, 520.0]


# --- kinds: a year's share of the work is an increment, the span's total cumulative -------------------------


def test_a_years_cell_of_a_split_table_is_an_increment() -> None:
    assert {t.kind for t in targets(plan(PIPES)) if t.indicator == "东湖镇" and t.value != 36.0} == {"increment"}


def test_a_split_tables_total_is_cumulative() -> None:
    (total,) = [t for t in targets(plan(STACKED)) if t.indicator == "东湖镇" and t.value == 60.0]
    assert total.kind == "cumulative"
