"""The prison pathway (custody, release date, handover tasks) and safety (plans, escalations) of each case.

Revision ID: casework_0009
Revises: casework_0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0009"
down_revision = "casework_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_custody",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("custody_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("prison", sa.String(length=200), nullable=True),
        sa.Column("expected_release", sa.Date(), nullable=True),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        sa.UniqueConstraint("custody_id"),
    )
    op.create_index("casework_custody_releases", "casework_custody", ["city", "expected_release"], unique=False)
    op.create_table(
        "casework_handover_tasks",
        sa.Column("custody_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("custody_id", "number"),
    )
    op.create_index("casework_handover_tasks_due", "casework_handover_tasks", ["city", "done_on", "due_on"],
                    unique=False)
    op.create_table(
        "casework_safety_plans",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        sa.UniqueConstraint("plan_id"),
    )
    op.create_table(
        "casework_escalations",
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=30), nullable=False),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=False),
        sa.Column("escalated_by", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("plan_id", "number"),
    )
    op.create_index("casework_escalations_waiting", "casework_escalations",
                    ["city", "acknowledged_by", "escalated_on"], unique=False)


def downgrade() -> None:
    op.drop_index("casework_escalations_waiting", table_name="casework_escalations")
    op.drop_table("casework_escalations")
    op.drop_table("casework_safety_plans")
    op.drop_index("casework_handover_tasks_due", table_name="casework_handover_tasks")
    op.drop_table("casework_handover_tasks")
    op.drop_index("casework_custody_releases", table_name="casework_custody")
    op.drop_table("casework_custody")
