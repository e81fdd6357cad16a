"""Observation proposals: statements read from a bulletin or report, kept apart from the data
until an editor accepts them. Accepting stores the observation and marks the proposal in one
transaction; a rejection is remembered per file (its content hash), so the same file never
proposes that statement again. Every decision is audited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import InputError, NotFoundError
from planwatch.extract.statements import Statement, StatementKind, StatementScope
from planwatch.models import ObservationInput
from planwatch.store.accounts import audit
from planwatch.store.database import Database
from planwatch.store.monitoring import _add
from planwatch.store.schema import ProposalRow


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"pending": "待审核", "accepted": "已采纳", "rejected": "已拒绝"}[self.value]


@dataclass(frozen=True)
class Proposal:
    """A stored proposal: the statement as read (or as an editor edited it) and its decision."""

    id: int
    file_hash: str
    file_name: str
    fingerprint: str
    status: ProposalStatus
    region: str
    indicator_name: str
    indicator_key: str | None
    candidates: tuple[tuple[str, str, float], ...]  # (key, name, score)
    year: int | None
    value: float
    unit: str
    value_raw: str
    unit_raw: str
    kind: StatementKind
    scope: StatementScope
    quote: str
    line: int
    source: str
    source_url: str
    observation_id: int | None
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str


# What an editor may change before accepting (a converted value follows from value_raw and unit_raw).
EDITABLE = ("region", "indicator_name", "indicator_key", "year", "value", "value_raw", "unit", "unit_raw", "kind", "note")


def statement_fingerprint(statement: Statement) -> str:
    """The same for the same statement read from the same file again."""
    s = statement
    text = "|".join(str(p) for p in (s.region, s.indicator, s.year, s.value_raw, s.unit_raw, s.kind.value, s.line))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _proposal(row: ProposalRow) -> Proposal:
    return Proposal(
        id=row.id,
        file_hash=row.file_hash,
        file_name=row.file_name,
        fingerprint=row.fingerprint,
        status=ProposalStatus(row.status),
        region=row.region,
        indicator_name=row.indicator_name,
        indicator_key=row.indicator_key,
        candidates=tuple((str(c["key"]), str(c["name"]), float(c["score"])) for c in row.candidates or ()),
        year=row.year,
        value=row.value,
        unit=row.unit,
        value_raw=row.value_raw,
        unit_raw=row.unit_raw,
        kind=StatementKind(row.kind),
        scope=StatementScope(row.scope),
        quote=row.quote,
        line=row.line,
        source=row.source,
        source_url=row.source_url,
        observation_id=row.observation_id,
        proposed_by=row.proposed_by,
        proposed_at=row.proposed_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        note=row.note,
    )


@dataclass(frozen=True)
class ProposalBatch:
    """What proposing a file did: the new proposals, and the statements it already knew."""

    new: list[Proposal]
    pending: int  # proposed before and still waiting
    accepted_before: int
    rejected_before: int  # remembered: not proposed again


def add_proposals(db: Database, file_hash: str, file_name: str, statements: Sequence[Statement], *, proposed_by: str) -> ProposalBatch:
    """Propose a file's statements; those this file proposed before (whatever became of them) are
    counted, not proposed again."""
    with db.transaction(exclusive=True) as session:
        known = {row.fingerprint: row.status for row in session.scalars(select(ProposalRow).where(ProposalRow.file_hash == file_hash))}
        rows: list[ProposalRow] = []
        seen: set[str] = set()
        for statement in statements:
            fingerprint = statement_fingerprint(statement)
            if fingerprint in known or fingerprint in seen:
                continue
            seen.add(fingerprint)
            rows.append(_row(statement, file_hash, file_name, fingerprint, proposed_by))
        session.add_all(rows)
        session.flush()
        if rows:
            audit(session, proposed_by, "proposal.add", "file", file_hash, None, {"file": file_name, "count": len(rows)})
        statuses = list(known.values())
        return ProposalBatch(
            new=[_proposal(r) for r in rows],
            pending=statuses.count(ProposalStatus.PENDING.value),
            accepted_before=statuses.count(ProposalStatus.ACCEPTED.value),
            rejected_before=statuses.count(ProposalStatus.REJECTED.value),
        )


def _row(statement: Statement, file_hash: str, file_name: str, fingerprint: str, proposed_by: str) -> ProposalRow:
    s = statement
    return ProposalRow(
        file_hash=file_hash,
        file_name=file_name,
        fingerprint=fingerprint,
        status=ProposalStatus.PENDING.value,
        region=s.region,
        indicator_name=s.indicator,
        indicator_key=s.indicator_key,
        candidates=[{"key": c.key, "name": c.name, "score": c.score} for c in s.candidates],
        year=s.year,
        value=s.value,
        unit=s.unit,
        value_raw=s.value_raw,
        unit_raw=s.unit_raw,
        kind=s.kind.value,
        scope=s.scope.value,
        quote=s.quote,
        line=s.line,
        source=s.source,
        source_url=s.source_url,
        proposed_by=proposed_by,
        proposed_at=_now(),
        note="",
    )


def list_proposals(
    db: Database, *, file_hash: str | None = None, status: ProposalStatus | None = None, ids: Sequence[int] | None = None
) -> list[Proposal]:
    """Proposals in the order they were read (file, then line)."""
    query = select(ProposalRow)
    if file_hash is not None:
        query = query.where(ProposalRow.file_hash == file_hash)
    if status is not None:
        query = query.where(ProposalRow.status == status.value)
    if ids is not None:
        query = query.where(ProposalRow.id.in_(list(ids)))
    with db.reader() as session:
        return [_proposal(r) for r in session.scalars(query.order_by(ProposalRow.id))]


def _pending_rows(session: Session, ids: Sequence[int]) -> list[ProposalRow]:
    rows = {r.id: r for r in session.scalars(select(ProposalRow).where(ProposalRow.id.in_(list(ids))))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFoundError(f"没有编号为 {', '.join(map(str, missing))} 的候选观测值")
    decided = [i for i in ids if rows[i].status != ProposalStatus.PENDING.value]
    if decided:
        raise InputError(f"候选观测值 {', '.join(map(str, decided))} 已审核过（采纳或拒绝），不能再次审核")
    return [rows[i] for i in ids]


def edit_proposal(db: Database, proposal_id: int, changes: dict[str, Any], *, edited_by: str) -> Proposal:
    """An editor's correction of a pending proposal before it is accepted (audited)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InputError(f"候选观测值不能修改这些字段：{', '.join(sorted(unknown))}")
    with db.transaction(exclusive=True) as session:
        (row,) = _pending_rows(session, [proposal_id])
        before = {f: getattr(row, f) for f in changes}
        for field, value in changes.items():
            setattr(row, field, value.value if isinstance(value, StrEnum) else value)
        audit(session, edited_by, "proposal.edit", "proposal", row.id, before, {f: getattr(row, f) for f in changes})
        return _proposal(row)


