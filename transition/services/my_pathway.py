"""What a young person sees of their own pathway, and who decides about their parents.

Everything here starts from a person the caller already reached through
`transition.services.access`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from transition.extensions import db
from transition.models import ConsentRecord, FrameworkVersion, Meeting, Milestone, YoungPerson
from transition.models.users import Role
from transition.pathway.dates import add_age
from transition.pathway.keydates import KeyDates, key_dates
from transition.pathway.rag import MilestoneStatus
from transition.services import pathway as pathway_service
from transition.services import people as people_service
from transition.services import voice
from transition.services.audit import Actor
from transition.services.invitations import accounts_for
from transition.services.people import ConsentInput

# The four Preparing for Adulthood areas in the order a young person reads them,
# then the steps the team takes to move them to adult services.
AREA_ORDER = ("employment", "independent_living", "community", "health", "process")
OUTSTANDING = ("not_started", "in_progress", "missed")
NEXT_COUNT = 3
MEETING_COUNT = 5

# Milestone statuses in words a young person knows.
PLAIN_STATUS = {
    "not_started": "Not started yet",
    "in_progress": "Doing it now",
    "achieved": "Done",
    "not_applicable": "Not needed for me",
    "missed": "Not done yet. Your worker will talk to you about it",
}


@dataclass(frozen=True)
class AreaView:
    """One part of the plan: what is coming soon, what comes later, and how much is done."""

    code: str
    title: str
    soon: list[Milestone]
    later: list[Milestone]
    done_count: int
    goal: voice.VoiceEntry | None
    goal_slug: str | None


@dataclass(frozen=True)
class ParentAccess:
    """Whether the person's parents or carers see their pathway, and who decided."""

    decision: ConsentRecord | None
    decides_from: date  # the end of compulsory school age
    young_person_decides: bool  # today is on or after decides_from
    decided_for_them: bool  # a capacity-based decision stands: the form is not theirs
    parent_count: int

    @property
    def parents_can_see(self) -> bool:
        return self.decision is None or self.decision.decision in {"given", "best_interests"}


@dataclass(frozen=True)
class PathwayView:
    person: YoungPerson
    today: date
    dates: KeyDates
    next_up: list[Milestone]
    done: list[Milestone]
    areas: list[AreaView]
    meetings: list[Meeting]
    voice_now: dict[str, voice.VoiceEntry]
    parent_access: ParentAccess
    age_sections: list[dict] = field(default_factory=list)
    plain_status: dict[str, str] = field(default_factory=lambda: dict(PLAIN_STATUS))


def _area_titles(person: YoungPerson) -> dict[str, str]:
    version = (
        db.session.get(FrameworkVersion, person.framework_version_id)
        if person.framework_version_id
        else None
    ) or pathway_service.current_framework_version()
    framework = pathway_service.framework_of(version)
    return {area.code: area.plain_title for area in framework.areas}


def milestones_of(person: YoungPerson) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.young_person_id == person.id)
            .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id)
        )
    )


def upcoming_meetings(person: YoungPerson, now: datetime) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.young_person_id == person.id,
                Meeting.cancelled_at.is_(None),
                Meeting.ends_at >= now,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(MEETING_COUNT)
        )
    )


