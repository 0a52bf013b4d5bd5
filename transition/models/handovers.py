"""Handovers from children's to adult services, and the conversation on each."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of, utcnow
from transition.models.documents import Document
from transition.models.notes import CaseNote
from transition.models.people import YoungPerson
from transition.models.users import Team, User

HANDOVER_STATES = ("draft", "sent", "queried", "accepted", "returned", "completed")
HANDOVER_STATE_LABELS = {
    "draft": "Draft",
    "sent": "Sent, waiting",
    "queried": "Query raised",
    "accepted": "Accepted",
    "returned": "Returned",
    "completed": "Complete",
}
MESSAGE_KINDS = ("query", "answer", "note")


class Handover(Timestamped, Base):
    __tablename__ = "handovers"
    __table_args__ = (
        one_of("state", HANDOVER_STATES, "state"),
        Index("ix_handovers_team_id_state", "team_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    # The receiving adult team.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    target_date: Mapped[date] = mapped_column(Date)
    target_date_reason: Mapped[str | None] = mapped_column(Text)
    sending_contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    receiving_contact_name: Mapped[str | None] = mapped_column(String(120))
    worker_notes: Mapped[str | None] = mapped_column(Text)
    # What was sent, frozen: the receiving team reads this, not the live record.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    receiving_worker_name: Mapped[str | None] = mapped_column(String(120))
    first_contact_on: Mapped[date | None] = mapped_column(Date)
    returned_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None]

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    young_person: Mapped[YoungPerson] = relationship()
    team: Mapped[Team] = relationship()
    sending_contact: Mapped[User | None] = relationship(foreign_keys=[sending_contact_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])
    messages: Mapped[list[HandoverMessage]] = relationship(
        back_populates="handover", order_by="HandoverMessage.created_at"
    )
    # Case notes the worker chose to include in the summary.
    case_notes: Mapped[list[CaseNote]] = relationship(
        secondary="handover_notes", order_by="CaseNote.happened_on"
    )
    # Documents the worker chose to send with it.
    documents: Mapped[list[Document]] = relationship(
        secondary="handover_documents", order_by="Document.document_date"
    )

    @property
    def state_label(self) -> str:
        return HANDOVER_STATE_LABELS[self.state]


class HandoverMessage(Base):
    __tablename__ = "handover_messages"
    __table_args__ = (one_of("kind", MESSAGE_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    handover: Mapped[Handover] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
