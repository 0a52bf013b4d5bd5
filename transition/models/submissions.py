"""Forms that create something, each sent once: a second send lands on the first result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from transition.models.base import Base, utcnow


class FormSubmission(Base):
    """A creating form's one-time key, claimed by the first request that sends it.

    The key is made when the form is shown and sent back with it; the primary key makes
    a second, simultaneous send wait for the first and then find where it went.
    """

    __tablename__ = "form_submissions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Where the first send led (the record it made); None until it has finished.
    result_path: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
