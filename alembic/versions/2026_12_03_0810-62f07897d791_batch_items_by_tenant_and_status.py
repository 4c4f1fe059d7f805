"""Batch items by tenant and status: a tenant's unfinished items, counted for its quotas

Revision ID: 62f07897d791
Revises: 85ac947e3bda
Create Date: 2026-12-03 08:10:19.369872
"""

from collections.abc import Sequence

from alembic import op

revision: str = '62f07897d791'
down_revision: str | None = '85ac947e3bda'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_batch_items_tenant_id_status", "batch_items", ["tenant_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_batch_items_tenant_id_status", table_name="batch_items")
