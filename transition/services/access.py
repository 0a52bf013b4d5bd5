"""The one place that answers "may this user reach this young person?".

Every read of a person's data starts from `people_in_scope`, so a route cannot
forget the rules: the query itself only ever returns people the user may see.
"""

from __future__ import annotations

from sqlalchemy import Select, exists, false, select, true

from transition.extensions import db
from transition.models import ConsentRecord, Handover, User, YoungPerson
from transition.services import audit
from transition.services.audit import Actor

# Handover states after which the receiving team may read the record.
RECEIVING_TEAM_READS = ("accepted", "completed")


class NotInScope(LookupError):
    """The person does not exist or this user may not reach them; the caller says 404."""


def _parent_access_allowed():
    """A parent or carer sees the pathway while the current decision allows it."""
    latest = (
        select(ConsentRecord.decision)
        .where(
            ConsentRecord.young_person_id == YoungPerson.id,
            ConsentRecord.purpose == "parent_access",
            ConsentRecord.withdrawn_at.is_(None),
        )
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # No decision recorded yet: the parent keeps access (before the end of
    # compulsory school age the decision is not the young person's alone).
    return latest.is_(None) | latest.in_(("given", "best_interests"))


def scope_condition(user: User):
    """A SQL condition on YoungPerson that is true only for people `user` may see."""
    if not user.is_active:
        return false()
    if user.role == "manager":
        return true()
    if user.role == "worker":
        if user.team_id is None:
            return YoungPerson.worker_id == user.id
        return (YoungPerson.team_id == user.team_id) | (YoungPerson.worker_id == user.id)
    if user.role == "adult_services":
        if user.team_id is None:
            return false()
        return exists().where(
            Handover.young_person_id == YoungPerson.id,
            Handover.team_id == user.team_id,
            Handover.state.in_(RECEIVING_TEAM_READS),
        )
    if user.role == "young_person":
        return YoungPerson.id == user.young_person_id
    if user.role == "parent_carer":
        return (YoungPerson.id == user.young_person_id) & _parent_access_allowed()
    return false()


def people_in_scope(user: User) -> Select[tuple[YoungPerson]]:
    return select(YoungPerson).where(scope_condition(user))


def can_edit(user: User, person: YoungPerson) -> bool:
    """Workers change their team's records and managers everyone's; others only read."""
    if user.role == "manager":
        return True
    if user.role == "worker":
        return person.team_id == user.team_id or person.worker_id == user.id
    return False


def sees_sensitive(user: User) -> bool:
    """May `user` read what is marked sensitive (case notes, documents)?

    Sensitive information is not for the young person, their parents or carers, or the
    adult teams a handover goes to: only the children's side that recorded it. Every
    list and download of notes and documents asks this one question.
    """
    return user.is_active and user.role in ("worker", "manager")


def get_person(actor: Actor, person_id: int, *, action: str = "view") -> YoungPerson:
    """Load one person for `actor`, auditing the access whether allowed or refused."""
    assert actor.user is not None
    person = db.session.scalar(people_in_scope(actor.user).where(YoungPerson.id == person_id))
    if person is None:
        audit.record(
            actor,
            action,
            object_type="young_person",
            object_id=person_id,
            young_person_id=person_id,
            outcome="refused",
        )
        db.session.commit()
        raise NotInScope(person_id)
    audit.record(
        actor, action, object_type="young_person", object_id=person_id, young_person_id=person_id
    )
    return person


def get_person_to_edit(actor: Actor, person_id: int, *, action: str = "edit") -> YoungPerson:
    person = get_person(actor, person_id, action=action)
    assert actor.user is not None
    if not can_edit(actor.user, person):
        db.session.rollback()
        audit.record(
            actor,
            action,
            object_type="young_person",
            object_id=person_id,
            young_person_id=person_id,
            outcome="refused",
        )
        db.session.commit()
        raise NotInScope(person_id)
    return person
