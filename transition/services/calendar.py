"""Private iCalendar feeds (RFC 5545) per user, and one meeting as an .ics file.

Feeds end up on third-party calendar servers, so an event carries the least that
still lets someone act: initials and local reference, the milestone or meeting
type, the date and a link back into the service (which asks them to sign in).
Never a full name, date of birth, NHS number, need or diagnosis, and no free text
a worker typed (a custom milestone's title or a meeting's purpose may hold any of
those).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
)
from sqlalchemy import case, func, select

from transition.extensions import db
from transition.models import (
    Handover,
    Meeting,
    Milestone,
    MilestoneChange,
    Team,
    User,
    YoungPerson,
    utcnow,
)
from transition.pathway.dates import add_age
from transition.services import access, audit, feed_versions
from transition.services import handovers as handovers_service
from transition.services.audit import Actor
from transition.services.meetings import LONDON, london_instant

# 32 random bytes: 256 bits, well over the 128 the security rules ask for.
TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")

FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=365)
REFRESH_INTERVAL = timedelta(hours=1)
PUBLISHED_TTL = "PT1H"

OPEN_MILESTONE_STATES = ("not_started", "in_progress", "missed")
STATUTORY_SOURCES = ("law", "statutory_guidance")
# Handovers still on their way: a target date to work towards.
LIVE_HANDOVER_STATES = ("draft", "sent", "queried", "accepted")
# Handovers an adult team has been sent and not returned.
INCOMING_HANDOVER_STATES = ("sent", "queried", "accepted")
# History rows that change what a milestone event shows: its date or its title.
MILESTONE_EVENT_FIELDS = ("due_on", "title", "plain_title")

# Reminder choices, as ISO 8601 durations before the event (the stored form).
DEADLINE_REMINDERS = {
    "P28D": "4 weeks before",
    "P14D": "2 weeks before",
    "P7D": "1 week before",
    "P2D": "2 days before",
    "P1D": "1 day before",
    "P0D": "On the day",
}
MEETING_REMINDERS = {
    "P7D": "1 week before",
    "P2D": "2 days before",
    "P1D": "1 day before",
    "PT2H": "2 hours before",
    "PT1H": "1 hour before",
    "PT30M": "30 minutes before",
    "PT15M": "15 minutes before",
}
_DURATIONS = {
    "P28D": timedelta(days=28),
    "P14D": timedelta(days=14),
    "P7D": timedelta(days=7),
    "P2D": timedelta(days=2),
    "P1D": timedelta(days=1),
    "P0D": timedelta(0),
    "PT2H": timedelta(hours=2),
    "PT1H": timedelta(hours=1),
    "PT30M": timedelta(minutes=30),
    "PT15M": timedelta(minutes=15),
}
# A deadline is an all-day event starting at midnight; its reminders go off at 9am.
DEADLINE_REMINDER_HOUR = timedelta(hours=9)

FEED_NAMES = {
    "worker": "my caseload",
    "manager": "overdue across teams",
    "adult_services": "incoming handovers",
    "young_person": "my pathway",
    "parent_carer": "pathway",
}


# Tokens ----------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(actor: Actor, user: User) -> str:
    """A new feed token for `user`; only its hash is kept, so the old link stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.feed_token_hash = hash_token(token)
    user.feed_token_created_at = utcnow()
    audit.record(actor, "reset_calendar_link", object_type="user", object_id=user.id)
    return token


def user_for_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    found = feed_owner_for_token(token)
    return found.user if found else None


@dataclass(frozen=True)
class FeedOwner:
    """A feed's user and the change counter of what their feed shows."""

    user: User
    version: int
    changed_at: datetime | None


