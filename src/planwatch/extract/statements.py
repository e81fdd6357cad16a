"""Statements of actual values in a bulletin or report (统计公报, 政府工作报告, 计划执行情况, news):
what the target reader sets aside as achievements is what the monitoring record needs.

The target reader (:mod:`planwatch.extract.language`) reads every quantity of the document with the
time it is about and the words around it; each quantity it does not take for a target is a
statement. This module turns those into observations to propose: the indicator as written (cut of
its change words: 同比增长, 比上年增加 …), the catalog indicator it means (only a near-exact name,
else the closest candidates), the region (the document's, or the one the sentence names: 全国,
全省, 南山区), the statement's own year (2020年…, else the year the document reports on), the
value and unit as printed and converted, and the kind of statement: a level, a growth rate, a
share, a lower bound (超/突破/以上) or a change from the year before (比上年增加N, 提高N个百分点).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from planwatch.extract.catalog import Indicator, load_catalog, name_similarity
from planwatch.extract.language import HAND, DocumentContext, TargetReader
from planwatch.extract.numbers import QUANTITY_RE, parse_unit, quantity_from_match, to_number
from planwatch.extract.textprep import prepare
from planwatch.ingest.normalise import to_simplified
from planwatch.models import Paragraph, ParsedPlan, Target
from planwatch.monitor.observations import units_fit

MAP_SCORE = 0.75  # a name this close to a catalog name (or synonym) is mapped; below, candidates only
CANDIDATE_SCORE = 0.4  # closest catalog indicators shown when unsure
CANDIDATES = 3


class StatementKind(StrEnum):
    """What a statement says of its indicator."""

    LEVEL = "level"
    GROWTH_RATE = "growth_rate"  # 增长6.0%, 下降0.3% (negative), 年均增长5.5%
    SHARE = "share"  # 占…比重 41.9%, a rate (失业率 2.3%)
    LOWER_BOUND = "lower_bound"  # 超2.4万家, 突破1500亿元, 17%以上
    CHANGE = "change"  # 比上年增加2826.6亿元, 提高0.11个百分点

    @property
    def label(self) -> str:
        return {"level": "总量/水平", "growth_rate": "增速", "share": "比重/比率", "lower_bound": "下限（超/突破）", "change": "比上年变化"}[self.value]


class StatementScope(StrEnum):
    """Whom a statement is about."""

    DOCUMENT = "document"  # the document's own region
    OTHER_REGION = "other_region"  # 全国, 全省, another named region
    SUB_POPULATION = "sub_population"  # 规模以上工业企业, 民营企业 …: part of the region's economy

    @property
    def label(self) -> str:
        return {"document": "本地区", "other_region": "其他地区", "sub_population": "部分主体"}[self.value]


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    score: float


@dataclass(frozen=True)
class Statement:
    """One figure a document states as fact, ready to be proposed as an observation."""

    region: str
    indicator: str  # as written, cut of change words
    indicator_key: str | None  # only when the catalog has this series (growth rates map to growth series)
    candidates: tuple[Candidate, ...]  # closest catalog indicators, when the name maps to none for sure
    year: int | None
    value: float  # converted into the canonical unit (亿元, 家, 人 …)
    unit: str
    value_raw: str  # as printed: 3.46
    unit_raw: str  # as printed: 万亿元
    kind: StatementKind
    scope: StatementScope
    quote: str
    line: int
    source: str = ""  # the document (file name or title)
    source_url: str = ""


@dataclass(frozen=True)
class DocumentFacts:
    """What a statement defaults to: the document's region and the year it reports on."""

    region: str
    year: int | None
    source: str = ""
    source_url: str = ""


