"""A contact person's blind name index and the day they were removed, kept until the retention run erases them.

Contacts added before this revision have no index (their events hold none), and contacts removed before it
had their rows deleted: `exitfi projections rebuild network_directory` brings those back as removed, so the
retention run erases them too.

Revision ID: network_0004
Revises: network_0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "network_0004"
down_revision = "network_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("network_contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_index", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("name_bucket", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("removed_on", sa.Date(), nullable=True))
        batch_op.create_index("network_contacts_name", ["name_bucket"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("network_contacts", schema=None) as batch_op:
        batch_op.drop_index("network_contacts_name")
        batch_op.drop_column("removed_on")
        batch_op.drop_column("name_bucket")
        batch_op.drop_column("name_index")