def parent_access(person: YoungPerson, today: date) -> ParentAccess:
    decision = db.session.scalar(
        select(ConsentRecord)
        .where(
            ConsentRecord.young_person_id == person.id,
            ConsentRecord.purpose == "parent_access",
            ConsentRecord.withdrawn_at.is_(None),
        )
        .options(selectinload(ConsentRecord.recorded_by))
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    decides_from = key_dates(
        person.date_of_birth, person.year_group_offset
    ).end_of_compulsory_school
    return ParentAccess(
        decision=decision,
        decides_from=decides_from,
        young_person_decides=today >= decides_from,
        decided_for_them=decision is not None
        and (decision.lacks_capacity or decision.decided_by in {"deputy", "best_interests"}),
        parent_count=sum(1 for u in accounts_for(person) if u.role == Role.PARENT_CARER),
    )


def _age_sections(dates: KeyDates, today: date) -> list[dict]:
    """What changes at 16, 17 and 18, one short idea per line, in date order."""
    sections = [
        {
            "age": 16,
            "on": dates.birthday_16,
            "past": dates.birthday_16 <= today,
            "lines": [
                "You can make more decisions about your own life.",
                "People should ask you what you think first.",
                "Some money you get from the government may change. Your worker will help.",
            ],
        },
        {
            "age": None,
            "title": "Leaving school",
            "on": dates.end_of_compulsory_school,
            "past": dates.end_of_compulsory_school <= today,
            "lines": [
                "You can leave school at the end of Year 11.",
                "But you keep learning until you are 18.",
                "You can learn at a college, on a training course, or in a job with training.",
            ],
        },
        {
            "age": 17,
            "on": dates.birthday_17,
            "past": dates.birthday_17 <= today,
            "lines": [
                "You can learn to drive.",
                "Your team starts to plan your move to adult services.",
                "Adult services help grown-ups. They will help you after you are 18.",
            ],
        },
        {
            "age": 18,
            "on": dates.birthday_18,
            "past": dates.birthday_18 <= today,
            "lines": [
                "You are an adult.",
                "You can vote.",
                "Adult services start to help you instead of children's services.",
                "Your plan can carry on while you are still learning, up to age 25.",
            ],
        },
    ]
    return sorted(sections, key=lambda section: section["on"])


def build(person: YoungPerson, *, today: date, now: datetime) -> PathwayView:
    milestones = milestones_of(person)
    titles = _area_titles(person)
    entries = voice.history(person)
    voice_now = voice.current(entries)
    outstanding = [m for m in milestones if m.status in OUTSTANDING and m.due_on is not None]
    done = sorted(
        (m for m in milestones if m.status == MilestoneStatus.ACHIEVED),
        key=lambda m: (m.achieved_on or m.due_on or date.min, m.id),
        reverse=True,
    )
    goals = {e.area: e for e in voice_now.values() if e.kind == "goal"}
    goal_slugs = {t.area: t.slug for t in voice.TOPICS if t.kind == "goal"}
    # A long list is hard to read: the next year shows, the rest waits behind "Later on".
    horizon = add_age(today, 1)
    areas = []
    for code in AREA_ORDER:
        still_to_do = [m for m in milestones if m.area == code and m.status in OUTSTANDING]
        areas.append(
            AreaView(
                code=code,
                title=titles.get(code, code),
                soon=[m for m in still_to_do if m.due_on is None or m.due_on <= horizon],
                later=[m for m in still_to_do if m.due_on is not None and m.due_on > horizon],
                done_count=sum(
                    1 for m in milestones if m.area == code and m.status == MilestoneStatus.ACHIEVED
                ),
                goal=goals.get(code),
                goal_slug=goal_slugs.get(code),
            )
        )
    dates = key_dates(person.date_of_birth, person.year_group_offset)
    return PathwayView(
        person=person,
        today=today,
        dates=dates,
        next_up=outstanding[:NEXT_COUNT],
        done=done,
        areas=areas,
        meetings=upcoming_meetings(person, now),
        voice_now=voice_now,
        parent_access=parent_access(person, today),
        age_sections=_age_sections(dates, today),
    )


class NotTheirDecision(PermissionError):
    """The young person cannot make this decision yet, or one was made for them."""


def decide_parent_access(
    actor: Actor, person: YoungPerson, *, allow: bool, today: date
) -> ConsentRecord:
    """The young person's own yes or no about their parents seeing their pathway."""
    state = parent_access(person, today)
    if not state.young_person_decides or state.decided_for_them:
        raise NotTheirDecision(person.id)
    decision = "given" if allow else "refused"
    same = state.decision
    if same is not None and (same.decision, same.decided_by, same.decided_on) == (
        decision,
        "young_person",
        today,
    ):
        return same  # the same choice sent twice today: one record
    return people_service.record_consent(
        actor,
        person,
        ConsentInput(
            purpose="parent_access",
            decision=decision,
            decided_by="young_person",
            decided_on=today,
        ),
    )
