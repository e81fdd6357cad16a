"""Rebuild tables from plan text: header + rows of raw cells, each row with its source lines.

Two layouts occur in exported plans:

* tab-separated rows (one row per line), possibly split by page breaks that repeat the
  header, with group cells merged downwards and a wrapped name spilling into a row of
  its own (``\\t(项)\\t\\t``);
* one cell per line with a leading tab (Word export), rows separated by blank lines and a
  long cell broken over two lines.

Cells stay text exactly as printed (``15+110``, ``2-3``, ``大幅增长``, ``-``, empty):
interpreting them is the extractor's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.ingest.headings import classify_heading
from planwatch.ingest.normalise import NOTE_RE, TABLE_CAPTION_RE
from planwatch.models import Table, TableRow

_GROUP_HEADERS = frozenset({"项目", "目标", "类别", "分类", "领域", "一级指标", "指标类别", "维度", "类型", "方面"})
_SERIAL_HEADERS = frozenset({"序号", "编号", "No", "No.", "#"})
_SPILL_RE = re.compile(r"^[（(][^（()）]{1,6}[）)]$")
_CAPTION_WORDS_RE = re.compile(r"(指标|情况|目标|一览|统计|清单)")
_MAX_PAGE_BREAK_BLANKS = 4
_MAX_CELL_CHARS = 40


def find_tables(cleaned: Sequence[str], raw: Sequence[str], skip: set[int] | None = None) -> tuple[list[Table], set[int]]:
    """All tables of a document and the 0-based indices of the lines they occupy."""
    skip = skip or set()
    consumed: set[int] = set()
    found: list[tuple[str, list[list[str]], list[list[int]], list[str], int, int]] = []
    i = 0
    while i < len(cleaned):
        if i in skip or i in consumed:
            i += 1
            continue
        block = _tab_block(cleaned, i) or _cell_block(cleaned, raw, i)
        if block is None:
            i += 1
            continue
        rows, lines, end = block
        caption = _caption_before(cleaned, i, consumed | skip)
        notes, notes_end = _notes_after(cleaned, end)
        first = caption[0] if caption else i
        consumed.update(range(first, max(end, notes_end)))
        found.append((caption[1] if caption else "", rows, lines, notes, first, max(end, notes_end)))
        i = max(end, notes_end)
    for index, line in enumerate(cleaned):
        text = line.strip()
        if index not in consumed and index not in skip and TABLE_CAPTION_RE.match(text) and len(text) <= 60:
            # A caption whose body did not survive the conversion: keep it visible as empty.
            notes, notes_end = _notes_after(cleaned, index + 1)
            consumed.update(range(index, max(index + 1, notes_end)))
            found.append((text, [], [], ["表格正文缺失：原文仅存标题", *notes], index, max(index + 1, notes_end)))
    found.sort(key=lambda t: t[4])
    tables = [_build_table(n, *item) for n, item in enumerate(found, start=1)]
    return tables, consumed


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _is_tab_row(line: str) -> bool:
    return "\t" in line and len(_cells(line)) >= 3


def _tab_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """Tab-separated rows starting at ``start``, following page breaks that repeat the header."""
    line = cleaned[start]
    if not _is_tab_row(line) or sum(1 for c in _cells(line) if c) < 2:
        return None
    header = _cells(line)
    rows, lines = [header], [[start + 1]]
    i = start + 1
    while True:
        while i < len(cleaned) and _is_tab_row(cleaned[i]):
            rows.append(_cells(cleaned[i]))
            lines.append([i + 1])
            i += 1
        j = i
        while j < len(cleaned) and not cleaned[j].strip() and j - i < _MAX_PAGE_BREAK_BLANKS:
            j += 1
        if j < len(cleaned) and _is_tab_row(cleaned[j]) and _cells(cleaned[j]) == header:
            i = j + 1  # the header repeated after a page break
            continue
        break
    if len(rows) < 2:
        return None
    return rows, lines, i


def _is_cell_line(raw: str, cleaned: str) -> bool:
    text = cleaned.strip()
    return bool(re.match(r"^\t[^\t]+$", raw.rstrip("\r"))) and 0 < len(text) <= _MAX_CELL_CHARS and "。" not in text


def _cell_group(cleaned: Sequence[str], raw: Sequence[str], start: int) -> tuple[list[str], list[int], int] | None:
    """Consecutive one-cell lines; an untabbed short line continues the cell above it."""
    cells: list[str] = []
    lines: list[int] = []
    i = start
    while i < len(cleaned):
        if _is_cell_line(raw[i], cleaned[i]):
            cells.append(cleaned[i].strip())
        elif (
            cells
            and cleaned[i].strip()
            and not raw[i].startswith(("\t", " "))
            and len(cleaned[i].strip()) <= 20
            and not re.search(r"[。，；]", cleaned[i])
            and classify_heading(cleaned[i]) is None
        ):
            cells[-1] += cleaned[i].strip()
        else:
            break
        lines.append(i + 1)
        i += 1
    return (cells, lines, i) if cells else None


def _cell_block(cleaned: Sequence[str], raw: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    first = _cell_group(cleaned, raw, start)
    if first is None or len(first[0]) < 3:
        return None
    rows, lines, end = [first[0]], [first[1]], first[2]
    while True:
        j = end
        while j < len(cleaned) and not cleaned[j].strip() and j - end < 2:
            j += 1
        group = _cell_group(cleaned, raw, j) if j < len(cleaned) else None
        if group is None or len(group[0]) != len(rows[0]):
            break
        rows.append(group[0])
        lines.append(group[1])
        end = group[2]
    if len(rows) < 2:
        return None
    return rows, lines, end


def _caption_before(cleaned: Sequence[str], start: int, taken: set[int]) -> tuple[int, str] | None:
    j = start - 1
    while j >= 0 and start - j <= 3 and not cleaned[j].strip():
        j -= 1
    if j < 0 or j in taken:
        return None
    text = cleaned[j].strip()
    looks_like_caption = TABLE_CAPTION_RE.match(text) or (
        len(text) <= 60 and "。" not in text and _CAPTION_WORDS_RE.search(text) and classify_heading(text) is None
    )
    return (j, text) if looks_like_caption else None


def _notes_after(cleaned: Sequence[str], end: int) -> tuple[list[str], int]:
    notes: list[str] = []
    j, last = end, end
    while j < len(cleaned) and j - last <= 2:
        text = cleaned[j].strip()
        if text and NOTE_RE.match(text):
            notes.append(text)
            last = j + 1
        elif text:
            break
        j += 1
    return notes, last


def _build_table(ordinal: int, title: str, rows: list[list[str]], lines: list[list[int]], notes: list[str], first: int, end: int) -> Table:
    if not rows:
        return Table(ordinal=ordinal, title=title, header=(), rows=(), start_line=first + 1, end_line=end, notes=tuple(notes))
    header, body, body_lines = rows[0], [list(r) for r in rows[1:]], [list(x) for x in lines[1:]]
    width = max(len(r) for r in rows)
    header = header + [""] * (width - len(header))
    merged: list[list[str]] = []
    merged_lines: list[list[int]] = []
    for cells, where in zip(body, body_lines, strict=True):
        cells = cells + [""] * (width - len(cells))
        filled = [c for c in cells if c]
        if merged and len(filled) == 1 and _SPILL_RE.match(filled[0]):
            # A wrapped name spilled into a row of its own (after a page break): rejoin it.
            column = cells.index(filled[0])
            merged[-1][column] += filled[0]
            merged_lines[-1].extend(where)
            continue
        merged.append(cells)
        merged_lines.append(where)
    for column, name in enumerate(header):
        if name in _GROUP_HEADERS or (column == 0 and name not in _SERIAL_HEADERS and _has_gaps(merged, column)):
            carried = ""
            for cells in merged:
                carried = cells[column] or carried
                cells[column] = carried
    table_rows = tuple(TableRow(cells=tuple(c), lines=tuple(sorted(set(w)))) for c, w in zip(merged, merged_lines, strict=True))
    return Table(
        ordinal=ordinal,
        title=title,
        header=tuple(header),
        rows=table_rows,
        start_line=first + 1,
        end_line=end,
        notes=tuple(notes),
    )


def _has_gaps(rows: list[list[str]], column: int) -> bool:
    values = [r[column] for r in rows]
    return bool(values) and bool(values[0]) and any(not v for v in values) and not all(v.isdigit() for v in values if v)
