"""staff second factor: an authenticator app (TOTP) and recovery codes

Revision ID: i13b_second_factor
Revises: i13b_audit_people_shown
Create Date: 2026-12-01 15:45:00

"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i13b_second_factor"
down_revision = "i13b_audit_people_shown"
branch_labels = None
depends_on = None


def upgrade():
    # Nobody has a second factor yet: every existing account starts without one.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "totp_set_up_at", transition.models.base.UTCDateTime(timezone=True), nullable=True
            )
        )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
        sa.UniqueConstraint("user_id", "code_hash", name="uq_recovery_codes_user_id_code_hash"),
    )


def downgrade():
    op.drop_table("recovery_codes")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_set_up_at")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
