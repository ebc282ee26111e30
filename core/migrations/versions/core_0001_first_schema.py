"""The core's tables as `exitfi init` made them before there were migrations.

Revision ID: core_0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exitfi_seals",
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("notification_id", sa.BigInteger(), nullable=False),
        sa.Column("seal", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    op.create_table(
        "exitfi_vault_keys",
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "exitfi_users",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("username"),
    )
    op.create_index("ix_exitfi_users_city", "exitfi_users", ["city"])
    op.create_table(
        "exitfi_api_tokens",
        sa.Column("token_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=True),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_exitfi_api_tokens_user_id", "exitfi_api_tokens", ["user_id"])
    op.create_table(
        "exitfi_access_log",
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("page", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", "person_id"),
    )
    op.create_index("exitfi_access_log_person", "exitfi_access_log", ["person_id", "at"])
    op.create_index("ix_exitfi_access_log_at", "exitfi_access_log", ["at"])
    op.create_index("ix_exitfi_access_log_user_id", "exitfi_access_log", ["user_id"])
    op.create_table(
        "exitfi_emergency_access",
        sa.Column("grant_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("record_city", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("grant_id"),
    )
    op.create_index("ix_exitfi_emergency_access_record_city", "exitfi_emergency_access", ["record_city"])
    op.create_index("ix_exitfi_emergency_access_record_id", "exitfi_emergency_access", ["record_id"])
    op.create_index("ix_exitfi_emergency_access_user_id", "exitfi_emergency_access", ["user_id"])


def downgrade() -> None:
    for table in ("exitfi_emergency_access", "exitfi_access_log", "exitfi_api_tokens", "exitfi_users",
                  "exitfi_vault_keys", "exitfi_seals"):
        op.drop_table(table)
