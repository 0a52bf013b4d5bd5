"""Notifications: what happened that concerns a user, in the service and by email.

Each event makes one notification per person it concerns, in the same transaction as
the event. The user's choice for that kind decides the email: at once (queued now), in
the daily digest, or none. Texts name a young person by initials and reference only,
because they are also what the email says.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from transition.extensions import db
from transition.models import (
    Handover,
    Notification,
    NotificationPreference,
    Team,
    User,
    YoungPerson,
    utcnow,
)
from transition.models.notifications import FREQUENCIES, NOTIFICATION_KINDS
from transition.models.users import Role
from transition.services import email

PAGE_SIZE = 50
SUBJECTS = {
    "handover_query": "An adult team has asked a question",
    "handover_answer": "Your question has been answered",
    "handover_returned": "A handover has been returned",
    "handover_accepted": "A handover has been accepted",
    "young_person_wrote": "A young person has written something new",
    "allocated": "A young person has been allocated to you",
    "meeting_action": "You have an action from a meeting",
}


def who(person: YoungPerson) -> str:
    """How notifications and emails name a young person: initials and reference."""
    return f"{person.initials} ({person.local_reference})"


def frequency(user_id: int, kind: str) -> str:
    chosen = db.session.get(NotificationPreference, (user_id, kind))
    return chosen.frequency if chosen else "immediate"


def notify(
    user: User, kind: str, text: str, link: str, person: YoungPerson | None = None
) -> Notification | None:
    """Tell `user` about something; None when they cannot receive it (disabled)."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if not user.is_active_account:
        return None
    how = frequency(user.id, kind)
    notification = Notification(
        user_id=user.id,
        kind=kind,
        young_person_id=person.id if person else None,
        text=text[:300],
        link=link[:300],
        in_digest=how == "digest",
    )
    db.session.add(notification)
    db.session.flush()
    if how == "immediate":
        email.queue(
            to=user.email,
            user_id=user.id,
            template="notification",
            personalisation={"subject": SUBJECTS[kind], "message": text, "link": link},
            dedupe_key=f"notification:{notification.id}",
        )
    return notification


def notify_all(
    users: list[User], kind: str, text: str, link: str, person: YoungPerson | None = None
) -> int:
    sent = 0
    for user in {u.id: u for u in users}.values():
        sent += notify(user, kind, text, link, person) is not None
    return sent


# --- Who an event concerns ---------------------------------------------------------------


def workers_of(person: YoungPerson) -> list[User]:
    """The allocated worker; when nobody is allocated, the team's workers."""
    if person.worker is not None:
        return [person.worker]
    if person.team_id is None:
        return []
    return list(
        db.session.scalars(
            select(User).where(
                User.team_id == person.team_id,
                User.role == Role.WORKER,
                User.is_active_account.is_(True),
            )
        )
    )


def team_members(team: Team) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.team_id == team.id, User.is_active_account.is_(True))
        )
    )


def handover_link(handover: Handover) -> str:
    return f"/handovers/{handover.id}"


def handover_event(handover: Handover, kind: str, actor: User | None) -> None:
    """Tell the other side of a handover what just happened on it."""
    person = handover.young_person
    label = who(person)
    team = handover.team.name
    if kind == "handover_answer":
        recipients = team_members(handover.team)
        text = f"The transition worker answered {team}'s question about {label}."
    else:
        recipients = workers_of(person)
        if handover.sending_contact is not None:
            recipients.append(handover.sending_contact)
        text = {
            "handover_query": f"{team} asked a question about the handover for {label}.",
            "handover_returned": f"{team} returned the handover for {label}.",
            "handover_accepted": f"{team} accepted the handover for {label}.",
        }[kind]
    notify_all(
        [u for u in recipients if actor is None or u.id != actor.id],
        kind,
        text,
        handover_link(handover),
        person,
    )


# --- Reading and marking -----------------------------------------------------------------


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[Notification]
    total: int
    unread: int


def page_for(user: User, *, limit: int = PAGE_SIZE) -> NotificationPage:
    mine = Notification.user_id == user.id
    notifications = db.session.scalars(
        select(Notification)
        .where(mine)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
        .limit(limit)
    ).all()
    total = db.session.scalar(select(func.count(Notification.id)).where(mine))
    return NotificationPage(list(notifications), total, unread_count(user))


def unread_of_kind(user: User, kinds: tuple[str, ...]) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(
                Notification.user_id == user.id,
                Notification.read_at.is_(None),
                Notification.kind.in_(kinds),
            )
            .order_by(Notification.created_at.desc())
        )
    )


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; how many changed."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    result = db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount


def preferences(user: User) -> dict[str, str]:
    chosen = dict.fromkeys(NOTIFICATION_KINDS, "immediate")
    for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    ):
        chosen[row.kind] = row.frequency
    return chosen


def save_preferences(user: User, choices: dict[str, str]) -> None:
    for kind, how in choices.items():
        if kind not in NOTIFICATION_KINDS or how not in FREQUENCIES:
            continue
        row = db.session.get(NotificationPreference, (user.id, kind))
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, frequency=how))
        else:
            row.frequency = how
    db.session.flush()


# --- The daily digest --------------------------------------------------------------------


def queue_digests(today: date, service_name: str) -> int:
    """One email per user with notifications waiting for their digest; safe to run twice
    (one digest per user per day: the email's key)."""
    waiting: dict[int, list[Notification]] = defaultdict(list)
    for notification in db.session.scalars(
        select(Notification)
        .where(Notification.in_digest.is_(True))
        .order_by(Notification.created_at)
    ):
        waiting[notification.user_id].append(notification)
    queued = 0
    for user_id, items in waiting.items():
        user = db.session.get(User, user_id)
        lines = "\n".join(f"* {item.text}" for item in items)
        if email.queue(
            to=user.email,
            user_id=user.id,
            template="digest",
            personalisation={
                "service_name": service_name,
                "message": f"{len(items)} new since your last summary:\n\n{lines}",
                "link": "/notifications",
            },
            dedupe_key=f"digest:{user_id}:{today.isoformat()}",
        ):
            queued += 1
            for item in items:
                item.in_digest = False
    db.session.flush()
    return queued
