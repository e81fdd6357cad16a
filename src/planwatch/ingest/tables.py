"""Rebuild tables from plan text: header + rows of raw cells, each row with its source lines.

Two layouts occur in exported plans:

* tab-separated rows (one row per line), possibly split by page breaks that repeat the
  header, with group cells merged downwards and a wrapped name spilling into a row of
  its own (``\\t(项)\\t\\t``);
* one cell per line with a leading tab (Word export), rows separated by blank lines and a
  long cell broken over two lines;
* pipe-separated rows (``指标 | 单位 | 2025年``, Markdown tables, pages scraped from the web);
* a flattened indicator table, one row per line with its cells split by spaces, recognised by
  its header (指标 … 单位 / 20XX年 / 目标值 / 属性) and rows that hold numbers;
* a table stacked one cell per line (web pages: blank lines between cells, or a trailing ``|``),
  recognised by a header of column names one per line (a note in brackets after a name, as in
  ``2025年目标值(应达到的水平)``, does not hide it); its rows are cut where the numbers are,
  and a name with ``其中`` sub-rows lists the sub-rows' values column by column;
* a transposed table: a row labelled 指标 holding the indicator names, rows labelled with other
  column names (2025年目标值, 属性) holding their cells, the label first in the row or on the line
  above it, in one block or several (web pages that lay a wide table out in strips).

Cells stay text exactly as printed (``15+110``, ``2-3``, ``大幅增长``, ``-``, empty):
interpreting them is the extractor's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from planwatch.ingest.headings import classify_heading
from planwatch.ingest.normalise import NOTE_RE, TABLE_CAPTION_RE, to_simplified
from planwatch.models import Table, TableRow

_GROUP_HEADERS = frozenset({"项目", "目标", "类别", "分类", "领域", "一级指标", "指标类别", "维度", "类型", "方面"})
_SERIAL_HEADERS = frozenset({"序号", "编号", "No", "No.", "#"})
_SPILL_RE = re.compile(r"^[（(][^（()）]{1,6}[）)]$")
_CAPTION_WORDS_RE = re.compile(r"(指标|情况|目标|一览|统计|清单|分解)|表$")  # …任务量分解表, 年度安排表
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
        block = (
            _transposed_block(cleaned, i)
            or _tab_block(cleaned, i)
            or _cell_block(cleaned, raw, i)
            or _pipe_block(cleaned, i)
            or _spaced_block(raw, i)
            or _serial_block(cleaned, i)
            or _stacked_block(cleaned, i)
            or _split_block(cleaned, i)
            or _year_rows_block(cleaned, i)
        )
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
        if text.startswith("表") and index not in consumed and index not in skip and TABLE_CAPTION_RE.match(text) and len(text) <= 60:
            # A caption whose body did not survive the conversion, or was not rebuilt: keep it visible as empty.
            notes, notes_end = _notes_after(cleaned, index + 1)
            consumed.update(range(index, max(index + 1, notes_end)))
            found.append((text, [], [], [_missing_body(cleaned, index), *notes], index, max(index + 1, notes_end)))
    found.sort(key=lambda t: t[4])
    tables = [_build_table(n, *item) for n, item in enumerate(found, start=1)]
    return tables, consumed


def _missing_body(cleaned: Sequence[str], caption: int) -> str:
    """Why a captioned table is empty: nothing follows its caption, or column names one per line that no layout
    above could line up into rows (said, so that a reader checks the source rather than trusts an empty table)."""
    below = next((j for j in range(caption + 1, min(caption + 4, len(cleaned))) if cleaned[j].strip()), None)
    if below is not None and _stack_role(_stack_cell(cleaned[below])) is not None:
        return f"表格正文缺失：第{below + 1}行起逐格分行的表头未能对齐成行，请核对原表"
    return "表格正文缺失：原文仅存标题"


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


_PIPE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?$")


def _pipe_cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip() for cell in text.split("|")]


def _is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2 and len(_pipe_cells(line)) >= 3 and not _PIPE_RULE_RE.match(line.strip())


def _pipe_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """``指标 | 单位 | 2025年`` rows (Markdown tables keep their ``|---|`` rule out of the rows)."""
    if not _is_pipe_row(cleaned[start]):
        return None
    rows, lines = [_pipe_cells(cleaned[start])], [[start + 1]]
    i = start + 1
    while i < len(cleaned):
        if _PIPE_RULE_RE.match(cleaned[i].strip()):
            i += 1
            continue
        if "|" not in cleaned[i]:
            break
        cells, where, i_next = _pipe_row(cleaned, i, len(rows[0]))
        if len(cells) < 3:
            break
        rows.append(cells)
        lines.append(where)
        i = i_next
    return (rows, lines, i) if len(rows) >= 2 else None


def _pipe_row(cleaned: Sequence[str], start: int, width: int) -> tuple[list[str], list[int], int]:
    """A pipe row with the lines it continues on while it has fewer cells than the header: a web page
    wraps a long row, at a bar (``2.1 |`` / ``2.8 | 预期性 |``) or inside a cell (``发明专利拥`` / ``有量 |``)."""
    cells, where, i = _pipe_cells(cleaned[start]), [start + 1], start + 1
    while i < len(cleaned) and len(cells) < width:
        text = cleaned[i].strip()
        if "|" not in text or text.startswith("|"):
            break
        more = _pipe_cells(text)
        at_bar = cleaned[i - 1].rstrip().endswith("|")
        if len(cells) + len(more) - (0 if at_bar else 1) > width:
            break  # a full row of its own (a table without outer bars)
        cells = [*cells, *more] if at_bar else [*cells[:-1], cells[-1] + more[0], *more[1:]]
        where.append(i + 1)
        i += 1
    return cells, where, i


_SPACED_HEADER_RE = re.compile(r"^(?:(?:序号|领域|类别|分类|一级指标|方面|维度)\s+)?(?:主要)?指标(?:名称)?\s")
_SPACED_HEADER_WORDS_RE = re.compile(r"单位|(?:19|20)\d\d\s*年|基期|现状|目标值?|规划值|预期值|属性|年均")
_NUMBER_RE = re.compile(r"\d")
_WIDE_GAP_RE = re.compile(r"\s{2,}")
_PROSE_STOP_RE = re.compile(r"[。；;]")
_CELL_STOP_RE = re.compile(r"[。，；]")
_CELL_LINE_RE = re.compile(r"^\t[^\t]+$")  # a line of one tabbed cell


def _spaced_cells(line: str) -> list[str]:
    text = line.strip().replace("\u3000", " ")
    parts = _WIDE_GAP_RE.split(text) if _WIDE_GAP_RE.search(text) else text.split(" ")
    return [p.strip() for p in parts if p.strip()]


def _spaced_block(raw: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A flattened indicator table: a header naming its columns, then rows of name and numbers."""
    header_text = raw[start].strip()
    if "\t" in header_text or "指标" not in header_text or not _SPACED_HEADER_RE.match(header_text):
        return None
    header = _spaced_cells(header_text)
    if len(header) < 3 or len(_SPACED_HEADER_WORDS_RE.findall(header_text)) < 2:
        return None
    rows, lines = [header], [[start + 1]]
    i = start + 1
    below = _spaced_cells(raw[i]) if i < len(raw) else []
    years = [column for column, cell in enumerate(header) if _BARE_YEAR_RE.match(cell)]
    if below and not _NUMBER_RE.search(raw[i]) and len(below) == len(years) and all(_stack_role(cell) == "value" for cell in below):
        for column, cell in zip(years, below, strict=True):
            header[column] += cell  # 2020年 2025年 over 基期值 目标值: each year's column word
        i += 1
    name_column = next((column for column, cell in enumerate(header) if "指标" in cell), 0)  # the header names it (checked above)
    while i < len(raw):
        text = raw[i].strip()
        cells = _spaced_cells(text)
        wrapped = _wrapped_name(raw, i) if len(rows) >= 2 else 0
        if wrapped:  # a PDF's narrow name column wraps the name onto lines of its own below the row
            continued = rows[-1]
            continued[name_column] += "".join(raw[j].strip() for j in range(i, i + wrapped))
            lines[-1].extend(range(i + 1, i + wrapped + 1))
            i += wrapped
            continue
        if not text or len(cells) < 2 or not _NUMBER_RE.search(text) or "。" in text:
            break
        if len(cells) == len(header) - 1 and header[0] in _GROUP_HEADERS:
            cells = ["", *cells]  # the group cell merged over this row: carried down from the row above
        elif len(cells) > len(header):
            # A name with spaces inside (PDF text): the extra leading pieces belong to it.
            extra = len(cells) - len(header) + 1
            cells = ["".join(cells[:extra]), *cells[extra:]]
        rows.append(cells)
        lines.append([i + 1])
        i += 1
    return (rows, lines, i) if len(rows) >= 2 else None


