"""The outline of each real seed plan matches the hand-checked counts in shared/gold."""

from __future__ import annotations

from collections import Counter
from typing import Any

from planwatch.ingest.pipeline import parse_text
from planwatch.models import ParsedPlan, Section

HEADING_KINDS = {"chapter", "section", "subsection", "item", "subitem"}


def standalone_by_level(plan: ParsedPlan) -> Counter[int]:
    return Counter(s.level for s in plan.sections if s.kind in HEADING_KINDS and not s.inline)


def test_outline_counts_match_gold(parsed: dict[str, ParsedPlan], gold: dict[str, Any], source_file_key: dict[str, str]) -> None:
    for source_file, expected in gold["outline"].items():
        plan = parsed[source_file_key[source_file]]
        levels = standalone_by_level(plan)
        for field, level in (("level0_chapters", 0), ("level1", 1), ("level2", 2), ("level3", 3)):
            if field in expected:
                assert levels[level] == expected[field], (source_file, field)
        if "boxes" in expected:
            numbered = [s for s in plan.sections if s.kind == "box" and s.label.startswith("专栏")]
            assert [s.label for s in numbered] == [f"专栏{n}" for n in range(1, expected["boxes"] + 1)]
        if "numbered_items" in expected:
            assert sum(1 for s in plan.sections if s.kind == "item") == expected["numbered_items"]


def children(plan: ParsedPlan, parent: Section) -> list[Section]:
    return [s for s in plan.sections if s.parent == parent.ordinal]


def descendants(plan: ParsedPlan, ancestor: Section) -> list[Section]:
    by_ordinal = {s.ordinal: s for s in plan.sections}
    found = []
    for s in plan.sections:
        p = s.parent
        while p is not None:
            if p == ancestor.ordinal:
                found.append(s)
                break
            p = by_ordinal[p].parent
    return found


def test_city_items_restart_per_chapter_and_1_5_is_item_one(parsed: dict[str, ParsedPlan]) -> None:
    plan = parsed["shenzhen"]
    chapters = [s for s in plan.sections if s.kind == "chapter"]
    numbers = {c.label: [s.label for s in descendants(plan, c) if s.kind == "item"] for c in chapters}
    assert numbers["三、"] == [f"{n}." for n in range(1, 13)]
    assert numbers["四、"] == [f"{n}." for n in range(1, 12)]
    assert numbers["五、"] == [f"{n}." for n in range(1, 8)] + ["1.", "2."]
    by_line = {s.start_line: s for s in plan.sections}
    assert (by_line[92].label, by_line[92].title) == ("1.", "5至10年内有望成长为战略性新兴产业")
    assert (by_line[94].label, by_line[94].title) == ("2.", "10至15年内有望成长为战略性新兴产业")
    # Line 1 is the web page header, not plan text; sections with ASCII parentheses parse.
    assert all(s.start_line > 1 for s in plan.sections)
    assert by_line[140].title == "深汕智造城创新集群区"
    assert by_line[140].label.replace(" ", "") == "(十一)"


def test_longgang_has_32_continuous_tasks_under_main_tasks(parsed: dict[str, ParsedPlan]) -> None:
    plan = parsed["longgang"]
    tasks_chapter = next(s for s in plan.sections if s.kind == "chapter" and s.label == "三、")
    assert [s.label for s in descendants(plan, tasks_chapter) if s.kind == "item"] == [f"{n}." for n in range(1, 33)]


def test_tables_of_contents_do_not_become_sections(parsed: dict[str, ParsedPlan]) -> None:
    for key, (first, last) in {"longgang": (5, 31), "nanshan": (5, 41), "baoan": (12, 100)}.items():
        assert not [s for s in parsed[key].sections if first <= s.start_line <= last], key


def test_levels_come_from_numbering_not_markdown_depth(parsed: dict[str, ParsedPlan]) -> None:
    baoan = {s.start_line: s for s in parsed["baoan"].sections}
    # "### 第三章" (three #) is a chapter; "#### 一、指导思想" is level 1 under it.
    assert (baoan[280].kind, baoan[280].level) == ("chapter", 0)
    assert (baoan[282].level, baoan[282].parent) == (1, baoan[280].ordinal)
    nanshan = {s.start_line: s for s in parsed["nanshan"].sections}
    assert nanshan[179].level == 1  # "#### **四、…"
    assert nanshan[179].title.startswith("聚焦经济主战场")
    assert nanshan[333].level == 2  # half-width (二)
    assert nanshan[333].title == "强化科技金融融合"


