"""Typed results of the operations, one set of pydantic models for the API and the CLI's ``--json``.

Each ``*Out`` model has ``of(...)`` building it from what :class:`planwatch.core.Planwatch`
returns; the API declares it as ``response_model`` (so /docs shows its schema) and the CLI prints
``model.model_dump(mode="json")``: the same operation gives the same JSON in both.
Statuses and kinds are English enums here; their Chinese labels are for pages, reports and tables.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from pydantic import BaseModel, TypeAdapter

from planwatch.compare.consistency import Finding
from planwatch.extract.statements import StatementKind, StatementScope
from planwatch.models import (
    TASK_STATUSES,
    Narrative,
    Observation,
    PlanInfo,
    ReviewState,
    Section,
    Target,
    TargetKind,
    TargetReview,
    TargetScope,
    TaskEntry,
    User,
)
from planwatch.monitor import progress
from planwatch.monitor.tasks import NO_ENTRY
from planwatch.search.query import Hit
from planwatch.store.proposals import Proposal, ProposalStatus

if TYPE_CHECKING:
    from planwatch.compare.coverage import Coverage
    from planwatch.compare.fields import FieldRow
    from planwatch.compare.matrix import Matrix
    from planwatch.core import PlanTargets, SectionText
    from planwatch.monitor.assessment import PlanAssessment, TargetAssessment
    from planwatch.monitor.entry import ImportReport
    from planwatch.monitor.proposals import ProposalReport
    from planwatch.monitor.series import YearValue
    from planwatch.monitor.tasks import ChapterSummary, TaskStatus
    from planwatch.search.answer import Answer

T = TypeVar("T")


class _Labelled(StrEnum):
    """An English value with the Chinese label people read."""

    @property
    def label(self) -> str:
        return _LABELS[(type(self), self.value)]

    @classmethod
    def of(cls, label: str) -> Self:
        """The value whose Chinese label is ``label``."""
        return cls(_BY_LABEL[(cls, label)])


class ProgressStatus(_Labelled):
    ACHIEVED = "achieved"
    AHEAD = "ahead"
    FAST = "faster_than_expected"
    ON_TRACK = "on_track"
    MAINTAINED = "maintained"
    OVERSHOOT = "above_band"
    LAGGING = "lagging"
    SEVERELY_LAGGING = "severely_lagging"
    MISSED = "missed"
    OSDG_ACHIEVED = "opensdg_achieved"
    OSDG_ON_TRACK = "opensdg_on_track"
    OSDG_MODERATE = "opensdg_moderate"
    OSDG_LIMITED = "opensdg_limited"
    OSDG_DETERIORATION = "opensdg_deterioration"
    OSDG_NONE = "opensdg_not_computable"
    TARGET_ONLY = "target_only"
    INCOMPLETE = "incomplete_data"
    NOT_UPDATED = "not_updated_to_target_year"
    NO_DATA = "no_data"
    NOT_SCORED = "not_scored"


class ProjectionStatus(_Labelled):
    WILL_MEET = "expected_to_meet"
    AT_RISK = "at_risk"
    WILL_MISS = "not_expected"
    WILL_OVERSHOOT = "expected_above_band"


class TaskState(_Labelled):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"
    ADJUSTED = "adjusted"
    NO_ENTRY = "no_entry"


class Direction(_Labelled):
    INCREASE = "increase"
    DECREASE = "decrease"
    BAND = "band"


_NOT_STARTED, _IN_PROGRESS, _DONE, _LATE, _ADJUSTED = TASK_STATUSES
_LABEL_PAIRS: tuple[tuple[_Labelled, str], ...] = (
    (ProgressStatus.ACHIEVED, progress.ACHIEVED),
    (ProgressStatus.AHEAD, progress.AHEAD),
    (ProgressStatus.FAST, progress.FAST),
    (ProgressStatus.ON_TRACK, progress.ON_TRACK),
    (ProgressStatus.MAINTAINED, progress.MAINTAINED),
    (ProgressStatus.OVERSHOOT, progress.OVERSHOOT),
    (ProgressStatus.LAGGING, progress.LAGGING),
    (ProgressStatus.SEVERELY_LAGGING, progress.SEVERE),
    (ProgressStatus.MISSED, progress.MISSED),
    (ProgressStatus.OSDG_ACHIEVED, progress.OSDG_ACHIEVED),
    (ProgressStatus.OSDG_ON_TRACK, progress.OSDG_ON_TRACK),
    (ProgressStatus.OSDG_MODERATE, progress.OSDG_MODERATE),
    (ProgressStatus.OSDG_LIMITED, progress.OSDG_LIMITED),
    (ProgressStatus.OSDG_DETERIORATION, progress.OSDG_DETERIORATION),
    (ProgressStatus.OSDG_NONE, progress.OSDG_NONE),
    (ProgressStatus.TARGET_ONLY, progress.TARGET_ONLY),
    (ProgressStatus.INCOMPLETE, progress.INCOMPLETE),
    (ProgressStatus.NOT_UPDATED, progress.NOT_UPDATED),
    (ProgressStatus.NO_DATA, progress.NO_DATA),
    (ProgressStatus.NOT_SCORED, progress.NOT_SCORED),
    (ProjectionStatus.WILL_MEET, progress.WILL_MEET),
    (ProjectionStatus.AT_RISK, progress.AT_RISK),
    (ProjectionStatus.WILL_MISS, progress.WILL_MISS),
    (ProjectionStatus.WILL_OVERSHOOT, progress.WILL_OVERSHOOT),
    (TaskState.NOT_STARTED, _NOT_STARTED),
    (TaskState.IN_PROGRESS, _IN_PROGRESS),
    (TaskState.DONE, _DONE),
    (TaskState.LATE, _LATE),
    (TaskState.ADJUSTED, _ADJUSTED),
    (TaskState.NO_ENTRY, NO_ENTRY),
    (Direction.INCREASE, "提高"),
    (Direction.DECREASE, "降低"),
    (Direction.BAND, "区间"),
)
# Keyed by enum type: two enums may share a value (TargetKind and Direction both have "decrease").
_LABELS: dict[tuple[type, str], str] = {(type(v), v.value): label for v, label in _LABEL_PAIRS}
_BY_LABEL: dict[tuple[type, str], str] = {(type(v), label): v.value for v, label in _LABEL_PAIRS}


def dump(value: Any, kind: Any = None) -> Any:
    """``value`` as JSON-ready data: a model by its schema, a dataclass or list by ``kind``."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return TypeAdapter(kind if kind is not None else type(value)).dump_python(value, mode="json")