_WRAP_MAX_CHARS = 16
_WRAP_STOP_RE = re.compile(r"[。；;：:，,\s]|^(注|备注|资料来源|数据来源)")


def _wrapped_name(raw: Sequence[str], start: int) -> int:
    """How many lines from ``start`` are the rest of the row above's name: short lines of one cell
    (展经费支出占 / 地区生产总值 / 比重（%）), followed by the next row, or ending the table in a bracketed
    unit (量（家）). 0 when they are not (a heading, a note, a sentence after the table)."""
    end = start
    while end < len(raw) and 0 < len(piece := raw[end].strip()) <= _WRAP_MAX_CHARS:
        if _WRAP_STOP_RE.search(piece) or classify_heading(piece) is not None or _CAPTION_CELL_RE.match(piece):
            break
        end += 1
    if end == start:
        return 0
    following = raw[end].strip() if end < len(raw) else ""
    next_row = len(_spaced_cells(following)) >= 2 and bool(_NUMBER_RE.search(following)) and "。" not in following
    return end - start if next_row or raw[end - 1].strip().endswith(("）", ")")) else 0


# Column names of a stacked table, by role: a row is [group] name [unit] value… [attribute | source].
_STACK_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("group", re.compile(r"^(类别|分类|领域|一级指标|指标类别|维度|方面)$")),
    ("serial", re.compile(r"^(序号|编号)$")),
    ("name", re.compile(r"^(主要|具体|二级|衡量|关键|绩效|考核)?指标(名称|项)?$")),
    ("unit", re.compile(r"^(计量|指标)?单位$")),
    ("value", re.compile(
        r"^((19|20)\d\d(年(年度)?(目标值?|预期值?|规划值?|基期值?|现状值?|完成值?)?|(目标值?|预期值?|规划值?|基期值?|现状值?))|基期值?|现状值?|目标值|规划值|预期值|年均增[长速幅]?|全年(目标|完成)"
        r"|[“\"]?十[一二三四五六七八九]五[”\"]?(时期|期末|规划)?(目标值?|预期值?|规划值?|完成值?|完成情况|实际值?|现状值?|基期值?)"  # “十四五”完成值, “十四五”现状
        r"|(近期|中期|远期)(规划|目标)值?)$"
    )),
    ("attribute", re.compile(r"^(指标)?属性$")),
    ("source", re.compile(r"^(数据)?来源|^(责任|牵头)单位$")),
)
# The first characters a column name of the roles above can have: a cell opening otherwise is no column name.
STACK_ROLE_STARTS = frozenset("类分领一指维方序编主具二衡关绩考计单12基现目规预年全属数来责牵十“\"近中远")
_STACK_NUMBER_RE = re.compile(  # a value cell; a change verb may open it (增长5%左右 in a completion table)
    r"^(?:增长|提高|增加|下降|降低|减少)?[\[［(（]?[>≥＞<≤约]?\s*\d[\d.,]*(?:\s*[-~～—至]\s*\d[\d.]*)?\s*(?:%|‰|[\u4e00-\u9fff]{1,4})?(?:以上|以下|左右|以内)?[\]］)）]?$"
)
_STACK_PLACEHOLDERS = frozenset({"/", "／", "-", "—", "——", "－", "--", "一"})  # 一: a dash typed as the digit
_STACK_MAX_BLANKS = 3
SUB_ROW_RE = re.compile(r"^其中[:：]\s*")
UNIT_LINE_RE = re.compile(r"^[（(]?(?:[\u4e00-\u9fff]{1,4})?单位[:：]\s*[^\s，。；、]{1,6}[)）]?$")  # 单位：亿元 (面积单位：亩) for a whole table
_BARE_YEAR_RE = re.compile(r"^(19|20)\d\d年?$")
_YEAR_IN_CELL_RE = re.compile(r"(19|20)\d\d年")
_RATE_UNIT_RE = re.compile(r"^[\u4e00-\u9fff]{1,4}/[\u4e00-\u9fff·]{1,5}$")  # 微克/立方米, 千克/人·日: a unit past five characters
_ROW_SERIAL_RE = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?$")


