"""The REST API under /api/v1: thin handlers over the application object the CLI uses.

Every route declares its result model (``response_model``), so /docs shows real schemas; the CLI's
``--json`` prints the same models.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from planwatch.core import Planwatch
from planwatch.extract.catalog import Indicator
from planwatch.extract.entities import Entity
from planwatch.extract.statements import StatementKind
from planwatch.models import (
    CORRECTABLE,
    AuditEntry,
    NarrativeField,
    Observation,
    PlanInfo,
    ReviewDecision,
    Section,
    SnapshotInfo,
    SubjectKind,
    Table,
    TargetKind,
    User,
)
from planwatch.report import FORMATS
from planwatch.report.content import evaluation_kind
from planwatch.results import (
    AddedObservation,
    AnswerOut,
    AssessmentOut,
    CompareOut,
    ConflictOut,
    CoverageOut,
    Created,
    FieldsOut,
    ImportOut,
    MeOut,
    NarrativesOut,
    Page,
    PlanDetail,
    ProposalOut,
    ProposalsOut,
    ReviewedTarget,
    SearchOut,
    SectionOut,
    TargetOut,
    TargetsOut,
    TasksOut,
    VersionOut,
)
from planwatch.safety import slug
from planwatch.store.evaluation import MAX_NARRATIVE
from planwatch.store.proposals import ProposalStatus
from planwatch.web.deps import PW, AdminUser, CurrentUser, EditorUser, Plan, RecordId, cached_json, csrf_token, session_csrf
from planwatch.web.uploads import DOCUMENTS, saved_upload


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    """Every error of the API has this shape."""

    error: ErrorBody


router = APIRouter(
    prefix="/api/v1",
    tags=["planwatch"],
    dependencies=[Depends(session_csrf)],
    responses={code: {"model": ErrorOut} for code in (401, 403, 404, 422)},
)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]
Year = Annotated[
    int | None, Query(ge=2000, le=2100, description="Evaluation year (default: the last year with statistics, within the plan period).")
]
Method = Annotated[str | None, Query(pattern="^(ratio|opensdg)$", description="Progress method (default: the rules setting).")]


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


ProposalIdList = Annotated[list[int], Field(min_length=1, max_length=5000, description="Proposal numbers")]


class ProposalAcceptIn(BaseModel):
    ids: ProposalIdList
    keep_unmapped: bool = Field(False, description="Accept names the catalog lacks (kept unmapped) instead of failing")


class ProposalRejectIn(BaseModel):
    ids: ProposalIdList
    note: str = Field("", max_length=2000)


class ProposalEditIn(BaseModel):
    """An editor's correction of a pending proposal: only the fields given change (indicator_key "-" unmaps)."""

    region: str | None = Field(None, min_length=1, max_length=100)
    indicator_name: str | None = Field(None, min_length=1, max_length=200)
    indicator_key: str | None = Field(None, max_length=100)
    year: int | None = Field(None, ge=1900, le=2100)
    value_raw: str | None = Field(None, min_length=1, max_length=50)
    unit_raw: str | None = Field(None, max_length=20)
    kind: StatementKind | None = None


class TaskEntryIn(BaseModel):
    section: str = Field(description="Path (3.1.2), label (专栏3) or title fragment")
    status: str = Field(examples=["推进中"])
    entry_date: date | None = Field(None, alias="date")
    department: str = ""
    milestone: str = ""
    due: date | None = None
    note: str = ""
    evidence_url: str = ""


@router.get("/me", response_model=MeOut)
def me(request: Request, user: CurrentUser) -> MeOut:
    """The signed-in user, and the CSRF token a browser session sends with writes (X-CSRF-Token)."""
    return MeOut(user=user, csrf_token=csrf_token(request))


@router.get("/plans", response_model=Page[PlanInfo])
def plans(request: Request, pw: PW, level: str | None = None, region: str | None = None, limit: Limit = 50, offset: Offset = 0) -> Response:
    return cached_json(request, Page[PlanInfo].of(pw.plans(level=level, region=region), limit, offset))


@router.get("/plans/{ref}", response_model=PlanDetail)
def plan(request: Request, pw: PW, info: Plan) -> Response:
    versions = [VersionOut.model_validate(v) for v in pw.versions(info)]
    return cached_json(request, PlanDetail(**{f: getattr(info, f) for f in info.__dataclass_fields__}, versions=versions))


