"""Training's first tables: requests, sessions, participants, feedback and staff trained in instruments.

Revision ID: training_0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = 'training_0001'
down_revision = None
branch_labels = ('training',)
depends_on = 'core_0001'  # its tables need none of the core's later ones


def upgrade() -> None:
    op.create_table('training_feedback',
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('usefulness', sa.Integer(), nullable=False),
    sa.Column('knowledge_before', sa.Integer(), nullable=False),
    sa.Column('knowledge_after', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('participant_id')
    )
    with op.batch_alter_table('training_feedback', schema=None) as batch_op:
        batch_op.create_index('training_feedback_session', ['session_id'], unique=False)

    op.create_table('training_participants',
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('erase_after', sa.Date(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('participant_id')
    )
    with op.batch_alter_table('training_participants', schema=None) as batch_op:
        batch_op.create_index('training_participants_code', ['code_hash'], unique=True)
        batch_op.create_index('training_participants_session', ['session_id', 'position'], unique=False)

    op.create_table('training_qualifications',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('instrument', sa.String(length=60), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('trained_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('username', 'instrument')
    )
    op.create_table('training_requests',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('needs', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=120), nullable=False),
    sa.Column('preferred_dates', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('session_id', sa.String(length=32), nullable=True),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('request_id')
    )
    with op.batch_alter_table('training_requests', schema=None) as batch_op:
        batch_op.create_index('training_requests_city', ['city', 'made_at'], unique=False)

    op.create_table('training_sessions',
    sa.Column('session_id', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('trainers', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('funding_line', sa.String(length=120), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('request_id', sa.String(length=32), nullable=True),
    sa.Column('retention_months', sa.Integer(), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('session_id')
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index('training_sessions_city', ['city', 'held_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index('training_sessions_city')

    op.drop_table('training_sessions')
    with op.batch_alter_table('training_requests', schema=None) as batch_op:
        batch_op.drop_index('training_requests_city')

    op.drop_table('training_requests')
    op.drop_table('training_qualifications')
    with op.batch_alter_table('training_participants', schema=None) as batch_op:
        batch_op.drop_index('training_participants_session')
        batch_op.drop_index('training_participants_code')

    op.drop_table('training_participants')
    with op.batch_alter_table('training_feedback', schema=None) as batch_op:
        batch_op.drop_index('training_feedback_session')

    op.drop_table('training_feedback')
