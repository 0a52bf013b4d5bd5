"""A change counter per calendar-feed owner, so a feed's ETag costs one query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from transition.models.base import Base, one_of, utcnow

# Whose changes a feed shows: a worker's caseload (user), an adult team's incoming
# handovers (team), a young person's own pathway (person), or the whole authority.
FEED_OWNER_KINDS = ("user", "team", "person", "authority")


class FeedVersion(Base):
    """Goes up in the same transaction as every change that alters the owner's feed."""

    __tablename__ = "feed_versions"
    __table_args__ = (one_of("owner_kind", FEED_OWNER_KINDS, "owner_kind"),)

    owner_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    owner_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
