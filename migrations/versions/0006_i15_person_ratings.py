"""Stored ratings: each person's RAG, reasons, next due milestone and overdue counts

Revision ID: i15_person_ratings
Revises: i15_feed_versions
Create Date: 2026-12-01

Existing people get their figures now, computed by the same rule the service uses.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "i15_person_ratings"
down_revision = "i15_feed_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "person_ratings",
        sa.Column("young_person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=False),
        sa.Column("rag_rank", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("next_title", sa.String(length=200), nullable=True),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("overdue_process", sa.Integer(), nullable=False),
        sa.Column("overdue_employment", sa.Integer(), nullable=False),
        sa.Column("overdue_independent_living", sa.Integer(), nullable=False),
        sa.Column("overdue_community", sa.Integer(), nullable=False),
        sa.Column("overdue_health", sa.Integer(), nullable=False),
        sa.Column("has_adult_decision", sa.Boolean(), nullable=False),
        sa.Column("latest_handover_id", sa.Integer(), nullable=True),
        sa.Column("latest_handover_state", sa.String(length=20), nullable=True),
        sa.Column("latest_handover_target", sa.Date(), nullable=True),
        sa.Column("school_cohort", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.CheckConstraint("rag IN ('green', 'amber', 'red')", name=op.f("ck_person_ratings_rag")),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_person_ratings_young_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("young_person_id", name=op.f("pk_person_ratings")),
    )
    with op.batch_alter_table("person_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_person_ratings_expires_on", ["expires_on"], unique=False)
        batch_op.create_index("ix_person_ratings_next_due_on", ["next_due_on"], unique=False)
        batch_op.create_index("ix_person_ratings_rag_rank", ["rag_rank"], unique=False)

    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index("ix_milestones_code_due_on", ["code", "due_on"], unique=False)

    from transition.services import ratings
    from transition.services.clock import today

    session = Session(bind=op.get_bind())
    ratings.rerate_all(today(), session=session)
    session.flush()


def downgrade():
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index("ix_milestones_code_due_on")
    with op.batch_alter_table("person_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_person_ratings_rag_rank")
        batch_op.drop_index("ix_person_ratings_next_due_on")
        batch_op.drop_index("ix_person_ratings_expires_on")
    op.drop_table("person_ratings")
