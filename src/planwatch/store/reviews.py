"""Editors' decisions on extracted targets: stored, audited, and applied whenever targets are read.

A decision names the target by the fingerprint of what was extracted (indicator, value, range,
unit, year, kind), not by its row or number, so re-ingesting a new version of the plan that
states the same target keeps the decision. Decisions are never updated: the latest one wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.extract.language import REVIEW_BELOW
from planwatch.models import CORRECTABLE, ReviewDecision, ReviewState, Target, TargetReview
from planwatch.store.accounts import audit
from planwatch.store.database import Database
from planwatch.store.schema import PlanRow, TargetReviewRow

STORED_CORRECTIONS = (*CORRECTABLE, "direction")  # what a correction row holds: the target's new values
_STATE_OF = {
    ReviewDecision.CONFIRMED: ReviewState.CONFIRMED,
    ReviewDecision.REJECTED: ReviewState.REJECTED,
    ReviewDecision.CORRECTED: ReviewState.CORRECTED,
}


def target_fingerprint(target: Target) -> str:
    """The same for the same target as extracted from any version of the plan."""
    parts = (target.indicator, target.value, target.value_high, target.unit, target.target_year, target.kind)
    text = "|".join("" if p is None else repr(p) if isinstance(p, float) else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def apply_reviews(targets: Sequence[Target], reviews: Mapping[str, TargetReview]) -> list[Target]:
    """Each target with its review state; a corrected one carries the corrected values and keeps
    the extracted target in ``extracted``."""
    return [_apply(t, reviews.get(target_fingerprint(t))) for t in targets]


def _apply(target: Target, review: TargetReview | None) -> Target:
    if review is None:
        return replace(target, review=ReviewState.PENDING if target.confidence < REVIEW_BELOW else ReviewState.AUTO)
    state = _STATE_OF[review.decision]
    if state is not ReviewState.CORRECTED:
        return replace(target, review=state)
    changes: dict[str, object] = {f: review.corrections[f] for f in STORED_CORRECTIONS if f in review.corrections}
    if changes.get("value") is not None:  # a number an editor gives makes a qualitative or XX target measurable
        changes |= {"qualitative": False, "placeholder": False}
    return replace(target, **changes, review=state, extracted=target)  # type: ignore[arg-type]


def _review(row: TargetReviewRow, plan_key: str) -> TargetReview:
    decision = ReviewDecision(row.decision)
    corrections = {f: getattr(row, f) for f in STORED_CORRECTIONS} if decision is ReviewDecision.CORRECTED else {}
    return TargetReview(row.id, plan_key, row.fingerprint, decision, corrections, row.note, row.decided_by, row.decided_at)


def latest_reviews(session: Session, plan: PlanRow) -> dict[str, TargetReview]:
    """The decision in force for each fingerprint of the plan."""
    rows = session.scalars(select(TargetReviewRow).where(TargetReviewRow.plan_id == plan.id).order_by(TargetReviewRow.id))
    return {row.fingerprint: _review(row, plan.key) for row in rows}


def review_history(db: Database, plan_key: str, fingerprint: str | None = None) -> list[TargetReview]:
    """Every decision on the plan's targets (or on one target), oldest first."""
    with db.reader() as session:
        plan = _plan(session, plan_key)
        query = select(TargetReviewRow).where(TargetReviewRow.plan_id == plan.id)
        if fingerprint is not None:
            query = query.where(TargetReviewRow.fingerprint == fingerprint)
        return [_review(row, plan.key) for row in session.scalars(query.order_by(TargetReviewRow.id))]


def add_review(
    db: Database,
    plan_key: str,
    extracted: Target,
    decision: ReviewDecision,
    *,
    corrections: Mapping[str, object] | None = None,
    note: str = "",
    decided_by: str,
    before: Target | None = None,
) -> TargetReview:
    """Record a decision on ``extracted`` (the target as extracted) and its audit entry in one
    transaction. A correction gives every field of ``STORED_CORRECTIONS``; ``before`` is the target as it
    read until now (for the audit's old side)."""
    fields = dict(corrections or {}) if decision is ReviewDecision.CORRECTED else {}
    fingerprint = target_fingerprint(extracted)
    with db.transaction() as session:
        plan = _plan(session, plan_key)
        row = TargetReviewRow(
            plan_id=plan.id,
            fingerprint=fingerprint,
            decision=decision.value,
            note=note,
            decided_by=decided_by,
            decided_at=datetime.now(UTC).replace(tzinfo=None),
            **fields,
        )
        session.add(row)
        session.flush()
        shown = before or extracted
        old = {"indicator": shown.indicator, "review": shown.review.value} | {f: getattr(shown, f) for f in STORED_CORRECTIONS}
        new = {"decision": decision.value, "note": note} | fields
        audit(session, decided_by, f"target.{decision.value}", "target", f"{plan.key} {fingerprint[:12]}", old, new)
        return _review(row, plan.key)


def _plan(session: Session, plan_key: str) -> PlanRow:
    plan = session.scalar(select(PlanRow).where(PlanRow.key == plan_key))
    if plan is None:
        raise NotFoundError(f"没有规划“{plan_key}”")
    return plan
