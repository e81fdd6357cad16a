"""Targets recognised by what the language says: a quantity the document commits to for a future
period, wherever it stands.

Every quantity of a paragraph is read with the time it is about (到2025年, “十四五”末, 今年 in a dated
report, 未来三年 …, carried forward until the text names another time), the words around it
(commitment: 力争, 确保, 目标是, 将 …; achievement: 比上年, 同比, 已, 截至, 首次 …; third-party
forecasts) and, as one more piece of evidence, the section it stands in (a goals section). The
evidence is a feature vector (:data:`FEATURES`) that a linear :class:`ClauseModel` weighs: a quantity
whose logit is ≥ 0 is a target, and its confidence is the logistic of the logit. :data:`HAND` is
the hand-set :data:`WEIGHTS` (a score ≥ :data:`THRESHOLD`); ``scripts/train_targets.py`` fits the
weights by logistic regression instead (README, "The clause classifier").

Then the slots are filled from the same clause: the indicator name (clean of time, region and
commitment words), value and value_high, unit (an open set of counters and measures with 万/亿
scales), qualifier, kind (level, annual_growth, increment, cumulative, decrease, ratio_change,
multiple), year and a baseline stated in the same sentence (从2020年的X提高到Y, 比2020年提高N个百分点).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from functools import lru_cache
from pathlib import Path

from planwatch.extract.catalog import name_similarity
from planwatch.extract.numbers import (
    CN_NUMERALS,
    QUANTITY_RE,
    TENTHS_UNIT,
    UNIT_PATTERN,
    Quantity,
    cn_number,
    hint_start,
    hinted,
    normalise_unit,
    quantity_from_match,
    to_number,
)
from planwatch.extract.textprep import Prepared, prepare
from planwatch.ingest.metadata import PLAN_KINDS, document_kind, fyp_period
from planwatch.ingest.normalise import is_digest, to_simplified
from planwatch.models import Evidence, Paragraph, Target, TargetScope

THRESHOLD = 2.0
REVIEW_BELOW = 0.7  # targets less sure than this are marked 待确认 for an officer


class Scope(Enum):
    """What time a quantity is about, relative to the document's own date."""

    FUTURE = "future"
    PAST = "past"
    OPEN = "open"  # the document's own year, or no time named at all


# Weights of the evidence (README, "How targets are recognised").
WEIGHTS = {
    "future": 2.0,
    "future_carried": 1.0,  # a future named in an earlier section: weaker evidence
    "past": -3.0,
    "past_carried": -1.5,  # a past named in an earlier sentence: the text may have moved on
    "commitment": 1.5,
    "announcement": 0.75,
    "goal_section": 1.5,
    "review_section": -2.0,
    "achievement_cue": -2.5,
    "achievement_cue_nearby": -1.0,
    "forecast": -4.0,
    "bound": 0.5,
    "action": 0.5,  # 建成 / 培育 / 新增 N …: the verb of a commitment to do something
    "directive": 2.0,  # 加快… / 完成11所… opening a sentence of an undated text: a task set, not a result told
    "plan_period": 1.0,  # no time named, in a plan whose period is ahead: the plan's period, as a carried future is
    "in_plan": 1.0,  # a value of a plan whose period is ahead, neither past nor told as a result: what a plan is for
}
# Evidence the hand weights leave at 0; a trained model may weigh it. No feature names an indicator's words.
GENERAL_FEATURES = (
    "past_commitment",  # a past carried from an earlier sentence, but a commitment word precedes the value
    "year_named",  # the value has a year (named or carried)
    "own_year",  # that year is the document's own year
    "undated_document",  # neither a date nor a period is known
    "past_after",  # a past time is named after the value in its sentence
    "future_after",  # a future time is named after the value in its sentence
    "commitment_in_clause",  # the commitment word stands in the value's own clause
    "directive_verb",  # the sentence opens with a directive verb (dated text too)
    "perfective",  # 了 between the clause's start and the value
    "late_in_sentence",  # the value stands in the second half of its sentence
    "many_in_clause",  # three or more values in one clause (a list of facts or of goals)
    "no_own_name",  # the value's clause names no indicator: it takes the one before
    "growth_word",  # 增长/增速/增幅 before the value
    "band",  # 左右 or a range
    "restated",  # a plan's target restated beside an achievement
    "verb_reach",
    "verb_exceed",
    "verb_reduce",
    "verb_floor",
    "verb_hold",
    "verb_copula",
    "unit_share",
    "unit_points",
    "unit_money",
    "unit_count",
    "unit_multiple",
    "unit_rank",
    "unit_measure",
)
FEATURES: tuple[str, ...] = (*WEIGHTS, *GENERAL_FEATURES)


