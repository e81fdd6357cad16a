"""Narratives (原因分析, 已采取措施, 下一步) for a plan's indicators and tasks, and snapshots of
issued evaluations with what changed since the last one."""

from __future__ import annotations

from typing import Any

from planwatch.errors import InputError
from planwatch.models import NarrativeField, NarrativeInput, Snapshot, SubjectKind, Target
from planwatch.store import find_section, get_plan, get_sections, get_targets
from planwatch.store.database import Database


def target_subject(targets: list[Target], ref: str) -> str:
    """A target named by its number in the indicator table (1-based), catalog key or name."""
    if ref.isdigit() and 1 <= int(ref) <= len(targets):
        return targets[int(ref) - 1].indicator
    found = [t.indicator for t in targets if ref in (t.indicator, t.indicator_key)]
    if len(found) != 1:
        names = "、".join(t.indicator for t in targets)
        raise InputError(f"规划中没有唯一对应“{ref}”的指标：请写指标序号 1–{len(targets)}、指标代码或名称（{names}）")
    return found[0]


def narrative_input(db: Database, plan: str, kind: SubjectKind, ref: str, field: NarrativeField, text: str) -> NarrativeInput:
    """A narrative for the indicator or task ``ref`` names, checked against the plan's latest version."""
    info = get_plan(db, plan)
    if kind is SubjectKind.TARGET:
        subject = target_subject(get_targets(db, info.key), ref)
    else:
        subject = find_section(get_sections(db, info.key), ref).path
    return NarrativeInput(plan_key=info.key, subject_kind=kind, subject=subject, field=field, text=text)


def changes_since(previous: Snapshot, current: dict[str, Any]) -> list[str]:
    """What differs between an issued evaluation and the current one: status moves, new years of
    data, corrected values, targets added or gone."""
    before = {t["indicator"]: t for t in _targets(previous.payload)}
    now = {t["indicator"]: t for t in _targets(current)}
    lines = []
    for name, target in now.items():
        old = before.get(name)
        if old is None:
            lines.append(f"{name}：新增指标目标")
            continue
        if old["status"] != target["status"]:
            lines.append(f"{name}：状态由“{old['status']}”变为“{target['status']}”")
        old_values = {p["year"]: p["value"] for p in old["series"]}
        for point in target["series"]:
            year, value = point["year"], point["value"]
            if year not in old_values:
                lines.append(f"{name}：新增{year}年数据{value:g}")
            elif abs(old_values[year] - value) > 1e-9 * max(1.0, abs(value)):
                lines.append(f"{name}：{year}年数值由{old_values[year]:g}变为{value:g}（更正或新来源）")
    lines += [f"{name}：指标目标已不在规划中" for name in before if name not in now]
    return lines


def _targets(payload: dict[str, Any]) -> list[dict[str, Any]]:
    targets = payload.get("targets", [])
    return targets if isinstance(targets, list) else []


def snapshot_title(snapshot: Snapshot) -> str:
    vintage = f"，数据录入截至{snapshot.data_through:%Y-%m-%d}" if snapshot.data_through else ""
    return f"{snapshot.issued_at:%Y-%m-%d}发布的{snapshot.year}年评估（快照#{snapshot.id}，{snapshot.issued_by}{vintage}）"
