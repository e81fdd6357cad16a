"""Named entities in plan text: labs, facilities, institutes, universities, platforms and centres,
parks and zones, funds, and policy mechanisms, with aliases merged and every mention's line.

Names are found by their endings (…实验室, …研究院, …合作区) and trimmed at the verb or
punctuation before them; listed aliases map to one canonical name (entities.yaml).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

ENTITIES_FILE = Path(__file__).with_name("entities.yaml")


class EntityType(StrEnum):
    lab = "lab"
    facility = "facility"
    institute = "institute"
    university = "university"
    platform = "platform"
    zone = "zone"
    fund = "fund"
    mechanism = "mechanism"


# ending → type; the longest ending that fits decides (国家实验室 over 实验室, 科技城 over 城)
SUFFIXES: dict[str, EntityType] = {
    "实验室": EntityType.lab,
    "科学中心": EntityType.zone,
    "设施": EntityType.facility,
    "大科学装置": EntityType.facility,
    "光源": EntityType.facility,
    "装置": EntityType.facility,
    "计算中心": EntityType.facility,
    "研究院": EntityType.institute,
    "研究所": EntityType.institute,
    "研究中心": EntityType.institute,
    "分院": EntityType.institute,
    "科学院": EntityType.institute,
    "工程院": EntityType.institute,
    "大学": EntityType.university,
    "学院": EntityType.university,
    "研究生院": EntityType.university,
    "医学部": EntityType.university,
    "研究室": EntityType.lab,
    "创新中心": EntityType.platform,
    "技术中心": EntityType.platform,
    "服务中心": EntityType.platform,
    "计量中心": EntityType.platform,
    "检验中心": EntityType.platform,
    "评价中心": EntityType.platform,
    "转化中心": EntityType.platform,
    "设计中心": EntityType.platform,
    "文化中心": EntityType.platform,
    "交易中心": EntityType.platform,
    "数据中心": EntityType.platform,
    "保护中心": EntityType.platform,
    "认证中心": EntityType.platform,
    "平台": EntityType.platform,
    "联合体": EntityType.platform,
    "基地": EntityType.platform,
    "科学城": EntityType.zone,
    "科技城": EntityType.zone,
    "低碳城": EntityType.zone,
    "新城": EntityType.zone,
    "新区": EntityType.zone,
    "集群区": EntityType.zone,
    "自贸区": EntityType.zone,
    "保税区": EntityType.zone,
    "走廊": EntityType.zone,
    "科教城": EntityType.zone,
    "生态城": EntityType.zone,
    "合作区": EntityType.zone,
    "示范区": EntityType.zone,
    "先行区": EntityType.zone,
    "试验区": EntityType.zone,
    "先导区": EntityType.zone,
    "启动区": EntityType.zone,
    "高新区": EntityType.zone,
    "工业区": EntityType.zone,
    "片区": EntityType.zone,
    "产业园": EntityType.zone,
    "科技园": EntityType.zone,
    "科学园": EntityType.zone,
    "创新园": EntityType.zone,
    "大学园": EntityType.zone,
    "光明园": EntityType.zone,
    "园区": EntityType.zone,
    "分园": EntityType.zone,
    "小镇": EntityType.zone,
    "基金": EntityType.fund,
    "专项资金": EntityType.fund,
    # named centres and sites whose ending no other name shares (study lines of Round 7: 湾区新技术新产品展示中心, 散裂中子源)
    "展示中心": EntityType.platform,
    "会展中心": EntityType.platform,
    "博览中心": EntityType.platform,
    "孵化中心": EntityType.platform,
    "交流中心": EntityType.platform,
    "开发中心": EntityType.platform,
    "推广中心": EntityType.platform,
    "指挥中心": EntityType.platform,
    "资源中心": EntityType.platform,
    "制造中心": EntityType.platform,
    "设备中心": EntityType.platform,
    "智算中心": EntityType.facility,
    "中子源": EntityType.facility,
    "实验站": EntityType.facility,
    "新镇": EntityType.zone,
    "产业城": EntityType.zone,
    "科创园": EntityType.zone,
    "知识城": EntityType.zone,
    # named zones and centres of the study lines of Round 8 (天安云谷, 北京经济技术开发区, 宝港电影城)
    "谷": EntityType.zone,
    "开发区": EntityType.zone,
    "电影城": EntityType.zone,
    "艺术中心": EntityType.platform,
    "转移中心": EntityType.platform,
    "分中心": EntityType.platform,
}
MECHANISM = EntityType.mechanism
# Endings a state programme grants as a title (国家自主创新示范区): after 国家/中国 a designation, not one place.
DESIGNATIONS = ("示范区", "试验区", "先行区", "先导区")
# What may not be part of a name: punctuation, and words that end the phrase before a name.
_STOP_CHARS = '，。、；：:“”"《》【】 \t—·,;.!?！？'
_LEAD_WORDS = (
    "建设",
    "推进",
    "推动",
    "加快",
    "打造",
    "依托",
    "支持",
    "围绕",
    "布局",
    "建立",
    "组建",
    "引进",
    "争取",
    "谋划",
    "培育",
    "发展",
    "深化",
    "加强",
    "提升",
    "不断提升",
    "构建",
    "利用",
    "对标",
    "成为",
    "建成",
    "鼓励",
    "引导",
    "聚焦",
    "面向",
    "探索",
    "搭建",
    "争创",
    "成立",
    "牵头",
    "拟下设",
    "下设",
    "优化",
    "强化",
    "拓展",
    "高标准",
    "高水平",
    "积极",
    "全力",
    "联合",
    "共建",
    "筹建",
    "新建",
    "创建",
    "完善",
    "落户",
    "落地",
    "对接",
    "吸引",
    "服务",
    "参与",
    "承接",
    "做好",
    "实施",
    "设立",
    "发起",
    "发挥",
    "整合",
    "南接",
    "北通",
    "处于",
    "迈进",
    "以及",
    "以",
    "在",
    "对",
    "为",
    "等",
    "由",
    "将",
    "向",
    "把",
    "的",
    "建",
    "沿",
    "包括",
    "其中",
    "我区",
    "全区",
    "全市",
    "实现",
    "配置",
    "片区",
    "拥有",
    "加大",
    "支撑",
    "督促",
    "融入",
    "擦亮",
    "弥补",
    "协同",
    "引入",
    "提供",
    "使用",
    "完成",
    "包含",
    "亟需",
    "通过",
    "推出",
    "新增",
    "开展",
    "加入",
    "提高",
    "形成",
    "带动",
    "集聚",
    "汇聚",
    "壮大",
    "促进",
    "保障",
    "优先",
    "助力",
    "入驻",
    "到",
    "现有",
    "相关",
    "充分",
    "全方位",
    "成功",
    "获批",
    "入选",
    "承担",
    "集中",
    "部署",
    "健全",
    "把握",
    "厚植",
    "是",
    "迈上",
    "力争",
    "串联",
    "打通",
    "并",
    "加速",
    "参照",
    "申报",
    "设置",
    "我国",
    "增建",
    "借力",
)
# A stem ending in one of these is an act (建立基金), not a name.
_VERBS = ("建立", "设立", "建设", "成立", "组建", "筹建", "新建", "创建", "发起", "引进", "打造")
# A stem that is only a place is not a name (深圳基地 in 国家实验室深圳基地建设模式).
_PLACES = frozenset({"深圳", "光明", "南山", "龙岗", "宝安", "国家", "全国", "广东", "广东省", "大湾区", "粤港澳", "区内", "市内"})
# A one-character ending ends a name only before punctuation, a conjunction or the line's end: 天安云谷；, 中国声谷、, but
# not 光谷 in 光谷实验室 (the name goes on to a longer ending).
_ENDS_HERE = {"谷": "(?=[^\u4e00-\u9fff]|[和与及等]|$)"}
_SUFFIX_RE = "|".join(re.escape(s) + _ENDS_HERE.get(s, "") for s in sorted(SUFFIXES, key=len, reverse=True))
# a slash joins two fields inside one name (生物/纳米材料…研究平台)
_NAME = re.compile(f"(?P<name>[\u4e00-\u9fffA-Za-z0-9•（）()/-]{{2,30}}?)(?P<suffix>{_SUFFIX_RE})")
# What a place makes a branch of (深圳基地, 光明分院); entity_tagger reads a model's place + branch by these too.
BRANCHES = ("分院", "基地", "分园", "园区", "分中心")
# What may follow an ending and still be the same name: a campus or branch (深圳基地, 光明分院, …先行启动区),
# a phase (二期), another ending (材料基因组装置平台), a bracketed mark (（广东）, （筹）).
_CONTINUATION = re.compile(
    f"(深圳|光明|南山|龙岗|宝安)?({'|'.join((*BRANCHES, '先行启动区'))})|二期|一期|({_SUFFIX_RE})(?=[一二]期|[^\u4e00-\u9fff]|$)|[（(](深圳|广东|筹|一期|二期)[）)]"
)
_GENERIC = frozenset(
    {
        "实验室",
        "重点实验室",
        "国家重点实验室",
        "省实验室",
        "国家实验室",
        "研究院",
        "大学",
        "平台",
        "基金",
        "高新区",
        "示范区",
        "合作区",
        "基地",
        "大科学装置",
    }
)
# Modifiers that only describe (创新, 公共, 重大 …): a name made only of these before its ending is a
# kind of thing (创新平台, 研究型大学), not a name.
_DESCRIPTIVE_WORDS = (
    "创新|科研|公共|重大|研究型|功能型|科技|产业|技术|研究|服务|专业|新型|高水平|国家级|省级|市级|区级|一流|重点|大型|各类|综合|应用|基础|共性|开放|"
    "转化|国际|前沿|交叉|高端|新|大|中试|孵化|创业|协同|联合|数字|智能|健康|世界|检验|检测|云|特色|经济|企业|示范|科普|教育|博士后|工作|离岸|"
    "知识产权|运营|成果|育成|主要|多层次|资本|金融|人才|高校|院校|平台|载体|关键|核心|领域|行业|一批|若干|小微|联盟|体系|数据|港澳|场景|项目|专项|"
    "国家|工程|战略|设施|熟化|产融|合作|交流|制造业|私募|股权|投资|天使|对接|培养|实践|青年|英才|体验|系统|应用|智慧|融合|产教|经贸|龙头|"
    "和|与|及|以上|高等|研发|机构|引导"
)
_DESCRIPTIVE = re.compile(f"^({_DESCRIPTIVE_WORDS})+$")
# A modifier ending in a class marker makes the name a class (功能性平台, 经济型专业园区, 领域类国家技术创新中心,
# 工业互联网标杆平台), also when descriptive words follow the marker (but 新能源汽车共性技术研究院: 共性 is one of
# them). …性 marks a class only at the start (功能性平台, 综合性理工大学; not 生物相容性研究平台).
_DESCRIPTIVE_TAIL = re.compile(f"({_DESCRIPTIVE_WORDS})+$")
_DESCRIPTIVE_HEAD = re.compile(f"^({_DESCRIPTIVE_WORDS})+")
_CLASS_MARKER = re.compile(f"(型|类|标杆)$|^({_DESCRIPTIVE_WORDS})*[\u4e00-\u9fff]{{2}}性")
# A name followed by a count is counted, so a kind of thing (…实践基地50家, 众创空间10家).
_COUNTED = re.compile("[0-9一二三四五六七八九十百千]+[家个所座]")
# A name after a quantity is a kind of thing (一批高水平企业研究院), not one thing.
_QUANTITY = re.compile(
    "^(一批|若干|多个|多支|各|一个|一些|上|其|该|这|此|级|数个|两个|三个|[0-9一二三四五六七八九十百两]+[个家所批支项大])"
)
_MECHANISM_ENDINGS = ("模式", "机制", "资助", "考核", "负责制", "挂帅", "总装", "委托", "制度", "制")
# A mechanism in quotes is named by its ending (“光明模式”, “失败再学习机制”, “赛马式资助”).
_QUOTED_MECHANISM = re.compile("“([\u4e00-\u9fff]{2,10}(?:模式|机制|资助|考核|负责制|挂帅|总装|委托))”")


@dataclass(frozen=True)
class Mention:
    name: str  # canonical
    written: str  # as in the text
    type: EntityType
    line: int


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], tuple[str, ...], dict[str, EntityType], dict[str, str]]:
    """Aliases → canonical names, mechanisms, listed types, and the local aliases with the place a
    document must name for them to mean the listed name."""
    import yaml

    data = yaml.safe_load(ENTITIES_FILE.read_text(encoding="utf-8"))
    canonical = {alias: name for name, aliases in data["aliases"].items() for alias in (name, *aliases)}
    types = {name: EntityType(kind) for name, kind in data.get("types", {}).items()}
    return canonical, tuple(data["mechanisms"]), types, dict(data.get("local_aliases", {}))


def canonical_name(name: str) -> str:
    """The listed canonical name; a campus, regional, phase or status mark (（深圳）, （广东）,
    二期, （筹）) is not part of the name."""
    name = re.sub(r"[（(](深圳|广东|筹|一期|二期)[）)]$|二期$|一期$", "", name)
    name = re.sub(r"[•·]?深圳(校区)?$", "", name) if name.startswith("中山大学") else name
    canonical = _dictionary()[0]
    if name not in canonical and name.startswith("中科院"):  # 中科院…研究所 is the 中国科学院…研究所 written short
        name = "中国科学院" + name.removeprefix("中科院")
    return canonical.get(name, name)


def _cut_lead(text: str, keep: int) -> str:
    """What follows the last lead word (建设, 不断提升, 利用 …) that leaves at least keep characters. A
    one-character lead word (由, 以, 沿 …) counts only where it is a word of its own or part of a verb,
    preposition or conjunction (作为, 经由, 以及): 由 in 自由贸易试验区, 以 in 以上, 沿 in 前沿 begin no name."""
    cuts = [text.rfind(word) + len(word) for word in _LEAD_WORDS if word in text and (len(word) > 1 or _leads(text, text.rfind(word)))]
    return text[max((c for c in cuts if len(text) - c >= keep), default=0) :]


def _leads(text: str, index: int) -> bool:
    """Whether jieba reads text[index] alone or inside a verb, preposition or conjunction."""
    from planwatch.extract.entity_tagger import word_places

    place, flag, _before = word_places(text)[index]
    return place == "S" or flag[:1] in "vpc"


_CAMPUS_MARK = re.compile(r"[（(](深圳|广东)[）)]")
_ITEM_NUMBER = re.compile(r"^[（(][一二三四五六七八九十0-9]{1,3}[）)]")


def _trim(name: str, suffix: str) -> str:
    """Cut a candidate after the last stop character or lead word before the name proper, and a
    conjunction it starts with (…实验室和深圳湾实验室: 深圳湾实验室)."""
    for char in _STOP_CHARS:
        name = name.rsplit(char, 1)[-1]
    name = _ITEM_NUMBER.sub("", name)  # (八)玉塘-马田-燕罗创新集群区: the item's number is no part of the chain
    for close, opening in (("）", "（"), (")", "(")):
        if close in name and opening not in name.split(close, 1)[0]:  # the tail of a bracket opened earlier: 深圳）国际设计学院, (九)梅林-…
            name = name.split(close, 1)[1]
        if opening in name and close not in name.rsplit(opening, 1)[1]:  # a name in brackets: …中心（中国国际动作电影总部基地）
            name = name.rsplit(opening, 1)[1]
    # a chain of stages (概念验证-众创空间-…-科技园), not of places (坂雪岗-观澜, 马田-凤凰-玉塘片区): places are short
    pieces = name.split("-")
    if len(pieces) > 1 and not pieces[0]:  # the rest of a joint name after a name: …研究院-MIT-McGovern联合…研究所
        return name[1:]
    if len(pieces) > 1:
        head, last = _cut_lead(pieces[0], 1), pieces[-1]
        places = (head, *pieces[1:-1])
        if all(re.fullmatch("[\u4e00-\u9fff]{1,3}", piece) for piece in places) and _cut_lead(last[: -len(suffix)], 2) == last[: -len(suffix)]:
            return "-".join((*places, last)).lstrip("和与及、")
        name = last
    # an ending, a phase or a closed mark and a conjunction before this name: 国家应用数学中心和国家…研究中心,
    # …医学部二期和…大学, 哈尔滨工业大学（深圳）和南方科技大学
    joined = list(re.finditer(f"(?:{_SUFFIX_RE}|中心|[一二三]期|[）)])[和与及]", name[: -len(suffix)]))
    if joined:
        name = name[joined[-1].end() :]
    stem = _cut_lead(name[: -len(suffix)], 2)
    # a campus mark after the name before it continues that name (香港中文大学 + （深圳）医学院: _spans joins them)
    return (stem if _CAMPUS_MARK.match(stem) else stem.lstrip("和与及等、（()）")) + suffix


def _type_of(name: str) -> EntityType:
    listed = _dictionary()[2].get(name)
    if listed is not None:
        return listed
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return SUFFIXES[suffix]
    if name in _dictionary()[1] or name.endswith(_MECHANISM_ENDINGS):
        return MECHANISM
    return EntityType.platform if name.endswith("中心") else EntityType.zone


def _is_kind_of_thing(written: str, suffix: str, before: str, after: str) -> bool:
    """A description (创新平台, 一批企业研究院, 建立基金), not a name."""
    stem = written[: -len(suffix)]
    clause = before.rsplit("，", 1)[-1]
    return (
        written in _GENERIC
        or len(stem) < 2
        or (stem in _PLACES and suffix != "大学")  # 深圳基地 is a kind of base, 深圳大学 a university
        or bool(_DESCRIPTIVE.match(stem))
        or bool(_CLASS_MARKER.search(_DESCRIPTIVE_TAIL.sub("", stem)))
        or (suffix == "设施" and len(stem) <= 2)  # 储能设施: a facility is named by more than its field
        # a one-character ending needs a name of two characters or more before it, not a descriptor (科技绿谷 is a slogan)
        or (len(suffix) == 1 and len(_DESCRIPTIVE_HEAD.sub("", stem)) < 2)
        # 国家…示范区/试验区 is a designation a national programme grants (国家自主创新示范区), not one place
        or (stem.startswith("国家") and suffix in DESIGNATIONS)
        or bool(_QUANTITY.match(written))
        or bool(_COUNTED.match(after))  # 新增…实践基地50家
        or stem.endswith("基础")  # 重大科技基础设施
        or stem.endswith(_VERBS)
        or stem[-1] in "和与及等的"  # 机构和平台, 技术转移中心等平台
        or stem.startswith(tuple(w for w in _LEAD_WORDS if len(w) > 1 or w in "的到以在"))  # 加强实验室, 打造环科教城
        # 打造…的脑科学与神经科学研究中心, 建设成为…平台: what the plan wants to become, not a thing it names
        or (before.endswith("的") and re.search("打造|成为|建成|具有", clause) is not None)
        or before.endswith("成为")
    )


def find_mentions(lines: list[str], model: Path | None = None) -> list[Mention]:
    """Every entity mention in the (cleaned) lines of a document; line numbers are 1-based. The
    tagger (``entity_tagger``, fed the rules' spans) reads each line; a rule's name that ends where
    the tagger's does gives the type, else the ending does. Then the document is read as a whole
    (``_consistent``): a plan writes its names the same way from line to line."""
    from planwatch.extract import entity_tagger

    document = "".join(lines)
    # 国家高新区 is 深圳国家高新区 in a document about 深圳; in another city's plan it is that city's own
    elsewhere = {alias for alias, place in _dictionary()[3].items() if place not in document}
    read: list[tuple[str, list[_Reading]]] = []
    for line in lines:
        rules = rule_spans(line)
        readings = []
        for span in entity_tagger.tag(line, rules, model or entity_tagger.MODEL_FILE):
            written = line[span.start : span.end]
            name = written if written in elsewhere else canonical_name(written)
            kind = next((r.type for r in rules if r.end == span.end and r.start <= span.start), None)
            agreed = any(r.start == span.start and r.end == span.end for r in rules)
            readings.append(_Reading(span.start, span.end, name, kind or _type_of(name), agreed))
        read.append((line, readings))
    return [
        Mention(r.name, line[r.start : r.end], r.type, number)
        for number, (line, readings) in enumerate(_consistent(read), start=1)
        for r in readings
    ]


@dataclass(frozen=True)
class _Reading:
    start: int
    end: int
    name: str  # canonical
    type: EntityType
    agreed: bool  # the rules found the same span


def _consistent(read: list[tuple[str, list[_Reading]]]) -> list[tuple[str, list[_Reading]]]:
    """The readings of a document made consistent across its lines. A name read with good evidence
    (rules and tagger agree on it, it is read in two lines or more, or it is listed; a kind named by its
    level, 省级…中心, never) is marked wherever else it is written as a whole word — not
    inside a longer name read there, not where its ending is continued (…实验室深圳基地) or where the
    line makes it a kind of thing. A name read once without the rules that lies inside or across such
    a name read consistently elsewhere (in two lines or more, or agreed) gives way to it (明科学城 and
    光明科学城重 are 光明科学城); one that holds it whole is a longer name (深圳国际会展中心) and stays."""
    from planwatch.extract.entity_tagger import TaggedSpan, named_by_level, word_places

    lines_read: Counter[str] = Counter(name for _line, readings in read for name in {r.name for r in readings})
    agreed = {r.name for _line, readings in read for r in readings if r.agreed}
    listed = _dictionary()[0]
    good: dict[str, _Reading] = {}  # written form → its first good reading
    for line, readings in read:
        for r in readings:
            written = line[r.start : r.end]
            # The model alone, once, is no evidence, whatever the ending: one wrong reading would repeat across the plan.
            if (r.agreed or lines_read[r.name] >= 2 or written in listed) and not named_by_level(line, TaggedSpan(r.start, r.end)):
                good.setdefault(written, r)
    forms = sorted(good, key=len, reverse=True)
    settled = agreed | {name for name, count in lines_read.items() if count >= 2}
    consistent = []
    for line, readings in read:
        places: list[_Reading] = []
        words = None
        for form in (f for f in forms if f in line):
            for match in re.finditer(re.escape(form), line):
                words = words or word_places(line)
                start, end = match.span()
                if not any(p.start < end and start < p.end for p in places) and _whole_word(line, words, start, end):
                    places.append(replace(good[form], start=start, end=end, agreed=False))
        kept = [
            r
            for r in readings
            if r.name in settled
            or not any(p.name in settled and p.start < r.end and r.start < p.end and not r.start <= p.start <= p.end <= r.end for p in places)
        ]
        kept += [p for p in places if not any(k.start < p.end and p.start < k.end for k in kept)]
        consistent.append((line, sorted(kept, key=lambda r: r.start)))
    return consistent


_SUFFIXES = tuple(SUFFIXES)


def _whole_word(line: str, words: list[tuple[str, str, str]], start: int, end: int) -> bool:
    """Whether line[start:end] stands as a name of its own: it begins and ends at jieba's word
    boundaries (``words``: entity_tagger.word_places) after punctuation, the line's start or a verb,
    preposition, conjunction, adverb or particle (not after a noun: 工业 + 互联网平台), its ending is
    not part of a longer one (大科学装置, 产业园区), no branch continues it (…实验室深圳基地), and the
    words around it do not make it a kind of thing (打造…的…中心, 一批…平台)."""
    if words[start][0] not in "BS" or (end < len(line) and words[end][0] not in "BS"):
        return False
    if start > 0 and _is_han(line[start - 1]) and words[start][2][:1] not in "vpcdu":
        return False
    if _inside_ending(line, start) or _inside_ending(line, end):
        return False
    if (more := _CONTINUATION.match(line, end)) and more.end() > end:
        return False
    written = line[start:end]
    suffix = max((s for s in _SUFFIXES if written.endswith(s)), key=len, default="")
    return not suffix or not _is_kind_of_thing(written, suffix, line[:start], line[end:])


def _inside_ending(line: str, point: int) -> bool:
    """Whether an ending is written across this point of the line (大科学装置 across 大|科学装置)."""
    return any(line.startswith(s, at) for s in _SUFFIXES for at in range(max(point - len(s) + 1, 0), point))


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def rule_spans(line: str) -> list[Span]:
    """The names the rules find in one line, as character spans with their types."""
    canonical, mechanisms, _types, _places = _dictionary()
    known = sorted(canonical, key=len, reverse=True)
    candidates: list[Span] = []
    for alias in known:  # listed names first: they win over pattern matches
        candidates += [Span(m.start(), m.end(), _type_of(canonical[alias])) for m in re.finditer(re.escape(alias), line)]
    for mechanism in mechanisms:
        candidates += [Span(m.start(), m.end(), MECHANISM) for m in re.finditer(re.escape(mechanism), line)]
    candidates += [Span(m.start(1), m.end(1), MECHANISM) for m in _QUOTED_MECHANISM.finditer(line)]
    for match in _NAME.finditer(line):
        suffix = match.group("suffix")
        written = _trim(match.group(0), suffix)
        start = match.end() - len(written)
        # a description right after a name can still be its last part (…计量科学研究院 + 技术创新研究院)
        weak = _is_kind_of_thing(written, suffix, line[:start], line[match.end() :])
        candidates.append(Span(start, match.end(), SUFFIXES[suffix], weak, branch=written[: -len(suffix)] in _PLACES))
    return _spans(line, candidates)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: EntityType
    weak: bool = False  # a description: kept only as the continuation of a name it touches
    branch: bool = False  # a place and an ending (深圳研究院): after a name, that name's branch


def _spans(line: str, candidates: list[Span]) -> list[Span]:
    """Non-overlapping spans (the first found wins), spans that touch or are joined by a hyphen merged
    into one name (中国科学院 + 精密测量…研究院 + 深圳分院, 天津大学-佐治亚理工深圳学院), each extended by
    what continues its name."""
    taken: list[Span] = []
    for span in candidates:
        if not any(t.start < span.end and span.start < t.end for t in taken):
            taken.append(span)
    taken.sort(key=lambda t: t.start)
    merged: list[Span] = []
    for span in taken:
        previous = merged[-1] if merged else None
        # a fund is named for what it funds or who holds it: 重大科技基础设施 + 预研专项资金, 光明科学城 + 科技创新运营基金
        fund = span.type == EntityType.fund
        if (
            previous is not None
            and (previous.end == span.start or (previous.end + 1 == span.start and line[previous.end] == "-"))
            and (not previous.weak or (fund and not span.weak))
            and MECHANISM not in (span.type, previous.type)
            and (not span.weak or span.type == previous.type or span.branch or fund)  # 光明科学城 + 重大科技基础设施 stay apart; 中国海洋大学 + 深圳研究院 join
        ):
            span = Span(merged.pop().start, span.end, span.type)
        end, kind = span.end, span.type
        while (
            (more := _CONTINUATION.match(line, end))
            and more.end() > end
            and not any(t.start < more.end() and end < t.end and not t.weak for t in taken)
        ):
            end = more.end()
            kind = _type_of(line[span.start : end]) if more.group(3) else kind  # a branch is of its parent's kind
        merged.append(Span(span.start, end, kind, span.weak))
    return [span for span in merged if not span.weak]


@dataclass(frozen=True)
class Entity:
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: dict[str, tuple[int, ...]]  # plan key → lines


def group_mentions(mentions_by_plan: dict[str, list[Mention]]) -> list[Entity]:
    """Entities with every written form and the lines of each plan that mention them, most mentioned first."""
    forms: dict[str, set[str]] = defaultdict(set)
    types: dict[str, EntityType] = {}
    lines: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for plan, mentions in mentions_by_plan.items():
        for m in mentions:
            forms[m.name].add(m.written)
            types.setdefault(m.name, m.type)
            lines[m.name][plan].append(m.line)
    entities = [
        Entity(
            name, types[name], tuple(sorted(forms[name] - {name})), {plan: tuple(sorted(set(found))) for plan, found in lines[name].items()}
        )
        for name in forms
    ]
    return sorted(entities, key=lambda e: (-sum(len(v) for v in e.mentions.values()), e.name))


@dataclass(frozen=True)
class LineResult:
    id: int
    plan: str
    line: int
    predicted: dict[str, str]  # canonical name → type
    gold: dict[str, str]


@dataclass(frozen=True)
class EntityScore:
    part: str
    lines: int
    true_positives: int
    predicted: int
    gold: int
    types_right: int  # of the true positives

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.types_right / self.true_positives if self.true_positives else 0.0


def evaluate_entities(path: str | Path, lines_of: dict[str, list[str]]) -> tuple[list[LineResult], list[EntityScore]]:
    """Score the extractor on an annotated line set (data/eval/entities.yaml) against the cleaned
    lines of each plan; odd ids are the study part, even ids the scoring part."""
    import yaml

    from planwatch.errors import InputError

    try:
        items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["lines"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not an entity set ({exc})") from exc
    results = []
    mentions: dict[str, list[Mention]] = {}  # plan → its mentions: each line is read in its plan, as the product reads it
    for item in items:
        plan = str(item["plan"])
        lines = lines_of[plan]
        number = int(item["line"])
        if lines[number - 1].strip() != str(item["text"]):
            raise InputError(f"{path}: id {item['id']}: {plan} line {number} no longer reads as annotated")
        if plan not in mentions:
            mentions[plan] = find_mentions(lines)
        predicted = {m.name: str(m.type) for m in mentions[plan] if m.line == number}
        gold = {canonical_name(str(name)): str(kind) for name, kind in (item["entities"] or {}).items()}
        results.append(LineResult(int(item["id"]), str(item["plan"]), number, predicted, gold))
    scores = []
    for part, parity in (("study", 1), ("scoring", 0)):
        chosen = [r for r in results if r.id % 2 == parity]
        hits = [(r, name) for r in chosen for name in r.predicted if name in r.gold]
        scores.append(
            EntityScore(
                part,
                len(chosen),
                len(hits),
                sum(len(r.predicted) for r in chosen),
                sum(len(r.gold) for r in chosen),
                sum(r.predicted[name] == r.gold[name] for r, name in hits),
            )
        )
    return results, scores


def evaluate_demo_entities(path: str | Path | None = None) -> tuple[list[LineResult], list[EntityScore]]:
    """Score the extractor on the entity set (by default the bundled data/eval/entities.yaml)
    against the demo plans as shipped."""
    from planwatch.api import data_dir

    return evaluate_entities(path or data_dir() / "eval" / "entities.yaml", demo_plan_lines())


def demo_plan_lines() -> dict[str, list[str]]:
    """The cleaned lines of each demo plan, by plan key (the lines the entity set is drawn from)."""
    from planwatch.api import demo_plans_dir
    from planwatch.ingest import load_manifest
    from planwatch.ingest.normalise import clean_lines

    folder = demo_plans_dir()
    return {
        meta.key or name: clean_lines((folder / name).read_text(encoding="utf-8").split("\n"))
        for name, meta in load_manifest(folder / "manifest.yaml").items()
    }
