"""Data entry: add, import, correct and withdraw observations; record task progress.

An import is all or nothing: every row is validated first and every problem reported at
once (file, line, reason); a file with any error stores nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy.orm import Session

from planwatch.access import EVERY_REGION, RegionScope
from planwatch.errors import ForbiddenError, InputError, PlanwatchError
from planwatch.models import (
    TASK_STATUSES,
    Narrative,
    NarrativeField,
    NarrativeInput,
    Observation,
    ObservationInput,
    PlanPeriod,
    Section,
    SubjectKind,
    TaskEntryInput,
)
from planwatch.monitor.narratives import narrative_input
from planwatch.monitor.observations import (
    OBSERVATION_COLUMNS,
    REQUIRED,
    StatementIndex,
    ValidationContext,
    current_user,
    observation_from_row,
    statement_key,
)
from planwatch.monitor.series import YearValue, agree, find_conflicts, series_key
from planwatch.monitor.tables import SheetRows, read_csv_rows, read_xlsx_sheets, sheet_rows
from planwatch.monitor.tasks import TASK_COLUMNS, task_entry_from_row, task_text_problems
from planwatch.safety import text_problems
from planwatch.store import find_section, get_plan, get_sections, plan_periods
from planwatch.store.database import Database
from planwatch.store.evaluation import add_narratives, current_narratives, list_narratives
from planwatch.store.groups import GroupCommit, group_commit
from planwatch.store.monitoring import (
    NewObservation,
    add_records,
    add_typed_in,
    get_observation,
    list_observations,
    list_task_entries,
    new_observation,
    statements_of_sources,
    supersede_observation,
)

OBSERVATION_SHEET = "指标监测"
TASK_SHEET = "任务进展"
NARRATIVE_SHEET = "情况说明"
NARRATIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("规划",),
    "kind": ("类型",),
    "subject": ("对象", "序号/路径"),
    "name": ("名称",),
    **{f.value: (f.label,) for f in NarrativeField},
}


class ImportFailed(InputError):
    """A file whose rows have problems; ``problems`` lists each with its line."""

    def __init__(self, problems: Sequence[PlanwatchError], path: str) -> None:
        super().__init__(f"共 {len(problems)} 处问题，整个文件未导入：请改正以上各行后重新导入", path=path)
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), super().__str__()])


@dataclass
class ImportReport:
    path: str
    added: list[int] = field(default_factory=list)
    tasks_added: list[int] = field(default_factory=list)
    skipped: list[tuple[int | None, str]] = field(default_factory=list)  # duplicates, unfilled template rows
    unmapped: list[tuple[int | None, str, str]] = field(default_factory=list)  # line, name as written, hint
    conflicts: list[YearValue] = field(default_factory=list)
    corroborated: int = 0  # rows agreeing with another source's statement of the same figure
    narratives_added: list[int] = field(default_factory=list)
    regions_without_plan: list[str] = field(default_factory=list)


def import_file(
    db: Database,
    path: str | Path,
    *,
    entered_by: str | None = None,
    keep_unmapped: bool = False,
    plan: str | None = None,
    illustrative: bool = False,
    scope: RegionScope = EVERY_REGION,
) -> ImportReport:
    """Import observations (and, from a filled-in template, task progress) from CSV or XLSX; a row
    of a region outside ``scope`` is a problem like any other (naming the file, sheet and row)."""
    path = Path(path)
    plans = plan_periods(db)
    only = get_plan(db, plan).key if plan else None
    context = ValidationContext.build(plans, keep_unmapped=keep_unmapped, illustrative=illustrative, only=only, scope=scope)
    observation_rows, task_rows, narrative_rows = _read(path)
    report = ImportReport(str(path))
    problems: list[PlanwatchError] = []
    drafts = _validate_observations(observation_rows, context, report, problems)
    tasks = _validate_tasks(db, task_rows, only, illustrative, scope, problems) if task_rows else []
    narratives = _validate_narratives(db, narrative_rows, only, scope, report, problems)
    if problems:
        raise ImportFailed(problems, str(path))
    to_add: list[ObservationInput] = []

    def new_only(
        drafts: Sequence[ObservationInput], entries: Sequence[TaskEntryInput]
    ) -> tuple[list[ObservationInput], list[TaskEntryInput]]:
        to_add[:] = _drop_duplicates(db, list(drafts), report)  # under the write lock: a parallel import of the file waits
        return to_add, _drop_repeated_tasks(db, list(entries), report)

    batch = f"{path.name} {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
    report.added, report.tasks_added = add_records(db, drafts, tasks, entered_by=entered_by or current_user(), batch=batch, keep=new_only)
    report.regions_without_plan = sorted({o.region for o in to_add} - set(context.windows))
    report.narratives_added = add_narratives(db, narratives, entered_by=entered_by or current_user()) if narratives else []
    _note_agreement(db, set(report.added), {o.region for o in to_add}, report)
    return report


def _read(path: Path) -> tuple[SheetRows, SheetRows | None, SheetRows | None]:
    """Observation rows, task rows and 情况说明 (narrative) rows of a file."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        task_rows = read_csv_rows(path, TASK_COLUMNS)
        if {"section_path", "status"} <= set(task_rows.columns):  # a file of task progress entries
            return SheetRows(task_rows.where, (), ()), task_rows, None
        rows = read_csv_rows(path, OBSERVATION_COLUMNS)
        _require_columns(rows)
        return rows, None, None
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_xlsx_sheets(path)
        observation_sheet = OBSERVATION_SHEET if OBSERVATION_SHEET in sheets else next(iter(sheets), "")
        observations = sheet_rows(path, observation_sheet, sheets.get(observation_sheet, []), OBSERVATION_COLUMNS)
        if observations.rows:
            _require_columns(observations)
        tasks = sheet_rows(path, TASK_SHEET, sheets[TASK_SHEET], TASK_COLUMNS) if TASK_SHEET in sheets else None
        narratives = sheet_rows(path, NARRATIVE_SHEET, sheets[NARRATIVE_SHEET], NARRATIVE_COLUMNS) if NARRATIVE_SHEET in sheets else None
        return observations, tasks, narratives
    raise InputError(f"无法导入{suffix or '没有扩展名的'}文件：请使用 .csv 或 .xlsx", path=str(path))


