"""A statistical entity tagger: a linear-chain CRF (CRFsuite) over the characters of a line that
tags each one B (a name begins), I (inside) or O, from the characters around it, jieba's words and
parts of speech, and what the rules of ``entities.py`` say about it (inside a rule's name, at an
ending, after a lead word).

It is trained by ``scripts/train_entities.py`` on the study part of data/eval/entities.yaml and the
study lines of data/eval/entities_study_demo.yaml, entities_study_extra.yaml and the real lines of other
cities' plans in entities_study_real.yaml; the model file ships in the package
(``entities.crfsuite``), so nothing is trained or downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from planwatch.extract.entities import (
    _GENERIC,
    _LEAD_WORDS,
    _PLACES,
    BRANCHES,
    DESIGNATIONS,
    SUFFIXES,
    EntityType,
    Span,
    _dictionary,
    canonical_name,
    rule_spans,
)

MODEL_FILE = Path(__file__).with_name("entities.crfsuite")
Features = dict[str, str | float]
_ENDINGS = (*SUFFIXES, "中心", "机制", "模式", "制度")
_LEADS = tuple(w for w in _LEAD_WORDS if len(w) > 1)
# CRFsuite's own settings: L-BFGS with both penalties, enough rounds to converge; c2 0.2 (was 0.05) chosen by
# the by-plan cross-validation once the 239 further demo study lines were in (README, Round 6)
# c2 1.0: with the real lines of other plans a heavier L2 penalty gave the best CV by plan (README, Round 11); c2 0.5 with
# twice as many real lines (366: Round 12)
TRAINING = {"c1": 0.1, "c2": 0.5, "max_iterations": 200, "feature.possible_transitions": True}


def _kind(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff":
        return "han"
    if char.isdigit():
        return "digit"
    if char.isascii() and char.isalpha():
        return "latin"
    return "punct"


def _marks(line: str, words: Iterable[str]) -> list[str]:
    """Per character: the longest word of ``words`` that ends there."""
    found = [""] * len(line)
    for word in words:
        for match in re.finditer(re.escape(word), line):
            if len(word) > len(found[match.end() - 1]):
                found[match.end() - 1] = word
    return found


@lru_cache(maxsize=1)
def _word_tagger() -> Any:
    """A jieba tagger of its own, with jieba's shipped dictionary only: the search index adds the catalog's names to
    jieba's shared dictionary (search/words.py), and the model must see the words it was trained on whatever ran before."""
    import jieba
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def word_places(line: str) -> list[tuple[str, str, str]]:
    """Per character: its place in jieba's word (B, M, E or S), that word's part of speech and the
    part of speech of the word before (a verb or adverb before a name ends the phrase before it)."""
    found: list[tuple[str, str, str]] = []
    previous = "^"
    for pair in _word_tagger().lcut(line, HMM=False):
        word, flag = str(pair.word), str(pair.flag)
        places = ["S"] if len(word) == 1 else ["B", *["M"] * (len(word) - 2), "E"]
        found += [(place, flag, previous) for place in places]
        previous = flag
    return found if len(found) == len(line) else [("S", "x", "^")] * len(line)  # jieba keeps every character; never misalign


