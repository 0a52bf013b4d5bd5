"""Meetings about a young person: schedule, read, change and cancel them.

Times are entered in UK time (Europe/London) and stored as UTC instants; the
conversion lives here so the web layer and the calendar agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import Meeting, MeetingAction, User, YoungPerson, utcnow
from transition.pathway.dates import format_date
from transition.services import access, audit
from transition.services.audit import Actor

LONDON = ZoneInfo("Europe/London")


class StaleMeeting(RuntimeError):
    """Someone else saved the meeting after this user opened it."""


class MeetingCancelled(RuntimeError):
    """A cancelled meeting is kept as it was: it cannot be changed."""


@dataclass(frozen=True)
class MeetingInput:
    kind: str
    day: date
    start: time
    end: time
    location: str | None = None
    online_link: str | None = None
    invitees: str | None = None
    purpose: str | None = None


def london_instant(day: date, clock: time) -> datetime:
    """The UTC instant of a UK wall-clock time (the first one, when clocks go back)."""
    return datetime.combine(day, clock, LONDON).astimezone(UTC)


def time_exists(day: date, clock: time) -> bool:
    """False for the hour skipped when the clocks go forward (e.g. 01:30 on that Sunday)."""
    local = london_instant(day, clock).astimezone(LONDON)
    return (local.date(), local.time()) == (day, clock)


def local_parts(instant: datetime) -> tuple[date, time]:
    local = instant.astimezone(LONDON)
    return local.date(), local.time().replace(tzinfo=None)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _apply(meeting: Meeting, data: MeetingInput) -> None:
    meeting.kind = data.kind
    meeting.starts_at = london_instant(data.day, data.start)
    meeting.ends_at = london_instant(data.day, data.end)
    meeting.location = _clean(data.location)
    meeting.online_link = _clean(data.online_link)
    meeting.invitees = _clean(data.invitees)
    meeting.purpose = _clean(data.purpose)


def _audit(actor: Actor, action: str, meeting: Meeting, outcome: str = "allowed") -> None:
    audit.record(
        actor,
        action,
        object_type="meeting",
        object_id=meeting.id,
        young_person_id=meeting.young_person_id,
        outcome=outcome,
    )


def schedule(actor: Actor, person: YoungPerson, data: MeetingInput) -> Meeting:
    """Add a meeting for a person the caller has already loaded to edit.

    The same meeting at the same time, scheduled again by the same person (a form sent
    twice), is kept once: the one already there is returned.
    """
    same = db.session.scalar(
        select(Meeting).where(
            Meeting.young_person_id == person.id,
            Meeting.kind == data.kind,
            Meeting.starts_at == london_instant(data.day, data.start),
            Meeting.ends_at == london_instant(data.day, data.end),
            Meeting.created_by_id == actor.user_id,
            Meeting.cancelled_at.is_(None),
        )
    )
    if same is not None:
        return same
    meeting = Meeting(young_person_id=person.id, created_by=actor.user, sequence=0)
    _apply(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    _audit(actor, "schedule_meeting", meeting)
    return meeting


def get_meeting(actor: Actor, meeting_id: int, *, action: str = "view_meeting") -> Meeting:
    """Load one meeting if its young person is in the actor's scope (child checks parent)."""
    assert actor.user is not None
    meeting = _meeting_in_scope(actor, meeting_id)
    if meeting is None:
        _refuse(actor, action, meeting_id)
    _audit(actor, action, meeting)
    return meeting


def get_meeting_to_edit(actor: Actor, meeting_id: int, *, action: str) -> Meeting:
    """Load one meeting for someone who may change its young person's record."""
    assert actor.user is not None
    meeting = _meeting_in_scope(actor, meeting_id)
    if meeting is None or not access.can_edit(actor.user, meeting.young_person):
        _refuse(actor, action, meeting_id)
    _audit(actor, action, meeting)
    return meeting


def _meeting_in_scope(actor: Actor, meeting_id: int) -> Meeting | None:
    person_id = db.session.scalar(select(Meeting.young_person_id).where(Meeting.id == meeting_id))
    if person_id is None:
        return None
    person = db.session.scalar(
        access.people_in_scope(actor.user).where(YoungPerson.id == person_id)
    )
    if person is None:
        return None
    return db.session.get(Meeting, meeting_id)


