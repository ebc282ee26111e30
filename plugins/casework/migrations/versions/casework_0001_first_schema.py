"""Casework's case list as `exitfi init` made it before there were migrations.

Revision ID: casework_0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0001"
down_revision = None
branch_labels = ("casework",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "casework_cases",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("worker_id", sa.String(length=64), nullable=True),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("pseudonym", sa.Text(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index("ix_casework_cases_client_id", "casework_cases", ["client_id"])
    op.create_index("casework_cases_caseload", "casework_cases", ["city", "worker_id", "updated_at"])
    op.create_index("casework_cases_city_recent", "casework_cases", ["city", "updated_at"])
    op.create_index("casework_cases_city_phase", "casework_cases", ["city", "phase"])


def downgrade() -> None:
    op.drop_table("casework_cases")
