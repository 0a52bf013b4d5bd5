"""Needs your attention: what a worker (or a manager, for their teams) should deal with now.

Each item says why it is on the list and where it is dealt with, and leaves the list when
it is dealt with: a milestone achieved, a question answered, a new handover made, a
notification seen. Some can be set aside with a reason for a while (`AttentionDismissal`).
Everything is read through the caseload's scoped query, so the access rules apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from transition.extensions import db
from transition.models import (
    AttentionDismissal,
    Handover,
    HandoverMessage,
    Meeting,
    Milestone,
    Notification,
    Team,
    User,
    YoungPerson,
)
from transition.models.meetings import MEETING_KIND_LABELS
from transition.pathway.dates import ENGLAND, format_date
from transition.pathway.framework import STATUTORY
from transition.pathway.rag import CLOSED, MISSED
from transition.services import audit, caseload
from transition.services.audit import Actor

SHOWN = 10
DISMISS_DAYS = (7, 28)
# The kinds, in the order the list shows them, with their headings.
KINDS = {
    "overdue": "Overdue duties",
    "adult_decision": "17½ or over with no adult service decision",
    "question": "Questions from adult teams",
    "returned": "Returned handovers",
    "accepted": "Handovers accepted",
    "wrote": "New from young people and parents",
    "allocated": "Newly allocated to you",
    "meeting_week": "Meetings this week",
    "meeting_outcome": "Meetings with no outcome recorded",
    "unallocated": "Young people with no worker",
    "late_handover": "Late handovers",
    "over_limit": "Workers over the caseload size",
}
# Items that come from the user's unread notifications, and leave when marked as seen.
FROM_NOTIFICATIONS = {
    "accepted": "handover_accepted",
    "wrote": "young_person_wrote",
    "allocated": "allocated",
}
DISMISSIBLE = {"overdue", "adult_decision", "returned", "meeting_outcome"}


@dataclass(frozen=True)
class Item:
    kind: str
    key: str
    why: str
    link: str
    action: str
    person_id: int | None = None
    person_name: str | None = None
    local_reference: str | None = None
    notification_id: int | None = None

    @property
    def dismissible(self) -> bool:
        return self.kind in DISMISSIBLE


@dataclass
class Group:
    kind: str
    items: list[Item]
    total: int
    more_link: str | None = None

    @property
    def heading(self) -> str:
        return KINDS[self.kind]

    @property
    def shown(self) -> list[Item]:
        return self.items[:SHOWN]


@dataclass
class Attention:
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    def count(self, kind: str) -> int:
        return next((g.total for g in self.groups if g.kind == kind), 0)

    def keys(self) -> set[str]:
        return {item.key for group in self.groups for item in group.items}


def _dismissed(user: User, today: date) -> set[str]:
    return set(
        db.session.scalars(
            select(AttentionDismissal.item_key).where(
                AttentionDismissal.user_id == user.id, AttentionDismissal.until >= today
            )
        )
    )


def _person_name(preferred: str | None, first: str, last: str) -> str:
    return f"{preferred or first} {last}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _overdue(ids, today: date) -> list[Item]:
    statutory_first = Milestone.source_status.in_(tuple(STATUTORY))
    rows = db.session.execute(
        select(
            Milestone.id,
            Milestone.title,
            Milestone.due_on,
            Milestone.status,
            Milestone.source_status,
            YoungPerson.id,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Milestone.young_person_id)
        .where(
            Milestone.young_person_id.in_(select(ids.c.id)),
            Milestone.status.not_in(tuple(CLOSED)),
            (Milestone.status == MISSED) | (Milestone.due_on < today),
        )
        .order_by(statutory_first.desc(), Milestone.due_on, Milestone.id)
    ).all()
    items = []
    for row in rows:
        statutory = row.source_status in STATUTORY
        label = "A statutory duty" if statutory else "A milestone"
        if row.due_on is not None and row.due_on < today:
            late = f"was due on {format_date(row.due_on)}, {_days((today - row.due_on).days)} ago"
        else:
            late = "is marked as missed"
        items.append(
            Item(
                kind="overdue",
                key=f"overdue:{row[0]}",
                why=f"{label}, “{row.title}”, {late}.",
                link=f"/young-people/{row[5]}/milestones/{row[0]}",
                action="Update the milestone",
                person_id=row[5],
                person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
                local_reference=row.local_reference,
            )
        )
    return items


def adult_decision_missing(row: caseload.CaseloadRow, today: date) -> bool:
    """From 17½, a young person with no adult service decision (the caseload's rule)."""
    return not row.has_adult_decision and today >= row.birthday_17_6


def _adult_decisions(people, today: date) -> list[Item]:
    rows = [
        row
        for row in caseload.build_rows(people, today, with_next_due=False)
        if adult_decision_missing(row, today)
    ]
    # Past 18 first, then the soonest 18th birthday.
    rows.sort(key=lambda r: r.days_to_18)
    items = []
    for row in rows:
        if row.days_to_18 < 0:
            why = f"Turned 18 on {format_date(row.birthday_18)} with no adult service decision."
        else:
            why = (
                f"Turns 18 on {format_date(row.birthday_18)}, in {_days(row.days_to_18)}, "
                "and no adult team has accepted a handover."
            )
        items.append(
            Item(
                kind="adult_decision",
                key=f"adult_decision:{row.person_id}",
                why=why,
                link=f"/young-people/{row.person_id}#handovers",
                action="Plan the handover",
                person_id=row.person_id,
                person_name=row.name,
                local_reference=row.local_reference,
            )
        )
    return items


def _handover_rows(ids, state: str):
    team = aliased(Team)
    return db.session.execute(
        select(
            Handover.id,
            Handover.young_person_id,
            Handover.returned_at,
            Handover.return_reason,
            Handover.created_at,
            team.name,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Handover.young_person_id)
        .join(team, team.id == Handover.team_id)
        .where(Handover.young_person_id.in_(select(ids.c.id)), Handover.state == state)
        .order_by(Handover.updated_at, Handover.id)
    ).all()


def _questions(ids) -> list[Item]:
    rows = _handover_rows(ids, "queried")
    asked = {}
    if rows:
        for handover_id, created_at in db.session.execute(
            select(HandoverMessage.handover_id, func.max(HandoverMessage.created_at))
            .where(
                HandoverMessage.handover_id.in_([r.id for r in rows]),
                HandoverMessage.kind == "query",
            )
            .group_by(HandoverMessage.handover_id)
        ):
            asked[handover_id] = created_at
    items = []
    for row in rows:
        when = asked.get(row.id)
        on = f" on {format_date(when.astimezone(ENGLAND).date())}" if when else ""
        items.append(
            Item(
                kind="question",
                key=f"question:{row.id}",
                why=f"{row.name} asked a question about the handover{on}, waiting for your answer.",
                link=f"/handovers/{row.id}/answer",
                action="Answer the question",
                person_id=row.young_person_id,
                person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
                local_reference=row.local_reference,
            )
        )
    return items


def _returned(ids) -> list[Item]:
    rows = _handover_rows(ids, "returned")
    if not rows:
        return []
    # Dealt with once a newer handover has been made for the same young person.
    newest = dict(
        db.session.execute(
            select(Handover.young_person_id, func.max(Handover.created_at))
            .where(Handover.young_person_id.in_([r.young_person_id for r in rows]))
            .group_by(Handover.young_person_id)
        ).all()
    )
    items = []
    for row in rows:
        if newest.get(row.young_person_id) and newest[row.young_person_id] > row.created_at:
            continue
        reason = f" Their reason: {row.return_reason}" if row.return_reason else ""
        items.append(
            Item(
                kind="returned",
                key=f"returned:{row.id}",
                why=f"{row.name} returned the handover.{reason}",
                link=f"/handovers/{row.id}",
                action="Read why and plan what next",
                person_id=row.young_person_id,
                person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
                local_reference=row.local_reference,
            )
        )
    return items


def _from_notifications(user: User, ids) -> dict[str, list[Item]]:
    kinds = {kind: name for name, kind in FROM_NOTIFICATIONS.items()}
    rows = db.session.execute(
        select(
            Notification.id,
            Notification.kind,
            Notification.text,
            Notification.link,
            YoungPerson.id,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Notification.young_person_id)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.kind.in_(tuple(kinds)),
            Notification.young_person_id.in_(select(ids.c.id)),
        )
        .order_by(Notification.created_at.desc())
    ).all()
    found: dict[str, list[Item]] = {name: [] for name in FROM_NOTIFICATIONS}
    for row in rows:
        name = kinds[row.kind]
        found[name].append(
            Item(
                kind=name,
                key=f"{name}:{row[0]}",
                why=row.text,
                link=row.link,
                action="Open the record" if name != "accepted" else "Read the handover",
                person_id=row[4],
                person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
                local_reference=row.local_reference,
                notification_id=row[0],
            )
        )
    return found


