"""observations indexed by region and id: the largest id of a plan family's regions (the stamp
every cached read of an assessment checks) is one index seek per region, not a scan of its rows

Revision ID: 0011_speed_observation_stamp
Revises: 0011_roles_regions
"""

from alembic import op

revision = "0011_speed_observation_stamp"
down_revision = "0011_roles_regions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_observations_region_id", "observations", ["region", "id"])


def downgrade() -> None:
    op.drop_index("ix_observations_region_id", table_name="observations")
