"""the regions a user may change (an editor of 南山区 changes only 南山区's data)

Revision ID: 0011_roles_regions
Revises: 0010_observe_proposals
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_roles_regions"
down_revision = "0010_observe_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_regions",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("region", sa.String(100), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("user_regions")
