"""Numbers as plans write them: 5万件, 1.1万亿元, 5.5%-6%, >45.0, 两万, XX, 翻一番.

All values are normalised to a base unit with the 万/亿 scale applied:
5 万件 → 50000 件; 1.1 万亿元 → 11000 亿元; 2.2 万家 → 22000 家.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Units as written → (canonical unit, factor into it). Money is kept in 亿元.
UNITS: dict[str, tuple[str, float]] = {
    "%": ("%", 1),
    "‰": ("‰", 1),
    "/10万": ("/10万", 1),  # a rate per 100,000 (孕产妇死亡率18/10万)
    "个百分点": ("个百分点", 1),
    "百分点": ("个百分点", 1),
    "个千分点": ("个千分点", 1),  # a change of a ‰ rate (出生率下降0.5个千分点)
    "千分点": ("个千分点", 1),
    "微克/立方米": ("微克/立方米", 1),  # air quality (PM2.5, PM10, SO2, NO2, O3)
    "毫克/立方米": ("毫克/立方米", 1),  # air quality (CO)
    "km2": ("平方公里", 1),
    "㎡": ("平方米", 1),  # 人行道断头贯通10000㎡: the square-metre sign
    "m²": ("平方米", 1),
    "km²": ("平方公里", 1),
    "名": ("人", 1),
    "人": ("人", 1),
    "人年": ("人年", 1),
    "人•年": ("人年", 1),
    "人·年": ("人年", 1),
    "人/年": ("人年", 1),
    "亿元": ("亿元", 1),
    "万亿元": ("亿元", 10_000),
    "兆元": ("亿元", 10_000),
    "千亿元": ("亿元", 1_000),
    "百亿元": ("亿元", 100),
    "千万元": ("亿元", 0.1),
    "百万元": ("亿元", 0.01),
    "万元": ("亿元", 1e-4),
    "元": ("亿元", 1e-8),
    "billion yuan": ("亿元", 10),
    "成": ("%", 10),  # 七成 / 增幅超7成: tenths
    "亿美元": ("亿美元", 1),
    "万美元": ("亿美元", 1e-4),
    "美元": ("亿美元", 1e-8),
    # Computing power: 1500P is 1500 PFLOPS, however the letters are cased (智算规模达到1500PFlops / 10EFLOPS).
    "PFLOPS": ("PFLOPS", 1),
    "PFlops": ("PFLOPS", 1),
    "P": ("PFLOPS", 1),
    "EFLOPS": ("PFLOPS", 1000),
    "EFlops": ("PFLOPS", 1000),
    "TFLOPS": ("PFLOPS", 0.001),
    "TFlops": ("PFLOPS", 0.001),
}
# Counters and measures that stand after a number as written (an open list: any of these is a
# unit, and a compound such as 人年/万人 or 元/人 is built from them).
MEASURE_WORDS = ["家", "个", "件", "项", "人次", "人", "位", "所", "座", "条", "款", "台套", "台", "套", "部", "支", "户", "亩", "公顷", "吨", "斤", "公斤", "千克", "千瓦时", "千瓦", "兆瓦", "瓦", "平方公里", "平方千米", "平方米", "平米", "立方米", "m³", "m3", "公里", "千米", "米", "倍", "篇", "本", "种", "处", "栋", "辆", "艘", "架", "张", "份", "只", "头", "株", "床", "间", "场", "次", "天", "岁", "标准箱", "标箱", "幢", "小时", "批", "块", "幅", "段", "棵", "届", "宗", "吨标准煤", "万千瓦", "GW", "MW", "EB", "PB", "TB"]
for _word in MEASURE_WORDS:
    UNITS.setdefault(_word, (_word, 1))
UNITS["对"] = ("对", 1)  # pairs: trains run both ways (开行列车38对), written after the number
_PER = r"(?:/|每)(?:万人|千人|百人|人|年|万平方公里|百平方公里|平方公里|万元|亿元|户)"  # 公里/百平方公里: a density
# 成 counts tenths only where it is no word of its own (3家建成 / 5成为 are not 30% / 50%).
TENTHS_UNIT = "成(?![为立效果本熟交员长功绩])"
# 分 is a score (满意度92分以上) only where it is no word of its own (3分之1, 5分钟, 2分别, 10分类).
SCORE_UNIT = "分(?![之钟别类级配布批期散析工享担摊管支])"
UNITS["分"] = ("分", 1)
# 两位数增长: a growth of two digits, not a rank of 2; 200宗 (Hong Kong's and Taiwan's cases), not 宗教 / 宗旨
# 对 counts pairs (全天开行列车38对) only where no word follows it (3对夫妻, 100对接: a noun or 对 the preposition)
_WRITTEN = {"成": TENTHS_UNIT, "分": SCORE_UNIT, "位": "位(?!数)", "宗": "宗(?![教旨族祠亲师])", "对": r"对(?![\u4e00-\u9fff\w])"}
_UNIT_ALT = "|".join(sorted((_WRITTEN.get(u, re.escape(u)) for u in UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_ALT})(?:{_PER})?"
UNIT_PATTERN = _UNIT  # a unit as written, for readers that look for one outside a quantity (指标（家）：5000)
CN_NUMERALS = "零〇一二两三四五六七八九十百千廿卅"  # the characters of a number in Chinese numerals (廿 20, 卅 30: 百分之廿), for patterns here and in textprep
# What follows 千 or 兆 as a prefix of a unit (kilo-, mega-), not as a scale of the number.
_SI_AFTER = "瓦|米|克|分|伏|赫|帕|焦|字节"
# 2万1,412 / 2万1千 / 七万四千 / 两万三千一百: a number of 万 and what is left below it (read by cn2an), before the
# plain forms; the remainder ends the number (2万1千个 is 21,000, not 2万1 thousand), a 千 of a unit (千瓦) is not in it.
_MIXED_NUM = (
    rf"\d+万(?:\d{{1,3}},\d{{3}}|(?:\d[千百十](?!{_SI_AFTER}))+\d?|\d{{1,4}})(?![\d.,万亿千百十])"
    rf"|[{CN_NUMERALS}]+万[{CN_NUMERALS}]+"
)
_NUM = rf"{_MIXED_NUM}|\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERALS}]+(?:点[零〇一二三四五六七八九]+)?"
# 兆: 万亿 as Taiwan writes it; 千 after a digit (6千户), not the 千 or 兆 of a unit (千瓦, 千米, 千克, 千分点, 千伏, 兆赫).
_SCALE = rf"万亿|千万|百万|万|亿|兆(?!{_SI_AFTER})|千(?!{_SI_AFTER})"


def hinted(starts: str, pattern: str) -> re.Pattern[str]:
    """A pattern behind a lookahead for the characters its alternatives can start with: where its first
    item is optional, a lookbehind or a group, the engine would otherwise try every alternative at every
    position (tests/test_language_hints.py checks that ``starts`` holds them all)."""
    return re.compile(rf"(?=[{starts}])(?:{pattern})")


def hint_start(starts: str, pattern: str) -> re.Pattern[str]:
    """Where a match of ``pattern`` starts, for the checks that ask only whether and where (its match is
    that first character). The character set comes first, so the engine skips to the next character
    in it in its fast loop (it has no such loop for a lookahead, and calls its matcher at every
    position); the pattern is then checked from the character read (a lookahead inside a one-character
    lookbehind). ``starts`` must hold every alternative's first character, as for :func:`hinted`."""
    return re.compile(rf"[{starts}](?<=(?=(?:{pattern}))(?s:.))")


