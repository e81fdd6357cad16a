"""Text prepared for reading targets: simplified characters, no pinyin glosses, ASCII digits and
punctuation, no spaces inside Chinese words, Chinese numerals such as 百分之八 written as 8% and years such as
二○二五年 written as 2025年.

Every character of the prepared text maps back to an offset of the original, so evidence is
always quoted from the text as the document printed it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.extract.numbers import CN_NUMERALS, cn_number
from planwatch.ingest.normalise import one_for_one, to_simplified

# 經(jīng)濟 / 擁有(yǒu ): a big5 mirror page glosses characters with tone-marked pinyin in brackets (a space may close it).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_RE = re.compile(rf"\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}} ?\)")


# 今(109)年 / 明(2021)年 / 去(108)年: Taiwanese news glosses a relative year with its number; the word read as 今年 / 明年 /
# 去年 keeps what it says of the document's date (the bracket alone, a 108年 of the Republic, would be read on its own).
_YEAR_GLOSS_RE = re.compile(r"(?<=[今明去前])\(\s*\d{2,4}\s*\)(?=\s*年)")


def without_glosses(text: str) -> str:
    """生產(chǎn)能力 → 生產能力: a cell or name as the page would print it without the mirror's glosses."""
    return _PINYIN_RE.sub("", text) if "(" in text else text


_PERCENT_RE = re.compile(rf"百分之([{CN_NUMERALS}点]+|\d+(?:\.\d+)?)")
_FRACTION_RE = re.compile(rf"([{CN_NUMERALS}\d]+)分之([{CN_NUMERALS}\d]+)")
# 二○二五年 / 一九九八年: a year written digit by digit in Chinese numerals (○ often stands for 〇), four characters for four;
# 一一五年 / 一二一年: a year of the Republic (100–129) written so, three for three (the year reader decides what it is).
_CN_YEAR_RE = re.compile(r"(?:(?:一九|二[〇○零O])[〇○零O一二三四五六七八九]|(?<![〇○零O一二两三四五六七八九十百千])一[〇○零O一二])[〇○零O一二三四五六七八九](?=\s*年)")
_CN_DIGIT_TO_ASCII = str.maketrans("〇○零O一二三四五六七八九", "0000123456789")


