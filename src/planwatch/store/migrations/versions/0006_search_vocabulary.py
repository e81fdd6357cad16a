"""search vocabulary: FTS5's term statistics, so queries can leave out words found almost everywhere

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts_vocab")