def uk_time(instant: datetime) -> str:
    """'4 March 2027 at 2:30pm', UK time."""
    local = instant.astimezone(ENGLAND)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    return f"{format_date(local.date())} at {clock}"


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=ENGLAND).astimezone(UTC)


def _meetings_this_week(ids, today: date, now: datetime) -> list[Item]:
    until = _london_midnight(today + timedelta(days=7))
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.kind,
            Meeting.starts_at,
            YoungPerson.id,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Meeting.young_person_id)
        .where(
            Meeting.young_person_id.in_(select(ids.c.id)),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
            Meeting.starts_at < until,
        )
        .order_by(Meeting.starts_at)
    ).all()
    return [
        Item(
            kind="meeting_week",
            key=f"meeting_week:{row[0]}",
            why=f"{MEETING_KIND_LABELS[row.kind]} on {uk_time(row.starts_at)}.",
            link=f"/meetings/{row[0]}",
            action="Prepare for the meeting",
            person_id=row[3],
            person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
            local_reference=row.local_reference,
        )
        for row in rows
    ]


def _meetings_without_outcome(ids, now: datetime) -> list[Item]:
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.kind,
            Meeting.starts_at,
            YoungPerson.id,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Meeting.young_person_id)
        .where(
            Meeting.young_person_id.in_(select(ids.c.id)),
            Meeting.cancelled_at.is_(None),
            Meeting.outcome_recorded_at.is_(None),
            Meeting.ends_at <= now,
            Meeting.starts_at >= now - timedelta(days=365),
        )
        .order_by(Meeting.starts_at.desc())
    ).all()
    return [
        Item(
            kind="meeting_outcome",
            key=f"meeting_outcome:{row[0]}",
            why=f"{MEETING_KIND_LABELS[row.kind]} on {uk_time(row.starts_at)}: "
            "nothing recorded of what was agreed.",
            link=f"/meetings/{row[0]}/outcome",
            action="Record what was agreed",
            person_id=row[3],
            person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
            local_reference=row.local_reference,
        )
        for row in rows
    ]


