"""Narratives and evaluation snapshots: what evaluators write and what they issued.

Both are append-only: a new narrative for the same subject and field is a new version (the old
one stays in the history), and a snapshot is never changed once stored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from planwatch.errors import InputError
from planwatch.models import Narrative, NarrativeField, NarrativeInput, Snapshot, SubjectKind
from planwatch.store.accounts import audit
from planwatch.store.database import Database
from planwatch.store.schema import NarrativeRow, ObservationRow, SnapshotRow

MAX_NARRATIVE = 5000  # characters: a paragraph or a few, not a document


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _narrative(row: NarrativeRow) -> Narrative:
    return Narrative(
        id=row.id,
        plan_key=row.plan_key,
        subject_kind=SubjectKind(row.subject_kind),
        subject=row.subject,
        field=NarrativeField(row.field),
        text=row.text,
        entered_by=row.entered_by,
        entered_at=row.entered_at,
    )


def add_narratives(db: Database, narratives: list[NarrativeInput], *, entered_by: str) -> list[int]:
    """Store new versions of narratives in one transaction (all or none); returns their ids."""
    for n in narratives:
        if not n.text.strip():
            raise InputError(f"{n.subject}: {n.field.label}不能为空")
        if len(n.text) > MAX_NARRATIVE:
            raise InputError(f"{n.subject}: {n.field.label}超过{MAX_NARRATIVE}字")
    ids = []
    with db.transaction() as session:
        for n in narratives:
            row = NarrativeRow(
                plan_key=n.plan_key,
                subject_kind=n.subject_kind.value,
                subject=n.subject,
                field=n.field.value,
                text=n.text.strip(),
                entered_by=entered_by,
                entered_at=_now(),
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
            audit(session, entered_by, "narrative.add", n.subject_kind.value, f"{n.plan_key} {n.subject}", None, {"field": n.field.value, "id": row.id})
    return ids


def list_narratives(db: Database, plan_key: str) -> list[Narrative]:
    """Every version of a plan's narratives, oldest first."""
    query = select(NarrativeRow).where(NarrativeRow.plan_key == plan_key).order_by(NarrativeRow.id)
    with db.reader() as session:
        return [_narrative(r) for r in session.scalars(query)]


def current_narratives(narratives: list[Narrative]) -> dict[tuple[SubjectKind, str], dict[NarrativeField, Narrative]]:
    """The latest version of each subject's fields."""
    found: dict[tuple[SubjectKind, str], dict[NarrativeField, Narrative]] = {}
    for n in narratives:
        found.setdefault((n.subject_kind, n.subject), {})[n.field] = n
    return found


def save_snapshot(db: Database, plan_key: str, year: int, method: str, payload: dict[str, Any], *, issued_by: str) -> Snapshot:
    """Freeze an evaluation as issued, with the entry time of the newest observation it could see."""
    payload = json.loads(json.dumps(payload, default=str))  # dates as ISO text: the record is plain JSON
    with db.transaction() as session:
        data_through = session.scalar(select(func.max(ObservationRow.entered_at)))
        row = SnapshotRow(
            plan_key=plan_key, year=year, method=method, issued_by=issued_by, issued_at=_now(), data_through=data_through, payload=payload
        )
        session.add(row)
        session.flush()
        audit(session, issued_by, "evaluation.freeze", "plan", plan_key, None, {"snapshot": row.id, "year": year, "method": method})
        return _snapshot(row)


def list_snapshots(db: Database, plan_key: str) -> list[Snapshot]:
    """A plan's issued evaluations, oldest first."""
    query = select(SnapshotRow).where(SnapshotRow.plan_key == plan_key).order_by(SnapshotRow.id)
    with db.reader() as session:
        return [_snapshot(r) for r in session.scalars(query)]


def _snapshot(row: SnapshotRow) -> Snapshot:
    return Snapshot(
        id=row.id,
        plan_key=row.plan_key,
        year=row.year,
        method=row.method,
        issued_by=row.issued_by,
        issued_at=row.issued_at,
        data_through=row.data_through,
        payload=dict(row.payload),
    )
