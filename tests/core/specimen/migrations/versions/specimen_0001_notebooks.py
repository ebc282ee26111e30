"""The specimen's notebook list.

Revision ID: specimen_0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "specimen_0001"
down_revision = None
branch_labels = ("specimen",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "specimen_notebooks",
        sa.Column("notebook_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("keeper_id", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("notebook_id"),
    )


def downgrade() -> None:
    op.drop_table("specimen_notebooks")