@dataclass(frozen=True)
class ClauseModel:
    """A linear model of the evidence of one quantity: logit = bias + Σ weight × feature. The quantity is
    a target when the logit is ≥ 0; the logistic of the logit is its confidence."""

    weights: Mapping[str, float]
    bias: float
    name: str = "hand"

    def logit(self, features: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(key, 0.0) * value for key, value in features.items())

    @classmethod
    def load(cls, path: Path) -> ClauseModel:
        """A model written by scripts/train_targets.py ({"bias", "weights", …})."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights={str(k): float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]), name=path.name)


# The hand weights as a model: logit = 2 (score − THRESHOLD), the confidence the reader has always given.
HAND = ClauseModel(weights={key: 2.0 * weight for key, weight in WEIGHTS.items()}, bias=-2.0 * THRESHOLD)
TRAINED_PATH = Path(__file__).with_name("target_weights.json")


class Weighting(StrEnum):
    """Which weights the reader uses: the hand-set ones (the default) or those scripts/train_targets.py fits."""

    HAND = "hand"
    TRAINED = "trained"

    def model(self) -> ClauseModel:
        return HAND if self is Weighting.HAND else ClauseModel.load(TRAINED_PATH)


# The hand weights: the trained ones scored lower on the held-out set (F1 0.786 vs 0.819) and higher on the dev
# scoring part (0.871 vs 0.850) — a wash on unseen text — and broke four rules our tests hold (README, "The clause classifier").
DEFAULT_MODEL = HAND
_RESTATED_LOGIT = 2.0  # a plan's target restated beside an achievement is a target at least this sure (0.881)


@dataclass(frozen=True)
class Candidate:
    """One quantity the reader weighed, as a target would be stated, with its evidence (for training)."""

    features: Mapping[str, float]
    target: Target


@dataclass(frozen=True)
class DocumentContext:
    """What the reader knows of the document: its own year and its period, if any."""

    reference_year: int | None = None  # the year the document was written (a report's year)
    reference_month: int | None = None  # the month of a news copy's dateline (9月25日电): how much of its year is over
    period_start: int | None = None
    period_end: int | None = None
    title: str = ""  # the document's title (广东省2023年十件民生实事): what the whole text is


@dataclass(frozen=True)
class TimeMark:
    position: int
    scope: Scope
    year: int | None
    per_year: tuple[int, ...] = ()  # 未来三年分别…: the years one after another
    leading: bool = True  # opens its clause (到2025年，…), so it holds for what follows
    clause_end: int = 0  # where the clause holding it ends (a mark inside a clause holds only there)
    period_from: int | None = None  # the first year of a plan period named (“十五五”时期, 2026—2030年)


_CN = "零〇一二两三四五六七八九十"
_FYP = r"[“\"「『]?十([一二三四五六七八九])五[”\"」』]?"
_TIME_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fyp_since", hinted(r"“\"「『十", rf"{_FYP}(?:以来|时期以来)")),
    # 在2020年的基础上 / 以2020年为基数 compare; 在“十三五”时期 without them names the time (a period, not a base)
    ("fyp_compare", hinted("12与为从以同在是比由相较",
        rf"(?:较|比|相比|相较|从|由|与|同)\s*(?:{_FYP}(?:末|期末|时期)?|(?:19|20)\d\d\s*年(?:末|底)?)的?(?:基础上|为基数|为基期|为基准)?"
        # 是2020年的2倍 compares; 目标是2025年实现… names the time
        rf"|(?:是|为)\s*(?:{_FYP}(?:末|期末|时期)?|(?:19|20)\d\d\s*年(?:末|底)?)的(?:基础上|为基数|为基期|为基准)?"
        rf"|(?:在|以)\s*(?:{_FYP}(?:末|期末|时期)?|(?:19|20)\d\d\s*年(?:末|底)?)的?(?:基础上|为基数|为基期|为基准)"
        r"|(?:较|比|从|由|相比)\s*(?:目前|现在|当前|现有|现阶段)的?"  # 从目前的14.4万元增加到20万元: the base, not the time
        r"|(?<![到至于])(?:19|20)\d\d\s*年的(?=(?:规划|发展|预期|既定)?(?:目标|任务))"  # 实现…纲要2020年的目标: a target's year, not the text's time
    )),
    ("after_years", hinted("用经花通", rf"(?:经过|通过|用|花)\s*(\d|[{_CN}]+)\s*年(?:左右)?(?:的)?(?:时间|努力|奋斗|建设|攻坚)")),  # 力争通过3年建设
    ("since", re.compile(r"截至目前|截至今年|截至|截止")),
    ("fyp", hinted(r"“\"「『十",
        rf"{_FYP}(?:(?:规划)?(?:时期|期间|末|期末|中后期|目标|发展目标|(?=\s*[,，])|(?=[^,，;；。]{{0,10}}(?:目标|时期|期间)))"
        r"|(?:规划|纲要)(?:还|也|又|中)?(?=提出|明确|要求|确定))"  # “十四五”规划还提出…: what that plan sets
    )),
    # 2027-28年度 / 2023-24至2032-33年度: a fiscal year (April to March) ends in the later year
    # (2026/27年度起的五年: five fiscal years from that one, ending in 2031)
    # (2019-2020年度起10年: the ten fiscal years from 2019/20, the last ending in 2029)
    ("fiscal", hinted("12", rf"(?<!\d)((?:19|20)\d\d)\s*[-/—–]\s*((?:19|20)?\d\d)\s*年度(?:起的?\s*(\d+|[{_CN}]+)\s*年)?")),
    ("span", hinted("12", r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:-|—|–|~|至|到)\s*((?:19|20)\d\d)\s*年(?:间|期间)?")),
    # 上升到2020年的1.77亿元: 到 belongs to the verb there, the year is the value's own
    ("by_year", hinted("于到截至", r"(?<!上升|增长|提高|提升|增加|下降|降低|减少|扩大)(?:到|至|截至|截止到?|于)\s*((?:19|20)\d\d)\s*年(?:底|末|时|前)?")),
    ("year", hinted("12", r"(?<![\d.〔\[(])((?:19|20)\d\d)\s*年(?:度)?(?!\d(?!\d?\s*月)|代)")),  # 2025年6月: a month of that year
    # 未来一年半(内) / 两年半内: a span with a half year, its end counted in months (group 2 or 4)
    # 第一年…第三年 of a plan of 2024–2026: its years one after another (not 连续第5年, a run of results)
    ("plan_year", hinted("第", r"(?<!连续)第\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*年(?![度级末底代])")),
    ("next_years", hinted(r"\d〇一七三两九二五今八六十四未此零", rf"(?:今后|未来|此后)\s*(\d|[{_CN}]+)\s*年(半)?|(\d|[{_CN}]+)\s*年(半)?内")),
    ("mid_century", re.compile(r"(?:本|21|二十一)世纪中叶")),
    ("this_year", hinted("今年本", rf"今年|本年度?|(?<![\d{_CN}])年内")),  # 本年: a spun copy's 今年
    # 明、后年 / 明年、后年: to the later. 后年 is a word of its own only after the start, punctuation, 到/至/于/在 or
    # 力争/争取 (建成后年产值, 投产后年销售收入: the years after a project is built).
    ("year_after_next", re.compile(
        r"(?:明年?[、和及]\s*)?(?:^|(?<=[,，;；。:：、\s“\"(（到至于在])|(?<=力争|争取))后年(?!均|度)"
    )),
    ("next_year", re.compile(r"明年")),
    ("past", hinted(r"\d一二两三四五六七八九十上以前去当此现目第至迄过近历基",
        r"(?<![比较与同])(?:去年|上年)|过去[一二三四五六七八九十\d]*年|近[一二三四五六七八九十\d几]+年来?|以来|此前|现已|迄今|至今(?!年|后)"  # 当前至今后一个时期: from now on
        r"|(?<![\d一二两三四五六七八九十未今此以])(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*年来|历经(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s*年"  # 十年来 / 历经10年: the years just gone
        r"|(?:目前|当前)(?!形势|局势|情况|实际|阶段|问题|需要|要求|至今后|[^,，;；。]{0,6}订[出定下])"  # 研判当前形势: the noun it modifies; 目前订出的目标: as now set, not the clause's time
        r"|(?<![力确争要将])(?:上半年|前三季度|一季度|第一季度|1\s*[-—–~至]\s*\d{1,2}\s*月)"  # a part of the year already over
        r"|(?:现况(?:基础)?值|基础值|基准值|基期值)(?=\s*[:：])"  # 现况基础值：…为70%: a KPI list's baseline, beside its 目标值
    )),
)
# 年底前 / 9月底前 / 6月中旬前 after a year: by when (not 前三季度, 前期, a part of the year gone).
_DEADLINE_AFTER_RE = re.compile(r"\s*(?:\d{1,2}\s*月(?:份)?)?(?:底|末|中旬|上旬|下旬)?之?前(?![期身几\d一二三四五六七八九十])")
# 结合 / 衔接 / 对接“十五五”规划: what the work is drawn up beside, not the time of its values.
_PLAN_REFERENCE_RE = re.compile(r"(?:结合|衔接|对接)[\"“「『]?$")
# A word each of these time patterns cannot match without: a sentence that lacks it is not scanned for them.
_TIME_NEEDS: dict[str, str] = {
    "fyp_since": "以来",
    "since": "截",
    "fyp": "五",
    "fiscal": "年度",
    "mid_century": "世纪中叶",
    "year_after_next": "后年",
    "next_year": "明年",
    "plan_year": "第",
    **dict.fromkeys(("after_years", "span", "by_year", "year", "next_years", "this_year"), "年"),
}
_COMMITMENT_RE = hint_start("下主争力努发将工打拟的目确要计设预",
    r"力争|力爭|确保|争取|努力|力促|预期目标|主要目标|发展目标|工作目标|目标是|目标为|目标[:：]|目标值|的目标|目标推动|设立.{0,8}目标|"
    r"目标[^,，;；。]{0,6}?(?:定为|定在|设定为|设为|调整[为至到]|上调[为至到]|下调[为至到]|均在)|"
    r"(?<![纲主重需必只])要(?!素)|将|计划|拟|预计新增|下一?步|打算|"
    r"目标(?=\s*(?:在|于|到)?\s*(?:(?:19|20)\d\d\s*年|明年|后年))"  # 目标2030年达到… / 目标明年中…: a goal with its year
)
_GOAL_LIST_RE = re.compile(
    r"(?:目标|任务)(?:任务)?(?:是|为|包括|如下)?\s*[:：]|(?:主要|预期|工作|发展)目标(?:任务)?(?:是|为)|"  # 制定了明确的任务：A；B
    r"(?:工作计划|工作安排|工作打算|工作思路|下一?步打算|下一?步工作|下一?步计划)(?:如下|是|为)?\s*[:：]|"
    r"(?:主要|核心|关键|约束性|预期性)指标(?:是|为|包括|有)?\s*[:：]"  # 明确核心指标：A N、B N — an indicator list announced
)
# 实现以下目标：… inside a paragraph: the sentences after it in the paragraph are the list's items.
_GOALS_FOLLOW_RE = re.compile(r"(?:以下|如下|下列)[\u4e00-\u9fff]{0,4}目标\s*[:：]")
# A paragraph that ends by announcing a list of goals (…主要预期目标如下：).
_GOAL_LIST_INTRO_RE = re.compile(r"目标(?:任务)?(?:是|为|包括|如下)?\s*[:：]\s*$")
# A paragraph that ends by announcing the work done for the goals just set (为实现上述目标，重点做好以下九方面工作：).
_WORK_PLAN_INTRO_RE = re.compile(r"(?:为实现|为完成|围绕)(?:上述|以上|这些)目标[^。]{0,24}(?:做好|抓好|推进|落实|开展)[^。]{0,12}(?:工作|任务)\s*[:：。]?\s*$")
# Words that announce a plan's content without committing to a number themselves.
_ANNOUNCE_RE = re.compile(r"提出|明确|希望|推动|推进|方案|规划|纲要")
# 年增19.0%: Taiwan's statistics say 同比 so (年增率 of a target, 年增率控制在2%以下, has no digit after 增)
_ACHIEVEMENT_RE = hint_start("一上下与位共分列创初历取同增完实居已截报据排提数是比统翻跨较连首年",
    r"比上年|同比|较上年|比去年|较去年|与去年同期|上年同期|年增(?=\s*\d)|增长了|提高了|增加了|下降了|翻了|已经|已达|已有|已建|已成为|已形成|已启动|已实现|"
    r"实现了|完成了|取得了|连续[\d一二三四五六七八九十]+年(?!每年)|首次|历史新高|历史最|创历史|居全国第|居全省第|位列|列全国|排名第|"
    r"分别是|分别以|是(?:19|20)\d\d年的|是[“\"]?十[一二三四五]五[”\"]?末的|(?:较|比)[“\"]?十[一二三四五]五[”\"]?末|据统计|初步统计|统计显示|数据显示|报告显示|截至|截止|"
    r"共(?:有|认定|投入|实施|完成|获得?|引进|建成|申报|组织|举办|新增)|同期相比|(?<!倍)增至|跨过|一直(?:保持|稳定|位居|居于)|(?<![要将争保])实现(?:地区生产总值|全市|全省)"  # 要实现地区生产总值超过…: a commitment
)
_STEP_COMMITTED_RE = re.compile(r"将|(?<![主重需必纲])要|计划|力争")  # 主要 / 重要 / 需要 are words, no commitment
_YEAR_ESTIMATE = r"预计(?:今年|本年|全年)|(?:今年|本年|全年)预计"  # an estimate of the year under way, not a plan for it
_FORECAST_RE = hinted("I专今估信全分初咨意报推智有本机研赛预上",
    r"(?:研究院|研究所|信通院|IDC|赛迪|咨询|智库|机构|专家|分析师|报告)[^。]{0,30}(?:预计|预测)|预测|预估|推估|推算|上看|初步估算|估算|估计|"  # 按目前趋势推算 / 上看2,000亿元: a projection
    rf"{_YEAR_ESTIMATE}"
    r"|意味着|有望达到|有望突破|有望超过"  # a writer's inference or an expectation, nobody's commitment
)
_OWN_YEAR_ESTIMATE_RE = re.compile(_YEAR_ESTIMATE)  # nobody else named: the writer's own
# 预计到2020年底… in a text of 2020: an estimate of the year under way (or one already over), read against the document's date.
_ESTIMATE_YEAR_RE = re.compile(r"预计[,，]?\s*(?:到|至)?\s*((?:19|20)\d\d)\s*年(?!\s*(?:-|—|–|~|至|到)\s*(?:19|20)\d\d)")  # not 预计2021年至2025年
# Fiscal instruments of a budget (赤字率, 特别国债, 专项债券): arrangements, not targets.
_FISCAL_RE = re.compile(r"赤字率|赤字规模|国债|专项债|债券|预算支出规模")
_FUND_AFTER_RE = re.compile(r"\s*(?:的)?[“\"「『][^”\"」』]{1,20}(?:计划|基金|专项|项目|工程|资金)[^”\"」』]{0,4}[”\"」』]")
_PER_HEAD_RATE_RE = re.compile(r"每(?:生|人|户)每(?:年|月|天|日)[^,;，；]{0,4}$")
_SUBSIDY_RE = re.compile(r"奖励|补助|补贴|资助|资金支持|给予|扶持|奖补|最高")
_PURPOSE_RE = re.compile(r"为[^。]{0,40}(?:打下|奠定|打好|夯实)[^。]{0,10}基础")
_RESTATED_RE = re.compile(r"(?:规划|纲要|方案)[^。]{0,8}(?:提出|预期|确定|设定)的")
_RESTATED_IN_BRACKETS_RE = re.compile(r"(?:规划|纲要|方案)[”\"]?[^。，,；;]{0,6}目标(?:值)?\s*[(（]\s*$")
_RESTATED_BEFORE_VALUE_RE = re.compile(
    # “十四五”非化石能源消费比重目标是20%: the period's target named before its value
    r"[“\"「]?十[一二三四五六七八九]五[”\"」]?(?:规划|纲要)?(?:确定的|提出的)?(?:预期|规划)?[\u4e00-\u9fff]{0,12}?目标值?(?:是|为)?\s*$"
)
# 距离“十四五”期末4.5个的目标: the period's target, its value between the period and 的目标.
_PERIOD_END_BEFORE_RE = re.compile(r"[“\"「]?十[一二三四五六七八九]五[”\"」]?(?:规划)?(?:期末|末)\s*$")
_PROGRAMME_HEAD_RE = re.compile(r"^[\u4e00-\u9fff“”\"]{0,12}(?:行动|工程|任务|举措|专项)(?=$|[、和及与,;。])")
_LIST_SIZE_AFTER_RE = re.compile(r"^[^,;。等]{0,16}?实事")  # 10件民生实事, not 100个老旧小区改造等民生实事 (a work of the list)
_LIST_SIZE_BEFORE_RE = re.compile(r"实事[^,;。]{0,4}共[^,;。]*$")
_LIST_TOTAL_RE = re.compile(r"(?:项目|计划)总投资(?:超过?|约|达)?$|总投资[^,;。]*的[^,;。]*项目$")
# 长度约740米 / 全长185公里 / …路,宽33米: one project's specification. A bare 长 / 宽 only opening its clause (里程长达8000公里,
# 道路长120公里 are quantities of a network); 达 / 达到 is an amount reached, not a specification.
# 保洁频率…15天完成1次 / 每7天开展1次: how often a work is done, a norm of the service, not a quantity of work
_FREQUENCY_BEFORE_RE = re.compile(r"(?:\d+(?:\.\d+)?\s*(?:/\s*\d+\s*)?|[一二两三四五六七八九十半]{1,3})\s*(?:个)?(?:天|日|周|月|小时|分钟)(?:内)?(?:完成|进行|开展|实施|组织|清扫|巡查|检查)?\s*$")
_CONCERNED_BEFORE_RE = re.compile(r"涉及[^,，;；。]{0,12}(?:面积|数量|规模|总量|个数)(?:约|为|达|共)?\s*$")
_DIMENSION_BEFORE_RE = re.compile(r"(?:长度|宽度|全长|总长|(?:^|(?<=[,，;；、(（]))[长宽])(?:约|为)?$")
# …北至东方美谷大道，面积约8.6平方公里 / 实施面积4.5平方公里: the size of a place or project just described, in a clause of its
# own (not 绿地面积达到200公顷, a level the clause sets).
_AREA_OF_PLACE_RE = re.compile(r"(?:^|(?<=[,，;；、(（。]))(?:总|实施|占地|建筑|规划|用地|区域)?面积(?:约|为|共)?\s*$")
_AREA_UNITS = frozenset({"平方公里", "平方千米", "公顷", "平方米", "亩", "万平方米", "万亩"})
# 特色园20座(区域面积1000平米以上): the size each counted thing must have, in brackets after the count.
_SIZE_OF_COUNTED_RE = re.compile(r"\d\s*[\u4e00-\u9fff]{1,2}\((?:区域|单体|建筑|占地|用地|每[个处座])?(?:面积|规模|长度|宽度)(?:约|为|在|达|不小于|不少于)?$")
_COUNT_NOUN_RE = re.compile(
    r"^(?:个|项|条|类|大|方面)?(?:[“\"][^”\"]{0,8}[”\"])?(?:主要|重点|重大|核心|基本|具体)?(?:发展)?(?:任务|指标|行动|工程|原则|方面|举措|子任务|目标|工作|措施|部门|篇|章|节)"
)
# 指标完成率 / 16项指标: about a plan's indicators; 道路技术状况指标优良率 is one indicator's measure (优良率, 合格率, 达标率)
_META_NAME_RE = re.compile(r"指标(?![\u4e00-\u9fff]{0,3}(?:优良|合格|达标|良好)率)|完成率")
_FROM_VALUE_AFTER_RE = re.compile(r"^(?:(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少)(?:到|至)|达到)")
# 达到96%的目的: a spun 的目标; 突破100亿元的“2331”目标: the goal named in quotes
# 企业(年用水量1万m3及以上)用水定额: a bound closing a bracket says which ones a name counts
_THRESHOLD_AFTER_RE = re.compile(r"^(?:(?:以上|以下|及以上)?(?:的(?![“\"「][^”\"」]{1,12}[”\"」]目标|(?:预期)?目[标的])|级)|(?:以上|以下|及以上)\))")
_NOUN_AFTER_RE = re.compile(r"^(?:以上|以下)?[\u4e00-\u9fff]")
_STEP_AFTER_RE = re.compile(r"^(?:以上|左右)?(?:达到|提高到|提升到|增至|超过|突破|争创|力争|并力争)")
# 完成年度目标任务589亿元的 / 占年度投资计划的: the target a rate is of (its amount, when printed, stands before 的).
_RATE_OF_TARGET = r"(?:完成|占)了?(?:全年|年度|本年度?)?[\u4e00-\u9fff]{0,4}?(?:目标任务|计划目标|计划任务|目标|计划|任务)"
_COMPLETION_RATE_RE = re.compile(
    rf"完成[^,，;；。]{{0,12}}目标(?:任务|值)?的?\s*$|(?:完成率|完成度|进度)(?:为|达到?)?\s*$|{_RATE_OF_TARGET}[^,，;；。]{{0,16}}的\s*$"
)
_TARGET_IN_RATE_RE = re.compile(rf"{_RATE_OF_TARGET}\s*$")
# 年度计划投资353.2亿元 / 年度投资计划400亿元: the amount the year's plan sets, whatever the sentence tells beside it.
_ANNUAL_PLAN_RE = re.compile(r"(?:^|[^完占])(?:年度|全年)(?:投资)?计划(?:投资|任务|目标)?(?:为|是|达到?)?\s*$")
_GAP_TO_TARGET_RE = re.compile(r"(?:低于|高于|超过|超出|落后于?)(?:全年|年度)?(?:预期|计划|认定)?(?:目标|计划|标准)\s*$")  # 超出认定标准0.3个百分点
# 超额完成5500万人的目标任务 / 增长6%目标任务: the value a 目标 right after it names, told inside a result.
# Not 增长4.8%未达到预期目标 / 低于年度目标: a result measured against the target, not the target's value.
_TARGET_AFTER_VALUE_RE = re.compile(
    r"^(?:(?!未|没有|低于|高于)[^,，;；。的]){0,8}?(?:以上|左右)?的?(?:年度|全年)?(?:预期|计划)?目标(?:任务)?(?!值|的)"
)
# 全年计划完成投资 / 当年计划投资 / 年度目标 just before a value: the figure set for the year, in a progress report too.
_YEAR_PLAN_BEFORE_RE = re.compile(r"(?<![占成])(?:全年|当年|年度|本年度?)(?:投资)?(?:计划|目标)(?:任务)?(?:完成)?(?:投资)?\s*$")
# 2024年,…续建项目计划完成投资550亿元 / 建设投资目标2600亿元 in a text of 2024: the year is named once for the whole notice.
_OWN_YEAR_PLAN_BEFORE_RE = re.compile(r"(?<![占成])(?:计划完成投资|投资目标(?:为|是)?)\s*$")
# 畜禽粪污资源化利用率、农膜回收利用率达到80%以上: rates listed before one share, each of them reaching it.
_RATE_NAME_END_RE = re.compile(r"(?:率|比重|占比|比例|降幅|增幅)$")


def _rates_listed(name: str, quantity: Quantity) -> bool:
    parts = name.split("、")
    return quantity.unit == "%" and len(parts) > 1 and all(_RATE_NAME_END_RE.search(part) for part in parts)


_JOINER_RE = re.compile(r"^(?:以上|以下|左右)?(?:和|及|与|、|或|并|且|同时|等|以及|，|,)")
_ORDINAL_BEFORE_RE = re.compile(r"(?:第|前|〔|No\.?)\s*$")
_NOT_UNIT_AFTER_RE = re.compile(r"^(?:号|期|届|次会议|月|日|时|分|岁|周年|年)")
# 2.2∶1 / 2.2:1: a ratio to one, written with the ratio sign or a colon; the value is its first term, with no unit.
_RATIO_TO_ONE_RE = re.compile(r"\s*[:：∶]\s*1(?![\d.:：∶/年月日时])")
# 超过1/3, 2/3: a fraction of a whole is a share in % (not 18/10万, a rate with its base, nor a date 2024/5/1).
_FRACTION_RE = hinted("1-9", r"(?<![\d./])([1-9])\s*/\s*([2-9]|10)(?![\d./万千百亿])")
# 按常住老年人口的3%配置: a norm that sizes something by a share of a base, not a share to reach.
_NORM_BEFORE_RE = re.compile(r"(?:按照?|依照|参照)[^,;，；。]{1,30}的\s*$")
_NORM_AFTER_RE = re.compile(r"\s*(?:的(?:比例|标准))?(?:配置|配备|设置|核定|测算|计算|确定|提取)")
# 0-6岁儿童, 65岁及以上老年人: an age written before a noun says whom a figure counts, it is not a value.
_AGE_BEFORE_NOUN_RE = re.compile(r"(?:及以[上下])?[的]?[\u4e00-\u9fff]")

# Verbs that bound a value, longest first: (regex, qualifier).
_VERBS: tuple[tuple[str, str | None], ...] = (
    ("提高到|提高至|提升到|提升至|上升到|上升至|增长到|增长至|增加到|增加至|增至|达到|到达|达致|达", "达到"),  # 达致: Hong Kong's 达到
    ("超过|超出|高于|多于|超|逾", "超过"),
    ("突破", "突破"),
    ("降低到|降低至|下降到|下降至|减少到|减少至|压减到|压减至|缩小到|缩小至|降至|降到", "以内"),  # a level reached from above
    ("不低于|不少于|不小于", "不低于"),
    ("控制在|保持在|稳定在|维持在|保持|维持", None),
    ("为|是|约", None),
)
# 达到新台币7兆元 / 超过人民币500亿元: the currency between the verb and the number
_VERB_RE = re.compile(r"(" + "|".join(v for v, _ in _VERBS) + r")\s*(?:约|大约)?(?:新台币|人民币|港币|港元|澳门元)?$")
_VERB_QUALIFIER = {word: qualifier for words, qualifier in _VERBS for word in words.split("|")}
_VERB_CLASSES = ("verb_reach", "verb_exceed", "verb_exceed", "verb_reduce", "verb_floor", "verb_hold", "verb_copula")  # one per _VERBS line
_VERB_CLASS = {word: verb_class for (words, _), verb_class in zip(_VERBS, _VERB_CLASSES, strict=True) for word in words.split("|")}
_THRESHOLDS = frozenset({"以上", "不低于", "不少于", "超过", "达到", "以下", "以内", "不高于", "不超过"})
_THRESHOLD_VERBS = frozenset({"verb_reach", "verb_exceed", "verb_reduce", "verb_floor", "verb_hold"})
_PLAN_CHANGE_RE = re.compile(r"(?:增长|增速|增幅|下降|降低|减少|提高|提升)\s*(?:约|分别)?$")
_COUNT_UNITS = frozenset("家个件项人名位所座条台套户批次宗")
# Action verbs after which the indicator follows the number (建成500个…示范工厂).
_ACTION_VERBS = (
    r"新增|净增|新建成?|新培育|新引进|新开通|引进|引育|培育|建成|建设|打造|推广|完成|实施|推动|支持|开放|创建|争创|储备|认定|组建|布局|选树|形成|"
    r"吸引|集聚|招引|孵化|服务|带动|突破|取得|建立|设立|攻克|落地|开通|部署"
)
_ACTION_RE = re.compile(rf"({_ACTION_VERBS})\s*(?:约)?$")
_LEAD_NOISE = (
    r"\s|到\s*(?:19|20)\d\d\s*年(?:底|末|时)?|到(?:规划)?期末|(?:19|20)\d\d\s*年|[“\"「『]?十[一二三四五六七八九]五[”\"」』]?(?:规划)?(?:时期|期间|末|期末)?|"
    r"今年|本年度?|明年|去年|上年|全年|目前|当前|现阶段|下一?步|下步|今后[^\s,，]{1,2}年半?|未来[^\s,，]{1,2}年半?|[\d一二三四五六七八九十]{1,2}年半?内|其中|同时|并且?|且|以及|和|及|此外|另外|"
    r"(?:全省|全市|全区|全县|全国|全行业|本市|本省|本区|我省|我市|我区|我县|我国|自治区)(?:的(?=[\u4e00-\u9fff]{2}))?|中国的(?=[\u4e00-\u9fff]{2})|"
    r"力争|力爭|确保|争取|努力|要|将|计划|推动|目标|预期|主要|发展的?|实现|提出|明确|设立|是(?=到\s*(?:19|20)\d\d)|比如|例如|譬如|"
    r"《[^》]{0,30}》|[(（][^)）]{0,6}[)）]|[、,，:：;；\-—]|“[^”]{0,12}”期间"
)
_LEAD_NOISE_RE = re.compile(rf"^(?:{_LEAD_NOISE})+")  # time, place and commitment words before a value (what it is, not)
# Fillers before a name (预计, 还有, 包括, 是, 要求, 到明年, Taiwan's 力拼 and 订出): noise to a name only, so that where the
# value's own words end (a threshold inside a name, a list's break) is read as before.
_FILLERS = (
    r"到\s*(?:明年|后年|今年)(?:底|末|时)?|力拼|要求|订出|订定|是(?!否)|预计|还(?:要|有|包括|包含)|另有|包括|包含|希望|期望|"
    r"在(?=\s*(?:19|20)\d\d\s*年(?!的?基础))"
)
_FILLER_RE = re.compile(_FILLERS)
_LIST_NUMBER = r"\d{1,2}\s*[.、](?!\d)|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十\d])"  # 1. / 3、 / 一、 opening a list item (not 一、二级公路)
_NAME_NOISE_RE = re.compile(rf"^(?:{_FILLERS}|{_LIST_NUMBER}|{_LEAD_NOISE})+")
# 在新材料领域(建成2家…): where the action happens, not what is counted.
# Where the subjects of a clause end: a comparison base, a verb or a number.
_SUBJECT_END_RE = re.compile(r"在(?:(?:19|20)\d\d|现有|目前)|比|较|实现|达到|突破|超过|增长|提高|\d")
_SERVICE_VERB_RE = re.compile(r"提供|实施|开展")
_BENEFICIARY_LEAD_RE = re.compile(r"[为对向给](?:全省|全市|全区|全县|全镇)?")
_BENEFICIARY_ENDS = frozenset("为对向给省市区县镇")  # the characters such a lead ends with: a test before cleaning it
# Whom a service is for is counted in people, homes or bodies: 预计为5.3% is an estimate (cleaning leaves its 为 alone).
_BENEFICIARY_UNITS = frozenset(("人", "户", "家", "人次", "户次", "个", "所", "位"))
_REACH_VERB_RE = re.compile(r"(?:覆盖|惠及|辐射|联通|连接|完成)$")  # 完成60%以上的…改造任务: the share of what follows
_GOAL_REACH_LEAD_RE = re.compile(r"(?:达成|达到|实现)\s*(?:每年|年均|全年)?$")
_LEVEL_NAMED_AFTER_RE = re.compile(r"^的[\u4e00-\u9fff]{0,6}(?:量|规模)(?![\u4e00-\u9fff])")
_MEASURED_LEAD_RE = re.compile(rf"(?:{_ACTION_VERBS}|提供)\s*(?:约|大约)?$")
_ACTION_ONLY_NAMES = frozenset({"新增", "净增", "新建", "引进", "新认定", "新培育"})
_WORK_ONLY_NAMES = frozenset({"完成", "修复", "实施", "建成", "改造"})
_WORK_NAMED_RE = re.compile(r"[\u4e00-\u9fff“”\"]{2,20}")  # a clause that only names a work (路灯更换): no number, no verb of a value
# A lead of manner adverbs and verbs alone names nothing (全面完成5400座…, 着力解决2.4万户…, 靶向引进100名…人才): what is
# counted follows the number. The verbs here only name (their object after the number); they weigh nothing as evidence.
_MANNER = r"全面|着力|靶向|大力|积极|加快|重点|多点布局|稳步|持续|全力|集中|统筹|累计|再|共|合共|开始"
_OBJECT_VERBS = r"解决|建置|申请|创造|达成|开发|提供|规划|配置|招收"
_VERB_CHAIN_RE = re.compile(rf"(?:{_MANNER}|{_ACTION_VERBS}|{_OBJECT_VERBS})+\s*(?:约)?$")
_INCREMENT_VERBS = ("新增", "净增", "新建", "引进", "累计")
# A verb closing a clause that counts things done: 100个示范社区全面建成 / 3个园区投入使用.
_COMPLETED_AFTER_RE = re.compile(r"(?:全面|基本|全部|如期)?(?:建成|建设完成|投入使用|投用|投产|挂牌|落地)(?:投用|运营|使用)?[。.！!]?$")
# 锦江区、青羊区、成华区(50%的城市社区…): where a share is counted, not what it counts.
_PLACES_RE = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:新区|区|县|市|州|镇|乡|街道)[、和及与]?)+")
# Verbs of building work, one vocabulary read three ways: each opens a work plan's sentence (_DIRECTIVE_RE) and counts
# what the period adds (_kind: 改造120个, 铺设管网30公里 are increments); work begun anew (_WORK_TO_START) also commits a
# year named before it (全市2020年…新开工49个: _commits_own_year), where 改造 or 整治 alone may tell work under way.
_WORK_TO_START = r"新开工|开工建设|新改扩建"
_WORK_VERBS = rf"{_WORK_TO_START}|开工|新改建|改扩建|续建|新认定|新铺|新发展|整治|改造|铺设"
# …企业、创造 + the next value: a verb of its own opens the next item (辅导5万家企业、创造200亿元产值)
_NEXT_PREDICATE_RE = re.compile(rf"、(?:{_ACTION_VERBS}|{_WORK_VERBS}|创造|实现|提供|辅导|培训)$")
# The verbs a work plan's sentences open with (a result told has its time, 了 or 已 instead).
_DIRECTIVE_RE = re.compile(
    r"^(?:加快|推动|推进|纵深推进|深入实施|实施|打造|健全|完善|加强|强化|落实|持续|全面完成|积极|大力|着力|深化|优化|扩大|"
    rf"促进|完成|实现|组建|新建|新增|引入|引进|培育|建设|开展|举办|构建|创建|办好|兜住|兜牢|启动|建成(?!区)|{_WORK_VERBS})(?!了)"
)
_BRACKET_RE = re.compile(r"\s*\([^()]*\)?")  # a bracket opening right after a value
_WORKS_LISTED = ("(其中:", "(其中：")
_PARTS_RE = re.compile(r"(?<=[\u4e00-\u9fff])\((?:包括|含)[^()]*\)?")  # a breakdown in brackets after what it breaks down
# A sentence that goes on with the year's tasks: a work verb, or the year's own count (年度新增…, 全年培育…).
_TASK_OPENING_RE = re.compile(rf"{_DIRECTIVE_RE.pattern}|^(?:年度|全年|年内)(?!以来)")
_BATCH_NAME_RE = re.compile(r"首批|第.批|一批|批")
_TITLE_RE = re.compile(r"《[^》]*》")  # a document's title
_NEW_NAME_RE = re.compile(r"(新增|净增|新建|新开通|新引进|新认定)")
_NAME_PREFIX_RE = re.compile(r"(新增|新建|引进|净增|累计|每年)")
_GROWTH_WORD_RE = re.compile(r"增长|增速|增幅")
_RESPECTIVE_CHANGE_RE = re.compile(r"(?:年均)?(?:增长|提高|下降|降低)(?=\s*(?:约|大约)?$)")
_USERS_RE = re.compile(r"网民|用户")
_ARABIC_RE = re.compile(r"\d|XX|xx")
_SLOGAN_COUNT_RE = re.compile(r"[“\"「][一二三四五六七八九十两]个$")  # “四个翻番”: a slogan naming how many things double
_EVENT_BEFORE_RE = re.compile(r"(?:举办|召开|主办|承办|举行)\s*$")  # 举办倍增追赶合作大会: an event's name
_PROGRAMME_AFTER_RE = re.compile(r"[”\"]?(?:计划|行动|工程|战略)|[、和及]")
_LOCATIVE_WORDS = frozenset({"在", "围绕", "聚焦", "面向"})
# 率先建成3个…街镇 / 改建或新建9座口袋公园: only how or which other work, before the verb; the thing counted follows the number.
_MANNER_RE = re.compile(r"(?:率先|全面|加快|积极|基本|着力|重点|持续|逐步|优先|力争|争取|新|再|提升|完善|优化|巩固|深化|拓展)+|[\u4e00-\u9fff]{1,4}[或和及与、]")
_LOCATIVE_RE = re.compile(r"(?:在|围绕|聚焦|面向)[^,，;；]{1,16}|[^,，;；]{0,16}(?:方面|领域)")
_TARGET_VERB = r"(?:达到|达|提高到|提升到|提高至|提升至|突破|超过|超|为)"
_MONEY_NAMES = r"营收|营业收入|收入|产值|规模|增加值|总额|投资|销售额|交易额|生产总值|GDP"
_FROM_BASE = r"(?:[从由][^,，;；从由]{0,16}?)?"  # 从2020年的85提高到95: the base between the name and the verb
_MONEY_NAME_RE = re.compile(rf"(?<!网民|用户)(?:{_MONEY_NAMES}){_FROM_BASE}\s*{_TARGET_VERB}\s*$")
# An index, a score, money without 元, a count of users (网民规模12亿, IPv6活跃用户数8亿) or a ratio: no unit is printed.
_UNITLESS_MEASURE_RE = re.compile(
    rf"(?:指数|系数|得分|分值|网民规模|用户数|用户规模|{_MONEY_NAMES}){_FROM_BASE}\s*{_TARGET_VERB}\s*$"
    r"|(?:倍差|收入比)\s*(?:缩小到|缩小至|控制在|降至|降到)?\s*$"  # 城乡居民收入倍差缩小到1.9以内: a ratio has no unit
)
# 城镇新增就业1200万 / 新增就业目标1100万以上: a count of people may omit 人.
_BRACKETED_UNIT_RE = re.compile(rf"[(（]({UNIT_PATTERN})[)）]\s*[:：]?\s*$")
_PEOPLE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:人口|居民|群众|农民)")
_BASE_UNIT_RE = re.compile(
    rf"[从由][^,，;；]{{0,12}}?\d[\d.]*\s*(?:万亿|千万|百万|万|亿)?(?P<unit>{UNIT_PATTERN})(?:以上|左右|多)?"
    r"(?:增加|提高|增长|提升|扩大|上升|减少|下降|降低|增|降)(?:到|至)\s*$"
)
_PEOPLE_NAME_RE = re.compile(rf"(?:就业|人口|人才)(?:目标)?\s*(?:{_TARGET_VERB}|控制在)?\s*$")  # 城镇人口控制在272万以内
_TOTAL_WORDS = frozenset({"总数", "总量", "数量", "总规模", "总计", "合计", "共计"})
_ACTION_PREFIX_RE = re.compile(r"^(?:新增|净增|新建成?|新开通|新引进|引进|建成|培育|累计)")
_YEARS_MEASURE_RE = re.compile(r"年限\s*(?:提高到|提升到|提高至|提升至|增加到|达到|达|为)?\s*$")
_NAME_TIME_RE = re.compile(r"今年|明年")
_INNER_PLEDGE_RE = re.compile(r"(?<=[^,，;；。]{6})(?:力争|力爭|争取|确保)(?=[^,，;；。]{3})(?!.*(?:力争|力爭|争取|确保))")
_GROWTH_ONLY_RE = re.compile(r"(?:年均|平均|每年)?(?:增长|增速|增幅|提高|提升|下降|降低|减少|增加|达到|突破|实现)")
# 央视网-新闻联播[video:2030年我国将累计建成 / 肇庆:2025年GDP: a carrier's or a headline's chrome, then the time the indicator follows
# (年前 / 年中 only before a stop: 2025年中小企业 / 2025年前沿技术 begin the indicator)
_CHROME_TIME_RE = re.compile(r"^.*(?:[\[\]【】:：|]|(?<!\d)[\-—](?!\d)).*?(?:19|20)\d\d\s*年(?!度|代)(?:底|末|时|[前中](?=[\s,，、:：;；]))?")
_OUTPUT_NAMES_RE = re.compile(r"GDP|国内生产总值|地区生产总值")  # one indicator, three ways to write it
_GROWTH_TAIL_RE = re.compile(r"(?:年均|平均)?(?:增长|增速|增幅)$")
_TARGET_SET_TAIL_RE = re.compile(r"(?:的)?目标[^,，;；。]{0,6}?(?:定|设定|设|调整|上调|下调|均在)$|直接定$")
# 人均, 平均, 所在, 方向, 许可, 供应, 效应, 内需 are words; 失业率在 / 数量向(3000家迈进) / 产值冲击 / 寿命应大于 / 里程长(达) /
# 产值已(达): a verb's first word
_NAME_TAIL_RE = re.compile(
    r"(?:的|要|将|力争|力爭|确保|争取|努力|分别|(?<![人平])均|预期|目标|(?<=[要将])到|"
    r"(?<=.)(?:(?<![内急军所必])需|则|已|全部|继续|冲击|冲刺|(?<![所存现实])在|(?<![方导流走倾意指])向|(?<![许认])可|不|(?<![供效响适反对相])应|(?<=里程|线路|道路|公路|铁路)长|大于|小于))+$"
)
# 研发经费投入将年均增长 / 研发投入强度每年要提高: a commitment inside the name, before its verb
_INNER_COMMITMENT_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:将|要|(?<![内急军所必])需|力争|争取|确保)+(?=(?:每年|年均|平均)?(?:增长|提高|提升|下降|降低|减少|增加|完成))")
# 高新企业数量从107家(增加到500家): the value it starts from is not part of the name.
_CITING_RE = re.compile(r"^[^,，;；。]{0,24}?(?:规划|纲要|方案|计划)[”\"]?[^,，;；。]{0,6}(?:提出|确定|明确|设定)的")
_LIST_ORDINAL_RE = re.compile(r"(?<![统唯单同])[一二三四五六七八九十]是")
_ON_THE_BASIS_RE = re.compile(r"在(?:(?:19|20)\d\d\s*年(?:末|底)?|现有|目前|当前)?的?基础上.*$|^(?:较|比|相比)(?:(?:19|20)\d\d\s*年(?:末|底)?|上年|去年|上年同期)的?(?:增加|增长|提高|提升|下降|减少)?$")
_NAME_BASE_RE = re.compile(r"[从由](?:目前|现在|当前|现有|现时|(?:19|20)\d\d\s*年(?:末|底)?)?的?\s*(?:约|大约)?\d.*$")
_MULTIPLE_RE = hinted(r"实力争确要将“\"双翻倍增", r"(实现|力争|争取|确保|要|将)?(?:[“\"]?双)?(翻一番|翻番|翻两番|倍增|倍升|(?:增加|增长)近?一倍)")
_RANK_RE = hinted("位保居稳跻达迈进排冲",
    # 进入全省前十强 / 力争总量进入全省前五: the first N, however the count is written
    r"(?:进入|位居|位列|跻身|保持|居|达到|排名|排在)(全国|全省|世界|全球|国内|全市)?(?:城市)?前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位|水平|强|(?=[,;，；。、]|$))"
    r"|(?:达到|保持|稳居|(?:排名|排位|冲刺)(?:总量|位次)?)(全国|全省|世界|全球|国内|全市)?第\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|位)?"  # 达到世界第二, 排名全省第三
    r"|(?:进入|跻身|迈入|位居|稳居)(全国|全省|世界|全球|国内|全市)(?:城市|地级市)?\s*(\d+|[一二三四五六七八九十百]+)\s*强(?!企业|榜|名单)"  # 进入全国50强
)
_QUALITATIVE_RE = hinted("争位保全居稳继跻达进",
    r"(?:稳居|位居|保持|继续保持|进入|跻身|达到|位列|争取达到|居)(?:全国|全球|世界|全省|国内|国际)(?:城市|大中城市)?"
    r"(?:前列|首位|第一方阵|第一|前茅|中上水平|中等水平|中游水平?|平均水平以上|领先水平)|全覆盖"
)
_BASELINE_FROM_RE = re.compile(
    r"(?:从|由)(?:现在的|目前的|当前的|现有的?|现时的?|(?P<year>(?:19|20)\d\d)年的?)?(?:约|大约)?(?P<value>\d+(?:\.\d+)?)\s*(?P<scale>万亿|亿|万)?(?P<unit>%|[\u4e00-\u9fff]{1,2})?"
    r"(?:以上|左右|多)?(?:预计)?(?:(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|跃升|增)(?:到|至)|达到)"
    r"(?:目前的|现在的|(?:19|20)\d\d年的?)?"  # 增长到目前的1880.49亿元, 提高到2025年的3.87万亿元
)
_BASE_YEAR_RE = re.compile(r"比\s*((?:19|20)\d\d)\s*年(?:末|底)?(?:提高|提升|增长|增加|下降|降低|翻)")
# 达到新台币兆元: Taiwan's 兆 (万亿) bare as well, the currency named between the verb and the scale.
_BARE_SCALE_RE = hinted(
    "百千万亿十兆",
    r"(?:(?<=突破|超过|达到)|(?<=[超逾达])|(?<=达到新台币|突破新台币|超过新台币)|(?<=达新台币))"
    r"(百|千|万|百万|千万|亿|十亿|百亿|千亿|万亿|兆)(元|件|家|人|个|项|吨|斤)",
)
# 规模达到万亿级 / 迈上千亿级台阶 / 跨入“9万亿俱乐部”, and the size a goal heads for (向万亿元迈进, 冲击万亿大关):
# a value in 亿元 (not 万亿级产业3个, where the class names what is counted).
_SCALE_CLASS_RE = hinted(r"\s“\"「\d万千百",
    r"(?:(?<=达到|迈上|迈入|跨入|突破|形成|进入|成为|跻身|冲击|冲刺|迈向)|(?<=向))\s*[“\"「]?(\d+(?:\.\d+)?)?\s*(万亿|千亿|百亿)(?:元)?"
    r"(?:级|俱乐部|大关|(?=迈进|进军|奋进|挺进))(?![\u4e00-\u9fff]{0,8}\d)"
)
_SCALE_CLASS = {"百亿": 100, "千亿": 1000, "万亿": 10000}
# 投诉个案至少减半 / 排放量减少一半以上: a decrease of 50 % written without a number (not 减半征收 / 减半收费 /
# 减半执行 / 减半优惠, a tax or a fee at half).
_HALVING_RE = hinted("至最减下降压", r"(至少|最少)?(?:减半|(?:减少|下降|降低|压减)一半(以上)?)(?!征收|收取|缴纳|计征|收费|执行|优惠)")
_BARE_SCALE = {"百": 100, "千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12, "兆": 1e12}


# Cheap checks that let most sentences of a long plan skip the full reading (whether and where a hint starts).
_TIME_HINT_RE = hint_start(
    r"\d十世经今明去上未此以目当截年过近本季至后现基第",
    r"\d\d\d\d|\d\d年|第\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*年|十.五|世纪中叶|经过|年(?:左右)?的?(?:时间|努力|建设|攻坚)|今年|本年|明年|后年|去年|上年|今后|未来|此后|以来|目前|当前|截至|截止|年内|过去|至今|近[\d一二三四五六七八九十几]"
    r"|\d\s*月|上半年|季度"  # 1-10月, 前三季度: a part of the year already over
    r"|现况(?:基础)?值|基础值|基准值|基期值",  # a KPI list's baseline
)
_QUANTITY_HINT_RE = hint_start(
    rf"\d{CN_NUMERALS}万亿兆翻倍覆前首第水分减",
    # 九成 / 十二处 / 三场: a number in Chinese numerals needs its unit to be seen (a digit is enough on its own)
    rf"\d|[{CN_NUMERALS}万亿兆]{{1,6}}(?:点[零〇一二三四五六七八九]+)?\s*(?:万亿|千万|百万|万|亿|兆)?\s*(?:[家个件项人名位所座条台套户亩吨斤倍元%平公米美处场辆支份张间]|{TENTHS_UNIT})"
    r"|[一二两三四五六七八九十百千]{1,6}(?:万亿|亿)"  # 达到两千亿: money may omit 元
    r"|翻一番|翻番|翻两番|倍增|覆盖|前列|首位|第[一二三四五六七八九十]|前[一二三四五六七八九十]|水平|百分之|分之|[百千万]亿元?(?:级|俱乐部|大关)"
    r"|减半|一半"
)


def _worth_reading(simplified: str) -> bool:
    return bool(_QUANTITY_HINT_RE.search(simplified) or _TIME_HINT_RE.search(simplified))


# A comma between digits with three after it (1,200万人) groups thousands; it ends no clause.
_THOUSANDS = r"(?<=\d),(?=\d{3}(?!\d))"
_DELIMITER_RE = re.compile(rf"(?!{_THOUSANDS})[,;:，；：。!?！？]")
_INLINE_YEAR_RE = re.compile(r"(?:力争|力爭|确保|争取)\s*$")
_SENTENCE_RE = re.compile(r"[^。!?！？\n]+[。!?！？]?")
# 将在未来一年半内全部落成 / 会于2027年前建成: the time a value named before it in the clause is due by.
_CLAUSE_DEADLINE_RE = hinted("将会要可",
    r"(?:将|会|要|可)\s*(?:在|于)\s*(?P<time>(?:未来|今后)?[\d一二三四五六七八九十两]{1,3}\s*年半?|(?:19|20)\d\d\s*年(?:底|末)?)\s*"
    r"(?:内|前|以前|之前)?\s*(?:全部|全数|全面|基本|陆续|如期)?(?:落成|建成|完成|达成|实现|竣工|投用|投入使用)"
)
# …筹集3万套,2028年前完成 / …两项,目标要在2031年达成 / …,力争到2027年: a deadline closing the sentence, with no value of
# its own, dates the values before it (a bare year needs 到/在/于, 前 or a verb of completion to be a deadline).
_DEADLINE_END_RE = re.compile(
    r"[,;，；]\s*(?:并|均|全部)?(?:目标|力争|争取|计划|确保|预计)?(?:要|将)?(?:(?P<by>在|于|到|至)\s*)?(?P<year>(?:19|20)\d\d)\s*年(?:底|末)?"
    r"(?P<before>前|以前|之前)?(?P<verb>(?:全部|全面|基本|如期|陆续)?(?:完成|达成|建成|实现|落成|竣工|投用|到位)[\u4e00-\u9fff]{0,4})?"
    r"\s*[。.!！]?\s*$"
)
# 研发投入强度：达到3.2%: a colon before the value joins the name to it; after 目标：/如下： or elsewhere it ends a clause.
# Runs of other characters first (one charset repeat, not a branch per character): the three alternatives start
# with different characters, so the order changes no match.
_CLAUSE_RE = re.compile(rf"(?:[^,;:，；：]+|{_THOUSANDS}|(?<![标下括是为])[:：](?=\s*(?:达到|达|为|超过|突破)?\s*\d))+")


def _number(text: str) -> int | None:
    try:
        return int(text) if text.isdigit() else int(cn_number(text))
    except ValueError:
        return None


# 115年 / 98至101年 / 107及108年 / 民國102年: a year of the Republic of China, read only in traditional text and within
# _ROC_WINDOW years of the document's own (so 10年 or 建党100年 stay what they are); 100年 to 110年, which an
# anniversary names as well (建黨100年), alone only after 民國/到/至/于 or as a 年度 (105年到114年 is a span).
_ROC_YEAR_RE = re.compile(r"(?:到|至|于|民国)?(?<![\d.])(\d{2,3})\s*年?\s*(?:(?:到|至|-|—|~|及|和|、)\s*(\d{2,3})\s*)?年(?:度)?(?![代前后来内间])")
_ROC_WINDOW = 12
_ROC_COMPARE_RE = re.compile(r"(?:较|比|相比|相较|从|由|与|同)\s*$")  # before a year of the Republic: a comparison's base
_LATE_MONTH = 7  # a text dated from July on: the year under way is no longer the first of the years ahead
_MID_MONTH = 7  # a text of unknown month, counted from the middle of its year


class _Timeline:
    """Time marks in a paragraph, read against the document's date and period."""

    def __init__(self, context: DocumentContext) -> None:
        self.context = context
        self.roc = False  # the paragraph is written in traditional characters: 115年 may be a year of the Republic
        self.title_year: int | None = None  # the year its goals section's title names (二、2025年…总体要求): an undated text's 今年

    def _relative(self, year: int) -> Scope:
        reference = self.context.reference_year
        if reference is None:
            if self.context.period_start is None:
                return Scope.OPEN
            if year < self.context.period_start:
                return Scope.PAST
            return Scope.FUTURE if year >= (self.context.period_end or year) else Scope.OPEN
        if year < reference:
            return Scope.PAST
        return Scope.FUTURE if year > reference else Scope.OPEN

    def marks(self, text: str) -> list[TimeMark]:
        found: list[tuple[int, int, TimeMark]] = []
        taken: list[tuple[int, int]] = []

        def add(match: re.Match[str], mark: TimeMark) -> None:
            if any(a < match.end() and match.start() < b for a, b in taken):
                return
            taken.append((match.start(), match.end()))
            found.append((match.start(), match.end(), mark))

        for title in _TITLE_RE.finditer(text):
            taken.append((title.start(), title.end()))  # 《…2035年远景目标纲要》 names a document, not a time
        reference = self.context.reference_year
        for kind, pattern in _TIME_RES:
            if kind in _TIME_NEEDS and _TIME_NEEDS[kind] not in text:
                continue
            for match in pattern.finditer(text):
                end = match.end()
                if kind in ("fyp_since", "since"):
                    add(match, TimeMark(end, Scope.PAST, None))
                elif kind == "fyp_compare":
                    add(match, TimeMark(match.start(), Scope.OPEN, None))  # a comparison base, not a time scope
                elif kind == "fyp" and _PLAN_REFERENCE_RE.search(text, max(0, match.start() - 3), match.start()):
                    add(match, TimeMark(match.start(), Scope.OPEN, None))  # 结合“十五五”规划: the plan as a document, no time
                elif kind == "fyp":
                    end_year = fyp_period(f"十{match.group(1)}五")[1]
                    if reference is not None:
                        scope = Scope.PAST if end_year < reference else Scope.FUTURE if reference < end_year else Scope.OPEN
                    elif self.context.period_start is not None:
                        scope = Scope.PAST if end_year < self.context.period_start else Scope.FUTURE
                    else:
                        scope = Scope.FUTURE
                    add(match, TimeMark(end, scope, end_year, period_from=end_year - 4))
                elif kind == "fiscal" and len(match.group(2)) == 4 and int(match.group(2)) != int(match.group(1)) + 1:
                    continue  # 2021-2025年度: a span of years, read as one below
                elif kind == "fiscal":
                    opening = int(match.group(1))
                    closing = opening - opening % 100 + int(match.group(2)[-2:]) + (100 if int(match.group(2)[-2:]) < opening % 100 else 0)
                    closing = opening + (_number(match.group(3)) or 1) if match.group(3) else closing
                    add(match, TimeMark(end, self._relative(closing) if closing != reference else Scope.OPEN, closing))
                elif kind == "span":
                    last = int(match.group(2))
                    add(match, TimeMark(end, self._relative(last) if last != reference else Scope.OPEN, last, period_from=int(match.group(1))))
                elif kind in ("by_year", "year"):
                    year = int(match.group(1))
                    scope = self._relative(year)
                    if kind == "by_year" and match.group(0).startswith("到") and scope is Scope.OPEN:
                        scope = Scope.FUTURE
                    if match.group(0).startswith(("截至", "截止")):
                        scope = Scope.PAST
                    elif scope is Scope.OPEN and _DEADLINE_AFTER_RE.match(text, match.end()):
                        scope = Scope.FUTURE  # 2026年9月底前，新增…: a deadline in the text's own year is still ahead of the work
                    add(match, TimeMark(end, scope, year))
                elif kind == "plan_year":
                    count = _number(match.group(1)) or 0
                    plan_first, plan_last = self.context.period_start, self.context.period_end
                    if plan_first is None or plan_last is None or not 1 <= count <= plan_last - plan_first + 1:
                        continue  # no plan period, or more years than it has: not one of its years
                    year = plan_first + count - 1
                    # a plan's N-th year is one it plans for, its own year too (不少于700亩 in the first year of a plan of that year)
                    add(match, TimeMark(end, Scope.PAST if reference is not None and year < reference else Scope.FUTURE, year))
                elif kind == "after_years":
                    count = _number(match.group(1)) or 0
                    add(match, TimeMark(end, Scope.FUTURE, reference + count if reference is not None and count else None))
                elif kind == "next_years" and (match.group(2) or match.group(4)):
                    # 未来一年半内 in a copy of September 2025: eighteen months on is 2027 (an undated month: mid-year)
                    count = _number(match.group(1) or match.group(3)) or 0
                    month = self.context.reference_month or _MID_MONTH
                    due = reference + (month - 1 + 12 * count + 6) // 12 if reference is not None and count else None
                    add(match, TimeMark(end, Scope.FUTURE, due))
                elif kind == "next_years":
                    count = _number(match.group(1) or match.group(3)) or 0
                    # 今后五年 in a report of 2013: 2013–2017, the current year counts (a plan's period wins); from a
                    # copy dated in the year's second half (9月25日电, an October address) the span starts the next year.
                    first = self.context.period_start or reference
                    if first is not None and first == reference and (self.context.reference_month or 0) >= _LATE_MONTH:
                        first += 1
                    years = tuple(range(first, first + count)) if first is not None and count else ()
                    add(match, TimeMark(end, Scope.FUTURE, years[-1] if years else None, years))
                elif kind == "mid_century":
                    add(match, TimeMark(end, Scope.FUTURE if reference is None or reference < 2050 else Scope.PAST, 2050))
                elif kind == "this_year":
                    add(match, TimeMark(end, Scope.FUTURE, reference if reference is not None else self.title_year))
                elif kind == "year_after_next":
                    add(match, TimeMark(end, Scope.FUTURE, reference + 2 if reference else None))
                elif kind == "next_year":
                    add(match, TimeMark(end, Scope.FUTURE, reference + 1 if reference else None))
                else:
                    add(match, TimeMark(end, Scope.PAST, None))
        if self.roc and reference is not None:
            for match in _ROC_YEAR_RE.finditer(text):
                # 民國115年 / 115年到116年 in a Taiwanese text: the Republic's years, 1911 before the Common Era's
                year = int(match.group(2) or match.group(1)) + 1911
                anniversary = not match.group(2) and 100 <= int(match.group(1)) <= 110 and not (
                    match.group(0).startswith(("到", "至", "于", "民国")) or match.group(0).endswith("年度")
                )
                if abs(year - reference) <= _ROC_WINDOW and not anniversary and _ROC_COMPARE_RE.search(text, 0, match.start()):
                    add(match, TimeMark(match.start(), Scope.OPEN, None))  # 相較於111年成長54.4%: the base, as fyp_compare
                elif abs(year - reference) <= _ROC_WINDOW and not anniversary:
                    scope = self._relative(year)
                    if match.group(0).startswith(("到", "至")) and scope is Scope.OPEN:
                        scope = Scope.FUTURE
                    add(match, TimeMark(match.end(), scope, year))
        return [self._placed(text, start, mark) for start, _, mark in sorted(found, key=lambda item: item[0])]

    @staticmethod
    def _placed(text: str, start: int, mark: TimeMark) -> TimeMark:
        """Whether a mark opens its clause (力争2025年… does not hold beyond its clause)."""
        clause_start = max((m.end() for m in _DELIMITER_RE.finditer(text, 0, start)), default=0)
        clause_end = next((m.start() for m in _DELIMITER_RE.finditer(text, start)), len(text))
        opened, closing = text.rfind("(", 0, start), text.find(")", start)
        if text[start : mark.position] in ("去年", "上年") and opened > text.rfind(")", 0, start) and closing != -1:
            # 可达63.5%(去年58.08%)、…: last year's value in brackets beside a target holds inside them only
            return replace(mark, leading=False, clause_end=closing)
        # 力争2024年江津班列…: a year named inside a commitment holds for that clause only.
        inline = bool(_INLINE_YEAR_RE.search(text[clause_start:start])) and not _DELIMITER_RE.match(text, mark.position)
        return replace(mark, leading=not inline, clause_end=clause_end)


