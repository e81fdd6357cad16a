"""target confidence and editors' decisions on targets (target_reviews)

Revision ID: 0007_review_target_reviews
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_review_target_reviews"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        # targets stored before confidence was measured were all trusted as they stood
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=False, server_default="1.0"))
    op.create_table(
        "target_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("indicator_key", sa.String(length=100), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=True),
        sa.Column("direction", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("target_reviews", schema=None) as batch_op:
        batch_op.create_index("ix_target_reviews_plan_fingerprint", ["plan_id", "fingerprint"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("target_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_target_reviews_plan_fingerprint")
    op.drop_table("target_reviews")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_column("confidence")
