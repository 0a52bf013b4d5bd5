"""A change counter per calendar-feed owner, so a feed's 304 costs one query

Revision ID: i15_feed_versions
Revises: i13b_second_factor
Create Date: 2026-12-01

Existing feeds start with no counter (version 0); the first change makes the row.
"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i15_feed_versions"
down_revision = "i13b_second_factor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feed_versions",
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "owner_kind IN ('user', 'team', 'person', 'authority')",
            name=op.f("ck_feed_versions_owner_kind"),
        ),
        sa.PrimaryKeyConstraint("owner_kind", "owner_id", name=op.f("pk_feed_versions")),
    )


def downgrade():
    op.drop_table("feed_versions")