@dataclass(frozen=True)
class SectionHint:
    """The section a paragraph stands in, as evidence: a goals section or a review of the past."""

    path: str | None = None
    goals: bool = False
    review: bool = False
    year: int | None = None  # the year a goals title names (2024年主要工作安排)


@dataclass
class _Found:
    start: int
    end: int
    quantity: Quantity
    name: str
    lead: str


# A task list's year columns, one cell a line: 2025年计划 / 2026年计划 (or 2024年工作项目, 2027年目标 …) as column names —
# cells of their own, or glued into one line with the other column names by the paragraph joiner — then rows that open
# with their numbered task, （1）建设…300条。, and give each year's share in the cells after it.
_COLUMN_WORDS = r"工作项目|工作计划|工作安排|工作任务|计划|目标|任务|安排|进度"
_YEAR_COLUMN_RE = re.compile(rf"^((?:19|20)\d\d)\s*年度?(?:{_COLUMN_WORDS})?$")
# a cell that ends with a year's column name (重点任务2025年计划: the joiner glued the column before it)
_YEAR_COLUMN_END_RE = re.compile(rf"(?:^|(?<=[\u4e00-\u9fff）)]))((?:19|20)\d\d)\s*年度?({_COLUMN_WORDS})?$")
_YEAR_COLUMN_NAME_RE = re.compile(rf"((?:19|20)\d\d)\s*年度?({_COLUMN_WORDS})")
_PLANNED_COLUMN_RE = re.compile(r"(?:工作)?(?:计划|目标|任务|安排)$")
_HEADER_CELL_MAX = 24
_YEAR_COLUMNS_RUN_RE = re.compile(rf"(?:(?:19|20)\d\d\s*年度?(?:{_COLUMN_WORDS})\s*){{2,}}")
_TASK_ROW_RE = re.compile(r"^[（(]\d{1,3}[)）]\s*(?=\S)")
_CELL_MAX = 200  # past this a line is prose, not a cell


