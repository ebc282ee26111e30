"""The blind index of a referred person's name, to find them for an access or erasure request.

Referrals received before this revision have none: `exitfi projections rebuild referrals_incoming` cannot make
one either (their events hold no index), so they are found from the event browser instead.

Revision ID: referrals_0002
Revises: referrals_0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "referrals_0002"
down_revision = "referrals_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referrals_incoming", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_index", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("name_bucket", sa.String(length=2), nullable=True))
        batch_op.create_index("referrals_incoming_name", ["name_bucket"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals_incoming", schema=None) as batch_op:
        batch_op.drop_index("referrals_incoming_name")
        batch_op.drop_column("name_bucket")
        batch_op.drop_column("name_index")
