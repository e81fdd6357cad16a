"""Remove conversion artefacts from plan text while keeping every line traceable.

Cleaning works line by line, so line *i* of the cleaned text is line *i* of the source;
joining page-break splits produces :class:`~planwatch.models.Paragraph` objects whose
segments map each character back to its source line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache, partial

from planwatch.ingest.headings import BOX_RE, GOAL_RE, PREFACE_RE, SENTENCE_END_RE, classify_heading, is_title_line
from planwatch.models import Paragraph

# [bookmark: _Toc…] of a converted document, [video:…] / [image:…] a crawled page's media placeholders (a video's title
# repeats the headline): markup, not text.
_BOOKMARK_RE = re.compile(r"\[(?:bookmark|video|image|audio):[^\]]*\]")
# A tag is a name and attribute=value pairs with ASCII names, so text such as "a<b 且 c>d" survives.
_HTML_TAG_RE = re.compile(r"""</?[a-zA-Z][a-zA-Z0-9:]*(\s+[A-Za-z_:][-\w:.]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>""", re.ASCII)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS_RE = re.compile(r"\*\*|__")
# Web page furniture such as "来源:本站 发布时间:2022/07/07".
_PAGE_HEADER_RE = re.compile(r"^\s*(来源|信息来源)\s*[:：].{0,40}(发布时间|发布日期)\s*[:：]")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’•·—…"
# PDF extraction puts spaces inside Chinese words (建 立); a space next to a CJK
# character is never meaningful in Chinese text. Spaces between Latin words stay.
# Written space first (a run after a CJK character | a run before one), so the engine scans for a space in its fast loop.
_CJK_SPACE_RE = re.compile(rf"[ \u00a0\u3000](?:(?<=[{_CJK}][ \u00a0\u3000])[ \u00a0\u3000]*|[ \u00a0\u3000]*(?=[{_CJK}]))")


def one_for_one(table: Mapping[str, str]) -> Callable[[str], str]:
    """A function replacing each character ``table`` names by its value (one character each, so
    offsets stay): str.translate would look up every character of the text (≈ 20× slower on
    Chinese text); a pattern finds the few to replace."""
    pattern = re.compile("[" + "".join(re.escape(character) for character in table) + "]")
    return partial(pattern.sub, lambda match: table[match.group()])


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)  # titles, units and indicator names recur across a document's clauses and cells
def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character (lengths never change): the reader and the
    table finder both ask for it, so it lives here, below both."""
    converter = _converter()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else t for t, c in zip(text, (converter.convert(ch) for ch in text), strict=True))  # type: ignore[attr-defined]


