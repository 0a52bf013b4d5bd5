"""Handovers to adult services: the summary, the workflow and who may see which.

`handovers_in_scope` is the one place that says which handovers a user reaches.
A receiving adult team sees the handover's own fields and the snapshot that was
sent, never the live record (that opens to them only once they accept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, false, func, select, true
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import (
    Handover,
    HandoverMessage,
    Milestone,
    Team,
    User,
    VoiceEntry,
    YoungPerson,
    utcnow,
)
from transition.models.handovers import HANDOVER_STATES
from transition.models.people import (
    ASSESSMENT_LABELS,
    CAPACITY_LABELS,
    DECISION_MAKER_LABELS,
)
from transition.pathway.dates import add_age, age_on, date_in_england
from transition.pathway.rag import STATUS_LABELS
from transition.services import access, audit, contacts, documents, notes, notifications
from transition.services.access import NotInScope
from transition.services.audit import Actor

SUMMARY_FORMAT = "transition-planner/handover-summary"
SUMMARY_VERSION = 1

# The four Preparing for Adulthood outcomes, then the statutory process steps.
OUTCOME_AREAS = (
    ("employment", "Employment and higher education"),
    ("independent_living", "Independent living"),
    ("community", "Friends, relationships and community"),
    ("health", "Good health"),
    ("process", "Transition process and handover to adult services"),
)
CONSENT_DECISION_LABELS = {
    "given": "Consent given",
    "refused": "Consent refused",
    "best_interests": "Best-interests decision to share",
}
OPEN_STATES = ("draft", "sent", "queried", "accepted")
WAITING_STATES = ("sent", "queried")
# Not yet accepted: these become late 3 months before the target date.
NOT_ACCEPTED_STATES = ("draft", "sent", "queried")
LATE_WINDOW_MONTHS = 3


class StaleHandover(RuntimeError):
    """Someone else changed the handover after this user opened it."""


class HandoverProblem(ValueError):
    """The step cannot be taken now; the message says why, in the user's words."""


# --- Who sees which handovers ---------------------------------------------------------


def scope_condition(user: User):
    """A SQL condition on Handover: true only for handovers `user` may reach."""
    if not user.is_active:
        return false()
    if user.role == "manager":
        return true()
    if user.role == "worker":
        return Handover.young_person_id.in_(
            select(YoungPerson.id).where(access.scope_condition(user))
        )
    if user.role == "adult_services":
        if user.team_id is None:
            return false()
        return (Handover.team_id == user.team_id) & (Handover.state != "draft")
    return false()


def handovers_in_scope(user: User) -> Select[tuple[Handover]]:
    return select(Handover).where(scope_condition(user))


def is_receiving_team(user: User, handover: Handover) -> bool:
    return user.role == "adult_services" and user.team_id == handover.team_id


def is_sending_side(user: User, handover: Handover) -> bool:
    return user.role in {"worker", "manager"} and access.can_edit(user, handover.young_person)


def may_read_live_record(user: User, handover: Handover) -> bool:
    """The receiving team reads the live record only once it has accepted."""
    if is_receiving_team(user, handover):
        return handover.state in access.RECEIVING_TEAM_READS
    return user.role in {"worker", "manager"}


def _audit(actor: Actor, action: str, handover_id: int, person_id: int | None, **kw) -> None:
    audit.record(
        actor,
        action,
        object_type="handover",
        object_id=handover_id,
        young_person_id=person_id,
        **kw,
    )


def get_handover(
    actor: Actor, handover_id: int, *, action: str = "view_handover", record: bool = True
) -> Handover:
    """Load one handover for `actor`, auditing the access whether allowed or refused.

    `record=False` leaves the allowed row to the step itself (its own audit action).
    """
    assert actor.user is not None
    handover = db.session.scalar(
        handovers_in_scope(actor.user)
        .options(joinedload(Handover.young_person), joinedload(Handover.team))
        .where(Handover.id == handover_id)
    )
    if handover is None:
        _audit(actor, action, handover_id, None, outcome="refused")
        db.session.commit()
        raise NotInScope(handover_id)
    if record:
        _audit(actor, action, handover.id, handover.young_person_id)
    return handover


