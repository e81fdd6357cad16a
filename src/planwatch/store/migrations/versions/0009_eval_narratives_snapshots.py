"""narratives (原因分析, 已采取措施, 下一步) per target or task, and evaluation snapshots as issued

Revision ID: 0007_eval
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_eval"
down_revision = "0008_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "narratives",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_key", sa.String(200), nullable=False),
        sa.Column("subject_kind", sa.String(10), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_narratives_subject", "narratives", ["plan_key", "subject_kind", "subject"])
    op.create_table(
        "evaluation_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_key", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("issued_by", sa.String(100), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("data_through", sa.DateTime(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_index("ix_evaluation_snapshots_plan_key", "evaluation_snapshots", ["plan_key"])


def downgrade() -> None:
    op.drop_index("ix_evaluation_snapshots_plan_key", "evaluation_snapshots")
    op.drop_table("evaluation_snapshots")
    op.drop_index("ix_narratives_subject", "narratives")
    op.drop_table("narratives")
