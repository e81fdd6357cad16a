"""search index: paragraphs with their jieba words, FTS5 on SQLite, tsvector on PostgreSQL

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("section_path", sa.String(length=50), nullable=True),
        sa.Column("section_kind", sa.String(length=20), nullable=True),
        sa.Column("section_title", sa.Text(), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_chunks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_chunks_plan_id"), ["plan_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_chunks ADD COLUMN tokens_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED")
        op.execute("CREATE INDEX ix_search_chunks_tsv ON search_chunks USING gin (tokens_tsv)")
    else:
        # words are pre-split by jieba and joined by spaces; unicode61 splits on those spaces
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(tokens, tokenize='unicode61')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table("search_chunks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_chunks_plan_id"))
    op.drop_table("search_chunks")
