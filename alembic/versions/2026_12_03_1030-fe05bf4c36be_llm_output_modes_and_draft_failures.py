"""The structured-output mode that works, per model endpoint and model; why a draft
stopped short (a `model_failed` draft, or repairs cut off by a model error)

Revision ID: fe05bf4c36be
Revises: 16ee1eccae3b
Create Date: 2026-12-03 10:19:09.986757
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.core.db

revision: str = 'fe05bf4c36be'
down_revision: str | None = '16ee1eccae3b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('llm_output_modes',
    sa.Column('endpoint', sa.String(length=500), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=True),
    sa.Column('updated_at', service.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('endpoint', 'model', name=op.f('pk_llm_output_modes'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failure_reason', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('failure_detail', sa.String(length=500), nullable=True))



def downgrade() -> None:
    # Native DROP COLUMN (SQLite 3.35+): rebuilding `drafts` would trip the triggers and
    # cascade to its children.
    for column in ("failure_detail", "failure_reason"):
        op.execute(f"ALTER TABLE drafts DROP COLUMN {column}")

    op.drop_table('llm_output_modes')