def _stack_cell(line: str) -> str:
    return line.strip().removesuffix("|").strip()


_HEADER_NOTE_RE = re.compile(r"[（(〔\[［][^（()）〔〕\[\]［］]*[)）〕\]］]")


def _stack_role(cell: str) -> str | None:
    """The role of a column name; a note in brackets (``(各项目标应达到的水平)``, ``〔累计〕``) is no part of it."""
    if len(cell) > _MAX_CELL_CHARS:
        return None  # a line of prose, not a column name
    text = to_simplified(_HEADER_NOTE_RE.sub("", cell.replace(" ", "").replace("\u3000", "")))  # 指標 / 責任單位: the same roles
    if text[:1] not in STACK_ROLE_STARTS:
        return None  # most cells and short lines: none of the seven patterns can match
    return next((role for role, pattern in _STACK_ROLES if pattern.match(text)), None)


def _stack_numeric(cell: str) -> bool:
    return cell in _STACK_PLACEHOLDERS or bool(_STACK_NUMBER_RE.match(cell))


def _stack_cells(
    cleaned: Sequence[str], start: int, max_chars: int = _MAX_CELL_CHARS, sentences: bool = False
) -> tuple[list[tuple[str, int]], int]:
    """Short lines from ``start``, blank lines and bare ``|`` (an empty cell) skipped, up to prose (a line
    past ``max_chars``, or a sentence unless ``sentences``: a table whose rows open at their serials may
    hold a sentence in a cell, 完成…改造；推进…).

    When blank lines separate the cells, lines with no blank between them are one cell broken over
    two lines (``2015`` / ``基期值``)."""
    cells: list[tuple[str, int]] = []
    spaced = start + 1 < len(cleaned) and not _stack_cell(cleaned[start + 1])
    i, blanks = start, 0
    while i < len(cleaned):
        text = _stack_cell(cleaned[i])
        if not text:
            blanks += 1
            if blanks > _STACK_MAX_BLANKS:
                break
        elif len(text) > max_chars or (not sentences and _PROSE_STOP_RE.search(text)):
            break
        elif spaced and cells and blanks == 0:
            cells[-1] = (cells[-1][0] + text, cells[-1][1])
        else:
            blanks = 0
            cells.append((text, i))
        i += 1
    return cells, i