def record_view(actor: Actor, handover: Handover) -> None:
    """Audit showing a handover again after a step was refused (nothing else changed)."""
    _audit(actor, "view_handover", handover.id, handover.young_person_id)


def _refuse(actor: Actor, handover: Handover, action: str) -> None:
    db.session.rollback()
    _audit(actor, action, handover.id, handover.young_person_id, outcome="refused")
    db.session.commit()
    raise NotInScope(handover.id)


def get_handover_to_send(
    actor: Actor, handover_id: int, *, action: str, record: bool = True
) -> Handover:
    """A handover the actor may act on as the sending (children's) side."""
    handover = get_handover(actor, handover_id, action=action, record=record)
    assert actor.user is not None
    if not is_sending_side(actor.user, handover):
        _refuse(actor, handover, action)
    return handover


def get_handover_to_receive(
    actor: Actor, handover_id: int, *, action: str, record: bool = True
) -> Handover:
    """A handover the actor may act on as a member of the receiving team."""
    handover = get_handover(actor, handover_id, action=action, record=record)
    assert actor.user is not None
    if not is_receiving_team(actor.user, handover):
        _refuse(actor, handover, action)
    return handover


def person_handovers(user: User, person_id: int) -> list[Handover]:
    """The handovers of one person that `user` may see, soonest target date first."""
    return list(
        db.session.scalars(
            handovers_in_scope(user)
            .options(joinedload(Handover.team))
            .where(Handover.young_person_id == person_id)
            .order_by(Handover.target_date, Handover.id)
        )
    )


def adult_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).where(Team.kind == "adult").order_by(Team.name)))


def sending_contacts(person: YoungPerson, user: User) -> list[User]:
    """Who can be named as the children's side contact: the person's team, and the user."""
    query = select(User).where(User.role == "worker", User.is_active_account.is_(True))
    if person.team_id is not None:
        query = query.where(User.team_id == person.team_id)
    else:
        query = query.where(User.id == person.worker_id)
    contacts = list(db.session.scalars(query.order_by(User.name, User.id)))
    if user not in contacts:
        contacts.append(user)
    return contacts


# --- The summary ---------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _what_matters(person: YoungPerson) -> dict:
    entries = db.session.scalars(
        select(VoiceEntry)
        .where(
            VoiceEntry.young_person_id == person.id,
            VoiceEntry.kind.in_(("what_matters", "goal")),
        )
        .order_by(VoiceEntry.created_at.desc(), VoiceEntry.id.desc())
    ).all()
    latest: dict[str, VoiceEntry] = {}
    for entry in entries:
        latest.setdefault(entry.kind, entry)
    in_their_words = []
    for kind, label in (("what_matters", "What matters to me"), ("goal", "My goal")):
        entry = latest.get(kind)
        if entry is None:
            continue
        if entry.author_role == "young_person":
            by = "In their own words"
        elif entry.on_behalf:
            by = "Their words, written down by a worker"
        else:
            by = (
                "Written by their parent or carer"
                if entry.author_role == "parent_carer"
                else "Written by a worker"
            )
        in_their_words.append(
            {
                "kind": kind,
                "label": label,
                "text": entry.text,
                "recorded_on": _iso(date_in_england(entry.created_at)),
                "by": by,
            }
        )
    return {"in_their_words": in_their_words, "hopes_for_adult_life": person.aspirations}


def _outcomes(person: YoungPerson, today: date) -> list[dict]:
    milestones = sorted(
        db.session.scalars(select(Milestone).where(Milestone.young_person_id == person.id)),
        # Dated first, soonest first; the same order on every database.
        key=lambda m: (m.due_on is None, m.due_on or date.max, m.id),
    )
    areas = {
        code: {"area": code, "title": title, "achieved": [], "in_progress": [], "outstanding": []}
        for code, title in OUTCOME_AREAS
    }
    for milestone in milestones:
        area = areas.get(milestone.area)
        if area is None or milestone.status == "not_applicable":
            continue
        item = {"title": milestone.title, "due_on": _iso(milestone.due_on)}
        if milestone.status == "achieved":
            area["achieved"].append({**item, "achieved_on": _iso(milestone.achieved_on)})
        elif milestone.status == "in_progress":
            area["in_progress"].append(item)
        else:
            overdue = milestone.status == "missed" or (
                milestone.due_on is not None and milestone.due_on < today
            )
            area["outstanding"].append(
                {**item, "status": STATUS_LABELS[milestone.status], "overdue": overdue}
            )
    return [areas[code] for code, _ in OUTCOME_AREAS]


