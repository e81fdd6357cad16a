"""Recognise the numbering that structures Chinese plan documents.

The rank of a heading comes from its numbering style, never from markdown ``#`` depth:
第X篇 / 第X部分 (0) › 第X章 (1) › 第X节 (2) › 一、 (3) › （一） (4) › 1. / 1、 (5) › （1） (6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PART_RANK, CHAPTER_RANK, SECTION_RANK, TOPIC_RANK = 0, 1, 2, 3  # 第X篇 / 第X部分, 第X章, 第X节, 一、
LAST_HEADING_RANK = 4  # （一）: the ranks up to it are headings; below are numbered items
ITEM_RANK, SUBITEM_RANK = 5, 6  # 1. / 1、 and （1）
_ORDINAL = r"^第([一二三四五六七八九十]+|\d{1,2})"
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (PART_RANK, re.compile(_ORDINAL + r"(篇|部分)\s*(.*)$")),
    (CHAPTER_RANK, re.compile(_ORDINAL + r"(章)\s*(.*)$")),
    (SECTION_RANK, re.compile(_ORDINAL + r"(节)\s*(.*)$")),
    (TOPIC_RANK, re.compile(r"^([一二三四五六七八九十]{1,3})\s*、\s*(.*)$")),
    (LAST_HEADING_RANK, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$")),
    (ITEM_RANK, re.compile(r"^(\d{1,2})\s*[.．、]\s*(.*)$")),
    (SUBITEM_RANK, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")),
)
# The outline level of each rank in a document that numbers neither 节 nor parts above its chapters
# (a chapter or a part is level 0, 一、 level 1 with or without either above it); a document that
# does gives each rank below them one level more (heading_levels).
_BASE_LEVELS = {PART_RANK: 0, CHAPTER_RANK: 0, SECTION_RANK: 1, TOPIC_RANK: 1, LAST_HEADING_RANK: 2, ITEM_RANK: 3, SUBITEM_RANK: 4}


def heading_levels(ranks: set[int]) -> dict[int, int]:
    """Each rank's outline level in a document whose headings have ``ranks``."""
    return {
        rank: level + (PART_RANK in ranks and CHAPTER_RANK in ranks and rank > PART_RANK) + (SECTION_RANK in ranks and rank > SECTION_RANK)
        for rank, level in _BASE_LEVELS.items()
    }
PREFACE_RE = re.compile(r"^(前言|序言|引言|导言|前\s+言)$")
# 附录 / 附件1 / 附表2: an appendix stands at the top of the outline, after the last chapter.
APPENDIX_RE = re.compile(r"^(附\s*录|附\s*件|附\s*表)\s*([一二三四五六七八九十\d]{0,3})\s*[:：、.．]?\s*(.{0,40})$")
PREFACE_RANK, APPENDIX_RANK = -1, -2
# The first characters the patterns above accept (\d aside: any decimal digit, str.isdecimal).
_HEADING_STARTS = frozenset("第一二三四五六七八九十（(前序引导附")
BOX_RE = re.compile(r"^专栏\s*(\d{1,3})\s*[:：]?\s*(.*)$")
GOAL_RE = re.compile(r"^——\s*(.+)$")
# Sentence ends: a paragraph ending otherwise was cut (by a page break or a line wrap).
SENTENCE_END_RE = re.compile(r"[。！？!?；;：:…]\s*[”’」』）)]*\s*$")
# A standalone heading is short and has no sentence inside it.
MAX_HEADING_CHARS = 60
_LONG_LEAD_END_RE = re.compile(r"[。：:]")  # a colon ends the lead only in a long paragraph
_LEAD_END_RE = re.compile("。")


@dataclass(frozen=True)
class Heading:
    rank: int
    number: int
    label: str
    title: str
    inline: bool


def cn_to_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20; arabic digits pass through."""
    if text.isdigit():
        return int(text)
    values = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = values[ch]
    return total + current


def split_lead(text: str) -> tuple[str, bool]:
    """The title of a numbered paragraph: its lead sentence when text follows it (inline).

    A colon ends the lead only in a long paragraph: 一主导：新一代信息技术 is a heading.
    """
    match = (_LONG_LEAD_END_RE if len(text) > MAX_HEADING_CHARS else _LEAD_END_RE).search(text)
    if match and match.end() < len(text.rstrip()):
        return text[: match.start()].strip(), True
    stripped = text.strip().rstrip("。：:")
    return stripped, False


def classify_heading(text: str, *, previous_number: int | None = None) -> Heading | None:
    """Recognise a numbered heading or numbered paragraph at the start of ``text``.

    ``previous_number`` is the last item number seen at rank 3 (0 before the first): it
    settles ``1.5 至 10 年…`` (item 1 followed by text starting with 5) against a decimal
    number. ``None`` means the sequence is unknown and any number may continue it.
    """
    text = text.strip()
    if not (text[:1].isdecimal() or text[:1] in _HEADING_STARTS):
        return None  # most paragraphs: no pattern below can match their first character
    if text[0] in "前序引导" and PREFACE_RE.match(text):
        return Heading(rank=PREFACE_RANK, number=0, label="", title=text.replace(" ", ""), inline=False)
    appendix = APPENDIX_RE.match(text) if text[0] == "附" else None
    if appendix and "。" not in text:
        label = appendix.group(1).replace(" ", "") + appendix.group(2)
        number = cn_to_int(appendix.group(2)) if appendix.group(2) else 0
        return Heading(rank=APPENDIX_RANK, number=number, label=label, title=appendix.group(3).strip() or label, inline=False)
    for rank, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if rank <= SECTION_RANK:
            number_text, unit, rest = match.groups()
            label = f"第{number_text}{unit}"
        else:
            number_text, rest = match.groups()
            label = text[: match.start(2)].strip()
        if not rest:
            return None
        number = cn_to_int(number_text)
        if rank == ITEM_RANK and not _is_item_number(text, match, number, previous_number):
            return None
        title, inline = split_lead(rest)
        if not inline and len(title) > MAX_HEADING_CHARS:
            return None
        return Heading(rank=rank, number=number, label=label, title=title, inline=inline)
    return None


def _is_item_number(text: str, match: re.Match[str], number: int, previous: int | None) -> bool:
    separator = text[match.end(1) : match.start(2)].strip()
    rest = match.group(2)
    if separator in (".", "．") and rest[:1].isdigit():
        # "1.5 至 10 年…" is item 1 only as a standalone heading continuing the sequence;
        # otherwise it is the number 1.5 at the start of a sentence.
        standalone = not SENTENCE_END_RE.search(text) and "。" not in text and len(text) <= MAX_HEADING_CHARS
        return standalone and (previous is None or number in (1, previous + 1))
    return True


def is_title_line(text: str) -> bool:
    """The document title (e.g. 深圳市科技创新“十四五”规划): not joined with the next line."""
    return len(text) <= 60 and bool(re.search(r"(规划|纲要|方案|计划)[”\"」]?\s*([（(][^）)]{1,8}[）)])?$", text))