def reject_proposals(db: Database, ids: Sequence[int], *, decided_by: str, note: str = "") -> list[Proposal]:
    """Reject pending proposals; the file will not propose them again."""
    with db.transaction(exclusive=True) as session:
        rows = _pending_rows(session, ids)
        for row in rows:
            row.status, row.decided_by, row.decided_at, row.note = ProposalStatus.REJECTED.value, decided_by, _now(), note or row.note
        audit(session, decided_by, "proposal.reject", "proposals", ",".join(map(str, ids)), None, {"count": len(rows), "note": note})
        return [_proposal(r) for r in rows]


Keep = Callable[[Sequence[ObservationInput]], Sequence[ObservationInput]]


def accept_proposals(
    db: Database, accepted: Sequence[tuple[int, ObservationInput]], *, entered_by: str, batch: str, keep: Keep
) -> dict[int, int | None]:
    """Store the observations of accepted proposals and mark them accepted, in one transaction.

    ``keep`` (the duplicate check of every import) runs under the write lock and chooses which
    observations are stored; a proposal whose observation it leaves out (already recorded) is
    accepted without a new row. Returns each proposal's new observation id (or None).
    """
    ids = [proposal_id for proposal_id, _ in accepted]
    with db.transaction(exclusive=True) as session:
        rows = _pending_rows(session, ids)
        drafts = [draft for _, draft in accepted]
        kept = list(keep(drafts))
        new_ids, _ = _add(session, kept, (), entered_by=entered_by, batch=batch)
        stored = dict(zip((id(d) for d in kept), new_ids, strict=True))
        result: dict[int, int | None] = {}
        for row, draft in zip(rows, drafts, strict=True):
            row.status, row.decided_by, row.decided_at = ProposalStatus.ACCEPTED.value, entered_by, _now()
            row.observation_id = stored.get(id(draft))
            result[row.id] = row.observation_id
        audit(session, entered_by, "proposal.accept", "proposals", ",".join(map(str, ids)), None, {"count": len(rows), "stored": len(new_ids)})
        return result
