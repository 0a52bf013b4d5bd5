"""Stored ratings: each person's RAG, reasons, next due milestone and overdue counts.

The rule is transition.pathway.rag.person_rating, called here and nowhere else for
stored figures, with every milestone of the person (as the record page does). The
figures are written in the same transaction as every change that can alter them: a
flush notes the people whose milestones, handovers or record changed, and just before
the commit their figures are recomputed. `flask --app wsgi rerate` recomputes, once a
day, the people whose figures expire (a due date passed, "3 months overdue" became
"4 months", an 18th birthday came nearer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from transition.extensions import db
from transition.models import Handover, Milestone, PersonRating, YoungPerson
from transition.models.ratings import RATED_AREAS
from transition.pathway.dates import _YEAR_GROUP_TO_AGE, _reception_cohort_year, add_age
from transition.pathway.rag import (
    AMBER_WINDOW_DAYS,
    CLOSED,
    IN_PROGRESS,
    MISSED,
    NOT_STARTED,
    Rating,
    person_rating,
)
from transition.services.access import RECEIVING_TEAM_READS

STATUTORY = ("law", "statutory_guidance")
_KEY = "rating_changes"
_CHUNK = 500
# Figures are recomputed at least this often even when nothing seems to move them.
LONGEST_VALID = timedelta(days=7)

# What a change to each kind of row means for ratings: the attribute naming the person.
# A new kind of change that alters a rating adds its model here.
RATED_BY: dict[type, str] = {
    Milestone: "young_person_id",
    Handover: "young_person_id",
    YoungPerson: "id",
}


@dataclass(frozen=True)
class Figures:
    rating: Rating
    next_due: date | None
    next_title: str | None
    overdue_by_area: dict[str, int]
    has_adult_decision: bool
    latest_handover: tuple[int, str, date] | None
    school_cohort: int
    expires_on: date


def school_year(cohort: int, today: date) -> int:
    """The year group today from a stored school cohort (see PersonRating)."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return start_year - cohort - _YEAR_GROUP_TO_AGE


def rate_person(
    dob: date, milestones: Iterable[tuple[str, date | None, str, bool]], has_decision: bool, today
) -> Rating:
    """The one call of the rating rule for stored figures (the record page calls the same)."""
    return person_rating(milestones, dob, today, has_decision)


def _figures(person, milestones: list, handovers: list, today: date) -> Figures:
    dob = person.date_of_birth
    has_decision = any(state in RECEIVING_TEAM_READS for _, state, _, _ in handovers)
    rating = rate_person(
        dob,
        [(title, due, status, source in STATUTORY) for title, due, status, source, _ in milestones],
        has_decision,
        today,
    )
    overdue: dict[str, int] = defaultdict(int)
    next_one: tuple[date, str] | None = None
    expires = today + LONGEST_VALID
    for title, due, status, _source, area in milestones:
        if status in CLOSED:
            continue
        late = status == MISSED or (due is not None and due < today)
        if late:
            overdue[area] += 1
        if status in (NOT_STARTED, IN_PROGRESS) and due is not None and due >= today:
            if next_one is None or (due, title) < next_one:
                next_one = (due, title)
            expires = min(expires, due + timedelta(days=1))  # then it is overdue
            amber_from = due - timedelta(days=AMBER_WINDOW_DAYS)
            if amber_from > today:
                expires = min(expires, amber_from)
    for birthday in (add_age(dob, 17, 6), add_age(dob, 18)):
        if birthday > today:
            expires = min(expires, birthday)
    if rating.colour != "green":
        expires = today + timedelta(days=1)  # its reasons count days, weeks and months
    latest = handovers[-1] if handovers else None
    return Figures(
        rating=rating,
        next_due=next_one[0] if next_one else None,
        next_title=next_one[1] if next_one else None,
        overdue_by_area=dict(overdue),
        has_adult_decision=has_decision,
        latest_handover=(latest[0], latest[1], latest[2]) if latest else None,
        school_cohort=_reception_cohort_year(dob) + person.year_group_offset,
        expires_on=expires,
    )