def _stacked_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A table stacked one cell per line: a header of column names, then rows cut at their numbers."""
    if _stack_role(_stack_cell(cleaned[start])) is None:
        return None
    cells, end = _stack_cells(cleaned, start)
    header, roles, taken = _stack_header(cells)
    if len(header) < 2 or "name" not in roles or "value" not in roles:
        return None
    rows, lines = _stacked_rows(cells[taken:], header, roles)
    if len(rows) < 2:
        return None
    last = max(line for row_lines in lines for line in row_lines)
    return [header, *rows], [[cells[0][1] + 1], *lines], min(end, last)


def _run(cells: Sequence[tuple[str, int]], start: int, wanted: Callable[[str], bool], limit: int | None = None) -> tuple[list[tuple[str, int]], int]:
    """The cells from ``start`` on while ``wanted`` holds of their text (at most ``limit``), and the index after them."""
    end = start
    while end < len(cells) and wanted(cells[end][0]) and (limit is None or end - start < limit):
        end += 1
    return list(cells[start:end]), end


def _stacked_rows(cells: list[tuple[str, int]], header: list[str], roles: list[str]) -> tuple[list[list[str]], list[list[int]]]:
    """Rows of a stacked table: the texts before a run of numbers are its group, name and unit."""
    width, values = len(header), roles.count("value")
    value_columns = [i for i, role in enumerate(roles) if role == "value"]
    leading = [role for role in roles[: value_columns[0]] if role in ("unit", "attribute")]
    rows: list[list[str]] = []
    lines: list[list[int]] = []
    i = 0
    while i < len(cells):
        serial = ""
        if _ROW_SERIAL_RE.match(cells[i][0]) and ("serial" in roles or (i + 1 < len(cells) and not _stack_numeric(cells[i + 1][0]))):
            serial = cells[i][0]  # 序号 1, 2, … or 一, 二 before a name: what opens the row, not a value
            i += 1
        texts, i = _run(cells, i, lambda cell: not _stack_numeric(cell))
        numbers, i = _run(cells, i, _stack_numeric)
        if not numbers or not texts:
            break
        trail: tuple[str, int] | None = None
        if i < len(cells) and (("attribute" in roles and "attribute" not in leading and cells[i][0].endswith("性")) or "source" in roles):
            trail = cells[i]
            i += 1
        unit, attribute = "", ""
        for role in reversed(leading):  # the unit and attribute columns written before the values, nearest first
            if role == "unit" and len(texts) >= 2 and (len(texts[-1][0]) <= 5 or _RATE_UNIT_RE.match(texts[-1][0])):
                unit = texts.pop()[0]
            elif role == "attribute" and len(texts) >= 2 and texts[-1][0].endswith("性"):
                attribute = texts.pop()[0]
        count = len(numbers) // values if len(numbers) % values == 0 else 1
        count = max(1, min(count, len(texts)))
        names, groups = texts[-count:], texts[:-count]
        parent = groups[-1][0] if groups and SUB_ROW_RE.match(names[0][0]) else None
        for index, (name, line) in enumerate(names):
            row = [""] * width
            row[roles.index("name")] = sub_row_name(name, parent)
            if "unit" in roles:
                row[roles.index("unit")] = unit
            if "group" in roles and groups:
                row[roles.index("group")] = groups[-1][0]
            if serial and count == 1 and "serial" in roles:
                row[roles.index("serial")] = serial
            taken = numbers[index::count] if count > 1 else numbers
            for column, (value, _) in zip(value_columns, taken, strict=False):
                row[column] = value
            if trail is not None:
                row[roles.index("attribute" if "attribute" in roles else "source")] = trail[0]
            if attribute:
                row[roles.index("attribute")] = attribute
            rows.append(row)
            lines.append(sorted({line + 1, *(n[1] + 1 for n in taken)}))
    return rows, lines


# The first column of a table that splits a plan's quantities by place (or office) and year: 街镇 | 2026年 | 2027年 | 合计
PLACE_LABELS_RE = re.compile(r"(?:各|所属)?(?:街镇|街道|乡镇|镇|区县|区|县|市|地区|区域|片区|园区|板块|单位|责任单位|部门|行业)(?:名称)?")
_SPLIT_YEAR_RE = re.compile(r"^((?:19|20)\d\d)年(?:[\d.]+%)?$")  # 2025年, or 2025年40% (the year's share of the whole)
_SPLIT_SPAN_RE = re.compile(r"^(?:19|20)\d\d\s*年?\s*[-—–~～至]\s*(?:19|20)\d\d\s*年")  # 2024-2026年任务量
_SPLIT_LABEL_MAX = 12
_SPLIT_MIN_ROWS = 3


_YEAR_ROWS_LABEL_RE = re.compile(r"^(?:年份|年度)$")


def _year_rows_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A year-by-year table laid the other way, one cell a line: 年份 and the indicators' names as the header, then a
    row per year (2026年 and a value under each name). Its cells are kept as printed; the extractor reads it by column."""
    if not _YEAR_ROWS_LABEL_RE.match(_stack_cell(cleaned[start])):
        return None
    cells, _ = _stack_cells(cleaned, start)
    first_year = next((i for i, (text, _) in enumerate(cells) if _BARE_YEAR_RE.match(text)), None)
    if first_year is None or first_year < 2 or any(_stack_numeric(text) for text, _ in cells[1:first_year]):
        return None
    width = first_year
    rows: list[list[str]] = []
    lines: list[list[int]] = []
    i = first_year
    while i + width <= len(cells) and _BARE_YEAR_RE.match(cells[i][0]):
        row = cells[i : i + width]
        if not all(_stack_numeric(text) and not _BARE_YEAR_RE.match(text) for text, _ in row[1:]):
            break
        rows.append([text for text, _ in row])
        lines.append(sorted({line + 1 for _, line in row}))
        i += width
    if len(rows) < 2:
        return None
    return [[text for text, _ in cells[:width]], *rows], [[cells[0][1] + 1], *lines], lines[-1][-1]


def _split_numeric(cell: str) -> bool:
    """A value cell of a split table: 2026年 and 2026-2028年任务量 are column names there."""
    return _stack_numeric(cell) and not _SPLIT_YEAR_RE.match(cell) and not _SPLIT_SPAN_RE.match(cell)