# Words at the start of a name that are not part of the indicator.
_LEAD_RE = re.compile(
    r"^(?:[—\-\s·•]+|其中|各类|此外|另外|同时|初步核算|根据[^，,]{0,30}结果|据[^，,]{0,20}统计|全年|年末|年底|上半年|一季度|"
    r"\d{1,2}\s*[-—–至]\s*\d{1,2}\s*月份?|\d{1,2}月份?|(?:19|20)\d\d\s*年(?:末|底|全年)?|当年|"
    r"去年|上年|预计|按照|全市|全区|全县|全省|全国|我国|我市|我省|我区|本市|本区|共投入|共有|拥有|共|实现|完成|达到|达|为|是|的|约|"
    r"分[^，,]{1,6}看|[、,，:：;；])+"
)
_CHANGE_TAIL_RE = re.compile(
    r"(?:实现)?(?:按可比价格计算)?(?:同比|比上年同期|比上年末|比上年|较上年|比去年|比(?:19|20)\d\d年(?:同期)?|两年平均)?(?:实际)?"
    r"(?P<word>增长|下降|减少|增加|提高|提升|回升|回落|上涨|上升|下滑|降低|增速|涨幅|增幅)(?:了)?$"
)
_ONLY_CHANGE_RE = re.compile(
    r"^(?:实现|按可比价格计算|同比|比上年同期|比上年末|比上年|较上年同期|较上年末|较上年|比去年|[比较](?:19|20)\d\d年(?:同期)?|两年平均|实际|年均)+$"
)
_NET_CHANGE_RE = re.compile(r"^(?:(?:比上年|较上年|比去年)(?:净增|净减|新增)|净增|净减)$")  # 两税收入386.6亿元，净增50亿元
# A measure named alone after a figure of the same subject: 农林牧渔业总产值69.93亿元，…，增加值37.90亿元
_MEASURE_RE = re.compile(r"(?:总产值|增加值|产值|营业收入|利润总额|利润)$")
# A year named only as the base of a comparison (与2020年相比，两年平均增长2.5%) is not the figure's year.
_BASE_YEAR_RE = re.compile(r"(?:与|同|比|较|相对于)\s*((?:19|20)\d\d)\s*年")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_DOWN = ("下降", "减少", "回落", "下滑", "降低")
_FROM_RE = re.compile(r"(?:从|由)(?:(?:19|20)\d\d年的?|现在的|目前的)?\d")
_VERB_TAIL_RE = re.compile(r"(?:首次|首|已|平均|实现|完成|达到|达|为|是|约|共|跃升至|跃升到|提高到|提高至|上升到|上升至|增长到|增长至|攀上|突破|超过|超)+$")
_COMPARISON_RE = re.compile(r"高于|低于|快于|慢于|放缓|加快|领先|落后|超过(?:全国|全省|全市)")
_SHARE_RE = re.compile(r"比重|占比|比例|占|率|强度|之比|份额")
_OTHER_REGION_RE = re.compile(r"(全国|我国|中国|全省|我省|全球|世界)")
# Whose figure a district's or county's bulletin gives: the last of these words before it decides.
_OWN_OR_CITY_RE = re.compile(r"全市|我市|本市|全区|我区|本区|全县|我县|本县")
_CITY_AS_WHOLE_RE = re.compile(r"(?:对|占|占到|占了|居|在|列|为|高于|低于|位居|位列)$")
_NAMED_REGION_RE = re.compile(r"(?:^|[，,。；;年])([\u4e00-\u9fff]{2,3}(?:区|县|市))")
_NOT_A_REGION_RE = re.compile(r"^(?:本|城|上|超|都|该|我|市|园|辖|景|社|片|湾|新|特|占|末|高新|开发|示范|自贸)|全|地区$")
_SUBJECT_RE = re.compile(r"^([\u4e00-\u9fff]{2,12}?)(?:继续|保持|持续|稳步|稳定|快速|较快|大幅|明显|呈现|运行|表现|势头|增势)")
_TARGET_WORDS_RE = re.compile(r"预期目标|主要目标|目标是|目标为|力争|确保")
_STOCK_RE = re.compile(r"(?:累计|总量|总数|合计)(?:达到?|为|超过?|突破)?\s*$")
_INCREMENT_RE = re.compile(r"^(?:新增|新认定|新建|新引进|新培育|净增)")
_RATE_NAME_RE = re.compile(r"(?:率|比重|比例|强度|占比|之比)$")
_POPULATION_RE = re.compile(r"^[\u4e00-\u9fff]{2,10}?企业")
_SUB_POPULATION_RE = re.compile(r"规模以上|规上|民营|私营|国有|外商|港澳台|股份制|集体企业|中小企业|个体")


