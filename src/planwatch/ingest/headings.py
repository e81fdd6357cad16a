"""Recognise the numbering that structures Chinese plan documents.

The rank of a heading comes from its numbering style, never from markdown ``#`` depth:
第X章 (0) › 一、 (1) › （一） (2) › 1. / 1、 (3) › （1） (4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^第([一二三四五六七八九十]+|\d{1,2})([章篇部分]+)\s*(.*)$")),
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*、\s*(.*)$")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、]\s*(.*)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")),
)
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
        if rank == 0:
            number_text, unit, rest = match.groups()
            label = f"第{number_text}{unit}"
        else:
            number_text, rest = match.groups()
            label = text[: match.start(2)].strip()
        if not rest:
            return None
        number = cn_to_int(number_text)
        if rank == 3 and not _is_item_number(text, match, number, previous_number):
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
