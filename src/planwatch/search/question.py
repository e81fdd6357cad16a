"""Reading a question: which indicator (by meaning, not a literal substring), which years, what
kind of answer it wants, and which words are its topic."""

from __future__ import annotations

import re
from enum import StrEnum

from planwatch.extract.catalog import Indicator

# A name in the catalog is recognised in a question when this share of its character bigrams is
# there (研发经费支出占GDP比重 has all but one of 研发支出占GDP比重's).
MIN_COVERAGE = 0.75
_SHARE_WORDS = re.compile("占|比重|比例|强度|覆盖率|率")
_YEAR = re.compile(r"(20\d\d)\s*年?")


class Intent(StrEnum):
    why = "why"
    gap = "gap"
    compare = "compare"
    rank = "rank"
    task_status = "task_status"
    indicator_status = "indicator_status"
    value = "value"
    outline = "outline"
    target = "target"
    passages = "passages"


def normalise(text: str) -> str:
    """Wording that does not change the meaning of an indicator name: brackets around an optional
    character (每万人（口）), an inserted 的, GDP/R&D spelled out, 全社会, 每万人口 = 每万人."""
    text = re.sub(r"[（(]([\u4e00-\u9fff]{1,2})[）)]", r"\1", text)
    text = text.replace("GDP", "地区生产总值").replace("R&D", "研发").replace("r&d", "研发")
    text = text.replace("每万人口", "每万人").replace("全社会", "").replace("国高", "国家高新技术")
    return re.sub(r"[\s的“”\"]", "", text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def find_indicator(question: str, catalog: dict[str, Indicator]) -> Indicator | None:
    """The catalog indicator the question speaks of: the name (or synonym) most of whose bigrams
    the normalised question holds, the name covering most of the question first (每万人发明专利拥有量
    over its part 发明专利拥有量); a share is only read where the question speaks of one (占, 比重 …)."""
    text = normalise(question)
    grams = _bigrams(text)
    wants_share = bool(_SHARE_WORDS.search(text))
    best: tuple[int, float, Indicator] | None = None
    for indicator in catalog.values():
        if (indicator.unit == "%") != wants_share and not indicator.key.endswith("_growth"):
            continue
        for name in indicator.names:
            own = _bigrams(normalise(name))
            if len(own) < 3:
                continue
            covered = len(own & grams)
            if covered / len(own) >= MIN_COVERAGE and (best is None or (covered, covered / len(own)) > best[:2]):
                best = (covered, covered / len(own), indicator)
    return best[2] if best else None


def years(question: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(question)]


_WHY = re.compile("为什么|为何|原因|怎么会")
_GAP = re.compile("还差|差距|差多少|距离.{0,12}目标|离.{0,12}目标")
_COMPARE = re.compile("(低于|高于|超过|不及|少于|多于)(全市|市级|深圳市)")
_RANK = re.compile("最高|最低|最多|最少|最大|最小")
_TASK_WORDS = re.compile("专栏|项目|任务|行动|工程")
_STATUS_WORDS = re.compile(
    "滞后|提前实现|已实现|快于预期|基本符合|进展|进度|完成情况|已完成|完成了|推进中|正在推进|未启动|调整|逾期|暂无数据"
)
_OUTLINE = re.compile(r"专栏\s*\d+|哪个专栏|哪一个专栏|多少个专栏|几个专栏|有哪些|包括哪些|包括什么|包含哪些|多少项|几项|建设什么|有什么")
_TARGET_WORDS = re.compile("目标|规划值|要求达到|计划达到|要达到|将达到|力争")  # a commitment, not 达到了 (a value)


def intent(question: str, indicator: Indicator | None) -> Intent:
    """What kind of answer the question asks for (first rule that fits)."""
    if _WHY.search(question):  # an indicator's rating or a named task's status
        return Intent.why
    if indicator is not None and _GAP.search(question):
        return Intent.gap
    if indicator is not None and _COMPARE.search(question):
        return Intent.compare
    if indicator is not None and _RANK.search(question) and "哪" in question:
        return Intent.rank
    if _STATUS_WORDS.search(question):
        if _TASK_WORDS.search(question):
            return Intent.task_status
        if indicator is None or not _TARGET_WORDS.search(question):
            return Intent.indicator_status
    if indicator is not None and years(question) and not _TARGET_WORDS.search(question):
        return Intent.value
    if _OUTLINE.search(question) and indicator is None:
        return Intent.outline
    if indicator is not None:
        return Intent.target
    return Intent.passages


# Words that frame a question rather than name its topic.
_FRAMING = re.compile(
    "规划里|规划中|规划对|规划|有没有|有无|是否|关于|提到|提及|提出了|提出|的内容|内容|怎么安排|如何安排|怎么|如何|怎样|安排|"
    "要求|哪些|什么|多少|是多少|目标值|目标|方面|情况|请问|吗|呢|了|？|\\?|。|，"
)


def topic(question: str, regions: set[str]) -> str:
    """The question without its region names, years and framing words: what it asks about."""
    text = question
    for name in sorted(regions, key=len, reverse=True):
        text = text.replace(name, "")
    text = _YEAR.sub("", text)
    text = _FRAMING.sub("", text)
    return re.sub(r"^[的在对与和]+|[的在对与和]+$", "", text.strip())