def _split_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A table splitting a plan's quantities by place and year, one cell a line under a header of two levels
    (街镇 / … / 2024-2026年任务量 / 分年度任务量 / … / 2024年 / 2025年 / 2026年 / 面积 / 个数 / …), its rows a place
    (or a place and its part) and a run of numbers of one length. The header's levels cannot be told apart cell by
    cell, but its years are the last columns it names: the last numbers of each row are the years' values, and the
    one before them the span's total when a header cell names the span; the other columns are kept unnamed."""
    first = _stack_cell(cleaned[start])
    if not PLACE_LABELS_RE.fullmatch(to_simplified(first.replace(" ", ""))):
        return None
    cells, _ = _stack_cells(cleaned, start)
    numeric = [i for i, (text, _) in enumerate(cells) if _split_numeric(text)]
    if len(numeric) < 6 or numeric[0] < 3:
        return None
    header = [text for text, _ in cells[: numeric[0] - 1]]
    years = [(i, int(m.group(1))) for i, cell in enumerate(header) if (m := _SPLIT_YEAR_RE.match(cell))]
    if len(years) < 2 or [y for _, y in years] != list(range(years[0][1], years[0][1] + len(years))):
        return None  # 2024年 / 2025年 / 2026年 in order
    if any(_YEAR_IN_CELL_RE.search(cell) for cell in header[years[-1][0] + 1 :]):
        return None  # a year named after them: the years are not the last columns
    span = next((cell for cell in header if _SPLIT_SPAN_RE.match(cell)), None)
    rows: list[list[str]] = []
    lines: list[list[int]] = []
    i, width = numeric[0] - 1, 0
    while i < len(cells):
        texts, i = _run(cells, i, lambda cell: not _split_numeric(cell), limit=3)
        numbers, i = _run(cells, i, _split_numeric)
        if not texts or len(texts) > 2 or any(len(t) > _SPLIT_LABEL_MAX for t, _ in texts) or not numbers:
            break
        width = width or len(numbers)
        if len(numbers) != width:
            break
        rows.append(["".join(t for t, _ in texts), *(n for n, _ in numbers)])
        lines.append(sorted({texts[0][1] + 1, *(n[1] + 1 for n in numbers)}))
    named = len(years) + (1 if span else 0)
    if len(rows) < _SPLIT_MIN_ROWS or width < named:
        return None
    columns = [header[0], *([""] * (width - named)), *([span] if span else []), *(header[i] for i, _ in years)]
    return [columns, *rows], [[cells[0][1] + 1], *lines], max(line for row_lines in lines for line in row_lines)


_SERIAL_CELL_RE = re.compile(r"^\*?(\d{1,3})[.、．]?$")  # 1 / 1. / *1 (a star marks a key indicator)
_HEADING_CELL_RE = re.compile(r"^(第[一二三四五六七八九十]+[章部节篇]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])\S")
_CAPTION_CELL_RE = re.compile(r"^(附表\s*\d*|表\s*\d+|专栏\s*\d+)\s*[\u4e00-\u9fff“\"]")  # 表2 …, 附表 重点项目, 专栏3 …
_GROUP_ROW_RE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\S")  # 一、经济发展: a group row between the rows
_BRACKET_CELL_RE = re.compile(r"^[（(〔\[［][^（()）〔〕\[\]［］]+[)）〕\]］]$")  # （2025年）: a header's second line
_ATTRIBUTE_CELL_RE = re.compile(r"^(约束|预期|指导|引导|指令|导向|参考)性$")  # closing a row, no group row (a group may be 安全性)
_GROUP_CELL_MAX = 30
_SPANNING_RE = re.compile(r"值$|^指标|情况$")
_HEADER_PREFIX_RE = re.compile(r"^((19|20)\d\d年?|[“\"]?十[一二三四五六七八九]五[”\"]?(时期|期末)?)$")  # a header's first line
_VALUE_WORD_RE = re.compile(r"值|目标|完成|现状|基期|规划|预期")
_GROUP_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")  # a column name no role knows (板块), opening the header before 序号
_SERIAL_SKIP = 3  # a serial may skip a row or two (5 after 3), not jump to a value (30 after 1)
_SERIAL_CELL_MAX = 80  # a name with its note in brackets runs past the 40 characters of a stacked cell
_SERIAL_HEADER_MAX = 16


def _serial_number(cell: str) -> int | None:
    match = _SERIAL_CELL_RE.match(cell)
    return int(match.group(1)) if match else None


