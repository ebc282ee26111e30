"""The event index: each event's envelope in columns, and the persons each event concerns (the event browser).

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-28

The index is a tracked read model: created empty here, it is filled from the whole log when the
store next writes (the runner catches up a projection it has never tracked), or at once with
`exitfi projections rebuild exitfi_event_index`.
"""

import sqlalchemy as sa
from alembic import op

revision = 'core_0004'
down_revision = 'core_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exitfi_event_index',
    sa.Column('position', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=255), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('position')
    )
    with op.batch_alter_table('exitfi_event_index', schema=None) as batch_op:
        batch_op.create_index('exitfi_event_index_actor', ['actor_id', 'position'], unique=False)
        batch_op.create_index('exitfi_event_index_at', ['at'], unique=False)
        batch_op.create_index('exitfi_event_index_city', ['city', 'position'], unique=False)
        batch_op.create_index('exitfi_event_index_record', ['record_id', 'position'], unique=False)
        batch_op.create_index('exitfi_event_index_topic', ['topic', 'position'], unique=False)

    op.create_table('exitfi_event_persons',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'position')
    )
    op.create_table('exitfi_record_persons',
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'person_id')
    )


def downgrade() -> None:
    op.drop_table('exitfi_record_persons')
    op.drop_table('exitfi_event_persons')
    with op.batch_alter_table('exitfi_event_index', schema=None) as batch_op:
        batch_op.drop_index('exitfi_event_index_topic')
        batch_op.drop_index('exitfi_event_index_record')
        batch_op.drop_index('exitfi_event_index_city')
        batch_op.drop_index('exitfi_event_index_at')
        batch_op.drop_index('exitfi_event_index_actor')

    op.drop_table('exitfi_event_index')
