"""Each young person's rating and caseload figures, stored so lists page in SQL.

Written only by transition.services.ratings, in the same transaction as every change
that affects them (and by `flask --app wsgi rerate` as the date moves on); the rule
itself stays in transition.pathway.rag.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from transition.models.base import Base, one_of

RAG_COLOURS = ("green", "amber", "red")
RATED_AREAS = ("process", "employment", "independent_living", "community", "health")


class PersonRating(Base):
    __tablename__ = "person_ratings"
    __table_args__ = (
        one_of("rag", RAG_COLOURS, "rag"),
        Index("ix_person_ratings_rag_rank", "rag_rank"),
        Index("ix_person_ratings_expires_on", "expires_on"),
        Index("ix_person_ratings_next_due_on", "next_due_on"),
    )

    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    rag: Mapped[str] = mapped_column(String(10))
    rag_rank: Mapped[int]  # 0 green, 1 amber, 2 red: for sorting worst first
    reasons: Mapped[list] = mapped_column(JSON)
    next_due_on: Mapped[date | None] = mapped_column(Date)
    next_title: Mapped[str | None] = mapped_column(String(200))
    overdue: Mapped[int]
    overdue_process: Mapped[int]
    overdue_employment: Mapped[int]
    overdue_independent_living: Mapped[int]
    overdue_community: Mapped[int]
    overdue_health: Mapped[int]
    has_adult_decision: Mapped[bool]
    latest_handover_id: Mapped[int | None]
    latest_handover_state: Mapped[str | None] = mapped_column(String(20))
    latest_handover_target: Mapped[date | None] = mapped_column(Date)
    # The year whose September began their reception year, plus their year-group offset:
    # school year = (this school year's start) - school_cohort - 5, so it sorts in SQL.
    school_cohort: Mapped[int]
    rated_on: Mapped[date] = mapped_column(Date)
    # The first day the figures may read differently (a due date passes, a reason's
    # "3 months overdue" ticks on): `rerate` recomputes those on or after it.
    expires_on: Mapped[date] = mapped_column(Date)