@router.get("/plans/{ref}/outline", response_model=list[Section])
def outline(request: Request, pw: PW, info: Plan, version: int | None = None, depth: int | None = None) -> Response:
    return cached_json(request, [s for s, _ in pw.outline(info, version, depth)], list[Section])


@router.get("/plans/{ref}/sections/{path}", response_model=SectionOut)
def section(request: Request, pw: PW, info: Plan, path: str, version: int | None = None) -> Response:
    return cached_json(request, SectionOut.of(pw.section(info, path, version)))


@router.get("/plans/{ref}/targets", response_model=TargetsOut)
def targets(request: Request, pw: PW, info: Plan, version: int | None = None) -> Response:
    return cached_json(request, TargetsOut.of(pw.targets(info, version)))


@router.post("/plans/{ref}/targets/{number}/review", response_model=ReviewedTarget)
def review(pw: PW, user: EditorUser, info: Plan, number: int, body: TargetReviewIn) -> ReviewedTarget:
    """Confirm, reject or correct target ``number`` (as listed by ``/targets``); audited."""
    corrections = body.model_dump(mode="json", include=set(CORRECTABLE) & body.model_fields_set)
    target = pw.review_target(info, number, body.decision, corrections=corrections, note=body.note, user=user)
    return ReviewedTarget(number=number, target=TargetOut.of(number, target))


@router.get("/plans/{ref}/tables", response_model=list[Table])
def tables(request: Request, pw: PW, info: Plan, version: int | None = None) -> Response:
    return cached_json(request, pw.tables(info, version), list[Table])


@router.get("/plans/{ref}/assessment", response_model=AssessmentOut)
def assessment(request: Request, pw: PW, info: Plan, year: Year = None, method: Method = None) -> Response:
    return cached_json(request, AssessmentOut.of(pw.assess(info, year, pw.rules_for(method))))


@router.get("/plans/{ref}/tasks", response_model=TasksOut)
def tasks(request: Request, pw: PW, info: Plan, as_of: date | None = None) -> Response:
    as_of = as_of or pw.today
    return cached_json(request, TasksOut.of(info, as_of, pw.task_statuses(info, as_of)))


@router.post("/plans/{ref}/tasks", status_code=201, response_model=Created)
def add_task(pw: PW, user: EditorUser, info: Plan, body: TaskEntryIn) -> Created:
    entry_id = pw.add_task_progress(
        info.key,
        body.section,
        status=body.status,
        entry_date=body.entry_date,
        department=body.department,
        milestone=body.milestone,
        due=body.due,
        note=body.note,
        evidence_url=body.evidence_url,
        user=user,
    )
    return Created(id=entry_id)


@router.get("/plans/{ref}/narratives", response_model=NarrativesOut)
def narratives(request: Request, pw: PW, info: Plan, history: bool = False) -> Response:
    return cached_json(request, NarrativesOut(plan=info.key, narratives=pw.narratives(info, history=history)))


@router.post("/plans/{ref}/narratives", status_code=201, response_model=Created)
def add_narrative(pw: PW, user: EditorUser, info: Plan, body: NarrativeIn) -> Created:
    kind = SubjectKind.TASK if body.task else SubjectKind.TARGET
    return Created(id=pw.add_narrative(info, kind, body.subject, body.field, body.text, user=user))


@router.get("/plans/{ref}/snapshots", response_model=list[SnapshotInfo])
def snapshots(request: Request, pw: PW, info: Plan) -> Response:
    """The evaluations issued for the plan (without the frozen ratings)."""
    return cached_json(request, [s.info() for s in pw.snapshots(info)], list[SnapshotInfo])


@router.post("/plans/{ref}/snapshots", status_code=201, response_model=SnapshotInfo)
def freeze(pw: PW, user: EditorUser, info: Plan, year: Year = None, method: Method = None) -> SnapshotInfo:
    return pw.freeze(info, year, pw.rules_for(method), user=user).info()


REPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "md": "application/zip",
}


