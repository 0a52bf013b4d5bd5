"""A young person's record and the consent and decisions recorded about it."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from transition.models.base import Base, Timestamped, one_of, utcnow
from transition.models.users import Team, User

# The SEN2 return's primary type of need.
PRIMARY_NEEDS = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
}

ASSESSMENT_STATES = ("not_needed", "not_started", "in_progress", "complete")
ASSESSMENT_LABELS = {
    "not_needed": "Not needed",
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
}
CAPACITY_STATES = ("presumed", "assessed_has_capacity", "assessed_lacks_capacity")
CAPACITY_LABELS = {
    "presumed": "Capacity presumed (not assessed)",
    "assessed_has_capacity": "Assessed: has capacity for this decision",
    "assessed_lacks_capacity": "Assessed: lacks capacity for this decision",
}

# Where they go after Year 11: decides whether the 31 March post-16 transfer deadline
# (SEND Regulations 2014 reg 18(1)(a), school to a post-16 institution) applies.
POST16_DESTINATIONS = {
    "school_sixth_form": "Staying at their school's sixth form",
    "post16_institution": "A college or other post-16 institution",
    "apprenticeship": "An apprenticeship",
    "work_or_other": "Work or something else",
}
# A recorded Care Act transition assessment outcome (Care Act 2014 s58-59).
CARE_ACT_OUTCOMES = {
    "likely_eligible_needs": "Likely eligible needs: a handover to adult services is expected",
    "no_likely_eligible_needs": "No likely eligible needs (written reasons given, s58(5))",
    "declined_with_capacity": "The young person, having capacity, declined an assessment",
}
REVIEW_OUTCOMES = {"keep": "Keep the plan", "amend": "Amend the plan", "cease": "Cease the plan"}

CONSENT_PURPOSES = ("share_with_adult_services", "parent_access")
CONSENT_DECISIONS = ("given", "refused", "best_interests")
DECISION_MAKERS = ("young_person", "parent_carer", "deputy", "best_interests")
DECISION_MAKER_LABELS = {
    "young_person": "The young person",
    "parent_carer": "A parent or carer",
    "deputy": "A deputy appointed by the Court of Protection",
    "best_interests": "A best-interests decision (the young person lacks capacity)",
}


def reference_key(reference: str) -> str:
    """The form of a local reference that two references must not share."""
    return unicodedata.normalize("NFC", reference.strip()).casefold()


class YoungPerson(Timestamped, Base):
    __tablename__ = "young_people"
    __table_args__ = (
        one_of("primary_need", tuple(PRIMARY_NEEDS), "primary_need"),
        one_of("care_act_assessment", ASSESSMENT_STATES, "care_act_assessment"),
        one_of("chc_status", ASSESSMENT_STATES, "chc_status"),
        one_of("capacity_status", CAPACITY_STATES, "capacity_status"),
        CheckConstraint("year_group_offset BETWEEN -1 AND 1", name="year_group_offset"),
        Index("uq_young_people_reference_key", "reference_key", unique=True),
        one_of("post16_destination", tuple(POST16_DESTINATIONS), "post16_destination"),
        one_of("care_act_outcome", tuple(CARE_ACT_OUTCOMES), "care_act_outcome"),
        # "No likely eligible needs" needs written reasons (Care Act s58(5)); any outcome
        # needs its date.
        CheckConstraint(
            "care_act_outcome IS NULL OR (care_act_outcome_on IS NOT NULL AND "
            "(care_act_outcome <> 'no_likely_eligible_needs' OR "
            "care_act_outcome_reasons IS NOT NULL))",
            name="care_act_outcome_recorded",
        ),
        # A manager's "no adult service needed" always has a reason, a date and who said so.
        CheckConstraint(
            "(no_adult_service_reason IS NULL AND no_adult_service_on IS NULL AND "
            "no_adult_service_by_id IS NULL) OR (no_adult_service_reason IS NOT NULL AND "
            "no_adult_service_on IS NOT NULL AND no_adult_service_by_id IS NOT NULL)",
            name="no_adult_service_recorded",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The council's own reference, as typed: the key for imports.
    local_reference: Mapped[str] = mapped_column(String(40), unique=True)
    # The reference folded to one case: unique by constraint, so "DEMO-002" and "demo-002"
    # are the same young person for the form and the importer alike.
    reference_key: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    # +1 when taught a year behind their age group, -1 when a year ahead.
    year_group_offset: Mapped[int] = mapped_column(default=0)
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    primary_need: Mapped[str | None] = mapped_column(String(10))
    has_ehc_plan: Mapped[bool] = mapped_column(default=False)
    ehc_plan_issued_on: Mapped[date | None] = mapped_column(Date)
    ehc_last_review_on: Mapped[date | None] = mapped_column(Date)
    education_setting: Mapped[str | None] = mapped_column(String(200))
    communication_needs: Mapped[str | None] = mapped_column(Text)
    aspirations: Mapped[str | None] = mapped_column(Text)
    services_now: Mapped[str | None] = mapped_column(Text)
    services_needed_as_adult: Mapped[str | None] = mapped_column(Text)
    risks: Mapped[str | None] = mapped_column(Text)
    care_act_assessment: Mapped[str] = mapped_column(String(20), default="not_started")
    chc_status: Mapped[str] = mapped_column(String(20), default="not_needed")
    capacity_status: Mapped[str] = mapped_column(String(30), default="presumed")
    # When they joined the service (created or imported): milestones due before then
    # are "before they joined", and a late joiner gets a catch-up plan.
    joined_on: Mapped[date | None] = mapped_column(Date)
    # Facts that decide which milestones apply; None is "not recorded yet".
    on_ld_register: Mapped[bool | None]
    young_carer: Mapped[bool | None]
    camhs_involved: Mapped[bool | None]
    post16_destination: Mapped[str | None] = mapped_column(String(30))
    # The adult service decision, besides an accepted handover.
    care_act_outcome: Mapped[str | None] = mapped_column(String(30))
    care_act_outcome_on: Mapped[date | None] = mapped_column(Date)
    care_act_outcome_reasons: Mapped[str | None] = mapped_column(Text)
    no_adult_service_reason: Mapped[str | None] = mapped_column(Text)
    no_adult_service_on: Mapped[date | None] = mapped_column(Date)
    no_adult_service_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    framework_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_versions.id"), index=True
    )

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    worker: Mapped[User | None] = relationship(foreign_keys=[worker_id])
    no_adult_service_by: Mapped[User | None] = relationship(foreign_keys=[no_adult_service_by_id])
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="young_person", order_by="ConsentRecord.recorded_at"
    )

    @validates("local_reference")
    def _keep_reference_key(self, _name: str, value: str) -> str:
        self.reference_key = reference_key(value)
        return value

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """The name to use: their preferred name where they have one."""
        if self.preferred_name:
            return f"{self.preferred_name} {self.last_name}"
        return self.full_name

    @property
    def initials(self) -> str:
        first = (self.preferred_name or self.first_name)[:1]
        return f"{first}{self.last_name[:1]}".upper()

    @property
    def primary_need_label(self) -> str:
        return PRIMARY_NEEDS.get(self.primary_need or "", "Not recorded")

    def current_consent(self, purpose: str = "share_with_adult_services") -> ConsentRecord | None:
        live = [c for c in self.consents if c.purpose == purpose and c.withdrawn_at is None]
        return live[-1] if live else None


class ConsentRecord(Base):
    """Who decided what about sharing, when, and on what basis (never overwritten)."""

    __tablename__ = "consent_records"
    __table_args__ = (
        one_of("purpose", CONSENT_PURPOSES, "purpose"),
        one_of("decision", CONSENT_DECISIONS, "decision"),
        one_of("decided_by", DECISION_MAKERS, "decided_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(20))
    decider_name: Mapped[str | None] = mapped_column(String(120))
    capacity_assessed: Mapped[bool] = mapped_column(default=False)
    lacks_capacity: Mapped[bool] = mapped_column(default=False)
    decided_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    young_person: Mapped[YoungPerson] = relationship(back_populates="consents")
    recorded_by: Mapped[User | None] = relationship()

    @property
    def allows_sharing(self) -> bool:
        return self.decision in {"given", "best_interests"}


class EhcReview(Base):
    """One EHC plan review: the meeting, the council's decision and when it was sent.

    The decision (keep, amend or cease) is due within 4 weeks of the meeting (SEND
    Regulations 2014 reg 20(10)).
    """

    __tablename__ = "ehc_reviews"
    __table_args__ = (
        UniqueConstraint("young_person_id", "meeting_on", name="uq_ehc_reviews_meeting"),
        one_of("outcome", tuple(REVIEW_OUTCOMES), "outcome"),
        CheckConstraint(
            "decision_sent_on IS NULL OR decision_sent_on >= meeting_on", name="sent_after_meeting"
        ),
        CheckConstraint(
            "(outcome IS NULL) = (decision_sent_on IS NULL)", name="outcome_with_decision"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    meeting_on: Mapped[date] = mapped_column(Date)
    decision_sent_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(10))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

    @property
    def outcome_label(self) -> str:
        return REVIEW_OUTCOMES.get(self.outcome or "", "Not decided yet")