def _validate_narratives(
    db: Database, rows: SheetRows | None, plan: str | None, scope: RegionScope, report: ImportReport, problems: list[PlanwatchError]
) -> list[NarrativeInput]:
    """The 情况说明 sheet: one row per indicator or task, a column per narrative field; a text equal
    to the current version is not stored again (re-importing a template changes nothing)."""
    if rows is None:
        return []
    found: list[NarrativeInput] = []
    current: dict[str, dict[tuple[SubjectKind, str], dict[NarrativeField, Narrative]]] = {}
    for line, row in rows.rows:
        filled = {f: str(row.get(f.value) or "").strip() for f in NarrativeField}
        if not any(filled.values()):
            continue
        named = str(row.get("plan") or plan or "").strip()
        kind = SubjectKind.TASK if str(row.get("kind") or "").strip() in ("任务", "专栏", "专栏项目", "task") else SubjectKind.TARGET
        for which, text in filled.items():
            if not text:
                continue
            try:
                entry = narrative_input(db, named, kind, str(row.get("subject") or "").strip(), which, text)
            except PlanwatchError as exc:
                problems.append(PlanwatchError(exc.reason, path=rows.where, line=line))
                break
            if refusal := scope.refusal(get_plan(db, entry.plan_key).region):
                problems.append(ForbiddenError(refusal, path=rows.where, line=line))
                break
            if entry.plan_key not in current:
                current[entry.plan_key] = current_narratives(list_narratives(db, entry.plan_key))
            stored = current[entry.plan_key].get((kind, entry.subject), {}).get(which)
            if stored is not None and stored.text == entry.text.strip():
                report.skipped.append((line, f"{entry.subject}的{which.label}与现有内容相同"))
            else:
                found.append(entry)
    return found


def _require_columns(rows: SheetRows) -> None:
    missing = [c for c in REQUIRED if c not in rows.columns]
    if "indicator" not in rows.columns and "indicator_key" not in rows.columns:
        missing.append("indicator")
    if missing:
        names = "、".join(OBSERVATION_COLUMNS[c][0] for c in missing)
        found = "、".join(OBSERVATION_COLUMNS[c][0] if c in OBSERVATION_COLUMNS else c for c in rows.columns) or "无"
        raise InputError(f"缺少列：{names}（可识别的列：{found}）；请按模板的表头填写", path=rows.where, line=1)


