"""Whether a case's client is a minor, and whether the guardian's consent to take part is in force.

Cases opened before this revision are not recorded as minors' cases. A consent a guardian gave before it
counted as the client's own; `exitfi projections rebuild casework_cases` shows it as the guardian's.

Revision ID: casework_0013
Revises: casework_0012
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0013"
down_revision = "casework_0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minor", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("guardian_consent", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_column("guardian_consent")
        batch_op.drop_column("minor")
