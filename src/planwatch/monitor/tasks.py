"""Key tasks (numbered items) and 专栏 projects: dated progress entries, current status, summaries.

A task's current status is its latest entry (by date, then by entry order); every entry is
kept. A task is overdue when its current status is 滞后, or when it has a due date that has
passed without the status 已完成.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from planwatch.models import TASK_STATUSES, Section, TaskEntry, TaskEntryInput
from planwatch.monitor.tables import cell_date, cell_flag, cell_text
from planwatch.safety import text_problems, url_problem

NO_ENTRY = "无记录"
DONE = "已完成"
LATE = "滞后"
OVERDUE = "逾期"  # not a recorded status: a task that is 滞后, or past its due date and not 已完成
TRACKED_KINDS = ("item", "box", "project")
_GROUP_KINDS = ("section", "subsection")
# Chapters that review the past or state goals: their numbered items are not tasks.
_NOT_TASK_CHAPTER = re.compile("基础|形势|环境|回顾|成效|成就|定位|总体要求|总体思路|指导思想|发展目标|基本原则|保障")
TASK_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("规划",),
    "section_path": ("路径", "编号", "path"),
    "section_title": ("任务", "任务/项目", "标题", "title"),
    "kind": ("类型",),
    "entry_date": ("日期", "填报日期", "date"),
    "status": ("状态", "进展状态"),
    "department": ("责任单位", "牵头单位"),
    "milestone": ("里程碑", "进展情况"),
    "due": ("计划完成时间", "完成时限"),
    "note": ("备注",),
    "evidence_url": ("佐证链接", "佐证材料", "evidence"),
    "illustrative": ("示例数据",),
}


@dataclass(frozen=True)
class TaskStatus:
    section: Section
    chapter: Section | None
    history: tuple[TaskEntry, ...]
    overdue: bool

    @property
    def latest(self) -> TaskEntry | None:
        return self.history[-1] if self.history else None

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else NO_ENTRY

    @property
    def label(self) -> str:
        """The status as the task pages show it: the recorded status, and 逾期 when overdue."""
        return self.status + (f"（{OVERDUE}）" if self.overdue else "")

    @property
    def due(self) -> date | None:
        """The latest due date any entry gave (an entry that only reports progress keeps it)."""
        return next((e.due for e in reversed(self.history) if e.due), None)

    @property
    def department(self) -> str:
        """The latest 责任单位 any entry named, or ""."""
        return next((e.department for e in reversed(self.history) if e.department), "")


@dataclass(frozen=True)
class ChapterSummary:
    chapter: str
    counts: dict[str, int]
    overdue: int
    total: int


def trackable_sections(sections: Sequence[Section]) -> list[Section]:
    """The plan's tasks: numbered items and 专栏 projects, and any section or subsection with no
    such units below it (the city's 十大行动 are sections); not in chapters that review the
    past, state goals or list safeguards."""
    by_ordinal = {s.ordinal: s for s in sections}

    def in_task_chapter(section: Section) -> bool:
        parent = section.parent
        while parent is not None:
            ancestor = by_ordinal[parent]
            if ancestor.kind == "goal" or (ancestor.parent is None and _NOT_TASK_CHAPTER.search(ancestor.title)):
                return False
            parent = ancestor.parent
        return True

    candidates = [s for s in sections if s.kind in (*TRACKED_KINDS, *_GROUP_KINDS) and in_task_chapter(s)]
    parents = {s.parent for s in candidates}
    return [s for s in candidates if s.kind in TRACKED_KINDS or s.ordinal not in parents]


def chapter_of(section: Section, sections: Sequence[Section]) -> Section | None:
    by_ordinal = {s.ordinal: s for s in sections}
    current = section
    while current.parent is not None:
        current = by_ordinal[current.parent]
    return current if current is not section else None


def task_statuses(sections: Sequence[Section], entries: Sequence[TaskEntry], as_of: date) -> list[TaskStatus]:
    """Every trackable task (and any other section with entries), with its history up to ``as_of``."""
    by_path: dict[str, list[TaskEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.entry_date, e.id)):
        if entry.entry_date <= as_of:
            by_path.setdefault(entry.section_path, []).append(entry)
    tracked = {s.path for s in trackable_sections(sections)}
    statuses = []
    for section in sections:
        if section.path not in tracked and section.path not in by_path:
            continue
        found = TaskStatus(section, chapter_of(section, sections), tuple(by_path.get(section.path, ())), overdue=False)
        latest, due = found.latest, found.due
        overdue = latest is not None and latest.status != DONE and (latest.status == LATE or (due is not None and due < as_of))
        statuses.append(replace(found, overdue=overdue))
    return statuses


def summarise_tasks(statuses: Sequence[TaskStatus]) -> list[ChapterSummary]:
    """Status counts per chapter, and a last row ``全部`` for the whole plan."""
    groups: dict[str, list[TaskStatus]] = {}
    for status in statuses:
        name = f"{status.chapter.label}{status.chapter.title}" if status.chapter else "（其他）"
        groups.setdefault(name, []).append(status)
    summaries = [_summary(name, group) for name, group in groups.items()]
    return [*summaries, _summary("全部", list(statuses))]


def _summary(name: str, group: Sequence[TaskStatus]) -> ChapterSummary:
    counts = Counter(s.status for s in group)
    ordered = {status: counts.get(status, 0) for status in (*TASK_STATUSES, NO_ENTRY)}
    return ChapterSummary(name, ordered, sum(s.overdue for s in group), len(group))


def task_entry_from_row(
    row: Mapping[str, Any], plan_key: str, sections_by_path: Mapping[str, Section], *, illustrative: bool = False
) -> tuple[TaskEntryInput | None, list[str]]:
    """Validate one task row; a row without a status is not filled in and yields nothing."""
    status = cell_text(row.get("status"))
    if not status:
        return None, []
    errors = []
    if status not in TASK_STATUSES:
        errors.append(f"“状态”{status}无法识别：请选择{'、'.join(TASK_STATUSES)}之一")
    path = cell_text(row.get("section_path"))
    section = sections_by_path.get(path)
    if section is None:
        errors.append(f"“路径”{path}在规划中找不到：请使用模板中的路径，不要改动")
    entry_date = _date(row.get("entry_date"), "日期", errors, required=True)
    due = _date(row.get("due"), "计划完成时间", errors, required=False)
    texts = {k: cell_text(row.get(k)) for k in ("department", "milestone", "note", "evidence_url")}
    errors.extend(task_text_problems(**texts))
    if errors or section is None or entry_date is None:
        return None, errors
    return TaskEntryInput(
        plan_key=plan_key,
        section_path=section.path,
        section_title=f"{section.label}{section.title}",
        entry_date=entry_date,
        status=status,
        due=due,
        **texts,
        illustrative=illustrative or cell_flag(row.get("illustrative")),
    ), []


def task_text_problems(*, department: str, milestone: str, note: str, evidence_url: str) -> list[str]:
    """What is wrong with the free-text fields of a task entry (control characters, a link that is not http(s))."""
    problems = text_problems({"责任单位": department, "里程碑": milestone, "备注": note, "佐证链接": evidence_url})
    if link := url_problem("佐证链接", evidence_url):
        problems.append(link)
    return problems


def _date(value: Any, what: str, errors: list[str], *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            errors.append(f"“{what}”为空：请填写日期，如 2023-06-30")
        return None
    try:
        return cell_date(value)
    except ValueError as exc:
        errors.append(f"“{what}”{exc}")
        return None
