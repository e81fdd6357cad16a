"""What a PDF's page layout does to a plan's text, read back as the plan wrote it (our own text, laid out
as pdf_to_text gives a Word table with a narrow name column)."""

from __future__ import annotations

from planwatch.extract import extract_targets
from planwatch.ingest.pipeline import parse_text
from planwatch.models import Target

WRAPPED_TABLE = """某省科技创新规划
表1 主要指标
序号 指标 2020年 2025年 属性
1 研究与试验发 2.3 2.8 预期性
展经费支出占
地区生产总值
比重（%）
2 每万人口高价 5.1 10 预期性
值发明专利拥
有量（件）
3 省级以上科技 180 260 预期性
企业孵化器数
量（家）
第二章 重点任务
"""


def _targets(text: str) -> list[Target]:
    found, _, _ = extract_targets(parse_text(text, name="plan.txt"))
    return found


def test_a_name_wrapped_below_its_row_is_read_whole() -> None:
    assert [t.indicator for t in _targets(WRAPPED_TABLE)] == [
        "研究与试验发展经费支出占地区生产总值比重",
        "每万人口高价值发明专利拥有量",
        "省级以上科技企业孵化器数量",
    ]


def test_the_wrapped_rows_keep_their_values() -> None:
    assert [(t.value, t.baseline_value) for t in _targets(WRAPPED_TABLE)] == [(2.8, 2.3), (10, 5.1), (260, 180)]


def test_a_heading_after_the_table_is_not_taken_into_the_last_name() -> None:
    table = parse_text(WRAPPED_TABLE, name="plan.txt").tables[0]
    assert table.rows[-1].cells[1] == "省级以上科技企业孵化器数量（家）"


def test_a_short_line_after_the_table_without_a_unit_is_no_part_of_its_name() -> None:
    text = WRAPPED_TABLE.replace("3 省级以上科技 180 260 预期性\n企业孵化器数\n量（家）\n", "3 省级以上科技企业孵化器数量 180 260 预期性\n加快建设创新平台\n")
    table = parse_text(text, name="plan.txt").tables[0]
    assert table.rows[-1].cells[1] == "省级以上科技企业孵化器数量"


def test_a_unit_wrapped_after_its_scale_stays_with_its_number() -> None:
    found = _targets("某省规划\n到2025年，全社会研发经费投入年均增长12%以上，技术合同成交额达到3000亿\n元。\n")
    assert [(t.indicator, t.value, t.unit) for t in found if t.indicator == "技术合同成交额"] == [("技术合同成交额", 3000, "亿元")]
