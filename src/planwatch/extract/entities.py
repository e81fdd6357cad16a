"""Named entities in plan text: labs, facilities, institutes, universities, platforms and centres,
parks and zones, funds, and policy mechanisms, with aliases merged and every mention's line.

Names are found by their endings (…实验室, …研究院, …合作区) and trimmed at the verb or
punctuation before them; listed aliases map to one canonical name (entities.yaml).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENTITIES_FILE = Path(__file__).with_name("entities.yaml")
# ending → type; longer endings first so 国家实验室 wins over 实验室
SUFFIXES: dict[str, str] = {
    "实验室": "lab",
    "科学中心": "lab",
    "重大科技基础设施": "facility",
    "大科学装置": "facility",
    "光源": "facility",
    "装置": "facility",
    "研究院": "institute",
    "研究所": "institute",
    "研究中心": "institute",
    "大学": "university",
    "学院": "university",
    "创新中心": "platform",
    "技术中心": "platform",
    "服务中心": "platform",
    "平台": "platform",
    "转化中心": "platform",
    "科学城": "zone",
    "新城": "zone",
    "新区": "zone",
    "集群区": "zone",
    "自贸区": "zone",
    "走廊": "zone",
    "科教城": "zone",
    "合作区": "zone",
    "示范区": "zone",
    "先行区": "zone",
    "高新区": "zone",
    "产业园": "zone",
    "科技园": "zone",
    "大学园": "zone",
    "基金": "fund",
}
MECHANISM = "mechanism"
# What may not be part of a name: punctuation, and words that end the phrase before a name.
_STOP_CHARS = '，。、；：:“”"《》（）()【】 \t—-·,;.!?！？'
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
    "以",
    "与",
    "和",
    "及",
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
)
_NAME = re.compile("(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,24}?)(?P<suffix>" + "|".join(sorted(SUFFIXES, key=len, reverse=True)) + ")")
_GENERIC = frozenset(
    {"实验室", "重点实验室", "国家重点实验室", "省实验室", "国家实验室", "研究院", "大学", "平台", "基金", "高新区", "示范区", "合作区"}
)
# A name made only of these before its ending is a kind of thing (创新平台, 研究型大学), not a name.
_DESCRIPTIVE = re.compile(
    "^(创新|科研|公共|重大|研究型|功能型|科技|产业|技术|研究|服务|专业|新型|高水平|国家级|省级|市级|区级|一流|重点|大型|各类|综合|应用|基础|共性|开放|转化|国际|前沿|交叉|高端|新|大|中试|孵化|创业|协同|联合|数字|智能|健康)+$"
)
_QUANTITY = re.compile("^(一批|若干|多个|多支|各类|一个|一些|上|其|该|这|此|级|数个|两个|三个|[0-9一二三四五六七八九十百]+[个家所批支])")


@dataclass(frozen=True)
class Mention:
    name: str  # canonical
    written: str  # as in the text
    type: str
    line: int


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], tuple[str, ...]]:
    import yaml

    data = yaml.safe_load(ENTITIES_FILE.read_text(encoding="utf-8"))
    canonical = {alias: name for name, aliases in data["aliases"].items() for alias in (name, *aliases)}
    return canonical, tuple(data["mechanisms"])


def canonical_name(name: str) -> str:
    """The listed canonical name; a campus mark such as （深圳） is not part of the name."""
    name = re.sub(r"[（(]深圳[）)]$", "", name)
    return _dictionary()[0].get(name, name)


def _trim(name: str, suffix: str) -> str:
    """Cut a candidate after the last stop character or lead word before the name proper."""
    for char in _STOP_CHARS:
        name = name.rsplit(char, 1)[-1]
    stem = name[: -len(suffix)]
    cuts = [stem.rfind(word) + len(word) for word in _LEAD_WORDS if word in stem]
    cut = max((c for c in cuts if len(stem) - c >= 2), default=0)
    return name[cut:]


def find_mentions(lines: list[str]) -> list[Mention]:
    """Every entity mention in the (cleaned) lines of a document; line numbers are 1-based."""
    canonical, mechanisms = _dictionary()
    known = sorted(canonical, key=len, reverse=True)
    found: list[Mention] = []
    for number, line in enumerate(lines, start=1):
        taken: list[tuple[int, int]] = []
        candidates: list[tuple[int, int, str, str]] = []  # start, end, as written, type; first found wins
        for alias in known:  # listed names first: they win over pattern matches
            candidates += [(m.start(), m.end(), alias, _type_of(canonical[alias])) for m in re.finditer(re.escape(alias), line)]
        for mechanism in mechanisms:
            candidates += [(m.start(), m.end(), mechanism, MECHANISM) for m in re.finditer(re.escape(mechanism), line)]
        for match in _NAME.finditer(line):
            written = _QUANTITY.sub("", _trim(match.group(0), match.group("suffix")))
            stem = written[: -len(match.group("suffix"))]
            # "发挥重大科技基础设施", "机构和平台": a verb or a conjunction, not a name, before the ending
            if written in _GENERIC or len(stem) < 2 or _DESCRIPTIVE.match(stem) or stem in _LEAD_WORDS or stem[-1] in "和与及":
                continue
            candidates.append((match.end() - len(written), match.end(), written, SUFFIXES[match.group("suffix")]))
        for start, end, written, kind in candidates:
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append(Mention(canonical_name(written), written, kind, number))
    return found


def _type_of(name: str) -> str:
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return SUFFIXES[suffix]
    return "platform" if name.endswith("中心") else "zone"


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: dict[str, tuple[int, ...]]  # plan key → lines


def group_mentions(mentions_by_plan: dict[str, list[Mention]]) -> list[Entity]:
    """Entities with every written form and the lines of each plan that mention them, most mentioned first."""
    forms: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
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


def score_sample(sample: list[dict[str, object]], lines_of: dict[str, list[str]]) -> tuple[float, float, int, int, int]:
    """Precision, recall, true positives, predicted, gold over an annotated sample of lines."""
    tp = predicted = gold = 0
    for item in sample:
        lines = lines_of[str(item["plan"])]
        number = int(str(item["line"]))
        found = {m.name for m in find_mentions(lines[number - 1 : number])}
        wanted = {canonical_name(str(e)) for e in item["entities"]}  # type: ignore[attr-defined]
        tp += len(found & wanted)
        predicted += len(found)
        gold += len(wanted)
    return (tp / predicted if predicted else 0.0), (tp / gold if gold else 0.0), tp, predicted, gold