def _validate_observations(
    rows: SheetRows, context: ValidationContext, report: ImportReport, problems: list[PlanwatchError]
) -> list[ObservationInput]:
    template = "target" in rows.columns
    drafts = []
    for line, row in rows.rows:
        if template and row.get("value") in (None, ""):
            report.skipped.append((line, "模板行未填写实际值"))
            continue
        result = observation_from_row(row, line, context)
        problems.extend(PlanwatchError(reason, path=rows.where, line=line) for reason in result.errors)
        if result.refusal:
            problems.append(ForbiddenError(result.refusal, path=rows.where, line=line))
        if result.observation is not None:
            drafts.append(result.observation)
            if result.unmapped_hint:
                report.unmapped.append((line, result.observation.indicator_name, result.unmapped_hint))
    return drafts


def _validate_tasks(
    db: Database, rows: SheetRows, plan: str | None, illustrative: bool, scope: RegionScope, problems: list[PlanwatchError]
) -> list[TaskEntryInput]:
    plans: dict[str, tuple[str, str | None, dict[str, Section]]] = {}  # plan as named → its key, region and sections by path
    entries = []
    for line, row in rows.rows:
        named = str(row.get("plan") or plan or "").strip()
        if not named:
            problems.append(PlanwatchError("“规划”为空：请填写该行所属的规划", path=rows.where, line=line))
            continue
        if named not in plans:
            try:
                info = get_plan(db, named)
            except PlanwatchError as exc:
                problems.append(PlanwatchError(exc.reason, path=rows.where, line=line))
                continue
            plans[named] = info.key, info.region, {s.path: s for s in get_sections(db, info.key)}
        key, region, sections = plans[named]
        if refusal := scope.refusal(region):
            problems.append(ForbiddenError(refusal, path=rows.where, line=line))
            continue
        entry, errors = task_entry_from_row(row, key, sections, illustrative=illustrative)
        problems.extend(PlanwatchError(reason, path=rows.where, line=line) for reason in errors)
        if entry is not None:
            entries.append(entry)
    return entries


def _drop_duplicates(db: Database, drafts: list[ObservationInput], report: ImportReport) -> list[ObservationInput]:
    """Leave out rows already stored, or repeated within the file (same figure, same source): of the
    stored statements, the rows' own sources' (under the write lock, where every statement of the
    file's regions was read: 4,254 of 南山区 after a burst of data entry, 182 ms)."""
    with db.reader() as session:  # the import's exclusive transaction
        index = StatementIndex(statements_of_sources(session, drafts))
    kept: list[ObservationInput] = []
    for draft in drafts:
        same = index.find(draft)
        if isinstance(same, Observation):
            report.skipped.append((draft.line, f"已有相同记录 #{same.id}"))
        elif same is not None:
            report.skipped.append((draft.line, f"与第{same.line}行重复"))
        else:
            index.add(draft)
            kept.append(draft)
    return kept


def _drop_repeated_tasks(db: Database, entries: list[TaskEntryInput], report: ImportReport) -> list[TaskEntryInput]:
    """Leave out task entries already stored with the same date, status, milestone and department."""

    def identity(e: TaskEntryInput) -> tuple[str, str, date, str, str, str]:
        return e.plan_key, e.section_path, e.entry_date, e.status, e.milestone, e.department

    stored = {identity(e) for key in {e.plan_key for e in entries} for e in list_task_entries(db, key)}
    kept = []
    for entry in entries:
        if identity(entry) in stored:
            report.skipped.append((None, f"任务进展 {entry.section_title} {entry.entry_date} 已有相同记录"))
        else:
            stored.add(identity(entry))
            kept.append(entry)
    return kept


def _note_agreement(db: Database, added_ids: set[int], regions: set[str], report: ImportReport) -> None:
    """Conflicts the new rows take part in, and how many confirm another source's figure."""
    if not added_ids:
        return
    stored = [o for o in list_observations(db, regions=regions) if not o.withdrawn]
    added = [o for o in stored if o.id in added_ids]
    groups: dict[tuple[str, str, int], list[ObservationInput]] = defaultdict(list)
    for observation in stored:
        groups[series_key(observation)].append(observation)
    touched = {series_key(o) for o in added}
    report.conflicts = [c for c in find_conflicts(o for key in touched for o in groups[key])]
    for new in added:
        others = (o for o in groups[series_key(new)] if o is not new and o.source_url != new.source_url)
        report.corroborated += any(agree(new, o) for o in others)


