"""Numbers as plans write them: 5万件, 1.1万亿元, 5.5%-6%, >45.0, 两万, XX, 翻一番.

All values are normalised to a base unit with the 万/亿 scale applied:
5 万件 → 50000 件; 1.1 万亿元 → 11000 亿元; 2.2 万家 → 22000 家.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}

# Units as written → (canonical unit, factor into it). Money is kept in 亿元.
UNITS: dict[str, tuple[str, float]] = {
    "%": ("%", 1),
    "个百分点": ("个百分点", 1),
    "家": ("家", 1),
    "个": ("个", 1),
    "件": ("件", 1),
    "项": ("项", 1),
    "名": ("人", 1),
    "人": ("人", 1),
    "位": ("人", 1),
    "人年": ("人年", 1),
    "人•年": ("人年", 1),
    "人·年": ("人年", 1),
    "人/年": ("人年", 1),
    "亿元": ("亿元", 1),
    "万亿元": ("亿元", 10_000),
    "万元": ("亿元", 1e-4),
    "元": ("亿元", 1e-8),
    "billion yuan": ("亿元", 10),
    "所": ("所", 1),
    "座": ("座", 1),
    "条": ("条", 1),
    "款": ("款", 1),
    "台": ("台", 1),
    "平方公里": ("平方公里", 1),
    "倍": ("倍", 1),
}
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
# number, optional 万/亿 scale, unit, optional range second half, optional trailing qualifier
QUANTITY_RE = re.compile(
    rf"(?P<cmp>[>≥＞≧]\s*)?(?P<num>{_NUM}|XX|xx|N)\s*(?P<scale>万亿|万|亿|千)?\s*(?P<unit>{_UNIT_ALT})?"
    rf"(?:\s*(?:-|~|～|—|–|至|到)\s*(?P<high>\d+(?:\.\d+)?)\s*(?P<hscale>万亿|万|亿)?\s*(?P<hunit>{_UNIT_ALT})?)?"
    rf"\s*(?P<qual>以上|左右|以内|以下)?"
)
PLACEHOLDERS = frozenset({"XX", "xx", "N", "X", "××"})


@dataclass(frozen=True)
class Quantity:
    """A value with its unit; ``value`` is ``None`` for a placeholder such as XX."""

    value: float | None
    unit: str
    value_high: float | None = None
    qualifier: str | None = None
    placeholder: bool = False
    raw: str = ""


def cn_number(text: str) -> float:
    """Chinese numerals: 三千 → 3000, 两万 → 20000, 一百二十 → 120, 十 → 10, 〇 → 0."""
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL_UNIT:
            section += (digit or 1) * _CN_SMALL_UNIT[ch]
            digit = 0
        elif ch in _CN_BIG_UNIT:
            total += (section + digit) * _CN_BIG_UNIT[ch]
            section, digit = 0, 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return float(total + section + digit)


def to_number(text: str) -> float:
    text = text.strip().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return cn_number(text)


def normalise_unit(unit: str | None, value: float | None, scale: str | None = None) -> tuple[str, float | None]:
    """Canonical unit and the value converted into it (万/亿 scale applied)."""
    factor = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, None: 1.0, "": 1.0}[scale]
    unit = (unit or "").strip()
    if unit == "元" or unit.endswith("元"):
        # Money: the scale is part of the unit (万亿元 = 10000 亿元).
        written = f"{scale or ''}{unit}"
        canonical, to_canonical = UNITS.get(written, ("亿元", 1.0))
        return canonical, None if value is None else round(value * to_canonical, 6)
    canonical, to_canonical = UNITS.get(unit, (unit, 1.0))
    return canonical, None if value is None else round(value * factor * to_canonical, 6)


@lru_cache(maxsize=512)
def parse_unit(text: str | None) -> tuple[str, float] | None:
    """A unit as a data file writes it (万家, 万亿元, billion yuan) → (canonical unit, factor).

    ``None`` when the unit is not one we know. An empty unit is ``("", 1.0)``.
    """
    text = (text or "").strip()
    if not text or text in UNITS:
        return UNITS.get(text, ("", 1.0))
    for scale in ("万亿", "万", "亿", "千"):
        rest = text.removeprefix(scale)
        if rest != text and rest in UNITS:
            canonical, factor = normalise_unit(rest, 1.0, scale)
            return canonical, factor or 0.0
    return None


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text`` (a table cell or a phrase); ``None`` if there is none."""
    match = QUANTITY_RE.search(text.strip())
    if not match or not match.group("num"):
        return None
    return quantity_from_match(match)


def quantity_from_match(match: re.Match[str], default_unit: str | None = None) -> Quantity:
    num = match.group("num")
    placeholder = num in PLACEHOLDERS
    value = None if placeholder else to_number(num)
    unit_written = match.group("unit") or match.group("hunit") or default_unit
    unit, value = normalise_unit(unit_written, value, match.group("scale"))
    high = None
    if match.group("high"):
        _, high = normalise_unit(
            match.group("hunit") or unit_written, to_number(match.group("high")), match.group("hscale") or match.group("scale")
        )
    qualifier = match.group("qual")
    if match.group("cmp"):
        qualifier = "超过" if match.group("cmp").strip() in (">", "＞") else "不低于"
    if high is not None:
        qualifier = "range"
    if placeholder:
        qualifier = "placeholder"
    return Quantity(value=value, unit=unit, value_high=high, qualifier=qualifier, placeholder=placeholder, raw=match.group(0).strip())
