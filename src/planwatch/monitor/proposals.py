"""Observations proposed from the bulletins and reports an office already reads.

A file is read for its statements of actual values (:mod:`planwatch.extract.statements`); each
becomes a proposal, never data. An editor accepts, edits or rejects them, one by one or all at
once. Accepted proposals go through the same validation, duplicate and conflict checks as any
observation import (:mod:`planwatch.monitor.entry`), all or nothing: a growth rate is stored only
under a growth series, never as a level; a change from the year before is not an observation; a
lower bound (超2.4万家) keeps its quote, so it agrees with any value above it. Rejections are
remembered per file, so reading the same file again does not propose them again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planwatch.access import EVERY_REGION, RegionScope
from planwatch.errors import ForbiddenError, InputError, PlanwatchError
from planwatch.extract.catalog import Indicator
from planwatch.extract.numbers import parse_unit, to_number
from planwatch.extract.statements import Statement, StatementKind, extract_statements
from planwatch.models import ObservationInput
from planwatch.monitor.entry import ImportFailed, ImportReport, _drop_duplicates, _note_agreement
from planwatch.monitor.observations import ValidationContext, current_user, observation_from_row
from planwatch.store import plan_periods
from planwatch.store.database import Database
from planwatch.store.proposals import (
    Proposal,
    ProposalBatch,
    ProposalStatus,
    accept_proposals,
    add_proposals,
    edit_proposal,
    list_proposals,
    reject_proposals,
)

# What an editor may correct before accepting, with its label (the CLI's --review and the web form).
EDIT_PROMPTS = {
    "region": "地区",
    "indicator_name": "指标名称",
    "indicator_key": "目录指标代码（- 为不映射）",
    "year": "年份",
    "value_raw": "数值（原文）",
    "unit_raw": "单位（原文）",
    "kind": "类型（level 总量 / growth_rate 增速 / share 比重 / lower_bound 下限 / change 变化量）",
}


@dataclass(frozen=True)
class ProposalReport:
    """What reading a file proposed."""

    path: str
    file_hash: str
    region: str
    year: int | None
    statements: list[Statement]
    batch: ProposalBatch


def propose_file(
    db: Database,
    path: str | Path,
    *,
    region: str | None = None,
    year: int | None = None,
    source_url: str = "",
    proposed_by: str | None = None,
    max_bytes: int | None = None,
) -> ProposalReport:
    """Read a bulletin or report and store its statements as pending proposals."""
    plan, facts, statements = extract_statements(path, region=region, year=year, source_url=source_url, max_bytes=max_bytes)
    if not facts.region:
        raise InputError("无法从文件标题判断地区，请用 --region 指明（如 深圳市）", path=str(path))
    name = Path(path).name
    batch = add_proposals(db, plan.source.checksum, name, statements, proposed_by=proposed_by or current_user())
    return ProposalReport(str(path), plan.source.checksum, facts.region, facts.year, statements, batch)


def pending(db: Database, file_hash: str | None = None) -> list[Proposal]:
    return list_proposals(db, file_hash=file_hash, status=ProposalStatus.PENDING)


def observation_row(proposal: Proposal, catalog: Mapping[str, Indicator]) -> tuple[dict[str, Any], list[str]]:
    """The import row a proposal stands for, and what keeps it from being an observation."""
    problems: list[str] = []
    name = proposal.indicator_name
    key = proposal.indicator_key
    if proposal.year is None:
        problems.append("没有年份：请先修改候选观测值，填写数据所属年份")
    if proposal.kind is StatementKind.CHANGE:
        problems.append(f"“比上年{proposal.value_raw}{proposal.unit_raw}”是变化量，不是当年的观测值：请拒绝，或改为总量后采纳")
    elif proposal.kind is StatementKind.GROWTH_RATE:
        indicator = catalog.get(key) if key else None
        if indicator is not None and indicator.growth_of is None:
            problems.append(f"增速 {proposal.value_raw}% 不能存为总量指标“{indicator.name}”（{indicator.key}）：请改选增速指标，或不映射")
        if key is None:
            name = name if name.endswith(("增速", "增长率", "增长")) else f"{name}增速"  # never read as the level's name
    row = {
        "region": proposal.region,
        "indicator_key": key or "",
        "indicator": name,
        "year": str(proposal.year or ""),
        "value": proposal.value_raw,
        "unit": proposal.unit_raw,
        "source": proposal.source or proposal.file_name,
        "source_url": proposal.source_url,
        "quote": proposal.quote,
        "note": proposal.note or f"由 {proposal.file_name} 第{proposal.line}行读出，经审核采纳",
    }
    return row, problems


def accept(
    db: Database, ids: Sequence[int], *, entered_by: str | None = None, keep_unmapped: bool = False, scope: RegionScope = EVERY_REGION
) -> ImportReport:
    """Accept pending proposals as observations: validated, duplicates left out, conflicts reported;
    all or nothing (any problem, a region outside ``scope`` too: nothing is stored and nothing is marked)."""
    proposals = list_proposals(db, ids=ids)
    by_id = {p.id: p for p in proposals}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise InputError(f"没有编号为 {', '.join(map(str, missing))} 的候选观测值")
    context = ValidationContext.build(plan_periods(db), keep_unmapped=keep_unmapped, scope=scope)
    report = ImportReport(path="候选观测值 " + ",".join(map(str, ids)))
    problems: list[PlanwatchError] = []
    accepted: list[tuple[int, ObservationInput]] = []
    for proposal_id in ids:
        proposal = by_id[proposal_id]
        where = f"候选观测值 #{proposal.id}（{proposal.file_name} 第{proposal.line}行）"
        row, reasons = observation_row(proposal, context.catalog)
        result = observation_from_row(row, proposal.line, context)
        problems.extend(PlanwatchError(reason, path=where) for reason in [*reasons, *result.errors])
        if result.refusal:
            problems.append(ForbiddenError(result.refusal, path=where))
        if result.observation is not None and not reasons:
            accepted.append((proposal.id, result.observation))
            if result.unmapped_hint:
                report.unmapped.append((proposal.line, result.observation.indicator_name, result.unmapped_hint))
    if problems:
        raise ImportFailed(problems, report.path)
    user = entered_by or current_user()

    def new_only(drafts: Sequence[ObservationInput]) -> list[ObservationInput]:
        return _drop_duplicates(db, list(drafts), report)  # under the write lock

    stored = accept_proposals(db, accepted, entered_by=user, batch=f"候选观测值 {datetime.now(UTC):%Y-%m-%d %H:%M:%S}", keep=new_only)
    report.added = [i for i in stored.values() if i is not None]
    _note_agreement(db, set(report.added), {o.region for _, o in accepted}, report)
    return report


def _check_scope(db: Database, ids: Sequence[int], scope: RegionScope) -> None:
    """Refuse proposals of regions outside ``scope`` (one without a region may be decided by anyone)."""
    for proposal in list_proposals(db, ids=ids):
        if proposal.region:
            scope.check(proposal.region, f"候选观测值 #{proposal.id}（{proposal.file_name} 第{proposal.line}行）")


def reject(
    db: Database, ids: Sequence[int], *, decided_by: str | None = None, note: str = "", scope: RegionScope = EVERY_REGION
) -> list[Proposal]:
    _check_scope(db, ids, scope)
    return reject_proposals(db, ids, decided_by=decided_by or current_user(), note=note)


def edit(
    db: Database, proposal_id: int, changes: dict[str, Any], *, edited_by: str | None = None, scope: RegionScope = EVERY_REGION
) -> Proposal:
    """Correct a pending proposal; a new value or unit as printed is converted again. Neither its
    region nor a new one may be outside ``scope``."""
    _check_scope(db, [proposal_id], scope)
    if "region" in changes:
        scope.check(str(changes["region"]), f"候选观测值 #{proposal_id}")
    if "value_raw" in changes or "unit_raw" in changes:
        found = list_proposals(db, ids=[proposal_id])
        if not found:
            raise InputError(f"没有编号为 {proposal_id} 的候选观测值")
        proposal = found[0]
        value_raw = str(changes.get("value_raw", proposal.value_raw))
        unit_raw = str(changes.get("unit_raw", proposal.unit_raw))
        parsed = parse_unit(unit_raw)
        try:
            number = to_number(value_raw)
        except ValueError as exc:
            raise InputError(f"数值“{value_raw}”不是数字") from exc
        if parsed is None:
            raise InputError(f"无法识别的单位“{unit_raw}”")
        changes = changes | {"value_raw": value_raw, "unit_raw": unit_raw, "unit": parsed[0], "value": round(number * parsed[1], 10)}
    if "kind" in changes:
        try:
            changes = changes | {"kind": StatementKind(changes["kind"])}
        except ValueError as exc:
            raise InputError(f"类型“{changes['kind']}”不是 {' / '.join(k.value for k in StatementKind)} 之一") from exc
    if changes.get("indicator_key") in ("-", ""):
        changes = changes | {"indicator_key": None}
    if "year" in changes:
        year = str(changes["year"])
        if not (year.isdigit() and len(year) == 4):
            raise InputError(f"年份“{year}”不是四位数字")
        changes = changes | {"year": int(year)}
    return edit_proposal(db, proposal_id, changes, edited_by=edited_by or current_user())