def add_observation(
    db: Database,
    row: dict[str, Any],
    *,
    entered_by: str | None = None,
    illustrative: bool = False,
    scope: RegionScope = EVERY_REGION,
    periods: Sequence[PlanPeriod] | None = None,
) -> tuple[Observation, list[YearValue]]:
    """Validate and store one observation typed in by hand (same columns as an import row); a
    region outside ``scope`` is refused (:class:`ForbiddenError`). ``periods``: the plans' periods
    when the caller keeps them (:func:`~planwatch.store.plan_periods`, read here otherwise).

    Returns it with any conflict it creates with other sources' statements of the same figure (the
    figure's values listed once per distinct statement).
    """
    context = ValidationContext.build(plan_periods(db) if periods is None else periods, illustrative=illustrative, scope=scope)
    result = observation_from_row(row, None, context)
    if result.refusal:
        raise ForbiddenError(result.refusal)
    if result.errors or result.observation is None:
        raise InputError("；".join(result.errors) or "观测值无效")
    draft = result.observation
    keys = [draft.indicator_key] if draft.indicator_key else None
    # under the write lock, in a group with the writes queued beside it, only this source's statements
    # of the figure are read (the duplicate check); on PostgreSQL the lock is this source's alone until
    # the insert (typed_in_group)
    new_id = typed_in_group(db).submit(TypedIn(draft, entered_by or current_user()))
    # the figure's other statements, each distinct wording once (a figure a thousand sources repeat is
    # the few statements it is), read after the lock is released; the new one is among them as its
    # wording's latest, unless the same wording was entered meanwhile
    standing = list_observations(db, regions=[draft.region], indicator_keys=keys, unmapped=keys is None, years=[draft.year], distinct=True)
    observation = next((o for o in standing if o.id == new_id), None) or get_observation(db, new_id)
    related = [o for o in standing if o.id != new_id and series_key(o) == series_key(draft)]
    return observation, find_conflicts([*related, observation])


@dataclass(frozen=True)
class TypedIn:
    """An observation typed in by hand, waiting for its group commit; its rows are made here, in the
    request's thread, not under the write lock."""

    draft: ObservationInput
    entered_by: str
    new: NewObservation = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "new", new_observation(self.draft, self.entered_by))


def typed_in_group(db: Database) -> GroupCommit[TypedIn, int]:
    """The group commit of this process's typed-in observations on ``db``, narrowed to what their
    duplicate check reads: each one's statements of its source (:func:`statement_key`). Two groups
    of other sources then check at the same time on PostgreSQL; two of one source still one after
    the other, so the second finds the first's statement."""
    return group_commit(db, _store_typed_in, _sources_checked)


def _sources_checked(jobs: Sequence[TypedIn]) -> list[str]:
    return ["\x1f".join(map(str, statement_key(job.draft))) for job in jobs]


def _store_typed_in(session: Session, jobs: Sequence[TypedIn]) -> list[int | Exception]:
    """A group of typed-in observations, in its transaction under the write lock: each stored, or
    refused when its source already stated that value of its figure — stored before, or earlier in
    the group, as if the group's requests had been written one after another."""
    index = StatementIndex(statements_of_sources(session, [j.draft for j in jobs]))
    same: list[ObservationInput | None] = []
    for job in jobs:
        same.append(found := index.find(job.draft))
        if found is None:
            index.add(job.draft)
    kept = [job for job, found in zip(jobs, same, strict=True) if found is None]
    ids = {id(job.draft): new for job, new in zip(kept, add_typed_in(session, [j.new for j in kept]), strict=True)}
    outcomes: list[int | Exception] = []
    for job, found in zip(jobs, same, strict=True):
        if found is None:
            outcomes.append(ids[id(job.draft)])
        else:
            recorded = found.id if isinstance(found, Observation) else ids[id(found)]
            outcomes.append(InputError(f"已有相同记录 #{recorded}（同一来源的同一数值），未重复保存"))
    return outcomes