def _group(kind: str, items: list[Item], dismissed: set[str], more_link: str | None = None):
    kept = [item for item in items if item.key not in dismissed]
    return Group(kind, kept, len(kept), more_link) if kept else None


def for_worker(user: User, today: date, now: datetime) -> Attention:
    """What needs a worker, across the young people allocated to them."""
    people = caseload.scoped_people(user, mine_only=True)
    ids = people.with_only_columns(YoungPerson.id).subquery()
    dismissed = _dismissed(user, today)
    noticed = _from_notifications(user, ids)
    groups = [
        _group("overdue", _overdue(ids, today), dismissed, "/caseload?overdue=yes"),
        _group("adult_decision", _adult_decisions(people, today), dismissed),
        _group("question", _questions(ids), dismissed),
        _group("returned", _returned(ids), dismissed),
        _group("accepted", noticed["accepted"], dismissed),
        _group("wrote", noticed["wrote"], dismissed),
        _group("allocated", noticed["allocated"], dismissed),
        _group("meeting_week", _meetings_this_week(ids, today, now), dismissed),
        _group("meeting_outcome", _meetings_without_outcome(ids, now), dismissed),
    ]
    return Attention([group for group in groups if group is not None])


# --- Managers ------------------------------------------------------------------------------


def _unallocated(user: User) -> list[Item]:
    rows = db.session.execute(
        caseload.scoped_people(user)
        .where(YoungPerson.worker_id.is_(None))
        .with_only_columns(
            YoungPerson.id,
            YoungPerson.preferred_name,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
            YoungPerson.team_id,
        )
        .order_by(YoungPerson.date_of_birth, YoungPerson.id)
    ).all()
    return [
        Item(
            kind="unallocated",
            key=f"unallocated:{row[0]}",
            why="No worker is allocated." if row.team_id else "No team or worker is allocated.",
            link=f"/young-people/{row[0]}",
            action="Allocate a worker",
            person_id=row[0],
            person_name=_person_name(row.preferred_name, row.first_name, row.last_name),
            local_reference=row.local_reference,
        )
        for row in rows
    ]