def test_guangming_boxes_and_projects(parsed: dict[str, ParsedPlan]) -> None:
    plan = parsed["guangming"]
    by_line = {s.start_line: s for s in plan.sections}
    box1 = by_line[108]
    assert (box1.kind, box1.label, box1.title) == ("box", "专栏1", "重大科技基础设施建设重点专项")
    projects = [s for s in children(plan, box1) if s.kind == "project"]
    assert [p.label for p in projects] == [f"{n}." for n in range(1, 11)]
    assert projects[0].title == "深圳中能同步辐射光源"
    assert box1.end_line == 124
    for line, title in ((332, "光明科学城综合性创新服务平台"), (340, "科技金融在线服务平台")):
        assert (by_line[line].kind, by_line[line].label, by_line[line].title) == ("box", "", title)
    # The item after box 1 is back in the body, and _GoBack at 329 hides no heading.
    assert by_line[127].kind == "item"
    assert by_line[127].label == "2."
    assert by_line[329].kind == "item"
    assert by_line[329].title == "完善高端人才培养机制"


def test_sections_have_paths_and_spans(parsed: dict[str, ParsedPlan]) -> None:
    plan = parsed["nanshan"]
    chapter = next(s for s in plan.sections if s.kind == "chapter" and s.label == "二、")
    assert (chapter.start_line, chapter.end_line) == (89, 129)
    assert [c.path for c in children(plan, chapter)][:3] == [f"{chapter.path}.{n}" for n in (1, 2, 3)]
    for section in plan.sections:
        assert section.start_line <= section.end_line


# -- numbering styles the demo plans do not use (our own text) ----------------------------------

CHAPTERS_AND_SECTIONS = """某省科技创新“十四五”规划

第一章 发展基础

全省研发投入持续增长。

第二章 总体要求

第一节 指导思想

坚持创新驱动发展。

第二节 发展目标

一、总体目标

到2025年，基本建成区域科技创新高地。

第三章 重点任务

第一节 建设创新平台

1.建设省实验室。围绕重点领域布局一批省实验室。
"""

PARTS_AND_CHAPTERS = """某市国民经济和社会发展规划纲要

第一篇 开启新征程

第一章 发展环境

全市经济实力明显增强。

第二章 指导思想

坚持稳中求进。

第二篇 建设创新城市

第三章 提升创新能力

加快建设综合性科学中心。
"""


def _outline(text: str) -> dict[str, tuple[str, int, str | None]]:
    plan = parse_text(text, name="plan.txt")
    by_ordinal = {s.ordinal: s for s in plan.sections}
    return {s.label + s.title: (s.kind, s.level, by_ordinal[s.parent].label if s.parent else None) for s in plan.sections}


def test_a_section_numbered_jie_sits_under_its_chapter() -> None:
    assert _outline(CHAPTERS_AND_SECTIONS)["第二节发展目标"] == ("section", 1, "第二章")


def test_a_topic_numbered_yi_sits_under_its_jie() -> None:
    assert _outline(CHAPTERS_AND_SECTIONS)["一、总体目标"][1:] == (2, "第二节")


def test_an_item_sits_under_the_jie_that_holds_it() -> None:
    assert _outline(CHAPTERS_AND_SECTIONS)["1.建设省实验室"][2] == "第一节"


def test_a_chapter_sits_under_its_part() -> None:
    assert _outline(PARTS_AND_CHAPTERS)["第三章提升创新能力"] == ("section", 1, "第二篇")


def test_a_table_takes_its_captions_number_as_its_label() -> None:
    text = "某区规划\n\n一、发展目标\n\n表3 主要指标\n\n| 指标 | 2025年 |\n| --- | --- |\n| 研发投入强度（%） | 3 |\n"
    table = next(s for s in parse_text(text, name="plan.md").sections if s.kind == "table")
    assert (table.label, table.title) == ("表3", "主要指标")


def test_a_box_numbering_its_projects_1_in_brackets_holds_them() -> None:
    text = "某区规划\n\n一、重点任务\n\n专栏1 重大平台工程\n（1）新材料实验室：建设研究中心3个。\n（2）先进计算平台：完成一期建设。\n"
    projects = [s.title for s in parse_text(text, name="plan.txt").sections if s.kind == "project"]
    assert projects == ["新材料实验室：建设研究中心3个", "先进计算平台：完成一期建设"]
