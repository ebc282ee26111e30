"""A second worker on a case, and a transfer waiting in another city.

Revision ID: casework_0004
Revises: casework_0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0004"
down_revision = "casework_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_worker_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("transfer_to", sa.String(length=40), nullable=True))
        batch_op.create_index("casework_cases_second_worker", ["city", "second_worker_id"], unique=False)
        batch_op.create_index("casework_cases_transfers", ["transfer_to"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_index("casework_cases_transfers")
        batch_op.drop_index("casework_cases_second_worker")
        batch_op.drop_column("transfer_to")
        batch_op.drop_column("second_worker_id")
