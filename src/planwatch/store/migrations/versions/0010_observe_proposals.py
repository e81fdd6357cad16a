"""observation proposals read from bulletins and reports, pending an editor's decision

Revision ID: 0010_observe_proposals
Revises: 0007_eval
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_observe_proposals"
down_revision = "0007_eval"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observation_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("fingerprint", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("indicator_name", sa.Text(), nullable=False),
        sa.Column("indicator_key", sa.String(100), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("value_raw", sa.String(50), nullable=False),
        sa.Column("unit_raw", sa.String(30), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("observation_id", sa.Integer(), sa.ForeignKey("observations.id"), nullable=True),
        sa.Column("proposed_by", sa.String(100), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.UniqueConstraint("file_hash", "fingerprint", name="uq_observation_proposals_file_statement"),
    )
    op.create_index("ix_observation_proposals_file_hash", "observation_proposals", ["file_hash"])
    op.create_index("ix_observation_proposals_status", "observation_proposals", ["status"])


def downgrade() -> None:
    op.drop_index("ix_observation_proposals_status", "observation_proposals")
    op.drop_index("ix_observation_proposals_file_hash", "observation_proposals")
    op.drop_table("observation_proposals")
