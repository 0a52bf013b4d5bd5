"""contacts: the people around a young person, and their own contact details

Revision ID: i16_contacts
Revises: i16_case_notes
"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i16_contacts"
down_revision = "i16_case_notes"
branch_labels = None
depends_on = None

METHODS = "('phone', 'text_message', 'email', 'letter', 'in_person')"


def upgrade():
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("may_contact", sa.Boolean(), nullable=False),
        sa.Column("preferred_method", sa.String(length=20), nullable=True),
        sa.Column("contact_notes", sa.String(length=500), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('parent_carer', 'gp_practice', 'school_college', 'senco', "
            "'social_worker', 'health_professional', 'advocate', 'employer_placement', "
            "'other')",
            name=op.f("ck_contacts_kind"),
        ),
        sa.CheckConstraint(
            f"preferred_method IN {METHODS}", name=op.f("ck_contacts_preferred_method")
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_contacts_added_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_contacts_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contacts_young_person_id"), ["young_person_id"], unique=False
        )

    # Existing records have no contact details yet: every new column starts empty.
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("preferred_contact_method", sa.String(length=20), nullable=True)
        )
        batch_op.add_column(sa.Column("contact_notes", sa.String(length=500), nullable=True))
        batch_op.create_check_constraint(
            "preferred_contact_method", f"preferred_contact_method IN {METHODS}"
        )


def downgrade():
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.drop_constraint("ck_young_people_preferred_contact_method", type_="check")
        batch_op.drop_column("contact_notes")
        batch_op.drop_column("preferred_contact_method")
        batch_op.drop_column("address")
        batch_op.drop_column("email")
        batch_op.drop_column("phone")
    op.drop_table("contacts")
