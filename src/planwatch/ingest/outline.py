"""Build the section tree of a plan from its paragraphs and tables.

Levels come from numbering (see :mod:`planwatch.ingest.headings`). 专栏 boxes hold the
numbered projects of a plan; a box lasts until two blank lines or the next heading above
item level, which is how Word exports separate a text box from the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.ingest.headings import (
    APPENDIX_RANK,
    BOX_RE,
    GOAL_RE,
    ITEM_RANK,
    LAST_HEADING_RANK,
    PREFACE_RANK,
    SUBITEM_RANK,
    TOPIC_RANK,
    classify_heading,
    heading_levels,
    split_lead,
)
from planwatch.models import Paragraph, Section, Table

HEADING_KINDS = ("chapter", "section", "subsection")
_RANK_KINDS = {ITEM_RANK: "item", SUBITEM_RANK: "subitem"}
# An unnumbered paragraph in a text box, long enough to be a project description.
_MIN_UNTITLED_BOX_CHARS = 40


@dataclass
class _Open:
    """A section being built (its end is known only when the next one starts)."""

    section: Section
    rank: int | None


_CAPTION_NUMBER_RE = re.compile(r"^(附?表\s*\d{1,3})\s*[:：.．、]?\s*(.+)$")


def _table_label(table: Table) -> tuple[str, str]:
    """A table's label and title: the caption's own number (表2 “十四五”主要指标 → 表2, “十四五”主要指标),
    else its place among the document's tables."""
    numbered = _CAPTION_NUMBER_RE.match(table.title or "")
    if numbered:
        return numbered.group(1).replace(" ", ""), numbered.group(2).strip()
    return f"表{table.ordinal}", table.title or f"表{table.ordinal}"


