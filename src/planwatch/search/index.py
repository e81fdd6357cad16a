"""Building the search index: each paragraph of a plan's latest version, with its section."""

from __future__ import annotations

from bisect import bisect_right

from planwatch.ingest.normalise import clean_lines, find_toc
from planwatch.models import Section
from planwatch.search.words import words
from planwatch.store import get_plan, get_sections, get_source_text, list_plans
from planwatch.store.database import Database
from planwatch.store.search import Chunk, replace_chunks, stale_plans


def paragraphs(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each run of non-blank lines, cleaned of markup artefacts;
    tables of contents are left out (their entries would match every search twice)."""
    raw = text.split("\n")
    cleaned = clean_lines(raw)
    toc = find_toc(cleaned)
    found: list[tuple[int, int, str]] = []
    start, lines = 0, list[str]()
    for number, line in enumerate([*cleaned, ""], start=1):
        if number - 1 in toc:
            line = ""
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            found.append((start, number - 1, "".join(lines)))
            lines = []
    return found


def innermost_section(sections: list[Section], starts: list[int], line: int) -> Section | None:
    """The deepest section whose span holds ``line`` (sections are in document order)."""
    best = None
    for section in sections[: bisect_right(starts, line)]:
        if section.start_line <= line <= section.end_line and (best is None or section.level >= best.level):
            best = section
    return best


def index_plan(db: Database, plan: str) -> int:
    """(Re)index one plan; returns the number of paragraphs indexed."""
    info = get_plan(db, plan)
    key = info.key
    sections = get_sections(db, key)
    starts = [s.start_line for s in sections]
    chunks = []
    for first, last, body in paragraphs(get_source_text(db, key)):
        section = innermost_section(sections, starts, first)
        title = f"{section.label}{section.title}" if section else ""
        tokens = " ".join(words(f"{body}"))
        if tokens:
            chunks.append(Chunk(section.path if section else None, section.kind if section else None, title, first, last, body, tokens))
    return replace_chunks(db, key, chunks, info.version)


def index_all(db: Database) -> int:
    return sum(index_plan(db, p.key) for p in list_plans(db))


def refresh_index(db: Database) -> list[str]:
    """Index the plans ingested (or changed) since the index was last built; returns their keys.

    Ingest stays fast (no word splitting); the first search after it catches up."""
    stale = stale_plans(db)
    for key in stale:
        index_plan(db, key)
    return stale
