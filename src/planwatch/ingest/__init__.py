"""Reading plan documents into structured plans (outline, tables, paragraphs)."""

from planwatch.ingest.metadata import apply_overrides, infer_metadata, load_manifest
from planwatch.ingest.pipeline import parse_document, parse_source
from planwatch.ingest.readers import read_document

__all__ = ["apply_overrides", "infer_metadata", "load_manifest", "parse_document", "parse_source", "read_document"]
