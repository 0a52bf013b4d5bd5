"""documents kept with a record, sent with a handover or shown as milestone evidence

Revision ID: i16_documents
Revises: i16_contacts
"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i16_documents"
down_revision = "i16_contacts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('ehc_plan', 'assessment', 'safeguarding_plan', 'report', 'letter', 'other')",
            name=op.f("ck_documents_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_documents_uploaded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_documents_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_documents_storage_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "handover_documents",
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_handover_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_handover_documents_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("handover_id", "document_id", name=op.f("pk_handover_documents")),
    )
    with op.batch_alter_table("handover_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_documents_document_id"), ["document_id"], unique=False
        )

    # Existing evidence points at no document.
    with op.batch_alter_table("milestone_evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_milestone_evidence_document_id"), ["document_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_milestone_evidence_document_id_documents"),
            "documents",
            ["document_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("milestone_evidence", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_milestone_evidence_document_id_documents"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_milestone_evidence_document_id"))
        batch_op.drop_column("document_id")
    op.drop_table("handover_documents")
    op.drop_table("documents")
