"""The one place that answers "may this user reach this young person?".

Every read of a person's data starts from `people_in_scope`, so a route cannot
forget the rules: the query itself only ever returns people the user may see.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, false, select, true

from transition.extensions import db
from transition.models import ConsentRecord, Handover, User, YoungPerson
from transition.services import audit
from transition.services.audit import Actor
from transition.services.clock import today

# Handover states after which the receiving team may read the record.
RECEIVING_TEAM_READS = ("accepted", "completed")


class NotInScope(LookupError):
    """The person does not exist or this user may not reach them; the caller says 404."""


def _latest_decision(purpose: str, column=None):
    """The current (latest, not withdrawn) decision for `purpose`, per person, in SQL."""
    return (
        select(column if column is not None else ConsentRecord.decision)
        .where(
            ConsentRecord.young_person_id == YoungPerson.id,
            ConsentRecord.purpose == purpose,
            ConsentRecord.withdrawn_at.is_(None),
        )
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def eighteen_cutoff(today: date) -> date:
    """The latest date of birth of someone who is 18 or over on `today`."""
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February: 18 years before is a common year
        return date(today.year - 18, 2, 28)


def is_adult_condition(today: date):
    return YoungPerson.date_of_birth <= eighteen_cutoff(today)


def _parent_access_allowed(today: date):
    """A parent or carer sees the pathway while the current decision allows it.

    Before 18 with nothing recorded the parent keeps access (before the end of
    compulsory school age the decision is not the young person's alone; after it the
    worker is asked to record theirs). From 18 parental responsibility has ended: no
    recorded agreement, by the young person or by someone with authority for them,
    means no access; a parent's own "decision" counts for nothing.
    """
    latest = _latest_decision("parent_access")
    latest_by = _latest_decision("parent_access", ConsentRecord.decided_by)
    allowed = latest.in_(("given", "best_interests"))
    adult = is_adult_condition(today)
    return (~adult & (latest.is_(None) | allowed)) | (
        adult & allowed & (latest_by != "parent_carer")
    )


def _sharing_basis_in_place():
    """A handover's lawful basis still stands: public task not stopped, or live consent."""
    consent = _latest_decision("share_with_adult_services")
    return Handover.sharing_stopped_at.is_(None) & (
        (Handover.lawful_basis == "public_task")
        | ((Handover.lawful_basis == "consent") & consent.in_(("given", "best_interests")))
    )


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
        # An accepted handover and a lawful basis for sharing that still stands.
        return exists().where(
            Handover.young_person_id == YoungPerson.id,
            Handover.team_id == user.team_id,
            Handover.state.in_(RECEIVING_TEAM_READS),
            _sharing_basis_in_place(),
        )
    if user.role == "young_person":
        return YoungPerson.id == user.young_person_id
    if user.role == "parent_carer":
        return (YoungPerson.id == user.young_person_id) & _parent_access_allowed(today())
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
