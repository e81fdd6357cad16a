"""The officer confirms the framework: confirm, reject or correct an extracted target.

Shared by the CLI, the API and the plan page. Targets are named by their number in the plan's
latest version (as ``planwatch targets`` lists them); the decision is stored against the target
as extracted (store/reviews.py), so it survives re-ingesting a new version that states it again.
Rejected targets are never rated; a corrected one is rated on its corrected values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from planwatch.errors import InputError, NotFoundError
from planwatch.extract.catalog import load_catalog
from planwatch.models import CORRECTABLE, KIND_LABELS, ReviewDecision, ReviewState, Target, TargetKind
from planwatch.monitor.observations import current_user
from planwatch.store import get_plan, get_targets
from planwatch.store.database import Database
from planwatch.store.reviews import STORED_CORRECTIONS, add_review

FIELD_LABELS = {
    "value": "目标值",
    "value_high": "区间上限",
    "unit": "单位",
    "target_year": "目标年份",
    "kind": "类型",
    "indicator_key": "指标目录键",
    "qualifier": "限定词",
}
CLEAR = "-"  # typed for a field that should become empty (区间上限, 限定词, 指标目录键)
_CLEARABLE = ("value_high", "qualifier", "indicator_key")
_MARKERS = ("qualitative", "placeholder")


def numbered_target(db: Database, plan: str, number: int) -> tuple[str, Target]:
    """The plan's key and its target number ``number`` (from 1), as it reads now."""
    key = get_plan(db, plan).key
    targets = get_targets(db, key)
    if not 1 <= number <= len(targets):
        raise NotFoundError(f"规划 {key} 没有第 {number} 项指标目标（共 {len(targets)} 项）")
    return key, targets[number - 1]


def pending_numbers(targets: list[Target]) -> list[int]:
    """Numbers of the targets waiting for an officer (待确认)."""
    return [n for n, t in enumerate(targets, start=1) if t.review is ReviewState.PENDING]


def review_target(
    db: Database,
    plan: str,
    number: int,
    decision: ReviewDecision,
    *,
    corrections: Mapping[str, object] | None = None,
    note: str = "",
    decided_by: str | None = None,
) -> Target:
    """Record a decision on target ``number`` of ``plan`` (audited); returns the target as it now reads.

    ``corrections`` (for ``corrected``) maps fields of ``CORRECTABLE`` to their new values; fields
    left out keep their current value, ``None`` clears a field that may be empty.
    """
    key, current = numbered_target(db, plan, number)
    extracted = current.extracted or current
    fields: dict[str, object] | None = None
    if decision is ReviewDecision.CORRECTED:
        fields = _corrected_fields(current, extracted, corrections or {})
    elif corrections:
        raise InputError("只有“更正”可以修改字段")
    add_review(db, key, extracted, decision, corrections=fields, note=note.strip(), decided_by=decided_by or current_user(), before=current)
    return get_targets(db, key)[number - 1]


def _corrected_fields(current: Target, extracted: Target, corrections: Mapping[str, object]) -> dict[str, object]:
    unknown = sorted(set(corrections) - set(CORRECTABLE))
    if unknown:
        raise InputError(f"不能更正的字段：{'、'.join(unknown)}（可更正：{'、'.join(CORRECTABLE)}）")
    merged: dict[str, object] = {f: getattr(current, f) for f in STORED_CORRECTIONS} | dict(corrections)
    if merged["value"] is not None and merged["qualifier"] in _MARKERS and "qualifier" not in corrections:
        merged["qualifier"] = None  # the extractor's marker for a target without a number
    problems = _problems(merged)
    if problems:
        raise InputError("；".join(problems))
    if merged["indicator_key"] != current.indicator_key:
        entry = load_catalog().get(str(merged["indicator_key"]))
        merged["direction"] = entry.direction if entry else extracted.direction
    if all(merged[f] == getattr(extracted, f) for f in STORED_CORRECTIONS):
        raise InputError("更正后的内容与抽取结果相同；如无需修改，请选择“确认”")
    return merged


def _problems(fields: Mapping[str, object]) -> list[str]:
    problems = []
    value, high = fields["value"], fields["value_high"]
    for name in ("value", "value_high"):
        number = fields[name]
        if number is not None and (not isinstance(number, int | float) or isinstance(number, bool) or not math.isfinite(number)):
            problems.append(f"{FIELD_LABELS[name]}须为数值")
    if isinstance(value, int | float) and isinstance(high, int | float) and high < value:
        problems.append(f"区间上限{high:g}小于目标值{value:g}")
    unit = fields["unit"]
    if not isinstance(unit, str) or not unit.strip() or len(unit) > 20:
        problems.append("单位不能为空，且不超过20个字")
    year = fields["target_year"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100):
        problems.append("目标年份须为2000—2100年之间的整数")
    if fields["kind"] not in set(TargetKind):
        problems.append(f"类型须为：{'、'.join(f'{k.value}（{label}）' for k, label in KIND_LABELS.items())}")
    key = fields["indicator_key"]
    if key is not None and key not in load_catalog():
        problems.append(f"指标目录中没有 {key!r}")
    qualifier = fields["qualifier"]
    if qualifier is not None and (not isinstance(qualifier, str) or len(qualifier) > 20):
        problems.append("限定词不超过20个字")
    return problems


def corrections_from_text(texts: Mapping[str, str | None]) -> dict[str, object]:
    """Typed corrections from what a person typed (command line, interactive prompt, page form):
    empty or missing keeps a field, ``-`` clears 区间上限, 限定词 or 指标目录键."""
    typed: dict[str, object] = {}
    for name, raw in texts.items():
        text = (raw or "").strip()
        if not text:
            continue
        if name not in CORRECTABLE:
            raise InputError(f"不能更正的字段：{name}")
        if text == CLEAR and name in _CLEARABLE:
            typed[name] = None
        elif name in ("value", "value_high"):
            try:
                typed[name] = float(text)
            except ValueError:
                raise InputError(f"{FIELD_LABELS[name]}须为数值：{text!r}") from None
        elif name == "target_year":
            if not text.isdigit():
                raise InputError(f"目标年份须为整数：{text!r}")
            typed[name] = int(text)
        else:
            typed[name] = text
    return typed