_to_ascii = one_for_one(
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
# Emoji after a sentence's end (a reposted summary: …增长7%。📈) hide where the sentence ends.
_TRAILING_EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+\\s*$")
TOC_TITLE_RE = re.compile(r"^目\s*录$")
_TOC_ENTRY_RE = re.compile(r"(\t|[.…·]+|\s{2,})\s*\d{1,3}\s*$")
TABLE_CAPTION_RE = re.compile(r"^表\s*\d+")
NOTE_RE = re.compile(r"^(注|说明|备注|资料来源|数据来源)\s*[:：]")


# An aggregator's digest cites its sources with [1] / [1][2] and separates its items by spaces and ` - `, not by
# punctuation (…挡墙13.46千米 道路8.72千米 [1][2] - 建设…): there a space between Chinese words ends a clause.
# One footnote mark alone is no such evidence (a PDF line …居全国前列[1]。 keeps its stray spaces 研发 投入 otherwise):
# a digest has a ` - ` separator, marks in two places, or a mark and an item ending in a number and unit before a space.
_DIGEST_SEPARATOR_RE = re.compile(r"[\u4e00-\u9fff][ \u00a0\u3000]-[ \u00a0\u3000][\u4e00-\u9fff]")
_DIGEST_MARK_RE = re.compile(r"[\u4e00-\u9fff][ \u00a0\u3000]?\[\d{1,2}\](?:\[\d{1,2}\])*")
_DIGEST_ITEM_END_RE = re.compile(r"\d[\u4e00-\u9fff%]{1,4}[ \u00a0\u3000]+[\u4e00-\u9fff]")


def is_digest(text: str) -> bool:
    """A line written as a digest: its spaces are kept, one for each run, for the reader to end clauses at."""
    if "-" in text and _DIGEST_SEPARATOR_RE.search(text):
        return True
    if "[" not in text:
        return False
    marks = len(_DIGEST_MARK_RE.findall(text))
    return marks >= 2 or (marks == 1 and _DIGEST_ITEM_END_RE.search(text) is not None)


def clean_line(raw: str) -> str:
    """One source line without markup artefacts; leading tabs are kept (they are table structure)."""
    if "来源" in raw and _PAGE_HEADER_RE.match(raw):
        return ""
    # Each pass runs only when the character it needs is in the line: most lines need none of them.
    text = _BOOKMARK_RE.sub("", raw) if "[" in raw and ":" in raw else raw
    if "<" in text:
        text = _HTML_TAG_RE.sub("", text)
    if "#" in text:
        text = _MD_HEADING_RE.sub("", text)
    if "*" in text or "_" in text:
        text = _MD_EMPHASIS_RE.sub("", text)
    text = _to_ascii(text)
    if " " in text or "\u00a0" in text or "\u3000" in text:
        text = _CJK_SPACE_RE.sub(" " if is_digest(text) else "", text)
    if _TRAILING_EMOJI_RE.match(text.rstrip()[-1:]):  # the last character that is not a space
        text = _TRAILING_EMOJI_RE.sub("", text)
    return text.rstrip(" \u00a0\u3000\r\n\f")


def clean_lines(raw_lines: Sequence[str]) -> list[str]:
    return [clean_line(line) for line in raw_lines]


def find_toc(lines: Sequence[str]) -> set[int]:
    """Indices of table-of-contents lines: a 目录 block (with or without page numbers), or a run of
    lines ending in page numbers."""
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
            if TOC_TITLE_RE.match(text) and entries == 0:
                block, j = _toc_without_page_numbers(lines, i)
            if TOC_TITLE_RE.match(text) or entries >= 4:
                consumed.update(block)
                i = j
                continue
        i += 1
    return consumed


def _toc_without_page_numbers(lines: Sequence[str], title: int) -> tuple[list[int], int]:
    """A web page's 目录 lists the headings without page numbers: the list ends where its first
    entry appears again (the body begins) or at the first line that is not a short heading."""
    block = [title]
    first: str | None = None
    j = title + 1
    while j < len(lines):
        text = lines[j].strip()
        if text:
            if first is not None and text == first:
                break
            if len(text) > 40 or SENTENCE_END_RE.search(text) or "。" in text:
                break
            first = first or text
        block.append(j)
        j += 1
    return block, j


# Web-page furniture that is never part of a document: navigation, sharing, print, footer.
_CHROME_RE = re.compile(
    r"^\s*(首页\s*[>＞»]|当前位置|您现在的位置|上一篇|下一篇|上一条|下一条|分享到|【?打印(本页|此页)?】?|【?关闭(窗口|本页)?】?|扫一扫|返回顶部|网站地图|联系我们|"
    r"版权所有|主办单位|承办单位|技术支持|ICP备|[京沪粤浙苏鲁川渝]ICP|网站标识码|浏览次数|阅读次数|字号[:：]?\s*[大中小])"
)
_FOOTER_RE = re.compile(r"版权所有|Copyright|ICP备|网站标识码")


def find_chrome(lines: Sequence[str]) -> set[int]:
    """Indices of web-page chrome: navigation and sharing lines anywhere, and everything after a
    footer (版权所有, ICP备) in the last lines of the page."""
    chrome = {i for i, line in enumerate(lines) if _CHROME_RE.match(line)}
    tail_start = max(0, len(lines) - 40)
    footer = next((i for i in range(tail_start, len(lines)) if _FOOTER_RE.search(lines[i])), None)
    if footer is not None:
        chrome.update(range(footer, len(lines)))
    return chrome


def find_repeated_body(lines: Sequence[str], skip: set[int]) -> tuple[set[int], str | None]:
    """A scraped page that holds its body twice: the lines of the second copy, and a warning."""
    long_lines = [(i, lines[i].strip()) for i in range(len(lines)) if i not in skip and len(lines[i].strip()) >= 12]
    if len(long_lines) < 4:
        return set(), None
    texts = [t for _, t in long_lines]
    first_seen: dict[str, int] = {}
    for position, text in enumerate(texts):
        if text in first_seen:
            origin = first_seen[text]
            half = texts[origin:position]
            again = texts[position : position + len(half)]
            same = sum(a == b for a, b in zip(half, again, strict=False))
            if len(half) >= 2 and len(again) >= 0.8 * len(half) and same >= 0.8 * len(half):
                first, start = long_lines[origin][0], long_lines[position][0]
                shift = start - first
                while first > 0 and start - 1 > first and lines[first - 1].strip() == lines[start - 1].strip():
                    first, start = first - 1, start - 1  # headings just before the repeated lines
                end = start
                while end < len(lines) and (lines[end].strip() == lines[end - shift].strip() or not lines[end].strip()):
                    end += 1
                return set(range(start, end)), f"正文重复：第{start + 1}行起与第{first + 1}行起内容相同，只保留第一份"
            return set(), None
        first_seen[text] = position
    return set(), None


def _is_toc_entry(text: str) -> bool:
    # The length and the last character first (a page number ends an entry): the search is costly.
    return bool(text) and len(text) < 80 and text.rstrip()[-1:].isdecimal() and bool(_TOC_ENTRY_RE.search(text))


_INDENTED_RE = re.compile(r"^[ \u00a0]*\t")


def is_indented(raw: str) -> bool:
    """A line that starts with a tab came from a Word table cell or a text box."""
    return bool(_INDENTED_RE.match(raw))


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


_BARE_QUANTITY_RE = re.compile(r"^[约近超]?\d[\d.,]*\s*(?:%|％|‰|[\u4e00-\u9fff]{1,4}(?:/[\u4e00-\u9fff]{1,3})?)(?:以上|以下|左右|以内)?$")


def _continues(previous: str, following: str, blanks: int) -> bool:
    """Whether ``following`` continues the sentence ``previous`` left open."""
    if blanks > 3 or SENTENCE_END_RE.search(previous):
        return False
    if _BARE_QUANTITY_RE.match(previous) and _BARE_QUANTITY_RE.match(following):
        return False  # 200辆 / 200辆 / 200辆: a table's cells one a line (a year column each), no sentence wrapped
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
