"""the figure-and-source index holds each source's statements by (current, withdrawn, id): the
duplicate check under the write lock seeks a source's standing statements one by one in the index's
own order on PostgreSQL (``store.monitoring.statements_of_sources``), a plan no other index can
serve; with equality alone, on statistics from before a burst of data entry, PostgreSQL scanned
every statement of the figure through the shorter series index

Revision ID: 0016_pgdup_source_standing
Revises: 0015_writepath_wording
"""

from alembic import op

revision = "0016_pgdup_source_standing"
down_revision = "0015_writepath_wording"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_observations_figure_source", table_name="observations")
    op.create_index("ix_observations_figure_source", "observations", ["region", "indicator_key", "year", "source_url", "current", "withdrawn", "id"])


def downgrade() -> None:
    op.drop_index("ix_observations_figure_source", table_name="observations")
    op.create_index("ix_observations_figure_source", "observations", ["region", "indicator_key", "year", "source_url"])
