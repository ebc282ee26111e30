"""Network meetings and community dialogue events.

Revision ID: network_0003
Revises: network_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "network_0003"
down_revision = "network_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_meetings",
        sa.Column("meeting_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attending", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("open_follow_ups", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_index("network_meetings_city", "network_meetings", ["city", "held_on"])


def downgrade() -> None:
    op.drop_table("network_meetings")
