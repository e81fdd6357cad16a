"""Building the search index: each paragraph of a plan's latest version, with its section."""

from __future__ import annotations

from bisect import bisect_right

from planwatch.ingest.normalise import clean_lines, find_toc
from planwatch.models import Section
from planwatch.search.words import words
from planwatch.store import get_plan, get_sections, get_source_text, plans_stamp
from planwatch.store.database import Database
from planwatch.store.search import Chunk, replace_chunks, stale_plans

_ENDS = ("。", "；", "！", "？", "：", ";", "!", "?", "”", "）", ")")


def paragraphs(text: str, tables: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each paragraph, cleaned of markup artefacts: a line ends a
    paragraph when it ends a sentence, is short (a heading, a table row) or is followed by a blank
    line; a line cut mid-sentence (a page break) runs on. Tables of contents are left out, but
    never the lines of a rebuilt table (``tables``, 1-based): rows ending in numbers are not a TOC."""
    cleaned = clean_lines(text.split("\n"))
    toc = {index for index in find_toc(cleaned) if index + 1 not in tables}
    found: list[tuple[int, int, str]] = []
    start, pending = 0, list[str]()
    for number, line in enumerate([*cleaned, ""], start=1):
        line = "" if number - 1 in toc else line.strip()
        if line:
            if not pending:
                start = number
            pending.append(line)
        if pending and (not line or line.endswith(_ENDS) or len(line) < 40):
            found.append((start, number - (0 if line else 1), "".join(pending)))
            pending = []
    return found


def innermost_section(sections: list[Section], starts: list[int], line: int) -> Section | None:
    """The deepest section whose span holds ``line`` (sections are in document order)."""
    best = None
    for section in sections[: bisect_right(starts, line)]:
        if section.start_line <= line <= section.end_line and (best is None or section.level >= best.level):
            best = section
    return best


def plan_chunks(text: str, sections: list[Section]) -> list[Chunk]:
    """A plan's paragraphs with their section and words (pure: runs in worker processes too)."""
    starts = [s.start_line for s in sections]
    tables = frozenset(line for s in sections if s.kind == "table" for line in range(s.start_line, s.end_line + 1))
    chunks = []
    for first, last, body in paragraphs(text, tables):
        section = innermost_section(sections, starts, first)
        title = f"{section.label}{section.title}" if section else ""
        tokens = " ".join(words(body))
        if tokens:
            chunks.append(Chunk(section.path if section else None, section.kind if section else None, title, first, last, body, tokens))
    return chunks


def index_plan(db: Database, plan: str) -> int:
    """(Re)index one plan; returns the number of paragraphs indexed."""
    info = get_plan(db, plan)
    return replace_chunks(db, info.key, plan_chunks(get_source_text(db, info.key), get_sections(db, info.key)), info.version)


_checked: dict[str, tuple[int, int]] = {}  # database URL → plans stamp when the index was last found current


def refresh_index(db: Database, workers: int = 1) -> list[str]:
    """Index the plans ingested (or changed) since the index was last built; returns their keys.

    Ingest stays fast (no word splitting); the first search after it catches up. Between changes
    of the plans stamp (observations typed in leave it alone) the check itself is skipped. With ``workers`` > 1 the word splitting runs
    in that many processes (at most two plans each in flight) while this one writes."""
    stamp = plans_stamp(db)
    if _checked.get(db.url) == stamp:
        return []
    stale = stale_plans(db)
    if workers <= 1 or len(stale) <= 1:
        for key in stale:
            index_plan(db, key)
    else:
        _index_in_parallel(db, stale, workers)
    _checked[db.url] = plans_stamp(db)
    return stale


def _index_in_parallel(db: Database, keys: list[str], workers: int) -> None:
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[tuple[str, int, Future[list[Chunk]]]] = deque()

    def write_oldest() -> None:
        key, version, future = pending.popleft()
        replace_chunks(db, key, future.result(), version)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        for key in keys:
            info = get_plan(db, key)
            pending.append((key, info.version, pool.submit(plan_chunks, get_source_text(db, key), get_sections(db, key))))
            if len(pending) >= 2 * workers:
                write_oldest()
        while pending:
            write_oldest()
