"""Plain data passed between the layers (ingest → extract → store → present).

Line numbers are 1-based and refer to the document's source text: the file itself for
txt/md, the extracted text for html/docx/pdf (stored with the plan, so it can be shown).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True)
class SourceDocument:
    """A document read from disk: its text and where it came from."""

    path: str
    format: str
    encoding: str | None
    text: str
    checksum: str
    size: int

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class PlanMeta:
    """What a plan is: from a manifest, the command line, or inferred from its text."""

    title: str
    region: str | None = None
    level: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    status: str = "final"
    issuer: str | None = None
    parent: str | None = None
    key: str | None = None
    source_file: str | None = None
    note: str | None = None
    published: int | None = None  # the year of the document's own date, where it names one
    kind: str = "plan"  # plan, work_report, action_plan, implementation_plan, annual_plan, mid_term_review, bulletin, policy, other


@dataclass(frozen=True)
class Paragraph:
    """A logical line after normalisation; may join several source lines.

    ``segments`` maps character offsets in ``text`` back to source lines: each entry is
    ``(offset, line)`` and holds until the next entry's offset.
    """

    text: str
    segments: tuple[tuple[int, int], ...]
    indented: bool = False

    @property
    def start_line(self) -> int:
        return self.segments[0][1]

    @property
    def end_line(self) -> int:
        return self.segments[-1][1]

    def line_at(self, offset: int) -> int:
        """The source line holding the character at ``offset`` of ``text``."""
        offsets = [o for o, _ in self.segments]
        return self.segments[max(bisect_right(offsets, offset) - 1, 0)][1]

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(line for _, line in self.segments)


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    """A table rebuilt from the text: header, rows of raw cell text, caption and notes."""

    ordinal: int
    title: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    start_line: int
    end_line: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A node of a plan's outline.

    ``level`` comes from the numbering style: 第X章 0, 一、 1, （一） 2, 1. 3, （1） 4.
    Boxes (专栏), their projects, goal bullets (——) and tables sit one level below
    the heading that holds them.
    """

    ordinal: int
    path: str
    parent: int | None
    level: int
    kind: str
    label: str
    title: str
    start_line: int
    end_line: int
    inline: bool = False
    table: int | None = None


@dataclass(frozen=True)
class ParsedPlan:
    meta: PlanMeta
    source: SourceDocument
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class PlanPeriod:
    """What data entry checks years against: a plan's region and period."""

    key: str
    region: str | None
    period_start: int | None
    period_end: int | None


@dataclass(frozen=True)
class PlanInfo:
    """A stored plan and its latest version, as listed to users."""

    id: int
    key: str
    title: str
    region: str | None
    level: str | None
    parent: str | None
    period_start: int | None
    period_end: int | None
    status: str
    issuer: str | None
    source_file: str | None
    version: int
    version_count: int
    file_name: str
    format: str
    checksum: str
    section_count: int
    table_count: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreResult:
    """What ingesting one file did: ``new`` plan, ``updated`` (new version) or ``unchanged``."""

    key: str
    title: str
    version: int
    status: str


class TargetKind(StrEnum):
    LEVEL = "level"
    INCREMENT = "increment"  # 新增
    CUMULATIVE = "cumulative"  # 累计
    ANNUAL_GROWTH = "annual_growth"  # 年均增长
    DECREASE = "decrease"  # 下降
    RATIO_CHANGE = "ratio_change"  # 提高N个百分点
    MULTIPLE = "multiple"  # 翻一番


KIND_LABELS = {
    TargetKind.LEVEL: "水平值",
    TargetKind.INCREMENT: "新增",
    TargetKind.CUMULATIVE: "累计",
    TargetKind.ANNUAL_GROWTH: "年均增长",
    TargetKind.DECREASE: "下降",
    TargetKind.RATIO_CHANGE: "提高百分点",
    TargetKind.MULTIPLE: "倍数",
}


class ReviewState(StrEnum):
    """Where a target stands with the officer who confirms the framework."""

    AUTO = "auto"  # sure enough, nobody decided
    PENDING = "pending"  # 待确认: confidence below the review threshold, nobody decided
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    CORRECTED = "corrected"