def compute(
    person_ids: Iterable[int], today: date, *, session: Session | None = None
) -> dict[int, Figures]:
    """Fresh figures for these people, in three queries a chunk of 500."""
    session = session or db.session
    result: dict[int, Figures] = {}
    ordered = sorted(set(person_ids))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        people = session.execute(
            select(YoungPerson.id, YoungPerson.date_of_birth, YoungPerson.year_group_offset).where(
                YoungPerson.id.in_(chunk)
            )
        ).all()
        milestones: dict[int, list] = defaultdict(list)
        for row in session.execute(
            select(
                Milestone.young_person_id,
                Milestone.title,
                Milestone.due_on,
                Milestone.status,
                Milestone.source_status,
                Milestone.area,
            )
            .where(Milestone.young_person_id.in_(chunk))
            # The record page's order (pathway.milestones_for), so reasons list alike.
            .order_by(
                Milestone.young_person_id,
                Milestone.due_on.is_(None),
                Milestone.due_on,
                Milestone.code,
                Milestone.id,
            )
        ):
            milestones[row[0]].append(tuple(row[1:]))
        handovers: dict[int, list] = defaultdict(list)
        for row in session.execute(
            select(
                Handover.young_person_id,
                Handover.id,
                Handover.state,
                Handover.target_date,
                Handover.created_at,
            )
            .where(Handover.young_person_id.in_(chunk))
            .order_by(Handover.created_at, Handover.id)
        ):
            handovers[row[0]].append(tuple(row[1:]))
        for person in people:
            result[person.id] = _figures(
                person, milestones.get(person.id, []), handovers.get(person.id, []), today
            )
    return result


def _row(person_id: int, figures: Figures, today: date) -> dict:
    latest = figures.latest_handover
    row = {
        "young_person_id": person_id,
        "rag": figures.rating.colour,
        "rag_rank": figures.rating.rank,
        "reasons": list(figures.rating.reasons),
        "next_due_on": figures.next_due,
        "next_title": figures.next_title,
        "overdue": sum(figures.overdue_by_area.values()),
        "has_adult_decision": figures.has_adult_decision,
        "latest_handover_id": latest[0] if latest else None,
        "latest_handover_state": latest[1] if latest else None,
        "latest_handover_target": latest[2] if latest else None,
        "school_cohort": figures.school_cohort,
        "rated_on": today,
        "expires_on": figures.expires_on,
    }
    for area in RATED_AREAS:
        row[f"overdue_{area}"] = figures.overdue_by_area.get(area, 0)
    return row


def store(person_ids: Iterable[int], today: date, *, session: Session | None = None) -> int:
    """Recompute and store these people's figures; returns how many were stored."""
    session = session or db.session
    figures = compute(person_ids, today, session=session)
    if not figures:
        return 0
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = PersonRating.__table__
    rows = [_row(person_id, f, today) for person_id, f in sorted(figures.items())]
    for start in range(0, len(rows), _CHUNK):
        statement = dialect.insert(table)
        columns = {
            c.name: statement.excluded[c.name] for c in table.c if c.name != "young_person_id"
        }
        connection.execute(
            statement.on_conflict_do_update(index_elements=[table.c.young_person_id], set_=columns),
            rows[start : start + _CHUNK],
        )
    return len(rows)


def rerate(today: date) -> int:
    """Recompute everyone whose stored figures have expired (or were never stored)."""
    expired = select(PersonRating.young_person_id).where(PersonRating.expires_on <= today)
    missing = (
        select(YoungPerson.id)
        .outerjoin(PersonRating, PersonRating.young_person_id == YoungPerson.id)
        .where(PersonRating.young_person_id.is_(None))
    )
    ids = set(db.session.scalars(expired)) | set(db.session.scalars(missing))
    return store(ids, today)


def rerate_all(today: date, *, session: Session | None = None) -> int:
    session = session or db.session
    return store(list(session.scalars(select(YoungPerson.id))), today, session=session)


# Keeping them current ---------------------------------------------------------------


def _after_flush(session: Session, _context) -> None:
    people: set[int] = session.info.setdefault(_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        attribute = RATED_BY.get(type(obj))
        if attribute is None:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        person_id = getattr(obj, attribute)
        if person_id is not None:
            people.add(person_id)


def _before_commit(session: Session) -> None:
    session.flush()
    people = session.info.pop(_KEY, None)
    if people:
        from transition.services.clock import today

        store(people, today(), session=session)
        session.execute(
            delete(PersonRating).where(
                PersonRating.young_person_id.in_(sorted(people)),
                PersonRating.young_person_id.not_in(select(YoungPerson.id)),
            )
        )


def _forget(session: Session, *_args) -> None:
    session.info.pop(_KEY, None)


def install(session_factory) -> None:
    for name, listener in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_rollback", _forget),
    ):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)