def _serial_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A table one cell per line whose rows open at their 序号 (the 上海市统一政策发布平台 pages as Markdown).

    The header is every column name before the first serial; how many cells a row has is read from the
    distance between serials, and a header of more lines than columns (指标值 over 现状 / 近期规划, the years
    in brackets on a line below) is folded to that width. Each row is its serial and the cells after it up to
    the next serial, so a text cell (动态调整, a sentence) or an empty one (``/``) keeps its column. A line before a
    row's serial is a group row (发展规模, 一、经济发展): it fills the group column, if the header has one; a group
    column right after the serial may be merged down its rows (_serial_rows), and cells after a full row are a
    sub-row. The table ends at a heading, a caption or the next table's 序号."""
    role = _stack_role(_stack_cell(cleaned[start]))
    if role not in ("serial", "group", "name") and not _GROUP_NAME_RE.match(_stack_cell(cleaned[start])):
        return None
    cells, _ = _stack_cells(cleaned, start, _SERIAL_CELL_MAX, sentences=True)
    first = next((k for k, (text, _) in enumerate(cells[:_SERIAL_HEADER_MAX + 1]) if _serial_number(text) is not None), None)
    if first is None or first < 3:
        return None
    head = [text for text, _ in cells[:first]]
    # 板块 / 序号 / 指标名称 …: a short column name of its own before the 序号 is the group column
    has_group = role == "group" or (role is None and _stack_role(head[1]) == "serial")
    if role is None and not has_group:
        return None
    if _stack_role(head[-1]) is None and not _BRACKET_CELL_RE.match(head[-1]) and (has_group or _GROUP_ROW_RE.match(head[-1])):
        head.pop()  # the first row's group
    body = cells[len(head) :]
    heading = next(
        (k for k, (text, _) in enumerate(body) if (_HEADING_CELL_RE.match(text) and not _is_group_cell(body, k, has_group)) or _CAPTION_CELL_RE.match(text)),
        None,
    )
    body = body[:heading]  # 二、发展目标 or 表2 / 附表 after the last row: the text goes on, the table does not
    head_roles = [_stack_role(cell) for cell in head]
    if "serial" not in head_roles or "name" not in head_roles:
        return None
    serial_column = head_roles.index("serial")
    row_width = _row_width(body, has_group)
    header = _fold_header(head, serial_column + row_width if row_width else None)
    if header is None and row_width and _merged_after_serial(head, serial_column):
        header = _fold_header(head, serial_column + row_width + 1)  # most rows lack their merged group cell
    if header is None:
        return None
    merged = 1 if _merged_after_serial(header, serial_column) else None  # 类别 / 项目 after the serial
    roles = [_stack_role(cell) or "" for cell in header]
    if has_group and not roles[0]:
        roles[0] = "group"
    if "value" not in roles and header[-1] == "目标" and "name" in roles:
        roles[-1] = "value"  # 序号 / 指标 / 单位 / 属性 / 目标: the last column holds the targets
    if "value" not in roles:
        return None
    rows: list[list[str]] = []
    lines: list[list[int]] = []
    group = ""
    i = 0
    while i < len(body):
        number = _serial_number(body[i][0])
        if number is None:
            if _is_group_cell(body, i, has_group):
                group, i = body[i][0], i + 1
                continue
            break  # a heading or a line of prose after the last row
        end = _row_end(body, i, len(header) - serial_column, number, has_group)
        lead = [group if role == "group" else "" for role in roles[:serial_column]]
        above = rows[-1][serial_column + merged] if rows and merged is not None else ""
        for row, span in _serial_rows([text for text, _ in body[i:end]], roles[serial_column:], merged, above):
            rows.append(lead + row)
            lines.append(sorted(line + 1 for _, line in body[i + span[0] : i + span[1]]))
        i = end
    if len(rows) < 2:
        return None
    last = max(line for row_lines in lines for line in row_lines)
    return [header, *rows], [[cells[0][1] + 1], *lines], last


def _row_width(body: Sequence[tuple[str, int]], has_group: bool) -> int:
    """The cells of a row, serial included: the commonest distance from a serial to the next one in sequence
    (a value cell such as 3 or 800 is not taken for a serial: only the number after the last serial is)."""
    gaps: dict[int, int] = {}
    previous: tuple[int, int] | None = None
    for k, (text, _) in enumerate(body):
        number = _serial_number(text)
        if number is None or (previous is not None and number != previous[1] + 1):
            continue
        if previous is not None and not _is_group_cell(body, k - 1, has_group):
            gaps[k - previous[0]] = gaps.get(k - previous[0], 0) + 1
        previous = (k, number)
    return max(gaps, key=lambda gap: (gaps[gap], gap)) if gaps else 0


def _fold_header(head: list[str], width: int | None) -> list[str] | None:
    """The column names of a header printed over more lines than it has columns: a run of names in brackets
    (（2025年）/（2030年）) is the second line of the names just before it; a name over several value columns
    (指标值 over 现状 / 近期规划) is dropped. None when the header does not fold to ``width`` (all the way when
    the width is not known)."""
    header = list(head)
    k = 0
    while k + 1 < len(header) and (width is None or len(header) > width):
        if _HEADER_PREFIX_RE.match(header[k]) and not _NUMBER_RE.search(header[k + 1]) and _VALUE_WORD_RE.search(header[k + 1]):
            header[k : k + 2] = [header[k] + header[k + 1]]  # 2025年 / 现状值, “十四五” / 完成值: one column
        k += 1
    brackets = [k for k, cell in enumerate(header) if _BRACKET_CELL_RE.match(cell)]
    if brackets and (width is None or len(header) > width) and brackets == list(range(brackets[0], brackets[0] + len(brackets))):
        first = brackets[0] - len(brackets)
        if first >= 0:
            for offset, k in enumerate(brackets):
                header[first + offset] += header[k]
            del header[brackets[0] : brackets[-1] + 1]
    while width is None or len(header) > width:
        values = [k for k, cell in enumerate(header) if _stack_role(cell) == "value" or _YEAR_IN_CELL_RE.search(cell)]
        over = [k for k in range(len(header) - 2) if _stack_role(header[k]) is None and {k + 1, k + 2} <= set(values)]
        named = [k for k in over if _SPANNING_RE.search(header[k])]  # 指标值 / 数值: surely a parent; 类型 only if need be
        spanning = named[0] if named else over[0] if over and width is not None else None
        if spanning is None:
            break
        del header[spanning]
    return header if width is None or len(header) == width else None