class TargetScope(StrEnum):
    """Whose target it is: the plan's own, or another document's quoted as context (never rated)."""

    PLAN = "plan"
    EXTERNAL = "external"


SCOPE_LABELS = {TargetScope.PLAN: "", TargetScope.EXTERNAL: "引用其他文件的目标"}


class ReviewDecision(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    CORRECTED = "corrected"


REVIEW_LABELS = {
    ReviewState.AUTO: "",
    ReviewState.PENDING: "待确认",
    ReviewState.CONFIRMED: "已确认",
    ReviewState.REJECTED: "已驳回",
    ReviewState.CORRECTED: "已更正",
}


class PlanLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    COUNTY = "county"


LEVEL_LABELS = {
    PlanLevel.NATIONAL: "国家级",
    PlanLevel.PROVINCE: "省级",
    PlanLevel.CITY: "市级",
    PlanLevel.DISTRICT: "区级",
    PlanLevel.COUNTY: "县级",
}
PLAN_STATUS_LABELS = {"draft": "初稿", "final": "正式稿"}


class SectionKind(StrEnum):
    CHAPTER = "chapter"
    SECTION = "section"
    SUBSECTION = "subsection"
    ITEM = "item"
    BOX = "box"
    PROJECT = "project"
    GOAL = "goal"
    TABLE = "table"
    PREFACE = "preface"
    APPENDIX = "appendix"


SECTION_KIND_LABELS = {
    SectionKind.CHAPTER: "章",
    SectionKind.SECTION: "节",
    SectionKind.SUBSECTION: "小节",
    SectionKind.ITEM: "任务",
    SectionKind.BOX: "专栏",
    SectionKind.PROJECT: "专栏项目",
    SectionKind.GOAL: "目标条目",
    SectionKind.TABLE: "表格",
    SectionKind.PREFACE: "前言",
    SectionKind.APPENDIX: "附录",
}
# What an editor may correct, in the order they are asked for.
CORRECTABLE = ("value", "value_high", "unit", "target_year", "kind", "indicator_key", "qualifier")


@dataclass(frozen=True)
class Evidence:
    """A source line that states (part of) a target, with the text shown to users."""

    line: int
    text: str
    source: str  # "table" or "prose"


@dataclass(frozen=True)
class Target:
    """An indicator target the plan sets, with every line that states it."""

    indicator: str
    value: float | None
    unit: str
    target_year: int | None
    kind: str = "level"  # a TargetKind
    qualifier: str | None = None
    value_high: float | None = None
    direction: str = "increase"
    attribute: str | None = None  # 预期性 / 约束性
    baseline_value: float | None = None
    baseline_year: int | None = None
    placeholder: bool = False
    qualitative: bool = False
    scope: TargetScope = TargetScope.PLAN
    source: str = "prose"  # table, prose or both
    indicator_key: str | None = None
    section_path: str | None = None
    evidence: tuple[Evidence, ...] = ()
    raw: str = ""
    confidence: float = 1.0  # how sure the reader is that this is a target (tables: 1.0)
    review: ReviewState = ReviewState.AUTO  # set when read from the store (store/reviews.py)
    extracted: Target | None = None  # the target as extracted, when an editor corrected it

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(e.line for e in self.evidence)

    @property
    def rated(self) -> bool:
        """Rejected targets, and targets another document sets (quoted as context), are never rated."""
        return self.review != ReviewState.REJECTED and self.scope == TargetScope.PLAN

    @property
    def aspirational(self) -> bool:
        """力争: the plan says it will strive for it. Reported as such, rated the same."""
        return any("力争" in e.text for e in self.evidence)


@dataclass(frozen=True)
class TargetReview:
    """An editor's decision on a target as extracted (named by its fingerprint, so it holds for
    the same target in any version of the plan). The latest decision wins; older ones are history."""

    id: int
    plan_key: str
    fingerprint: str
    decision: ReviewDecision
    corrections: dict[str, object]  # CORRECTABLE fields an editor set (corrected decisions only)
    note: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class HistoricalResult:
    """A row of a previous-plan completion table (十三五完成情况), cells kept as printed."""

    indicator: str
    unit: str | None
    target_raw: str
    actual_raw: str
    target_year: int | None
    actual_year: int | None
    status: str | None
    line: int
    group: str | None = None


@dataclass(frozen=True, kw_only=True)
class ObservationInput:
    """An actual value as a source states it, converted to the catalog unit.

    ``indicator_key`` is ``None`` for a name the catalog lacks (kept, reported as unmapped).
    """

    region: str
    indicator_key: str | None
    indicator_name: str
    year: int
    value: float
    unit: str
    value_raw: str
    unit_raw: str
    source: str = ""
    source_url: str = ""
    quote: str = ""
    note: str = ""
    illustrative: bool = False  # 示例数据: made up for the demo, shown as such everywhere
    line: int | None = None  # line (or row) of the import file


@dataclass(frozen=True, kw_only=True)
class Observation(ObservationInput):
    """A stored observation; corrections are new versions that supersede it."""

    id: int
    entered_by: str
    entered_at: datetime
    batch: str | None = None
    version: int = 1
    supersedes_id: int | None = None
    current: bool = True
    withdrawn: bool = False


TASK_STATUSES = ("未启动", "推进中", "已完成", "滞后", "调整")


@dataclass(frozen=True, kw_only=True)
class TaskEntryInput:
    """A dated progress entry for a task or 专栏 project (a section of the plan)."""

    plan_key: str
    section_path: str
    section_title: str
    entry_date: date
    status: str
    department: str = ""
    milestone: str = ""
    due: date | None = None
    note: str = ""
    evidence_url: str = ""
    illustrative: bool = False


@dataclass(frozen=True, kw_only=True)
class TaskEntry(TaskEntryInput):
    id: int
    entered_by: str
    entered_at: datetime


class NarrativeField(StrEnum):
    """What an evaluator writes about an indicator or a task; ``label`` is what a report prints."""

    REASONS = "reasons"
    MEASURES = "measures"
    NEXT_STEPS = "next_steps"

    @property
    def label(self) -> str:
        return {"reasons": "原因分析", "measures": "已采取措施", "next_steps": "下一步"}[self.value]


class SubjectKind(StrEnum):
    TARGET = "target"  # subject: the indicator as the plan names it
    TASK = "task"  # subject: the section path of a task or 专栏 project


@dataclass(frozen=True, kw_only=True)
class NarrativeInput:
    plan_key: str
    subject_kind: SubjectKind
    subject: str
    field: NarrativeField
    text: str


@dataclass(frozen=True, kw_only=True)
class Narrative(NarrativeInput):
    """One version of a narrative; a later one for the same subject and field supersedes it."""

    id: int
    entered_by: str
    entered_at: datetime


@dataclass(frozen=True, kw_only=True)
class SnapshotInfo:
    """An evaluation as issued, as a list shows it: which, by whom, when, on which data."""

    id: int
    plan_key: str
    year: int
    method: str
    issued_by: str
    issued_at: datetime
    data_through: datetime | None  # the newest observation entered before it was issued


@dataclass(frozen=True, kw_only=True)
class Snapshot(SnapshotInfo):
    """An evaluation as issued: the rated plan as JSON, with the data it rested on."""

    payload: dict[str, object]

    def info(self) -> SnapshotInfo:
        return SnapshotInfo(**{f: getattr(self, f) for f in SnapshotInfo.__dataclass_fields__})


ROLES = ("viewer", "editor", "admin")  # each can do what the ones before it can
ROLE_LABELS = {"viewer": "查看者", "editor": "编辑", "admin": "管理员"}


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    active: bool
    created_at: datetime
    session_version: int = 0  # a session cookie is valid only while it carries the current one
    regions: tuple[str, ...] = ()  # whose data the user may change (with the districts of a city); none: every region

    def can(self, role: str) -> bool:
        """Whether the user holds ``role`` or a higher one."""
        return self.active and ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class ApiToken:
    """A script's API token as an administrator sees it (never the token itself)."""

    id: int
    username: str
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def valid(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    old: dict[str, object] | None
    new: dict[str, object] | None
