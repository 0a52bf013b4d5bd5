"""Capacity assessments, representatives and recorded decisions, checked by one rule.

`who_decides_for` turns what the record holds (age on the date, the latest capacity or
competence assessment for this decision, representatives in force) into the pure rule
in transition/pathway/decisions.py. Every form that records a decision asks it, and
`record_decision` refuses a decision the rule does not allow, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from transition.extensions import db
from transition.models import CapacityAssessment, ConsentRecord, Representative, YoungPerson
from transition.models.people import PURPOSE_DECISION
from transition.pathway.dates import age_on, format_date
from transition.pathway.decisions import (
    ADULT_OUTCOMES,
    CHILD_OUTCOMES,
    DECISIONS,
    MAY_COVER,
    MCA_AGE,
    REPRESENTATIVE_KINDS,
    Authority,
    Situation,
    WhoDecides,
    capacity_for,
    latest_assessment,
    who_decides,
)
from transition.pathway.keydates import key_dates
from transition.services import audit
from transition.services.audit import Actor


class DecisionProblem(ValueError):
    """The decision cannot be recorded; the message says why, in the user's words."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def age_in_years(person: YoungPerson, on: date) -> int:
    return age_on(person.date_of_birth, max(on, person.date_of_birth))[0]


def representatives_in_force(person: YoungPerson, on: date) -> list[Representative]:
    return [r for r in person.representatives if r.in_force_on(on)]


def situation_for(person: YoungPerson, decision: str, on: date) -> Situation:
    age = age_in_years(person, on)
    past_csa = (
        on >= key_dates(person.date_of_birth, person.year_group_offset).end_of_compulsory_school
    )
    capacity, competent = capacity_for(
        person.capacity_assessments, decision, age if not past_csa else max(age, MCA_AGE), on
    )
    return Situation(
        past_compulsory_school_age=past_csa,
        decision=decision,
        age=age,
        capacity=capacity,
        competent=competent,
        representatives=tuple(
            Authority(kind=r.kind, covers=frozenset(r.covers or ()), name=r.name)
            for r in representatives_in_force(person, on)
        ),
    )


def who_decides_for(person: YoungPerson, purpose: str, on: date) -> WhoDecides:
    """The rule's answer for a recorded decision's purpose, on the date of the decision."""
    return who_decides(situation_for(person, PURPOSE_DECISION[purpose], on))


def capacity_line(person: YoungPerson, decision: str, on: date) -> str:
    """Plain words: what applies for this decision now."""
    age = age_in_years(person, on)
    latest = latest_assessment(person.capacity_assessments, decision, age, on)
    if latest is None:
        if age >= MCA_AGE:
            return "Capacity presumed (not assessed for this decision)"
        return "Under 16: competence not assessed for this decision"
    return (
        f"{latest.outcome_label} (assessed on {format_date(latest.assessed_on)} "
        f"by {latest.assessor})"
    )


def capacity_summary(person: YoungPerson, on: date) -> list[dict]:
    """The assessment that applies to each decision assessed, naming the decision."""
    age = age_in_years(person, on)
    rows = []
    for code, label in DECISIONS.items():
        latest = latest_assessment(person.capacity_assessments, code, age, on)
        if latest is None:
            continue
        rows.append(
            {
                "decision": code,
                "decision_label": label[0].upper() + label[1:],
                "outcome": latest.outcome,
                "outcome_label": latest.outcome_label,
                "assessed_on": latest.assessed_on.isoformat(),
                "assessor": latest.assessor,
            }
        )
    return rows


# --- Recording -----------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentInput:
    decision: str
    assessed_on: date
    assessor: str
    outcome: str
    notes: str | None = None