# number, optional 万/亿 scale, unit, optional range second half, optional trailing qualifier
QUANTITY_RE = hinted(
    rf">≥＞≧\d{CN_NUMERALS}XxN",
    rf"(?P<cmp>[>≥＞≧]\s*)?(?P<num>{_NUM}|XX|xx|N)\s*(?P<scale>{_SCALE})?\s*(?P<unit>{_UNIT})?"
    rf"(?:\s*(?:-|~|～|—|–|至|到(?!\s*(?:19|20)\d\d\s*年))\s*(?P<high>{_NUM})\s*(?P<hscale>{_SCALE})?\s*(?P<hunit>{_UNIT})?)?"
    rf"\s*(?P<qual>以上|左右|以内|以下|多|余)?",
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
    """Chinese numerals with cn2an: 三千 → 3000, 两万 → 20000, 一百二十 → 120, 四点五 → 4.5, 〇 → 0."""
    import cn2an

    text = text.replace("两", "二").replace("〇", "零").replace("廿", "二十").replace("卅", "三十")
    if text[:1] in ("百", "千", "万", "亿"):
        text = "一" + text  # 千家: one thousand
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError) as exc:
        raise ValueError(f"not a Chinese numeral: {text!r}") from exc


def to_number(text: str) -> float:
    """A number as printed: 1,200 / -3.5 / 2万1,412 / 两万三千."""
    text = text.strip().replace(",", "")
    if text.startswith("-"):
        return -to_number(text[1:])
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if mixed := re.fullmatch(r"(\d+)万(\d{2,4})", text):  # 2万15 / 2万0500, which cn2an refuses (2万1 it reads as 两万一)
        return int(mixed.group(1)) * 10_000 + float(mixed.group(2))
    return cn_number(text)


def normalise_unit(unit: str | None, value: float | None, scale: str | None = None) -> tuple[str, float | None]:
    """Canonical unit and the value converted into it (万/亿 scale applied)."""
    unit = (unit or "").strip()
    numerator, per, denominator = unit.partition("/")
    if per and not scale:
        for written in ("万亿", "千万", "百万", "万", "亿", "千"):
            rest = numerator.removeprefix(written)
            if rest != numerator and (rest == "元" or (numerator not in UNITS and rest in UNITS)):
                # 28万元/人 written as one unit (a data file, a gold answer): the same as 280000 元/人
                return normalise_unit(f"{rest}/{denominator}", value, written)
    factor = {"万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12, "兆": 1e12, "千": 1e3, None: 1.0, "": 1.0}[scale]
    if unit.endswith("元") and not per:  # 吨标准煤/万元 is an intensity, not money
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
    for scale in ("万亿", "千万", "百万", "万", "亿", "千"):
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
    try:
        return quantity_from_match(match)
    except ValueError:
        return None  # 三五十: Chinese numerals that make no number


def quantity_from_match(match: re.Match[str], default_unit: str | None = None) -> Quantity:
    num = match.group("num")
    placeholder = num in PLACEHOLDERS
    value = None if placeholder else to_number(num)
    unit_written = match.group("unit") or match.group("hunit") or default_unit
    # 2.90至2.96万美元: a scale written after the second number only holds for the first as well.
    scale = match.group("scale") or (match.group("hscale") if not match.group("unit") else None)
    unit, value = normalise_unit(unit_written, value, scale)
    high = None
    if match.group("high"):
        _, high = normalise_unit(
            match.group("hunit") or unit_written, to_number(match.group("high")), match.group("hscale") or scale
        )
    qualifier = {"多": "以上", "余": "以上"}.get(match.group("qual") or "", match.group("qual"))
    if match.group("cmp"):
        qualifier = "超过" if match.group("cmp").strip() in (">", "＞") else "不低于"
    if high is not None:
        qualifier = "range"
    if placeholder:
        qualifier = "placeholder"
    return Quantity(value=value, unit=unit, value_high=high, qualifier=qualifier, placeholder=placeholder, raw=match.group(0).strip())
