"""The assessments of each case.

Revision ID: casework_0003
Revises: casework_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0003"
down_revision = "casework_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_assessments",
        sa.Column("assessment_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("instrument", sa.String(length=60), nullable=False),
        sa.Column("instrument_version", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("approval_required", sa.Boolean(), nullable=False),
        sa.Column("assessor", sa.String(length=64), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id"),
    )
    op.create_index("casework_assessments_case", "casework_assessments", ["case_id", "started_at"], unique=False)


def downgrade() -> None:
    op.drop_index("casework_assessments_case", table_name="casework_assessments")
    op.drop_table("casework_assessments")
