"""Who sent the client: the referral source recorded at intake.

Revision ID: casework_0005
Revises: casework_0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0005"
down_revision = "casework_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("referral_source", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_column("referral_source")