def feed_owner_for_token(token: str) -> FeedOwner | None:
    """The active user whose feed this token opens, with their feed's version: one query."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None
    digest = hash_token(token)
    found = feed_versions.user_with_version(User.feed_token_hash == digest)
    if found is None:
        return None
    user, version, changed_at = found
    if not hmac.compare_digest(user.feed_token_hash or "", digest) or not user.is_active:
        return None
    return FeedOwner(user, version, changed_at)


# Bumped when what a feed looks like changes in the code, so cached feeds are remade.
FEED_FORMAT = 1
_BODY_CACHE_SIZE = 256
_bodies: OrderedDict[str, Feed] = OrderedDict()
_bodies_lock = threading.Lock()


def feed_etag(owner: FeedOwner, *, today: date, context: str) -> str:
    """Names one body of a feed: its owner's counter, the user's settings, the day."""
    user = owner.user
    # The instants as well as the counters: a database restored from a backup goes back
    # to old counters, but never to the same instants.
    changed = owner.changed_at.isoformat() if owner.changed_at else "never"
    key = (
        f"{FEED_FORMAT}|{user.id}|{user.version_id}|{user.updated_at.isoformat()}|{user.role}|"
        f"{owner.version}|{changed}|{today.isoformat()}|{context}"
    )
    return hashlib.sha256(key.encode()).hexdigest()


def feed_last_modified(owner: FeedOwner, *, today: date) -> datetime:
    """When the feed last changed: its owner's last change, the user's, or today's start.

    The feed's window moves at midnight, so a feed is never older than today.
    """
    midnight = london_instant(today, time(0))
    stamps = [owner.user.updated_at, midnight]
    if owner.changed_at is not None:
        stamps.append(owner.changed_at)
    return max(stamps).astimezone(UTC).replace(microsecond=0)


def cached_feed(etag: str, build: Callable[[], Feed]) -> Feed:
    """The feed body for this ETag, built once per process and kept for the next poll."""
    with _bodies_lock:
        feed = _bodies.get(etag)
        if feed is not None:
            _bodies.move_to_end(etag)
            return feed
    feed = build()
    with _bodies_lock:
        _bodies[etag] = feed
        while len(_bodies) > _BODY_CACHE_SIZE:
            _bodies.popitem(last=False)
    return feed


# Reminder preferences -------------------------------------------------------


def parse_reminders(stored: str | None, choices: dict[str, str]) -> list[str]:
    """The stored comma-separated offsets that are still allowed, longest first."""
    codes = {code.strip() for code in (stored or "").split(",") if code.strip() in choices}
    return sorted(codes, key=lambda code: _DURATIONS[code], reverse=True)


class StaleSettings(RuntimeError):
    """The account changed after the reminder form was opened."""


def save_reminders(
    actor: Actor, user: User, *, deadlines: list[str], meetings: list[str], version: int
) -> None:
    if user.version_id != version:
        raise StaleSettings
    user.deadline_reminders = ",".join(parse_reminders(",".join(deadlines), DEADLINE_REMINDERS))
    user.meeting_reminders = ",".join(parse_reminders(",".join(meetings), MEETING_REMINDERS))
    audit.record(actor, "change_calendar_reminders", object_type="user", object_id=user.id)


def _deadline_alarms(user: User, summary: str) -> list[Alarm]:
    return [
        _alarm(summary, DEADLINE_REMINDER_HOUR - _DURATIONS[code])
        for code in parse_reminders(user.deadline_reminders, DEADLINE_REMINDERS)
    ]


def _meeting_alarms(user: User, summary: str) -> list[Alarm]:
    return [
        _alarm(summary, -_DURATIONS[code])
        for code in parse_reminders(user.meeting_reminders, MEETING_REMINDERS)
    ]


def _alarm(summary: str, trigger: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", summary)
    alarm.add("TRIGGER", trigger)
    return alarm


# Building calendars ---------------------------------------------------------


@dataclass(frozen=True)
class FeedLinks:
    """Absolute links back into the service; the web layer knows the routes."""

    person: Callable[[int], str]
    handover: Callable[[int], str]
    pathway: str
    home: str
    handovers_overview: str


@dataclass
class Feed:
    body: bytes
    last_modified: datetime
    event_count: int


@dataclass
class _Builder:
    user: User
    host: str
    events: list[Event] = field(default_factory=list)
    stamps: list[datetime] = field(default_factory=list)

    def add(self, event: Event, stamp: datetime) -> None:
        self.events.append(event)
        self.stamps.append(stamp)

    def all_day(
        self,
        uid: str,
        day: date,
        summary: str,
        *,
        stamp: datetime,
        sequence: int,
        link: str,
        alarms: bool = True,
    ) -> None:
        event = Event.new(
            uid=f"{uid}@{self.host}",
            summary=summary,
            start=day,
            end=day + timedelta(days=1),
            stamp=stamp,
            sequence=max(sequence, 0),
            description=_description(link),
            url=link,
            transparency="TRANSPARENT",
        )
        if alarms:
            for alarm in _deadline_alarms(self.user, summary):
                event.add_component(alarm)
        self.add(event, stamp)

    def meeting(self, meeting: Meeting, summary: str, *, link: str) -> None:
        cancelled = meeting.cancelled_at is not None
        if cancelled:
            summary = f"Cancelled: {summary}"
        event = meeting_event(meeting, summary, host=self.host, link=link)
        if not cancelled:
            for alarm in _meeting_alarms(self.user, summary):
                event.add_component(alarm)
        self.add(event, meeting.updated_at)


def _description(link: str) -> str:
    return f"Details are in the Transition Planner (you will need to sign in): {link}"


def meeting_event(
    meeting: Meeting, summary: str, *, host: str, link: str, location: str | None = None
) -> Event:
    """A timed event in UK time (TZID=Europe/London), with the meeting's own SEQUENCE."""
    cancelled = meeting.cancelled_at is not None
    event = Event.new(
        uid=f"meeting-{meeting.id}@{host}",
        summary=summary,
        start=meeting.starts_at.astimezone(LONDON),
        end=meeting.ends_at.astimezone(LONDON),
        stamp=meeting.updated_at,
        sequence=meeting.sequence,
        description=_description(link),
        url=link,
        location=location,
        status="CANCELLED" if cancelled else "CONFIRMED",
    )
    return event


