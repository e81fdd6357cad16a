"""Searching the plans: all query words first (or all words of a catalog synonym of the
indicator the query names), any of them when nothing has them all; the plan whose region the
query names first; snippets with the query's phrases marked and the original line numbers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from planwatch.extract.catalog import load_catalog
from planwatch.models import PlanInfo
from planwatch.search.index import refresh_index
from planwatch.search.question import find_indicator
from planwatch.search.scope import named_plans, region_words
from planwatch.search.words import search_words
from planwatch.store import list_plans, plans_stamp
from planwatch.store.database import Database
from planwatch.store.search import ChunkHit, query_chunks, word_shares

SNIPPET_CHARS = 120
COMMON_SHARE = 0.05  # in a large index, a word in more than this share of paragraphs is too common to match on
LARGE_INDEX = 50_000  # paragraphs (the five demo plans have about 3,000)
T = TypeVar("T")


@dataclass(frozen=True)
class Hit:
    """A matching paragraph: where it is, how well it matches, and a snippet in pieces
    (text, marked?) so each caller escapes and marks it its own way."""

    plan_key: str
    plan_title: str
    level: str | None
    region: str | None
    section_path: str | None
    section_kind: str | None
    section_title: str
    start_line: int
    end_line: int
    text: str
    score: float
    snippet: tuple[tuple[str, bool], ...]
    matched_all: bool

    @property
    def snippet_html(self) -> str:
        return "".join(f"<mark>{html.escape(t)}</mark>" if marked else html.escape(t) for t, marked in self.snippet)

    @property
    def snippet_text(self) -> str:
        return "".join(f"【{t}】" if marked else t for t, marked in self.snippet)


def search(
    db: Database, query: str, *, plan: str | None = None, level: str | None = None, kind: str | None = None, limit: int = 20
) -> list[Hit]:
    words = search_words(query)
    if not words:
        return []
    refresh_index(db)
    stamp = plans_stamp(db)
    plans = _plans(db, stamp)
    named = [] if plan else [p.key for p in named_plans(query, plans)]
    if named:  # the region names which plans come first; as words (南山, 山区) they would match other plans' mentions of it
        rest = query
        for name in sorted(region_words(plans), key=len, reverse=True):
            rest = rest.replace(name, " ")
        words = search_words(rest) or words
    names = _synonyms(query)
    alternatives = [alt for alt in (search_words(n) for n in names) if alt]
    # In a large index a word in many paragraphs (科技, 创新) filters little but makes FTS5 score
    # every one of them: match on the rarer words and let the phrase ordering below do the rest;
    # a synonym with no rare word would match most of the index, so it is left out there.
    shown = words
    shares, paragraphs = _word_shares(db, stamp, [*words, *(w for alt in alternatives for w in alt)])
    if paragraphs >= LARGE_INDEX:
        rarer = [w for w in words if shares.get(w, 0.0) <= COMMON_SHARE]
        if rarer and len(rarer) < len(words):
            words = rarer
        alternatives = [kept for alt in alternatives if (kept := [w for w in alt if shares.get(w, 0.0) <= COMMON_SHARE])]
    # a synonym holding every query word adds nothing to what the query matches
    alternatives = list({tuple(alt): alt for alt in alternatives if not set(words) <= set(alt)}.values())

    def fetch(any_word: bool = False, synonyms: list[list[str]] | None = None) -> list[ChunkHit]:
        def one(plan_key: str | None) -> list[ChunkHit]:
            return query_chunks(
                db, words, any_word=any_word, alternatives=synonyms or [], plan=plan_key, level=level, kind=kind, limit=limit * 2
            )

        return [h for key in named for h in one(key)] + [h for h in one(plan) if h.plan_key not in named]

    # fetch twice what is asked, then put paragraphs holding the query as written first; synonyms
    # widen the match only when the words as written find fewer than that (scoring every synonym
    # over a large index costs several times a plain query)
    found = fetch()
    if len(found) < limit * 2 and alternatives:
        found = fetch(synonyms=alternatives)
    matched_all = bool(found)
    if not found and len(words) > 1:
        found = fetch(any_word=True, synonyms=alternatives)
    phrase = re.sub(r"\s+", "", query)
    written = [phrase, *names]
    found.sort(key=lambda h: (h.plan_key not in named, not any(w in h.chunk.text for w in written), -h.score))
    return [_hit(h, query, shown, matched_all, next((w for w in written if w in h.chunk.text), None), names) for h in found[:limit]]


class StampCache(Generic[T]):
    """One value per database, kept until its plans stamp changes (the plans and the index change
    together; observations typed in leave both alone)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple[int, int], T]] = {}  # database URL → (plans stamp, value)

    def get(self, db: Database, stamp: tuple[int, int], compute: Callable[[], T]) -> T:
        cached = self._seen.get(db.url)
        if cached is None or cached[0] != stamp:
            cached = self._seen[db.url] = (stamp, compute())
        return cached[1]