@dataclass(frozen=True)
class Prepared:
    """``text`` prepared for reading, and for each of its characters the offset in the original."""

    text: str
    offsets: Sequence[int]  # a range when nothing was dropped: each character its own offset
    original: str

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for ``text[start:end]``."""
        if not self.offsets:
            return 0, 0
        first = self.offsets[min(start, len(self.offsets) - 1)]
        last = self.offsets[min(max(end - 1, start), len(self.offsets) - 1)] + 1
        return first, last

    def quote(self, start: int, end: int) -> str:
        first, last = self.source_span(start, end)
        return self.original[first:last]


# Full-width ASCII → ASCII, ideographic and no-break spaces and tabs → space: one character each.
_halfwidth = one_for_one(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " ", "\u00a0": " ", "\t": " ", "〜": "~", "–": "-"}
)
_SPACES_RE = re.compile(r" +")
# Groups of three digits after one space, the first group of one to three digits standing alone, the last
# followed by what the number counts (a unit or a word), not by another cell: 45 000个, 1 000 000人, 3 700万 (not 85 100,
# nor 专栏3 100个 / 附表2 300家 / 第5 200项, a number of a box, table or item before the count).
_SPACED_THOUSANDS_LEFT_RE = re.compile(r"(?:^|[^\d.,\s表栏图第号条] ?)\d{1,3}(?: \d{3})*$")
_SPACED_THOUSANDS_RIGHT_RE = re.compile(r"\d{3}(?: \d{3})*(?=[^\d\s.,|])")


_REFERENCE_MARK_RE = re.compile(r"\[\d{1,2}\]")
# 1.2025年6月底前，新增…: a list item's number glued to the year it opens with (not the decimal 1.2025); the number is
# dropped so that the year reads as a year.
_ORDINAL_BEFORE_YEAR_RE = re.compile(r"(?:^|(?<=[;。]))\s*\d{1,2}\.(?=(?:19|20)\d\d\s*年)")


def prepare(original: str, breaks: tuple[int, ...] = (), *, simplified: str | None = None, digest: bool = False) -> Prepared:
    """The text a target reader works on, with its map back to ``original``.

    ``breaks`` are offsets of ``original`` where a clause ends although no punctuation says so
    (the lines of a list joined into one paragraph): a ``;`` is read there. ``simplified`` is
    ``to_simplified(original)`` when the caller has it already (a paragraph is converted once).
    ``digest`` (``normalise.is_digest``: the line kept its spaces): each space not inside a Latin word or a number ends a clause,
    as a ``;`` would, and the reference marks ``[n]`` are dropped.
    """
    text = to_simplified(original) if simplified is None else simplified
    text = _halfwidth(text)  # same length as the original
    if digest:
        text = _digest_clauses(text)
    if "年" in text and ("一" in text or "二" in text):  # the first characters _CN_YEAR_RE can match
        text = _CN_YEAR_RE.sub(lambda m: m.group(0).translate(_CN_DIGIT_TO_ASCII), text)  # one digit per numeral: lengths kept
    if breaks:
        marked = list(text)
        for offset in breaks:
            if marked[offset - 1] not in ",;:。，；：":
                marked[offset - 1] = marked[offset - 1] + ";"
        text = "".join(marked)
        original_offsets = [i for i, piece in enumerate(marked) for _ in piece]
    else:
        original_offsets = []
    drops: list[tuple[int, int]] = []
    if "(" in text:
        drops.extend((m.start(), m.end()) for m in _PINYIN_RE.finditer(text))
        drops.extend((m.start(), m.end()) for m in _YEAR_GLOSS_RE.finditer(text))
    if digest:
        drops.extend((m.start(), m.end()) for m in _REFERENCE_MARK_RE.finditer(text))
    if "." in text:
        drops.extend((m.start(), m.end()) for m in _ORDINAL_BEFORE_YEAR_RE.finditer(text))
    # Spaces are dropped except one between two Latin letters (Micro LED), two digits (table cells) or 万 and a
    # digit (10万 2025年, 2万<tab>3000: a number and the next, not 10万2025).
    for match in _SPACES_RE.finditer(text) if " " in text else ():  # most Chinese paragraphs have no space
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        latin = before.isascii() and before.isalpha() and after.isascii() and after.isalpha()
        digits = (before.isdigit() or before == "万") and after.isdigit()
        if digits and _SPACED_THOUSANDS_LEFT_RE.search(text, 0, match.start()) and _SPACED_THOUSANDS_RIGHT_RE.match(text, match.end()):
            digits = False  # 308 000个 (Hong Kong's thousands): one number, not two table cells
        drops.append((match.start() + 1, match.end()) if latin or digits else (match.start(), match.end()))
    if not drops:
        prepared = Prepared(text=text, offsets=range(len(text)), original=original)  # no tuple of every offset
    else:
        pieces: list[str] = []
        offsets: list[int] = []
        position = 0
        for start, end in sorted(drops):
            if start > position:
                pieces.append(text[position:start])
                offsets.extend(range(position, start))
            position = max(position, end)
        pieces.append(text[position:])
        offsets.extend(range(position, len(text)))
        prepared = Prepared(text="".join(pieces), offsets=tuple(offsets), original=original)
    if original_offsets:
        prepared = Prepared(
            text=prepared.text, offsets=tuple(original_offsets[o] for o in prepared.offsets), original=original
        )
    return _rewrite_numerals(prepared) if "分之" in prepared.text else prepared


def _digest_clauses(text: str) -> str:
    """The first space of each run a digest separates its items by becomes ``;`` (one character for one); not one beside a
    Latin letter or a digit (6.5 千米, 5G 基站: a number and its unit, a word)."""
    chars = list(text)
    for match in _SPACES_RE.finditer(text):
        start, end = match.start(), match.end()
        before, after = text[start - 1] if start else "", text[end] if end < len(text) else ""
        if before and after and not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
            chars[start] = ";"
    return "".join(chars)


def _rewrite_numerals(prepared: Prepared) -> Prepared:
    """百分之八 → 8%, 三分之一 → 33.33%: the same reader then handles every percentage."""
    text, offsets = prepared.text, list(prepared.offsets)
    replacements: list[tuple[int, int, str]] = []
    for match in _PERCENT_RE.finditer(text):
        number = match.group(1)
        try:
            value = float(number) if number[0].isdigit() else cn_number(number)
        except (ValueError, KeyError):
            continue
        replacements.append((match.start(), match.end(), f"{value:g}%"))
    for match in _FRACTION_RE.finditer(text):
        if any(a <= match.start() < b for a, b, _ in replacements):
            continue
        try:
            denominator = float(match.group(1)) if match.group(1).isdigit() else cn_number(match.group(1))
            numerator = float(match.group(2)) if match.group(2).isdigit() else cn_number(match.group(2))
        except (ValueError, KeyError):
            continue
        if denominator:
            replacements.append((match.start(), match.end(), f"{round(100 * numerator / denominator, 2):g}%"))
    if not replacements:
        return prepared
    out_chars: list[str] = []
    out_offsets: list[int] = []
    position = 0
    for start, end, new in sorted(replacements):
        out_chars.extend(text[position:start])
        out_offsets.extend(offsets[position:start])
        out_chars.extend(new)
        # Every character of the rewrite points into the span it replaces.
        span = offsets[start:end]
        out_offsets.extend(span[min(i, len(span) - 1)] for i in range(len(new)))
        position = end
    out_chars.extend(text[position:])
    out_offsets.extend(offsets[position:])
    return Prepared(text="".join(out_chars), offsets=tuple(out_offsets), original=prepared.original)
