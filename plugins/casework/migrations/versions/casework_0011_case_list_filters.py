"""The city's case list narrowed by phase or kind, newest first, read from an index instead of sorted.

Revision ID: casework_0011
Revises: casework_0010
Create Date: 2026-11-28
"""

from alembic import op

revision = "casework_0011"
down_revision = "casework_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_index("casework_cases_city_phase")
        batch_op.create_index("casework_cases_city_phase", ["city", "phase", "updated_at"], unique=False)
        batch_op.create_index("casework_cases_city_kind", ["city", "kind", "updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("casework_cases", schema=None) as batch_op:
        batch_op.drop_index("casework_cases_city_kind")
        batch_op.drop_index("casework_cases_city_phase")
        batch_op.create_index("casework_cases_city_phase", ["city", "phase"], unique=False)
