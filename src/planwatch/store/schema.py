"""Database tables (SQLAlchemy 2 ORM). Only :mod:`planwatch.store` touches these classes."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    """A plan as an identity; its texts are versions."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    parent_key: Mapped[str | None] = mapped_column(String(200))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="final")
    source_file: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    versions: Mapped[list[VersionRow]] = relationship(back_populates="plan", order_by="VersionRow.number", cascade="all, delete-orphan")


class VersionRow(Base):
    """One ingested text of a plan. The text is kept so every line number can be shown."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(40))
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, deferred=True)  # loaded only when shown
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)

    plan: Mapped[PlanRow] = relationship(back_populates="versions")
    sections: Mapped[list[SectionRow]] = relationship(order_by="SectionRow.ordinal", cascade="all, delete-orphan")
    tables: Mapped[list[TableRecord]] = relationship(order_by="TableRecord.ordinal", cascade="all, delete-orphan")
    targets: Mapped[list[TargetRow]] = relationship(order_by="TargetRow.ordinal", cascade="all, delete-orphan")
    historical: Mapped[list[HistoricalRow]] = relationship(order_by="HistoricalRow.id", cascade="all, delete-orphan")


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(50))
    parent_ordinal: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    start_line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    inline: Mapped[bool] = mapped_column(Boolean, default=False)
    table_ordinal: Mapped[int | None] = mapped_column(Integer)


class TableRecord(Base):
    __tablename__ = "plan_tables"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    header: Mapped[list[str]] = mapped_column(JSON)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    notes: Mapped[list[str]] = mapped_column(JSON)
    start_line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)


class TargetRow(Base):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(Text)
    indicator_key: Mapped[str | None] = mapped_column(String(100), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    target_year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    attribute: Mapped[str | None] = mapped_column(String(20))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    qualitative: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[str] = mapped_column(String(20), default="plan")
    source: Mapped[str] = mapped_column(String(10))
    section_path: Mapped[str | None] = mapped_column(String(50))
    raw: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)


class TargetReviewRow(Base):
    """An editor's decision on a target, named by the fingerprint of the target as extracted so
    that it still applies when a new version of the plan states the same target. Never updated:
    a new decision is a new row, the latest wins. A correction holds every correctable field."""

    __tablename__ = "target_reviews"
    __table_args__ = (Index("ix_target_reviews_plan_fingerprint", "plan_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    target_year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(20))
    indicator_key: Mapped[str | None] = mapped_column(String(100))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str | None] = mapped_column(String(20))  # follows the corrected indicator's catalog entry
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime)


class HistoricalRow(Base):
    __tablename__ = "historical_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(20))
    target_raw: Mapped[str] = mapped_column(String(100))
    actual_raw: Mapped[str] = mapped_column(String(100))
    target_year: Mapped[int | None] = mapped_column(Integer)
    actual_year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(50))
    line: Mapped[int] = mapped_column(Integer)
    group: Mapped[str | None] = mapped_column(String(100))


class ObservationRow(Base):
    """One statement of an actual value by one source. Never updated in place: a correction or a
    withdrawal is a new row that supersedes the old one, which stays for the history."""

    __tablename__ = "observations"
    # A version is superseded at most once, so a lineage is a chain with one current version,
    # however many corrections race for it.
    __table_args__ = (
        Index("ix_observations_series", "region", "indicator_key", "year"),
        Index("ix_observations_region_id", "region", "id"),  # the stamps' largest id per region
        # a source's statements of a figure, the standing ones together by id: the duplicate check under the
        # write lock (store.monitoring.statements_of_sources)
        Index("ix_observations_figure_source", "region", "indicator_key", "year", "source_url", "current", "withdrawn", "id"),
        Index("uq_observations_supersedes", "supersedes_id", unique=True),
        # a figure's distinct wordings, each found by one seek (store.monitoring.list_observations, distinct)
        Index("ix_observations_figure_wording", "region", "indicator_key", "year", "wording", "current", "withdrawn", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(100))
    indicator_key: Mapped[str | None] = mapped_column(String(100))
    indicator_name: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    value_raw: Mapped[str] = mapped_column(String(50))
    unit_raw: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    batch: Mapped[str | None] = mapped_column(String(300))
    line: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id"))
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    # what a statement says, as a digest (observation_wording): set by every insert, never changed
    wording: Mapped[str] = mapped_column(String(32), default=lambda context: observation_wording(context.get_current_parameters()))


def observation_wording(values: dict[str, Any]) -> str:
    """A digest of what a statement says of its figure — name, value, the value and unit as printed,
    the quote: two statements of one figure (region, indicator, year) with the same digest say the same."""
    said = (values["indicator_name"], repr(float(values["value"])), values["value_raw"], values["unit_raw"], values.get("quote") or "")
    return hashlib.blake2b("\x1f".join(said).encode("utf-8"), digest_size=16).hexdigest()


class TaskProgressRow(Base):
    """A dated progress entry for a numbered task or 专栏 project of a plan."""

    __tablename__ = "task_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(200), index=True)
    section_path: Mapped[str] = mapped_column(String(50))
    section_title: Mapped[str] = mapped_column(Text)
    entry_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    department: Mapped[str] = mapped_column(String(200), default="")
    milestone: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)


class NarrativeRow(Base):
    """原因分析 / 已采取措施 / 下一步 for a target or task of a plan; append-only, the latest is current."""

    __tablename__ = "narratives"
    __table_args__ = (Index("ix_narratives_subject", "plan_key", "subject_kind", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)


class SnapshotRow(Base):
    """An evaluation frozen as issued (``planwatch evaluate --freeze``)."""

    __tablename__ = "evaluation_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    data_through: Mapped[datetime | None] = mapped_column(DateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Part of every session cookie; raised by sign-out, a new password, a new role or disabling,
    # which makes every earlier cookie of the user invalid.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UserRegionRow(Base):
    """A region whose data the user may change; a user without any may change every region's."""

    __tablename__ = "user_regions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    region: Mapped[str] = mapped_column(String(100), primary_key=True)