def record_assessment(
    actor: Actor, person: YoungPerson, data: AssessmentInput, today: date
) -> CapacityAssessment:
    if data.decision not in DECISIONS:
        raise DecisionProblem("Select the decision the assessment is about", "decision")
    if data.assessed_on > today:
        raise DecisionProblem("The date of the assessment must be today or in the past")
    if data.assessed_on < person.date_of_birth:
        raise DecisionProblem("The date of the assessment must be after their date of birth")
    age = age_in_years(person, data.assessed_on)
    if age >= MCA_AGE and data.outcome not in ADULT_OUTCOMES:
        raise DecisionProblem(
            "They were 16 or over on that date, so record whether they have capacity for "
            "this decision (the Mental Capacity Act applies), not Gillick competence",
            "outcome",
        )
    if age < MCA_AGE and data.outcome not in CHILD_OUTCOMES:
        raise DecisionProblem(
            "They were under 16 on that date, so record whether they were competent to "
            "make this decision (Gillick); the Mental Capacity Act applies from 16",
            "outcome",
        )
    for existing in person.capacity_assessments:
        if (
            existing.decision,
            existing.assessed_on,
            existing.outcome,
            existing.assessor,
        ) == (data.decision, data.assessed_on, data.outcome, data.assessor.strip()):
            return existing  # the same form sent twice
    assessment = CapacityAssessment(
        young_person=person,
        decision=data.decision,
        assessed_on=data.assessed_on,
        assessor=data.assessor.strip(),
        outcome=data.outcome,
        notes=(data.notes or "").strip() or None,
        recorded_by=actor.user,
    )
    db.session.add(assessment)
    audit.record(
        actor,
        "record_capacity",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
        detail=f"{data.decision}: {data.outcome}",
    )
    return assessment


@dataclass(frozen=True)
class RepresentativeInput:
    kind: str
    name: str
    covers: tuple[str, ...]
    starts_on: date
    ends_on: date | None = None
    reference: str | None = None
    notes: str | None = None


def representative_problem(person: YoungPerson, data: RepresentativeInput) -> str | None:
    if data.kind not in REPRESENTATIVE_KINDS:
        return "Select what kind of representative they are"
    extra = set(data.covers) - MAY_COVER[data.kind]
    if extra:
        kind = REPRESENTATIVE_KINDS[data.kind]
        allowed = ", ".join(DECISIONS[c] for c in DECISIONS if c in MAY_COVER[data.kind])
        return (
            f"A {kind[0].lower()}{kind[1:]} cannot have authority for "
            + ", ".join(DECISIONS[c] for c in DECISIONS if c in extra)
            + (f". It can cover: {allowed}" if allowed else ". It covers no decisions")
        )
    if data.ends_on is not None and data.ends_on < data.starts_on:
        return "The end date must be on or after the start date"
    age = age_in_years(person, data.starts_on)
    if data.kind.startswith("lpa_") and age < 18:
        return "A lasting power of attorney can only be made by someone aged 18 or over"
    if data.kind in {"deputy_welfare", "cfa_s80"} and age < MCA_AGE:
        return "This kind of representative acts only for someone aged 16 or over"
    return None


def record_representative(
    actor: Actor, person: YoungPerson, data: RepresentativeInput
) -> Representative:
    problem = representative_problem(person, data)
    if problem:
        raise DecisionProblem(problem)
    rep = Representative(
        young_person=person,
        kind=data.kind,
        name=data.name.strip(),
        covers=[c for c in DECISIONS if c in data.covers],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        reference=(data.reference or "").strip() or None,
        notes=(data.notes or "").strip() or None,
        recorded_by=actor.user,
    )
    db.session.add(rep)
    audit.record(
        actor,
        "record_representative",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
        detail=data.kind,
    )
    return rep


def decision_problem(
    person: YoungPerson, purpose: str, decision: str, decided_by: str, on: date
) -> DecisionProblem | None:
    """Why this decision cannot stand, by the rule, or None."""
    rule = who_decides_for(person, purpose, on)
    if not rule.may(decided_by):
        return DecisionProblem(rule.why(decided_by), "decided_by")
    if (decision == "best_interests") != (decided_by == "best_interests"):
        return DecisionProblem(
            "Choose 'a best-interests decision' both as what was decided and who decided, "
            "or neither",
            "decision",
        )
    return None


