"""Text prepared for reading targets: simplified characters, no pinyin glosses, ASCII digits and
punctuation, no spaces inside Chinese words, Chinese numerals such as 百分之八 written as 8%.

Every character of the prepared text maps back to an offset of the original, so evidence is
always quoted from the text as the document printed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planwatch.extract.numbers import cn_number

# 經(jīng)濟: a big5 mirror page glosses characters with tone-marked pinyin in brackets.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_RE = re.compile(rf"\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
_CN_NUMERAL = "零〇一二两三四五六七八九十百千"
_PERCENT_RE = re.compile(rf"百分之([{_CN_NUMERAL}点]+|\d+(?:\.\d+)?)")
_FRACTION_RE = re.compile(rf"([{_CN_NUMERAL}\d]+)分之([{_CN_NUMERAL}\d]+)")
_SPACE = " \u00a0\u3000\t"


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character (lengths never change)."""
    converter = _converter()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else t for t, c in zip(text, (converter.convert(ch) for ch in text), strict=True))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Prepared:
    """``text`` prepared for reading, and for each of its characters the offset in the original."""

    text: str
    offsets: tuple[int, ...]
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


def _halfwidth(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return {"\u3000": " ", "〜": "~", "–": "-", "－": "-"}.get(ch, ch)


def prepare(original: str) -> Prepared:
    """The text a target reader works on, with its map back to ``original``."""
    chars: list[str] = []
    offsets: list[int] = []
    drop = {i for m in _PINYIN_RE.finditer(original) for i in range(m.start(), m.end())}
    simplified = to_simplified(original)
    for index, ch in enumerate(simplified):
        if index not in drop:
            chars.append(_halfwidth(ch))
            offsets.append(index)
    # Spaces are dropped except between two Latin letters (Micro LED) or two digits (table cells).
    kept_chars: list[str] = []
    kept_offsets: list[int] = []
    for index, ch in enumerate(chars):
        if ch in _SPACE:
            before = kept_chars[-1] if kept_chars else ""
            after = next((c for c in chars[index + 1 :] if c not in _SPACE), "")
            keep = (before.isascii() and before.isalpha() and after.isascii() and after.isalpha()) or (
                before.isdigit() and after.isdigit()
            )
            if not keep or (kept_chars and kept_chars[-1] == " "):
                continue
            ch = " "
        kept_chars.append(ch)
        kept_offsets.append(offsets[index])
    text = "".join(kept_chars)
    return _rewrite_numerals(Prepared(text=text, offsets=tuple(kept_offsets), original=original))


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
