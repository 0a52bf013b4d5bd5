"""Creating, changing and checking young people's records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import AuditEvent, ConsentRecord, Team, User, YoungPerson, utcnow
from transition.models.people import PRIMARY_NEEDS
from transition.models.users import Role
from transition.pathway.dates import add_age
from transition.services import audit
from transition.services.access import people_in_scope
from transition.services.audit import Actor
from transition.services.locking import StaleRecord

YOUNGEST_AGE = 13
OLDEST_AGE = 25

# Fields a worker or manager may set through the record form. Nothing else is bound.
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "year_group_offset",
    "nhs_number",
    "local_reference",
    "primary_need",
    "has_ehc_plan",
    "ehc_plan_issued_on",
    "ehc_last_review_on",
    "education_setting",
    "communication_needs",
    "aspirations",
    "services_now",
    "services_needed_as_adult",
    "risks",
    "care_act_assessment",
    "chc_status",
    "capacity_status",
)


def clean_nhs_number(value: str | None) -> str | None:
    if value is None:
        return None
    digits = re.sub(r"[\s-]", "", value)
    return digits or None


def nhs_number_problem(value: str | None) -> str | None:
    """Check an NHS number's format and its modulus 11 check digit."""
    digits = clean_nhs_number(value)
    if digits is None:
        return None
    if not re.fullmatch(r"\d{10}", digits):
        return "NHS number must be 10 digits, like 943 476 5919"
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "Enter a real NHS number. Check the digits and try again"
    return None


def date_of_birth_problem(dob: date | None, today: date) -> str | None:
    if dob is None:
        return "Enter a date of birth"
    if dob > today:
        return "Date of birth must be in the past"
    if add_age(dob, YOUNGEST_AGE) > today:
        return f"The young person must be {YOUNGEST_AGE} or older"
    if add_age(dob, OLDEST_AGE + 1) <= today:
        return f"The young person must be {OLDEST_AGE} or younger"
    return None


def matching(query: Select, term: str) -> Select:
    """People whose name, preferred name or local reference contains `term`.

    The one search for young people: the caseload lists and the records list share it.
    """
    term = term.strip()[:100].lower()
    if not term:
        return query
    like = f"%{term}%"
    return query.where(
        or_(
            func.lower(YoungPerson.first_name + " " + YoungPerson.last_name).like(like),
            func.lower(
                func.coalesce(YoungPerson.preferred_name, "") + " " + YoungPerson.last_name
            ).like(like),
            func.lower(YoungPerson.local_reference).like(like),
        )
    )


def find(user: User, term: str, *, page: int, per_page: int) -> Pagination:
    """The people `user` may reach that match `term`, a page at a time, by name."""
    query = matching(people_in_scope(user), term).order_by(
        YoungPerson.last_name, YoungPerson.first_name, YoungPerson.id
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def local_reference_taken(reference: str, *, except_id: int | None = None) -> bool:
    query = select(YoungPerson.id).where(YoungPerson.local_reference == reference.strip())
    if except_id is not None:
        query = query.where(YoungPerson.id != except_id)
    return db.session.scalar(query) is not None


def apply_fields(person: YoungPerson, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip() or None
        if name == "nhs_number":
            value = clean_nhs_number(value)
        if name == "primary_need" and value not in PRIMARY_NEEDS:
            value = None
        if name == "year_group_offset":
            value = int(value or 0)
        setattr(person, name, value)


# A record made again within this time by the same user, with the same name and date of
# birth, is taken to be the same form sent twice.
REPEAT_WINDOW = timedelta(minutes=10)


def just_created(
    actor: Actor,
    first_name: str | None,
    last_name: str | None,
    date_of_birth: date | None,
    *,
    now: datetime | None = None,
) -> YoungPerson | None:
    """The record this user created moments ago for the same name and date of birth.

    A form sent twice (a double click, or sent again after a slow page) then leads to
    the record already made instead of making a second one.
    """
    if actor.user is None or not first_name or not last_name or date_of_birth is None:
        return None
    since = (now or utcnow()) - REPEAT_WINDOW
    return db.session.scalar(
        people_in_scope(actor.user)
        .join(AuditEvent, AuditEvent.young_person_id == YoungPerson.id)
        .where(
            AuditEvent.action == "create",
            AuditEvent.object_type == "young_person",
            AuditEvent.user_id == actor.user_id,
            AuditEvent.at >= since,
            YoungPerson.first_name == first_name.strip(),
            YoungPerson.last_name == last_name.strip(),
            YoungPerson.date_of_birth == date_of_birth,
        )
        .order_by(YoungPerson.id)
        .limit(1)
    )


def create_person(
    actor: Actor, data: dict, *, team: Team | None, worker: User | None
) -> YoungPerson:
    person = YoungPerson(team=team, worker=worker)
    apply_fields(person, data)
    db.session.add(person)
    db.session.flush()
    from transition.services import pathway as pathway_service

    pathway_service.apply_framework(person)
    audit.record(
        actor,
        "create",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
    )
    return person


def update_person(actor: Actor, person: YoungPerson, data: dict, *, version: int) -> None:
    """Save changes unless someone else saved first (optimistic locking)."""
    if person.version_id != version:
        raise StaleRecord
    apply_fields(person, data)
    audit.record(
        actor,
        "update",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
    )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleRecord from exc


@dataclass(frozen=True)
class ConsentInput:
    purpose: str
    decision: str
    decided_by: str
    decided_on: date
    decider_name: str | None = None
    capacity_assessed: bool = False
    lacks_capacity: bool = False
    notes: str | None = None


def record_consent(actor: Actor, person: YoungPerson, data: ConsentInput) -> ConsentRecord:
    """Add a decision; earlier ones stay as history and stop being current.

    The same decision sent again (a form sent twice) is kept once.
    """
    current = person.current_consent(data.purpose)
    if current is not None and all(
        getattr(current, name) == getattr(data, name)
        for name in (
            "decision",
            "decided_by",
            "decided_on",
            "decider_name",
            "capacity_assessed",
            "lacks_capacity",
            "notes",
        )
    ):
        return current
    record = ConsentRecord(
        young_person=person,
        purpose=data.purpose,
        decision=data.decision,
        decided_by=data.decided_by,
        decided_on=data.decided_on,
        decider_name=data.decider_name,
        capacity_assessed=data.capacity_assessed,
        lacks_capacity=data.lacks_capacity,
        notes=data.notes,
        recorded_by=actor.user,
    )
    db.session.add(record)
    audit.record(
        actor,
        "record_consent",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
        detail=f"{data.purpose}: {data.decision}",
    )
    return record


def workers_for(team: Team | None) -> list[User]:
    query = select(User).where(User.role == Role.WORKER, User.is_active_account.is_(True))
    if team is not None:
        query = query.where(User.team_id == team.id)
    return list(db.session.scalars(query.order_by(User.name)))