def _column_years(texts: Sequence[str], i: int) -> tuple[list[tuple[int, bool]], int]:
    """The years of the column names at ``texts[i]`` (consecutive years, two or more), each with whether its name
    says it is planned (2025年计划, 2026年目标 — not 2024年工作项目 or a bare 2024年), and the index after them."""
    run = _YEAR_COLUMNS_RUN_RE.search(texts[i])
    if run is not None:
        found = [(int(m.group(1)), bool(_PLANNED_COLUMN_RE.match(m.group(2)))) for m in _YEAR_COLUMN_NAME_RE.finditer(run.group(0))]
        follows = all(b[0] == a[0] + 1 for a, b in itertools.pairwise(found))
        return (found, i + 1) if follows else ([], i + 1)
    years: list[tuple[int, bool]] = []
    j = i
    while j < len(texts) and len(texts[j]) <= _HEADER_CELL_MAX and (match := _YEAR_COLUMN_END_RE.search(texts[j].strip())):
        if years and int(match.group(1)) != years[-1][0] + 1:
            break
        years.append((int(match.group(1)), bool(_PLANNED_COLUMN_RE.match(match.group(2) or ""))))
        j += 1
    return (years, j) if len(years) >= 2 else ([], i + 1)


def schedule_years(texts: Sequence[str]) -> dict[int, tuple[int, bool, int]]:
    """For the cells of a task list with year columns (by their index in ``texts``): the year of the column each
    stands in, whether the column is named as planned, and the index of its row's task cell. After each numbered
    task cell, the cells that follow are its years in the columns' order."""
    years_of: dict[int, tuple[int, bool, int]] = {}
    i = 0
    while i < len(texts):
        header, i = _column_years(texts, i)
        if not header:
            continue
        while i < len(texts) and len(texts[i]) <= _CELL_MAX and not _column_years(texts, i)[0]:
            if _TASK_ROW_RE.match(texts[i].strip()):
                cells = range(i + 1, min(i + 1 + len(header), len(texts)))
                if all(len(texts[c]) <= _CELL_MAX and not _TASK_ROW_RE.match(texts[c].strip()) for c in cells):
                    years_of.update((cell, (year, planned, i)) for cell, (year, planned) in zip(cells, header, strict=False))
                    i += len(cells)
            i += 1
    return years_of


def _task_name(task: str) -> str:
    """The work a numbered task cell names, （16）公交站台适老化改造300个。 → 公交站台适老化改造 (its last clause before a number)."""
    text = _TASK_ROW_RE.sub("", task.strip(), count=1)
    text = re.split(r"\d", text, maxsplit=1)[0]
    clause = re.split(r"[,，;；。:：]", text.strip(" ，,。；;"))[-1].strip()
    return _clean_name(clause) if 2 <= len(clause) <= 30 else ""


