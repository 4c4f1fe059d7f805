"""Contact identity and merges: the normalised e-mail and LinkedIn profile that say two
records are one person (backfilled; nothing is de-duplicated), when a person opted out,
and the record of merges

Revision ID: 90dcd6a1f9be
Revises: da137ba747f4
Create Date: 2026-12-03 08:49:30.561445
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import service.core.db

revision: str = '90dcd6a1f9be'
down_revision: str | None = 'da137ba747f4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _email_key(email: str | None) -> str | None:
    # As service.contacts.identity.email_key at the time of this migration.
    return email.strip().lower() if email and email.strip() else None


def _linkedin_key(url: str | None) -> str | None:
    # As service.contacts.identity.linkedin_key at the time of this migration.
    from urllib.parse import urlsplit

    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.").removeprefix("m.")
    if host != "linkedin.com" and not (host.endswith(".linkedin.com") and len(host) <= 16):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() not in ("in", "pub"):
        return None
    return f"in/{segments[1].lower()}"


def upgrade() -> None:
    op.create_table(
        "contact_merges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("from_id", sa.Uuid(), nullable=False),
        sa.Column("into_id", sa.Uuid(), nullable=False),
        sa.Column("api_key_id", sa.Uuid(), nullable=False),
        sa.Column("merged_at", service.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["into_id"],
            ["contacts.id"],
            name=op.f("fk_contact_merges_into_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_contact_merges_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_merges")),
    )
    op.create_index(op.f("ix_contact_merges_into_id"), "contact_merges", ["into_id"])
    op.create_index(
        "ix_contact_merges_tenant_id_from_id", "contact_merges", ["tenant_id", "from_id"]
    )
    op.add_column(
        "contacts",
        sa.Column("opted_out_at", service.core.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("contacts", sa.Column("email_key", sa.String(length=320), nullable=True))
    op.add_column("contacts", sa.Column("linkedin_key", sa.String(length=2048), nullable=True))
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Uuid()),
        sa.column("email", sa.String()),
        sa.column("linkedin_url", sa.String()),
        sa.column("email_key", sa.String()),
        sa.column("linkedin_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(contacts.c.id, contacts.c.email, contacts.c.linkedin_url).where(
            sa.or_(contacts.c.email.is_not(None), contacts.c.linkedin_url.is_not(None))
        )
    ).all()
    for contact_id, email, linkedin_url in rows:
        connection.execute(
            sa.update(contacts)
            .where(contacts.c.id == contact_id)
            .values(email_key=_email_key(email), linkedin_key=_linkedin_key(linkedin_url))
        )
    op.create_index("ix_contacts_tenant_id_email_key", "contacts", ["tenant_id", "email_key"])
    op.create_index(
        "ix_contacts_tenant_id_linkedin_key", "contacts", ["tenant_id", "linkedin_key"]
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_tenant_id_linkedin_key", table_name="contacts")
    op.drop_index("ix_contacts_tenant_id_email_key", table_name="contacts")
    # Native DROP COLUMN (SQLite 3.35+): rebuilding `contacts` would cascade to its children.
    for column in ("linkedin_key", "email_key", "opted_out_at"):
        op.execute(f"ALTER TABLE contacts DROP COLUMN {column}")
    op.drop_index("ix_contact_merges_tenant_id_from_id", table_name="contact_merges")
    op.drop_index(op.f("ix_contact_merges_into_id"), table_name="contact_merges")
    op.drop_table("contact_merges")