def data_year(plan: ParsedPlan) -> int | None:
    """The year a bulletin or report gives figures for: a 2022 bulletin's 2022, a 2024 work report's 2023."""
    meta = plan.meta
    if meta.period_start is not None and meta.period_start == meta.period_end:
        return meta.period_start - 1 if meta.kind == "work_report" else meta.period_start
    return meta.published - 1 if meta.published else None


def read_statements(
    plan: ParsedPlan, facts: DocumentFacts, catalog: Mapping[str, Indicator] | None = None
) -> list[Statement]:
    """Every statement of an actual value in a parsed document, in reading order."""
    catalog = catalog if catalog is not None else load_catalog()
    # The document is written after the year it reports on: 今年 is a target, 2023年 a fact.
    # The hand weights: their facts below the threshold are what this reader was measured on (the trained
    # weights took 4 of the 203 statements the scoring part matched for targets, README "The clause classifier").
    reader = TargetReader(DocumentContext(reference_year=facts.year + 1 if facts.year else None), HAND)
    reader.statements = []
    statements: list[Statement] = []
    for paragraph in plan.paragraphs:
        paragraph = _without_title(paragraph, plan.meta.title)
        reader.statements.clear()
        reader.read(paragraph)
        previous: Statement | None = None
        text = prepare(paragraph.text).text
        for found in reader.statements:
            clause = prepare(found.raw).text
            before = _sentence_before(text, clause)
            if _TARGET_WORDS_RE.search(before + found.raw):
                continue  # 主要预期目标是：…增长5%左右: a target the reader dated in the past
            base_only = found.target_year is not None and _named_only_as_base(text[: text.find(clause) + len(clause)], found.target_year)
            for statement in _statements(found, previous, before, facts, catalog):
                if base_only and statement.year == found.target_year:
                    statement = replace(statement, year=facts.year)
                statements.append(statement)
                previous = statement
    return statements


def extract_statements(
    path: str | Path, *, region: str | None = None, year: int | None = None, source_url: str = "", max_bytes: int | None = None
) -> tuple[ParsedPlan, DocumentFacts, list[Statement]]:
    """Read a bulletin or report (txt, md, html, docx, pdf) and its statements; stores nothing."""
    from planwatch.ingest.pipeline import parse_document

    plan = parse_document(path, max_bytes=max_bytes)
    facts = DocumentFacts(
        region=region or plan.meta.region or "", year=year or data_year(plan), source=plan.meta.title or Path(path).name, source_url=source_url
    )
    return plan, facts, read_statements(plan, facts)


def _without_title(paragraph: Paragraph, title: str) -> Paragraph:
    """The paragraph without the document's title line, when the paragraph joiner glued it on."""
    if not title or len(paragraph.segments) < 2 or not paragraph.text.startswith(title) or paragraph.segments[1][0] != len(title):
        return paragraph
    cut = len(title)
    return Paragraph(text=paragraph.text[cut:], segments=tuple((o - cut, line) for o, line in paragraph.segments[1:]), indented=paragraph.indented)


def _named_only_as_base(text: str, year: int) -> bool:
    """Whether ``text`` names ``year`` only as the base of a comparison (与2020年相比, 比2020年)."""
    named = [m.start(1) for m in _YEAR_RE.finditer(text) if int(m.group(1)) == year]
    bases = {m.start(1) for m in _BASE_YEAR_RE.finditer(text) if int(m.group(1)) == year}
    return bool(named) and all(at in bases for at in named)


def _sentence_before(text: str, clause: str) -> str:
    """The part of the sentence holding ``clause`` that comes before it."""
    at = text.find(clause)
    if at < 0:
        return ""
    start = max(text.rfind(mark, 0, at) for mark in "。！？!?")
    return text[start + 1 : at]


def _clause_subject(sentence_before: str) -> str:
    """The subject a clause without a number sets up for the next one: 工业投资继续保持良好增势，增长19.2%."""
    clauses = [c for c in re.split(r"[，,；;：:]", sentence_before) if c]
    if not clauses or re.search(r"\d", clauses[-1]):
        return ""
    match = _SUBJECT_RE.match(_LEAD_RE.sub("", clauses[-1]))
    return match.group(1) if match else ""