class TargetReader:
    """Reads the targets of a document's paragraphs, carrying the time named from one to the next."""

    def __init__(self, context: DocumentContext, model: ClauseModel | None = None) -> None:
        self.context = context
        self.model = model or DEFAULT_MODEL
        self.timeline = _Timeline(context)
        self.scope = Scope.OPEN
        self.year: int | None = None
        self.per_year: tuple[int, ...] = ()
        self._section: str | None = None
        self._carried = False  # the scope comes from an earlier section
        self._soft: str | None = None  # "goals" or "review": what the last unnumbered title line said
        # Quantities read as facts, not targets (score below THRESHOLD), kept when a caller asks:
        # the statement reader (extract/statements.py) proposes them as observations.
        self.statements: list[Target] | None = None
        # Every quantity the model decides, with its evidence, kept when a caller asks (scripts/train_targets.py).
        self.candidates: list[Candidate] | None = None
        self._previous_clause = ""  # the clause before the one being read, in the same sentence
        self._clause_before = ""  # … while its values are read (_previous_clause is the clause itself by then)
        self._row_task = ""  # in a task list's year column: the name of the row's task (read_in_column)
        self._sentence_names: list[str] = []  # the names of the quantities read so far in the sentence
        self._deadline = False  # the sentence closes with a deadline of its own (…,2028年前完成): a commitment
        self._counted_name = ""  # the last quantity's indicator in the paragraph (target or not)
        self._work_plan = False  # 为实现上述目标，重点做好以下工作： the sections after it are the work for the goals
        self._own_year_committed = False  # 2024年，本省将… in a 2024 text: the year carried is one committed to
        self._period_from: int | None = None  # the earliest plan period the text has named so far (an undated text's present)
        title = to_simplified(context.title) if context.title else ""  # simplified before any test: 十件民生實事 is a pledged list too
        self._bulletin = document_kind(title) == "bulletin"
        # 某区“十五五”规划 read in 2026: what its body commits to without a year of its own is for its period.
        self._plan_ahead = (
            document_kind(title) in PLAN_KINDS
            and context.period_end is not None
            and (context.reference_year is None or context.reference_year <= context.period_end)
        )
        if "实事" in title and _PLEDGE_LIST_RE.search(title) and any(m.year == context.reference_year for m in self.timeline.marks(title)):
            # 广东省2023年十件民生实事 of a 2023 copy (not 2022年…完成情况): the whole text is the list its title names
            self._soft_heading(title, "goals")

    def read_in_column(
        self, paragraph: Paragraph, year: int, task: str = "", hint: SectionHint = SectionHint(), *, planned: bool = False
    ) -> list[Target]:
        """A cell of a task list's year column (schedule_years): read as if its year were named in it (the text's own
        year is ahead when the column is ``planned``, 2025年计划), a bare count named by the row's ``task`` cell; the
        time carried before the cell holds again after it."""
        saved = (self.scope, self.year, self.per_year, self._carried)
        self._row_task = _task_name(task)
        reference = self.context.reference_year
        if reference is None or year > reference or (planned and year == reference):
            self.scope = Scope.FUTURE
        else:
            self.scope = Scope.PAST if year < reference else Scope.OPEN
        self.year, self.per_year, self._carried = year, (), False
        try:
            return self.read(paragraph, hint)
        finally:
            self.scope, self.year, self.per_year, self._carried = saved
            self._row_task = ""

    def read(self, paragraph: Paragraph, hint: SectionHint = SectionHint()) -> list[Target]:
        """The targets a paragraph sets (a title line glued to it is read as a title first)."""
        return [t for piece in _split_at_titles(paragraph) for t in self._read(piece, hint)]

    def _read(self, paragraph: Paragraph, hint: SectionHint) -> list[Target]:
        if hint.path != self._section:
            self._section = hint.path
            self._carried = True
            self._own_year_committed = False
            self._soft = None
            self.timeline.title_year = hint.year if hint.goals else None
            if hint.goals:
                self.scope, self.year, self.per_year = Scope.FUTURE, hint.year or self.context.period_end, ()
                self._carried = False
            elif hint.review:
                self._work_plan = False
            elif self._work_plan:
                self._soft, self.scope = "goals", Scope.FUTURE  # the sections of work announced for the goals
            elif self._plan_ahead and (self.scope is Scope.PAST or self._milestone()):
                # 一、发展基础 (“十四五”以来…) then 二、主要任务: a plan's past stays in the section that told it; so does a
                # milestone before its end (到2027年… in a 十五五 plan) or a horizon after it (至2035年… in a 十四五 plan): the
                # next section's undated work is the period's.
                self.scope, self.year, self.per_year = Scope.OPEN, None, ()
        simplified = to_simplified(paragraph.text)  # once: for the check, the reading and the Republic's years
        if len(paragraph.text) > _SOFT_TITLE_MAX and not _worth_reading(simplified):
            return []  # nearly half of a plan's paragraphs: no quantity, no time, not a title line
        prepared = prepare(paragraph.text, breaks=_item_breaks(paragraph), simplified=simplified, digest=" " in simplified and is_digest(simplified))
        self.timeline.roc = simplified != paragraph.text
        self._counted_name = ""
        soft = _soft_heading(prepared.text)
        if soft == "goals" and self._bulletin and not sets_goals_in_bulletin(prepared.text):
            soft = "review"  # 一、主要指标 of a 统计公报: the year's results
        if soft is not None:
            self._soft_heading(prepared.text, soft)
            return []
        if self._soft is not None:
            hint = replace(hint, goals=hint.goals or self._soft == "goals", review=hint.review or self._soft == "review")
        targets: list[Target] = []
        for sentence in _SENTENCE_RE.finditer(prepared.text):
            targets.extend(self._sentence(prepared, sentence.start(), sentence.group(0), paragraph, hint))
            if not hint.goals and "目标" in sentence.group(0) and _GOALS_FOLLOW_RE.search(sentence.group(0)):
                hint = replace(hint, goals=True)  # 实现以下目标：A。B。: the list runs on to the paragraph's end
        goal_named = "目标" in prepared.text  # both introductions name it: a substring test spares two scans
        work_plan = goal_named and bool(_WORK_PLAN_INTRO_RE.search(prepared.text))
        self._work_plan = self._work_plan or work_plan
        if (goal_named and _GOAL_LIST_INTRO_RE.search(prepared.text)) or work_plan:
            # 提出2024年经济社会发展主要预期目标： the paragraphs that follow are its list.
            self._soft_heading(prepared.text[-_SOFT_TITLE_MAX:], "goals")
        return targets

    def _soft_heading(self, text: str, soft: str) -> None:
        """A title line without numbering (2025年主要预期目标, 2024年工作回顾): evidence for what follows."""
        self._soft = soft
        marks = self.timeline.marks(text)
        year = next((m.year for m in marks if m.year is not None), None)
        if soft == "goals":
            carried = self.year if self.scope is not Scope.PAST else None  # 二、2024年…总体要求 / 主要预期目标：
            self.scope, self.year, self.per_year = Scope.FUTURE, year or carried or self.context.period_end, ()
            if _PLEDGE_LIST_RE.search(text):
                self._work_plan = True  # 1. 新建2所… / 2. 改造…: the numbered items below are the pledged works
        else:
            self.scope, self.year, self.per_year = Scope.PAST, year, ()
            self._work_plan = False
        self._carried = False

    # -- one sentence ------------------------------------------------------------------------

    def _sentence(self, prepared: Prepared, offset: int, sentence: str, paragraph: Paragraph, hint: SectionHint) -> list[Target]:
        marks = self.timeline.marks(sentence) if _TIME_HINT_RE.search(sentence) else []
        self._deadline = False
        if marks:
            marks = self._deadline_first(sentence, self._deadline_in_clause(sentence, self._list_marks(sentence, marks)))
        quantity_hint = _QUANTITY_HINT_RE.search(sentence)
        if quantity_hint is None:
            self._carry(marks, sentence)
            return []
        targets: list[Target] = []
        previous_name = seen_name = ""
        purpose = _PURPOSE_RE.search(sentence)
        self._previous_clause = ""
        self._sentence_names = []
        hint_at: int | None = quantity_hint.start()  # the next quantity hint: one search serves the clauses before it
        for clause_match in _CLAUSE_RE.finditer(sentence):
            clause, clause_start = clause_match.group(0), clause_match.start()
            if hint_at is not None and hint_at < clause_start:
                # A hint holds no delimiter, so it lies inside one clause: searched from here, not clause by clause.
                next_hint = _QUANTITY_HINT_RE.search(sentence, clause_start)
                hint_at = next_hint.start() if next_hint else None
            hinted_clause = hint_at is not None and hint_at < clause_match.end()
            found = list(self._quantities(clause)) if hinted_clause else []
            self._clause_before = self._previous_clause
            self._previous_clause = clause
            for index, item in enumerate(found):
                position = clause_start + item.start
                scope, year, per_year = self._scope_at(marks, position)
                restated = _restated_year(sentence, sentence[:position], clause[item.start :])
                if restated is None and _in_completion_rate(clause, item):
                    restated = self.context.reference_year or 0  # 完成年度目标任务300亿元的46.7%: the year's target
                # 年度计划投资353亿元: the year's plan beside what is done, named by its own words
                annual_plan = restated is None and year in (None, self.context.reference_year) and bool(_ANNUAL_PLAN_RE.search(clause[: item.start]))
                if annual_plan:
                    restated = self.context.reference_year or 0
                elif restated is None and (plan_before := _YEAR_PLAN_BEFORE_RE.search(clause, 0, item.start)) and not (
                    item.quantity.unit == "%" and "完成" in plan_before.group(0)
                ):
                    # 全年计划完成投资98.5亿元 beside what is done so far: the year's plan figure is its target
                    # (年度计划完成85.3%: how much of it is done)
                    restated = 0
                elif restated is None and year is not None and year == self.context.reference_year and item.quantity.unit == "亿元" and (
                    _OWN_YEAR_PLAN_BEFORE_RE.search(clause, 0, item.start)
                ):
                    # …计划完成投资550亿元 under the document's own year: that year's plan figure, without 全年 / 年度
                    restated = 0
                features = self._evidence(sentence, marks, position, scope, year, clause, item, len(found), hint, restated is not None)
                logit = self.model.logit(features)
                if "past_commitment" in features and year is not None:
                    # 2015年，人口占27%…。比如…要由…提高到53.6%: what is committed to is no year carried from the past;
                    # the plan's end, if a later one is known, else no year rather than a guess
                    period_end = self.context.period_end
                    year = period_end if period_end is not None and period_end > year else None
                if restated is not None:
                    # 提前实现“十四五”规划提出的12件的目标: the plan's target, restated beside an achievement
                    # (whose indicator it is).
                    logit, year = max(logit, _RESTATED_LOGIT), restated or year
                    item.name = item.name if annual_plan else seen_name or item.name
                seen_name = item.name or seen_name
                self._sentence_names.append(item.name)
                if item.name and item.name not in _TOTAL_WORDS:
                    self._counted_name = item.name
                name = self._name_of(item, previous_name, seen_name)
                in_purpose = restated is None and bool(purpose and purpose.start() <= position < purpose.end())
                target = None
                if (logit >= 0 or self.candidates is not None) and name and not in_purpose:
                    target = self._target(prepared, offset + clause_start, clause, item, name, year, paragraph, hint, logit)
                    if per_year and "分别" in clause and len(found) == len(per_year):
                        target = replace(target, target_year=per_year[index], kind="increment" if target.kind == "level" else target.kind)
                    if self.context.period_start is not None and _in_quoted_citation(sentence, position):
                        # 《…纲要》提出“2025年…提升至10%”: another document's target, quoted as context
                        target = replace(target, scope=TargetScope.EXTERNAL, indicator=_clean_name(_NAME_NOISE_RE.sub("", name[name.rfind("“") + 1 :])))
                    if self.candidates is not None:
                        self.candidates.append(Candidate(features=features, target=target))
                if logit < 0:
                    if self.statements is not None:
                        self.statements.append(self._target(prepared, offset + clause_start, clause, item, item.name, year, paragraph, hint, logit))
                    continue
                if target is None:
                    continue  # a purpose (为…打下基础), or nothing names what the value counts
                previous_name = name
                targets.append(target)
            if not found:
                qualitative = self._qualitative(prepared, offset + clause_start, clause, marks, clause_start, paragraph, hint, sentence)
                if qualitative:
                    targets.append(qualitative)
        self._carry(marks, sentence)
        return targets

    def _list_marks(self, sentence: str, marks: list[TimeMark]) -> list[TimeMark]:
        """The times of a pledged list read in its own sentence: 2027年民生实事项目一览 names the year the works are pledged
        for, as a title line of the list does; 项目征集自2026年10月开始 / 于2027年1月10日票决
        is when the list was drawn up, holding in its own clause only, not for the items after it."""
        if "实事" not in sentence and not _SELECTION_RE.search(sentence):
            return marks  # one substring test for the pledge words spares the patterns in most sentences
        reference = self.context.reference_year
        placed = []
        for mark in marks:
            clause = sentence[mark.position : mark.clause_end]
            if _SELECTION_RE.search(sentence, max(0, mark.position - 12), mark.clause_end):
                mark = replace(mark, leading=False)
            elif mark.scope is Scope.OPEN and mark.year is not None and reference in (None, mark.year) and _PLEDGE_LIST_RE.search(clause):
                mark = replace(mark, scope=Scope.FUTURE)
            placed.append(mark)
        return placed

    @staticmethod
    def _deadline_in_clause(sentence: str, marks: list[TimeMark]) -> list[TimeMark]:
        """另外2万个将在未来一年半内全部落成: a time the clause's value is due by, named after it, holds from the clause's
        start (the value before it is due then)."""
        moved = False
        for deadline in _CLAUSE_DEADLINE_RE.finditer(sentence):
            index = next((i for i, m in enumerate(marks) if deadline.start("time") < m.position <= deadline.end("time")), None)
            if index is not None:
                start = max((m.end() for m in _DELIMITER_RE.finditer(sentence, 0, deadline.start())), default=0)
                marks[index], moved = replace(marks[index], position=start), True
        return sorted(marks, key=lambda m: m.position) if moved else marks

    def _deadline_first(self, sentence: str, marks: list[TimeMark]) -> list[TimeMark]:
        """…改造老旧小区200个,2028年前完成: the deadline closing the sentence holds for the values before it, read as if it
        opened the sentence (a deadline in the year under way is still to come); not when a time is named before it."""
        cut = max(sentence.rfind(","), sentence.rfind("，"), sentence.rfind(";"), sentence.rfind("；"))  # the last clause only
        deadline = _DEADLINE_END_RE.match(sentence, cut) if cut >= 0 else None
        if deadline is None or not (deadline.group("by") or deadline.group("before") or deadline.group("verb")):
            return marks
        last = marks[-1]
        if last.year != int(deadline.group("year")) or last.position < deadline.start() or any(
            m.year is not None or m.scope is not Scope.OPEN for m in marks[:-1]
        ):
            return marks
        reference = self.context.reference_year
        scope = Scope.FUTURE if last.scope is Scope.OPEN and reference is not None and last.year == reference else last.scope
        self._deadline = scope is Scope.FUTURE
        return [replace(last, position=0, scope=scope, leading=True), *marks[:-1]]

    def _name_of(self, item: _Found, previous_name: str, seen_name: str) -> str:
        """The indicator a value counts: its own name, else the one before it in the sentence."""
        name = item.name or previous_name or seen_name
        if self._row_task and (not item.name or item.name in _ACTION_ONLY_NAMES or item.name in _WORK_ONLY_NAMES):
            # a year's cell of a task list (read_in_column): 路灯更换，完成320个；台阶修补，完成45处 — the work named in
            # the clause before, its count after it; a bare 200套 — the row's task is what it counts. Only there: in
            # running text the clause before a count with no name is as often a condition or a source (经汇总…数据).
            head = self._clause_before.strip()
            if _WORK_NAMED_RE.fullmatch(head):
                name = head
            elif not previous_name and not seen_name:
                name = self._row_task
        if not item.name and item.quantity.unit not in ("%", "个百分点"):
            name = _GROWTH_TAIL_RE.sub("", name) or name  # 年均增长15%，到2027年突破1000亿元: the level of the same thing
        if item.name in _ACTION_ONLY_NAMES and previous_name:
            name = previous_name  # 新增高新技术企业50家，努力实现新增100家
        if name in _TOTAL_WORDS and (previous_name or self._counted_name):
            # 新开通5G基站15万个，总数达到30万个 / 新增高企120家。…力争总数突破1000家
            name = _GROWTH_TAIL_RE.sub("", _ACTION_PREFIX_RE.sub("", previous_name or self._counted_name)) + name
        return name

    def _carry(self, marks: Sequence[TimeMark], sentence: str) -> None:
        if not marks:
            return  # no time named: the scope carried stays
        periods = [m.period_from for m in marks if m.period_from is not None]
        if periods:
            self._period_from = min(periods + ([self._period_from] if self._period_from is not None else []))
        # 为到2035年…打好基础: the time of a purpose holds inside it, not for the sentences after.
        purposes = [(p.start(), p.end()) for p in _PURPOSE_RE.finditer(sentence)]
        scoped = [
            m
            for m in marks
            if (m.year is not None or m.scope is not Scope.OPEN) and m.leading and not any(a <= m.position <= b for a, b in purposes)
        ]
        if scoped:
            last = scoped[-1]
            self.scope, self.year, self.per_year = last.scope, last.year, last.per_year
            self._carried = False
            own_year = last.scope is Scope.OPEN and last.year is not None and last.year == self.context.reference_year
            self._own_year_committed = own_year and _commits_own_year(sentence, marks, len(sentence))
            if last.scope is Scope.OPEN and _GOAL_LIST_RE.search(sentence):
                # 2026年经济社会发展的主要预期目标：… in a report of 2026: the work that follows is that year's.
                self.scope = Scope.FUTURE

    def _scope_at(self, marks: Sequence[TimeMark], position: int) -> tuple[Scope, int | None, tuple[int, ...]]:
        before = [
            m
            for m in marks
            if m.position <= position and (m.year is not None or m.scope is not Scope.OPEN) and (m.leading or position < m.clause_end)
        ]
        if before:
            mark = before[-1]
            return mark.scope, mark.year, mark.per_year
        return self.scope, self.year, self.per_year

    def _scope_feature(
        self, sentence: str, marks: Sequence[TimeMark], position: int, scope: Scope, year: int | None, goals: bool, achievement: bool
    ) -> str | None:
        """Which time evidence the value has: future / future_carried / past / past_carried / past_commitment, or none
        (``achievement``: the sentence tells a result, _achievement(sentence), read once per value by the caller)."""
        if scope is Scope.OPEN and goals and self.year is not None:
            scope = Scope.FUTURE  # 2026年经济社会发展主要目标: a goals title about the document's own year
        if scope is Scope.OPEN and year is not None and year == self.context.reference_year:
            if _commits_own_year(sentence, marks, position):
                return "future"  # 2024年，本省将改造… in a 2024 text: the year under way, committed to as 今年 would be
            if self._own_year_committed and not marks and _TASK_OPENING_RE.match(sentence) and not achievement:
                # …将改造…。启动…12个 / 年度新增…不少于400个: a task of the year committed to in the sentence before
                return "future"
        if scope is Scope.FUTURE:
            named_here = any(m.position <= position and m.scope is Scope.FUTURE for m in marks)
            if not named_here and (self._carried or achievement):
                # a future named in an earlier section, or earlier text, carried into a sentence of results (比上年…)
                return "future_carried"
            return "future"
        if scope is Scope.PAST:
            if any(m.position <= position and m.scope is Scope.PAST for m in marks):
                return "past"
            # 力争… after a sentence about the past: a commitment speaks of what is still to come.
            return "past_commitment" if _COMMITMENT_RE.search(sentence[:position]) else "past_carried"
        one_year = self.context.period_start == self.context.period_end  # a year's plan: its own year is its period
        if self._plan_ahead and (year is None or (one_year and year == self.context.period_end)) and not achievement:
            return "plan_period"  # no time, or the year of a year's plan (2025年 in a 2025 annual plan)
        return None

    def _evidence(
        self,
        sentence: str,
        marks: Sequence[TimeMark],
        position: int,
        scope: Scope,
        year: int | None,
        clause: str,
        item: _Found,
        values_in_clause: int,
        hint: SectionHint,
        restated: bool,
    ) -> dict[str, float]:
        """The features of one value (FEATURES), 1.0 for each piece of evidence present."""
        at = item.start
        on: list[str] = []
        achievement = _achievement(sentence)
        time = self._scope_feature(sentence, marks, position, scope, year, hint.goals, achievement)
        verb = _VERB_RE.search(item.lead)
        if time is None and year is not None and self._undated_year_goal(sentence, marks, position, year, verb, item.quantity):
            time = "future"  # 2015年…分别达到90%、99% in a text with no date: a level set for that year
        if time is not None:
            on.append(time)
        before = sentence[: sentence.find(clause) + at] if clause in sentence else sentence
        before = _TITLE_RE.sub("《》", before)  # words inside a document's title commit to nothing
        if _COMMITMENT_RE.search(before) or _RESTATED_RE.search(sentence) or self._deadline:
            on.append("commitment")
        elif _ANNOUNCE_RE.search(before):
            on.append("announcement")
        if hint.goals or _GOAL_LIST_RE.search(before):
            on.append("goal_section")  # …的主要目标是：A，B，C — a goals list inside one sentence
        if hint.review:
            on.append("review_section")
        quantity = item.quantity
        near = clause[max(0, at - 30) : at + len(quantity.raw) + 12]
        if _achievement(near):
            on.append("achievement_cue")
        elif achievement:
            on.append("achievement_cue_nearby")
        forecast = _FORECAST_RE.search(sentence)
        if (forecast is not None and not self._own_plan_estimate(sentence, forecast, hint)) or self._estimates_own_year(sentence):
            on.append("forecast")
        if quantity.qualifier or verb or quantity.unit == "倍":
            on.append("bound")
        plan_time = time in ("future_carried", "plan_period")  # a plan's own future, not one its sentence names
        if self._plan_ahead and plan_time and not hint.review and not achievement and _plan_sets(clause, sentence, item, verb):
            on.append("in_plan")  # …企业150家以上 / 年均增长15% / 建设重点实验室20家: what the plan sets for its period
        if _ACTION_RE.search(item.lead) or _NEW_NAME_RE.match(item.name):
            on.append("action")
        directive = bool(_DIRECTIVE_RE.match(sentence))
        if directive and self._undated() and not achievement and not hint.review:
            on.append("directive")
        # Evidence the hand weights leave at 0 (GENERAL_FEATURES).
        context = self.context
        if year is not None:
            on.append("year_named")
            if year == context.reference_year:
                on.append("own_year")
        if context.reference_year is None and context.period_start is None:
            on.append("undated_document")
        later = [m.scope for m in marks if m.position > position]
        if Scope.PAST in later:
            on.append("past_after")
        if Scope.FUTURE in later:
            on.append("future_after")
        if _COMMITMENT_RE.search(clause[:at]):
            on.append("commitment_in_clause")
        if directive:
            on.append("directive_verb")
        if "了" in clause[:at]:
            on.append("perfective")
        if position * 2 > len(sentence):
            on.append("late_in_sentence")
        if values_in_clause >= 3:
            on.append("many_in_clause")
        if not item.name:
            on.append("no_own_name")
        if _GROWTH_WORD_RE.search(item.lead):
            on.append("growth_word")
        if quantity.qualifier in ("左右", "range") or quantity.value_high is not None:
            on.append("band")
        if restated:
            on.append("restated")
        if verb:
            on.append(_VERB_CLASS[verb.group(1)])
        on.append(_unit_class(quantity))
        return dict.fromkeys(on, 1.0)

    def _undated_year_goal(
        self, sentence: str, marks: Sequence[TimeMark], position: int, year: int, verb: re.Match[str] | None, quantity: Quantity
    ) -> bool:
        """In a text with neither a date nor a period, a year named in the sentence and a level reached (达到, 不低于 …) or
        a ceiling (控制在…以内, 2015年在315万人以内) with no result cue (比上年, 已, 了 …) is a goal for that year: nothing
        says the year is over."""
        context = self.context
        if context.reference_year is not None or context.period_start is not None:
            return False
        reached = verb is not None and _VERB_CLASS[verb.group(1)] in ("verb_reach", "verb_exceed", "verb_floor")
        ceiling = quantity.qualifier in ("以内", "以下") and (verb is None or _VERB_CLASS[verb.group(1)] == "verb_hold")
        if not (reached or ceiling):
            return False
        if self._period_from is not None and year < self._period_from:
            return False  # “十五五”时期(2026-2030年)… then 2024年…达58%: a year before the period the text plans for
        named = any(m.year == year and m.position <= position for m in marks)
        return named and "了" not in sentence[:position] and not _achievement(sentence) and not _FORECAST_RE.search(sentence)

    def _milestone(self) -> bool:
        end = self.context.period_end
        return self.scope is Scope.FUTURE and self.year is not None and end is not None and self.year != end

    def _undated(self) -> bool:
        """Nothing tells the reader when the text stands: no date, no period, no time named so far."""
        context = self.context
        return context.reference_year is None and context.period_start is None and self.year is None and self.scope is Scope.OPEN

    @staticmethod
    def _own_plan_estimate(sentence: str, forecast: re.Match[str], hint: SectionHint) -> bool:
        """年度工作计划：预计全年新增…: the issuer's own 预计 for its year, inside its list of work, is what it plans."""
        return _OWN_YEAR_ESTIMATE_RE.fullmatch(forecast.group(0)) is not None and (hint.goals or _GOAL_LIST_RE.search(sentence, 0, forecast.start()) is not None)

    def _estimates_own_year(self, sentence: str) -> bool:
        reference = self.context.reference_year
        estimate = _ESTIMATE_YEAR_RE.search(sentence) if reference is not None else None
        return estimate is not None and reference is not None and int(estimate.group(1)) <= reference

    # -- quantities of one clause ------------------------------------------------------------

    def _quantities(self, clause: str) -> Iterable[_Found]:
        matches = [m for m in QUANTITY_RE.finditer(clause) if m.group("num")]
        values: list[tuple[int, int, Quantity]] = []
        pending: list[tuple[int, int, re.Match[str]]] = []  # 300万、400万、500万平方米: the unit comes last
        for match in matches:
            after = clause[match.end() :]
            before = clause[: match.start()]
            unitless = not match.group("unit") and not match.group("hunit")
            years_listed = "分别" in before and ("年限" in before or "年限" in self._previous_clause) and not re.fullmatch(r"(?:19|20)\d\d", match.group("num"))
            if unitless and after.startswith("年") and (_YEARS_MEASURE_RE.search(before) or years_listed) and match.group("num")[0].isdigit():
                # 平均受教育年限提高到11.7年 / …和受教育年限分别达到95%和13.5年: a length of time in years, not a date
                values.append((match.start(), match.end() + 1, Quantity(value=to_number(match.group("num")), unit="年", raw=match.group(0) + "年")))
                continue
            if unitless and match.group("num")[0].isdigit() and (ratio := _RATIO_TO_ONE_RE.match(after)):
                # 城乡收入差距控制在2.2∶1以内: a ratio to one is its first term (the 1 is read as nothing)
                end = match.end() + ratio.end()
                qualifier = re.match(r"以内|以下|以上|左右", clause[end:])
                raw = clause[match.start() : end + (qualifier.end() if qualifier else 0)]
                values.append((match.start(), end, Quantity(value=to_number(match.group("num")), unit="", qualifier=qualifier.group(0) if qualifier else None, raw=raw)))
                continue
            written_out = bool(match.group("scale")) and not re.match(r"\s*[^\s,;，；。、)）]", after)  # 两千亿, ending its clause
            if unitless and (match.group("num")[0].isdigit() or written_out) and _UNITLESS_MEASURE_RE.search(before):
                # 区域科技创新指数达到160以上 / 营收达2.6万亿 / 达到两千亿: an index has no unit, money may omit 元
                money = match.group("scale") in ("亿", "万亿") and _MONEY_NAME_RE.search(before[-40:])
                users = _USERS_RE.search(before[-40:])
                if money or users or not match.group("scale"):
                    values.append((match.start(), match.end(), quantity_from_match(match, default_unit="元" if money else None)))
                continue
            bracketed = _BRACKETED_UNIT_RE.search(before[-12:]) if unitless else None
            if bracketed:
                # 高新技术企业数量（家）：5000 — the unit stands in brackets after the name
                values.append((match.start(), match.end(), quantity_from_match(match, default_unit=bracketed.group(1))))
                continue
            base = _BASE_UNIT_RE.search(before[-30:]) if unitless and match.group("num")[0].isdigit() else None
            if base:
                # 人才资源总量从现在的1.14亿人增加到1.8亿: the value reached is in the unit of the one it starts from
                values.append((match.start(), match.end(), quantity_from_match(match, default_unit=base.group("unit"))))
                continue
            if unitless and match.group("scale") in ("万", "亿") and (_PEOPLE_NAME_RE.search(before[-16:]) or (_PEOPLE_AFTER_RE.match(after) and not match.group("qual"))):
                # 新增就业1200万 / 解决1.02亿农村人口的饮水安全问题: a count of people may omit 人 (300万以上人口城市: a threshold)
                values.append((match.start(), match.end(), quantity_from_match(match, default_unit="人")))
                continue
            if unitless and before.endswith("/"):
                continue  # the denominator of 1/3 (read as a share below) shares no unit with the next value
            if unitless:
                shares_unit = after.startswith("、") or (after.startswith("和") and bool(pending))
                if (match.group("num").isdigit() or match.group("scale")) and shares_unit:
                    pending.append((match.start(), match.end(), match))
                continue
            if _ORDINAL_BEFORE_RE.search(before) and not _RANK_RE.search(clause[max(0, match.start() - 8) : match.end() + 1]):
                continue
            if _NOT_UNIT_AFTER_RE.match(after):
                continue
            is_arabic = bool(re.match(r"\d|XX|xx", match.group("num")))
            floor = bool(_FLOOR_BEFORE_RE.search(before))  # 至少建成一个 / 至少有一所: the floor, not an article
            if match.group("num") == "一" and not match.group("high") and not floor:
                continue  # 建设一个载体: 一 is an article here, not a quantity
            # 三大 / 一批 are words; 两万五千 or 七万四千 can only be a number
            spelled_out = len(match.group("num")) >= 3 and bool(re.search(r"[万千百]", match.group("num")))
            if not (is_arabic or spelled_out) and not (_VERB_RE.search(before) or _ACTION_RE.search(before) or re.search(r"[至到]$", before) or floor):
                continue
            try:
                quantity = quantity_from_match(match)
            except ValueError:
                continue  # 千千万万: not a number
            for start, end, earlier in pending:
                shared = quantity_from_match(earlier, default_unit=match.group("unit"))
                values.append((start, end, shared))
            pending = []
            values.append((match.start(), match.end(), quantity))
        # Each pattern below needs a character or word that most clauses lack: a substring test spares its scan.
        scaled = any(c in clause for c in "百千万亿兆")
        for match in (_BARE_SCALE_RE.finditer(clause) if scaled else ()):
            if any(start <= match.start() < end for start, end, _ in values):
                continue  # 突破百亿元: already read as 百 × 亿元
            unit, value = normalise_unit(match.group(2), _BARE_SCALE[match.group(1)] / (1e8 if match.group(2) == "元" else 1))
            if match.group(2) == "元":
                unit, value = "亿元", _BARE_SCALE[match.group(1)] / 1e8
            values.append((match.start(), match.end(), Quantity(value=value, unit=unit, raw=match.group(0))))
        for match in (_SCALE_CLASS_RE.finditer(clause) if "亿" in clause else ()):
            if not any(start <= match.start() < end for start, end, _ in values):
                value = float(match.group(1) or 1) * _SCALE_CLASS[match.group(2)]
                values.append((match.start(), match.end(), Quantity(value=value, unit="亿元", raw=match.group(0).strip())))
        for match in (_FRACTION_RE.finditer(clause) if "/" in clause else ()):
            numerator, denominator = int(match.group(1)), int(match.group(2))
            if numerator < denominator and not any(start <= match.start() < end for start, end, _ in values):
                values.append((match.start(), match.end(), Quantity(value=round(100 * numerator / denominator, 2), unit="%", raw=match.group(0))))
        for match in (_MULTIPLE_RE.finditer(clause) if "翻" in clause or "倍" in clause else ()):
            if _PROGRAMME_AFTER_RE.match(clause, match.end()) or _SLOGAN_COUNT_RE.search(clause, 0, match.start()) or _EVENT_BEFORE_RE.search(clause, 0, match.start()):
                # “双倍增”计划, 做强二产、主体倍增、科技创新, 实现“三个翻番”: the name of a programme, a list item or a slogan
                continue
            factor = 4.0 if "两" in match.group(2) else 2.0
            values.append((match.start(), match.end(), Quantity(value=factor, unit="倍", raw=match.group(0))))
        for match in (_HALVING_RE.finditer(clause) if "半" in clause else ()):
            values.append((match.start(), match.end(), Quantity(value=50.0, unit="%", qualifier="以上" if match.group(1) or match.group(2) else None, raw=match.group(0))))
        rank = _RANK_RE.search(clause) if "前" in clause or "第" in clause or "强" in clause else None
        if rank:
            values = [v for v in values if not (rank.start() <= v[0] < rank.end())]
            number = _number(rank.group(2) or rank.group(4) or rank.group(6))
            if number is not None:
                values.append((rank.start(), rank.end(), Quantity(value=float(number), unit="位", qualifier="以内", raw=rank.group(0))))
        if values:
            values.sort(key=lambda v: v[0])
            yield from self._named(clause, values)

    def _named(self, clause: str, values: list[tuple[int, int, Quantity]]) -> Iterable[_Found]:
        if "(" in clause:
            # 整治125个村庄(包括63个…、62个…), 安排项目444项(拆分后共569项): a breakdown or a restatement of the
            # value before the bracket in its own measure, no values of their own (折算为27248美元 is another measure);
            # 改造危桥9座(其中:2座…、7座…) lists the works the total is made of, each a value of the same year.
            parts = [(m.start(), m.end(), "") for m in _PARTS_RE.finditer(clause)]
            parts += [
                (m.start(), m.end(), q.unit)
                for _, end, q in values
                if (m := _BRACKET_RE.match(clause, end)) and not m.group(0).lstrip().startswith(_WORKS_LISTED)
            ]
            values = [v for v in values if not any(a <= v[0] < b and unit in ("", v[2].unit) for a, b, unit in parts)]
        kept = [v for i, v in enumerate(values) if not self._is_modifier(clause, v, values[i + 1 :])]
        kept = [v for v in kept if not self._is_excluded(clause, v)]
        name_start = 0
        previous_prefix = ""
        respectively = "分别" in clause
        first_lead = ""
        subject_names = self._respective_names(clause, kept) if respectively else []
        for index, (start, end, quantity) in enumerate(kept):
            lead = clause[name_start:start]
            if index and "、" in lead and _NEXT_PREDICATE_RE.search(lead):
                lead = lead[lead.rindex("、") + 1 :]  # 辅导5万家企业、创造200亿元产值: the second value's words begin after 、
            if index and _continues_counted_list(clause, name_start, lead, end):
                name = _clean_name(_noun_after(clause, end))  # 建成2家创新中心、15家创新平台
            else:
                name = self._name_from_lead(lead, clause, end, quantity)
            if respectively and index < len(subject_names):
                name = subject_names[index]
            if respectively:
                lead = clause[:start] if index == 0 else first_lead  # one verb governs every value (分别增长6%、7%)
            if index == 0:
                first_lead = lead
            elif previous_prefix and name and not _ACTION_RE.search(lead) and len(name) <= 12 and not name.startswith(previous_prefix):
                name = previous_prefix + name  # 新增孵化器20家、众创空间10家
            prefix = _NAME_PREFIX_RE.match(name or "")
            previous_prefix = prefix.group(1) if prefix else previous_prefix
            if (_META_NAME_RE.search(name) and quantity.unit in ("个", "项", "%", "条")) or _BATCH_NAME_RE.fullmatch(name):
                name_start = end
                continue
            shared = quantity.unit == "倍" or re.search(r"均\s*\S{0,4}$", lead) or (respectively and len(kept) == 1) or _rates_listed(name, quantity)
            pair = _TWO_COUNTS_RE.match(name) if len(kept) == 1 and not respectively and _CHANGE_AT_END_RE.search(lead) else None
            if pair and "等" not in name:
                # 事故数量和死亡人数相比…下降10%: one change for two counts of one subject, a target each (named in full)
                rest = pair.group("rest")
                for part in (pair.group("subject") + pair.group("first") + rest, pair.group("subject") + pair.group("second") + rest):
                    yield _Found(start=start, end=end, quantity=quantity, name=part, lead=lead)
            elif shared and re.search(r"[、和]", name) and "等" not in name:
                # 高新技术企业、科技型中小企业实现翻番 / A和B均进入前5位 / A和B分别降低30%: each of them reaches it.
                for part in re.split(r"[、和]", name.split("分别")[0]):
                    if part:
                        yield _Found(start=start, end=end, quantity=quantity, name=part, lead=lead)
            else:
                yield _Found(start=start, end=end, quantity=quantity, name=name, lead=lead)
            if _THRESHOLD_AFTER_RE.match(clause[end:]) and not _clean_name(_LEAD_NOISE_RE.sub("", lead)):
                break  # 20%的村集体年收入超30万元: what follows the share describes whom it counts
            name_start = end

    @staticmethod
    def _is_modifier(clause: str, value: tuple[int, int, Quantity], later: Sequence[tuple[int, int, Quantity]]) -> bool:
        """A number inside an indicator's name: 营业收入5亿元以上的企业, 2万平方米以上孵化器超150个."""
        start, end, quantity = value
        after = clause[end:]
        if quantity.unit == "倍" and _MULTIPLE_RE.match(clause[start:end]):
            return False
        lead = _LEAD_NOISE_RE.sub("", clause[:start])
        if _TARGET_IN_RATE_RE.search(clause[:start]):
            return False  # 完成年度目标任务300亿元的46.7%: the target, not a threshold of a name
        if _RESTATED_BEFORE_VALUE_RE.search(clause[:start]):
            return False  # 低于“十三五”预期增速目标9%的1.14个百分点: the period's target, then how far it was missed
        if _THRESHOLD_AFTER_RE.match(after):
            parallel = bool(later) and bool(re.search(r"[和、及]\s*$", clause[end : later[0][0]]))  # 完成70%以上的A和50%以上的B
            if (not later or parallel) and _REACH_VERB_RE.search(lead):
                return False  # 覆盖80%以上的大城市: the share reached is the value
            if not later and after.startswith("的") and _MEASURED_LEAD_RE.search(lead):
                return False  # 新建约三万二千平方米的实验室楼面: the verb's object measured, not a threshold of a name
            if not later and _LEVEL_NAMED_AFTER_RE.match(after) and _GOAL_REACH_LEAD_RE.search(lead):
                return False  # 达成每年660MW的设置量: the level reached, named after it (not 达到1亿元的企业, a threshold)
            return bool(lead) and not _PLACES_RE.fullmatch(lead)  # 70%的规模以上制造业企业…: a value whose indicator follows
        if not (_NOUN_AFTER_RE.match(after) and not _JOINER_RE.match(after) and later):
            return False
        if _STEP_AFTER_RE.match(after) and not re.search(r"[从由]", clause[:start]):
            return False  # 突破1万亿元达到1.3万亿元: a floor, then the level it steps to (由X增至Y: X is the start)
        between = clause[end : later[0][0]]
        if between.endswith("等"):
            return False  # 新建30个社区食堂等10件民生实事: one work named, then the size of the list it is in
        if "、" in between and _NEXT_PREDICATE_RE.search(between):
            return False  # 辅导5万家企业、创造200亿元产值: the next value has a verb of its own, this one is a count
        # 建成2家创新中心、15家创新平台: counted items in a list, each its own value.
        return not re.search(r"[、和及与]$", between)

    @staticmethod
    def _is_excluded(clause: str, value: tuple[int, int, Quantity]) -> bool:
        start, end, quantity = value
        after = clause[end:]
        if _COUNT_NOUN_RE.match(after) and quantity.unit in ("个", "项", "条", "类", "大", "方面", "部", "家", "批", "篇"):
            return True
        if quantity.unit in ("%", "‰") and _NORM_BEFORE_RE.search(clause[:start]) and _NORM_AFTER_RE.match(after):
            return True  # 养老床位按常住老年人口的3%配置: a planning norm, not a target
        if quantity.unit == "岁" and _AGE_BEFORE_NOUN_RE.match(after):
            return True  # 0-6岁儿童家长培训: the age says whom the work is for
        if quantity.unit in ("项", "条") and not after.strip() and re.search(r"(?:提出|包括|涵盖|设置|设立)$", clause[:start]):
            return True  # 细化提出20项: a count of the indicators or items a document sets
        if quantity.unit in ("项", "大", "类", "条") and _PROGRAMME_HEAD_RE.match(after):
            return True  # 实施5项科学素质提升行动: how the plan is organised, not a quantity it commits to
        if quantity.unit in ("项", "个", "件", "类", "大") and (_LIST_SIZE_AFTER_RE.match(after) or _LIST_SIZE_BEFORE_RE.search(clause[:start])):
            return True  # 票决确定了10项民生实事 / 实事项目共12个: the size of the pledged list, not one of its works
        if quantity.unit in ("亿元", "个", "项") and "总投资" in clause and _LIST_TOTAL_RE.search(clause[:start]):
            return True  # 项目总投资超1.4万亿元 / 总投资4224.7亿元的储备项目288个: a project list's total and size, not a target
        if quantity.unit in ("米", "公里", "千米") and _DIMENSION_BEFORE_RE.search(clause[:start]):
            return True  # 长度约740米, 宽度约33米: a project's specification, not a quantity of work committed to
        if _SIZE_OF_COUNTED_RE.search(clause[:start]):
            return True
        if quantity.unit in _AREA_UNITS and _AREA_OF_PLACE_RE.search(clause[:start]):
            return True
        if _CONCERNED_BEFORE_RE.search(clause[:start]):
            return True  # 我区涉及此类整治面积约1301亩: how much a kind of case covers now, not what is to be done
        if quantity.unit == "次" and _FREQUENCY_BEFORE_RE.search(clause[:start]):
            return True  # 15天完成1次全线清扫: a frequency the work must keep, not a count committed to
        if "每" in clause and _PER_HEAD_RATE_RE.search(clause[:start]):
            return True  # 生均拨款不低于每生每年500元: a funding standard per head, not a quantity of work
        if _SUBSIDY_RE.search(clause) and quantity.unit in ("亿元", "%", "万元"):
            return True
        if _FISCAL_RE.search(clause[:start]):
            return True
        if quantity.unit == "亿元" and _FUND_AFTER_RE.match(after):
            return True  # 设立100亿元“产学研1+计划”: money set aside for a named fund or programme
        if quantity.unit in ("个百分点", "%") and _GAP_TO_TARGET_RE.search(clause[:start]):
            return True  # 低于预期目标0.9个百分点: how far a result misses a target whose value is not printed
        if quantity.unit == "%" and _COMPLETION_RATE_RE.search(clause[:start]):
            return True  # 已完成规划目标的87.2%: how far a target is done, not a target
        if _FROM_VALUE_AFTER_RE.match(after) and re.search(r"[从由]", clause[:start]):
            return True  # 由3.2万人增加到5万人: the value it starts from is the baseline
        lead = clause[:start]
        # 生物医药、电子信息2个新兴产业: the count of the items just named.
        listed = "、" in lead[-20:] and bool(_NOUN_AFTER_RE.match(after)) and not _VERB_RE.search(lead) and not re.search(r"\d", lead[-20:])
        listed = listed and not _FLOOR_BEFORE_RE.search(lead)  # 各区、县至少办1所: what each must have, not a count of the names
        return listed and quantity.value is not None and quantity.value < 20

    def _respective_names(self, clause: str, kept: Sequence[tuple[int, int, Quantity]]) -> list[str]:
        """A、B分别达到X和Y: one name per value."""
        if not kept:
            return []
        head = clause[: kept[0][0]]
        # 城乡居民人均可支配收入分别增长6%和7.5%: each part's name carries the change (…收入增长), as its own sentence would
        change = _RESPECTIVE_CHANGE_RE.search(head, head.find("分别")) if "分别" in head else None
        head = head[: head.find("分别")] if "分别" in head else head
        own_head = bool(_clean_name(head))
        if not own_head and self._previous_clause:
            # A和B在2022年的基础上实现倍增，分别超过90家和870家: the subjects are in the clause before.
            # …2015年A和B分别达到X和Y;2020年分别达到…: the clause before may open with its own year
            head = _SUBJECT_END_RE.split(_NAME_NOISE_RE.sub("", self._previous_clause), maxsplit=1)[0]
        head = _VERB_RE.sub("", head)
        head = _NAME_NOISE_RE.sub("", head)
        parts = [p for p in _SUBJECT_JOINER_RE.split(head) if p]
        if len(parts) > len(kept) > 1 and (described := _described_subjects(head, len(kept))):
            parts = described  # 乡土树种和地产草种在新建、改建绿地的应用比例: the subjects, each with the description after them
        urban_rural = parts[0].startswith("城乡") if len(parts) == 1 else len(parts) == 2 and parts[0] == "城" and parts[1].startswith("乡")
        if len(kept) == 2 and urban_rural:
            rest = parts[0][2:] if len(parts) == 1 else parts[-1][1:]
            suffix = change.group(0) if change else ""
            return [_clean_name("城镇" + rest) + suffix, _clean_name("农村" + rest) + suffix]  # 城乡 / 城、乡居民收入分别增长6%、7%: both, named in full
        if len(parts) != len(kept):
            earlier = self._sentence_names[-len(kept) :]
            verb = _GROWTH_WORD_RE.search(clause, 0, kept[0][0])
            if own_head or len(earlier) != len(kept) or not all(earlier) or verb is None:
                return []
            # 接待游客4.3亿人次,收入3250亿元,分别增长15%、25%: the values just read, each growing by its own
            return [_clean_name(_GROWTH_TAIL_RE.sub("", n)) + verb.group(0) for n in earlier]
        # 智能制造装备和工业软件市场满足率: the shared tail (市场满足率) belongs to each part.
        tail = _shared_tail(parts)
        # 研发投入强度和高新技术企业数: a part that ends in a measure of its own is whole
        suffix = change.group(0) if change else ""
        return [_clean_name(p + (tail if not p.endswith(tail) and not _MEASURE_END_RE.search(p) else "")) + suffix for p in parts]

    def _name_from_lead(self, lead: str, clause: str, end: int, quantity: Quantity) -> str:
        if quantity.unit == "倍" and quantity.raw and _MULTIPLE_RE.search(quantity.raw):
            # 人均国内生产总值比2020年翻一番: the base year is the multiple's, not the name's
            lead = re.sub(r"(?:(?:比|较|相比)(?:(?:19|20)\d\d\s*年(?:末|底)?)?)?(实现|力争|争取|确保|要|将)?$", "", lead)
        if clause.startswith("的", end) and (level := _LEVEL_NAMED_AFTER_RE.match(clause[end:])) and _GOAL_REACH_LEAD_RE.search(lead):
            return _clean_name(level.group(0)[1:])  # 达成每年660MW的设置量: named by what follows 的
        if lead.endswith(_WORKS_LISTED):
            # 改造危桥9座(其中:2座四类危桥、7座窄桥): a part opening with its count is named by what follows it.
            return _clean_name(_noun_after(clause, end))
        if lead[-1:] in _BENEFICIARY_ENDS and quantity.unit in _BENEFICIARY_UNITS and _BENEFICIARY_LEAD_RE.fullmatch(_clean_name(lead)):
            # 为1000名失能老人提供上门服务: the lead only says for whom; they are named after the number (not the service).
            return _clean_name(_SERVICE_VERB_RE.split(_noun_after(clause, end), maxsplit=1)[0])
        floor = _AT_LEAST_BEFORE_RE.search(lead)
        if floor:
            # 每个乡镇至少有一所公办幼儿园 / 建成至少一个中心: who must have it, then what is counted after the number
            return _clean_name(_ACTION_RE.sub("", lead[: floor.start()]) + _noun_after(clause, end))
        # 供应能力达到每天25万人次: the rate's period
        lead = re.sub(r"([\u4e00-\u9fff]{2}(?:达到|达|为|在))\s*每(?:天|日|月|年)\s*(?:约|大约)?$", r"\1", lead)
        verb = _VERB_RE.search(lead)
        name = lead[: verb.start()] if verb else lead
        chain = _VERB_CHAIN_RE.search(name)
        head = _clean_name(name[: chain.start()]) if chain else ""
        noun = _clean_name(_noun_after(clause, end)) if chain else ""
        if chain and chain.group(0).endswith("解决"):
            noun = noun.split("的")[0]  # 解决1.02亿农村人口的饮水安全问题: who is counted, not the problem solved for them
        if not chain and re.search(r"(?:还有|另有|包括|包含|其中)\s*$", name) and not _clean_name(name):
            noun = _clean_name(_noun_after(clause, end))  # 还有50万户租金补贴 / 其中20间龙头企业: fillers, then what is counted
        if re.match(r"[\u4e00-\u9fffA-Za-z“\"「]{2}", noun) and (not chain or len(head) < 2 or _actor_only(head)):
            # 着力解决2.4万户偏远农牧户 / 太原新建5个院士工作站 / 安徽力争全省建成30个…: the verbs (and who acts) before
            # the number, what is counted after it; an increment's verbs stay in its name (还要新增培育7.6万名AI人才)
            verbs = _clean_name(chain.group(0)) if chain else ""
            return _clean_name((verbs if verbs.startswith(_INCREMENT_VERBS) else "") + noun)
        action = _ACTION_RE.search(name)
        cleaned = _clean_name(name)
        subject = _clean_name(name[: action.start()]) if action else ""
        manner = _MANNER_RE.fullmatch(subject) is not None and len(_clean_name(_noun_after(clause, end))) >= 2
        if action and (len(cleaned) < 2 or len(subject) < 2 or _LOCATIVE_RE.fullmatch(subject) or manner):
            # 建成500个以上智能制造示范工厂: the indicator follows the number.
            verb_word = action.group(1)
            prefix = verb_word if verb_word.startswith(_INCREMENT_VERBS) else ""
            return _clean_name(prefix + _noun_after(clause, end))
        if action and not cleaned.startswith(_INCREMENT_VERBS):
            cleaned = _clean_name(name[: action.start()]) or cleaned
        if cleaned in _LOCATIVE_WORDS:
            # 在3-5个关键材料领域形成竞争优势: what is counted follows the number.
            return _clean_name(_noun_after(clause, end))
        if _REACH_VERB_RE.fullmatch(cleaned) and _THRESHOLD_AFTER_RE.match(clause[end:]):
            cleaned = ""  # 覆盖80%以上的大城市: named by what it reaches
        if (not cleaned or _PLACES_RE.fullmatch(cleaned)) and _THRESHOLD_AFTER_RE.match(clause[end:]):
            # 30%以上的规模以上企业建立研发机构: the indicator follows the value.
            cleaned = _clean_name(re.sub(r"^(?:以上|以下|及以上)?的", "", clause[end:]))
        if (not cleaned or _BATCH_NAME_RE.fullmatch(cleaned)) and _COMPLETED_AFTER_RE.search(clause[end:]):
            # 首批100个示范社区全面建成: the things counted, then the verb that completes them.
            cleaned = _clean_name(_COMPLETED_AFTER_RE.sub("", _noun_after(clause, end)))
        if not cleaned and (filler := _FILLER_RE.search(name)):
            # 预计达到10%左右 after the sentence that names it: a filler names nothing, the indicator last counted in the
            # paragraph does (none counted yet: the filler stays, so that the value is still read)
            return self._counted_name or filler.group(0)
        return cleaned

    # -- building the target -----------------------------------------------------------------

    def _target(
        self,
        prepared: Prepared,
        clause_offset: int,
        clause: str,
        item: _Found,
        name: str,
        year: int | None,
        paragraph: Paragraph,
        hint: SectionHint,
        logit: float,
    ) -> Target:
        quantity = item.quantity
        verb = _VERB_RE.search(item.lead)
        qualifier = quantity.qualifier
        if qualifier is None and verb:
            qualifier = _VERB_QUALIFIER.get(verb.group(1))
        if quantity.qualifier is None and re.search(r"力争|力爭", item.lead + clause[: item.start]):
            qualifier = "力争"  # 力争达到: the aspiration is the bound (a bound word after the value wins)
        if qualifier is None and _FLOOR_BEFORE_RE.search(item.lead):
            qualifier = "不低于"  # 至少建成一所: a floor, as 不少于
        if qualifier is None and quantity.unit == "%" and re.search(r"高于$", item.lead):
            qualifier = "超过"
        own_year = year is not None and (year == self.context.reference_year or self.context.period_start == self.context.period_end == year)
        kind = _kind(item.name or name, item.lead, quantity, own_year)
        baseline_value, baseline_year = _baseline(clause, item.start)
        first, last = prepared.source_span(clause_offset, clause_offset + len(clause))
        evidence_text = paragraph.text[first:last].strip().rstrip("。!?！？")
        line = paragraph.line_at(prepared.source_span(clause_offset + item.start, clause_offset + item.end)[0])
        return Target(
            indicator=name,
            value=quantity.value,
            unit=quantity.unit,
            target_year=year if year is not None else self.context.period_end if self.scope is not Scope.PAST else None,
            kind=kind,
            qualifier=qualifier,
            value_high=quantity.value_high,
            placeholder=quantity.placeholder,
            baseline_value=baseline_value,
            baseline_year=baseline_year,
            source="prose",
            section_path=hint.path,
            raw=evidence_text,
            evidence=(Evidence(line=line, text=evidence_text, source="prose"),),
            confidence=round(1 / (1 + math.exp(-logit)), 3),
        )

    def _qualitative(
        self,
        prepared: Prepared,
        clause_offset: int,
        clause: str,
        marks: Sequence[TimeMark],
        clause_start: int,
        paragraph: Paragraph,
        hint: SectionHint,
        sentence: str,
    ) -> Target | None:
        match = _QUALITATIVE_RE.search(clause)
        if not match:
            return None
        scope, year, _ = self._scope_at(marks, clause_start + match.start())
        if scope is not Scope.FUTURE and not hint.goals:
            return None
        lead = _LEAD_NOISE_RE.sub("", clause[: match.start()])
        if "全覆盖" in match.group(0):
            if not lead.startswith("实现"):
                return None
        elif not re.search(r"(率|量|数|额|比重|强度|水平|能力|排名|位次|规模|指数)$", lead):
            return None
        name = _clean_name(lead.removeprefix("实现"))
        if len(name) < 3:
            return None
        first, last = prepared.source_span(clause_offset, clause_offset + len(clause))
        text = paragraph.text[first:last].strip().rstrip("。!?！？")
        return Target(
            indicator=name,
            value=None,
            unit="rank" if "全覆盖" not in match.group(0) else "",
            target_year=year if year is not None else self.context.period_end,
            qualifier="qualitative",
            qualitative=True,
            source="prose",
            section_path=hint.path,
            raw=text,
            evidence=(Evidence(line=paragraph.line_at(first), text=text, source="prose"),),
            confidence=0.6,
        )