def correct_observation(
    db: Database,
    observation_id: int,
    *,
    value: str,
    unit: str | None = None,
    reason: str,
    quote: str | None = None,
    entered_by: str | None = None,
    scope: RegionScope = EVERY_REGION,
) -> Observation:
    """A corrected value as a new version; the old one stays in the history. The new version quotes
    ``quote``, else the old quote only if it states the new value (a quote of the old figure would
    contradict the corrected one)."""
    if not reason.strip():
        raise InputError("“更正原因”为空：请说明为什么更正")
    if problems := text_problems({"更正原因": reason, "实际值": value, "单位": unit or "", "原文摘录": quote or ""}):
        raise InputError("；".join(problems), path=f"观测值 #{observation_id}")
    old = get_observation(db, observation_id)
    scope.check(old.region, f"观测值 #{observation_id}")
    row = _row_of(old) | {"value": value, "unit": unit if unit is not None else old.unit_raw}
    # the stored row's region and name stand: only the new value and unit are checked
    context = ValidationContext.build(plan_periods(db), keep_unmapped=True, illustrative=old.illustrative)
    result = observation_from_row(row, None, context)
    if result.errors or result.observation is None:
        raise InputError("；".join(result.errors), path=f"观测值 #{observation_id}")
    fixed = result.observation
    note = f"{old.note}；更正：{reason}" if old.note else f"更正：{reason}"
    kept_quote = quote.strip() if quote is not None else old.quote if fixed.value_raw in old.quote else ""
    changes = {"value": fixed.value, "unit": fixed.unit, "value_raw": fixed.value_raw, "unit_raw": fixed.unit_raw, "note": note}
    changes["quote"] = kept_quote
    return supersede_observation(db, observation_id, changes, entered_by=entered_by or current_user())


def withdraw_observation(
    db: Database, observation_id: int, *, reason: str, entered_by: str | None = None, scope: RegionScope = EVERY_REGION
) -> Observation:
    """Take a statement out of every series (e.g. the losing side of a conflict), keeping its history."""
    if not reason.strip():
        raise InputError("“撤回原因”为空：请说明为什么撤回")
    if problems := text_problems({"撤回原因": reason}):
        raise InputError("；".join(problems), path=f"观测值 #{observation_id}")
    old = get_observation(db, observation_id)
    scope.check(old.region, f"观测值 #{observation_id}")
    note = f"{old.note}；撤回：{reason}" if old.note else f"撤回：{reason}"
    return supersede_observation(db, observation_id, {"withdrawn": True, "note": note}, entered_by=entered_by or current_user())


def _row_of(observation: Observation) -> dict[str, Any]:
    return {
        "region": observation.region,
        "indicator_key": observation.indicator_key,
        "indicator": observation.indicator_name,
        "year": observation.year,
        "source": observation.source,
        "source_url": observation.source_url,
        "quote": observation.quote,
        "note": observation.note,
    }


class TaskProgress(TypedDict, total=False):
    """What one progress entry says (the same for every task of a bulk update)."""

    status: Required[str]
    entry_date: date | None
    department: str
    milestone: str
    due: date | None
    note: str
    evidence_url: str
    entered_by: str | None


def add_task_progress(db: Database, plan: str, section: str, *, scope: RegionScope = EVERY_REGION, **progress: Unpack[TaskProgress]) -> int:
    """Record a dated progress entry for a task or 专栏 project named by path, the plan's numbering
    (三（二）5), label or title."""
    (entry_id,) = add_tasks_progress(db, plan, [section], scope=scope, **progress)
    return entry_id


def add_tasks_progress(
    db: Database, plan: str, sections: Sequence[str], *, scope: RegionScope = EVERY_REGION, **progress: Unpack[TaskProgress]
) -> list[int]:
    """The same progress entry for several tasks at once (a bulk status update), in one transaction:
    one task that cannot be found stores none; a plan of a region outside ``scope`` is refused."""
    status = progress["status"]
    texts: dict[str, str] = {k: str(progress.get(k) or "") for k in ("department", "milestone", "note", "evidence_url")}
    if status not in TASK_STATUSES:
        raise InputError(f"“状态”{status}无法识别：请选择{'、'.join(TASK_STATUSES)}之一")
    if not sections:
        raise InputError("没有选择任何任务：请勾选要更新的任务")
    if problems := task_text_problems(**texts):
        raise InputError("；".join(problems))
    info = get_plan(db, plan)
    scope.check(info.region, f"《{info.title}》")
    outline = get_sections(db, info.key)
    chosen = {found.path: found for found in (find_section(outline, ref) for ref in sections)}  # one entry per task however named
    entries = [
        TaskEntryInput(
            plan_key=info.key,
            section_path=target.path,
            section_title=f"{target.label}{target.title}",
            entry_date=progress.get("entry_date") or date.today(),
            status=status,
            due=progress.get("due"),
            department=texts["department"],
            milestone=texts["milestone"],
            note=texts["note"],
            evidence_url=texts["evidence_url"],
        )
        for target in chosen.values()
    ]
    _, entry_ids = add_records(db, tasks=entries, entered_by=progress.get("entered_by") or current_user())
    return list(entry_ids)
