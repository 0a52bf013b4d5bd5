"""Notifications in the service, what each user wants emailed, and the outgoing email queue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, one_of, utcnow
from transition.models.users import User

NOTIFICATION_KINDS = (
    "handover_query",
    "handover_answer",
    "handover_returned",
    "handover_accepted",
    "young_person_wrote",
    "allocated",
    "meeting_action",
)
NOTIFICATION_KIND_LABELS = {
    "handover_query": "An adult team asks a question about a handover",
    "handover_answer": "A transition worker answers your team's question",
    "handover_returned": "An adult team returns a handover",
    "handover_accepted": "An adult team accepts a handover",
    "young_person_wrote": "A young person or their parent or carer writes something new",
    "allocated": "A young person is allocated to you",
    "meeting_action": "An action from a meeting is given to you",
}
FREQUENCIES = ("immediate", "digest", "off")
FREQUENCY_LABELS = {
    "immediate": "Email me at once",
    "digest": "Email me once a day",
    "off": "Do not email me",
}
EMAIL_STATES = ("pending", "sending", "sent", "failed")


class Notification(Base):
    """Something that happened which concerns one user; read or not yet read."""

    __tablename__ = "notifications"
    __table_args__ = (
        one_of("kind", NOTIFICATION_KINDS, "kind"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    young_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    # Initials and reference only: the text is also what an email says.
    text: Mapped[str] = mapped_column(String(300))
    # A path inside the service, where the thing is dealt with.
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # Waiting for the user's daily digest email.
    in_digest: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


class NotificationPreference(Base):
    """How one user wants one kind of notification emailed; no row means at once."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        one_of("kind", NOTIFICATION_KINDS, "kind"),
        one_of("frequency", FREQUENCIES, "frequency"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10))


class Email(Base):
    """One email to send. `dedupe_key` is unique, so the same email is never queued twice;
    a sender claims a row by moving it to `sending` in one UPDATE, so it is never sent twice."""

    __tablename__ = "emails"
    __table_args__ = (
        one_of("status", EMAIL_STATES, "status"),
        Index("ix_emails_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    template: Mapped[str] = mapped_column(String(40))
    personalisation: Mapped[dict] = mapped_column(JSON)
    # An iTIP calendar object (RFC 5546) sent with the email, and its METHOD.
    calendar: Mapped[str | None] = mapped_column(Text)
    calendar_method: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sender: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class AttentionDismissal(Base):
    """A user set an item of their attention list aside, with a reason, until a date."""

    __tablename__ = "attention_dismissals"
    __table_args__ = (UniqueConstraint("user_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(300))
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