_SOFT_GOALS_RE = re.compile(r"预期目标|主要目标|发展目标|工作目标|总体目标|总目标|目标任务|主要指标|展望|重点工作|工作安排|工作要点")
# 项目征集 / 人大代表票决 / 遴选: how a list of works was chosen (its dates are not the works' time).
_SELECTION_RE = re.compile(r"征集|票决|遴选")
# 2026年政府民生实事项目 / 为民办实事清单: the works a government pledges for the year, listed below the line (not a report of
# them done: 民生实事全部完成 is a result).
_PLEDGE_LIST_RE = re.compile(r"(?:民生实事|为民办实事|十件实事|实事项目)(?![^,，;；。]*(?:完成|办结|兑现|落实情况))")
# 上半年主要经济发展目标完成情况 / 计划执行情况: a review of results against goals, though 目标 is in the title.
RESULTS_TITLE_RE = re.compile(r"完成情况|执行情况|进展情况|落实情况|实现情况")
_SOFT_REVIEW_RE = re.compile(r"回顾|成绩单|成绩|主要成就|发展成效|发展基础|过去一年|发展现状|工作成果")
_SOFT_TITLE_RE = re.compile(r"^[\s■●◆▲►★☆◎○·\-—#*]*(?P<title>[^,，;；。!?！？]{2,30}?)[:：]?\s*\W*$")