def features(line: str, spans: Sequence[Span] | None = None) -> list[Features]:
    """The features of each character: itself and its neighbours (±2, and their bigrams), its kind,
    its jieba word's place and part of speech, the rule engine's tag and type for it, and whether an
    ending ends or a lead word ends there."""
    spans = rule_spans(line) if spans is None else spans
    words = word_places(line)
    rule = ["O"] * len(line)
    rule_type = [""] * len(line)
    for span in spans:
        for index in range(span.start, span.end):
            rule[index] = "B" if index == span.start else ("E" if index == span.end - 1 else "I")
            rule_type[index] = str(span.type)
    endings = _marks(line, _ENDINGS)
    leads = _marks(line, _LEADS)

    def char(index: int) -> str:
        return line[index] if 0 <= index < len(line) else ("^" if index < 0 else "$")

    items = []
    for i, current in enumerate(line):
        item: Features = {
            "bias": 1.0,
            "c": current,
            "kind": _kind(current),
            "rule": rule[i],
            "rule_type": rule_type[i] or "-",
            "rule_prev": rule[i - 1] if i > 0 else "^",
            "rule_next": rule[i + 1] if i + 1 < len(line) else "$",
            "ending_here": endings[i] or "-",
            "ending_before": (endings[i - 1] or "-") if i > 0 else "^",
            "lead_before": (leads[i - 1] or "-") if i > 0 else "^",
            "word_place": words[i][0],
            "word_tag": words[i][1],
            "word_before": words[i][2],
            "word_place_tag": words[i][0] + words[i][1],
        }
        for offset in (-2, -1, 1, 2):
            item[f"c{offset:+d}"] = char(i + offset)
        item["b-1"] = char(i - 1) + current
        item["b+1"] = current + char(i + 1)
        item["b-2"] = char(i - 2) + char(i - 1)
        item["b+2"] = char(i + 1) + char(i + 2)
        items.append(item)
    return items


Named = tuple[int, int, EntityType]  # start, end, type


def labels(line: str, names: Iterable[Named]) -> list[str]:
    """B/I/O per character for the given spans. Untyped: with types in the tags, cross-validation
    on the study lines lost four points of recall (the ending or the rules give the type)."""
    tags = ["O"] * len(line)
    for start, end, _kind in names:
        tags[start] = "B"
        for index in range(start + 1, end):
            tags[index] = "I"
    return tags


def align(line: str, gold: dict[str, str]) -> tuple[list[Named], list[str]]:
    """Where each gold (canonical) name is written in the line: as written, else the rule span or the
    shortest stretch whose canonical name it is (an alias, a dropped （深圳）); the names not found."""
    aliases = _dictionary()[0]
    spans: list[Named] = []
    missing = []
    for name in sorted(gold, key=len, reverse=True):  # a longer name first: 江北新区 inside 南京江北新区…园
        forms = sorted({name, *(a for a, c in aliases.items() if c == name)}, key=len, reverse=True)
        found = [(m.start(), m.end()) for form in forms for m in re.finditer(re.escape(form), line)]
        if not found:
            found = [(s.start, s.end) for s in rule_spans(line) if canonical_name(line[s.start : s.end]) == name]
        if not found:
            found = [
                (start, start + size)
                for size in range(len(name), len(name) + 8)
                for start in range(len(line) - size + 1)
                if canonical_name(line[start : start + size]) == name
            ][:1]
        taken = [(s, e, EntityType(gold[name])) for s, e in found if not any(s < e2 and s2 < e for s2, e2, _ in spans)]
        if taken:
            spans += sorted(set(taken))
        else:
            missing.append(name)
    return sorted(spans), missing


@dataclass(frozen=True)
class TaggedSpan:
    start: int
    end: int


def decode(tags: Sequence[str]) -> list[TaggedSpan]:
    """Spans from B/I/O tags (an I after O begins a span too); single characters are no names."""
    found: list[TaggedSpan] = []
    start: int | None = None
    for index, tag in enumerate([*tags, "O"]):
        if start is not None and tag != "I":
            if index - start >= 2:
                found.append(TaggedSpan(start, index))
            start = None
        if tag == "B" or (tag == "I" and start is None):
            start = index
    return found


@lru_cache(maxsize=1)
def _tagger(model: str) -> Any:  # pycrfsuite has no type hints
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    return tagger