@router.get(
    "/plans/{ref}/report",
    response_class=FileResponse,
    responses={200: {"content": {t: {"schema": {"type": "string", "format": "binary"}} for t in REPORT_TYPES.values()}}},
)
def report(
    pw: PW,
    info: Plan,
    year: Year = None,
    fmt: Annotated[str, Query(alias="format")] = "docx",
    method: Method = None,
) -> FileResponse:
    """The evaluation report as a file (Markdown with its charts as a zip)."""
    if fmt not in FORMATS:
        raise HTTPException(422, f"报告格式须为 {'、'.join(FORMATS)} 之一")
    result = pw.assess(info, year, pw.rules_for(method))
    # A private folder (mode 0700), removed after the download or at once if writing fails; the
    # file inside is named from a slug of the key, never from the key as stored.
    folder = Path(tempfile.mkdtemp(prefix="planwatch-report-"))
    try:
        stem = f"{slug(result.plan.key) or 'report'}-{result.year}"
        path = pw.write_report(result, folder / f"{stem}.{fmt}", fmt)
        if fmt == "md":  # Markdown and its chart folder travel as one zip
            import shutil

            path = Path(shutil.make_archive(str(folder / f"{stem}-md"), "zip", folder))
    except BaseException:
        _remove(folder)
        raise
    filename = f"{result.plan.title}{result.year}年{evaluation_kind(result)}报告.{path.suffix.lstrip('.')}"
    return FileResponse(path, filename=filename, media_type=REPORT_TYPES[fmt], background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@router.get("/catalog", response_model=list[Indicator])
def catalog(request: Request, pw: PW) -> Response:
    return cached_json(request, list(pw.catalog.values()), list[Indicator])


@router.get("/observations", response_model=Page[Observation])
def observations(
    request: Request,
    pw: PW,
    region: str | None = None,
    indicator: str | None = None,
    unmapped: bool = False,
    history: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    found = pw.observations(
        regions=[region] if region else None,
        indicator_keys=[indicator] if indicator else None,
        unmapped=unmapped,
        include_history=history,
    )
    return cached_json(request, Page[Observation].of(found, limit, offset))


@router.get("/observations/{observation_id}", response_model=Observation)
def observation(request: Request, pw: PW, observation_id: RecordId) -> Response:
    return cached_json(request, pw.observation(observation_id))


@router.get("/observations/{observation_id}/history", response_model=list[Observation])
def history(request: Request, pw: PW, observation_id: RecordId) -> Response:
    return cached_json(request, pw.observation_history(observation_id), list[Observation])


@router.post("/observations", status_code=201, response_model=AddedObservation)
async def create_observation(pw: PW, user: EditorUser, body: ObservationIn) -> AddedObservation:
    # the write in one hop to the thread pool: a plain route's answer is checked in a second one, and
    # under data entry each hop waits for the worker's GIL behind the readers
    return await run_in_threadpool(_create_observation, pw, user, body)


def _create_observation(pw: Planwatch, user: User, body: ObservationIn) -> AddedObservation:
    row = pw.observation_row(body.indicator, **body.model_dump(exclude={"indicator"}))
    created, conflicts = pw.add_observation(row, user=user)
    return AddedObservation(observation=created, conflicts=[ConflictOut.of(c) for c in conflicts])


@router.post("/observations/{observation_id}/correct", response_model=Observation)
def correct(pw: PW, user: EditorUser, observation_id: RecordId, body: CorrectionIn) -> Observation:
    return pw.correct_observation(observation_id, value=body.value, unit=body.unit, reason=body.reason, user=user)


@router.post("/observations/{observation_id}/withdraw", response_model=Observation)
def withdraw(pw: PW, user: EditorUser, observation_id: RecordId, body: WithdrawalIn) -> Observation:
    return pw.withdraw_observation(observation_id, reason=body.reason, user=user)


@router.post("/observations/import", status_code=201, response_model=ImportOut)
async def import_observations(
    pw: PW,
    user: EditorUser,
    file: Annotated[UploadFile, File(description="CSV or XLSX, e.g. a filled-in template")],
    keep_unmapped: bool = False,
) -> ImportOut:
    async with saved_upload(file) as path:
        report = await run_in_threadpool(pw.import_file, path, user=user, keep_unmapped=keep_unmapped)
    return ImportOut.of(report, path=file.filename or path.name)


@router.get("/proposals", response_model=list[ProposalOut])
def proposals(
    pw: PW,
    _user: EditorUser,
    status: ProposalStatus = ProposalStatus.PENDING,
    file: Annotated[str | None, Query(max_length=64, pattern="^[0-9a-f]+$", description="The file's content hash")] = None,
) -> list[ProposalOut]:
    """Observations proposed from bulletins and reports (editors only: they are not data yet)."""
    return [ProposalOut.of(p) for p in pw.proposals(file_hash=file, status=status)]


@router.post("/proposals/extract", status_code=201, response_model=ProposalsOut)
async def extract_proposals(
    pw: PW,
    user: EditorUser,
    file: Annotated[UploadFile, File(description="A bulletin or report: txt, md, html, docx or pdf")],
    region: Annotated[str | None, Query(max_length=100, description="The document's region (default: from its title)")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="The year it reports on")] = None,
    source_url: Annotated[str, Query(max_length=2000)] = "",
) -> ProposalsOut:
    """Read an uploaded file: its statements become pending proposals (never data until accepted)."""
    async with saved_upload(file, DOCUMENTS) as path:
        report = await run_in_threadpool(
            pw.propose_observations, path, region=region, year=year, source_url=source_url, user=user
        )
    waiting = pw.proposals(file_hash=report.file_hash, status=ProposalStatus.PENDING)
    return ProposalsOut.of(report, waiting, path=file.filename or path.name)


@router.post("/proposals/accept", response_model=ImportOut)
def accept_proposals(pw: PW, user: EditorUser, body: ProposalAcceptIn) -> ImportOut:
    """Accept proposals as observations: checked like an import, all or nothing."""
    return ImportOut.of(pw.accept_proposals(body.ids, keep_unmapped=body.keep_unmapped, user=user))


@router.post("/proposals/reject", response_model=list[ProposalOut])
def reject_proposals(pw: PW, user: EditorUser, body: ProposalRejectIn) -> list[ProposalOut]:
    """Reject proposals; the same file will not propose them again."""
    return [ProposalOut.of(p) for p in pw.reject_proposals(body.ids, note=body.note, user=user)]


@router.post("/proposals/{proposal_id}/edit", response_model=ProposalOut)
def edit_proposal(pw: PW, user: EditorUser, proposal_id: RecordId, body: ProposalEditIn) -> ProposalOut:
    """Correct a pending proposal before accepting it; a new value or unit as printed is converted again."""
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise HTTPException(422, "没有要修改的字段")
    return ProposalOut.of(pw.edit_proposal(proposal_id, changes, user=user))


@router.get("/audit", response_model=Page[AuditEntry])
def audit_log(request: Request, pw: PW, _admin: AdminUser, limit: Limit = 100, offset: Offset = 0) -> Response:
    entries, total = pw.audit(limit=limit, offset=offset)
    return cached_json(request, Page[AuditEntry](items=entries, total=total, limit=limit, offset=offset))


@router.get("/compare", response_model=CompareOut)
def compare(request: Request, pw: PW, year: Year = None) -> Response:
    return cached_json(request, CompareOut.of(*pw.compare(year)))


@router.get("/compare/coverage", response_model=CoverageOut)
def coverage(request: Request, pw: PW) -> Response:
    return cached_json(request, CoverageOut.of(pw.coverage()))


@router.get("/compare/fields", response_model=FieldsOut)
def fields(request: Request, pw: PW) -> Response:
    return cached_json(request, FieldsOut.of(*pw.fields()))


@router.get("/entities", response_model=Page[Entity])
def entities(
    request: Request,
    pw: PW,
    plan: str | None = None,
    kind: Annotated[str | None, Query(alias="type")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return cached_json(request, Page[Entity].of(pw.entities(plan, kind), limit, offset))


@router.get("/search", response_model=SearchOut)
def search_plans(
    request: Request,
    pw: PW,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    plan: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    limit: Limit = 20,
) -> Response:
    return cached_json(request, SearchOut.of(q, pw.search(q, plan=plan, level=level, kind=kind, limit=limit)))


@router.get("/ask", response_model=AnswerOut)
def ask_question(
    request: Request,
    pw: PW,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    plan: str | None = None,
    level: str | None = None,
    region: str | None = None,
) -> Response:
    return cached_json(request, AnswerOut.of(pw.ask(q, plan=plan, level=level, region=region)))
