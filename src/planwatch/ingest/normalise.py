"""Remove conversion artefacts from plan text while keeping every line traceable.

Cleaning works line by line, so line *i* of the cleaned text is line *i* of the source;
joining page-break splits produces :class:`~planwatch.models.Paragraph` objects whose
segments map each character back to its source line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from planwatch.ingest.headings import BOX_RE, GOAL_RE, PREFACE_RE, SENTENCE_END_RE, classify_heading, is_title_line
from planwatch.models import Paragraph

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
# A tag is a name and attribute=value pairs with ASCII names, so text such as "a<b 且 c>d" survives.
_HTML_TAG_RE = re.compile(r"""</?[a-zA-Z][a-zA-Z0-9:]*(\s+[A-Za-z_:][-\w:.]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>""", re.ASCII)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS_RE = re.compile(r"\*\*|__")
# Web page furniture such as "来源:本站 发布时间:2022/07/07".
_PAGE_HEADER_RE = re.compile(r"^\s*(来源|信息来源)\s*[:：].{0,40}(发布时间|发布日期)\s*[:：]")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’•·—…"
# PDF extraction puts spaces inside Chinese words (建 立); a space next to a CJK
# character is never meaningful in Chinese text. Spaces between Latin words stay.
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])[ \u00a0\u3000]+|[ \u00a0\u3000]+(?=[{_CJK}])")
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "．": ".",
        "＋": "+",
        "－": "-",
        "＞": ">",
        "＜": "<",
    }
)
TOC_TITLE_RE = re.compile(r"^目\s*录$")
_TOC_ENTRY_RE = re.compile(r"(\t|[.…·]+|\s{2,})\s*\d{1,3}\s*$")
TABLE_CAPTION_RE = re.compile(r"^表\s*\d+")
NOTE_RE = re.compile(r"^(注|说明|备注|资料来源|数据来源)\s*[:：]")


def clean_line(raw: str) -> str:
    """One source line without markup artefacts; leading tabs are kept (they are table structure)."""
    if _PAGE_HEADER_RE.match(raw):
        return ""
    text = _BOOKMARK_RE.sub("", raw)
    text = _HTML_TAG_RE.sub("", text)
    text = _MD_HEADING_RE.sub("", text)
    text = _MD_EMPHASIS_RE.sub("", text)
    text = text.translate(_FULLWIDTH)
    text = _CJK_SPACE_RE.sub("", text)
    return text.rstrip(" \u00a0\u3000\r\n\f")


def clean_lines(raw_lines: Sequence[str]) -> list[str]:
    return [clean_line(line) for line in raw_lines]


def find_toc(lines: Sequence[str]) -> set[int]:
    """Indices of table-of-contents lines: a 目录 block, or a run of lines ending in page numbers."""
    consumed: set[int] = set()
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        if TOC_TITLE_RE.match(text) or _is_toc_entry(text):
            j, entries = i + (1 if TOC_TITLE_RE.match(text) else 0), 0
            block = [i]
            while j < len(lines) and (not lines[j].strip() or _is_toc_entry(lines[j].strip())):
                if lines[j].strip():
                    entries += 1
                block.append(j)
                j += 1
            if TOC_TITLE_RE.match(text) or entries >= 4:
                consumed.update(block)
                i = j
                continue
        i += 1
    return consumed


def _is_toc_entry(text: str) -> bool:
    return bool(text) and bool(_TOC_ENTRY_RE.search(text)) and len(text) < 80


def is_indented(raw: str) -> bool:
    """A line that starts with a tab came from a Word table cell or a text box."""
    return bool(re.match(r"^[ \u00a0]*\t", raw))


def join_paragraphs(cleaned: Sequence[str], raw: Sequence[str], skip: Iterable[int] = ()) -> list[Paragraph]:
    """Group cleaned lines into paragraphs, rejoining sentences cut by page breaks or wraps.

    Lines in ``skip`` (tables, the table of contents) end any open paragraph.
    """
    skipped = set(skip)
    paragraphs: list[Paragraph] = []
    text, indented = "", False
    segments: list[tuple[int, int]] = []
    blanks = 0

    def close() -> None:
        nonlocal text, segments
        if text:
            paragraphs.append(Paragraph(text=text, segments=tuple(segments), indented=indented))
        text, segments = "", []

    for index, line in enumerate(cleaned):
        if index in skipped:
            close()
            blanks = 0
            continue
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if text and _continues(text, stripped, blanks):
            glue = " " if text[-1:].isascii() and text[-1:].isalnum() and stripped[:1].isascii() and stripped[:1].isalnum() else ""
            segments.append((len(text) + len(glue), index + 1))
            text += glue + stripped
        else:
            close()
            text, segments, indented = stripped, [(0, index + 1)], is_indented(raw[index])
        blanks = 0
    close()
    return paragraphs


def _continues(previous: str, following: str, blanks: int) -> bool:
    """Whether ``following`` continues the sentence ``previous`` left open."""
    if blanks > 3 or SENTENCE_END_RE.search(previous):
        return False
    if is_title_line(previous) or TABLE_CAPTION_RE.match(previous) or TOC_TITLE_RE.match(previous) or BOX_RE.match(previous):
        return False
    heading = classify_heading(previous)
    if heading is not None and not heading.inline:
        return False
    return not starts_block(following)


def starts_block(text: str) -> bool:
    """Whether a line opens something new: a heading, box, goal bullet, caption or note."""
    return bool(
        classify_heading(text) is not None
        or BOX_RE.match(text)
        or GOAL_RE.match(text)
        or TABLE_CAPTION_RE.match(text)
        or NOTE_RE.match(text)
        or PREFACE_RE.match(text)
    )