def _consent(person: YoungPerson) -> dict | None:
    consent = person.current_consent()
    if consent is None:
        return None
    return {
        "decision": consent.decision,
        "decision_label": CONSENT_DECISION_LABELS[consent.decision],
        "decided_by": consent.decided_by,
        "decided_by_label": DECISION_MAKER_LABELS[consent.decided_by],
        "decider_name": consent.decider_name,
        "capacity_assessed": consent.capacity_assessed,
        "lacks_capacity": consent.lacks_capacity,
        "decided_on": _iso(consent.decided_on),
    }


def _next_review(person: YoungPerson) -> date | None:
    if not person.has_ehc_plan:
        return None
    last = person.ehc_last_review_on or person.ehc_plan_issued_on
    return add_age(last, 1) if last else None


def build_summary(person: YoungPerson, today: date) -> dict:
    """What the receiving team needs to know, from the record, as JSON-ready data."""
    years, months = age_on(person.date_of_birth, today)
    worker = person.worker
    return {
        "format": SUMMARY_FORMAT,
        "format_version": SUMMARY_VERSION,
        "prepared_on": _iso(today),
        "who_i_am": {
            "name": person.display_name,
            "full_name": person.full_name,
            "preferred_name": person.preferred_name,
            "initials": person.initials,
            "date_of_birth": _iso(person.date_of_birth),
            "age_years": years,
            "age_months": months,
            "eighteenth_birthday": _iso(add_age(person.date_of_birth, 18)),
            "local_reference": person.local_reference,
            "nhs_number": person.nhs_number,
            "education_setting": person.education_setting,
        },
        "how_to_communicate": person.communication_needs,
        "what_matters": _what_matters(person),
        "needs": {
            "primary_need": person.primary_need,
            "primary_need_label": person.primary_need_label,
            "services_needed_as_adult": person.services_needed_as_adult,
        },
        "services": {
            "now": person.services_now,
            "allocated_worker": worker.name if worker else None,
            "team": person.team.name if person.team else None,
        },
        "outcomes": _outcomes(person, today),
        "ehc_plan": {
            "has_plan": person.has_ehc_plan,
            "issued_on": _iso(person.ehc_plan_issued_on),
            "last_review_on": _iso(person.ehc_last_review_on),
            "next_review_due": _iso(_next_review(person)),
        },
        "assessments": {
            "care_act_transition_assessment": ASSESSMENT_LABELS[person.care_act_assessment],
            "continuing_healthcare": ASSESSMENT_LABELS[person.chc_status],
            "mental_capacity": CAPACITY_LABELS.get(person.capacity_status, "Not recorded"),
        },
        "risks_and_safeguarding": person.risks,
        "consent": _consent(person),
        "contacts": {
            "allocated_worker": {
                "name": worker.name,
                "email": worker.email,
                "phone": worker.phone,
            }
            if worker
            else None,
            "team": person.team.name if person.team else None,
            "team_email": person.team.email if person.team else None,
            "their_own": contacts.own_contact(person),
            "people_around_them": contacts.summary_contacts(person),
        },
    }


def _contact(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"name": user.name, "email": user.email, "phone": user.phone}


def summary_for(handover: Handover, today: date) -> dict:
    """The summary with this handover's own details: what a send would freeze."""
    summary = build_summary(handover.young_person, today)
    summary["handover"] = {
        "receiving_team": handover.team.name,
        "receiving_service": handover.team.service_label,
        "receiving_contact_name": handover.receiving_contact_name,
        "target_date": _iso(handover.target_date),
        "target_date_reason": handover.target_date_reason,
        "sending_contact": _contact(handover.sending_contact),
    }
    summary["worker_notes"] = handover.worker_notes
    summary["case_notes"] = [
        {
            "kind": note.kind_label,
            "happened_on": _iso(note.happened_on),
            "with_whom": note.with_whom,
            "text": note.text,
            "follow_up": note.follow_up,
            "written_by": note.author.name if note.author else None,
        }
        for note in handover.case_notes
        if not note.sensitive
    ]
    summary["documents"] = documents.summary_documents(handover)
    return summary


