"""The audit trail: who viewed or changed which record, when, from where."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from transition.models.base import Base, one_of, utcnow
from transition.models.users import ROLES

OUTCOMES = ("allowed", "refused")


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        one_of("outcome", OUTCOMES, "outcome"),
        one_of("role", ROLES, "role"),
        Index("ix_audit_events_young_person_id_at", "young_person_id", "at"),
        Index("ix_audit_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Kept as text so the row still says who it was if the account changes role later.
    user_email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    young_person_id: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(10), default="allowed")
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # A short description of what happened; never record contents, passwords or tokens.
    detail: Mapped[str | None] = mapped_column(String(300))
    # For a list or search page: the ids of every person it showed, as ",12,15,18,"
    # so that "who saw this person" finds the row with one LIKE.
    people_shown: Mapped[str | None] = mapped_column(Text)

    @property
    def people_shown_count(self) -> int:
        return len((self.people_shown or "").strip(",").split(",")) if self.people_shown else 0
