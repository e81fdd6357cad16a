"""The reader's cheap checks, and the patterns whose first item is optional, a lookbehind or a group, stand
behind a lookahead for the characters their alternatives start with: that set must hold the first character
of every alternative, or a sentence would be skipped unread or a value missed. And
full-width characters are replaced one for one (by a pattern, not str.translate)."""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from planwatch.extract import language, numbers
from planwatch.extract.numbers import hint_start
from planwatch.extract.textprep import prepare
from planwatch.ingest.normalise import clean_line


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern of the reader and of the quantity reader, by name (the time patterns by kind)."""
    found: dict[str, re.Pattern[str]] = {}
    for module in (language, numbers):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__}.{name}"] = value
    for kind, pattern in language._TIME_RES:
        found[f"_TIME_RES[{kind}]"] = pattern
    return found


def _hint_parts(pattern: re.Pattern[str]) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]] | None:
    """(the set of first characters, the pattern behind it) of a hinted pattern, else None."""
    ops = list(_parser.parse(pattern.pattern))
    if ops and ops[0][0] is sre.ASSERT and ops[0][1][0] == 1:
        return list(ops[0][1][1]), ops[1:]  # numbers.hinted: (?=[set])(?:pattern)
    if len(ops) == 2 and ops[0][0] in (sre.IN, sre.LITERAL) and ops[1][0] is sre.ASSERT and ops[1][1][0] == -1:
        behind = list(ops[1][1][1])  # numbers.hint_start: [set](?<=(?=(?:pattern)).)
        if behind and behind[0][0] is sre.ASSERT and behind[0][1][0] == 1:
            return [ops[0]], list(behind[0][1][1])
    return None


HINTS = {name: pattern for name, pattern in _patterns().items() if _hint_parts(pattern) is not None}


def _firsts(ops: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """What the first character of a match of ``ops`` can be, as items of a character set."""
    if not ops:
        return [("end", None)]  # the pattern can match nothing: no set can stand for it
    (op, arg), rest = ops[0], ops[1:]
    if op is sre.LITERAL:
        return [(sre.LITERAL, arg)]
    if op is sre.IN:
        return list(arg)
    if op is sre.BRANCH:
        return [item for alternative in arg[1] for item in _firsts([*alternative, *rest])]
    if op is sre.SUBPATTERN:
        return _firsts([*arg[3], *rest])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        inner = _firsts(list(arg[2]))
        return inner if arg[0] > 0 else inner + _firsts(rest)  # an optional start: what follows may come first
    if op in (sre.ASSERT, sre.ASSERT_NOT) and arg[0] == -1:
        return _firsts(rest)  # a lookbehind reads no character of the match
    return [(op, arg)]  # anything else (ANY, an anchor): no set can stand for it


def _covered(item: tuple[Any, Any], allowed: list[tuple[Any, Any]]) -> bool:
    if item in allowed:
        return True
    digits = (sre.CATEGORY, sre.CATEGORY_DIGIT) in allowed
    return digits and item[0] is sre.LITERAL and chr(item[1]).isdecimal()


def test_the_patterns_that_scan_long_text_are_hinted() -> None:
    expected = {"_TIME_HINT_RE", "_QUANTITY_HINT_RE", "QUANTITY_RE", "_ACHIEVEMENT_RE", "_COMMITMENT_RE", "_MULTIPLE_RE"}
    assert expected <= {name.rsplit(".", 1)[-1] for name in HINTS}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_the_lookahead_holds_every_alternatives_first_character(name: str) -> None:
    parts = _hint_parts(HINTS[name])
    assert parts is not None
    allowed = _firsts(parts[0])
    assert [item for item in _firsts(parts[1]) if not _covered(item, allowed)] == []


def test_a_lookahead_missing_a_start_is_caught() -> None:
    ops = list(_parser.parse(r"(?=[到])(?:(?<!提高)(?:到|至)\s*2025年)"))
    allowed = _firsts(list(ops[0][1][1]))
    assert [item for item in _firsts(ops[1:]) if not _covered(item, allowed)] == [(sre.LITERAL, ord("至"))]


@pytest.mark.parametrize(
    ("text", "found"),
    [("研发投入强度达到百分之三", "百分之"), ("高新技术企业数量翻一番", "翻一番"), ("创新能力进入全国前列", "前列"), ("建设三家", "三家")],
)
def test_a_quantity_hint_is_found_wherever_it_stands(text: str, found: str) -> None:
    match = language._QUANTITY_HINT_RE.search(text)
    assert match is not None
    assert match.start() == text.index(found)  # the check gives where the hint starts (all the reader asks)


@pytest.mark.parametrize(("text", "found"), [("今后五年", "今后"), ("“十四五”时期", "十四五"), ("近三年来", "近三")])
def test_a_time_hint_is_found_wherever_it_stands(text: str, found: str) -> None:
    match = language._TIME_HINT_RE.search(text)
    assert match is not None
    assert match.start() == text.index(found)


def test_a_start_character_that_opens_no_hint_is_passed_over() -> None:
    text = "统一部署，2025年建成"  # 一 and 部 start no quantity hint; 2 does
    match = language._QUANTITY_HINT_RE.search(text)
    assert match is not None
    assert match.start() == text.index("2")


def test_a_hint_start_missing_a_start_is_caught() -> None:
    pattern = hint_start("到", r"(?:到|至)\s*2025年")
    parts = _hint_parts(pattern)
    assert parts is not None
    assert [item for item in _firsts(parts[1]) if not _covered(item, _firsts(parts[0]))] == [(sre.LITERAL, ord("至"))]


def test_a_sentence_with_neither_gives_no_hint() -> None:
    text = "坚持创新驱动，深化体制改革"
    assert (language._QUANTITY_HINT_RE.search(text), language._TIME_HINT_RE.search(text)) == (None, None)


def test_full_width_characters_become_ascii_one_for_one() -> None:
    prepared = prepare("２０２５年，研发（Ｒ＆Ｄ）投入达到５％～６％")
    assert prepared.text == "2025年,研发(R&D)投入达到5%~6%"


def test_a_full_width_character_keeps_its_offset() -> None:
    prepared = prepare("研发（Ｒ＆Ｄ）")
    assert prepared.quote(3, 6) == "Ｒ＆Ｄ"


def test_a_cleaned_line_has_ascii_digits_and_letters() -> None:
    assert clean_line("ＡＩ赋能２０２５年，增长５％") == "AI赋能2025年，增长5%"


def _always_holds(ops: list[tuple[Any, Any]], word: str) -> bool:
    """Whether every match of ``ops`` holds ``word`` (found in a run of literals every match passes through:
    a conservative reading, so a pattern it cannot show holds the word fails the test below)."""
    run = ""
    for op, arg in ops:
        if op is sre.LITERAL:
            run += chr(arg)
            if word in run:
                return True
            continue
        run = ""
        if op is sre.SUBPATTERN and _always_holds(list(arg[3]), word):
            return True
        if op is sre.BRANCH and all(_always_holds(list(alternative), word) for alternative in arg[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1 and _always_holds(list(arg[2]), word):
            return True
    return False


@pytest.mark.parametrize("kind", sorted(language._TIME_NEEDS))
def test_a_time_pattern_skipped_without_its_word_cannot_match_without_it(kind: str) -> None:
    pattern = dict(language._TIME_RES)[kind]
    assert _always_holds(list(_parser.parse(pattern.pattern)), language._TIME_NEEDS[kind])


def test_a_word_an_alternative_lacks_is_caught() -> None:
    assert not _always_holds(list(_parser.parse(r"(?:今后|未来)\s*\d+\s*年|\d+\s*月内")), "年")