_SOFT_TITLE_MAX = 40  # characters: a title line is short


def sets_goals_in_bulletin(title: str) -> bool:
    """A statistics bulletin states results: its 主要指标 / 重点工作 sections list them; only a title naming 目标 sets goals."""
    return "目标" in title


def _soft_heading(text: str) -> str | None:
    """"goals" or "review" for a short unnumbered title line, else None."""
    if len(text) > _SOFT_TITLE_MAX:
        return None
    match = _SOFT_TITLE_RE.match(text)
    if not match or re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*(?:年|—|-|–|至)", "", text)):  # a number other than a year: a statement
        return None
    title = match.group("title")
    if RESULTS_TITLE_RE.search(title):
        return "review"
    if _SOFT_GOALS_RE.search(title) or _PLEDGE_LIST_RE.search(title):
        return "goals"
    if _SOFT_REVIEW_RE.search(title):
        return "review"
    return None


# A line of a list joined into a paragraph (no punctuation at its end): it ends with a quantity.
_ITEM_END_RE = re.compile(r"(?:\d\s*[\u4e00-\u9fff%‰]{0,4}|以上|左右|以内|以下)\s*$")


# 一是突出推动高质量发展 / （二）强化企业主体: a numbered title line without a number of its own.
_ORDINAL_TITLE_RE = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)[^,，;；。!?！？\d]{2,24}$")


def _split_at_titles(paragraph: Paragraph) -> list[Paragraph]:
    """A title line without punctuation that the paragraph joiner glued to the next line
    (2025年发展主要预期目标 + 国内生产总值增长5%左右, 一是… + the item): the title becomes a paragraph of its own."""
    text, segments = paragraph.text, paragraph.segments
    cuts = [0]
    for index in range(1, len(segments)):
        start, end = segments[index - 1][0], segments[index][0]
        if end - start > _SOFT_TITLE_MAX:
            continue  # a title line is short: the long ones are not prepared at all
        line = prepare(text[start:end]).text
        if _soft_heading(line) is not None or _ORDINAL_TITLE_RE.match(line):
            cuts.extend(c for c in (start, end) if c > cuts[-1])
    if len(cuts) == 1:
        return [paragraph]
    pieces = []
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        kept = [(offset - start, line) for offset, line in segments if start <= offset < end]
        pieces.append(Paragraph(text=text[start:end], segments=tuple(kept), indented=paragraph.indented))
    return pieces


def _item_breaks(paragraph: Paragraph) -> tuple[int, ...]:
    """Offsets where the paragraph joins a source line that ended with a quantity: a list item ends there — not where
    a page wrapped the line inside a quantity (a PDF's …超过100 / 个。) or after a year (…到2030年有效期 / 内…)."""
    text = paragraph.text
    breaks = []
    for offset, _ in paragraph.segments[1:]:
        if not (0 < offset < len(text) and (end := _ITEM_END_RE.search(text[:offset]))):
            continue
        split_quantity = _NUMBER_END_RE.search(text, 0, offset) is not None and _UNIT_START_RE.match(text, offset) is not None
        if not split_quantity and not _YEAR_END_RE.match(end.group(0)):
            breaks.append(offset)
    return tuple(breaks)


_NUMBER_END_RE = re.compile(r"\d\s*(?:万亿|千万|百万|万|亿)?$")  # …3000 or …3000亿 at the line's end: its unit on the next line
_YEAR_END_RE = re.compile(r"\d\s*年[\u4e00-\u9fff]")  # …到2030年有效期: the number was a year, the line ends inside a name
_UNIT_START_RE = re.compile(rf"\s*(?:万亿|千万|百万|万|亿)?\s*(?:{UNIT_PATTERN})")


_CITED_RE = re.compile(r"《[^》]+》[^“”。]{0,20}(?:提出|明确|要求|指出|强调|部署)[^“”。]{0,4}$")


def _in_quoted_citation(sentence: str, position: int) -> bool:
    """The position lies in “…” that another document (《…》提出) is quoted as saying."""
    opening = sentence.rfind("“", 0, position)
    return opening >= 0 and "”" not in sentence[opening:position] and bool(_CITED_RE.search(sentence[:opening]))


def _restated_year(sentence: str, before_value: str, after_value: str) -> int | None:
    """The year of a plan's target restated in a sentence (0 when the plan names no period), or None."""
    match = _RESTATED_RE.search(sentence)
    if not match or not re.match(r"^[^,，;；。]{0,6}(?:的)?(?:预期)?目标", after_value):
        match = _RESTATED_IN_BRACKETS_RE.search(before_value)  # 提前完成“十四五”规划目标（25件）
    if not match:
        # 增速为7.86%，低于“十三五”预期增速目标9%: the period's target named just before its value
        match = _RESTATED_BEFORE_VALUE_RE.search(before_value)
    if not match and re.match(r"^[^,，;；。]{0,10}?的目标", after_value):
        match = _PERIOD_END_BEFORE_RE.search(before_value)
    if not match and _TARGET_AFTER_VALUE_RE.match(after_value):
        # 超额完成5500万人的目标任务 / 聚焦…增长6%目标任务: the value a 目标 names, told inside a result
        fyp = re.search(_FYP, sentence)
        return fyp_period(f"十{fyp.group(1)}五")[1] if fyp else 0
    if not match:
        return None
    fyp = re.search(_FYP, sentence[max(0, match.start() - 12) : match.end()])
    return fyp_period(f"十{fyp.group(1)}五")[1] if fyp else 0


# 115年 / 民国115年: a year of the Republic (a mark only in traditional text) opens a clause as 2026年 does.
_OPENING_YEAR_RE = re.compile(
    r"(?:^|[,;:，；：])[^\w《》“”]*(?:[一二三四五六七八九十]是)?(?:全市|全省|全县|全区|本市|本省|我市|我省|我县|我区)?(?:(?:19|20)\d\d|(?:民国)?1[0-2]\d)\s*年度?$"
)
# 全市2020年老旧小区改造新开工49个: the year's work, counted with a verb of work to start, no result told
# (计划开工 / 拟开工 commit by their first word).
_OWN_YEAR_WORK_RE = re.compile(_WORK_TO_START)


def _commits_own_year(sentence: str, marks: Sequence[TimeMark], position: int) -> bool:
    """2024年，本省将改造… in a 2024 text: a clause opens with the year and commits to the value after it; no result
    cue from that clause on (2024年…比上年增长 / 完成了 stays a result) and no estimate (预计全年)."""
    opened = [(m, found) for m in marks if m.position <= position and (found := _OPENING_YEAR_RE.search(sentence[: m.position]))]
    if not opened:
        return False
    # 114年已有3件动土，115年预计将有1件完工: a result told before the clause the value's year opens is another value's
    rest = sentence[opened[-1][1].start() :]
    if _achievement(rest) or _FORECAST_RE.search(rest):
        return False
    committed = sentence[opened[0][0].position : position]
    return bool(_COMMITMENT_RE.search(committed) or (_OWN_YEAR_WORK_RE.search(committed) and "了" not in committed))


# 完成1990个积水点改造及28个空洞点位修复: a second count joined to the work the clause's verb opened
_JOINED_WORK_RE = re.compile(r"[\u4e00-\u9fff](?:以及|及|和|与)\s*$")
# 三年累计新增19台 / 五年内累计完成…: the plan's span and its total open the clause, as a work verb would
_SPAN_TOTAL_RE = re.compile(r"^\s*(?:[一二两三四五六七八九十]|\d{1,2})\s*年(?:内|间)?累计")


def _plan_sets(clause: str, sentence: str, item: _Found, verb: re.Match[str] | None) -> bool:
    """What a plan's sentence sets without a year: a level to reach or a ceiling (150家以上, 不低于40%, 达到, 控制在…以下 —
    not 7000余家 or 100多个, which count what is), a rate of change (年均增长15%, 分别增长6%和7.5%, 下降10%), or the count
    that closes a clause of work (建设省级以上重点实验室20家 — not 筹建1-2所…学院, where the count comes before the thing)."""
    quantity = item.quantity
    if verb is not None and _VERB_CLASS[verb.group(1)] in _THRESHOLD_VERBS:
        return True
    if quantity.qualifier in _THRESHOLDS and not re.search(r"[余多]", quantity.raw):
        return True
    if _PLAN_CHANGE_RE.search(item.lead):
        return True
    after = clause[item.end :].strip(" 。；;，,")
    clause = _TASK_ROW_RE.sub("", clause.lstrip(), count=1)  # （2）建设口袋公园18座: the task's number opens no work
    if (
        verb is None
        and quantity.value_high is None
        and not re.search(r"[余多]", quantity.raw)
        and _unit_class(quantity) == "unit_count"
        and (_ACTION_RE.search(item.lead) or _JOINED_WORK_RE.search(item.lead))
        and (_DIRECTIVE_RE.match(clause.strip()) or _SPAN_TOTAL_RE.match(clause))
        and not re.search(r"\d", re.split(r"[及和、与]", after, maxsplit=1)[0])
    ):
        return True  # 创建60个…项目，开工建设9000个…车位: the work verb opens the clause, its count comes before the thing
    closes = after in ("", "以上", "左右")
    if not closes or quantity.unit in ("%", "‰", "个百分点"):
        return False
    # 建成…林地5个，300亩以上…林地5个: a count in a clause with no verb of its own goes on with the work its sentence opened
    # (not 建设…光源，储存环周长696米, the size of what is built)
    goes_on = verb is None and _unit_class(quantity) == "unit_count" and not _GROWTH_WORD_RE.search(clause)
    opens = _DIRECTIVE_RE.match(clause) is not None or _SPAN_TOTAL_RE.match(clause) is not None
    return opens or (goes_on and _DIRECTIVE_RE.match(sentence) is not None)


def _in_completion_rate(clause: str, item: _Found) -> bool:
    """The amount named between the target's name and the rate: 占年度计划15亿元的40% (the 15亿元)."""
    return bool(_TARGET_IN_RATE_RE.search(clause[: item.start]) and re.match(r"\s*的\s*\d", clause[item.end :]))


_FLOOR_RE = re.compile(r"不少于|不低于|不小于|至少")
_FLOOR_BEFORE_RE = re.compile(r"(?:至少|不少于)[\u4e00-\u9fff]{0,2}\s*$")
# who must have it comes before 至少 (not 不少于), or before 都建有 / 均有 (每个乡镇都建有…, 各村均有…)
_AT_LEAST_BEFORE_RE = re.compile(r"至少[\u4e00-\u9fff]{0,2}\s*$|(?<=[\u4e00-\u9fff])(?:都|均)(?:建有|有)\s*$")


@lru_cache(maxsize=256)
def _achievement(text: str) -> bool:
    """A result cue in a clause that sets no floor: 各县区共建成…不少于6个 binds, it does not tally (共建成); nor
    将…由现时约500个增至800个 or 面积将增至120公顷, a step committed to (增至 after 将 / 要 / 计划 / 力争 in its clause)."""
    return any(
        (cue := _ACHIEVEMENT_RE.search(part))
        and not _FLOOR_RE.search(part)
        and not (part.startswith("增至", cue.start()) and _STEP_COMMITTED_RE.search(part, 0, cue.start()))
        for part in _DELIMITER_RE.split(text)
    )


_MEASURE_END_RE = re.compile(r"(?:率|量|数|额|比重|占比|强度|指数|规模|面积|收入|产值|增加值)$")


