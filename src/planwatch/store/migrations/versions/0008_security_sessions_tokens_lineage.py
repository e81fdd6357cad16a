"""security: per-user session version, token expiry and revocation, one successor per observation version,
and an index for the data stamp that leaves sign-in events out

Revision ID: 0008_security
Revises: 0007_review_target_reviews
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_security"
down_revision = "0007_review_target_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.add_column("api_tokens", sa.Column("revoked_at", sa.DateTime(), nullable=True))
    op.create_index("uq_observations_supersedes", "observations", ["supersedes_id"], unique=True)
    where = sa.text("action NOT LIKE 'session.%'")
    op.create_index("ix_audit_data_changes", "audit_log", ["id"], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    op.drop_index("ix_audit_data_changes", table_name="audit_log")
    op.drop_index("uq_observations_supersedes", table_name="observations")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
