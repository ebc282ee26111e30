"""Referrals in and out, and their statistics.

Revision ID: referrals_0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "referrals_0001"
down_revision = None
branch_labels = ("referrals",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "referrals_incoming",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("urgency_rank", sa.Integer(), nullable=False),
        sa.Column("person_knows", sa.Boolean(), nullable=False),
        sa.Column("person_consents", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("service_id", sa.String(length=32), nullable=True),
        sa.Column("referred_to", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("referrals_incoming_queue", "referrals_incoming", ["city", "status", "urgency_rank", "received_on"])
    op.create_index("referrals_incoming_case", "referrals_incoming", ["case_id"])
    op.create_table(
        "referrals_outgoing",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("service_id", sa.String(length=32), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("items", sa.String(length=300), nullable=False),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("answer_due", sa.Date(), nullable=True),
        sa.Column("drafted_by", sa.String(length=64), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("referrals_outgoing_case", "referrals_outgoing", ["case_id", "drafted_at"])
    op.create_index("referrals_outgoing_due", "referrals_outgoing", ["city", "answer_due"])
    op.create_table(
        "referrals_stats_in",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("referrals_stats_in_month", "referrals_stats_in", ["month", "city"])
    op.create_table(
        "referrals_stats_out",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("referrals_stats_out_month", "referrals_stats_out", ["month", "city"])


def downgrade() -> None:
    op.drop_table("referrals_stats_out")
    op.drop_table("referrals_stats_in")
    op.drop_table("referrals_outgoing")
    op.drop_table("referrals_incoming")
