"""My information: everything the service holds about a young person, for them.

The young person's right of access (UK GDPR article 15). The download is
complete for them and holds no one else's details: staff appear by name and
work email (they acted for the council), parents and carers and anyone refused
access appear only by what they are, never by name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from transition.extensions import db
from transition.models import (
    AuditEvent,
    ConsentRecord,
    Handover,
    Meeting,
    Milestone,
    User,
    YoungPerson,
)
from transition.models.people import (
    ASSESSMENT_LABELS,
    CAPACITY_LABELS,
    DECISION_MAKER_LABELS,
)
from transition.pathway.keydates import key_dates
from transition.services import audit, documents, notes, voice
from transition.services.audit import Actor

STAFF_ROLES = ("worker", "manager", "adult_services")
PURPOSES = {
    "share_with_adult_services": "Sharing your information with adult services",
    "parent_access": "Your parents or carers seeing your pathway",
}
DECISIONS = {
    "given": "Yes",
    "refused": "No",
    "best_interests": "Yes, decided in your best interests",
}
ACTIONS = {
    "view": "Looked at your record",
    "edit": "Opened your record to change it",
    "update": "Changed your record",
    "create": "Made your record",
    "record_consent": "Recorded a decision",
    "add_voice": "Wrote in My voice",
    "subject_access_download": "Downloaded My information",
    "invite_user": "Made an account to use this service",
    "reset_password": "Made a new link to set a password",
    "set_password": "Set a password",
}


def _who(event: AuditEvent, users: dict[int, User], person: YoungPerson) -> str:
    user = users.get(event.user_id) if event.user_id is not None else None
    if event.role in STAFF_ROLES:
        name = user.name if user else "A member of staff"
        return f"{name} ({event.user_email})" if event.user_email else name
    linked = user is not None and user.young_person_id == person.id
    if event.role == "young_person" and linked:
        return "You"
    if event.role == "parent_carer" and linked:
        return "Your parent or carer"
    if event.role is None:
        return "The service itself (for example, loading records)"
    return "Someone who is not allowed to see your record"


def _milestone(m: Milestone) -> dict[str, Any]:
    return {
        "area": m.area,
        "title": m.plain_title or m.title,
        "full_title": m.title,
        "description": m.description,
        "status": m.status,
        "opens_on": m.opens_on,
        "due_on": m.due_on,
        "achieved_on": m.achieved_on,
        "lead": m.lead,
        "evidence": [
            {
                "date": e.evidence_date,
                "text": e.text,
                "recorded_by": e.author.name if e.author else None,
                "recorded_at": e.created_at,
            }
            for e in m.evidence
        ],
        "changes": [
            {
                "what": c.field,
                "from": c.old_value,
                "to": c.new_value,
                "reason": c.reason,
                "changed_by": c.changed_by.name if c.changed_by else None,
                "changed_at": c.changed_at,
            }
            for c in m.changes
        ],
    }


def collect(actor: Actor, person: YoungPerson, *, today: date) -> dict[str, Any]:
    """Everything held about `person`, and an audit row saying it was downloaded."""
    audit.record(
        actor,
        "subject_access_download",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
    )
    db.session.flush()
    milestones = db.session.scalars(
        select(Milestone)
        .where(Milestone.young_person_id == person.id)
        .options(selectinload(Milestone.evidence), selectinload(Milestone.changes))
        .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id)
    ).all()
    decisions = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.young_person_id == person.id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ).all()
    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.young_person_id == person.id)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    handovers = db.session.scalars(
        select(Handover)
        .where(Handover.young_person_id == person.id)
        .options(selectinload(Handover.team))
        .order_by(Handover.created_at, Handover.id)
    ).all()
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.young_person_id == person.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    user_ids = {e.user_id for e in events if e.user_id is not None}
    users = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    own_accounts = db.session.scalars(
        select(User)
        .where(User.young_person_id == person.id, User.role == "young_person")
        .order_by(User.id)
    ).all()

    assert actor.user is not None
    case_notes = notes.notes_for(actor.user, person)
    kept_documents = documents.documents_for(actor.user, person)

    return {
        "generated_on": today,
        "about_you": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "preferred_name": person.preferred_name,
            "date_of_birth": person.date_of_birth,
            "local_reference": person.local_reference,
            "nhs_number": person.nhs_number,
            "primary_need": person.primary_need_label,
            "has_ehc_plan": person.has_ehc_plan,
            "ehc_plan_issued_on": person.ehc_plan_issued_on,
            "ehc_last_review_on": person.ehc_last_review_on,
            "education_setting": person.education_setting,
            "communication_needs": person.communication_needs,
            "aspirations": person.aspirations,
            "services_now": person.services_now,
            "services_needed_as_adult": person.services_needed_as_adult,
            "risks": person.risks,
            "care_act_assessment": ASSESSMENT_LABELS[person.care_act_assessment],
            "continuing_healthcare": ASSESSMENT_LABELS[person.chc_status],
            "capacity": CAPACITY_LABELS.get(person.capacity_status, person.capacity_status),
            "team": person.team.name if person.team else None,
            "worker": person.worker.name if person.worker else None,
            "worker_email": person.worker.email if person.worker else None,
            "record_made_on": person.created_at,
            "record_last_changed_on": person.updated_at,
        },
        "your_accounts": [
            {
                "email": u.email,
                "made_on": u.created_at,
                "password_set_on": u.password_changed_at,
                "last_signed_in": u.last_sign_in_at,
            }
            for u in own_accounts
        ],
        "key_dates": [
            {"what": label, "date": day}
            for label, day in key_dates(person.date_of_birth, person.year_group_offset).labelled()
        ],
        "milestones": [_milestone(m) for m in milestones],
        "your_voice": [
            {
                "written_at": e.created_at,
                "about": voice.topic_of(e).title,
                "text": e.text,
                "written_by": voice.written_by(e, person, reader="self"),
            }
            for e in voice.history(person)
        ],
        "decisions": [
            {
                "about": PURPOSES.get(c.purpose, c.purpose),
                "decision": DECISIONS.get(c.decision, c.decision),
                "decided_by": DECISION_MAKER_LABELS.get(c.decided_by, c.decided_by),
                "capacity_assessed": c.capacity_assessed,
                "lacks_capacity": c.lacks_capacity,
                "decided_on": c.decided_on,
                "notes": c.notes,
                "recorded_by": c.recorded_by.name if c.recorded_by else None,
                "recorded_at": c.recorded_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in decisions
        ],
        "notes_about_you": [
            {
                "date": n.happened_on,
                "kind": n.kind_label,
                "with": n.with_whom,
                "what_happened": n.text,
                "follow_up": n.follow_up,
                "written_by": n.author.name if n.author else None,
                "written_at": n.created_at,
            }
            for n in case_notes
        ],
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "kind": d.kind_label,
                "date": d.document_date,
                "type": d.type_label,
                "uploaded_at": d.created_at,
            }
            for d in kept_documents
        ],
        "meetings": [
            {
                "what": m.plain_label,
                "kind": m.kind_label,
                "starts_at": m.starts_at,
                "ends_at": m.ends_at,
                "location": m.location,
                "online_link": m.online_link,
                "purpose": m.purpose,
                "invited": m.invitees,
                "cancelled_at": m.cancelled_at,
            }
            for m in meetings
        ],
        "handovers": [
            {
                "to_team": h.team.name,
                "service": h.team.service_label,
                "state": h.state_label,
                "target_date": h.target_date,
                "sent_at": h.sent_at,
                "sent_by": h.sent_by.name if h.sent_by else None,
                "accepted_at": h.accepted_at,
                "accepted_by": h.accepted_by.name if h.accepted_by else None,
                "receiving_worker": h.receiving_worker_name,
                "first_contact_on": h.first_contact_on,
                "returned_at": h.returned_at,
                "return_reason": h.return_reason,
                "completed_at": h.completed_at,
            }
            for h in handovers
        ],
        "who_looked_at_your_record": [
            {
                "when": e.at,
                "who": _who(e, users, person),
                "role": e.role,
                "what": ACTIONS.get(e.action, e.action.replace("_", " ").capitalize()),
                "action": e.action,
                "allowed": e.outcome == "allowed",
            }
            for e in events
        ],
    }


def as_json(value: Any) -> Any:
    """The collected data with dates and instants as ISO 8601 text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
