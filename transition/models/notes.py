"""Case notes: the everyday record of visits, calls and emails, with their history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of, utcnow
from transition.models.users import User

NOTE_KINDS = ("visit", "phone_call", "email", "meeting", "letter", "other")
NOTE_KIND_LABELS = {
    "visit": "Visit",
    "phone_call": "Phone call",
    "email": "Email",
    "meeting": "Meeting",
    "letter": "Letter",
    "other": "Other",
}

# The notes a worker chose to send with a handover.
handover_notes = Table(
    "handover_notes",
    Base.metadata,
    Column(
        "handover_id",
        ForeignKey("handovers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "case_note_id",
        ForeignKey("case_notes.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class CaseNote(Timestamped, Base):
    __tablename__ = "case_notes"
    __table_args__ = (
        one_of("kind", NOTE_KINDS, "kind"),
        Index("ix_case_notes_young_person_id_happened_on", "young_person_id", "happened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    kind: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    with_whom: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    # Not for the young person, their parents or carers, or adult teams.
    sensitive: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    author: Mapped[User | None] = relationship()
    revisions: Mapped[list[CaseNoteRevision]] = relationship(
        back_populates="note", order_by="CaseNoteRevision.replaced_at"
    )

    @property
    def kind_label(self) -> str:
        return NOTE_KIND_LABELS[self.kind]


class CaseNoteRevision(Base):
    """A note as it read before an edit: notes are changed, never silently rewritten."""

    __tablename__ = "case_note_revisions"
    __table_args__ = (one_of("kind", NOTE_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_note_id: Mapped[int] = mapped_column(ForeignKey("case_notes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    with_whom: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    sensitive: Mapped[bool] = mapped_column(default=False)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[CaseNote] = relationship(back_populates="revisions")
    replaced_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return NOTE_KIND_LABELS[self.kind]
