"""Reading and writing plans (the other store modules hold observations, accounts, search and backup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from planwatch.errors import NotFoundError
from planwatch.models import Evidence, HistoricalResult, ParsedPlan, PlanInfo, PlanPeriod, Section, StoreResult, Table, TableRow, Target
from planwatch.safety import check_plan_key, slug
from planwatch.store.accounts import SESSION_ACTIONS
from planwatch.store.database import Database
from planwatch.store.reviews import apply_reviews, latest_reviews
from planwatch.store.schema import AuditRow, Base, HistoricalRow, PlanRow, SectionRow, TableRecord, TargetReviewRow, TargetRow, VersionRow


def plan_key(parsed: ParsedPlan) -> str:
    """The manifest key, else a slug of the title (stable across versions of one plan)."""
    if parsed.meta.key:
        return check_plan_key(parsed.meta.key)
    return slug(parsed.meta.title) or parsed.source.checksum[:12]


def store_plan(
    db: Database,
    parsed: ParsedPlan,
    targets: Sequence[Target] = (),
    historical: Sequence[HistoricalResult] = (),
    warnings: Sequence[str] = (),
) -> StoreResult:
    """Store a parsed plan and what was extracted from it in one transaction.

    A new plan, a new version, or nothing at all when the file is unchanged.
    """
    key = plan_key(parsed)
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.transaction() as session:
        plan = session.scalar(select(PlanRow).where(PlanRow.key == key))
        if plan is None:
            plan = PlanRow(key=key, created_at=now)
            session.add(plan)
            status = "new"
        else:
            latest = plan.versions[-1] if plan.versions else None
            if latest is not None and latest.checksum == parsed.source.checksum:
                return StoreResult(key=key, title=plan.title, version=latest.number, status="unchanged")
            status = "updated"
        meta = parsed.meta
        plan.title, plan.issuer, plan.region, plan.level = meta.title, meta.issuer, meta.region, meta.level
        plan.parent_key, plan.period_start, plan.period_end = meta.parent, meta.period_start, meta.period_end
        plan.status, plan.source_file, plan.note = meta.status, meta.source_file, meta.note
        number = (plan.versions[-1].number + 1) if plan.versions else 1
        version = VersionRow(
            number=number,
            file_name=parsed.source.path.rsplit("/", 1)[-1],
            format=parsed.source.format,
            encoding=parsed.source.encoding,
            checksum=parsed.source.checksum,
            size=parsed.source.size,
            text=parsed.source.text,
            warnings=list(parsed.warnings),
            ingested_at=now,
        )
        plan.versions.append(version)
        session.flush()
        # A plan has hundreds of sections: one Core executemany per table, not one ORM object each
        # (the ORM's bulk insert still inspects every row; Core binds the dicts as they are).
        children: list[tuple[type[Base], list[dict[str, Any]]]] = [
            (SectionRow, [_section_values(s) for s in parsed.sections]),
            (TableRecord, [_table_values(t) for t in parsed.tables]),
            (TargetRow, [_target_values(n, t) for n, t in enumerate(targets, start=1)]),
            (HistoricalRow, [{f: getattr(h, f) for f in _HISTORICAL_FIELDS} for h in historical]),
        ]
        for row_type, values in children:
            if values:
                session.execute(insert(Base.metadata.tables[row_type.__tablename__]), [{"version_id": version.id, **v} for v in values])
        return StoreResult(key=key, title=plan.title, version=number, status=status)


def _section_values(section: Section) -> dict[str, Any]:
    return {
        "ordinal": section.ordinal,
        "path": section.path,
        "parent_ordinal": section.parent,
        "level": section.level,
        "kind": section.kind,
        "label": section.label,
        "title": section.title,
        "start_line": section.start_line,
        "end_line": section.end_line,
        "inline": section.inline,
        "table_ordinal": section.table,
    }


def _table_values(table: Table) -> dict[str, Any]:
    return {
        "ordinal": table.ordinal,
        "title": table.title,
        "header": list(table.header),
        "rows": [{"cells": list(r.cells), "lines": list(r.lines)} for r in table.rows],
        "notes": list(table.notes),
        "start_line": table.start_line,
        "end_line": table.end_line,
    }


_TARGET_FIELDS = (
    "indicator",
    "indicator_key",
    "value",
    "value_high",
    "unit",
    "target_year",
    "kind",
    "qualifier",
    "direction",
    "attribute",
    "baseline_value",
    "baseline_year",
    "placeholder",
    "qualitative",
    "scope",
    "source",
    "section_path",
    "raw",
    "confidence",
)
_HISTORICAL_FIELDS = ("indicator", "unit", "target_raw", "actual_raw", "target_year", "actual_year", "status", "line", "group")


def _target_values(ordinal: int, target: Target) -> dict[str, Any]:
    return {
        "ordinal": ordinal,
        "evidence": [{"line": e.line, "text": e.text, "source": e.source} for e in target.evidence],
        **{f: getattr(target, f) for f in _TARGET_FIELDS},
    }


def get_targets(db: Database, ref: str, version: int | None = None) -> list[Target]:
    """The version's targets, numbered from 1 in this order, each with editors' decisions applied
    (review state; corrected values, the extracted target kept in ``extracted``)."""
    with db.reader() as session:
        plan = resolve_plan(session, ref)
        rows = _version(plan, version).targets
        extracted = [Target(**{f: getattr(r, f) for f in _TARGET_FIELDS}, evidence=tuple(Evidence(**e) for e in r.evidence)) for r in rows]
        return apply_reviews(extracted, latest_reviews(session, plan))


def get_historical(db: Database, ref: str, version: int | None = None) -> list[HistoricalResult]:
    with db.reader() as session:
        rows = _version(resolve_plan(session, ref), version).historical
        return [HistoricalResult(**{f: getattr(r, f) for f in _HISTORICAL_FIELDS}) for r in rows]


def list_plans(db: Database) -> list[PlanInfo]:
    """Every plan, in four queries whatever their number (plans, their versions, section and
    table counts of the latest versions), not three per plan."""
    with db.reader() as session:
        return _plan_infos(session, session.scalars(select(PlanRow).options(selectinload(PlanRow.versions)).order_by(PlanRow.id)).all())


def _plan_infos(session: Session, plans: Sequence[PlanRow]) -> list[PlanInfo]:
    """The plans as their latest versions describe them, the section and table counts read for
    all of them at once."""
    latest = [_version(plan, None).id for plan in plans]
    sections = _counts(session, SectionRow.version_id, latest)
    tables = _counts(session, TableRecord.version_id, latest)
    return [_plan_info(plan, sections.get(v, 0), tables.get(v, 0)) for plan, v in zip(plans, latest, strict=True)]


def _counts(session: Session, version_id: InstrumentedAttribute[int], versions: list[int]) -> dict[int, int]:
    """Rows per version of the table ``version_id`` belongs to, for the given versions."""
    if not versions:
        return {}
    rows = session.execute(select(version_id, func.count()).where(version_id.in_(versions)).group_by(version_id)).all()
    return {version: count for version, count in rows}


def plan_periods(db: Database) -> list[PlanPeriod]:
    """Every plan's key, region and period, in one light query (checked on every data entry)."""
    with db.reader() as session:
        rows = session.execute(select(PlanRow.key, PlanRow.region, PlanRow.period_start, PlanRow.period_end).order_by(PlanRow.id)).all()
        return [PlanPeriod(key, region, start, end) for key, region, start, end in rows]