@dataclass
class _WordShares:
    paragraphs: int = 0
    known: dict[str, float] = field(default_factory=dict)  # word → share of paragraphs holding it


_plans_seen: StampCache[list[PlanInfo]] = StampCache()
# FTS5 counts a word's paragraphs by reading its whole list (科技: 4 ms at 1,000 plans)
_shares_seen: StampCache[_WordShares] = StampCache()


def _plans(db: Database, stamp: tuple[int, int]) -> list[PlanInfo]:
    return _plans_seen.get(db, stamp, lambda: list_plans(db))


def _word_shares(db: Database, stamp: tuple[int, int], words: list[str]) -> tuple[dict[str, float], int]:
    """:func:`word_shares` of ``words``, each word looked up once per plans stamp."""
    shares = _shares_seen.get(db, stamp, _WordShares)
    missing = [w for w in dict.fromkeys(words) if w not in shares.known]
    if missing:
        found, shares.paragraphs = word_shares(db, missing)
        shares.known.update({w: found.get(w, 0.0) for w in missing})
    return shares.known, shares.paragraphs


@lru_cache(maxsize=256)
def _synonyms(query: str) -> tuple[str, ...]:
    """Every catalog name of the indicator the query names (研发投入强度 → 全社会研发投入占地区生产总值比重 …)."""
    indicator = find_indicator(query, load_catalog())
    return indicator.names if indicator else ()


def _hit(hit: ChunkHit, query: str, words: list[str], matched_all: bool, focus: str | None, names: tuple[str, ...]) -> Hit:
    c = hit.chunk
    return Hit(
        hit.plan_key,
        hit.plan_title,
        hit.level,
        hit.region,
        c.section_path,
        c.section_kind,
        c.section_title,
        c.start_line,
        c.end_line,
        c.text,
        hit.score,
        snippet(c.text, [query, *names], words, focus=focus),
        matched_all,
    )


def snippet(
    text: str, phrases: list[str], words: list[str], width: int = SNIPPET_CHARS, focus: str | None = None
) -> tuple[tuple[str, bool], ...]:
    """A window of ``text`` around ``focus`` (the query or a synonym as written) or else the
    longest matched word, cut into marked and unmarked pieces. What is marked is each longest
    stretch of a query phrase found in the window (河套深港科技创新合作区 once, not 河套 深港 科技 …
    nor 创新 elsewhere); a query too long for that is marked word by word."""
    lowered = text.lower()
    anchor = lowered.find(focus.lower()) if focus else -1
    if anchor < 0:
        positions = [lowered.find(w) for w in sorted(words, key=len, reverse=True)]
        anchor = next((p for p in positions if p >= 0), 0)
    start = max(0, anchor - width // 3)
    window = text[start : start + width]
    marked = [False] * len(window)
    query, *synonyms = phrases
    stretches = _stretches(window.lower(), [query]) | {n.lower() for n in synonyms if n.lower() in window.lower()}
    marks = stretches if len(re.sub(r"\s+", "", query)) <= MAX_PHRASE else {*stretches, *words}
    for stretch in sorted(marks, key=len, reverse=True):
        for match in re.finditer(re.escape(stretch), window.lower()):
            marked[match.start() : match.end()] = [True] * (match.end() - match.start())
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    position = 0
    while position < len(window):
        end = position
        while end < len(window) and marked[end] == marked[position]:
            end += 1
        pieces.append((window[position:end], marked[position]))
        position = end
    if start + width < len(text):
        pieces.append(("…", False))
    return tuple(p for p in pieces if p[0])


MAX_PHRASE = 40  # a longer query is marked word by word (the stretch search is quadratic)


def _stretches(window: str, phrases: list[str], shortest: int = 2) -> set[str]:
    """The longest pieces (``shortest`` characters or more) of each phrase that occur in the
    window, read left to right (a synonym is only marked whole: its pieces cost too much to find
    and would mark unrelated words)."""
    found: set[str] = set()
    for phrase in phrases:
        phrase = re.sub(r"\s+", "", phrase.lower())
        if len(phrase) > MAX_PHRASE:
            continue
        i = 0
        while i <= len(phrase) - shortest:
            j = next((j for j in range(len(phrase), i + shortest - 1, -1) if phrase[i:j] in window), i)
            if j > i:
                found.add(phrase[i:j])
                i = j
            else:
                i += 1
    return {s for s in found if s not in _FILLER}


# Two-character stretches of a question that are not what it asks for.
_FILLER = frozenset({"多少", "哪些", "什么", "如何", "怎么", "是否", "目标", "规划", "的目", "是多"})