def build_outline(paragraphs: Sequence[Paragraph], tables: Sequence[Table], source_lines: Sequence[str]) -> list[Section]:
    """Sections in document order, with parents, levels, kinds and source line spans."""
    # Read once without the item sequence: only an item depends on it, and is read again below.
    unsequenced = {id(p): classify_heading(p.text) for p in paragraphs}
    heading_ranks = sorted({h.rank for h in unsequenced.values() if h and 0 <= h.rank <= LAST_HEADING_RANK})
    # the top three numbering styles a document uses are its chapters, sections and subsections (any deeper one a subsection too)
    kind_of_rank = {rank: HEADING_KINDS[min(i, len(HEADING_KINDS) - 1)] for i, rank in enumerate(heading_ranks)} | _RANK_KINDS
    level_of_rank = heading_levels(set(heading_ranks))
    preface_rank = heading_ranks[0] if heading_ranks else TOPIC_RANK

    built: list[Section] = []
    stack: list[_Open] = []
    box: Section | None = None
    box_end = 0
    previous_item = 0
    previous_end = 0
    counters: dict[int | None, int] = {}  # sections so far under each parent
    paths: dict[int, str] = {}

    def add(
        kind: str,
        rank: int | None,
        label: str,
        title: str,
        start: int,
        end: int,
        *,
        inline: bool = False,
        table: int | None = None,
        parent: Section | None = None,
    ) -> Section:
        holder = parent if parent is not None else (stack[-1].section if stack else None)
        level = level_of_rank[rank] if rank is not None else (holder.level + 1 if holder else 1)
        parent_ordinal = holder.ordinal if holder else None
        counters[parent_ordinal] = counters.get(parent_ordinal, 0) + 1
        prefix = paths.get(parent_ordinal, "") if parent_ordinal is not None else ""
        path = f"{prefix}.{counters[parent_ordinal]}" if prefix else str(counters[parent_ordinal])
        paths[len(built) + 1] = path
        section = Section(
            ordinal=len(built) + 1,
            path=path,
            parent=parent_ordinal,
            level=level,
            kind=kind,
            label=label,
            title=title,
            start_line=start,
            end_line=end,
            inline=inline,
            table=table,
        )
        built.append(section)
        return section

    events: list[tuple[int, Paragraph | Table]] = [(p.start_line, p) for p in paragraphs] + [(t.start_line, t) for t in tables]
    events.sort(key=lambda e: e[0])
    for start, event in events:
        if isinstance(event, Table):
            label, title = _table_label(event)
            add("table", None, label, title, event.start_line, event.end_line, table=event.ordinal)
            previous_end = event.end_line
            continue
        paragraph = event
        text = paragraph.text
        heading = unsequenced[id(paragraph)]
        if heading is not None and heading.rank == ITEM_RANK:
            heading = classify_heading(text, previous_number=previous_item)
        gap = _blank_lines_between(source_lines, previous_end, start)
        previous_end = paragraph.end_line
        if box is not None and (
            gap >= 2 or (heading is not None and (0 <= heading.rank <= LAST_HEADING_RANK or heading.rank in (PREFACE_RANK, APPENDIX_RANK)))
        ):
            built[box.ordinal - 1] = replace(box, end_line=box_end)
            box = None
        box_match = BOX_RE.match(text)
        if box_match:
            box = add("box", None, f"专栏{box_match.group(1)}", box_match.group(2).strip(), start, paragraph.end_line)
            box_end = paragraph.end_line
            continue
        if box is None and paragraph.indented and heading is None and len(text) >= _MIN_UNTITLED_BOX_CHARS:
            title, _ = split_lead(text)
            box = add("box", None, "", title, start, paragraph.end_line)
            box_end = paragraph.end_line
            continue
        if box is not None:
            box_end = paragraph.end_line
            if heading is not None and heading.rank in (ITEM_RANK, SUBITEM_RANK):  # 1. or （1）: a box numbers its projects either way
                add("project", None, heading.label, heading.title, start, paragraph.end_line, inline=heading.inline, parent=box)
            elif len(text) >= _MIN_UNTITLED_BOX_CHARS:
                add("project", None, "", split_lead(text)[0], start, paragraph.end_line, inline=True, parent=box)
            continue
        if heading is not None:
            rank = preface_rank if heading.rank in (PREFACE_RANK, APPENDIX_RANK) else heading.rank
            while stack and stack[-1].rank is not None and stack[-1].rank >= rank:
                stack.pop()
            kind = {PREFACE_RANK: "preface", APPENDIX_RANK: "appendix"}.get(heading.rank) or kind_of_rank[rank]
            section = add(kind, rank, heading.label, heading.title, start, paragraph.end_line, inline=heading.inline)
            stack.append(_Open(section, rank))
            if heading.rank == ITEM_RANK:
                previous_item = heading.number
            continue
        goal = GOAL_RE.match(text)
        if goal:
            add("goal", None, "——", split_lead(goal.group(1))[0], start, paragraph.end_line)
    if box is not None:
        built[box.ordinal - 1] = replace(box, end_line=box_end)
    return _with_spans(built, source_lines)


def _blank_lines_between(lines: Sequence[str], previous_end: int, start: int) -> int:
    """Blank source lines between two paragraphs (1-based, exclusive)."""
    return sum(1 for n in range(previous_end + 1, start) if not lines[n - 1].strip())


def _with_spans(sections: list[Section], source_lines: Sequence[str]) -> list[Section]:
    """A heading runs until the next heading of the same or a higher level."""
    ranked = [s for s in sections if s.kind in (*HEADING_KINDS, "preface", "item", "subitem")]
    ends: dict[int, int] = {}
    last_line = len(source_lines)
    for i, section in enumerate(ranked):
        end = last_line
        for later in ranked[i + 1 :]:
            if later.level <= section.level:
                end = later.start_line - 1
                break
        while end > section.start_line and not source_lines[end - 1].strip():
            end -= 1
        ends[section.ordinal] = max(end, section.end_line)
    # Only a heading whose span runs past its own lines is copied (most sections keep theirs).
    return [replace(s, end_line=ends[s.ordinal]) if ends.get(s.ordinal, s.end_line) != s.end_line else s for s in sections]
