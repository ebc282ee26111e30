"""Erasure requests and what was decided, for the data-protection officer's page.

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = 'core_0003'
down_revision = 'core_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exitfi_erasure_requests',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('requester', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('received_by', sa.String(length=64), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('request_id')
    )
    with op.batch_alter_table('exitfi_erasure_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exitfi_erasure_requests_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exitfi_erasure_requests_recorded_at'), ['recorded_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('exitfi_erasure_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exitfi_erasure_requests_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_exitfi_erasure_requests_person_id'))
    op.drop_table('exitfi_erasure_requests')
