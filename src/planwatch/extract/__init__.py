"""Extraction: numbers and units, targets from tables and prose, the indicator catalog, scoring."""

from planwatch.extract.catalog import load_catalog, map_indicator
from planwatch.extract.numbers import parse_quantity
from planwatch.extract.targets import extract_targets

__all__ = ["extract_targets", "load_catalog", "map_indicator", "parse_quantity"]
