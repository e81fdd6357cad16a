"""Evidence as pages and reports quote it: the source line cleaned of markup and PDF spacing
(the cleaner that reads documents, so a quote reads as the text was parsed), a table row by its
cells with the row's label rather than its ordinal. Line numbers are kept by the callers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.ingest.normalise import clean_line
from planwatch.models import Evidence

_CELL_SPLIT_RE = re.compile(r" \| |\t")


def table_row_quote(text: str) -> str:
    """A table row's cells joined with "，", without a leading row number (光明's 表1 "1 | 全社会… | %")."""
    cells = [c.strip() for c in _CELL_SPLIT_RE.split(text) if c.strip()]
    return "，".join(c for n, c in enumerate(cells) if not (n == 0 and c.isdigit()))


def evidence_quote(evidence: Evidence, source_lines: Sequence[str]) -> str:
    """What to show for one evidence line: the table row it belongs to, or the cleaned source line."""
    if evidence.source == "table" or " | " in evidence.text:
        return table_row_quote(evidence.text)
    raw = source_lines[evidence.line - 1] if 0 < evidence.line <= len(source_lines) else evidence.text
    return clean_line(raw).strip() or evidence.text