def london_timezone() -> Timezone:
    """VTIMEZONE for Europe/London: BST from the last Sunday in March to the last in October."""
    daylight = TimezoneDaylight()
    daylight.add("TZNAME", "BST")
    daylight.add("TZOFFSETFROM", timedelta(0))
    daylight.add("TZOFFSETTO", timedelta(hours=1))
    daylight.add("DTSTART", datetime(1981, 3, 29, 1, 0))
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    standard = TimezoneStandard()
    standard.add("TZNAME", "GMT")
    standard.add("TZOFFSETFROM", timedelta(hours=1))
    standard.add("TZOFFSETTO", timedelta(0))
    standard.add("DTSTART", datetime(1996, 10, 27, 2, 0))
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    zone = Timezone()
    zone.add("TZID", "Europe/London")
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _calendar(*, uid: str, name: str, prodid: str, feed: bool) -> Calendar:
    calendar = Calendar.new(
        uid=uid,
        name=name,
        prodid=prodid,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH_INTERVAL if feed else None,
    )
    if feed:
        # icalendar writes REFRESH-INTERVAL without the VALUE parameter RFC 7986 requires.
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
        calendar.add("X-PUBLISHED-TTL", PUBLISHED_TTL)
    calendar.add("X-WR-TIMEZONE", "Europe/London")
    calendar.add_component(london_timezone())
    return calendar


def prodid(council: str, service: str) -> str:
    return f"-//{council}//{service}//EN"


def _prefix(person: YoungPerson) -> str:
    return f"{person.initials} {person.local_reference}"