def _stack_header(cells: Sequence[tuple[str, int]]) -> tuple[list[str], list[str], int]:
    """The column names opening a stacked table, their roles and how many cells they take; ``2020年`` / ``基期值``
    broken over two lines is one column."""
    header: list[str] = []
    roles: list[str] = []
    taken = 0
    while taken < len(cells) and (role := _stack_role(cells[taken][0])) is not None:
        if roles and roles[-1] == "value" and _BARE_YEAR_RE.match(header[-1]) and role == "value" and not _NUMBER_RE.search(cells[taken][0]):
            header[-1] += cells[taken][0]  # 2020年 / 基期值: a header broken over two lines is one column
        else:
            header.append(cells[taken][0])
            roles.append(role)
        taken += 1
    return header, roles, taken


def _opens_row(body: Sequence[tuple[str, int]], i: int, number: int, has_group: bool, *, skip: bool = False) -> bool:
    """Whether the next row can start at ``i``: the serial after ``number`` (one a few later with ``skip``), a group
    row before it (or before a count restarted at 1), a note, the 序号 of the next table's header or the end of
    the cells."""
    if i >= len(body) or NOTE_RE.match(body[i][0]) or _stack_role(body[i][0]) == "serial":
        return True
    following = _serial_number(body[i][0])
    if following is None and _is_group_cell(body, i, has_group):
        following = _serial_number(body[i + 1][0])
        return following is not None and (following in (number + 1, 1) or (skip and number < following <= number + _SERIAL_SKIP))
    return following is not None and (following == number + 1 or (skip and number < following <= number + _SERIAL_SKIP))


def _is_group_cell(body: Sequence[tuple[str, int]], i: int, has_group: bool) -> bool:
    """A group row: a line before a serial, under a group column (发展规模) or numbered as one (一、经济发展)."""
    text = body[i][0]
    return (
        0 <= i < len(body) - 1
        and len(text) <= _GROUP_CELL_MAX
        and (has_group or bool(_GROUP_ROW_RE.match(text)))
        and not _ATTRIBUTE_CELL_RE.match(text)
        and not NOTE_RE.match(text)
        and not _stack_numeric(text)
        and _serial_number(text) is None
        and _serial_number(body[i + 1][0]) is not None
    )


def _row_end(body: Sequence[tuple[str, int]], start: int, width: int, number: int, has_group: bool) -> int:
    """Where the row opening at ``start`` ends: after ``width`` cells if a row opens there (its serial may skip a
    number), else at the nearest place the next serial does (a cell missing, or a name broken over two lines);
    the last row takes ``width`` cells."""
    end = start + width
    if end == len(body) or (end < len(body) and _opens_row(body, end, number, has_group, skip=True)):
        return end
    for offset in sorted(range(2, 2 * width), key=lambda n: (abs(n - width), n)):
        at = start + offset
        if (at < len(body) and _opens_row(body, at, number, has_group)) or (at == len(body) and offset < width):
            return at
    for i in range(start + 1, min(end, len(body))):
        if NOTE_RE.match(body[i][0]):
            return i
    return min(end, len(body))


def _merged_after_serial(head: Sequence[str], serial: int) -> bool:
    """Whether the column after the 序号 is a group column whose cells are merged down its rows (序号 / 类别 /
    指标名称 …): then a row one cell short of the header lacks that cell, not a value."""
    return serial + 2 < len(head) and _stack_role(head[serial + 1]) in (None, "group") and _stack_role(head[serial + 2]) == "name"


def _serial_rows(cells: list[str], roles: Sequence[str], merged: int | None, above: str) -> list[tuple[list[str], tuple[int, int]]]:
    """The row (and its sub-row) between two serials, each with the span of ``cells`` it stands on.

    When column ``merged`` is merged down a group's rows, a row holds that cell when it has every cell and its
    unit is text and its first value a number, or when the row without it reads no better; else it takes the
    one above (``above``). Cells left after a full row are a sub-row sharing its serial, group, attribute and
    unit: its name, then its last cells (a 专栏 row of two indicators under one 序号)."""
    width = len(roles)
    name, value = roles.index("name"), roles.index("value")
    unit = roles.index("unit") if "unit" in roles else None

    def fits(row: Sequence[str]) -> bool:
        return len(row) > value and _stack_numeric(row[value]) and (unit is None or not _stack_numeric(row[unit]))

    if merged is None:
        first, taken = cells[:width], width
        if len(cells) <= width or not fits(first):
            return [(_fit_row(cells, roles), (0, len(cells)))]  # short, or a name broken over two lines
    else:
        shifted = [*cells[:merged], above, *cells[merged : width - 1]]
        if len(cells) >= width and (fits(cells[:width]) or not fits(shifted)):
            first, taken = cells[:width], width
        else:
            first, taken = _fit_row(shifted, roles), width - 1
    rows = [(first, (0, min(taken, len(cells))))]
    rest = cells[taken:]
    if len(rest) >= 3 and not _stack_numeric(rest[0]) and len(rest) - 1 <= width - name - 1:
        sub = ["", *first[1:]]
        sub[name] = rest[0]
        sub[width - len(rest) + 1 :] = rest[1:]
        rows.append((sub, (taken, len(cells))))
    elif rest and merged is None:
        return [(_fit_row(cells, roles), (0, len(cells)))]
    return rows