def representative_for(person: YoungPerson, purpose: str, way: str, on: date):
    """The representative in force whose authority a decision by `way` relies on."""
    kinds = {
        "attorney": {"lpa_health_welfare", "lpa_property_affairs"},
        "deputy": {"deputy_welfare", "deputy_property"},
        "s80_representative": {"cfa_s80"},
    }.get(way)
    if not kinds:
        return None
    code = PURPOSE_DECISION[purpose]
    for rep in representatives_in_force(person, on):
        if rep.kind in kinds and code in (rep.covers or []) and code in MAY_COVER[rep.kind]:
            return rep
    return None


def overrides_to_review(user) -> list[ConsentRecord]:
    """Care Act s58(4): assessments going ahead after a refusal, newest first.

    Only the current decision for each person counts (a later one replaces it).
    """
    from transition.services import access

    earlier = aliased(ConsentRecord)
    latest_id = (
        select(earlier.id)
        .where(
            earlier.young_person_id == YoungPerson.id,
            earlier.purpose == "care_act_assessment",
            earlier.withdrawn_at.is_(None),
        )
        .order_by(earlier.recorded_at.desc(), earlier.id.desc())
        .limit(1)
        .correlate(YoungPerson)
        .scalar_subquery()
    )
    rows = db.session.execute(
        access.people_in_scope(user)
        .add_columns(ConsentRecord)
        .join(ConsentRecord, ConsentRecord.id == latest_id)
        .where(ConsentRecord.s58_override.is_(True))
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
    ).all()
    return [record for _person, record in rows]


@dataclass(frozen=True)
class ParentLink:
    user: object
    can_see: bool
    why: str


def parent_links(person: YoungPerson, on: date) -> list[ParentLink]:
    """Each parent or carer account linked to `person`, and whether it works now and why.

    Whether it works is asked of the access rules themselves (the one door), so this
    list can never disagree with what the parent actually gets.
    """
    from transition.models import User
    from transition.services import access

    parents = db.session.scalars(
        select(User)
        .where(User.young_person_id == person.id, User.role == "parent_carer")
        .order_by(User.name, User.id)
    ).all()
    adult = access.eighteen_cutoff(on) >= person.date_of_birth
    current = person.current_consent("parent_access")
    links = []
    for user in parents:
        can_see = (
            db.session.scalar(
                select(YoungPerson.id)
                .where(access.scope_condition(user))
                .where(YoungPerson.id == person.id)
            )
            is not None
        )
        if not user.is_active:
            why = "The account is disabled"
        elif current is not None and current.decision == "refused":
            why = "No access: the current decision is that parents and carers cannot see it"
        elif can_see and current is not None:
            why = "Can see the pathway: a decision allows it"
        elif can_see:
            why = "Can see the pathway: they are under 18 and no decision has been recorded"
        elif adult and current is None:
            why = (
                "No access: they are 18 or over and nothing is recorded. Ask them, or "
                "whoever decides for them, and record the decision"
            )
        elif adult:
            why = (
                "No access: from 18 a parent cannot decide this for them. Record the young "
                "person's decision, or one by someone with authority for them"
            )
        else:
            why = "No access"
        links.append(ParentLink(user=user, can_see=can_see, why=why))
    return links


def stopped_parent_links(user_scope, on: date) -> list[tuple[YoungPerson, object]]:
    """Parent links of people 18 or over in scope with nothing recorded: no longer working."""
    from transition.models import User
    from transition.services import access

    latest = access._latest_decision("parent_access")
    rows = db.session.execute(
        access.people_in_scope(user_scope)
        .add_columns(User)
        .join(User, (User.young_person_id == YoungPerson.id) & (User.role == "parent_carer"))
        .where(access.is_adult_condition(on), latest.is_(None))
        .order_by(YoungPerson.last_name, YoungPerson.first_name, User.id)
    ).all()
    return [(person, parent) for person, parent in rows]