# One change for two counts of one subject (火灾起数和死亡人数比2025年下降15%): the subject, each count, what follows
_COUNT_WORDS = r"(?:数量|起数|次数|人数|件数|总量|总数|数|量|率)"
_TWO_COUNTS_RE = re.compile(
    rf"^(?P<subject>[\u4e00-\u9fff“”\"]{{2,}}?)(?P<first>{_COUNT_WORDS})(?:和|及|与)(?P<second>[\u4e00-\u9fff]{{1,6}}?{_COUNT_WORDS})(?P<rest>(?:相比|比|较)?[^和及与、]*)$"
)
_CHANGE_AT_END_RE = re.compile(r"(?:下降|降低|减少|增长|提高|增加)\s*$")
_SUBJECT_JOINER_RE = re.compile(r"、|和|及|与")  # between the subjects of a respective list (A、B和C分别…)


def _described_subjects(head: str, count: int) -> list[str]:
    """``count`` subjects joined before a description they share (在…的…比例), each named with it; [] when the words
    before the description are not ``count`` subjects."""
    for marker in re.finditer(r"在|的|对", head):
        subjects = [p for p in _SUBJECT_JOINER_RE.split(head[: marker.start()]) if p]
        if len(subjects) == count and all(len(p) >= 2 for p in subjects):
            return [p + head[marker.start() :] for p in subjects]
        if len(subjects) > count:
            break
    return []


def _shared_tail(parts: Sequence[str]) -> str:
    last = parts[-1]
    if all(len(p) <= 2 for p in parts[:-1]) and len(last) >= len(parts[0]) + 3:
        # 城、乡居民人均可支配收入: short prefixes share everything after the last one's prefix.
        return last[len(parts[0]):]
    for cut in range(len(last) - 3, 0, -1):
        tail = last[cut:]
        if 3 <= len(tail) <= 8 and re.search(r"(率|量|数|额|比重|占比)$", tail) and not any(p.endswith(tail) for p in parts[:-1]):
            return tail
    return ""


_DESCRIPTION_MAX = 8  # characters of a 的-description kept in a name (具有竞争力的… is cut, 产值十亿级的… kept)


def _noun_after(clause: str, end: int) -> str:
    """What a number counts when the noun follows it, up to the next item of a list."""
    # 社区食堂等10件民生实事: 等 closes a work of the list (not 中等职业学校)
    after = re.split(r"[和及与](?:一批|(?=\s*\d))|,|;|[\]】]|、(?=[\u4e00-\u9fff]{0,4}(?:\d|[一二三四五六七八九十]))|等(?=\s*\d|(?:民生)?实事)", clause[end:])[0]
    after = re.sub(r"^(?:以上|左右|以内)?的?", "", after)  # 完成70%以上的大型灌区: the noun, not its 的
    described = after.rfind("的")
    if described > _DESCRIPTION_MAX and len(after) - described > 2:
        # 对区域经济辐射带动作用较强、比较优势突出的成长型县域冠军产业: the thing is what follows the description
        return after[described + 1 :]
    return after


def _actor_only(head: str) -> bool:
    """太原 / 上海到2025年 / 安徽力争全省: two characters (a place, who acts), then only time and commitment words."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2}", head[:2])) and not _BATCH_NAME_RE.fullmatch(head) and not _clean_name(head[2:])


def _continues_counted_list(clause: str, previous_end: int, lead: str, end: int) -> bool:
    """The words between two numbers are what the first one counted, and a list joiner: the
    second number counts the noun after it too."""
    return (
        bool(re.search(r"[、和及与]\s*$", lead))
        and _clean_name(re.sub(r"[、和及与]\s*$", "", lead)) == _clean_name(_noun_after(clause, previous_end))
        and bool(_NOUN_AFTER_RE.match(clause[end:]))
    )


def _clean_name(name: str) -> str:
    name = _LIST_ORDINAL_RE.split(name.strip())[-1]  # …转型一是突出推动高质量发展数字经济…: a list item begins
    name = re.split(r"[●■◆▲★☆](?=.*[\u4e00-\u9fff].*[\u4e00-\u9fff])", name)[-1]  # …同步●粮食产量: so does a bulleted one
    chrome = _CHROME_TIME_RE.match(name.lstrip("-—•·* "))  # a list's bullet is no chrome
    if chrome and len(name.lstrip("-—•·* ")) - chrome.end() >= 2:
        name = name.lstrip("-—•·* ")[chrome.end() :]
    pledge = _INNER_PLEDGE_RE.search(name)
    if pledge and not _GROWTH_ONLY_RE.match(name, pledge.end()):
        name = name[pledge.end() :]  # …10条精品线路力争游客接待量: the text before the pledge is another clause's
    after_time = _NAME_TIME_RE.split(name)[-1]
    if len(after_time) >= 2:
        name = after_time  # 温国辉作《政府工作报告》今年GDP预期增长: the indicator begins after the time word
    name = _ON_THE_BASIS_RE.sub("", name)
    name = _CITING_RE.sub("", name)  # 按照“十三五”规划提出的到2020年高新技术企业 → 高新技术企业
    name = _NAME_NOISE_RE.sub("", name)
    name = re.sub(r"(?:跨入|迈上|迈入|跻身)$", "", name)  # 跨入“9万亿俱乐部”: the verb of a size class reached
    name = _TARGET_SET_TAIL_RE.sub("", name)  # 增长目标大幅上调（为6%）: the indicator is what the target is for
    name = _INNER_COMMITMENT_RE.sub("", name)
    # )、全国公车无障碍车辆比率: the bracket of the value before (…(去年58.08%)) is no part of the next name
    name = _NAME_TAIL_RE.sub("", _NAME_BASE_RE.sub("", name)).lstrip(")").strip(" ,，、:：;；。!?！？*●■◆▲★☆•·")
    name = re.sub(r"[(（][^)）]{1,6}[)）]$", "", name)  # 高新技术企业数量（家）: the unit is not the name
    if name.endswith((")", "）")) and "(" not in name and "（" not in name:
        name = name[:-1]  # 7座窄桥): the bracket the name closes opened before the value
    if "、" in name and "等" in name:
        name = name[name.rindex("等") + 1 :]  # 新一代信息技术、…等战略性新兴产业增加值 → 战略性新兴产业增加值
    return name.replace(" ", "")


def _unit_class(quantity: Quantity) -> str:
    """What kind of measure a value is, as one feature: a share, points, money, a count, a multiple, a rank, else a measure."""
    unit = quantity.unit
    if unit in ("%", "‰"):
        return "unit_share"
    if unit == "个百分点":
        return "unit_points"
    if unit == "倍":
        return "unit_multiple"
    if unit == "位" and quantity.qualifier == "以内":
        return "unit_rank"
    if "元" in unit:
        return "unit_money"
    if unit[-1:] in _COUNT_UNITS:
        return "unit_count"
    return "unit_measure"


# Work done in the period counts what is added: 新增/新建, and the verbs of building work alike
# (but 开工率 / 改造率达到100%, a share of the work, is a level).
# 新增/净增/再就业 anywhere in the name (城镇新增就业, 失业人员再就业); the other words opening it.
_INCREMENT_NAME_RE = re.compile(r"^(?:新建|新培育|新引进|引进|引育|每年)|新增|净增|再就业")
_INCREMENT_LEAD_RE = re.compile(r"(?:新增|净增|新建成?|每年)\S{0,4}$")
_RATE_NAME_RE = re.compile(r"率|比重|占比")
# DEV-README's increment (新增/新建/引进/净增/实施/建设 N in the period or year): verbs of work that brings things about,
# counted in things or measures — 建设10个集聚区, 培育100家机构, 完成耕地修复2000亩, 实施技能培训5000人, 吸引100万人落户.
# Unlike _ACTION_VERBS (which name the indicator), 建成/形成/集聚 are not here: they tell a state reached (see _kind).
_ADDING_VERB_RE = re.compile(
    rf"{_WORK_VERBS}|建设(?!用地)|实施|完成|完工|培育|打造|创建|组建|引入|引进|引育|招引|吸引|开通|培训|培养|开发(?!区)|兴办|创造|"
    r"带动|帮助|帮扶|资助|解决|治理|恢复|修复|加装|树立|获得|申请|授权|扩岗|大修|维修"
)  # not 增加/提高 N: a change of a named level (床位再增加5000张), whose observed series is the level, not the additions
# Between the verb and the value: a verb of reaching makes it the level of a named indicator (创建…示范项目突破100个).
_REACH_AFTER_VERB_RE = re.compile(r"达到|达|突破|超过|超|迈上|迈向|提高到|提升到|提升至|增加到|增至|升至|为|是")
# A stock or a measured quantity (企业总数, 专利申请量, 成交额, 产业规模): a level, whatever verb its name holds.
_STOCK_NAME_RE = re.compile(r"(?:量|数|数量|额|规模|总量|总数|拥有量|保有量|存量)$|在建|运营|覆盖")
_COMPLETED_RE = re.compile(r"建成(?!区)")
# A share (年均经济损失占GDP比重), a demographic rate (人口自然增长率) or a contribution: a level, though 年均 or 增长 is written.
_SHARE_NAME_RE = re.compile(r"比重|占比|自然增长率|贡献率")
# A total investment named with its period (“十二五”水利总投资1.8万亿元): cumulative, unless the period is the year.
_PERIOD_TOTAL_RE = re.compile(r"(?:期间|十[一二三四五六七八九]五|五年|今后|未来).{0,12}(?:总投资|投资总额)")


def _kind(name: str, lead: str, quantity: Quantity, own_year: bool = False) -> str:
    """The kind of a value, from its indicator name and the words before it; ``own_year``: the target is for the
    document's own year (a work report's 今年, an annual plan's year), whose 建成N counts that year's completions."""
    words = name + lead
    unit = quantity.unit or ""
    if unit == "倍":
        return "multiple"
    if unit == "年":
        return "level"  # 新增劳动力人均受教育年限13.5年: a length of schooling, though the name says 新增
    if unit == "个百分点" and re.search(r"提高|提升|增加|上升|扩大", words):
        return "ratio_change"
    if unit == "%" and (re.search(r"(?:下降|降低|减少|压减)(?![到至])|降(?![低到至])", lead) or (quantity.raw and _HALVING_RE.match(quantity.raw))):
        return "decrease"
    if unit == "%" and not _SHARE_NAME_RE.search(name):
        growth = re.search(r"增长|增速|涨幅|增幅|升幅|成长|增率|上涨", lead)  # 经济成长率 / 物价上涨率 / 物价年增率: growth as written
        other_rate = re.search(r"率", name) and not re.search(r"增长率|成长率|增率|上涨率", name)
        if growth or (re.search(r"年均|平均", lead) and not other_rate):  # 失业率平均3.5%: the average of a rate, a level
            return "annual_growth"
    rate = unit in ("%", "‰") or _RATE_NAME_RE.search(name)
    if rate:
        return "level"  # 新增…企业数占全市比重: a share, though what it counts is new
    if re.search(r"累计|合计|总计|合共", words):
        return "cumulative"
    if _INCREMENT_NAME_RE.search(name) or _INCREMENT_LEAD_RE.search(lead):
        return "increment"
    if _PERIOD_TOTAL_RE.search(words) and not own_year:
        return "cumulative"
    if "元" in unit:
        return "level"  # money done (完成投资2600亿元, 新开工项目计划完成投资40亿元): the amount of its year, not things added
    segment = re.split(r"[,，;；:：。]", lead)[-1]
    adding = list(_ADDING_VERB_RE.finditer(segment))
    reached = bool(adding and _REACH_AFTER_VERB_RE.search(segment[adding[-1].end() :]))
    if (adding or _ADDING_VERB_RE.match(name)) and not reached and not _STOCK_NAME_RE.search(name):
        return "increment"
    if own_year and _COMPLETED_RE.search(segment) and not _STOCK_NAME_RE.search(name):
        # 建成N in the year's plan is what the year completes; in a plan for a later year (到2025年建成4万个5G基站) it
        # is the stock standing then, rated as a level against the observed count (monitor/progress.py).
        return "increment"
    return "level"


def _baseline(clause: str, position: int) -> tuple[float | None, int | None]:
    """从2020年的X提高到Y / 由现在的X提升到Y / 比2020年提高N个百分点, in the clause before the value."""
    before = clause[:position]
    match = next(reversed(list(_BASELINE_FROM_RE.finditer(before))), None)
    if match is not None and match.end() >= len(before) - 2:
        value = float(match.group("value"))
        _, scaled = normalise_unit(match.group("unit") or "", value, match.group("scale"))
        return scaled, int(match.group("year")) if match.group("year") else None
    year = _BASE_YEAR_RE.search(clause)
    if year:
        return None, int(year.group(1))
    return None, None


def _same_name(a: str, b: str) -> bool:
    """今年GDP预期增长 (a headline) and 地区生产总值增长 (the body) name the same indicator."""
    a, b = (_OUTPUT_NAMES_RE.sub("生产总值", n).replace("预期", "") for n in (a, b))
    if re.findall(r"\d+", a) != re.findall(r"\d+", b) and re.search(r"\d", a) and re.search(r"\d", b):
        return False  # 1000亩以上开放休闲林地 and 300亩以上开放休闲林地: two classes, told apart by their numbers
    return name_similarity(a, b) >= 0.8 or a in b or b in a


# 天津今年拟新增1.62万个学位 / 陈建仁:2032年社会住宅目标100万户: a headline, one short line without a clause's punctuation
# (spaces and a speaker's colon allowed), not a list item (1. / （一） / - before it).
_HEADLINE_MAX = 40  # characters
_HEADLINE_RE = re.compile(rf"^(?![-–—•●■◆▪·*>]|\d{{1,2}}[.、)）]|[(（]?[一二三四五六七八九十]{{1,3}}[)）、.])[^,，;；。!?！？]{{4,{_HEADLINE_MAX}}}$")


def _reads_as_headline(paragraph: Paragraph, k: int) -> bool:
    """Whether source line ``k`` of the paragraph is short and unpunctuated, as a headline is."""
    segments = paragraph.segments
    offset, end = segments[k][0], segments[k + 1][0] if k + 1 < len(segments) else len(paragraph.text)
    return end - offset <= _HEADLINE_MAX + 8 and bool(_HEADLINE_RE.match(paragraph.text[offset:end].strip()))


def headline_lines(paragraphs: Sequence[Paragraph], candidates: Iterable[int]) -> frozenset[int]:
    """Which of the ``candidates`` (source lines) read as headlines: short, a blank line before and after, and neither
    neighbour short and unpunctuated as well (a list of short items, one a line, is no headline; a PDF's wrapped lines
    have no blanks); the document's first line, its title, may be followed by a byline."""
    starts = [paragraph.segments[0][1] for paragraph in paragraphs]
    found: set[int] = set()
    for line in candidates:
        i = bisect_right(starts, line) - 1
        segments = paragraphs[i].segments if i >= 0 else ()
        k = next((k for k, (_, at) in enumerate(segments) if at == line), None)
        if k is None or not _reads_as_headline(paragraphs[i], k):
            continue
        first = i == 0 and k == 0
        before = (i, k - 1) if k > 0 else (i - 1, len(paragraphs[i - 1].segments) - 1) if i > 0 else None
        after = (i, k + 1) if k + 1 < len(segments) else (i + 1, 0) if i + 1 < len(paragraphs) else None
        if before is not None and (paragraphs[before[0]].segments[before[1]][1] >= line - 1 or _reads_as_headline(paragraphs[before[0]], before[1])):
            continue
        if after is not None and (
            paragraphs[after[0]].segments[after[1]][1] <= line + 1 or (not first and _reads_as_headline(paragraphs[after[0]], after[1]))
        ):
            continue
        found.add(line)
    return frozenset(found)


def _headline_value_of(headline: Target, body: Target) -> bool:
    """The headline's value is the body's, or an end of the body's range (经济成长率2.5% for 2%–2.5%)."""
    if headline.value is None or headline.value_high is not None or headline.unit != body.unit:
        return False
    return headline.value in (body.value, body.value_high)


def _absorb_headlines(targets: Sequence[Target], headlines: frozenset[int]) -> list[Target]:
    """Each headline target whose value a body sentence states (the first that does) folded into that target."""
    heads = [all(line in headlines for line in t.lines) for t in targets]
    kept = list(targets)
    folded: set[int] = set()
    for i, headline in enumerate(targets):
        if not heads[i]:
            continue
        body = next((j for j, t in enumerate(targets) if not heads[j] and _headline_value_of(headline, t)), None)
        if body is not None:
            restating = kept[body]
            kept[body] = replace(
                restating,
                evidence=tuple(sorted(headline.evidence + restating.evidence, key=lambda e: e.line)),
                qualifier=restating.qualifier or headline.qualifier,
                confidence=max(restating.confidence, headline.confidence),
            )
            folded.add(i)
    return [t for i, t in enumerate(kept) if i not in folded]


# 浦东、静安、黄浦等3个集聚区…: the places its sentence lists before 等 and a count tell one share from another
_LISTED_BEFORE_RE = re.compile(r"((?:[\u4e00-\u9fff]{1,8}、)+[\u4e00-\u9fff]{1,8})等\s*\d")


def listed_before(target: Target) -> str | None:
    """The list of places or subjects before 等N in the target's first evidence, if any (two targets with different
    lists are two targets, whatever the name each was given)."""
    match = _LISTED_BEFORE_RE.search(target.evidence[0].text) if target.evidence else None
    return match.group(1) if match else None


# A clause that cites a goal as the ground of what follows (按照…完成2300亩整治任务的总体目标, 围绕…的目标任务): no new target
_CITED_GOAL_RE = re.compile(r"^(?:按照|根据|围绕|对照|紧扣|为实现|为完成|为确保(?:完成|实现)?)[^，。；]*(?:目标|任务)(?:要求)?$")


def _cites_goal(target: Target) -> bool:
    return bool(target.raw) and bool(_CITED_GOAL_RE.match(target.raw.strip()))


def same_amount(a: Target, b: Target) -> bool:
    """The same value, range, unit and year (a task list's total and the text's sentence that sets it)."""
    return a.value is not None and (a.value, a.value_high, a.unit, a.target_year) == (b.value, b.value_high, b.unit, b.target_year)


def merge_restatements(targets: Sequence[Target], headlines: frozenset[int] = frozenset()) -> list[Target]:
    """A target stated twice (a headline and the body) is one target with both lines as evidence. A value stated on
    a headline line (``headlines``: their line numbers) and again in a body sentence is the body's target, with the
    body's name and year (the headline abbreviates both), whatever the headline's words."""
    targets = _absorb_headlines(targets, headlines) if headlines else targets
    merged: list[Target] = []
    for target in targets:
        cited = next((i for i, t in enumerate(merged) if same_amount(t, target)), None) if _cites_goal(target) else None
        if cited is not None:
            # 按照…完成2300亩整治任务的总体目标: a goal set before, cited as the ground of what follows — one target
            existing = merged[cited]
            merged[cited] = replace(existing, evidence=existing.evidence + tuple(e for e in target.evidence if e.line not in existing.lines))
            continue
        same = next(
            (
                i
                for i, t in enumerate(merged)
                if t.value == target.value
                and t.value_high == target.value_high
                and t.unit == target.unit
                and t.target_year == target.target_year
                and t.value is not None
                and _same_name(t.indicator, target.indicator)
                and not (t.raw == target.raw and t.lines == target.lines and t.indicator != target.indicator)  # one clause's two subjects
                and listed_before(t) in (None, listed_before(target))
            ),
            None,
        )
        if same is None:
            merged.append(target)
            continue
        existing = merged[same]
        merged[same] = replace(
            existing,
            evidence=existing.evidence + tuple(e for e in target.evidence if e.line not in existing.lines),
            qualifier=existing.qualifier or target.qualifier,
            confidence=max(existing.confidence, target.confidence),
        )
    return merged
