"""observations indexed by figure and source: a typed-in observation's duplicate check (its own
source's statements of the figure, read while every writer waits on the write lock) is one index
seek, not a scan of every statement of the figure

Revision ID: 0013_webspeed_observation_source
Revises: 0011_speed_observation_stamp
"""

from alembic import op

revision = "0013_webspeed_observation_source"
down_revision = "0011_speed_observation_stamp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_observations_figure_source", "observations", ["region", "indicator_key", "year", "source_url"])


def downgrade() -> None:
    op.drop_index("ix_observations_figure_source", table_name="observations")