def _subject(previous: Statement | None, share: bool = False) -> str:
    """The name a following 增长X% (or, for ``share``, 占…比重) refers to."""
    if previous is None:
        return ""
    if share and previous.kind is StatementKind.SHARE:
        return re.split(r"占|所占", previous.indicator)[0]
    return previous.indicator


def _statements(
    found: Target, previous: Statement | None, before: str, facts: DocumentFacts, catalog: Mapping[str, Indicator]
) -> list[Statement]:
    """The statement of one quantity, preceded by the value it starts from (从2020年的2.83万亿元提高到…)."""
    statement = _statement(found, previous, before, facts, catalog)
    if statement is None:
        return []
    if found.baseline_value is None or found.baseline_year is None or statement.kind not in (StatementKind.LEVEL, StatementKind.SHARE):
        return [statement]
    printed = _printed(found.raw, found.unit, found.baseline_value)  # the reader's baseline: 从2020年的X提高到Y
    if printed is None:
        return [statement]
    value_raw, unit_raw, _, _ = printed
    parsed = parse_unit(to_simplified(unit_raw))
    if parsed is None or parsed[0] != statement.unit:
        return [statement]
    start = replace(
        statement, year=found.baseline_year, value=round(to_number(value_raw) * parsed[1], 10), value_raw=value_raw, unit_raw=unit_raw
    )
    return [start, statement]


def _statement(
    found: Target, previous: Statement | None, sentence_before: str, facts: DocumentFacts, catalog: Mapping[str, Indicator]
) -> Statement | None:
    if found.value is None or found.qualitative or not found.unit or found.unit in ("倍", "位", "rank"):
        return None
    quote = found.raw
    printed = _printed(quote, found.unit, found.value)
    if printed is None:
        return None
    value_raw, unit_raw, negative, before = printed
    parsed = parse_unit(to_simplified(unit_raw))
    if parsed is None:
        return None
    unit, factor = parsed
    name, change_word = _name(found.indicator, facts.region)
    if _COMPARISON_RE.search(name + before) or (unit in ("个百分点", "个千分点") and "增速" in name + before):
        return None  # 增速高于全市5.7个百分点: a comparison, not a value of the region
    kind = _kind(found, name, unit, change_word, before)
    down = change_word in _DOWN or re.search(rf"(?:{'|'.join(_DOWN)})了?\s*$", before) is not None  # 比上年下降0.85个千分点
    value_sign = -1.0 if down or negative else 1.0
    if _STOCK_RE.search(before) and previous is not None:
        name = _INCREMENT_RE.sub("", previous.indicator)  # 新增1615家，总量2.47万家
    elif not name or _ONLY_CHANGE_RE.match(name) or _NET_CHANGE_RE.match(name):
        name = _clause_subject(sentence_before) or _subject(previous)
    elif previous is not None and _MEASURE_RE.fullmatch(name) and (stem := _MEASURE_RE.sub("", previous.indicator)):
        name = stem + name
    elif name.startswith(("占", "所占", "对")):
        name = _subject(previous, share=True) + name  # 战略性新兴产业增加值增长8.8%，占地区生产总值比重41.9%
    elif previous is not None and len(name) <= 4 and "企业" not in name and (population := _POPULATION_RE.match(previous.indicator)):
        name = population.group(0) + name  # 规模以上工业企业营业收入增长7.1%，利润总额下降32.3%
    if not name or re.match(r"(?:根据|据)", name):
        return None  # 据2022年全省5‰人口变动抽样调查推算: the survey the figures come from
    region, scope = _region(before, name, facts)
    # 增长10%以上: a lower bound of a growth rate, mapped like the rate
    growth = kind is StatementKind.GROWTH_RATE or (kind is StatementKind.LOWER_BOUND and unit in ("%", "‰") and bool(change_word))
    key, candidates = _map(name, unit, kind, catalog, growth=growth)
    return Statement(
        region=region,
        indicator=name,
        indicator_key=key,
        candidates=candidates,
        year=found.target_year or facts.year,
        value=round(value_sign * to_number(value_raw) * factor, 10),  # 5万3345 too
        unit=unit,
        value_raw=("-" if value_sign < 0 else "") + value_raw,
        unit_raw=unit_raw,
        kind=kind,
        scope=scope,
        quote=quote,
        line=found.lines[0] if found.lines else 0,
        source=facts.source,
        source_url=facts.source_url,
    )


