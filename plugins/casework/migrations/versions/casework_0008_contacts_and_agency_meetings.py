"""Multi-agency meetings of each case, and every disclosure of a client's information made at one.

Revision ID: casework_0008
Revises: casework_0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "casework_0008"
down_revision = "casework_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casework_agency_meetings",
        sa.Column("meeting_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("client_present", sa.Boolean(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("actions", sa.Integer(), nullable=False),
        sa.Column("actions_done", sa.Integer(), nullable=False),
        sa.Column("disclosures", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_index("casework_agency_meetings_case", "casework_agency_meetings", ["case_id", "held_on"],
                    unique=False)
    op.create_table(
        "casework_disclosures",
        sa.Column("meeting_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("provision", sa.String(length=300), nullable=True),
        sa.Column("items", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "version"),
    )
    op.create_index("casework_disclosures_case", "casework_disclosures", ["case_id", "at"], unique=False)
    op.create_index("casework_disclosures_client", "casework_disclosures", ["client_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("casework_disclosures_client", table_name="casework_disclosures")
    op.drop_index("casework_disclosures_case", table_name="casework_disclosures")
    op.drop_table("casework_disclosures")
    op.drop_index("casework_agency_meetings_case", table_name="casework_agency_meetings")
    op.drop_table("casework_agency_meetings")