# Words the model may glue on before a name (建设鹏城实验室, 全市科技园区): a verb or a place's scope, never a name's start.
_GLUED_VERBS = ("建设", "打造", "推进", "推动", "加快", "依托", "支持", "布局", "组建", "筹建", "共建", "争创", "引进", "对接", "聚焦", "围绕", "利用", "纳入", "做大做强")
# 了 is the particle after a verb the model left out (承担了…中心)
_GLUED = (*_GLUED_VERBS, "全市", "全区", "全省", "我市", "我区", "我省", "本市", "本区", "区内", "市内", "了")


def unglued(line: str, span: TaggedSpan) -> TaggedSpan:
    """The span without a verb or scope word glued on before the name (at least two characters stay),
    nor the last character of one at the line's start, where the PDF broke the verb (推|进中国海洋大学…)."""
    start = span.start
    while (glued := next((w for w in _GLUED if line.startswith(w, start)), None)) and span.end - start - len(glued) >= 2:
        start += len(glued)
    if start == 0 and span.end >= 3 and any(w.endswith(line[0]) for w in _GLUED_VERBS) and word_places(line)[0][0] == "S":
        start = 1
    return TaggedSpan(start, span.end)


def whole_rule_name(line: str, span: TaggedSpan, spans: Sequence[Span]) -> TaggedSpan | None:
    """The rules' name a span is only the tail of, when what the model left out cannot stand alone:
    a place and an ending (…国家实验室|深圳基地) is a branch, a hyphen joins a chain of places
    (马田-凤凰-|玉塘片区). A branch with no such name is no name (None); any other span stays."""
    text = line[span.start : span.end]
    branch = any(text == place + ending for place in _PLACES for ending in BRANCHES)
    chained = span.start > 0 and line[span.start - 1] == "-"
    if not branch and not chained:
        return span
    whole = next((r for r in spans if r.end == span.end and r.start < span.start), None)
    if whole is not None:
        return TaggedSpan(whole.start, whole.end)
    return None if branch else span


def without_generic_word(line: str, span: TaggedSpan) -> TaggedSpan:
    """A listed mechanism followed by 制度 or 机制 is that mechanism (负面清单制度 is the 负面清单)."""
    text = line[span.start : span.end]
    listed = next((m for m in _dictionary()[1] if text in (m + "制度", m + "机制")), None)
    return TaggedSpan(span.start, span.start + len(listed)) if listed else span


def classed(line: str, span: TaggedSpan) -> bool:
    """A name of a class: its stem ends in 型 or 类 (研发与转化功能型平台, 研究型大学), also where the marker ends a
    descriptive word the rules strip (功能型). A filter on the model's spans, not a rule: the rules' spans are the
    model's features, and a change there asks for the model to be retrained."""
    text = line[span.start : span.end]
    ending = max((e for e in SUFFIXES if text.endswith(e)), key=len, default="")
    return bool(ending) and text[: -len(ending)].endswith(("型", "类"))


# 中国 and a bracketed place (中国（广东）自由贸易试验区, 中国(上海)…): one zone of that place, not a state title.
_PLACED = re.compile(r"中国[（(][\u4e00-\u9fff]{2,8}[）)]")


# What the state names a city or region to be (深圳先行示范区, 粤港澳大湾区国际科技创新中心), whatever place comes first;
# 国家技术创新中心 and …产业创新中心 are centres of their own.
_TITLES = ("先行示范区", "科技创新中心")


def designated(line: str, span: TaggedSpan) -> bool:
    """A title the state grants (中国特色社会主义先行示范区, 国家自主创新示范区, 深圳先行示范区, …国际科技创新中心): a
    designation, not one place."""
    text = line[span.start : span.end]
    return text.endswith(_TITLES) or (
        line.startswith(("国家", "中国"), span.start) and text.endswith(DESIGNATIONS) and not _PLACED.match(line, span.start)
    )


# A rank or a count among its kind (全国首批…示范区, 华南地区首家…产业园, 新桥东3个片区): a title or a number the plan
# reports, not one thing's name.
_RANKED = re.compile("首[批家个座创]|[0-9一二三四五六七八九十两]+[个家所座批]")