def _printed(quote: str, unit: str, value: float) -> tuple[str, str, bool, str] | None:
    """The number and unit as the quote prints the quantity ``value`` (in ``unit``), whether a minus
    sign stands before it, and the text before it."""
    text = prepare(quote).text
    for match in QUANTITY_RE.finditer(text):
        if not match.group("num") or not re.match(r"\d", match.group("num")):
            continue
        try:
            quantity = quantity_from_match(match)
        except ValueError:
            continue
        if quantity.value is None or quantity.unit != unit:
            continue
        if abs(quantity.value - value) > 1e-6 * max(1.0, abs(quantity.value)):
            continue
        unit_raw = (match.group("scale") or "") + (match.group("unit") or "")
        before = text[: match.start()]
        return match.group("num"), unit_raw, before.endswith("-"), before
    return None


def _name(indicator: str, region: str) -> tuple[str, str]:
    """The indicator cut of lead words and of a trailing change (同比增长), and that change word."""
    name = re.sub(r"(?<=[率])平$", "", to_simplified(indicator).rstrip("-"))  # 失业率平均为: the reader cut 均
    for written in (region, region[:-1] if len(region) > 2 else ""):
        if written and name.startswith(written):
            name = name[len(written) :]  # 深圳市规上工业总产值, 深圳固定资产投资
            break
    name = re.sub(r"^(?:当年|全年)", "", name)
    name = re.sub(r"(?:从|由)(?:(?:19|20)\d\d年的?|现在的|目前的)?[\d.]+.*$", "", name)  # 由2014年的643亿元增长到…
    name = re.split(r"[(（]按", name)[0]
    name = _LEAD_RE.sub("", name)
    word = ""
    for _ in range(2):
        name = _VERB_TAIL_RE.sub("", name)
        tail = _CHANGE_TAIL_RE.search(name)
        if tail:
            word = word or tail.group("word")
            name = name[: tail.start()]
    name = _VERB_TAIL_RE.sub("", _LEAD_RE.sub("", name)).strip(" ，,、:：;；-—").lstrip(")）").rstrip("(（")
    name = re.sub(r"近[万亿千百]*元?$", "", name)  # 固定资产投资近万亿元、增长11.0%: an approximation, not part of the name
    return name, word


def _kind(found: Target, name: str, unit: str, change_word: str, before: str) -> StatementKind:
    qualifier = found.qualifier or ""
    if unit in ("个百分点", "个千分点") or _NET_CHANGE_RE.match(name):
        return StatementKind.CHANGE
    if qualifier in ("超过", "突破", "以上", "不低于") or re.search(r"(?:超|突破|逾|攀上)\s*$", before):
        return StatementKind.LOWER_BOUND
    if unit in ("%", "‰"):
        if change_word or (found.kind in ("annual_growth", "decrease") and not _RATE_NAME_RE.search(name)):
            return StatementKind.GROWTH_RATE
        return StatementKind.SHARE
    if change_word in ("增加", "减少") or re.search(r"(?:(?:比上年|较上年|比去年)(?:末|同期)?(?:增加|减少|多|少|新增)|净增|净减)\s*$", before):
        return StatementKind.CHANGE
    return StatementKind.LEVEL


def _is_the_citys(lead: str) -> bool:
    """Whether a district's figure is its city's: the last 全市/全区 word before it is the city's and
    the figure's subject, not the whole a share or a contribution is measured against
    (对全市规上工业增长贡献率超过30%, 全市占比由21.8%增至24%: the district's own figures)."""
    said = list(_OWN_OR_CITY_RE.finditer(lead))
    if not said or not said[-1].group().endswith("市"):
        return False
    last = said[-1]
    return not (_CITY_AS_WHOLE_RE.search(lead[: last.start()]) or _SHARE_RE.search(lead[last.end() :]) or "贡献" in lead[last.end() :])


