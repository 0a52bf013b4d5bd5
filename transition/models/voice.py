"""My voice: what a young person (or their parent or carer) says, kept with who and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, one_of, utcnow
from transition.models.users import ROLES, User

VOICE_KINDS = ("what_matters", "goal", "review_views", "parent_views")
VOICE_AREAS = ("employment", "independent_living", "community", "health")


class VoiceEntry(Base):
    """Entries are never edited in place: a new entry supersedes the last, so history stays."""

    __tablename__ = "voice_entries"
    __table_args__ = (
        one_of("kind", VOICE_KINDS, "kind"),
        one_of("area", VOICE_AREAS, "area"),
        one_of("author_role", ROLES, "author_role"),
        Index("ix_voice_entries_young_person_id_kind", "young_person_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    kind: Mapped[str] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    # True when a worker wrote down what the young person said.
    on_behalf: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