def _milestone_summary(milestone: Milestone, *, plain: bool) -> str:
    # A custom milestone's title is free text a worker typed: keep it off the feed.
    if milestone.code is None:
        return "Something on your plan is due" if plain else "Milestone added by the worker"
    if plain:
        return milestone.plain_title or milestone.title
    return milestone.title


def _milestone_changes():
    return (
        select(func.count(MilestoneChange.id))
        .where(
            MilestoneChange.milestone_id == Milestone.id,
            MilestoneChange.field.in_(MILESTONE_EVENT_FIELDS),
        )
        .correlate(Milestone)
        .scalar_subquery()
    )


def _window(today: date) -> tuple[date, date]:
    return today - FEED_PAST, today + FEED_AHEAD


def _instant_window(today: date) -> tuple[datetime, datetime]:
    first, last = _window(today)
    return london_instant(first, time(0)), london_instant(last + timedelta(days=1), time(0))


def build_feed(
    user: User, *, today: date, host: str, links: FeedLinks, council: str, service: str
) -> Feed:
    """The user's feed: a fixed number of queries whatever the caseload size."""
    builder = _Builder(user=user, host=host)
    if user.role == "worker":
        _worker_events(builder, today, links)
    elif user.role == "manager":
        _manager_events(builder, today, links)
    elif user.role == "adult_services":
        _adult_team_events(builder, today, links)
    elif user.role in {"young_person", "parent_carer"}:
        _own_pathway_events(builder, today, links)

    calendar = _calendar(
        uid=f"feed-{user.id}@{host}",
        name=f"{service}: {FEED_NAMES.get(user.role, 'calendar')}",
        prodid=prodid(council, service),
        feed=True,
    )
    for event in builder.events:
        calendar.add_component(event)
    last_modified = max([user.updated_at, *builder.stamps]).astimezone(UTC)
    return Feed(calendar.to_ical(), last_modified, len(builder.events))


def _worker_events(builder: _Builder, today: date, links: FeedLinks) -> None:
    """Due milestones, 18th birthdays, meetings and handover dates of the worker's caseload."""
    user = builder.user
    first, last = _window(today)
    caseload = access.people_in_scope(user).where(YoungPerson.worker_id == user.id)
    people = {p.id: p for p in db.session.scalars(caseload.order_by(YoungPerson.id))}
    caseload_ids = caseload.with_only_columns(YoungPerson.id)

    for person in people.values():
        eighteen = add_age(person.date_of_birth, 18)
        if first <= eighteen <= last:
            builder.all_day(
                f"birthday18-{person.id}",
                eighteen,
                f"{_prefix(person)}: turns 18 (adult services should be in place)",
                stamp=person.updated_at,
                sequence=person.version_id - 1,
                link=links.person(person.id),
            )

    rows = db.session.execute(
        select(Milestone, _milestone_changes())
        .where(
            Milestone.young_person_id.in_(caseload_ids),
            Milestone.due_on.between(first, last),
            Milestone.status.in_(OPEN_MILESTONE_STATES),
        )
        .order_by(Milestone.due_on, Milestone.id)
    )
    for milestone, changes in rows:
        person = people[milestone.young_person_id]
        builder.all_day(
            f"milestone-{milestone.id}",
            milestone.due_on,
            f"{_prefix(person)}: {_milestone_summary(milestone, plain=False)}",
            stamp=milestone.updated_at,
            sequence=changes,
            link=links.person(person.id),
        )

    start, end = _instant_window(today)
    meetings = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.young_person_id.in_(caseload_ids),
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    for meeting in meetings:
        person = people[meeting.young_person_id]
        builder.meeting(
            meeting, f"{_prefix(person)}: {meeting.kind_label}", link=links.person(person.id)
        )

    handovers = db.session.scalars(
        select(Handover)
        .where(
            Handover.young_person_id.in_(caseload_ids),
            Handover.state.in_(LIVE_HANDOVER_STATES),
            Handover.target_date.between(first, last),
        )
        .order_by(Handover.target_date, Handover.id)
    )
    for handover in handovers:
        person = people[handover.young_person_id]
        # The receiving team's name is left out: "adult mental health" would say too much.
        builder.all_day(
            f"handover-{handover.id}",
            handover.target_date,
            f"{_prefix(person)}: handover target date",
            stamp=handover.updated_at,
            sequence=handover.version_id - 1,
            link=links.person(person.id),
        )


