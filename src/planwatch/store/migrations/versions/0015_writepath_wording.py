"""observations carry a digest of what each says (``wording``) and an index by figure and wording:
a figure's distinct statements, read after every typed-in observation to report its conflicts, are
a seek per wording, not a grouping of every statement of the figure (thousands, when many sources
repeat one figure)

Revision ID: 0015_writepath_wording
Revises: 0014_pagespeed_commit_notify
"""

import sqlalchemy as sa
from alembic import op

from planwatch.store.schema import observation_wording

revision = "0015_writepath_wording"
down_revision = "0014_pagespeed_commit_notify"
branch_labels = None
depends_on = None

COLUMNS = ("id", "indicator_name", "value", "value_raw", "unit_raw", "quote")


def upgrade() -> None:
    op.add_column("observations", sa.Column("wording", sa.String(32), nullable=True))
    bind = op.get_bind()
    table = sa.table("observations", *(sa.column(c) for c in (*COLUMNS, "wording")))
    rows = [dict(r._mapping) for r in bind.execute(sa.select(*(table.c[c] for c in COLUMNS)))]
    if rows:
        update = table.update().where(table.c.id == sa.bindparam("row_id")).values(wording=sa.bindparam("digest"))
        bind.execute(update, [{"row_id": r["id"], "digest": observation_wording(r)} for r in rows])
    with op.batch_alter_table("observations") as batch:
        batch.alter_column("wording", existing_type=sa.String(32), nullable=False)
    op.create_index("ix_observations_figure_wording", "observations", ["region", "indicator_key", "year", "wording", "current", "withdrawn", "id"])


def downgrade() -> None:
    op.drop_index("ix_observations_figure_wording", table_name="observations")
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("wording")
