"""audit: the people a list or search page showed

Revision ID: i13b_audit_people_shown
Revises: i17_notifications
Create Date: 2026-12-01 15:25:00

"""

import sqlalchemy as sa
from alembic import op

revision = "i13b_audit_people_shown"
down_revision = "i17_notifications"
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows each name at most one person (young_person_id): nothing to fill in.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("people_shown", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("people_shown")
