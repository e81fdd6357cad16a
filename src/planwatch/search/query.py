"""Searching the plans: all query words first, any of them when nothing has them all; snippets
with the matched words marked and the original line numbers."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from planwatch.search.index import refresh_index
from planwatch.search.words import search_words
from planwatch.store.database import Database
from planwatch.store.search import ChunkHit, query_chunks, word_shares

SNIPPET_CHARS = 120
COMMON_SHARE = 0.05  # in a large index, a word in more than this share of paragraphs is too common to match on
LARGE_INDEX = 50_000  # paragraphs (the five demo plans have about 3,000)


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
    # In a large index a word in many paragraphs (科技, 创新) filters little but makes FTS5 score
    # every one of them: match on the rarer words and let the phrase ordering below do the rest.
    shown = words
    shares, paragraphs = word_shares(db, words)
    rarer = [w for w in words if shares.get(w, 0.0) <= COMMON_SHARE]
    if paragraphs >= LARGE_INDEX and rarer and len(rarer) < len(words):
        words = rarer
    # fetch twice what is asked, then put paragraphs holding the query as written first
    found = query_chunks(db, words, plan=plan, level=level, kind=kind, limit=limit * 2)
    matched_all = bool(found)
    if not found and len(words) > 1:
        found = query_chunks(db, words, any_word=True, plan=plan, level=level, kind=kind, limit=limit * 2)
    phrase = re.sub(r"\s+", "", query)
    found.sort(key=lambda h: (phrase not in h.chunk.text, -h.score))
    return [_hit(h, shown, matched_all, phrase) for h in found[:limit]]


def _hit(hit: ChunkHit, words: list[str], matched_all: bool, phrase: str) -> Hit:
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
        snippet(c.text, words, focus=phrase if phrase in c.text else None),
        matched_all,
    )


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS, focus: str | None = None) -> tuple[tuple[str, bool], ...]:
    """A window of ``text`` around ``focus`` (the query as written) or else the longest matched
    word, cut into marked and unmarked pieces."""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    anchor = text.find(focus) if focus else -1
    if anchor < 0:
        positions = [text.lower().find(w) for w in sorted(words, key=len, reverse=True)]
        anchor = next((p for p in positions if p >= 0), 0)
    start = max(0, anchor - width // 3)
    window = text[start : start + width]
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    position = 0
    for match in pattern.finditer(window):
        if match.start() > position:
            pieces.append((window[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    pieces.append((window[position:], False))
    if start + width < len(text):
        pieces.append(("…", False))
    return tuple(p for p in pieces if p[0])
