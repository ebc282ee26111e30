"""The client's full name, birth date and blind index, for the duplicate check at intake.

Revision ID: casework_0010
Revises: casework_0009
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0010"
down_revision = "casework_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_identities",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("birth_date", sa.Text(), nullable=True),
        sa.Column("identity_index", sa.Text(), nullable=True),
        sa.Column("identity_bucket", sa.String(length=2), nullable=True),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index("casework_identities_bucket", "casework_identities", ["identity_bucket"], unique=False)


def downgrade() -> None:
    op.drop_index("casework_identities_bucket", table_name="casework_identities")
    op.drop_table("casework_identities")
