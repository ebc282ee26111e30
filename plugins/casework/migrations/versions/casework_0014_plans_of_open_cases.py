"""Whether a plan's case is open, on the plan and its actions: the dashboard lists what is due on open cases
without looking up every overdue action of the city in the case list.

Plans drawn up before this revision take their case's phase from the case list.

Revision ID: casework_0014
Revises: casework_0013
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0014"
down_revision = "casework_0013"
branch_labels = None
depends_on = None

TABLES = {"casework_plans": ("casework_plans_reviews_due", ["city", "next_review"],
                             ["city", "case_open", "next_review"]),
          "casework_plan_actions": ("casework_plan_actions_due", ["city", "status", "due_on"],
                                    ["city", "case_open", "status", "due_on", "case_id", "number"])}


def upgrade() -> None:
    for table, (index, before, after) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("case_open", sa.Boolean(), server_default=sa.true(), nullable=False))
            batch_op.drop_index(index)
            batch_op.create_index(index, after, unique=False)
        op.execute(f"UPDATE {table} SET case_open = false WHERE case_id IN "
                   "(SELECT case_id FROM casework_cases WHERE phase IN ('closed', 'follow_up'))")


def downgrade() -> None:
    for table, (index, before, after) in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.create_index(index, before, unique=False)
            batch_op.drop_column("case_open")