def summary_to_show(user: User, handover: Handover, today: date) -> dict | None:
    """The snapshot once sent; the live draft preview for the sending side only."""
    if handover.snapshot is not None:
        return handover.snapshot
    if handover.state == "draft" and is_sending_side(user, handover):
        return summary_for(handover, today)
    return None


# --- The workflow --------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverInput:
    team_id: int
    target_date: date
    target_date_reason: str | None
    sending_contact_id: int | None
    receiving_contact_name: str | None
    worker_notes: str | None
    # Case notes to include in the summary (sensitive ones are never included).
    note_ids: tuple[int, ...] = ()
    # Documents to send with it (sensitive ones are never sent).
    document_ids: tuple[int, ...] = ()


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def default_target_date(person: YoungPerson) -> date:
    return add_age(person.date_of_birth, 18)


def target_date_problem(person: YoungPerson, target: date, reason: str | None, today: date):
    """Check a target date; returns (field, message) or None."""
    if target < today:
        return "target_date", "Target transfer date must be today or in the future"
    if target != default_target_date(person) and not _clean(reason):
        return (
            "target_date_reason",
            "Enter why the target transfer date is not the 18th birthday",
        )
    return None


def _open_handover_to(person_id: int, team_id: int, *, except_id: int | None = None) -> bool:
    query = select(Handover.id).where(
        Handover.young_person_id == person_id,
        Handover.team_id == team_id,
        Handover.state.in_(OPEN_STATES),
    )
    if except_id is not None:
        query = query.where(Handover.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def _check_input(person: YoungPerson, data: HandoverInput, *, except_id: int | None = None):
    team = db.session.get(Team, data.team_id)
    if team is None or team.kind != "adult":
        raise HandoverProblem("Select the adult service to hand over to")
    if _open_handover_to(person.id, team.id, except_id=except_id):
        raise HandoverProblem(
            f"There is already an open handover to {team.name} for this young person"
        )
    return team


def _apply(handover: Handover, data: HandoverInput, team: Team) -> None:
    handover.team = team
    handover.target_date = data.target_date
    handover.target_date_reason = (
        _clean(data.target_date_reason)
        if data.target_date != default_target_date(handover.young_person)
        else None
    )
    handover.sending_contact_id = data.sending_contact_id
    handover.receiving_contact_name = _clean(data.receiving_contact_name)
    handover.worker_notes = _clean(data.worker_notes)
    chosen = set(data.note_ids)
    chosen_documents = set(data.document_ids)
    with db.session.no_autoflush:
        shareable = notes.shareable_notes(handover.young_person)
        shareable_documents = documents.shareable_documents(handover.young_person)
    handover.case_notes = [note for note in shareable if note.id in chosen]
    handover.documents = [d for d in shareable_documents if d.id in chosen_documents]


def create_handover(actor: Actor, person: YoungPerson, data: HandoverInput) -> Handover:
    """Start a draft; the person must already have been loaded through access."""
    team = _check_input(person, data)
    handover = Handover(young_person=person, state="draft")
    _apply(handover, data, team)
    db.session.add(handover)
    db.session.flush()
    _audit(actor, "handover_create", handover.id, person.id, detail=f"to {team.name}")
    return handover


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleHandover from exc


def _check_version(handover: Handover, version: int | None) -> None:
    if handover.version_id != version:
        raise StaleHandover


def update_draft(actor: Actor, handover: Handover, data: HandoverInput, *, version: int) -> None:
    if handover.state != "draft":
        raise HandoverProblem("This handover has been sent, so it can no longer be changed")
    _check_version(handover, version)
    team = _check_input(handover.young_person, data, except_id=handover.id)
    _apply(handover, data, team)
    _audit(actor, "handover_update", handover.id, handover.young_person_id)
    _flush()


def consent_problem(person: YoungPerson, today: date) -> str | None:
    """What is missing before this person's information may go to adult services."""
    consent = person.current_consent()
    sixteen = add_age(person.date_of_birth, 16) <= today
    if consent is None:
        return (
            "No decision about sharing with adult services has been recorded. Record the "
            "young person's consent, or a best-interests decision if they are 16 or over "
            "and lack capacity for this decision"
        )
    if consent.decision == "refused":
        return (
            "Consent to share with adult services was refused. Record a new decision before "
            "you send this handover"
        )
    if consent.decision == "best_interests" and not (sixteen and consent.lacks_capacity):
        return (
            "A best-interests decision can only be used for a young person aged 16 or over "
            "who has been assessed as lacking capacity for this decision. Record their "
            "consent instead"
        )
    if (
        consent.decision == "given"
        and sixteen
        and consent.decided_by == "parent_carer"
        and not consent.lacks_capacity
    ):
        return (
            "From 16 the decision is the young person's own unless they lack capacity for "
            "it. Record the young person's consent, or a best-interests decision"
        )
    return None


def send(actor: Actor, handover: Handover, *, version: int, today: date) -> None:
    """Freeze the summary and send it; snapshot, state and audit commit together."""
    if handover.state != "draft":
        raise HandoverProblem("This handover has already been sent")
    _check_version(handover, version)
    problem = consent_problem(handover.young_person, today)
    if problem:
        raise HandoverProblem(problem)
    if handover.target_date < today:
        raise HandoverProblem(
            "The target transfer date has passed. Change the draft to give a new date"
        )
    handover.snapshot = summary_for(handover, today)
    handover.state = "sent"
    handover.sent_at = utcnow()
    handover.sent_by = actor.user
    _audit(actor, "handover_send", handover.id, handover.young_person_id)
    _flush()


def _require_waiting(handover: Handover) -> None:
    if handover.state not in WAITING_STATES:
        raise HandoverProblem(
            "This handover is no longer waiting for a decision: it is "
            f"{handover.state_label.lower()}"
        )


def _require_state(handover: Handover, states: tuple[str, ...], message: str) -> None:
    if handover.state not in states:
        raise HandoverProblem(message)


def accept(
    actor: Actor,
    handover: Handover,
    *,
    receiving_worker_name: str,
    first_contact_on: date,
    version: int,
    today: date,
) -> None:
    _require_waiting(handover)
    _check_version(handover, version)
    if first_contact_on < today:
        raise HandoverProblem("Planned first contact date must be today or in the future")
    handover.state = "accepted"
    handover.accepted_at = utcnow()
    handover.accepted_by = actor.user
    handover.receiving_worker_name = receiving_worker_name.strip()
    handover.first_contact_on = first_contact_on
    _audit(actor, "handover_accept", handover.id, handover.young_person_id)
    _flush()
    notifications.handover_event(handover, "handover_accepted", actor.user)


def _message(actor: Actor, handover: Handover, kind: str, text: str) -> None:
    db.session.add(
        HandoverMessage(handover=handover, author=actor.user, kind=kind, text=text.strip())
    )


def query(actor: Actor, handover: Handover, *, question: str, version: int) -> None:
    _require_waiting(handover)
    _check_version(handover, version)
    _message(actor, handover, "query", question)
    handover.state = "queried"
    _audit(actor, "handover_query", handover.id, handover.young_person_id)
    _flush()
    notifications.handover_event(handover, "handover_query", actor.user)


def answer(actor: Actor, handover: Handover, *, text: str, version: int) -> None:
    _require_state(handover, ("queried",), "There is no question waiting for an answer")
    _check_version(handover, version)
    _message(actor, handover, "answer", text)
    handover.state = "sent"
    _audit(actor, "handover_answer", handover.id, handover.young_person_id)
    _flush()
    notifications.handover_event(handover, "handover_answer", actor.user)


def return_handover(actor: Actor, handover: Handover, *, reason: str, version: int) -> None:
    _require_waiting(handover)
    _check_version(handover, version)
    handover.state = "returned"
    handover.returned_at = utcnow()
    handover.return_reason = reason.strip()
    _audit(actor, "handover_return", handover.id, handover.young_person_id)
    _flush()
    notifications.handover_event(handover, "handover_returned", actor.user)


def completion_problem(handover: Handover, today: date) -> str | None:
    if handover.state != "accepted":
        return "Only an accepted handover can be marked complete"
    if handover.first_contact_on is None or handover.first_contact_on > today:
        return (
            "The young person has not met the adult team yet. You can mark the handover "
            "complete once the planned first contact date has passed"
        )
    return None


def complete(actor: Actor, handover: Handover, *, version: int, today: date) -> None:
    """The young person has settled with the adult service; the children's side lets go."""
    problem = completion_problem(handover, today)
    if problem:
        raise HandoverProblem(problem)
    _check_version(handover, version)
    handover.state = "completed"
    handover.completed_at = utcnow()
    _audit(actor, "handover_complete", handover.id, handover.young_person_id)
    _flush()


def export(actor: Actor, handover: Handover, today: date) -> dict:
    """The handover as structured data for the adult team's own system (audited)."""
    assert actor.user is not None
    _audit(actor, "export", handover.id, handover.young_person_id, detail="handover JSON")
    return {
        "handover": {
            "id": handover.id,
            "state": handover.state,
            "state_label": handover.state_label,
            "receiving_team": handover.team.name,
            "target_date": _iso(handover.target_date),
            "target_date_reason": handover.target_date_reason,
            "sent_at": _iso(handover.sent_at),
            "sent_by": handover.sent_by.name if handover.sent_by else None,
            "accepted_at": _iso(handover.accepted_at),
            "receiving_worker_name": handover.receiving_worker_name,
            "first_contact_on": _iso(handover.first_contact_on),
            "returned_at": _iso(handover.returned_at),
            "return_reason": handover.return_reason,
            "completed_at": _iso(handover.completed_at),
        },
        "summary": summary_to_show(actor.user, handover, today),
        "messages": [
            {
                "kind": message.kind,
                "text": message.text,
                "author": message.author.name if message.author else None,
                "at": _iso(message.created_at),
            }
            for message in handover.messages
        ],
    }


# --- Lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    handover: Handover
    initials: str
    local_reference: str
    age_years: int
    days_waiting: int | None


def inbox(user: User, today: date, *, state: str | None = None) -> list[InboxRow]:
    """Handovers sent to the user's team: those waiting first, then soonest target date."""
    query = handovers_in_scope(user).options(
        joinedload(Handover.young_person), joinedload(Handover.team)
    )
    if state in HANDOVER_STATES:
        query = query.where(Handover.state == state)
    waiting_first = case(
        (Handover.state.in_(WAITING_STATES), 0), (Handover.state == "accepted", 1), else_=2
    )
    handovers = db.session.scalars(
        query.order_by(waiting_first, Handover.target_date, Handover.id)
    ).all()
    rows = []
    for handover in handovers:
        who = (handover.snapshot or {}).get("who_i_am") or {}
        dob = date.fromisoformat(who["date_of_birth"]) if "date_of_birth" in who else None
        person = handover.young_person
        waiting = None
        if handover.state in WAITING_STATES and handover.sent_at is not None:
            waiting = (today - date_in_england(handover.sent_at)).days
        rows.append(
            InboxRow(
                handover=handover,
                initials=who.get("initials") or person.initials,
                local_reference=who.get("local_reference") or person.local_reference,
                age_years=age_on(dob or person.date_of_birth, today)[0],
                days_waiting=waiting,
            )
        )
    return rows


def state_counts(user: User) -> dict[str, int]:
    rows = db.session.execute(
        select(Handover.state, func.count(Handover.id))
        .where(scope_condition(user))
        .group_by(Handover.state)
    ).all()
    counts = dict.fromkeys(HANDOVER_STATES, 0)
    counts.update({state: count for state, count in rows})
    return counts


@dataclass(frozen=True)
class LateHandover:
    handover: Handover
    reason: str


def late_handovers(user: User, today: date) -> list[LateHandover]:
    """Not accepted 3 months before the target date, or the target date has passed."""
    cutoff = add_age(today, 0, LATE_WINDOW_MONTHS)
    handovers = db.session.scalars(
        handovers_in_scope(user)
        .options(joinedload(Handover.young_person), joinedload(Handover.team))
        .where(Handover.state.in_(NOT_ACCEPTED_STATES), Handover.target_date <= cutoff)
        .order_by(Handover.target_date, Handover.id)
    ).all()
    late = []
    for handover in handovers:
        days = (handover.target_date - today).days
        if days < 0:
            reason = f"Target date passed {days * -1} days ago and not accepted"
        elif days == 0:
            reason = "Target date is today and not accepted"
        else:
            reason = f"Not accepted and the target date is in {days} days"
        late.append(LateHandover(handover, reason))
    return late
