"""Read → clean → tables → paragraphs → outline → metadata: one document to a ParsedPlan."""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest.metadata import infer_metadata
from planwatch.ingest.normalise import clean_lines, find_chrome, find_repeated_body, find_toc, join_paragraphs
from planwatch.ingest.outline import build_outline
from planwatch.ingest.readers import html_source_as_text, read_document
from planwatch.ingest.tables import find_tables
from planwatch.models import ParsedPlan, PlanMeta, SourceDocument


def parse_source(source: SourceDocument, meta: PlanMeta | None = None) -> ParsedPlan:
    """Structure a document already read; ``meta`` replaces the inferred metadata."""
    raw = source.lines
    cleaned = clean_lines(raw)
    toc = find_toc(cleaned) | find_chrome(cleaned)
    repeated, repeat_warning = find_repeated_body(cleaned, toc)
    toc |= repeated
    tables, table_lines = find_tables(cleaned, raw, skip=toc)
    paragraphs = join_paragraphs(cleaned, raw, skip=toc | table_lines)
    sections = build_outline(paragraphs, tables, raw)
    if meta is None:
        meta = infer_metadata(paragraphs, tables, fallback_title=Path(source.path).stem, lines=["" if i in toc else line for i, line in enumerate(cleaned)])
    warnings = tuple(f"表{t.ordinal}（第{t.start_line}行“{t.title}”）：{note}" for t in tables for note in t.notes if "缺失" in note)
    if repeat_warning:
        warnings = (repeat_warning, *warnings)
    return ParsedPlan(
        meta=meta, source=source, paragraphs=tuple(paragraphs), sections=tuple(sections), tables=tuple(tables), warnings=warnings
    )


def parse_document(path: str | Path, meta: PlanMeta | None = None, *, max_bytes: int | None = None) -> ParsedPlan:
    """Read and structure one plan document."""
    return parse_source(read_document(path, max_bytes=max_bytes), meta)


def parse_text(text: str, *, name: str = "text.txt", meta: PlanMeta | None = None) -> ParsedPlan:
    """Structure text given directly (a passage, a pasted document) as if read from a .txt file."""
    import hashlib

    data = text.encode("utf-8")
    text = html_source_as_text(text)
    source = SourceDocument(
        path=name, format="txt", encoding="utf-8", text=text, checksum=hashlib.sha256(data).hexdigest(), size=len(data)
    )
    return parse_source(source, meta)
