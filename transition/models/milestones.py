"""Milestone frameworks (versioned) and each young person's milestones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of, utcnow
from transition.models.documents import Document
from transition.models.users import User

AREAS = ("process", "employment", "independent_living", "community", "health")
MILESTONE_STATUSES = ("not_started", "in_progress", "achieved", "not_applicable", "missed")
SOURCE_STATUSES = (
    "law",
    "statutory_guidance",
    "national_guidance",
    "good_practice",
    "local",
    "custom",
)


class FrameworkVersion(Base):
    """One version of the milestone framework, held whole as data.

    Editing the framework makes a new version; people keep the dates they were
    given until a worker chooses to move them.
    """

    __tablename__ = "framework_versions"
    __table_args__ = (UniqueConstraint("version", name="uq_framework_versions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON)
    change_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship()


class Milestone(Timestamped, Base):
    __tablename__ = "milestones"
    __table_args__ = (
        one_of("area", AREAS, "area"),
        one_of("status", MILESTONE_STATUSES, "status"),
        one_of("source_status", SOURCE_STATUSES, "source_status"),
        Index("ix_milestones_young_person_id_due_on", "young_person_id", "due_on"),
        Index("ix_milestones_due_on_status", "due_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id", ondelete="CASCADE"))
    # The framework code (e.g. P02); None for a custom milestone a worker added.
    code: Mapped[str | None] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    plain_title: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    source_status: Mapped[str] = mapped_column(String(30))
    source: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(String(200))
    opens_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    achieved_on: Mapped[date | None] = mapped_column(Date)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    evidence: Mapped[list[MilestoneEvidence]] = relationship(
        back_populates="milestone",
        order_by="MilestoneEvidence.created_at",
        cascade="all, delete-orphan",
    )
    changes: Mapped[list[MilestoneChange]] = relationship(
        back_populates="milestone",
        order_by="MilestoneChange.changed_at",
        cascade="all, delete-orphan",
    )

    @property
    def is_statutory(self) -> bool:
        return self.source_status in {"law", "statutory_guidance"}


class MilestoneEvidence(Base):
    """A dated note of what was done, by whom."""

    __tablename__ = "milestone_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    evidence_date: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A document kept with the record that shows it (an EHC plan, a report).
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )

    milestone: Mapped[Milestone] = relationship(back_populates="evidence")
    author: Mapped[User | None] = relationship()
    document: Mapped[Document | None] = relationship()


class MilestoneChange(Base):
    """The history of a milestone: status changes and due dates moved, with reasons."""

    __tablename__ = "milestone_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(200))
    new_value: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    milestone: Mapped[Milestone] = relationship(back_populates="changes")
    changed_by: Mapped[User | None] = relationship()
