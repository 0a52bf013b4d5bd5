"""case notes, their history, and the notes a handover includes

Revision ID: i16_case_notes
Revises: i13b_second_factor
"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i16_case_notes"
down_revision = "i13b_second_factor"
branch_labels = None
depends_on = None

KINDS = "kind IN ('visit', 'phone_call', 'email', 'meeting', 'letter', 'other')"


def upgrade():
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("with_whom", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_case_notes_kind")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_case_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_case_notes_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_notes_young_person_id_happened_on",
            ["young_person_id", "happened_on"],
            unique=False,
        )

    op.create_table(
        "case_note_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_note_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("with_whom", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_case_note_revisions_kind")),
        sa.ForeignKeyConstraint(
            ["case_note_id"],
            ["case_notes.id"],
            name=op.f("fk_case_note_revisions_case_note_id_case_notes"),
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["users.id"],
            name=op.f("fk_case_note_revisions_replaced_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note_revisions")),
    )
    with op.batch_alter_table("case_note_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_note_revisions_case_note_id"), ["case_note_id"], unique=False
        )

    op.create_table(
        "handover_notes",
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("case_note_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_note_id"],
            ["case_notes.id"],
            name=op.f("fk_handover_notes_case_note_id_case_notes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_handover_notes_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("handover_id", "case_note_id", name=op.f("pk_handover_notes")),
    )
    with op.batch_alter_table("handover_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_notes_case_note_id"), ["case_note_id"], unique=False
        )


def downgrade():
    op.drop_table("handover_notes")
    op.drop_table("case_note_revisions")
    op.drop_table("case_notes")
