"""When each case was closed, which the retention period of its kind runs from.

Cases closed before this revision take the time of their last change, which is at or after the
closure: no one is erased early, and `exitfi projections rebuild casework_cases` gives the exact time.

Revision ID: casework_0012
Revises: casework_0011
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0012"
down_revision = "casework_0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE casework_cases SET closed_at = updated_at WHERE phase = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