def _manager_events(builder: _Builder, today: date, links: FeedLinks) -> None:
    """Summaries per team, never a person: overdue statutory milestones and late handovers.

    Overdue milestones make one all-day event today for each team (a new UID each
    day, so yesterday's count drops out as the feed refreshes): an overdue milestone
    has no useful date of its own in the calendar. Late handovers sit on their
    target dates, grouped by day and team.
    """
    user = builder.user
    first, _ = _window(today)
    team_name = func.coalesce(Team.name, "no team")
    is_open = case((Milestone.status.in_(OPEN_MILESTONE_STATES), 1), else_=0)
    overdue = db.session.execute(
        select(
            YoungPerson.team_id,
            team_name,
            func.sum(is_open),
            # Over every past-due statutory milestone, so finishing one changes DTSTAMP.
            func.max(Milestone.updated_at),
        )
        .join(YoungPerson, YoungPerson.id == Milestone.young_person_id)
        .outerjoin(Team, Team.id == YoungPerson.team_id)
        .where(
            access.scope_condition(user),
            Milestone.source_status.in_(STATUTORY_SOURCES),
            Milestone.due_on < today,
        )
        .group_by(YoungPerson.team_id, Team.name)
        .order_by(team_name)
    )
    for team_id, name, count, stamp in overdue:
        if not count:
            continue
        noun = "statutory milestone" if count == 1 else "statutory milestones"
        builder.all_day(
            f"overdue-{team_id or 0}-{today:%Y%m%d}",
            today,
            f"{count} {noun} overdue ({name})",
            stamp=stamp,
            sequence=0,
            link=links.home,
            alarms=False,
        )

    # Late as the handover pages define it: not accepted, and the target date is
    # past or less than LATE_WINDOW_MONTHS away.
    late = db.session.execute(
        select(
            Handover.target_date,
            YoungPerson.team_id,
            team_name,
            func.count(Handover.id),
            func.max(Handover.updated_at),
        )
        .join(YoungPerson, YoungPerson.id == Handover.young_person_id)
        .outerjoin(Team, Team.id == YoungPerson.team_id)
        .where(
            handovers_service.scope_condition(user),
            Handover.state.in_(handovers_service.NOT_ACCEPTED_STATES),
            Handover.target_date >= first,
            Handover.target_date <= add_age(today, 0, handovers_service.LATE_WINDOW_MONTHS),
        )
        .group_by(Handover.target_date, YoungPerson.team_id, Team.name)
        .order_by(Handover.target_date, team_name)
    )
    for target_date, team_id, name, count, stamp in late:
        noun = "handover" if count == 1 else "handovers"
        state = "not accepted by the target date" if target_date < today else "not accepted yet"
        builder.all_day(
            f"late-handovers-{team_id or 0}-{target_date:%Y%m%d}",
            target_date,
            f"{count} late {noun}, {state} ({name})",
            stamp=stamp,
            sequence=0,
            link=links.handovers_overview,
        )