def _region(before: str, name: str, facts: DocumentFacts) -> tuple[str, StatementScope]:
    """全国/我国 → 全国; 全省 → the document's province or 全省; 全市 in a 区/县's text → 全市 (kept apart
    from 全国/全省: a share of or a contribution to the whole stays the district's, see
    :func:`_is_the_citys`); a named 区/县/市 → that region."""
    lead = before[-40:].split("占")[0]  # 占全国申请总量的30.74%: a share of the nation, still about the region
    other = _OTHER_REGION_RE.search(lead)
    if other:
        word = other.group(1)
        region = "全国" if word in ("全国", "我国", "中国") else "全省" if word in ("全省", "我省") else word
        if region == "全省" and facts.region.endswith("省"):
            region = facts.region
        if region != facts.region:
            return region, StatementScope.OTHER_REGION
    if facts.region.endswith(("区", "县")) and _is_the_citys(before[-40:]):  # 全市技术合同成交额… in 南山区's bulletin
        return "全市", StatementScope.OTHER_REGION
    for match in _NAMED_REGION_RE.finditer(lead):
        named = match.group(1)
        if _NOT_A_REGION_RE.search(named) or named == facts.region or facts.region.startswith(named[:-1]):
            continue
        return named, StatementScope.OTHER_REGION
    if _SUB_POPULATION_RE.match(name):
        return facts.region, StatementScope.SUB_POPULATION
    return facts.region, StatementScope.DOCUMENT


def _map(
    name: str, unit: str, kind: StatementKind, catalog: Mapping[str, Indicator], *, growth: bool = False
) -> tuple[str | None, tuple[Candidate, ...]]:
    """The catalog series a statement belongs to, and the closest candidates when unsure.

    A growth rate maps only to a growth series (growth_of) of the level it names, never to the
    level itself; a change from the year before maps to nothing.
    """
    if kind is StatementKind.CHANGE:
        return None, ()
    increment = bool(_INCREMENT_RE.match(name))
    name = re.sub(r"[(（][^)）]*[)）]", "", name)  # (R&D), (与国内生产总值之比): explanations, not the name
    scored: list[Candidate] = []
    for indicator in catalog.values():
        if growth:
            if indicator.growth_of is None or indicator.growth_of not in catalog:
                continue
            names = catalog[indicator.growth_of].names
        else:
            if (indicator.unit == "%") != (unit in ("%", "‰")) or indicator.growth_of is not None:
                continue
            if increment != bool(_INCREMENT_RE.match(indicator.name)):
                continue  # 新增1615家 is not the stock of 2.47万家
            names = indicator.names
            if not units_fit(unit, indicator.unit) and unit not in ("%", "‰"):
                continue
        score = max(_name_score(n, name) if _same_measure(n, name) else 0.0 for n in names)
        if score >= CANDIDATE_SCORE:
            scored.append(Candidate(indicator.key, indicator.name, round(score, 3)))
    scored.sort(key=lambda c: -c.score)
    if scored and scored[0].score >= MAP_SCORE:
        return scored[0].key, ()
    return None, tuple(scored[:CANDIDATES])


def _name_score(catalog_name: str, name: str) -> float:
    """How alike two names are; for two shares (X占Y比重), the X's must be alike too: 第一产业增加值占地区生产总值比重
    is not 战略性新兴产业增加值占地区生产总值比重, however many characters they share."""
    score = name_similarity(catalog_name, name)
    if "占" in catalog_name and "占" in name:
        score = min(score, name_similarity(catalog_name.split("占")[0], name.split("占")[0]))
    return score


def _same_measure(a: str, b: str) -> bool:
    """增加值 (value added) and 产值 (output), a total and its 人均 (per head), are different statistics,
    however alike the names."""
    if ("人均" in a) != ("人均" in b):
        return False
    return ("增加值" in a) == ("增加值" in b) or not ("产值" in a or "产值" in b)