class Page(BaseModel, Generic[T]):
    """A slice of a long list (the API pages; the CLI prints every item)."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, found: list[T], limit: int, offset: int) -> Page[T]:
        return cls(items=found[offset : offset + limit], total=len(found), limit=limit, offset=offset)


class VersionOut(BaseModel):
    number: int
    file_name: str
    format: str
    encoding: str | None
    checksum: str
    size: int
    ingested_at: datetime


@dataclass(frozen=True)
class PlanDetail(PlanInfo):
    """A plan with every stored version."""

    versions: list[VersionOut] = field(default_factory=list)


class Line(BaseModel):
    line: int
    text: str


class SectionOut(BaseModel):
    section: Section
    lines: list[Line]

    @classmethod
    def of(cls, found: SectionText) -> SectionOut:
        return cls(section=found.section, lines=[Line(line=n, text=t) for n, t in found.lines])


class EvidenceOut(BaseModel):
    line: int
    text: str
    source: str


class TargetOut(BaseModel):
    number: int
    indicator: str
    indicator_key: str | None
    value: float | None
    value_high: float | None
    unit: str
    target_year: int | None
    kind: TargetKind
    qualifier: str | None
    direction: Direction
    attribute: str | None
    baseline_value: float | None
    baseline_year: int | None
    placeholder: bool
    qualitative: bool
    scope: TargetScope
    source: str
    section_path: str | None
    evidence: list[EvidenceOut]
    raw: str
    confidence: float
    review: ReviewState
    extracted: TargetOut | None = None  # as extracted, when an editor corrected it

    @classmethod
    def of(cls, number: int, target: Target) -> TargetOut:
        fields = asdict(target)
        fields.pop("extracted")
        extracted = cls.of(number, target.extracted) if target.extracted is not None else None
        return cls(number=number, **fields, extracted=extracted)


class TargetsOut(BaseModel):
    plan: str
    targets: list[TargetOut]
    warnings: list[str]

    @classmethod
    def of(cls, found: PlanTargets) -> TargetsOut:
        rows = [TargetOut.of(n, t) for n, t in enumerate(found.targets, start=1)]
        return cls(plan=found.plan.key, targets=rows, warnings=list(found.plan.warnings))


class StatementOut(BaseModel):
    id: int | None
    value: float
    source_url: str


class SeriesPoint(BaseModel):
    year: int
    value: float
    observation_id: int | None
    source: str
    source_url: str
    illustrative: bool
    conflict: bool
    statements: list[StatementOut]


class RatedTarget(BaseModel):
    number: int
    indicator: str
    indicator_key: str | None
    series_key: str | None
    unit: str
    target: str
    target_year: int | None
    evidence_lines: list[int]
    status: ProgressStatus
    status_label: str
    explanation: str
    method: str
    year: int | None
    actual: float | None
    baseline: float | None
    baseline_year: int | None
    baseline_observed: bool
    completion: float | None
    expected: float | None
    ratio: float | None
    projection: float | None
    projection_status: ProjectionStatus | None
    met: bool
    maintain: bool
    review: ReviewState
    illustrative: bool
    series: list[SeriesPoint]


class TaskOut(BaseModel):
    path: str
    title: str
    kind: str
    status: TaskState
    status_label: str
    overdue: bool
    history: list[TaskEntry]

    @classmethod
    def of(cls, s: TaskStatus) -> TaskOut:
        return cls(
            path=s.section.path,
            title=f"{s.section.label}{s.section.title}",
            kind=s.section.kind,
            status=TaskState.of(s.status),
            status_label=s.status,
            overdue=s.overdue,
            history=list(s.history),
        )


class ChapterOut(BaseModel):
    chapter: str
    counts: dict[TaskState, int]
    overdue: int
    total: int

    @classmethod
    def of(cls, c: ChapterSummary) -> ChapterOut:
        return cls(chapter=c.chapter, counts={TaskState.of(k): v for k, v in c.counts.items()}, overdue=c.overdue, total=c.total)


class TasksOut(BaseModel):
    plan: str
    as_of: date
    tasks: list[TaskOut]
    summary: list[ChapterOut]

    @classmethod
    def of(cls, plan: PlanInfo, as_of: date, statuses: list[TaskStatus], *, entered_only: bool = False) -> TasksOut:
        """Every task (or only those with entries) and the counts per chapter of all of them."""
        from planwatch.monitor.tasks import summarise_tasks

        shown = [s for s in statuses if s.history or not entered_only]
        summary = [ChapterOut.of(c) for c in summarise_tasks(statuses)]
        return cls(plan=plan.key, as_of=as_of, tasks=[TaskOut.of(s) for s in shown], summary=summary)


class AssessmentOut(BaseModel):
    plan: str
    title: str
    region: str | None
    year: int
    method: str
    counts: dict[ProgressStatus, int]
    published_counts: dict[ProgressStatus, int]  # without values resting on 示例数据
    rejected: int  # targets an editor rejected, left out of ``targets``
    targets: list[RatedTarget]
    tasks: list[TaskOut]
    task_summary: list[ChapterOut]

    @classmethod
    def of(cls, result: PlanAssessment) -> AssessmentOut:
        return cls(
            plan=result.plan.key,
            title=result.plan.title,
            region=result.plan.region,
            year=result.year,
            method=result.rules.method,
            counts={ProgressStatus.of(k): v for k, v in result.counts.items()},
            published_counts={ProgressStatus.of(k): v for k, v in result.published_counts.items()},
            rejected=result.rejected,
            targets=[_rated(t) for t in result.targets],
            tasks=[TaskOut.of(s) for s in result.tasks],
            task_summary=[ChapterOut.of(c) for c in result.task_summary],
        )


def _rated(t: TargetAssessment) -> RatedTarget:
    a = t.assessment
    fields = asdict(a)
    fields.pop("status")
    fields.pop("projection_status")
    return RatedTarget(
        number=t.number,
        indicator=t.target.indicator,
        indicator_key=t.target.indicator_key,
        series_key=t.series_key,
        unit=t.target.unit,
        target=progress.target_text(t.target),
        target_year=t.target.target_year,
        evidence_lines=list(t.target.lines),
        status=ProgressStatus.of(a.status),
        status_label=a.status,
        review=t.target.review,
        projection_status=ProjectionStatus.of(a.projection_status) if a.projection_status else None,
        illustrative=t.illustrative,
        series=[_point(y) for y in t.series],
        **fields,
    )


def _point(y: YearValue) -> SeriesPoint:
    return SeriesPoint(
        year=y.year,
        value=y.value,
        observation_id=getattr(y.chosen, "id", None),
        source=y.chosen.source,
        source_url=y.chosen.source_url,
        illustrative=y.illustrative,
        conflict=y.conflict,
        statements=[StatementOut(id=getattr(s, "id", None), value=s.value, source_url=s.source_url) for s in y.statements],
    )


class ConflictOut(BaseModel):
    region: str
    indicator_key: str | None
    year: int
    values: list[float]

    @classmethod
    def of(cls, c: YearValue) -> ConflictOut:
        return cls(region=c.chosen.region, indicator_key=c.chosen.indicator_key, year=c.year, values=[s.value for s in c.statements])


class SkippedRow(BaseModel):
    line: int | None
    reason: str


class UnmappedRow(BaseModel):
    line: int | None
    name: str
    hint: str


class ImportOut(BaseModel):
    path: str
    added: list[int]
    tasks_added: list[int]
    narratives_added: list[int]
    skipped: list[SkippedRow]
    unmapped: list[UnmappedRow]
    corroborated: int
    conflicts: list[ConflictOut]
    regions_without_plan: list[str]

    @classmethod
    def of(cls, report: ImportReport, path: str | None = None) -> ImportOut:
        return cls(
            path=path or report.path,
            added=report.added,
            tasks_added=report.tasks_added,
            narratives_added=report.narratives_added,
            skipped=[SkippedRow(line=line, reason=why) for line, why in report.skipped],
            unmapped=[UnmappedRow(line=line, name=name, hint=hint) for line, name, hint in report.unmapped],
            corroborated=report.corroborated,
            conflicts=[ConflictOut.of(c) for c in report.conflicts],
            regions_without_plan=report.regions_without_plan,
        )


class CandidateOut(BaseModel):
    key: str
    name: str
    score: float


class ProposalOut(BaseModel):
    """An observation proposed from a bulletin or report, and its decision."""

    id: int
    status: ProposalStatus
    region: str
    indicator_name: str
    indicator_key: str | None
    candidates: list[CandidateOut]
    year: int | None
    value: float
    unit: str
    value_raw: str
    unit_raw: str
    kind: StatementKind
    scope: StatementScope
    quote: str
    line: int
    file_name: str
    source: str
    source_url: str
    observation_id: int | None
    decided_by: str | None
    note: str

    @classmethod
    def of(cls, p: Proposal) -> ProposalOut:
        fields = {name: getattr(p, name) for name in cls.model_fields if name != "candidates"}
        return cls(**fields, candidates=[CandidateOut(key=k, name=n, score=s) for k, n, s in p.candidates])


class ProposalsOut(BaseModel):
    """What reading one file proposed, with its proposals still pending."""

    path: str
    file_hash: str
    region: str
    year: int | None
    statements: int
    new: int
    pending_before: int
    accepted_before: int
    rejected_before: int
    pending: list[ProposalOut]

    @classmethod
    def of(cls, report: ProposalReport, pending: list[Proposal], path: str | None = None) -> ProposalsOut:
        b = report.batch
        return cls(
            path=path or report.path,
            file_hash=report.file_hash,
            region=report.region,
            year=report.year,
            statements=len(report.statements),
            new=len(b.new),
            pending_before=b.pending,
            accepted_before=b.accepted_before,
            rejected_before=b.rejected_before,
            pending=[ProposalOut.of(p) for p in pending],
        )


class AddedObservation(BaseModel):
    observation: Observation
    conflicts: list[ConflictOut]


class MatrixCell(BaseModel):
    target: str
    value: float | None
    qualifier: str | None
    unit: str
    year: int | None
    baseline: float | None
    baseline_year: int | None
    latest: float | None
    latest_year: int | None
    status: ProgressStatus
    status_label: str
    evidence_lines: list[int]


class MatrixRowOut(BaseModel):
    indicator_key: str
    name: str
    unit: str
    cells: dict[str, MatrixCell]


class PlanBrief(BaseModel):
    key: str
    title: str
    region: str | None
    level: str | None
    parent: str | None


class CompareOut(BaseModel):
    year: int
    plans: list[PlanBrief]
    rows: list[MatrixRowOut]
    findings: list[Finding]

    @classmethod
    def of(cls, matrix: Matrix, findings: list[Finding]) -> CompareOut:
        rows = [
            MatrixRowOut(
                indicator_key=r.indicator_key,
                name=r.name,
                unit=r.unit,
                cells={
                    key: MatrixCell(
                        target=progress.target_text(t.target),
                        value=t.target.value,
                        qualifier=t.target.qualifier,
                        unit=t.target.unit,
                        year=t.target.target_year,
                        baseline=t.target.baseline_value,
                        baseline_year=t.target.baseline_year,
                        latest=t.assessment.actual,
                        latest_year=t.assessment.year,
                        status=ProgressStatus.of(t.assessment.status),
                        status_label=t.assessment.status,
                        evidence_lines=list(t.target.lines),
                    )
                    for key, t in r.cells.items()
                },
            )
            for r in matrix.rows
        ]
        plans = [PlanBrief(key=p.key, title=p.title, region=p.region, level=p.level, parent=p.parent) for p in matrix.plans]
        return cls(year=matrix.year, plans=plans, rows=rows, findings=findings)


class CoverageMatch(BaseModel):
    score: float
    covered: bool
    section: str
    title: str
    lines: list[int]
    passage: str


class CoverageTask(BaseModel):
    path: str
    title: str
    lines: list[int]
    best: dict[str, CoverageMatch]


class CoverageOut(BaseModel):
    city: str | None  # None: no stored plan has plans below it
    threshold: float
    districts: list[str]
    share: dict[str, float]
    tasks: list[CoverageTask]

    @classmethod
    def of(cls, coverage: Coverage) -> CoverageOut:
        from planwatch.compare.coverage import THRESHOLD

        return cls(
            city=coverage.city.key if coverage.city else None,
            threshold=THRESHOLD,
            districts=[d.key for d in coverage.districts],
            share={d.key: round(coverage.share(d.key), 4) for d in coverage.districts},
            tasks=[
                CoverageTask(
                    path=t.task.path,
                    title=f"{t.task.label}{t.task.title}",
                    lines=[t.task.start_line, t.task.end_line],
                    best={
                        key: CoverageMatch(
                            score=round(m.score, 4),
                            covered=t.covered_by(key),
                            section=m.section.path,
                            title=f"{m.section.label}{m.section.title}",
                            lines=[m.section.start_line, m.section.end_line],
                            passage=m.passage,
                        )
                        for key, m in t.best.items()
                    },
                )
                for t in coverage.tasks
            ],
        )


class FieldOut(BaseModel):
    category: str
    label: str
    counts: dict[str, int]
    first_lines: dict[str, int]


class FieldsOut(BaseModel):
    plans: list[str]
    fields: list[FieldOut]

    @classmethod
    def of(cls, plans: list[PlanInfo], rows: list[FieldRow]) -> FieldsOut:
        return cls(plans=[p.key for p in plans], fields=[FieldOut(**asdict(r)) for r in rows])


@dataclass(frozen=True)
class HitOut(Hit):
    """A search hit with its snippet both as marked-up HTML and as text (【…】 marks the words)."""

    snippet_text: str = ""
    snippet_html: str = ""

    @classmethod
    def of(cls, h: Hit) -> HitOut:
        return cls(**asdict(h), snippet_text=h.snippet_text, snippet_html=h.snippet_html)


class SearchOut(BaseModel):
    query: str
    hits: list[HitOut]

    @classmethod
    def of(cls, query: str, hits: list[Hit]) -> SearchOut:
        return cls(query=query, hits=[HitOut.of(h) for h in hits])


class CitationOut(BaseModel):
    plan_key: str
    plan_title: str
    section: str
    lines: list[int]
    text: str
    narrative_id: int | None = None  # set when the statement comes from an evaluator's narrative
    label: str


class AnswerOut(BaseModel):
    question: str
    text: str
    kind: str
    citations: list[CitationOut]
    rephrased: bool

    @classmethod
    def of(cls, answer: Answer) -> AnswerOut:
        citations = [CitationOut(**asdict(c), label=str(c)) for c in answer.citations]
        return cls(question=answer.question, text=answer.text, kind=answer.kind, citations=citations, rephrased=answer.rephrased)


class ReviewedTarget(BaseModel):
    """A target after an editor's decision, as it now reads."""

    number: int
    target: TargetOut


class Created(BaseModel):
    """A record stored by a write (a narrative, a task entry)."""

    id: int


class NarrativesOut(BaseModel):
    plan: str
    narratives: list[Narrative]


class ReviewsOut(BaseModel):
    plan: str
    reviews: list[TargetReview]


class MeOut(BaseModel):
    user: User | None
    csrf_token: str
