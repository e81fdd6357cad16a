"""The REST API under /api/v1: thin handlers over the same functions the CLI calls."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from planwatch.extract.catalog import load_catalog
from planwatch.models import CORRECTABLE, NarrativeField, ReviewDecision, SubjectKind, TargetKind
from planwatch.monitor.assessment import assess_plan, plan_assessment_dict
from planwatch.monitor.entry import add_observation, add_task_progress, correct_observation, import_file, withdraw_observation
from planwatch.monitor.narratives import narrative_input
from planwatch.monitor.rules import load_rules
from planwatch.monitor.tasks import task_statuses
from planwatch.report import FORMATS, write_report
from planwatch.report.content import evaluation_kind
from planwatch.review import review_target
from planwatch.safety import slug
from planwatch.store import find_section, get_plan, get_sections, get_source_text, get_tables, get_targets, list_plans, list_versions
from planwatch.store.accounts import list_audit
from planwatch.store.evaluation import MAX_NARRATIVE, add_narratives, current_narratives, list_narratives, list_snapshots, save_snapshot
from planwatch.store.monitoring import get_observation, list_observations, list_task_entries, observation_history
from planwatch.web.cache import remember
from planwatch.web.deps import DB, AdminUser, ApiEditor, CurrentUser, RecordId, cached_json, csrf_token, page
from planwatch.web.uploads import saved_upload

router = APIRouter(prefix="/api/v1", tags=["planwatch"])
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]
Year = Annotated[int, Query(ge=2000, le=2100, description="Evaluation year (mid-term 2023, final 2025).")]
Method = Annotated[str, Query(pattern="^(ratio|opensdg)$")]


class ObservationIn(BaseModel):
    region: str = Field(examples=["南山区"])
    indicator: str = Field(description="Catalog key or the indicator's name", examples=["pct_applications"])
    year: int
    value: str = Field(description="The number as the source prints it", examples=["0.95"])
    unit: str = Field("", examples=["万件"])
    source: str = ""
    source_url: str = ""
    quote: str = ""
    note: str = ""


class CorrectionIn(BaseModel):
    value: str
    unit: str | None = None
    reason: str = Field(min_length=1)


class WithdrawalIn(BaseModel):
    reason: str = Field(min_length=1)


class TargetReviewIn(BaseModel):
    """An editor's decision; for ``corrected``, the fields given replace the target's (null clears)."""

    decision: ReviewDecision
    value: float | None = None
    value_high: float | None = None
    unit: str | None = Field(None, max_length=20)
    target_year: int | None = None
    kind: TargetKind | None = None
    indicator_key: str | None = Field(None, max_length=100)
    qualifier: str | None = Field(None, max_length=20)
    note: str = Field("", max_length=2000)


class NarrativeIn(BaseModel):
    subject: str = Field(description="Indicator (number, catalog key or name) or task (path, label or title fragment)", examples=["2"])
    task: bool = Field(False, description="The subject is a task or 专栏 project")
    field: NarrativeField = NarrativeField.REASONS
    text: str = Field(min_length=1, max_length=MAX_NARRATIVE)


class TaskEntryIn(BaseModel):
    section: str = Field(description="Path (3.1.2), label (专栏3) or title fragment")
    status: str = Field(examples=["推进中"])
    entry_date: date | None = Field(None, alias="date")
    department: str = ""
    milestone: str = ""
    due: date | None = None
    note: str = ""
    evidence_url: str = ""


@router.get("/me")
def me(request: Request, user: CurrentUser) -> dict[str, Any]:
    """The signed-in user, and the CSRF token a browser session sends with writes (X-CSRF-Token)."""
    return {"user": asdict(user) if user else None, "csrf_token": csrf_token(request)}


@router.get("/plans")
def plans(
    request: Request,
    db: DB,
    level: str | None = None,
    region: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    found = [p for p in list_plans(db) if (level is None or p.level == level) and (region is None or p.region == region)]
    return cached_json(request, page(len(found), limit, offset, [asdict(p) for p in found[offset : offset + limit]]))


@router.get("/plans/{ref}")
def plan(
    request: Request,
    db: DB,
    ref: str,
) -> Response:
    return cached_json(request, asdict(get_plan(db, ref)) | {"versions": list_versions(db, ref)})


@router.get("/plans/{ref}/outline")
def outline(request: Request, db: DB, ref: str, version: int | None = None) -> Response:
    return cached_json(request, [asdict(s) for s in get_sections(db, ref, version)])


@router.get("/plans/{ref}/sections/{path}")
def section(request: Request, db: DB, ref: str, path: str, version: int | None = None) -> Response:
    found = find_section(get_sections(db, ref, version), path)
    lines = get_source_text(db, ref, version).split("\n")
    text = [{"line": n, "text": lines[n - 1]} for n in range(found.start_line, found.end_line + 1)]
    return cached_json(request, {"section": asdict(found), "lines": text})


@router.get("/plans/{ref}/targets")
def targets(request: Request, db: DB, ref: str, version: int | None = None) -> Response:
    info = get_plan(db, ref)
    found = [asdict(t) | {"number": n} for n, t in enumerate(get_targets(db, ref, version), start=1)]
    return cached_json(request, {"plan": info.key, "targets": found, "warnings": list(info.warnings)})


@router.post("/plans/{ref}/targets/{number}/review")
def review(db: DB, user: ApiEditor, ref: str, number: int, body: TargetReviewIn) -> dict[str, Any]:
    """Confirm, reject or correct target ``number`` (as listed by ``/targets``); audited."""
    corrections = body.model_dump(mode="json", include=set(CORRECTABLE) & body.model_fields_set)
    target = review_target(db, ref, number, body.decision, corrections=corrections, note=body.note, decided_by=user.username)
    return {"number": number, "target": asdict(target)}


@router.get("/plans/{ref}/tables")
def tables(request: Request, db: DB, ref: str, version: int | None = None) -> Response:
    return cached_json(request, [asdict(t) for t in get_tables(db, ref, version)])


@router.get("/plans/{ref}/assessment")
def assessment(request: Request, db: DB, ref: str, year: Year = 2023, method: Method = "ratio") -> Response:
    return cached_json(request, plan_assessment_dict(assess_plan(db, ref, year, load_rules(method=method))))


@router.get("/plans/{ref}/tasks")
def tasks(request: Request, db: DB, ref: str, as_of: date | None = None) -> Response:
    key = get_plan(db, ref).key
    statuses = task_statuses(get_sections(db, key), list_task_entries(db, key), as_of or date.today())
    rows = [
        {
            "path": s.section.path,
            "title": f"{s.section.label}{s.section.title}",
            "status": s.status,
            "overdue": s.overdue,
            "history": [asdict(e) for e in s.history],
        }
        for s in statuses
    ]
    return cached_json(request, rows)


@router.post("/plans/{ref}/tasks", status_code=201)
def add_task(
    db: DB,
    user: ApiEditor,
    ref: str,
    body: TaskEntryIn,
) -> dict[str, Any]:
    entry_id = add_task_progress(
        db,
        ref,
        body.section,
        status=body.status,
        entry_date=body.entry_date,
        department=body.department,
        milestone=body.milestone,
        due=body.due,
        note=body.note,
        evidence_url=body.evidence_url,
        entered_by=user.username,
    )
    return {"id": entry_id}


@router.get("/plans/{ref}/narratives")
def narratives(request: Request, db: DB, ref: str, history: bool = False) -> Response:
    every = list_narratives(db, get_plan(db, ref).key)
    shown = every if history else [n for fields in current_narratives(every).values() for n in fields.values()]
    return cached_json(request, [asdict(n) for n in shown])


@router.post("/plans/{ref}/narratives", status_code=201)
def add_narrative(db: DB, user: ApiEditor, ref: str, body: NarrativeIn) -> dict[str, Any]:
    kind = SubjectKind.TASK if body.task else SubjectKind.TARGET
    (narrative_id,) = add_narratives(db, [narrative_input(db, ref, kind, body.subject, body.field, body.text)], entered_by=user.username)
    return {"id": narrative_id}


@router.get("/plans/{ref}/snapshots")
def snapshots(request: Request, db: DB, ref: str) -> Response:
    found = list_snapshots(db, get_plan(db, ref).key)
    return cached_json(request, [asdict(s) | {"payload": None} for s in found])


@router.post("/plans/{ref}/snapshots", status_code=201)
def freeze(db: DB, user: ApiEditor, ref: str, year: Year = 2023, method: Method = "ratio") -> dict[str, Any]:
    result = assess_plan(db, ref, year, load_rules(method=method))
    snapshot = save_snapshot(db, result.plan.key, year, method, plan_assessment_dict(result), issued_by=user.username)
    return {"id": snapshot.id, "issued_at": snapshot.issued_at.isoformat()}


@router.get("/plans/{ref}/report", response_class=FileResponse)
def report(
    db: DB,
    ref: str,
    year: Year = 2023,
    fmt: Annotated[str, Query(alias="format")] = "docx",
    method: Method = "ratio",
) -> FileResponse:
    if fmt not in FORMATS:
        raise HTTPException(422, f"format must be one of {', '.join(FORMATS)}")
    result = assess_plan(db, ref, year, load_rules(method=method))
    # A private folder (mode 0700), removed after the download or at once if writing fails; the
    # file inside is named from a slug of the key, never from the key as stored.
    folder = Path(tempfile.mkdtemp(prefix="planwatch-report-"))
    try:
        stem = f"{slug(result.plan.key) or 'report'}-{year}"
        path = write_report(result, folder / f"{stem}.{fmt}", fmt)
        if fmt == "md":  # Markdown and its chart folder travel as one zip
            import shutil

            path = Path(shutil.make_archive(str(folder / f"{stem}-md"), "zip", folder))
    except BaseException:
        _remove(folder)
        raise
    filename = f"{result.plan.title}{year}年{evaluation_kind(result)}报告.{path.suffix.lstrip('.')}"
    return FileResponse(path, filename=filename, background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@router.get("/catalog")
def catalog(request: Request) -> Response:
    return cached_json(request, [asdict(i) for i in load_catalog().values()])


@router.get("/observations")
def observations(
    request: Request,
    db: DB,
    region: str | None = None,
    indicator: str | None = None,
    unmapped: bool = False,
    history: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    found = list_observations(
        db,
        regions=[region] if region else None,
        indicator_keys=[indicator] if indicator else None,
        unmapped=unmapped,
        include_history=history,
    )
    return cached_json(request, page(len(found), limit, offset, [asdict(o) for o in found[offset : offset + limit]]))


@router.get("/observations/{observation_id}")
def observation(
    request: Request,
    db: DB,
    observation_id: RecordId,
) -> Response:
    return cached_json(request, asdict(get_observation(db, observation_id)))


@router.get("/observations/{observation_id}/history")
def history(
    request: Request,
    db: DB,
    observation_id: RecordId,
) -> Response:
    return cached_json(request, [asdict(o) for o in observation_history(db, observation_id)])


@router.post("/observations", status_code=201)
def create_observation(
    db: DB,
    user: ApiEditor,
    body: ObservationIn,
) -> dict[str, Any]:
    field = "indicator_key" if body.indicator in load_catalog() else "indicator"
    row = body.model_dump() | {field: body.indicator}
    if field == "indicator_key":
        row.pop("indicator")
    created, conflicts = add_observation(db, row, entered_by=user.username)
    return {
        "observation": asdict(created),
        "conflicts": [{"year": c.year, "value": c.value, "statements": [s.value for s in c.statements]} for c in conflicts],
    }


@router.post("/observations/{observation_id}/correct")
def correct(
    db: DB,
    user: ApiEditor,
    observation_id: RecordId,
    body: CorrectionIn,
) -> dict[str, Any]:
    return asdict(correct_observation(db, observation_id, value=body.value, unit=body.unit, reason=body.reason, entered_by=user.username))


@router.post("/observations/{observation_id}/withdraw")
def withdraw(
    db: DB,
    user: ApiEditor,
    observation_id: RecordId,
    body: WithdrawalIn,
) -> dict[str, Any]:
    return asdict(withdraw_observation(db, observation_id, reason=body.reason, entered_by=user.username))


@router.post("/observations/import", status_code=201)
async def import_observations(
    db: DB,
    user: ApiEditor,
    file: Annotated[UploadFile, File(description="CSV or XLSX, e.g. a filled-in template")],
    keep_unmapped: bool = False,
) -> dict[str, Any]:
    async with saved_upload(file) as path:
        report = await run_in_threadpool(import_file, db, path, entered_by=user.username, keep_unmapped=keep_unmapped)
    return {
        "added": len(report.added),
        "tasks_added": len(report.tasks_added),
        "narratives_added": len(report.narratives_added),
        "skipped": [{"line": line, "reason": why} for line, why in report.skipped],
        "unmapped": [{"line": line, "name": name, "hint": hint} for line, name, hint in report.unmapped],
        "conflicts": [
            {"region": c.chosen.region, "indicator_key": c.chosen.indicator_key, "year": c.year, "values": [s.value for s in c.statements]}
            for c in report.conflicts
        ],
    }


@router.get("/audit")
def audit_log(request: Request, db: DB, _admin: AdminUser, limit: Limit = 100, offset: Offset = 0) -> Response:
    entries, total = list_audit(db, limit=limit, offset=offset)
    return cached_json(request, page(total, limit, offset, [asdict(e) for e in entries]))


@router.get("/compare")
def compare(request: Request, db: DB, year: Year = 2023) -> Response:
    from planwatch.compare.consistency import check_consistency
    from planwatch.compare.export import matrix_dict
    from planwatch.compare.matrix import indicator_matrix

    matrix = indicator_matrix(db, year)
    return cached_json(request, matrix_dict(matrix, check_consistency(matrix)))


@router.get("/compare/coverage")
def coverage(request: Request, db: DB) -> Response:
    from planwatch.compare.coverage import task_coverage
    from planwatch.compare.export import coverage_dict

    return cached_json(request, remember(db, "coverage", lambda: coverage_dict(task_coverage(db))))


@router.get("/compare/fields")
def fields(request: Request, db: DB) -> Response:
    from planwatch.compare.export import fields_dict
    from planwatch.compare.fields import fields_matrix

    return cached_json(request, remember(db, "fields", lambda: fields_dict(*fields_matrix(db))))


@router.get("/entities")
def entities(
    request: Request,
    db: DB,
    plan: str | None = None,
    kind: Annotated[str | None, Query(alias="type")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    from planwatch.api import plan_entities

    found = [e for e in remember(db, f"entities:{plan}", lambda: plan_entities(db, plan)) if kind is None or e.type == kind]
    return cached_json(request, page(len(found), limit, offset, [asdict(e) for e in found[offset : offset + limit]]))


@router.get("/search")
def search_plans(
    request: Request,
    db: DB,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    plan: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    limit: Limit = 20,
) -> Response:
    from planwatch.search.query import search

    hits = search(db, q, plan=plan, level=level, kind=kind, limit=limit)
    return cached_json(
        request, {"query": q, "hits": [asdict(h) | {"snippet_html": h.snippet_html, "snippet_text": h.snippet_text} for h in hits]}
    )


@router.get("/ask")
def ask_question(
    request: Request,
    db: DB,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    plan: str | None = None,
    level: str | None = None,
    region: str | None = None,
) -> Response:
    from planwatch.search.answer import ask

    answer = ask(db, q, plan=plan, level=level, region=region)
    return cached_json(request, asdict(answer) | {"citations": [asdict(c) | {"label": str(c)} for c in answer.citations]})
