"""A young person's record and the consent and decisions recorded about it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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

# How someone prefers to be contacted (the labels are in models/contacts.py).
CONTACT_METHODS = ("phone", "text_message", "email", "letter", "in_person")

CONSENT_PURPOSES = ("share_with_adult_services", "parent_access")
CONSENT_DECISIONS = ("given", "refused", "best_interests")
DECISION_MAKERS = ("young_person", "parent_carer", "deputy", "best_interests")
DECISION_MAKER_LABELS = {
    "young_person": "The young person",
    "parent_carer": "A parent or carer",
    "deputy": "A deputy appointed by the Court of Protection",
    "best_interests": "A best-interests decision (the young person lacks capacity)",
}


class YoungPerson(Timestamped, Base):
    __tablename__ = "young_people"
    __table_args__ = (
        one_of("primary_need", tuple(PRIMARY_NEEDS), "primary_need"),
        one_of("care_act_assessment", ASSESSMENT_STATES, "care_act_assessment"),
        one_of("chc_status", ASSESSMENT_STATES, "chc_status"),
        one_of("preferred_contact_method", CONTACT_METHODS, "preferred_contact_method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The council's own reference: the key for imports, and unique by constraint.
    local_reference: Mapped[str] = mapped_column(String(40), unique=True)
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
    # Their own contact details and how they like to be contacted.
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    preferred_contact_method: Mapped[str | None] = mapped_column(String(20))
    contact_notes: Mapped[str | None] = mapped_column(String(500))

    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    framework_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_versions.id"), index=True
    )

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    worker: Mapped[User | None] = relationship(foreign_keys=[worker_id])
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="young_person", order_by="ConsentRecord.recorded_at"
    )

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