def ranked(line: str, span: TaggedSpan) -> bool:
    """Whether a span holds a rank or a count among its kind (首批, 首家, 3个): 全国首批产城融合示范区 is a title."""
    return _RANKED.search(line, span.start, span.end) is not None


# A name and its role there (…科学中心重要平台, …大学园软硬件设施, …大学园周边…): the role is no part of the name.
_ROLE = re.compile(f"(?P<name>.+(?:{'|'.join(sorted((*_ENDINGS, '园'), key=len, reverse=True))}))(?:重要|核心|主要|软硬件|配套|周边)")


def without_role(line: str, span: TaggedSpan) -> TaggedSpan:
    """The span without a role word and what follows it after a whole name (…走廊重要平台 is …走廊)."""
    found = _ROLE.match(line[span.start : span.end])
    return TaggedSpan(span.start, span.start + found.end("name")) if found and found.end("name") >= 3 else span


def ends_in_a_word(words: Sequence[tuple[str, str, str]], span: TaggedSpan) -> bool:
    """Whether a span ends inside one of jieba's words (``words``: word_places): 绿色低碳城|区 is no name ending in 城."""
    return span.end < len(words) and words[span.end][0] not in "BS"


_LEVELS = ("国家级", "省级", "市级", "区级", "县级", "各级")


def named_by_level(line: str, span: TaggedSpan) -> bool:
    """Whether a span begins with an administrative level (省级创投引导基金, 区级…基金): a kind of thing, not
    one thing. None of the 334 study names does; models trained by plan took such spans from unseen lines."""
    return line.startswith(_LEVELS, span.start)


# Before 和 also a place's own last word (云城和…科技城, …西海岸校区和…大学): 城, 园, 校区 end a place's name too.
_JOINED = re.compile(f"(?:{'|'.join(sorted((*_ENDINGS, '城', '园', '校区'), key=len, reverse=True))})(?P<joint>[和与及])")


def split_joined(line: str, span: TaggedSpan) -> list[TaggedSpan]:
    """Two names the model tagged as one across 和/与/及 after an ending (…展示中心与国际会展中心) are two;
    a joint inside one name (医疗器械检测和生物医药安全评价中心: no ending before 和) stays."""
    text = line[span.start : span.end]
    joints = [m for m in _JOINED.finditer(text) if span.end - (span.start + m.end()) >= 2]
    if not joints or not text.endswith(_ENDINGS):
        return [span]
    cut = joints[-1]
    return [*split_joined(line, TaggedSpan(span.start, span.start + cut.start("joint"))), TaggedSpan(span.start + cut.end(), span.end)]


# A numbered item's heading (…。5.测序平台。依托…, （三）…): the plan lists the things it will build one item each.
_HEADING = re.compile(r"(?:^|[。；;！!])\s*(?:[0-9]{1,2}[.．、]|[（(][一二三四五六七八九十0-9]{1,3}[）)])\s*$")


def headed(line: str, rule: Span) -> bool:
    """Whether a rules' name is a whole numbered item's heading: right after the item's number, with nothing but the
    end of the sentence or of the line after it (5.测序平台。). Of the 33 such names in the study lines 32 are gold
    names (the other, …科学中心重要平台, loses its role word); the model left 8 of them out on unseen plans."""
    return _HEADING.search(line, 0, rule.start) is not None and (rule.end == len(line) or line[rule.end] in "。；;：:")


# Who holds a fund: a city or district (深圳市…基金, 光明区…基金, 区…基金); 区级/市级… (a level) is a kind of fund, and
# 区块链, 区域, 省外, 市场化 or 城市 (更新) name no place.
_OWNER = re.compile(r"[\u4e00-\u9fff]{0,3}(?<!城)[市区省](?![级块域外场])")