def get_plan(db: Database, ref: str) -> PlanInfo:
    with db.reader() as session:
        return _plan_infos(session, [resolve_plan(session, ref)])[0]


def resolve_plan(session: Session, ref: str) -> PlanRow:
    """A plan named by id, key, title or region, or by a fragment unique to one title. A key (what
    the front ends pass once they have resolved the user's reference) is one indexed lookup."""
    by_key = session.scalars(select(PlanRow).where(PlanRow.key == ref)).one_or_none()
    if by_key is not None and not (ref.isdigit() and session.get(PlanRow, int(ref)) is not None):
        return by_key
    plans = session.scalars(select(PlanRow).order_by(PlanRow.id)).all()
    for matches in (
        [p for p in plans if ref.isdigit() and p.id == int(ref)],
        [p for p in plans if ref in (p.key, p.title, p.source_file)],
        [p for p in plans if p.region == ref],
        [p for p in plans if ref in p.title or ref in p.key],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = "、".join(f"{p.key}（{p.title}）" for p in matches)
            raise NotFoundError(f"“{ref}”对应多个规划：{names}；请写出规划代码")
    known = "、".join(p.key for p in plans) or "尚未导入任何规划"
    raise NotFoundError(f"没有规划“{ref}”（已有：{known}）")


def _version(plan: PlanRow, number: int | None) -> VersionRow:
    if not plan.versions:
        raise NotFoundError(f"规划 {plan.key} 没有任何版本")
    if number is None:
        return plan.versions[-1]
    for version in plan.versions:
        if version.number == number:
            return version
    raise NotFoundError(f"规划 {plan.key} 没有第 {number} 版（最新为第 {plan.versions[-1].number} 版）")


def _plan_info(plan: PlanRow, sections: int, tables: int) -> PlanInfo:
    latest = _version(plan, None)
    return PlanInfo(
        id=plan.id,
        key=plan.key,
        title=plan.title,
        region=plan.region,
        level=plan.level,
        parent=plan.parent_key,
        period_start=plan.period_start,
        period_end=plan.period_end,
        status=plan.status,
        issuer=plan.issuer,
        source_file=plan.source_file,
        version=latest.number,
        version_count=len(plan.versions),
        file_name=latest.file_name,
        format=latest.format,
        checksum=latest.checksum,
        section_count=sections,
        table_count=tables,
        warnings=tuple(latest.warnings or ()),
    )


def get_sections(db: Database, ref: str, version: int | None = None) -> list[Section]:
    with db.reader() as session:
        rows = _version(resolve_plan(session, ref), version).sections
        return [
            Section(
                ordinal=r.ordinal,
                path=r.path,
                parent=r.parent_ordinal,
                level=r.level,
                kind=r.kind,
                label=r.label,
                title=r.title,
                start_line=r.start_line,
                end_line=r.end_line,
                inline=r.inline,
                table=r.table_ordinal,
            )
            for r in rows
        ]


def get_tables(db: Database, ref: str, version: int | None = None) -> list[Table]:
    with db.reader() as session:
        records = _version(resolve_plan(session, ref), version).tables
        return [
            Table(
                ordinal=t.ordinal,
                title=t.title,
                header=tuple(t.header),
                start_line=t.start_line,
                end_line=t.end_line,
                rows=tuple(TableRow(cells=tuple(r["cells"]), lines=tuple(r["lines"])) for r in t.rows),
                notes=tuple(t.notes),
            )
            for t in records
        ]


def get_source_text(db: Database, ref: str, version: int | None = None) -> str:
    with db.reader() as session:
        return _version(resolve_plan(session, ref), version).text


_HALF_WIDTH_BRACKETS = str.maketrans("()", "（）")


def section_numbering(section: Section, sections: Sequence[Section]) -> str:
    """The plan's own numbering of a section: its labels from the chapter down (三（二）5); a 专栏 box
    is numbered across the plan (专栏3) and its projects below it (专栏3-2)."""
    by_ordinal = {s.ordinal: s for s in sections}
    labels: list[str] = []
    current = section
    while True:
        label = current.label.rstrip("、.．").translate(_HALF_WIDTH_BRACKETS)
        if current.kind == "box":
            return "-".join([label, *reversed(labels)])
        labels.append(label)
        if current.parent is None:
            return "".join(reversed(labels))
        current = by_ordinal[current.parent]


def find_section(sections: list[Section], ref: str) -> Section:
    """A section by path (3.2), the plan's numbering (三（二）5), label (（二）, 专栏3), its label and
    title as the task table shows them, or a fragment of them unique in the plan."""
    ref = ref.strip()
    for matches in (
        [s for s in sections if s.path == ref],
        [s for s in sections if section_numbering(s, sections) == ref.translate(_HALF_WIDTH_BRACKETS)],
        [s for s in sections if s.label == ref or s.label.rstrip("、.．") == ref],
        [s for s in sections if f"{s.label}{s.title}" == ref],
        [s for s in sections if ref in f"{s.label}{s.title}"],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "；".join(f"{s.path} {section_numbering(s, sections)} {s.title[:20]}" for s in matches[:8])
            raise NotFoundError(f"“{ref}”对应多个章节或任务：{listed}；请写出任务标题或路径（如 {matches[0].path}）")
    raise NotFoundError(f"规划中没有“{ref}”：请写任务编号（如 三（二）5 或 专栏1）或任务表中的标题")


def list_versions(db: Database, ref: str) -> list[dict[str, object]]:
    """Every stored version of a plan, oldest first (number, file, format, checksum, size, when)."""
    with db.reader() as session:
        plan = resolve_plan(session, ref)
        return [
            {
                "number": v.number,
                "file_name": v.file_name,
                "format": v.format,
                "encoding": v.encoding,
                "checksum": v.checksum,
                "size": v.size,
                "ingested_at": v.ingested_at,
            }
            for v in plan.versions
        ]


def data_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever stored data does: every write is audited or is a new plan version.

    Caches key on it, so a cached answer is never older than the data.
    """
    with db.read_engine.connect() as connection:  # one round trip, no ORM session: this runs on every read
        row = connection.execute(_STAMP).one()
        return int(row[0] or 0), int(row[1] or 0)


_DATA_CHANGES = select(func.max(AuditRow.id)).where(AuditRow.action.not_like(SESSION_ACTIONS))
_STAMP = select(_DATA_CHANGES.scalar_subquery(), select(func.max(VersionRow.id)).scalar_subquery())


def plans_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever the plans do (a new version, an editor's target review) and not when
    monitoring data is entered: caches of what only the plans hold (lists, outlines, sections,
    tables, targets, entities) key on it and survive a morning of data entry.

    Both are insert-only tables, so their largest ids say every change.
    """
    with db.read_engine.connect() as connection:
        row = connection.execute(_PLANS_STAMP).one()
        return int(row[0] or 0), int(row[1] or 0)


# the two largest ids behind plans_stamp, as columns other stamps select in the same round trip
PLANS_CHANGES = (select(func.max(VersionRow.id)).scalar_subquery(), select(func.max(TargetReviewRow.id)).scalar_subquery())
_PLANS_STAMP = select(*PLANS_CHANGES)  # built once: it is read after every commit, by every cache
