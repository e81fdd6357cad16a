"""Every table of the seeds comes out as header + rows, raw cells kept, with source lines."""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from planwatch.ingest import tables
from planwatch.models import ParsedPlan, Table
from tests.test_language_hints import _firsts


def rows_by_name(table: Table, column: int) -> dict[str, tuple[str, ...]]:
    return {row.cells[column]: row.cells for row in table.rows}


def test_nanshan_tab_tables(parsed: dict[str, ParsedPlan]) -> None:
    history, indicators = parsed["nanshan"].tables
    assert history.title == "表1“十三五”科技发展目标完成情况"
    assert history.header == ("序号", "指标名称", "单位", "“十三五”目标值", "“十三五”完成值", "完成情况")
    assert [r.lines for r in history.rows] == [(72,), (73,), (74,), (75,)]
    assert indicators.rows[0].cells == ("1", "全社会研发经费投入增长", "%", "预期性", "-", "9")
    assert indicators.notes == ("说明：全社会研发经费投入增长为5年平均增长值。",)


def test_baoan_split_tables_merge_group_cells_and_spill(parsed: dict[str, ParsedPlan], gold: dict[str, Any]) -> None:
    history, indicators = parsed["baoan"].tables
    assert len(history.rows) == 21
    assert history.header[1] == "指标内容"
    by_name = {row.cells[1]: row for row in history.rows}
    standards = by_name["主导及参与研制国际、国家、行业标准(项)"]
    assert standards.cells == ("创新成果规模提升", "主导及参与研制国际、国家、行业标准(项)", "280", "-")
    assert standards.lines == (204, 207)
    assert by_name["规模以上工业增加值率（%）"].cells[0] == "创新投入效率提升"  # group cell carried down
    # Every 十三五 row of the gold is present with its raw cells exactly as printed.
    for record in (g for g in gold["historical"] if g["plan"] == "002_f5defb963672fdb1.txt"):
        row = next(r for r in history.rows if r.cells[1].startswith(record["indicator"]))
        assert (row.cells[2], row.cells[3]) == (record["target_raw"], record["actual_raw"]), record
        assert record["line"] in row.lines
    assert len(indicators.rows) == 18
    assert [r.cells[1] for r in indicators.rows] == [str(n) for n in range(1, 19)]
    assert rows_by_name(indicators, 2)["授权发明专利数"][4] == "XX"
    assert indicators.rows[9].lines == (352,)  # row 10 sits after a page break and a repeated header


def test_guangming_one_cell_per_line_table(parsed: dict[str, ParsedPlan]) -> None:
    (table,) = parsed["guangming"].tables
    assert table.title == "表1光明区“十四五”科技创新发展主要指标"
    assert table.header == ("序号", "指标", "单位", "2025年目标值", "指标属性")
    assert len(table.rows) == 10
    seventh = table.rows[6]
    assert seventh.cells == ("7", "战略性新兴产业增加值占GDP比重", "%", ">45.0", "预期性")
    assert seventh.lines == (71, 72, 73, 74, 75, 76)
    assert table.rows[1].cells[3] == "20%"


def test_city_table_with_lost_body_is_kept_empty_and_warned(parsed: dict[str, ParsedPlan]) -> None:
    (table,) = parsed["shenzhen"].tables
    assert table.rows == ()
    assert table.start_line == 34
    assert "表格正文缺失：原文仅存标题" in table.notes
    assert "注:以上指标均为预期性指标。" in table.notes
    assert any("缺失" in w for w in parsed["shenzhen"].warnings)


def test_longgang_has_no_tables(parsed: dict[str, ParsedPlan]) -> None:
    assert parsed["longgang"].tables == ()


def test_nanshan_historical_rows_match_gold(parsed: dict[str, ParsedPlan], gold: dict[str, Any]) -> None:
    history = parsed["nanshan"].tables[0]
    for record in (g for g in gold["historical"] if g["plan"] == "001_824ddc3381a5e2eb.txt"):
        row = next(r for r in history.rows if r.cells[1] == record["indicator"])
        assert row.lines == (record["line"],)
        assert (float(row.cells[3]), float(row.cells[4])) == (record["target"], record["actual"])


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("类别", "group"), ("分类", "group"), ("领域", "group"), ("一级指标", "group"), ("指标类别", "group"), ("维度", "group"),
        ("方面", "group"), ("序号", "serial"), ("编号", "serial"), ("主要指标", "name"), ("具体指标", "name"), ("二级指标", "name"),
        ("指标名称", "name"), ("计量单位", "unit"), ("单位", "unit"), ("2027年目标值", "value"), ("1990年基期值", "value"),
        ("基期值", "value"), ("现状值", "value"), ("目标值", "value"), ("规划值", "value"), ("预期值", "value"), ("年均增速", "value"),
        ("全年完成", "value"), ("指标属性", "attribute"), ("属性", "attribute"), ("数据来源", "source"), ("来源", "source"),
        ("责任单位", "source"), ("牵头单位", "source"), ("屬性", "attribute"), ("（注）指標", "name"), ("目 标 值", "value"),
    ],
)
def test_every_kind_of_column_name_is_read_past_the_first_character_check(cell: str, role: str) -> None:
    # one name per alternative of the role patterns: a first character missing from STACK_ROLE_STARTS fails here
    assert tables._stack_role(cell) == role


def test_a_cell_opening_with_no_column_names_character_has_no_role() -> None:
    assert tables._stack_role("研发投入强度") is None


@pytest.mark.parametrize("role", [role for role, _ in tables._STACK_ROLES])
def test_every_first_character_of_a_role_pattern_is_a_listed_start(role: str) -> None:
    source = dict(tables._STACK_ROLES)[role].pattern
    assert "[^" not in source  # the anchors are dropped below by removing every ^
    firsts = _firsts(list(_parser.parse(source.replace("^", ""))))
    assert [f for f in firsts if not (f[0] is sre.LITERAL and chr(f[1]) in tables.STACK_ROLE_STARTS)] == []
