"""The application object: one installation's settings, database, caches and operations.

``Planwatch`` is to planwatch what ``Datasette`` is to datasette: the CLI, the REST API and the
pages each hold one, parse their input, call its operations and render what they return. The
operations return plain data (dataclasses); :mod:`planwatch.results` serialises them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Any, TypeVar

from planwatch.models import PlanInfo, Section
from planwatch.settings import Settings, load_settings

if TYPE_CHECKING:
    from planwatch.access import RegionScope
    from planwatch.api import IngestOutcome
    from planwatch.compare.consistency import Finding
    from planwatch.compare.coverage import Coverage
    from planwatch.compare.export import CompareTable
    from planwatch.compare.fields import FieldRow
    from planwatch.compare.matrix import Matrix
    from planwatch.extract.catalog import Indicator
    from planwatch.extract.entities import Entity
    from planwatch.models import (
        ApiToken,
        AuditEntry,
        HistoricalResult,
        Narrative,
        NarrativeField,
        Observation,
        PlanPeriod,
        ReviewDecision,
        Snapshot,
        SubjectKind,
        Target,
        TargetReview,
        User,
    )
    from planwatch.monitor.assessment import PlanAssessment, PlanParts
    from planwatch.monitor.entry import ImportReport
    from planwatch.monitor.proposals import ProposalReport
    from planwatch.monitor.rules import RuleConfig
    from planwatch.monitor.series import YearValue
    from planwatch.monitor.tasks import TaskStatus
    from planwatch.monitor.views import IndicatorLine, IndicatorQuery, Reminders, Table, TaskLine, TaskQuery
    from planwatch.search.answer import Answer
    from planwatch.search.query import Hit
    from planwatch.store.database import Database
    from planwatch.store.proposals import Proposal, ProposalStatus

T = TypeVar("T")
_SNAPSHOT: ContextVar[dict[tuple[object, ...], Any] | None] = ContextVar("stamps of this request", default=None)
TOKEN_DAYS = 90  # how long an API token is valid unless told otherwise


def evaluation_year(periods: Iterable[tuple[int | None, int | None]], today: date) -> int:
    """The default evaluation year: the last full year whose statistics are out (the year before
    ``today``), within the plans' periods — a mid-term review during a plan, the final one after."""
    starts = [s for s, _ in periods if s]
    ends = [e for _, e in periods if e]
    year = today.year - 1
    if ends:
        year = min(year, max(ends))
    if starts:
        year = max(year, min(starts))
    return year


def outline_depths(sections: Sequence[Section]) -> dict[int, int]:
    """Indentation depth of each section (by ordinal) in the outline tree: 0 for the top."""
    depth: dict[int, int] = {}
    for s in sections:
        depth[s.ordinal] = depth[s.parent] + 1 if s.parent is not None and s.parent in depth else 0
    return depth


@dataclass(frozen=True)
class SectionText:
    """A section and its source lines (number, text)."""

    section: Section
    lines: list[tuple[int, str]]


@dataclass(frozen=True)
class PlanTargets:
    plan: PlanInfo
    targets: list[Target]


class LRU:
    """A small thread-safe least-recently-used map (the web app serves from threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class SingleFlight(LRU):
    """An :class:`LRU` whose misses are computed once: the first reader of a key computes it, the
    readers that ask for it meanwhile wait for that answer instead of each computing their own
    (when a write changes a stamp, fifty readers would otherwise rate the same plan at once)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self._pending: dict[Any, Lock] = {}

    def compute(self, key: Any, compute: Callable[[], T]) -> T:
        found = self.get(key)
        if found is not None:
            value: T = found
            return value
        with self.lock:
            flight = self._pending.setdefault(key, Lock())
        with flight:
            found = self.get(key)  # computed by the reader this one waited for
            if found is None:
                try:
                    found = compute()
                    self.put(key, found)
                finally:
                    with self.lock:
                        self._pending.pop(key, None)
        value = found
        return value