def _late(user: User, today: date) -> list[Item]:
    from transition.services import handovers

    return [
        Item(
            kind="late_handover",
            key=f"late_handover:{late.handover.id}",
            why=f"To {late.handover.team.name}: {late.reason}.",
            link=f"/handovers/{late.handover.id}",
            action="Read the handover",
            person_id=late.handover.young_person_id,
            person_name=late.handover.young_person.display_name,
            local_reference=late.handover.young_person.local_reference,
        )
        for late in handovers.late_handovers(user, today)
    ]


def workers_over_limit(user: User) -> list[Item]:
    counts = db.session.execute(
        caseload.scoped_people(user)
        .where(YoungPerson.worker_id.is_not(None))
        .with_only_columns(YoungPerson.worker_id, func.count(YoungPerson.id))
        .group_by(YoungPerson.worker_id)
    ).all()
    by_worker = dict(counts)
    if not by_worker:
        return []
    workers = db.session.execute(
        select(User.id, User.name, Team.name, Team.caseload_limit)
        .join(Team, Team.id == User.team_id)
        .where(User.id.in_(list(by_worker)), Team.caseload_limit.is_not(None))
        .order_by(User.name)
    ).all()
    return [
        Item(
            kind="over_limit",
            key=f"over_limit:{worker_id}",
            why=(
                f"{name} ({team}) has {by_worker[worker_id]} young people; "
                f"the team's caseload size is {limit}."
            ),
            link=f"/team/people?worker={worker_id}",
            action="Move some to another worker",
        )
        for worker_id, name, team, limit in workers
        if by_worker[worker_id] > limit
    ]


def for_manager(user: User, today: date) -> Attention:
    dismissed = _dismissed(user, today)
    groups = [
        _group("unallocated", _unallocated(user), dismissed, "/team/people?worker=none"),
        _group("late_handover", _late(user, today), dismissed, "/team/people?late_handover=yes"),
        _group("over_limit", workers_over_limit(user), dismissed),
    ]
    return Attention([group for group in groups if group is not None])


# --- Setting an item aside -------------------------------------------------------------------


class NotOnTheList(LookupError):
    """The item is not on this user's list (or cannot be set aside)."""


def dismiss(actor: Actor, attention: Attention, key: str, reason: str, days: int, today: date):
    """Set an item aside with a reason until `days` from today; it comes back after."""
    assert actor.user is not None
    item = next((i for g in attention.groups for i in g.items if i.key == key), None)
    if item is None or not item.dismissible or days not in DISMISS_DAYS:
        raise NotOnTheList(key)
    until = today + timedelta(days=days)
    existing = db.session.scalar(
        select(AttentionDismissal).where(
            AttentionDismissal.user_id == actor.user.id, AttentionDismissal.item_key == key
        )
    )
    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    AttentionDismissal(
                        user_id=actor.user.id, item_key=key, reason=reason.strip(), until=until
                    )
                )
        except IntegrityError:
            existing = db.session.scalar(
                select(AttentionDismissal).where(
                    AttentionDismissal.user_id == actor.user.id,
                    AttentionDismissal.item_key == key,
                )
            )
    if existing is not None:
        existing.reason, existing.until = reason.strip(), until
    audit.record(
        actor,
        "dismiss_attention",
        object_type="young_person" if item.person_id else None,
        object_id=item.person_id,
        young_person_id=item.person_id,
        detail=f"{key} for {days} days: {reason.strip()}",
    )
    db.session.flush()
    return item