def _fit_row(cells: list[str], roles: Sequence[str]) -> list[str]:
    """A row's cells under its header: a name broken over two lines is joined; a missing unit cell (the value
    written where the unit would be) is left empty, any other missing cell is the last."""
    width = len(roles)
    name = roles.index("name")
    while len(cells) > width:
        cells[name : name + 2] = [cells[name] + cells[name + 1]]
    if len(cells) < width and "unit" in roles:
        unit = roles.index("unit")
        if unit < len(cells) and _stack_numeric(cells[unit]):
            cells.insert(unit, "")
    return cells + [""] * (width - len(cells))


def sub_row_name(name: str, parent: str | None) -> str:
    """其中：小学 under 义务教育标准班额比例（%） → 义务教育标准班额比例（小学）（%）; a full sub-row name stays."""
    sub = SUB_ROW_RE.sub("", name)
    if len(sub) > 4 or parent is None:
        return sub
    unit = re.search(r"[（(][^（）()]*[)）]$", parent)
    return f"{parent[: unit.start()]}（{sub}）{unit.group()}" if unit else f"{parent}（{sub}）"


def _row_cells(line: str) -> list[str]:
    """The cells of a line split by ``|`` or tabs (one cell when it has neither)."""
    text = line.strip()
    if "|" in text:
        return _pipe_cells(text)
    return [cell.strip() for cell in text.split("\t")] if "\t" in text else [text]


def _label_row(cleaned: Sequence[str], i: int) -> tuple[str, str, list[str], list[int], int] | None:
    """(role, label, cells, lines, next line) of a transposed row: ``属性 | 约束性 | 预期性`` or the label alone above its cells."""
    line, below_line = cleaned[i], cleaned[i + 1] if i + 1 < len(cleaned) else ""
    if "|" not in line and "\t" not in line and "|" not in below_line and "\t" not in below_line:
        return None  # neither this line nor the next is split into cells (most lines: prose)
    cells = _row_cells(cleaned[i])
    role = _stack_role(cells[0]) if cells[0] else None
    if role is None or role == "serial":
        return None
    label = cells[0].replace(" ", "").replace("\u3000", "")
    inline = cells[1:]
    while inline and not inline[-1]:
        inline.pop()
    if inline:
        return role, label, inline, [i + 1], i + 1
    if i + 1 >= len(cleaned):
        return None
    below = _row_cells(cleaned[i + 1])
    if len(below) < 2 or _stack_role(below[0]) is not None:
        return None
    while below and not below[-1]:
        below.pop()
    return role, label, below, [i + 1, i + 2], i + 2


def _transposed_block(cleaned: Sequence[str], start: int) -> tuple[list[list[str]], list[list[int]], int] | None:
    """A table laid on its side: a row of indicator names, rows of their values below, in one strip or several."""
    strips: list[list[tuple[str, str, list[str], list[int]]]] = []
    i = start
    while i < len(cleaned):
        found = _label_row(cleaned, i)
        if found is None:
            break
        role, label, cells, lines, i = found
        if role == "name":
            strips.append([])
        elif not strips:
            return None
        strips[-1].append((role, label, cells, lines))
    header: list[str] = []
    for strip in strips:
        header += [label for _, label, _, _ in strip if label not in header]
    rows: list[list[str]] = []
    row_lines: list[list[int]] = []
    for strip in strips:
        names = strip[0][2]
        values = [cells for role, _, cells, _ in strip if role == "value"]
        if not values or any(len(cells) != len(names) for cells in values):
            return None
        if sum(1 for cells in values for cell in cells if _NUMBER_RE.search(cell)) < len(names):
            return None  # a value row holds numbers: names over names are no table
        for column, name in enumerate(names):
            row = [""] * len(header)
            for _, label, cells, _ in strip:
                if column < len(cells):
                    row[header.index(label)] = cells[column]
            row[header.index(strip[0][1])] = name
            rows.append(row)
            row_lines.append(sorted({line for _, _, _, lines in strip for line in lines}))
    if not rows:
        return None
    return [header, *rows], [[start + 1], *row_lines], i


def _is_cell_line(raw: str, cleaned: str) -> bool:
    text = cleaned.strip()
    return raw.startswith("\t") and bool(_CELL_LINE_RE.match(raw.rstrip("\r"))) and 0 < len(text) <= _MAX_CELL_CHARS and "。" not in text


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
            and not _CELL_STOP_RE.search(cleaned[i])
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
    if UNIT_LINE_RE.match(text):
        # 单位：万吨 between the caption and the header: part of the caption (its rows' unit).
        above = _caption_before(cleaned, j, taken)
        return (above[0], f"{above[1]} {text}") if above else (j, text)
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
    header, body, body_lines = list(rows[0]), [list(r) for r in rows[1:]], [list(x) for x in lines[1:]]
    if body and _continues_header(body[0]):
        # A header row continued below (2020年 over 基期值; a merged cell repeated by the reader): one header.
        more = body.pop(0)
        body_lines.pop(0)
        header = [h + m if m and m != h else h for h, m in zip(header + [""] * (len(more) - len(header)), more + [""] * (len(header) - len(more)), strict=True)]
    width = max(len(r) for r in [header, *body])
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


def _continues_header(cells: Sequence[str]) -> bool:
    """A row of column names only, one a value column's (基期值 / 目标值 / 2025年): the header's second line."""
    named = [cell for cell in cells if cell]
    roles = [_stack_role(cell) for cell in named]
    return bool(named) and None not in roles and "value" in roles


def _has_gaps(rows: list[list[str]], column: int) -> bool:
    values = [r[column] for r in rows]
    return bool(values) and bool(values[0]) and any(not v for v in values) and not all(v.isdigit() for v in values if v)
