"""The log's notifications on PostgreSQL: a trigger on the log's table wakes `exitfi projections follow`.

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-28

A statement-level trigger sends `pg_notify('exitfi_log', <the log's schema>)` in the writer's own
transaction; listeners hear it when the writer commits. SQLite has no notifications (its followers
poll), so the revision does nothing there. The log's table is the eventsourcing library's: the
trigger is added to it, not the table changed.
"""

from alembic import op

revision = 'core_0005'
down_revision = 'core_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""CREATE OR REPLACE FUNCTION exitfi_events_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('exitfi_log', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$f$""")
    op.execute("DROP TRIGGER IF EXISTS exitfi_events_notify ON exitfi_events")
    op.execute("CREATE TRIGGER exitfi_events_notify AFTER INSERT ON exitfi_events "
               "FOR EACH STATEMENT EXECUTE FUNCTION exitfi_events_notify()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS exitfi_events_notify ON exitfi_events")
    op.execute("DROP FUNCTION IF EXISTS exitfi_events_notify()")
