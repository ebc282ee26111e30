"""Consent in force, the legal basis, the closing reason and the next follow-up review of each case.

Revision ID: casework_0002
Revises: casework_0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0002"
down_revision = "casework_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participation", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("legal_basis", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("closing_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("next_follow_up", sa.Date(), nullable=True))
        batch_op.create_index("casework_cases_follow_ups", ["city", "next_follow_up"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_index("casework_cases_follow_ups")
        batch_op.drop_column("next_follow_up")
        batch_op.drop_column("closing_reason")
        batch_op.drop_column("legal_basis")
        batch_op.drop_column("participation")
