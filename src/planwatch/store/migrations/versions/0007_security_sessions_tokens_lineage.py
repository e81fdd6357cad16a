"""security: per-user session version, token expiry and revocation, one successor per observation version

Revision ID: 0007_security
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_security"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.add_column("api_tokens", sa.Column("revoked_at", sa.DateTime(), nullable=True))
    op.create_index("uq_observations_supersedes", "observations", ["supersedes_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_observations_supersedes", table_name="observations")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