class ApiTokenRow(Base):
    """A script's token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditRow(Base):
    """Who changed what, when, from what to what. Written in the same transaction as the change."""

    __tablename__ = "audit_log"
    # The data stamp's max(id) over entries that changed data (sign-ins excluded), in O(log n).
    __table_args__ = (Index("ix_audit_data_changes", "id", sqlite_where=text("action NOT LIKE 'session.%'"), postgresql_where=text("action NOT LIKE 'session.%'")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(100))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SettingRow(Base):
    """Installation settings kept in the database (e.g. the session signing key)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SearchChunk(Base):
    """A paragraph of a plan's latest version, as the search index knows it.

    Its words (jieba) go to the full-text index: an FTS5 table ``search_fts`` (rowid = id) on
    SQLite, the ``tokens_tsv`` column on PostgreSQL; migration 0005 creates whichever applies.
    """

    __tablename__ = "search_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_path: Mapped[str | None] = mapped_column(String(50))
    section_kind: Mapped[str | None] = mapped_column(String(20))
    section_title: Mapped[str] = mapped_column(Text, default="")
    start_line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    tokens: Mapped[str] = mapped_column(Text)


class ProposalRow(Base):
    """An observation a bulletin or report states, proposed to an editor: never data until
    accepted. Named by the file's content hash and the statement's fingerprint, so a rejected one
    is remembered and the same file does not propose it again."""

    __tablename__ = "observation_proposals"
    __table_args__ = (UniqueConstraint("file_hash", "fingerprint", name="uq_observation_proposals_file_statement"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    fingerprint: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), index=True)
    region: Mapped[str] = mapped_column(String(100))
    indicator_name: Mapped[str] = mapped_column(Text)
    indicator_key: Mapped[str | None] = mapped_column(String(100))
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    value_raw: Mapped[str] = mapped_column(String(50))
    unit_raw: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    observation_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id"))
    proposed_by: Mapped[str] = mapped_column(String(100))
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