def _refuse(actor: Actor, action: str, meeting_id: int) -> NoReturn:
    audit.record(actor, action, object_type="meeting", object_id=meeting_id, outcome="refused")
    db.session.commit()
    raise access.NotInScope(meeting_id)


def change(actor: Actor, meeting: Meeting, data: MeetingInput, *, version: int) -> None:
    """Save changes unless someone saved first; a new time or kind raises SEQUENCE."""
    if meeting.cancelled_at is not None:
        raise MeetingCancelled
    if meeting.version_id != version:
        raise StaleMeeting
    before = (meeting.kind, meeting.starts_at, meeting.ends_at)
    _apply(meeting, data)
    if (meeting.kind, meeting.starts_at, meeting.ends_at) != before:
        meeting.sequence += 1
    _audit(actor, "change_meeting", meeting)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleMeeting from exc


def cancel(actor: Actor, meeting: Meeting, *, version: int) -> None:
    """Mark a meeting cancelled; it stays on the record and in feeds as cancelled."""
    if meeting.cancelled_at is not None:
        raise MeetingCancelled
    if meeting.version_id != version:
        raise StaleMeeting
    meeting.cancelled_at = utcnow()
    meeting.sequence += 1
    _audit(actor, "cancel_meeting", meeting)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleMeeting from exc


def upcoming_for(person: YoungPerson, today: date, *, limit: int = 20) -> list[Meeting]:
    """A person's meetings from today on, cancelled ones included, soonest first.

    The caller has already loaded `person` through access, so its scope is checked.
    """
    start = london_instant(today, time(0))
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.young_person_id == person.id, Meeting.ends_at >= start)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(limit)
        )
    )


def earliest_day(today: date) -> date:
    """The earliest date a meeting may be recorded for (a past one can be written up)."""
    return today - timedelta(days=365)


def latest_day(today: date) -> date:
    return today + timedelta(days=2 * 365)


@dataclass(frozen=True)
class ActionInput:
    text: str
    due_on: date
    owner_name: str
    owner: User | None = None


def record_outcome(
    actor: Actor,
    meeting: Meeting,
    outcome: str,
    actions: list[ActionInput],
    *,
    version: int,
) -> list[MeetingAction]:
    """What was agreed, and the actions: each becomes a milestone on the young person's
    record (so it is rated, shows in feeds and becomes overdue), and its owner is told."""
    from transition.services import notifications, pathway

    if meeting.cancelled_at is not None:
        raise MeetingCancelled
    if meeting.version_id != version:
        raise StaleMeeting
    person = meeting.young_person
    meeting.outcome = outcome.strip()
    meeting.outcome_recorded_at = utcnow()
    made = []
    held_on = format_date(local_parts(meeting.starts_at)[0])
    for action in actions:
        milestone = pathway.add_custom_milestone(
            actor,
            person,
            area="process",
            title=action.text.strip(),
            description=f"Agreed at the {meeting.kind_label.lower()} on {held_on}.",
            due_on=action.due_on,
        )
        milestone.lead = action.owner_name
        row = MeetingAction(
            meeting_id=meeting.id,
            text=action.text.strip(),
            owner_id=action.owner.id if action.owner else None,
            owner_name=action.owner_name,
            due_on=action.due_on,
            milestone_id=milestone.id,
        )
        db.session.add(row)
        made.append(row)
        if action.owner is not None and action.owner.id != actor.user_id:
            notifications.notify(
                action.owner,
                "meeting_action",
                f"An action from a meeting about {notifications.who(person)} is yours, "
                f"due on {format_date(action.due_on)}.",
                f"/young-people/{person.id}/milestones/{milestone.id}",
                person,
            )
    _audit(actor, "record_meeting_outcome", meeting)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleMeeting from exc
    return made


def actions_of(meeting: Meeting) -> list[MeetingAction]:
    return list(
        db.session.scalars(
            select(MeetingAction)
            .where(MeetingAction.meeting_id == meeting.id)
            .order_by(MeetingAction.due_on, MeetingAction.id)
        )
    )