class Planwatch:
    """One installation: ``Planwatch(settings)`` opens the database its settings name on first use;
    ``Planwatch(database=db)`` wraps one already open. Its caches belong to it, so two instances
    over two databases never share an answer."""

    def __init__(self, settings: Settings | None = None, *, database: Database | None = None, today: date | None = None) -> None:
        self.settings = settings or load_settings()
        self._database = database
        self._today = today
        self._assessments = SingleFlight(64)
        self._derived = SingleFlight(256)  # per plan: its info, sections, source text, targets, family; and the lists across plans
        self._stamps = LRU(256)  # (commits seen, stamp) by stamp
        self._token_owners = LRU(256)  # (commits seen, owner and expiry or None) by token hash

    # -- state ----------------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        if self._database is None:
            from planwatch.store import open_database

            self._database = open_database(settings=self.settings)
        return self._database

    @property
    def opened(self) -> bool:
        """Whether the database has been opened (connected, schema checked)."""
        return self._database is not None

    def close(self) -> None:
        if self._database is not None:
            self._database.close()

    @property
    def today(self) -> date:
        """The one clock of the reminders, task pages and default years: ``today=``, else the ``today`` setting, else the system date."""
        return self._today or self.settings.today or date.today()

    @cached_property
    def rules(self) -> RuleConfig:
        """The progress rules of the ``rules`` setting (or the built-in ones)."""
        from planwatch.monitor.rules import load_rules

        return load_rules(self.settings.rules) if self.settings.rules else _builtin_rules()

    def rules_for(self, method: str | None = None, rules_file: Path | None = None) -> RuleConfig:
        """The installation's rules, or those of ``rules_file``, with the method overridden."""
        from dataclasses import replace

        from planwatch.monitor.rules import load_rules

        base = load_rules(rules_file) if rules_file else self.rules
        return replace(base, method=method) if method else base

    @cached_property
    def catalog(self) -> dict[str, Indicator]:
        from planwatch.extract.catalog import load_catalog

        return load_catalog(self.settings.catalog)

    def data_stamp(self) -> tuple[int, int]:
        """Changes with any stored data."""
        from planwatch.store import data_stamp

        return self._stamp(("data",), lambda: data_stamp(self.db))

    def plans_stamp(self) -> tuple[int, int]:
        """Changes only when the plans do (a new version, a target review), not with monitoring data."""
        from planwatch.store import plans_stamp

        return self._stamp(("plans",), lambda: plans_stamp(self.db))

    def plan_stamp(self, plan: PlanInfo) -> tuple[int, ...]:
        """Changes when anything :meth:`assess` reads for ``plan`` does: the plans, and the
        observations, task entries, narratives and issued evaluations of the plan and of the plans
        whose parent it is. Data typed in for another region leaves it alone."""
        family = [plan, *self._children(plan)]
        return self.monitoring_stamp([p.key for p in family], [p.region or "" for p in family])

    def monitoring_stamp(self, plan_keys: Sequence[str], regions: Sequence[str]) -> tuple[int, ...]:
        """What an assessment of these plans over these regions reads (:func:`~planwatch.store.monitoring.monitoring_stamp`)."""
        from planwatch.store.monitoring import monitoring_stamp

        keys, places = tuple(sorted(set(plan_keys))), tuple(sorted(set(regions)))
        return self._stamp(("monitoring", keys, places), lambda: monitoring_stamp(self.db, keys, places))

    def _stamp(self, name: tuple[object, ...], read: Callable[[], T]) -> T:
        """``read()``, reused until the database reports a commit (by any process) or, within one
        read request (:meth:`one_snapshot`), for the rest of it. A page asks for stamps a dozen
        times; each query was a round trip, on the event loop for the API's read cache."""
        memo = _SNAPSHOT.get()
        if memo is not None and name in memo:
            held: T = memo[name]
            return held
        if memo is None:
            seen = self.db.commits_seen()
        elif ("commits",) in memo:  # the commit count, like the stamps, is read once per request
            seen = memo[("commits",)]
        else:
            seen = memo[("commits",)] = self.db.commits_seen()
        found = self._stamps.get(name) if seen is not None else None
        if found is not None and found[0] == seen:
            value: T = found[1]
        else:
            value = read()  # after ``seen`` was taken: a commit meanwhile changes it for the next reader
            if seen is not None:
                self._stamps.put(name, (seen, value))
        if memo is not None:
            memo[name] = value
        return value

    @contextmanager
    def one_snapshot(self) -> Iterator[None]:
        """Stamps read once for everything inside (a read request: its page or answer is of one
        moment), not once per cache asked. Not for requests that write."""
        token = _SNAPSHOT.set({})
        try:
            yield
        finally:
            _SNAPSHOT.reset(token)

    def _children(self, plan: PlanInfo) -> list[PlanInfo]:
        """The plans whose parent ``plan`` is (a city's districts), remembered until the plans change."""
        return self.remember(f"children:{plan.key}", lambda: [p for p in self.plans() if p.parent == plan.key], self.plans_stamp())

    def plan_by_key(self, key: str) -> PlanInfo | None:
        """The plan whose key is ``key``, if any, from the plan list remembered until the plans change."""
        by_key = self.remember("plans-by-key", lambda: {p.key: p for p in self.plans()}, self.plans_stamp())
        return by_key.get(key)

    def remember(self, name: str, compute: Callable[[], T], stamp: tuple[int, ...] | None = None) -> T:
        """``compute()``, remembered under ``name`` until ``stamp`` changes (by default
        :meth:`data_stamp`: any change; :meth:`plans_stamp` for what only the plans hold)."""
        return self._derived.compute((name, self.data_stamp() if stamp is None else stamp), compute)

    # -- plans ----------------------------------------------------------------------------------

    def plans(self, *, level: str | None = None, region: str | None = None) -> list[PlanInfo]:
        from planwatch.store import list_plans

        stored: list[PlanInfo] = self.remember("plans", lambda: list_plans(self.db), self.plans_stamp())
        return [p for p in stored if (level is None or p.level == level) and (region is None or p.region == region)]

    def regions(self) -> list[str]:
        """The stored plans' regions, each once, in the plans' order (the choices of every region field)."""
        return list(dict.fromkeys(p.region for p in self.plans() if p.region))

    def plan(self, ref: str) -> PlanInfo:
        """A plan named by key, id, region or a unique title fragment (resolve it once, then pass ``.key``)."""
        from planwatch.store import get_plan

        found: PlanInfo = self.remember(f"plan:{ref}", lambda: get_plan(self.db, ref), self.plans_stamp())
        return found

    def versions(self, plan: PlanInfo) -> list[dict[str, object]]:
        from planwatch.store import list_versions

        return list_versions(self.db, plan.key)

    def year_for(self, plans: Sequence[PlanInfo] | None = None) -> int:
        """The default evaluation year for ``plans`` (default: every stored plan)."""
        chosen = plans if plans is not None else self.plans()
        return evaluation_year(((p.period_start, p.period_end) for p in chosen), self.today)

    def sections(self, plan: PlanInfo, version: int | None = None) -> list[Section]:
        """The plan's sections; the current version's remembered until the plans change (the task
        lists, numbering and reminders read them for every plan on each page). Do not modify the list."""
        from planwatch.store import get_sections

        if version is not None:
            return get_sections(self.db, plan.key, version)
        found: list[Section] = self.remember(f"sections:{plan.key}", lambda: get_sections(self.db, plan.key, None), self.plans_stamp())
        return found

    def outline(self, plan: PlanInfo, version: int | None = None, depth: int | None = None) -> list[tuple[Section, int]]:
        """The plan's sections with their indentation depth, down to outline ``depth`` if given."""
        sections = self.sections(plan, version)
        depths = outline_depths(sections)
        return [(s, depths[s.ordinal]) for s in sections if depth is None or s.level <= depth]

    def section(self, plan: PlanInfo, ref: str, version: int | None = None) -> SectionText:
        from planwatch.store import find_section

        found = find_section(self.sections(plan, version), ref)
        lines = self.source_text(plan, version).split("\n")
        return SectionText(found, [(n, lines[n - 1]) for n in range(found.start_line, found.end_line + 1)])

    def source_text(self, plan: PlanInfo, version: int | None = None) -> str:
        from planwatch.store import get_source_text

        if version is not None:
            return get_source_text(self.db, plan.key, version)
        found: str = self.remember(f"source:{plan.key}", lambda: get_source_text(self.db, plan.key, None), self.plans_stamp())
        return found

    def tables(self, plan: PlanInfo, version: int | None = None) -> list[Any]:
        from planwatch.store import get_tables

        return get_tables(self.db, plan.key, version)

    def targets(self, plan: PlanInfo, version: int | None = None) -> PlanTargets:
        from planwatch.store import get_targets

        if version is not None:
            return PlanTargets(plan, get_targets(self.db, plan.key, version))
        found: list[Target] = self.remember(f"targets:{plan.key}", lambda: get_targets(self.db, plan.key, None), self.plans_stamp())
        return PlanTargets(plan, found)

    def review_target(
        self,
        plan: PlanInfo,
        number: int,
        decision: ReviewDecision,
        *,
        corrections: dict[str, object] | None = None,
        note: str = "",
        decided_by: str | None = None,
        user: User | None = None,
    ) -> Target:
        """Confirm, reject or correct target ``number`` (from 1, as :meth:`targets` lists them); audited."""
        from planwatch.review import review_target

        with self._refusals_audited(user, "target.review"):
            self.region_scope(user).check(plan.region, f"《{plan.title}》")
            return review_target(self.db, plan.key, number, decision, corrections=corrections, note=note, decided_by=self._who(user, decided_by))

    def target_reviews(self, plan: PlanInfo) -> list[TargetReview]:
        """Every decision on the plan's targets, oldest first (the latest per target is in force)."""
        from planwatch.store.reviews import review_history

        return review_history(self.db, plan.key)

    def historical(self, plan: PlanInfo) -> list[HistoricalResult]:
        """The previous plan's targets and results as the plan prints them (十三五完成情况)."""
        from planwatch.store import get_historical

        stamp = self.plans_stamp()
        found: list[HistoricalResult] = self.remember(f"historical:{plan.key}", lambda: get_historical(self.db, plan.key), stamp)
        return found

    def ingest(self, paths: Sequence[str | Path], **options: Any) -> list[IngestOutcome]:
        from planwatch.api import ingest_paths

        return ingest_paths(self.db, paths, **options)

    # -- monitoring -----------------------------------------------------------------------------

    def assess(self, plan: PlanInfo, year: int | None = None, rules: RuleConfig | None = None) -> PlanAssessment:
        """Every target of ``plan`` rated at ``year`` (default: :meth:`year_for` the plan) with
        ``rules`` (default: the installation's), remembered until what it reads changes
        (:meth:`plan_stamp`)."""
        from planwatch.monitor.assessment import assess_plan

        year = year or self.year_for([plan])
        rules = rules or self.rules

        def rate() -> PlanAssessment:
            # the districts' ratings come from their own cache entries: data typed in for 南山区
            # re-rates the city and 南山区, not the other districts a second time
            below = [self._assess_alone(child, year, rules) for child in self._children(plan)]
            return assess_plan(self.db, plan.key, year, rules, below=below, parts=self._plan_parts(plan, year))

        return self._assessments.compute((plan.key, year, rules, self.plan_stamp(plan)), rate)

    def _assess_alone(self, plan: PlanInfo, year: int, rules: RuleConfig) -> PlanAssessment:
        """``plan`` rated without the plans below it, as its parent's assessment includes it."""
        from planwatch.monitor.assessment import assess_plan

        stamp = self.monitoring_stamp([plan.key], [plan.region or ""])
        return self._assessments.compute(
            ("alone", plan.key, year, rules, stamp),
            lambda: assess_plan(self.db, plan.key, year, rules, children=False, parts=self._plan_parts(plan, year)),
        )

    def _plan_parts(self, plan: PlanInfo, year: int) -> PlanParts:
        """What rating ``plan`` reads that only the plans hold, remembered until the plans change."""
        from planwatch.monitor.assessment import plan_parts

        found: PlanParts = self.remember(f"assessment-parts:{plan.key}:{year}", lambda: plan_parts(self.db, plan.key, year), self.plans_stamp())
        return found

    def task_statuses(self, plan: PlanInfo, as_of: date | None = None) -> list[TaskStatus]:
        """Every trackable task of the plan with its entries up to ``as_of`` (default: today)."""
        from planwatch.monitor.tasks import task_statuses
        from planwatch.store.monitoring import list_task_entries

        return task_statuses(self.sections(plan), list_task_entries(self.db, plan.key), as_of or self.today)

    # -- the office's lists (#17): filtered, sorted, exported --------------------------------------

    def indicator_list(self, query: IndicatorQuery, year: int | None = None) -> tuple[int, list[IndicatorLine]]:
        """The evaluation year and every plan's rated targets that ``query`` keeps, in its order."""
        from planwatch.monitor.views import indicator_lines

        plans = self.plans()
        year = year or self.year_for(plans)
        return year, indicator_lines([self.assess(p, year) for p in plans], query)

    def task_list(self, query: TaskQuery, plans: Sequence[PlanInfo] | None = None, as_of: date | None = None) -> list[TaskLine]:
        """The tasks of ``plans`` (default: all) as of ``as_of`` (default: today) that ``query`` keeps."""
        from planwatch.monitor.views import task_lines

        chosen = self.plans() if plans is None else plans
        return task_lines([(p, self.task_statuses(p, as_of), self.numbering(p)) for p in chosen], query)

    def departments(self) -> list[str]:
        """Every 责任单位 named in the task entries."""
        from planwatch.monitor.views import TaskQuery, departments

        return departments(self.task_list(TaskQuery()))

    def department_tasks(self, department: str) -> list[TaskLine]:
        """One department's tasks across the plans, overdue first, then by due date."""
        from planwatch.monitor.views import TaskQuery, department_lines

        return department_lines(self.task_list(TaskQuery(department=department)))

    def reminders(self, days: int | None = None) -> Reminders:
        """The week's 提醒 as of :attr:`today`: overdue tasks, tasks due within ``days``, indicators without last year's data."""
        from planwatch.monitor.views import DUE_SOON_DAYS, TaskQuery, reminders

        today, horizon = self.today, DUE_SOON_DAYS if days is None else days

        def compute() -> Reminders:
            plans = self.plans()
            last_year = today.year - 1
            rated = [self.assess(p, last_year) for p in plans if (p.period_start or last_year) <= last_year]
            return reminders(self.task_list(TaskQuery(), plans, today), rated, today, horizon)

        # every overview shows them: remembered until any data changes (or the day does)
        return self.remember(f"reminders:{today}:{horizon}", compute)

    def observation_row(self, indicator: str, **fields: Any) -> dict[str, Any]:
        """An input row naming its indicator by catalog key when ``indicator`` is one, else by name."""
        column = "indicator_key" if indicator in self.catalog else "indicator"
        return {column: indicator, **fields}

    def add_observation(
        self, row: dict[str, Any], *, entered_by: str | None = None, user: User | None = None
    ) -> tuple[Observation, list[YearValue]]:
        from planwatch.monitor.entry import add_observation

        with self._refusals_audited(user, "observation.add"):
            who, scope = self._who(user, entered_by), self.region_scope(user)
            return add_observation(self.db, row, entered_by=who, scope=scope, periods=self._plan_periods())

    def _plan_periods(self) -> list[PlanPeriod]:
        """Every plan's key, region and period (what a typed-in observation is checked against), remembered until the plans change."""
        from planwatch.store import plan_periods

        found: list[PlanPeriod] = self.remember("plan-periods", lambda: plan_periods(self.db), self.plans_stamp())
        return found

    def correct_observation(
        self,
        observation_id: int,
        *,
        value: str,
        unit: str | None,
        reason: str,
        quote: str | None = None,
        entered_by: str | None = None,
        user: User | None = None,
    ) -> Observation:
        from planwatch.monitor.entry import correct_observation

        with self._refusals_audited(user, "observation.correct"):
            return correct_observation(
                self.db,
                observation_id,
                value=value,
                unit=unit,
                reason=reason,
                quote=quote,
                entered_by=self._who(user, entered_by),
                scope=self.region_scope(user),
            )

    def withdraw_observation(
        self, observation_id: int, *, reason: str, entered_by: str | None = None, user: User | None = None
    ) -> Observation:
        from planwatch.monitor.entry import withdraw_observation

        with self._refusals_audited(user, "observation.withdraw"):
            return withdraw_observation(
                self.db, observation_id, reason=reason, entered_by=self._who(user, entered_by), scope=self.region_scope(user)
            )

    def import_file(self, path: Path, *, entered_by: str | None = None, user: User | None = None, **options: Any) -> ImportReport:
        """Import a CSV or XLSX file, all or nothing; a row of a region ``user`` may not change is one of its problems."""
        from planwatch.monitor.entry import import_file

        with self._refusals_audited(user, "observation.import"):
            return import_file(self.db, path, entered_by=self._who(user, entered_by), scope=self.region_scope(user), **options)

    # -- observations proposed from bulletins and reports (#13) -----------------------------------

    def propose_observations(
        self,
        path: Path,
        *,
        region: str | None = None,
        year: int | None = None,
        source_url: str = "",
        proposed_by: str | None = None,
        user: User | None = None,
    ) -> ProposalReport:
        """Read a bulletin or report and store its statements as proposals (never data until accepted)."""
        from planwatch.monitor.proposals import propose_file

        with self._refusals_audited(user, "proposal.add"):
            if region:
                self.region_scope(user).check(region)
            return propose_file(self.db, path, region=region, year=year, source_url=source_url, proposed_by=self._who(user, proposed_by))

    def proposals(
        self, *, file_hash: str | None = None, status: ProposalStatus | None = None, ids: Sequence[int] | None = None
    ) -> list[Proposal]:
        from planwatch.store.proposals import list_proposals

        return list_proposals(self.db, file_hash=file_hash, status=status, ids=ids)

    def accept_proposals(
        self, ids: Sequence[int], *, keep_unmapped: bool = False, entered_by: str | None = None, user: User | None = None
    ) -> ImportReport:
        """Accepted proposals become observations through the import's checks (the region rule
        too), all or nothing."""
        from planwatch.monitor.proposals import accept

        with self._refusals_audited(user, "proposal.accept"):
            return accept(self.db, ids, entered_by=self._who(user, entered_by), keep_unmapped=keep_unmapped, scope=self.region_scope(user))

    def reject_proposals(
        self, ids: Sequence[int], *, note: str = "", decided_by: str | None = None, user: User | None = None
    ) -> list[Proposal]:
        from planwatch.monitor.proposals import reject

        with self._refusals_audited(user, "proposal.reject"):
            return reject(self.db, ids, decided_by=self._who(user, decided_by), note=note, scope=self.region_scope(user))

    def edit_proposal(
        self, proposal_id: int, changes: dict[str, Any], *, edited_by: str | None = None, user: User | None = None
    ) -> Proposal:
        from planwatch.monitor.proposals import edit

        with self._refusals_audited(user, "proposal.edit"):
            return edit(self.db, proposal_id, changes, edited_by=self._who(user, edited_by), scope=self.region_scope(user))

    def add_task_progress(self, plan: str, section: str, *, entered_by: str | None = None, user: User | None = None, **fields: Any) -> int:
        from planwatch.monitor.entry import add_task_progress

        with self._refusals_audited(user, "task.add"):
            return add_task_progress(self.db, plan, section, entered_by=self._who(user, entered_by), scope=self.region_scope(user), **fields)

    def add_tasks_progress(
        self, plan: str, sections: Sequence[str], *, entered_by: str | None = None, user: User | None = None, **fields: Any
    ) -> list[int]:
        """One progress entry for several tasks at once (a bulk status update), all or none."""
        from planwatch.monitor.entry import add_tasks_progress

        with self._refusals_audited(user, "task.add"):
            return add_tasks_progress(self.db, plan, sections, entered_by=self._who(user, entered_by), scope=self.region_scope(user), **fields)

    def numbering(self, plan: PlanInfo) -> dict[str, str]:
        """Each section's path → the plan's own numbering of it (三（二）5, 专栏3-2)."""
        from planwatch.store import section_numbering

        def compute() -> dict[str, str]:
            sections = self.sections(plan)
            return {s.path: section_numbering(s, sections) for s in sections}

        return self.remember(f"numbering:{plan.key}", compute, self.plans_stamp())

    def write_template(self, plan: PlanInfo, output: Path) -> Path:
        """The fill-in workbook of ``plan`` (indicators by year, tasks, narratives) to import back."""
        from planwatch.monitor.template import write_template

        return write_template(self.db, plan.key, output)

    def observations(self, **filters: Any) -> list[Observation]:
        """:func:`~planwatch.store.monitoring.list_observations`; of given regions, remembered until
        their observations change (an indicator page reads its series on every view). Do not modify the list."""
        from planwatch.store.monitoring import list_observations

        regions = filters.get("regions")
        if regions is None:
            return list_observations(self.db, **filters)
        name = "observations:" + repr(sorted((k, v if isinstance(v, str | bool | int | None) else sorted(v)) for k, v in filters.items()))
        stamp = self.monitoring_stamp([], list(regions))
        found: list[Observation] = self.remember(name, lambda: list_observations(self.db, **filters), stamp)
        return found

    def observation_history(self, observation_id: int) -> list[Observation]:
        from planwatch.store.monitoring import observation_history

        return observation_history(self.db, observation_id)

    def narratives(self, plan: PlanInfo, *, history: bool = False) -> list[Narrative]:
        """What evaluators wrote on the plan's indicators and tasks: the current text of each
        subject and field, or with ``history`` every version."""
        from planwatch.store.evaluation import current_narratives, list_narratives

        stamp = self.monitoring_stamp([plan.key], [])
        every: list[Narrative] = self.remember(f"narratives:{plan.key}", lambda: list_narratives(self.db, plan.key), stamp)
        return every if history else [n for fields in current_narratives(every).values() for n in fields.values()]

    def add_narrative(
        self,
        plan: PlanInfo,
        kind: SubjectKind,
        subject: str,
        field: NarrativeField,
        text: str,
        *,
        entered_by: str | None = None,
        user: User | None = None,
    ) -> int:
        """Store a new version of a narrative on an indicator (number, key or name) or a task (path,
        label or title fragment); returns its id."""
        from planwatch.monitor.narratives import narrative_input
        from planwatch.store.evaluation import add_narratives

        with self._refusals_audited(user, "narrative.add"):
            self.region_scope(user).check(plan.region, f"《{plan.title}》")
            given = narrative_input(self.db, plan.key, kind, subject, field, text)
            (narrative_id,) = add_narratives(self.db, [given], entered_by=self._who(user, entered_by))
            return narrative_id

    def snapshots(self, plan: PlanInfo) -> list[Snapshot]:
        from planwatch.store.evaluation import list_snapshots

        return list_snapshots(self.db, plan.key)

    def freeze(
        self,
        plan: PlanInfo,
        year: int | None = None,
        rules: RuleConfig | None = None,
        *,
        issued_by: str | None = None,
        user: User | None = None,
    ) -> Snapshot:
        """Store the plan's evaluation as issued (发布评估), with the data it rests on."""
        from planwatch.monitor.assessment import plan_assessment_dict
        from planwatch.store.evaluation import save_snapshot

        with self._refusals_audited(user, "evaluation.issue"):
            self.region_scope(user).check(plan.region, f"《{plan.title}》")
        issued_by = self._who(user, issued_by)
        rules = rules or self.rules
        result = self.assess(plan, year, rules)
        payload = plan_assessment_dict(result)
        return save_snapshot(self.db, plan.key, result.year, rules.method, payload, issued_by=issued_by)

    def write_report(self, result: PlanAssessment, output: Path, fmt: str | None = None) -> Path:
        from planwatch.report import write_report

        return write_report(result, output, fmt, historical=self.historical(result.plan))

    # -- comparison, search ---------------------------------------------------------------------

    def compare(self, year: int | None = None, rules: RuleConfig | None = None) -> tuple[Matrix, list[Finding]]:
        """Indicator × plan matrix (every plan rated with the same rules) and its consistency findings."""
        from planwatch.compare.consistency import check_consistency
        from planwatch.compare.matrix import indicator_matrix

        plans = self.plans()
        year = year or self.year_for(plans)
        matrix = indicator_matrix(self.db, year, assessments={p.key: self.assess(p, year, rules) for p in plans})
        return matrix, check_consistency(matrix)

    def coverage(self) -> Coverage:
        from planwatch.compare.coverage import task_coverage

        return self.remember("coverage", lambda: task_coverage(self.db), self.plans_stamp())

    def fields(self) -> tuple[list[PlanInfo], list[FieldRow]]:
        from planwatch.compare.fields import fields_matrix

        return self.remember("fields", lambda: fields_matrix(self.db), self.plans_stamp())

    def compare_table(self, which: CompareTable, year: int | None = None) -> Table:
        """One of the /compare tables as a spreadsheet table (what ``--output`` and the page's downloads write)."""
        from planwatch.compare.export import CompareTable, coverage_table, fields_table, matrix_table

        if which is CompareTable.MATRIX:
            return matrix_table(self.compare(year)[0])
        if which is CompareTable.COVERAGE:
            return coverage_table(self.coverage())
        return fields_table(*self.fields())

    def entities(self, plan: str | None = None, kind: str | None = None) -> list[Entity]:
        from planwatch.api import plan_entities

        found = self.remember(f"entities:{plan}", lambda: plan_entities(self.db, plan), self.plans_stamp())
        return [e for e in found if kind is None or e.type == kind]

    def search(self, query: str, **filters: Any) -> list[Hit]:
        from planwatch.search.query import search

        return search(self.db, query, **filters)

    def ask(
        self, question: str, *, plan: str | None = None, level: str | None = None, region: str | None = None, use_llm: bool = False
    ) -> Answer:
        """Answer ``question`` from the plans the filters leave, citing where each fact stands."""
        from planwatch.search.answer import ask

        return ask(self.db, question, plan=plan, level=level, region=region, use_llm=use_llm, settings=self.settings)

    # -- accounts -------------------------------------------------------------------------------

    def region_scope(self, user: User | None) -> RegionScope:
        """The regions whose data ``user`` may change (every one for ``None``, the CLI: the
        installation's owner). Every write above checks it (:mod:`planwatch.access`)."""
        from planwatch.access import region_scope

        return region_scope(user, self.plans)

    def _who(self, user: User | None, entered_by: str | None) -> str:
        """The name a write is recorded under: the signed-in user's, else the one given or the setting's."""
        return user.username if user is not None else entered_by or self.settings.entered_by

    @contextmanager
    def _refusals_audited(self, user: User | None, action: str) -> Iterator[None]:
        """Record a write refused by the region rule in the audit log (as refused sign-ins are),
        in its own transaction: the refused write itself stored nothing."""
        from planwatch.errors import ForbiddenError, PlanwatchError

        try:
            yield
        except PlanwatchError as exc:
            refused = [p for p in getattr(exc, "problems", [exc]) if isinstance(p, ForbiddenError)]
            if user is not None and refused:
                from planwatch.store.accounts import REFUSED, record

                record(self.db, user.username, REFUSED, "user", user.id, {"action": action, "reasons": [str(p) for p in refused[:20]]})
            raise

    def session_key(self) -> str:
        """The web sessions' signing key: the ``secret`` setting, else one kept in the database
        (so every worker and every restart shares it)."""
        import secrets

        from planwatch.store.accounts import setting

        if self.settings.secret is not None:
            return self.settings.secret.get_secret_value()
        return setting(self.db, "session_secret", secrets.token_urlsafe(48))

    def create_user(self, username: str, password: str, role: str, *, actor: str | None = None, regions: Sequence[str] = ()) -> User:
        """A new account; ``regions`` (each a stored plan's region) limits what an editor may change."""
        from planwatch.access import known_regions
        from planwatch.accounts import create_user

        chosen = known_regions(regions, self.regions())
        return create_user(self.db, username, password, role, actor=actor or self.settings.entered_by, regions=chosen)

    def update_user(self, username: str, *, actor: str | None = None, regions: Sequence[str] | None = None, **changes: Any) -> User:
        """Change an account; ``regions`` replaces its regions (``[]``: every region)."""
        from planwatch.access import known_regions
        from planwatch.store.accounts import update_user

        chosen = None if regions is None else known_regions(regions, self.regions())
        return update_user(self.db, username, actor=actor or self.settings.entered_by, regions=chosen, **changes)

    def users(self) -> list[User]:
        from planwatch.store.accounts import list_users

        return list_users(self.db)

    def authenticate(self, username: str, password: str) -> User | None:
        from planwatch.accounts import authenticate

        return authenticate(self.db, username, password)

    def sign_in(self, username: str, password: str, *, address: str) -> User:
        """The user, or an error; throttled and audited (see :func:`planwatch.accounts.sign_in`)."""
        from planwatch.accounts import sign_in

        return sign_in(self.db, username, password, address=address)

    def user_for_token(self, token: str) -> User | None:
        """The active owner of a valid token. Kept until the database reports a commit (by any
        process: a revocation, a new token, a changed or disabled account all commit) or the token
        expires: each API write looked it up with two queries, in a hop to the thread pool."""
        from planwatch.accounts import token_hash, user_for_token

        hashed = token_hash(token)
        kept, user = self._kept_owner(hashed)
        if kept:
            return user
        seen = self.db.commits_seen()
        found = user_for_token(self.db, token)
        if seen is not None:
            self._token_owners.put(hashed, (seen, found))
        return found[0] if found is not None else None

    def kept_user_for_token(self, token: str) -> tuple[bool, User | None]:
        """(True, the owner or None) when :meth:`user_for_token` can answer without the database."""
        from planwatch.accounts import token_hash

        return self._kept_owner(token_hash(token))

    def _kept_owner(self, hashed: str) -> tuple[bool, User | None]:
        from planwatch.store.accounts import utc_now

        entry = self._token_owners.get(hashed)
        if entry is None or entry[0] != self.db.commits_seen():
            return False, None
        found: tuple[User, datetime | None] | None = entry[1]
        if found is None:
            return True, None
        user, expires = found
        return (True, user) if expires is None or expires > utc_now() else (False, None)

    def user(self, user_id: int) -> User | None:
        from planwatch.store.accounts import get_user

        return get_user(self.db, user_id)

    def end_sessions(self, user_id: int, *, actor: str | None = None) -> None:
        """Sign the user out everywhere (every session cookie issued so far stops working)."""
        from planwatch.store.accounts import end_sessions

        end_sessions(self.db, user_id, actor=actor or self.settings.entered_by)

    def issue_token(self, username: str, name: str, *, actor: str | None = None, days: int | None = TOKEN_DAYS) -> str:
        """A new API token (shown once) valid for ``days`` (``None``: until revoked)."""
        from planwatch.accounts import issue_token

        return issue_token(self.db, username, name, actor=actor or self.settings.entered_by, days=days)

    def tokens(self) -> list[ApiToken]:
        from planwatch.store.accounts import list_tokens

        return list_tokens(self.db)

    def revoke_token(self, token_id: int, *, actor: str | None = None) -> ApiToken:
        from planwatch.accounts import revoke_token

        return revoke_token(self.db, token_id, actor=actor or self.settings.entered_by)

    def audit(self, *, limit: int, offset: int = 0) -> tuple[list[AuditEntry], int]:
        """A page of the audit log, newest first, and how many entries there are."""
        from planwatch.store.accounts import list_audit

        return list_audit(self.db, limit=limit, offset=offset)

    def observation(self, observation_id: int) -> Observation:
        from planwatch.store.monitoring import get_observation

        return get_observation(self.db, observation_id)


def _builtin_rules() -> RuleConfig:
    from planwatch.monitor.rules import RuleConfig

    return RuleConfig()
