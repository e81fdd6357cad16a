"""Rules that keep what a user enters from becoming a script, a formula or a path.

Input: text without control characters, links only http(s), plan keys from a slug alphabet.
Output: spreadsheet cells that cannot start a formula, Markdown that cannot carry HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from planwatch.errors import InputError

# C0 controls other than tab, newline and carriage return, DEL and the C1 controls: they break
# the Word and Excel files (XML 1.0 forbids most of them) and are never part of a real figure.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Letters and digits of any script (Chinese keys are fine), "_" and "-": no dots, slashes or spaces.
_PLAN_KEY = re.compile(r"\w[\w-]{0,99}")
# OWASP CSV/formula injection: a cell starting with one of these may be run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def control_character(text: str) -> str | None:
    """The first control character in ``text`` as ``U+XXXX``, or ``None``."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def text_problems(fields: Mapping[str, Any]) -> list[str]:
    """One message per field (named in Chinese) whose text holds a control character."""
    problems = []
    for label, value in fields.items():
        if isinstance(value, str) and (bad := control_character(value)):
            problems.append(f"“{label}”含有不可见的控制字符 {bad}，请删除后再提交")
    return problems


def url_problem(label: str, url: str) -> str | None:
    """Why ``url`` cannot be stored as a link (only http and https with a host), or ``None``."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not control_character(url) and " " not in url:
        return None
    return f"“{label}”须为以 http:// 或 https:// 开头的网址，收到 {url[:60]!r}"


def check_plan_key(key: str) -> str:
    """``key`` if it is a slug (letters or digits of any script, ``_``, ``-``; at most 100), else an error."""
    if not _PLAN_KEY.fullmatch(key):
        raise InputError(f"规划代码 {key[:60]!r} 无效：只能使用字母、数字、汉字、“_”和“-”（不含“.”“/”和空格），不超过 100 个字符")
    return key


def slug(text: str) -> str:
    """A plan key made from a title: runs of anything outside the slug alphabet become one "-"."""
    return re.sub(r"[^\w-]+", "-", text).strip("-")[:100]


def spreadsheet_cell(value: Any) -> Any:
    """A text that would start a formula gets OWASP's leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_workbook(workbook: Any) -> None:
    """Apply :func:`spreadsheet_cell` to every cell of an openpyxl workbook (openpyxl stores a
    text starting with "=" as a live formula), so nothing entered runs when the file is opened."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                    cell.value = spreadsheet_cell(cell.value)


def spreadsheet_text(value: str) -> str:
    """A cell read back from a workbook this program wrote: the apostrophe it added is removed."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def markdown_text(text: str) -> str:
    """Entered text for a Markdown file: HTML is shown as text, never rendered."""
    return html.escape(text, quote=False)


def safe_link(url: str) -> str:
    """``url`` if it is an http(s) link, else "" (links stored before the input check)."""
    return url if url_problem("", url) is None else ""
