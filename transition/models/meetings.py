"""Meetings about a young person: reviews, handover meetings, visits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of, utcnow
from transition.models.people import YoungPerson
from transition.models.users import User

MEETING_KINDS = (
    "annual_review",
    "transition_review",
    "handover_meeting",
    "meet_adult_worker",
    "other",
)
MEETING_KIND_LABELS = {
    "annual_review": "Annual review",
    "transition_review": "Transition review",
    "handover_meeting": "Handover meeting",
    "meet_adult_worker": "Meet your adult worker",
    "other": "Other meeting",
}
# What a young person reads for each kind of meeting.
MEETING_KIND_PLAIN = {
    "annual_review": "Meeting about your plan",
    "transition_review": "Meeting about growing up and what comes next",
    "handover_meeting": "Meeting with your new adult team",
    "meet_adult_worker": "Meet your new adult worker",
    "other": "Meeting",
}


class Meeting(Timestamped, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        one_of("kind", MEETING_KINDS, "kind"),
        Index("ix_meetings_young_person_id_starts_at", "young_person_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    kind: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    location: Mapped[str | None] = mapped_column(String(200))
    online_link: Mapped[str | None] = mapped_column(String(500))
    invitees: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None]
    # RFC 5545 SEQUENCE: goes up whenever the time or title changes.
    sequence: Mapped[int] = mapped_column(default=0)
    # What was agreed, written after the meeting.
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None]

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    young_person: Mapped[YoungPerson] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return MEETING_KIND_LABELS[self.kind]

    @property
    def plain_label(self) -> str:
        return MEETING_KIND_PLAIN[self.kind]


class MeetingInvitee(Base):
    """Someone invited by email: a staff account or an address typed in (checked)."""

    __tablename__ = "meeting_invitees"
    __table_args__ = (UniqueConstraint("meeting_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingAction(Base):
    """An action agreed at a meeting: an owner, a due date, and the milestone it became."""

    __tablename__ = "meeting_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    owner_name: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(Date)
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
