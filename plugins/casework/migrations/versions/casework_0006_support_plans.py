"""The support plan of each case and its actions.

Revision ID: casework_0006
Revises: casework_0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0006"
down_revision = "casework_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_plans",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("drawn_up_on", sa.Date(), nullable=False),
        sa.Column("drawn_up_by", sa.String(length=64), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=False),
        sa.Column("last_review", sa.Date(), nullable=True),
        sa.Column("goals", sa.Integer(), nullable=False),
        sa.Column("actions", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        sa.UniqueConstraint("plan_id"),
    )
    op.create_index("casework_plans_reviews_due", "casework_plans", ["city", "next_review"], unique=False)
    op.create_table(
        "casework_plan_actions",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "number"),
    )
    op.create_index("casework_plan_actions_due", "casework_plan_actions", ["city", "status", "due_on"], unique=False)


def downgrade() -> None:
    op.drop_index("casework_plan_actions_due", table_name="casework_plan_actions")
    op.drop_table("casework_plan_actions")
    op.drop_index("casework_plans_reviews_due", table_name="casework_plans")
    op.drop_table("casework_plans")
