"""The network's directory: organisations, their services and contact persons.

Revision ID: network_0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "network_0001"
down_revision = None
branch_labels = ("network",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "network_organisations",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=600), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("cities", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("member", sa.Boolean(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    op.create_index("network_organisations_name", "network_organisations", ["name_key"])
    op.create_table(
        "network_services",
        sa.Column("service_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("cities", sa.String(length=400), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("how_to_refer", sa.Text(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("service_id"),
    )
    op.create_index("network_services_organisation", "network_services", ["organisation_id"])
    op.create_index("network_services_category", "network_services", ["category", "active"])
    op.create_table(
        "network_contacts",
        sa.Column("contact_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("cities", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.create_index("network_contacts_organisation", "network_contacts", ["organisation_id"])


def downgrade() -> None:
    op.drop_table("network_contacts")
    op.drop_table("network_services")
    op.drop_table("network_organisations")
