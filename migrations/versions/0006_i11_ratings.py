"""Ratings people can trust: applicability, late joiners, rights, yearly reviews, decisions

Revision ID: i11_ratings
Revises: i13b_second_factor
Create Date: 2026-12-01

Existing data is upgraded honestly:
- joined_on is the day (in England) the record was created: when they joined the service.
  Milestones already on a record keep counting as they did (before_joining stays false),
  so the upgrade hides no overdue duty; only milestones placed from now on can be
  "before they joined".
- Milestones get the corrected basis of their framework code (the young person's own
  rights are no longer "law"; P04 is statutory guidance; the timings that are local
  practice are marked so), the framework's applies_when, and "does not apply" where the
  record already says so (no EHC plan; continuing healthcare not needed). Facts that are
  new (learning disability register, young carer, CAMHS, post-16 destination) start as
  "not recorded", which never rules a milestone out.
- The framework gains a new version: the newest stored one with these corrections made,
  keeping the council's own wording, local timings and added milestones.
- The last EHC plan review date stays where it is; review records start from now (the
  date alone does not say whether the decision was sent, so none is invented).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import transition.models.base

revision = "i11_ratings"
down_revision = "i13a_integrity"
branch_labels = None
depends_on = None

RIGHTS = ("E06", "IL04", "IL05", "IL10", "IL12", "C05", "C06", "C07", "H07")
NOW_STATUTORY_GUIDANCE = ("P04",)
LOCAL_TIMING = ("P00", "P01", "P05", "P08", "P10", "P11", "P13", "IL09", "H12", "H13")
EHC = {"ehc_plan": True}
CHC = {"chc_status": ["not_started", "in_progress", "complete"]}
APPLIES_WHEN = {
    **dict.fromkeys(
        ("P02", "P03", "P04", "P07", "P08", "P21", "P22", "P23", "E02", "E05", "E08"), EHC
    ),
    **dict.fromkeys(("IL01", "C01"), EHC),
    **dict.fromkeys(
        ("P05", "P06"), {"ehc_plan": True, "post16_destination": ["post16_institution"]}
    ),
    **dict.fromkeys(("H04", "H09", "H10", "H11"), CHC),
    "P12": {"young_carer": True},
    "H01": {"ld_register": True},
    "H02": {"ld_register": True},
    "H13": {"camhs": True},
    "P00": {"joined_after_year_9": True},
}
NO_EHC_PLAN = "they do not have an EHC plan"
CHC_NOT_NEEDED = "continuing healthcare is recorded as not needed"
ENGLAND = ZoneInfo("Europe/London")

OLD_SOURCES = ("law", "statutory_guidance", "national_guidance", "good_practice", "local", "custom")
NEW_SOURCES = (*OLD_SOURCES[:-1], "right", "custom")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade():
    op.create_table(
        "ehc_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("decision_sent_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", transition.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('keep', 'amend', 'cease')", name=op.f("ck_ehc_reviews_outcome")
        ),
        sa.CheckConstraint(
            "(outcome IS NULL) = (decision_sent_on IS NULL)",
            name=op.f("ck_ehc_reviews_outcome_with_decision"),
        ),
        sa.CheckConstraint(
            "decision_sent_on IS NULL OR decision_sent_on >= meeting_on",
            name=op.f("ck_ehc_reviews_sent_after_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_ehc_reviews_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_ehc_reviews_young_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ehc_reviews")),
        sa.UniqueConstraint("young_person_id", "meeting_on", name="uq_ehc_reviews_meeting"),
    )
    with op.batch_alter_table("ehc_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ehc_reviews_young_person_id"), ["young_person_id"], unique=False
        )

    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("occurrence", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.add_column(sa.Column("applies_when", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("does_not_apply", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("before_joining", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("local_timing", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_constraint(op.f("ck_milestones_source_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_milestones_source_status"), f"source_status IN ({_in(NEW_SOURCES)})"
        )
        # Yearly milestones come round again: once per person per occurrence.
        batch_op.drop_index("uq_milestones_young_person_id_code")
        batch_op.create_index(
            "uq_milestones_young_person_id_code_occurrence",
            ["young_person_id", "code", "occurrence"],
            unique=True,
        )

    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("on_ld_register", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("young_carer", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("camhs_involved", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("post16_destination", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("care_act_outcome", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("care_act_outcome_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("care_act_outcome_reasons", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("no_adult_service_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("no_adult_service_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("no_adult_service_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_young_people_no_adult_service_by_id_users"),
            "users",
            ["no_adult_service_by_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_young_people_post16_destination"),
            "post16_destination IN ('school_sixth_form', 'post16_institution', "
            "'apprenticeship', 'work_or_other')",
        )
        batch_op.create_check_constraint(
            op.f("ck_young_people_care_act_outcome"),
            "care_act_outcome IN ('likely_eligible_needs', 'no_likely_eligible_needs', "
            "'declined_with_capacity')",
        )
        batch_op.create_check_constraint(
            op.f("ck_young_people_care_act_outcome_recorded"),
            "care_act_outcome IS NULL OR (care_act_outcome_on IS NOT NULL AND "
            "(care_act_outcome <> 'no_likely_eligible_needs' OR "
            "care_act_outcome_reasons IS NOT NULL))",
        )
        batch_op.create_check_constraint(
            op.f("ck_young_people_no_adult_service_recorded"),
            "(no_adult_service_reason IS NULL AND no_adult_service_on IS NULL AND "
            "no_adult_service_by_id IS NULL) OR (no_adult_service_reason IS NOT NULL AND "
            "no_adult_service_on IS NOT NULL AND no_adult_service_by_id IS NOT NULL)",
        )

    _upgrade_data()


def _upgrade_data() -> None:
    bind = op.get_bind()
    people = sa.table(
        "young_people",
        sa.column("id", sa.Integer),
        sa.column("created_at", transition.models.base.UTCDateTime(timezone=True)),
        sa.column("joined_on", sa.Date),
        sa.column("has_ehc_plan", sa.Boolean),
        sa.column("chc_status", sa.String),
    )
    milestones = sa.table(
        "milestones",
        sa.column("young_person_id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("source_status", sa.String),
        sa.column("applies_when", sa.JSON),
        sa.column("does_not_apply", sa.String),
        sa.column("local_timing", sa.Boolean),
    )
    for person_id, created_at in bind.execute(sa.select(people.c.id, people.c.created_at)):
        joined = created_at.astimezone(ENGLAND).date() if created_at else None
        bind.execute(people.update().where(people.c.id == person_id).values(joined_on=joined))

    bind.execute(
        milestones.update()
        .where(milestones.c.code.in_(RIGHTS), milestones.c.source_status != "custom")
        .values(source_status="right")
    )
    bind.execute(
        milestones.update()
        .where(milestones.c.code.in_(NOW_STATUTORY_GUIDANCE))
        .values(source_status="statutory_guidance")
    )
    bind.execute(
        milestones.update().where(milestones.c.code.in_(LOCAL_TIMING)).values(local_timing=True)
    )
    for code, conditions in APPLIES_WHEN.items():
        bind.execute(
            milestones.update().where(milestones.c.code == code).values(applies_when=conditions)
        )
    no_plan = sa.select(people.c.id).where(people.c.has_ehc_plan.is_(False))
    ehc_codes = [code for code, c in APPLIES_WHEN.items() if "ehc_plan" in c]
    bind.execute(
        milestones.update()
        .where(milestones.c.code.in_(ehc_codes), milestones.c.young_person_id.in_(no_plan))
        .values(does_not_apply=NO_EHC_PLAN)
    )
    no_chc = sa.select(people.c.id).where(people.c.chc_status == "not_needed")
    chc_codes = [code for code, c in APPLIES_WHEN.items() if "chc_status" in c]
    bind.execute(
        milestones.update()
        .where(milestones.c.code.in_(chc_codes), milestones.c.young_person_id.in_(no_chc))
        .values(does_not_apply=CHC_NOT_NEEDED)
    )
    _new_framework_version(bind)


def _new_framework_version(bind) -> None:
    """The newest stored framework with the corrections made, as the next version."""
    from transition.pathway.framework import framework_to_dict, load_framework

    versions = sa.table(
        "framework_versions",
        sa.column("id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("name", sa.String),
        sa.column("definition", sa.JSON),
        sa.column("change_note", sa.Text),
        sa.column("created_at", transition.models.base.UTCDateTime(timezone=True)),
    )
    newest = bind.execute(
        sa.select(versions.c.version, versions.c.definition)
        .order_by(versions.c.version.desc())
        .limit(1)
    ).first()
    if newest is None:
        return  # the packaged default is stored on first use, already corrected
    stored = newest.definition
    if isinstance(stored, str):
        stored = json.loads(stored)
    corrected = {m["code"]: m for m in framework_to_dict(load_framework())["milestones"]}
    merged = []
    seen = set()
    for milestone in stored["milestones"]:
        code = milestone["code"]
        seen.add(code)
        fix = corrected.get(code)
        if fix is None:
            merged.append(milestone)  # the council's own milestone
            continue
        updated = dict(fix)
        # Keep the council's wording, and its timing where the timing is local.
        for key in ("title", "description", "plain_title", "lead"):
            updated[key] = milestone[key]
        if milestone.get("local") and fix.get("local"):
            for key in ("opens", "due"):
                if key in milestone:
                    updated[key] = milestone[key]
                else:
                    updated.pop(key, None)
        merged.append(updated)
    # New default milestones (the catch-up plan) join; ones the council removed stay out.
    merged[:0] = [m for code, m in corrected.items() if code == "P00" and code not in seen]
    bind.execute(
        versions.insert().values(
            version=newest.version + 1,
            name=stored["name"],
            definition={**stored, "version": newest.version + 1, "milestones": merged},
            change_note="Corrected after a review against the sources: the young person's "
            "rights apart from duties, applicability, yearly reviews and a catch-up plan",
            created_at=datetime.now(UTC),
        )
    )


def downgrade():
    bind = op.get_bind()
    bind.execute(
        sa.text("UPDATE milestones SET source_status = 'law' WHERE source_status = 'right'")
    )
    bind.execute(sa.text("DELETE FROM milestones WHERE occurrence > 1 OR code = 'P00'"))
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        for name in (
            "no_adult_service_recorded",
            "care_act_outcome_recorded",
            "care_act_outcome",
            "post16_destination",
        ):
            batch_op.drop_constraint(op.f(f"ck_young_people_{name}"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_young_people_no_adult_service_by_id_users"), type_="foreignkey"
        )
        for column in (
            "no_adult_service_by_id",
            "no_adult_service_on",
            "no_adult_service_reason",
            "care_act_outcome_reasons",
            "care_act_outcome_on",
            "care_act_outcome",
            "post16_destination",
            "camhs_involved",
            "young_carer",
            "on_ld_register",
            "joined_on",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_milestones_source_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_milestones_source_status"), f"source_status IN ({_in(OLD_SOURCES)})"
        )
        batch_op.drop_index("uq_milestones_young_person_id_code_occurrence")
        batch_op.create_index(
            "uq_milestones_young_person_id_code", ["young_person_id", "code"], unique=True
        )
        for column in (
            "local_timing",
            "before_joining",
            "does_not_apply",
            "applies_when",
            "occurrence",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("ehc_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ehc_reviews_young_person_id"))
    op.drop_table("ehc_reviews")