def owned_fund(line: str, rule: Span) -> bool:
    """Whether a rules' fund is named by the city or district that holds it (深圳市天使投资引导基金, 区中试转化基金):
    one fund, where 天使投资引导基金 alone is a kind of fund."""
    return rule.type == EntityType.fund and (found := _OWNER.match(line, rule.start)) is not None and found.end() - rule.start <= 4


_LIST_JOINTS = ("、", "和", "与", "及", "以及")


def _ending(text: str) -> str:
    return max((e for e in SUFFIXES if text.endswith(e)), key=len, default="")


def listed_with(line: str, rule: Span, name: TaggedSpan) -> bool:
    """Whether a rules' name is the next or previous item of a list beside a name with the same ending (…平台、…平台;
    …研究室和…研究室): the items of one list are things of one kind, named alike."""
    between = line[name.end : rule.start] if name.end <= rule.start else line[rule.end : name.start]
    return between in _LIST_JOINTS and _ending(line[rule.start : rule.end]) == _ending(line[name.start : name.end]) != ""


def tag(line: str, spans: Sequence[Span] | None = None, model: Path = MODEL_FILE) -> list[TaggedSpan]:
    """The names the model finds in one line, without a verb or scope word glued on, split at 和 after
    an ending, a branch or chained place read as the rules' whole name, a listed mechanism without the
    制度 after it, leaving out kinds named by their level (省级…基金) or their class (…功能型平台) and designations; a rule's name the model cut into pieces
    that touch and fill it stays whole (鹏城 + 云脑III is the listed 鹏城云脑III). A rules' name that heads a numbered item,
    a fund its city or district holds, a name listed in entities.yaml, or one that stands in a list beside a found name with the same ending, is kept where
    the model read nothing there, through the same filters."""
    if not line:
        return []
    spans = rule_spans(line) if spans is None else spans
    words = word_places(line)
    found: list[TaggedSpan] = []

    def keep(piece: TaggedSpan) -> None:
        whole = whole_rule_name(line, without_role(line, without_generic_word(line, piece)), spans)
        if (
            whole is not None
            and whole not in found
            and not named_by_level(line, whole)
            and not designated(line, whole)
            and not classed(line, whole)
            and not ranked(line, whole)
            and line[whole.start : whole.end] not in _GENERIC  # a kind the model reads alone (大科学装置)
            and not ends_in_a_word(words, whole)
        ):
            found.append(whole)

    for t in decode(_tagger(str(model)).tag(features(line, spans))):
        for piece in split_joined(line, unglued(line, t)):
            keep(piece)
    for rule in spans:  # what the layout, the owner or entities.yaml makes a name, where the model read nothing
        in_yaml = line[rule.start : rule.end] in _dictionary()[0]
        if (headed(line, rule) or owned_fund(line, rule) or in_yaml) and not any(t.start < rule.end and rule.start < t.end for t in found):
            keep(TaggedSpan(rule.start, rule.end))
    size = -1
    while size != len(found):  # an item of a list grows the list: 合成化学平台、多功能组学平台、化学遗传学平台
        size = len(found)
        for rule in spans:
            if not any(t.start < rule.end and rule.start < t.end for t in found) and any(listed_with(line, rule, t) for t in found):
                keep(TaggedSpan(rule.start, rule.end))
    found.sort(key=lambda t: t.start)
    for rule in spans:
        inside = [t for t in found if rule.start <= t.start and t.end <= rule.end]
        if len(inside) > 1 and inside[0].start == rule.start and inside[-1].end == rule.end and all(a.end == b.start for a, b in pairwise(inside)):
            found = sorted([t for t in found if t not in inside] + [TaggedSpan(rule.start, rule.end)], key=lambda t: t.start)
    return found


def train(examples: Iterable[tuple[str, list[Named]]], model: Path) -> None:
    """Train the CRF on (line, name spans) examples and write it to ``model``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for line, names in examples:
        if line:
            trainer.append(features(line), labels(line, names))
    trainer.set_params(TRAINING)
    trainer.train(str(model))
    _tagger.cache_clear()
