"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 04:22:27.367454

"""

import sqlalchemy as sa
from alembic import op

import transition.models.base

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column(
            "first_failure_at", transition.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("locked_until", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('childrens', 'adult')", name=op.f("ck_teams_kind")),
        sa.CheckConstraint(
            "service IN ('adult_social_care', 'adult_health', 'adult_mental_health', 'post16_education', 'other')",
            name=op.f("ck_teams_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("is_active_account", sa.Boolean(), nullable=False),
        sa.Column(
            "password_changed_at", transition.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_sign_in_at", transition.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("feed_token_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "feed_token_created_at",
            transition.models.base.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("deadline_reminders", sa.String(length=60), nullable=False),
        sa.Column("meeting_reminders", sa.String(length=60), nullable=False),
        sa.Column("invite_token_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "invite_expires_at", transition.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('young_person', 'worker', 'adult_services', 'manager', 'parent_carer')",
            name=op.f("ck_users_role"),
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("feed_token_hash", name=op.f("uq_users_feed_token_hash")),
        sa.UniqueConstraint("invite_token_hash", name=op.f("uq_users_invite_token_hash")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_users_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('allowed', 'refused')", name=op.f("ck_audit_events_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "ix_audit_events_young_person_id_at", ["young_person_id", "at"], unique=False
        )

    op.create_table(
        "framework_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_framework_versions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_versions")),
        sa.UniqueConstraint("version", name="uq_framework_versions_version"),
    )
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "last_seen_at", transition.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("revoked_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_user_sessions_user_id_revoked_at", ["user_id", "revoked_at"], unique=False
        )

    op.create_table(
        "young_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_reference", sa.String(length=40), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("year_group_offset", sa.Integer(), nullable=False),
        sa.Column("nhs_number", sa.String(length=10), nullable=True),
        sa.Column("primary_need", sa.String(length=10), nullable=True),
        sa.Column("has_ehc_plan", sa.Boolean(), nullable=False),
        sa.Column("ehc_plan_issued_on", sa.Date(), nullable=True),
        sa.Column("ehc_last_review_on", sa.Date(), nullable=True),
        sa.Column("education_setting", sa.String(length=200), nullable=True),
        sa.Column("communication_needs", sa.Text(), nullable=True),
        sa.Column("aspirations", sa.Text(), nullable=True),
        sa.Column("services_now", sa.Text(), nullable=True),
        sa.Column("services_needed_as_adult", sa.Text(), nullable=True),
        sa.Column("risks", sa.Text(), nullable=True),
        sa.Column("care_act_assessment", sa.String(length=20), nullable=False),
        sa.Column("chc_status", sa.String(length=20), nullable=False),
        sa.Column("capacity_status", sa.String(length=30), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("framework_version_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "care_act_assessment IN ('not_needed', 'not_started', 'in_progress', 'complete')",
            name=op.f("ck_young_people_care_act_assessment"),
        ),
        sa.CheckConstraint(
            "chc_status IN ('not_needed', 'not_started', 'in_progress', 'complete')",
            name=op.f("ck_young_people_chc_status"),
        ),
        sa.CheckConstraint(
            "primary_need IN ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA')",
            name=op.f("ck_young_people_primary_need"),
        ),
        sa.ForeignKeyConstraint(
            ["framework_version_id"],
            ["framework_versions.id"],
            name=op.f("fk_young_people_framework_version_id_framework_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_young_people_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_young_people_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_young_people")),
        sa.UniqueConstraint("local_reference", name=op.f("uq_young_people_local_reference")),
    )
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_young_people_date_of_birth"), ["date_of_birth"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_young_people_framework_version_id"),
            ["framework_version_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_young_people_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_young_people_worker_id"), ["worker_id"], unique=False)

    # users and young_people refer to each other: the second link is added once both exist.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_users_young_person_id_young_people"),
            "young_people",
            ["young_person_id"],
            ["id"],
        )

    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=20), nullable=False),
        sa.Column("decider_name", sa.String(length=120), nullable=True),
        sa.Column("capacity_assessed", sa.Boolean(), nullable=False),
        sa.Column("lacks_capacity", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "decided_by IN ('young_person', 'parent_carer', 'deputy', 'best_interests')",
            name=op.f("ck_consent_records_decided_by"),
        ),
        sa.CheckConstraint(
            "decision IN ('given', 'refused', 'best_interests')",
            name=op.f("ck_consent_records_decision"),
        ),
        sa.CheckConstraint(
            "purpose IN ('share_with_adult_services', 'parent_access')",
            name=op.f("ck_consent_records_purpose"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_consent_records_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_consent_records_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_records_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("target_date_reason", sa.Text(), nullable=True),
        sa.Column("sending_contact_id", sa.Integer(), nullable=True),
        sa.Column("receiving_contact_name", sa.String(length=120), nullable=True),
        sa.Column("worker_notes", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("sent_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("receiving_worker_name", sa.String(length=120), nullable=True),
        sa.Column("first_contact_on", sa.Date(), nullable=True),
        sa.Column("returned_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("completed_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'sent', 'queried', 'accepted', 'returned', 'completed')",
            name=op.f("ck_handovers_state"),
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"], ["users.id"], name=op.f("fk_handovers_accepted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["sending_contact_id"], ["users.id"], name=op.f("fk_handovers_sending_contact_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["users.id"], name=op.f("fk_handovers_sent_by_id_users")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_handovers_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_handovers_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index("ix_handovers_team_id_state", ["team_id", "state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_handovers_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("starts_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=True),
        sa.Column("invitees", sa.Text(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", transition.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('annual_review', 'transition_review', 'handover_meeting', 'meet_adult_worker', 'other')",
            name=op.f("ck_meetings_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_meetings_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_meetings_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(
            "ix_meetings_young_person_id_starts_at", ["young_person_id", "starts_at"], unique=False
        )

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("area", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("plain_title", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source_status", sa.String(length=30), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("lead", sa.String(length=200), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "area IN ('process', 'employment', 'independent_living', 'community', 'health')",
            name=op.f("ck_milestones_area"),
        ),
        sa.CheckConstraint(
            "source_status IN ('law', 'statutory_guidance', 'national_guidance', 'good_practice', 'local', 'custom')",
            name=op.f("ck_milestones_source_status"),
        ),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'achieved', 'not_applicable', 'missed')",
            name=op.f("ck_milestones_status"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_milestones_updated_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_milestones_young_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index("ix_milestones_due_on_status", ["due_on", "status"], unique=False)
        batch_op.create_index(
            "ix_milestones_young_person_id_due_on", ["young_person_id", "due_on"], unique=False
        )

    op.create_table(
        "voice_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=30), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('what_matters', 'goal', 'review_views', 'parent_views')",
            name=op.f("ck_voice_entries_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_voice_entries_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_voice_entries_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_entries")),
    )
    with op.batch_alter_table("voice_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_voice_entries_young_person_id_kind", ["young_person_id", "kind"], unique=False
        )

    op.create_table(
        "handover_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('query', 'answer', 'note')", name=op.f("ck_handover_messages_kind")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_handover_messages_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_handover_messages_handover_id_handovers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_messages")),
    )
    with op.batch_alter_table("handover_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_messages_handover_id"), ["handover_id"], unique=False
        )

    op.create_table(
        "milestone_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old_value", sa.String(length=200), nullable=True),
        sa.Column("new_value", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_milestone_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_milestone_changes_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_changes")),
    )
    with op.batch_alter_table("milestone_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_changes_milestone_id"), ["milestone_id"], unique=False
        )

    op.create_table(
        "milestone_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_milestone_evidence_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_milestone_evidence_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_evidence")),
    )
    with op.batch_alter_table("milestone_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_evidence_milestone_id"), ["milestone_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_young_person_id_young_people"), type_="foreignkey"
        )

    with op.batch_alter_table("milestone_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_evidence_milestone_id"))

    op.drop_table("milestone_evidence")
    with op.batch_alter_table("milestone_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_changes_milestone_id"))

    op.drop_table("milestone_changes")
    with op.batch_alter_table("handover_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_messages_handover_id"))

    op.drop_table("handover_messages")
    with op.batch_alter_table("voice_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_voice_entries_young_person_id_kind")

    op.drop_table("voice_entries")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index("ix_milestones_young_person_id_due_on")
        batch_op.drop_index("ix_milestones_due_on_status")

    op.drop_table("milestones")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_young_person_id_starts_at")
        batch_op.drop_index(batch_op.f("ix_meetings_starts_at"))

    op.drop_table("meetings")
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handovers_young_person_id"))
        batch_op.drop_index("ix_handovers_team_id_state")

    op.drop_table("handovers")
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_records_young_person_id"))

    op.drop_table("consent_records")
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_young_people_worker_id"))
        batch_op.drop_index(batch_op.f("ix_young_people_team_id"))
        batch_op.drop_index(batch_op.f("ix_young_people_framework_version_id"))
        batch_op.drop_index(batch_op.f("ix_young_people_date_of_birth"))

    op.drop_table("young_people")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_user_sessions_user_id_revoked_at")

    op.drop_table("user_sessions")
    op.drop_table("framework_versions")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_young_person_id_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_user_id"))
        batch_op.drop_index("ix_audit_events_at")

    op.drop_table("audit_events")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_users_team_id"))

    op.drop_table("users")
    op.drop_table("teams")
    op.drop_table("login_throttles")
