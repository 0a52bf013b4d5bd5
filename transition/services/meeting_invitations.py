"""Meeting invitations that land in calendars: iTIP (RFC 5546) by email.

Each invitee gets an email carrying a METHOD:REQUEST calendar object with the same UID as
the meeting in the feeds (`meeting-<id>@<host>`), an ORGANIZER and an ATTENDEE with
RSVP for everyone invited. Moving the meeting sends a REQUEST again with the higher
SEQUENCE (calendars update the event in place); cancelling it, or taking someone off the
list, sends METHOD:CANCEL. The subject and body carry initials and a reference only.
"""

from __future__ import annotations

from dataclasses import dataclass

from icalendar import vCalAddress
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from transition.extensions import db
from transition.models import Meeting, User
from transition.models.meetings import MeetingInvitee
from transition.services import calendar, email
from transition.services.attention import uk_time

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Place:
    """Where links and UIDs point: the UID host the feeds use and the service's address."""

    uid_host: str
    base_url: str
    council: str
    service: str


def _address(address: str, name: str | None, **params: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{address}")
    if name:
        value.params["CN"] = name
    for key, param in params.items():
        value.params[key.replace("_", "-").upper()] = param
    return value


def _summary(meeting: Meeting) -> str:
    person = meeting.young_person
    return f"{person.initials} {person.local_reference}: {meeting.kind_label}"


def itip(meeting: Meeting, method: str, invitees: list[MeetingInvitee], place: Place) -> str:
    """The calendar object one invitation email carries."""
    link = f"{place.base_url}/meetings/{meeting.id}"
    location = ", ".join(part for part in (meeting.location, meeting.online_link) if part)
    event = calendar.meeting_event(
        meeting, _summary(meeting), host=place.uid_host, link=link, location=location or None
    )
    organiser = meeting.created_by
    if organiser is not None:
        event.add("ORGANIZER", _address(organiser.email, organiser.name))
    for invitee in invitees:
        event.add(
            "ATTENDEE",
            _address(
                invitee.email,
                invitee.name,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
                cutype="INDIVIDUAL",
            ),
        )
    ics = calendar._calendar(
        uid=f"meeting-{meeting.id}-invitation@{place.uid_host}",
        name=_summary(meeting),
        prodid=calendar.prodid(place.council, place.service),
        feed=False,
    )
    ics["METHOD"] = method
    ics.add_component(event)
    return ics.to_ical().decode()


def _words(meeting: Meeting, method: str, moved: bool) -> tuple[str, str]:
    summary = _summary(meeting)
    when = uk_time(meeting.starts_at)
    if method == CANCEL:
        return f"Cancelled: {summary}", f"This meeting is cancelled: {summary}, {when}."
    if moved:
        return f"Updated invitation: {summary}", f"This meeting has changed: {summary}, {when}."
    return f"Invitation: {summary}", f"You are invited to {summary}, {when}."


def send(
    meeting: Meeting,
    method: str,
    invitees: list[MeetingInvitee],
    place: Place,
    *,
    moved: bool = False,
    everyone: list[MeetingInvitee] | None = None,
) -> int:
    """Queue one invitation email per invitee; the key stops the same one going twice."""
    calendar_object = itip(meeting, method, everyone if everyone is not None else invitees, place)
    subject, message = _words(meeting, method, moved)
    queued = 0
    for invitee in invitees:
        queued += email.queue(
            to=invitee.email,
            user_id=invitee.user_id,
            template="meeting",
            personalisation={
                "subject": subject,
                "message": message,
                "service_name": place.service,
                "link": f"/meetings/{meeting.id}",
            },
            dedupe_key=f"meeting:{meeting.id}:{meeting.sequence}:{method}:{invitee.email}",
            calendar=calendar_object,
            calendar_method=method,
        )
    return queued


def invitees_of(meeting: Meeting) -> list[MeetingInvitee]:
    return list(
        db.session.scalars(
            select(MeetingInvitee)
            .where(MeetingInvitee.meeting_id == meeting.id)
            .order_by(MeetingInvitee.id)
        )
    )


def staff_to_invite(meeting_person_team_id: int | None, adult_team_ids: list[int]) -> list[User]:
    """Staff who may be invited: the young person's team, managers, and adult teams that
    have a handover for them."""
    condition = User.role == "manager"
    if meeting_person_team_id is not None:
        condition = condition | (User.team_id == meeting_person_team_id)
    if adult_team_ids:
        condition = condition | User.team_id.in_(adult_team_ids)
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.is_active_account.is_(True),
                User.role.in_(("worker", "manager", "adult_services")),
                condition,
            )
            .order_by(User.name)
        )
    )


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str | None = None
    user_id: int | None = None


def _add(meeting: Meeting, wanted: Invitee) -> MeetingInvitee | None:
    row = MeetingInvitee(
        meeting_id=meeting.id, email=wanted.email, name=wanted.name, user_id=wanted.user_id
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None  # invited at the same moment by another request: it sends theirs
    return row


def update(meeting: Meeting, wanted: list[Invitee], place: Place, *, moved: bool) -> None:
    """Make the invitee list what was asked for and tell people: new invitees get a
    REQUEST, everyone gets one with the new SEQUENCE when the meeting moved, and anyone
    taken off the list gets a CANCEL."""
    current = invitees_of(meeting)
    wanted_emails = {w.email for w in wanted}
    known = {row.email for row in current}
    removed = [row for row in current if row.email not in wanted_emails]
    added = [row for w in wanted if w.email not in known and (row := _add(meeting, w))]
    for row in removed:
        db.session.delete(row)
    db.session.flush()
    everyone = invitees_of(meeting)
    if moved and everyone:
        send(meeting, REQUEST, everyone, place, moved=True)
    elif added:
        send(meeting, REQUEST, added, place, everyone=everyone)
    if removed:
        send(meeting, CANCEL, removed, place)


def cancelled(meeting: Meeting, place: Place) -> int:
    """Tell everyone invited that the meeting is cancelled."""
    return send(meeting, CANCEL, invitees_of(meeting), place)
