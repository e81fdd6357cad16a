"""JSON-ready forms of the comparisons, shared by the CLI and the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from planwatch.compare.consistency import Finding
from planwatch.compare.coverage import THRESHOLD, Coverage
from planwatch.compare.fields import FieldRow
from planwatch.compare.matrix import Matrix
from planwatch.models import PlanInfo
from planwatch.monitor.progress import target_text


def matrix_dict(matrix: Matrix, findings: list[Finding]) -> dict[str, Any]:
    return {
        "year": matrix.year,
        "plans": [{"key": p.key, "title": p.title, "region": p.region, "level": p.level, "parent": p.parent} for p in matrix.plans],
        "rows": [
            {
                "indicator_key": r.indicator_key,
                "name": r.name,
                "unit": r.unit,
                "cells": {
                    key: {
                        "target": target_text(t.target),
                        "value": t.target.value,
                        "qualifier": t.target.qualifier,
                        "unit": t.target.unit,
                        "year": t.target.target_year,
                        "baseline": t.target.baseline_value,
                        "baseline_year": t.target.baseline_year,
                        "latest": t.assessment.actual,
                        "latest_year": t.assessment.year,
                        "status": t.assessment.status,
                        "evidence_lines": list(t.target.lines),
                    }
                    for key, t in r.cells.items()
                },
            }
            for r in matrix.rows
        ],
        "findings": [asdict(f) for f in findings],
    }


def coverage_dict(coverage: Coverage) -> dict[str, Any]:
    return {
        "city": coverage.city.key,
        "threshold": THRESHOLD,
        "districts": [d.key for d in coverage.districts],
        "share": {d.key: round(coverage.share(d.key), 4) for d in coverage.districts},
        "tasks": [
            {
                "path": t.task.path,
                "title": f"{t.task.label}{t.task.title}",
                "lines": [t.task.start_line, t.task.end_line],
                "best": {
                    key: {
                        "score": round(m.score, 4),
                        "covered": t.covered_by(key),
                        "section": m.section.path,
                        "title": f"{m.section.label}{m.section.title}",
                        "lines": [m.section.start_line, m.section.end_line],
                        "passage": m.passage,
                    }
                    for key, m in t.best.items()
                },
            }
            for t in coverage.tasks
        ],
    }


def fields_dict(plans: list[PlanInfo], rows: list[FieldRow]) -> dict[str, Any]:
    return {"plans": [p.key for p in plans], "fields": [asdict(r) for r in rows]}