def _adult_team_events(builder: _Builder, today: date, links: FeedLinks) -> None:
    """Target dates and planned first contacts of handovers sent to the user's team.

    An adult team reaches a handover sent to it (not yet the record), so the
    handovers' own scope rule applies; events carry initials and local reference.
    """
    user = builder.user
    if user.team_id is None:
        return
    first, last = _window(today)
    rows = db.session.execute(
        select(Handover, YoungPerson.first_name, YoungPerson.preferred_name)
        .add_columns(YoungPerson.last_name, YoungPerson.local_reference)
        .join(YoungPerson, YoungPerson.id == Handover.young_person_id)
        .where(
            handovers_service.scope_condition(user),
            Handover.team_id == user.team_id,
            Handover.state.in_(INCOMING_HANDOVER_STATES),
        )
        .where(
            Handover.target_date.between(first, last)
            | Handover.first_contact_on.between(first, last)
        )
        .order_by(Handover.target_date, Handover.id)
    )
    for handover, first_name, preferred, last_name, reference in rows:
        prefix = f"{((preferred or first_name)[:1] + last_name[:1]).upper()} {reference}"
        link = links.handover(handover.id)
        if first <= handover.target_date <= last:
            builder.all_day(
                f"handover-{handover.id}",
                handover.target_date,
                f"{prefix}: transfer target date",
                stamp=handover.updated_at,
                sequence=handover.version_id - 1,
                link=link,
            )
        if handover.first_contact_on and first <= handover.first_contact_on <= last:
            builder.all_day(
                f"handover-{handover.id}-first-contact",
                handover.first_contact_on,
                f"{prefix}: planned first contact",
                stamp=handover.updated_at,
                sequence=handover.version_id - 1,
                link=link,
            )


def _own_pathway_events(builder: _Builder, today: date, links: FeedLinks) -> None:
    """A young person's own milestones and meetings in plain words (or their parent's view)."""
    user = builder.user
    person = db.session.scalar(
        access.people_in_scope(user).where(YoungPerson.id == (user.young_person_id or 0))
    )
    if person is None:
        return
    first, last = _window(today)
    rows = db.session.execute(
        select(Milestone, _milestone_changes())
        .where(
            Milestone.young_person_id == person.id,
            Milestone.due_on.between(first, last),
            Milestone.status.in_(OPEN_MILESTONE_STATES),
        )
        .order_by(Milestone.due_on, Milestone.id)
    )
    for milestone, changes in rows:
        builder.all_day(
            f"milestone-{milestone.id}",
            milestone.due_on,
            _milestone_summary(milestone, plain=True),
            stamp=milestone.updated_at,
            sequence=changes,
            link=links.pathway,
        )
    start, end = _instant_window(today)
    meetings = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.young_person_id == person.id,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    for meeting in meetings:
        builder.meeting(meeting, meeting.plain_label, link=links.pathway)


def record_feed_read(actor: Actor, feed: Feed) -> None:
    audit.record(
        actor,
        "read_calendar_feed",
        object_type="user",
        object_id=actor.user_id,
        detail=f"{feed.event_count} events",
    )


# One meeting ----------------------------------------------------------------


def meeting_ics(
    meeting: Meeting,
    *,
    viewer: User,
    host: str,
    link: str,
    council: str,
    service: str,
) -> bytes:
    """One meeting to import into a calendar: METHOD:PUBLISH, with its VTIMEZONE.

    A young person or parent gets the plain label; staff get initials, reference
    and the kind of meeting. The place and online link are included, because the
    person downloading it needs them to get there.
    """
    person = meeting.young_person
    if viewer.role in {"young_person", "parent_carer"}:
        summary = meeting.plain_label
    else:
        summary = f"{_prefix(person)}: {meeting.kind_label}"
    if meeting.cancelled_at is not None:
        summary = f"Cancelled: {summary}"
    location = ", ".join(part for part in (meeting.location, meeting.online_link) if part)
    event = meeting_event(meeting, summary, host=host, link=link, location=location or None)
    if meeting.cancelled_at is None:
        for alarm in _meeting_alarms(viewer, summary):
            event.add_component(alarm)
    calendar = _calendar(
        uid=f"meeting-{meeting.id}-download@{host}",
        name=summary,
        prodid=prodid(council, service),
        feed=False,
    )
    calendar.add_component(event)
    return calendar.to_ical()
