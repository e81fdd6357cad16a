"""PostgreSQL tells every process when what the stamps read has changed: a statement that writes one
of the tables behind data_stamp, plans_stamp and monitoring_stamp sends a notification at commit,
and each process's listening connection counts them (``Database.commits_seen``) — as SQLite's
``PRAGMA data_version`` does — instead of querying the stamps on every read request

Revision ID: 0014_pagespeed_commit_notify
Revises: 0013_webspeed_observation_source
"""

from alembic import op

revision = "0014_pagespeed_commit_notify"
down_revision = "0013_webspeed_observation_source"
branch_labels = None
depends_on = None

# what the stamps read (store.repository.data_stamp / plans_stamp, store.monitoring.monitoring_stamp)
STAMPED = ("audit_log", "plan_versions", "target_reviews", "observations", "task_progress", "narratives", "evaluation_snapshots")
CHANNEL = "planwatch_commits"  # store.database.COMMITS_CHANNEL


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # one notification per transaction: PostgreSQL folds identical ones into one, sent at commit
    op.execute(
        f"CREATE FUNCTION planwatch_notify_commit() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$"
    )
    for table in STAMPED:
        op.execute(
            f"CREATE TRIGGER planwatch_notify_commit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION planwatch_notify_commit()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in STAMPED:
        op.execute(f"DROP TRIGGER planwatch_notify_commit ON {table}")
    op.execute("DROP FUNCTION planwatch_notify_commit()")
