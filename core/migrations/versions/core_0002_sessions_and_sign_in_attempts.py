"""Sessions that end on the server, and the sign-in throttle's counters.

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = 'core_0002'
down_revision = 'core_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exitfi_sessions',
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('why', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('session_hash')
    )
    with op.batch_alter_table('exitfi_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exitfi_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('exitfi_sign_in_attempts',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('exitfi_sign_in_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exitfi_sign_in_attempts_last_at'), ['last_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exitfi_sign_in_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exitfi_sign_in_attempts_last_at'))

    op.drop_table('exitfi_sign_in_attempts')
    with op.batch_alter_table('exitfi_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exitfi_sessions_user_id'))

    op.drop_table('exitfi_sessions')
