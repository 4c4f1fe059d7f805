"""Model outages (a batch shows `paused` while the model server is away) and item runs
(an item sent back to the queue after failing runs as a workflow of its own)

Revision ID: da137ba747f4
Revises: 62f07897d791
Create Date: 2026-12-03 08:19:22.373529
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.core.db

revision: str = "da137ba747f4"
down_revision: str | None = "62f07897d791"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "model_outages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("worker_id", sa.String(length=100), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("opened_at", service.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", service.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", service.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_outages")),
    )
    op.create_index("ix_model_outages_closed_at", "model_outages", ["closed_at"])
    op.add_column(
        "batch_items", sa.Column("runs", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("batch_items", schema=None) as batch_op:
        batch_op.drop_column("runs")
    op.drop_index("ix_model_outages_closed_at", table_name="model_outages")
    op.drop_table("model_outages")
