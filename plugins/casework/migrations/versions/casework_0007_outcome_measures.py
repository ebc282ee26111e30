"""The outcome measurements of each case.

Revision ID: casework_0007
Revises: casework_0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0007"
down_revision = "casework_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_outcomes",
        sa.Column("outcomes_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outcomes_id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_table(
        "casework_outcome_measurements",
        sa.Column("outcomes_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=20), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("measure_set", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outcomes_id", "version"),
    )
    op.create_index("casework_outcome_measurements_case", "casework_outcome_measurements", ["case_id", "version"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("casework_outcome_measurements_case", table_name="casework_outcome_measurements")
    op.drop_table("casework_outcome_measurements")
    op.drop_table("casework_outcomes")
