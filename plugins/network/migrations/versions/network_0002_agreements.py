"""Agreements with the network's organisations.

Revision ID: network_0002
Revises: network_0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "network_0002"
down_revision = "network_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_agreements",
        sa.Column("agreement_id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("renew_by", sa.Date(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agreement_id"),
    )
    op.create_index("network_agreements_renewal", "network_agreements", ["city", "renew_by"])


def downgrade() -> None:
    op.drop_table("network_agreements")
