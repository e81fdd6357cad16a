"""Cleaning keeps every line traceable; page-break splits are rejoined."""

from __future__ import annotations

import pytest

from planwatch.ingest.headings import (
    APPENDIX_RANK,
    CHAPTER_RANK,
    ITEM_RANK,
    LAST_HEADING_RANK,
    PART_RANK,
    PREFACE_RANK,
    SECTION_RANK,
    SUBITEM_RANK,
    TOPIC_RANK,
    classify_heading,
    cn_to_int,
)
from planwatch.ingest.normalise import clean_line, find_toc, join_paragraphs
from planwatch.models import ParsedPlan


def test_clean_line_removes_artefacts_but_keeps_latin_spaces() -> None:
    assert clean_line("深圳经济特区建 立 40 周年") == "深圳经济特区建立40周年"
    assert clean_line("[bookmark: _Toc2775]前 言") == "前言"
    assert clean_line("<b>七、保障措施.....</b>\t<b>36</b>") == "七、保障措施.....\t36"
    assert clean_line("## **（二）西丽湖国际科教城**") == "（二）西丽湖国际科教城"
    assert clean_line("Micro LED and AMOLED 显示") == "Micro LED and AMOLED显示"
    assert clean_line("来源:本站 发布时间:2022/07/07") == ""
    assert clean_line("达到１０８件，占比５０％") == "达到108件，占比50%"
    assert clean_line("\t规模以上工业增加值率（%）\t25\t\t") == "\t规模以上工业增加值率（%）\t25\t\t"


def test_headings_by_numbering_style() -> None:
    assert classify_heading("第三章 指导思想") is not None
    assert classify_heading("第三章 指导思想").rank == CHAPTER_RANK
    assert [classify_heading(t).rank for t in ("一、总体思路", "（二）面临形势", "(十一 )深汕", "3.强化", "（1）项目")] == [
        TOPIC_RANK,
        LAST_HEADING_RANK,
        LAST_HEADING_RANK,
        ITEM_RANK,
        SUBITEM_RANK,
    ]  # type: ignore[union-attr]
    inline = classify_heading("1.打造体系完整的科研实验条件。建设国家超级计算深圳中心二期。")
    assert inline is not None
    assert inline.inline
    assert inline.title == "打造体系完整的科研实验条件"
    assert classify_heading("2.5%的企业设立研发机构。") is None
    assert classify_heading("1.5至10年内有望成长为战略性新兴产业", previous_number=0) is not None
    assert classify_heading("3.5至10年内有望成长为战略性新兴产业", previous_number=0) is None
    assert [cn_to_int(t) for t in ("一", "十", "十一", "二十三")] == [1, 10, 11, 23]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("研发投入增长7%。📈  ", "研发投入增长7%。"),
        ("企业数量翻一番👨\u200d💻", "企业数量翻一番"),
        ("## 二、 主要 任务", "二、主要任务"),
        ("__重点__项目**十项**", "重点项目十项"),
        ("产值\u3000达到\u00a0100亿元", "产值达到100亿元"),
        ("<span class='x'>科技</span>创新", "科技创新"),
    ],
)
def test_each_cleaning_pass_still_runs_when_its_character_is_there(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("  二、主要任务", TOPIC_RANK),
        ("１．加强基础研究", ITEM_RANK),
        ("前言", PREFACE_RANK),
        ("附件2：重点项目表", APPENDIX_RANK),
        ("(3)推进改革", SUBITEM_RANK),
        ("第一篇 总体要求", PART_RANK),
        ("第二节 发展目标", SECTION_RANK),
    ],
)
def test_every_numbering_start_is_still_a_heading(text: str, rank: int) -> None:
    # Paragraphs are rejected by their first character before any pattern runs: these must pass that check.
    heading = classify_heading(text)
    assert heading is not None
    assert heading.rank == rank


@pytest.mark.parametrize("text", ["到2025年，全社会研发投入强度达到4.5%。", "“十四五”时期", ""])
def test_a_paragraph_starting_otherwise_is_no_heading(text: str) -> None:
    assert classify_heading(text) is None


def test_page_break_split_sentences_are_rejoined_with_line_map(parsed: dict[str, ParsedPlan]) -> None:
    longgang = next(p for p in parsed["longgang"].paragraphs if p.start_line == 135)
    offset = longgang.text.index("高新技术产业产值占")
    assert longgang.lines == (135, 137)
    assert longgang.line_at(offset) == 137
    assert longgang.line_at(0) == 135
    baoan = next(p for p in parsed["baoan"].paragraphs if p.start_line == 136)
    assert "授权发明专利2005件" in baoan.text
    assert baoan.line_at(baoan.text.index("明专利2005")) == 140


def test_join_keeps_headings_and_complete_sentences_apart() -> None:
    raw = ["1.创新位势持续上升", "", "“十三五”期间，龙岗全面提升自主创新能力，专利", "", "", "申请量保持增长。", "", "2.下一项"]
    paragraphs = join_paragraphs([clean_line(r) for r in raw], raw)
    assert [p.text for p in paragraphs] == [
        "1.创新位势持续上升",
        "“十三五”期间，龙岗全面提升自主创新能力，专利申请量保持增长。",
        "2.下一项",
    ]
    assert paragraphs[1].lines == (3, 6)


def test_toc_block_is_found() -> None:
    lines = ["标题", "目 录", "前言\t1", "一、发展基础\t2", "(一) 发展基础\t2", "", "前言", "正文。"]
    assert find_toc([clean_line(x) for x in lines]) == {1, 2, 3, 4, 5}


def test_markup_is_removed_but_angle_brackets_in_text_survive() -> None:
    from planwatch.ingest.normalise import clean_line

    assert clean_line('<span style="color:red" class=x>科技</span><o:p></o:p>') == "科技"
    assert clean_line("<p align=center>标题</p><br/>") == "标题"
    assert "<b且c>" in clean_line("公式 a<b 且 c>d")  # not a tag: its "attribute" is not an ASCII name


def test_a_crawled_pages_media_placeholder_is_markup() -> None:
    assert clean_line("[video:全县将新建农村公路80公里]今天举行的发布会上") == "今天举行的发布会上"


def test_a_bracketed_note_with_a_colon_is_kept() -> None:
    assert clean_line("[注:单位为亿元]全年投资120") == "[注:单位为亿元]全年投资120"


def test_one_footnote_mark_does_not_make_a_pdf_line_a_digest() -> None:
    assert clean_line("到2026年，科技 成果转化率提高到 40%，位居全省前列[1]。") == "到2026年，科技成果转化率提高到40%，位居全省前列[1]。"
