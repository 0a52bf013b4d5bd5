"""Fictional demo data, placed relative to today so the demo looks the same any day.

Loading is idempotent: every row is found by a natural key (email, team name,
local reference) and only created when missing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from transition.extensions import db
from transition.models import (
    ConsentRecord,
    Handover,
    HandoverMessage,
    Meeting,
    Milestone,
    MilestoneEvidence,
    Team,
    User,
    YoungPerson,
)
from transition.pathway.dates import add_age, date_in_england
from transition.services import accounts, pathway
from transition.services.handovers import summary_for

DEMO_PASSWORD = "demo-password-2027"  # noqa: S105 - published in the README for the demo only
LONDON = ZoneInfo("Europe/London")

TEAMS = [
    ("North Children's Transition Team", "childrens", None),
    ("South Children's Transition Team", "childrens", None),
    ("Adult Social Care", "adult", "adult_social_care"),
    ("Adult Health and Continuing Healthcare", "adult", "adult_health"),
]

USERS = [
    ("manager@example.org", "Morgan Ellis", "manager", None),
    ("worker@example.org", "Priya Shah", "worker", "North Children's Transition Team"),
    ("worker.north2@example.org", "Tom Okafor", "worker", "North Children's Transition Team"),
    ("worker2@example.org", "Sam Wright", "worker", "South Children's Transition Team"),
    ("adult.socialcare@example.org", "Grace Mensah", "adult_services", "Adult Social Care"),
    (
        "adult.health@example.org",
        "Daniel Hughes",
        "adult_services",
        "Adult Health and Continuing Healthcare",
    ),
]

FIRST_NAMES = [
    "Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harvey", "Isla", "Jayden",
    "Kai", "Leah", "Mason", "Nia", "Oscar", "Poppy", "Reuben", "Sofia", "Theo", "Umar",
    "Violet", "Will", "Yasmin", "Zac", "Amelia", "Bilal", "Cerys", "Declan", "Evie", "Farah",
    "George", "Hana", "Ibrahim", "Jess", "Kian", "Lily", "Mo", "Nadia", "Owen", "Rosa",
]  # fmt: skip
LAST_NAMES = [
    "Adams", "Begum", "Clarke", "Doyle", "Evans", "Fraser", "Gill", "Hussain", "Ince", "Jones",
    "Khan", "Lewis", "Morris", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts", "Singh", "Taylor",
]  # fmt: skip
NEEDS = ["ASD", "SLD", "MLD", "SEMH", "SLCN", "PMLD", "PD", "HI", "VI", "SPLD"]
SETTINGS = [
    "Riverside Academy",
    "Hillview Special School",
    "Northgate College",
    "St Anne's Sixth Form",
    "Brookfield Supported Internship",
    "Oakwood School",
]
COMMUNICATION = [
    "Uses Makaton alongside speech. Give one instruction at a time.",
    "Prefers written information in easy read. Allow extra time to answer.",
    "Uses a communication app on a tablet. Do not speak for them.",
    "Likes to meet somewhere quiet and familiar. Avoid phone calls.",
    "British Sign Language is their first language. Book an interpreter.",
]
HOPES = [
    "I want to work with animals.",
    "I want to live with my friends one day.",
    "I want to go to college and learn cooking.",
    "I want a job in a shop and to travel on the bus on my own.",
    "I want to play football for a team.",
]


def _ages(today: date) -> list[date]:
    """Forty dates of birth spread from 13 years 6 months to 25 years old."""
    births = []
    for index in range(40):
        months_old = 162 + (index * 137) // 39  # 162 months = 13y6m; 299 = 24y11m
        month_index = today.year * 12 + today.month - 1 - months_old
        year, month = divmod(month_index, 12)
        # Spread birthdays across the month; day 28 at most so every month has it.
        births.append(date(year, month + 1, 1 + (index * 11) % 28))
    return births


def load(today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(2027)  # noqa: S311 - fictional data, not security
    created = {"teams": 0, "users": 0, "people": 0, "handovers": 0, "meetings": 0}

    teams: dict[str, Team] = {}
    for name, kind, service in TEAMS:
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            team = Team(name=name, kind=kind, service=service)
            db.session.add(team)
            created["teams"] += 1
        teams[name] = team
    db.session.flush()

    users: dict[str, User] = {}
    for email, name, role, team_name in USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = accounts.create_user(
                email=email,
                name=name,
                role=role,
                password=DEMO_PASSWORD,
                team=teams[team_name] if team_name else None,
            )
            created["users"] += 1
        users[email] = user
    db.session.flush()
    version = pathway.current_framework_version()

    north_workers = [users["worker@example.org"], users["worker.north2@example.org"]]
    south_workers = [users["worker2@example.org"]]
    people: list[YoungPerson] = []
    for index, dob in enumerate(_ages(today)):
        reference = f"DEMO-{index + 1:03d}"
        person = db.session.scalar(
            select(YoungPerson).where(YoungPerson.local_reference == reference)
        )
        if person is None:
            person = _make_person(rng, index, dob, reference, teams, north_workers, south_workers)
            db.session.add(person)
            db.session.flush()
            pathway.apply_framework(person, version)
            db.session.flush()
            _progress(rng, person, today, index)
            created["people"] += 1
        people.append(person)
    db.session.flush()

    young_person = people[3]  # 14 and a bit, on worker@example.org's caseload
    if db.session.scalar(select(User).where(User.email == "young.person@example.org")) is None:
        accounts.create_user(
            email="young.person@example.org",
            name=young_person.preferred_name or young_person.first_name,
            role="young_person",
            password=DEMO_PASSWORD,
            young_person_id=young_person.id,
        )
        created["users"] += 1
    created["users"] += _young_persons_voice_and_parent(young_person, users, today)

    created["handovers"] = _handovers(people, teams, users, today)
    created["handovers"] += _question_for_worker(people, teams, users, today)
    _statutory_duty_behind(people[16], today)
    created["meetings"] = _meetings(people, users, today)
    created["meetings"] += _past_meeting(people[10], users, today)
    created["meetings"] += _past_meeting(people[8], users, today, invite=())
    created["meetings"] += _meeting_without_worker(people[17], users, today)
    db.session.flush()
    created["notifications"] = _notifications(young_person, users)
    return created


def _make_person(rng, index, dob, reference, teams, north_workers, south_workers) -> YoungPerson:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    if index == 3:
        first, last = "Jordan", "Clarke"  # the demo young person
    north = index % 3 != 2 or index == 3
    team = teams[
        "North Children's Transition Team" if north else "South Children's Transition Team"
    ]
    if index == 3:
        worker = north_workers[0]
    elif north:
        worker = north_workers[index % 2]
    else:
        worker = south_workers[0]
    if index in (17, 29):
        worker = None  # unallocated, for the manager to pick up
    has_plan = index % 9 != 4
    issued = add_age(dob, 9 + index % 4) if has_plan else None
    return YoungPerson(
        local_reference=reference,
        first_name=first,
        last_name=last,
        preferred_name="Jojo" if index == 3 else (None if index % 5 else first[:3]),
        date_of_birth=dob,
        nhs_number=_nhs_number(rng),
        primary_need=NEEDS[index % len(NEEDS)],
        has_ehc_plan=has_plan,
        ehc_plan_issued_on=issued,
        education_setting=SETTINGS[index % len(SETTINGS)],
        communication_needs=COMMUNICATION[index % len(COMMUNICATION)],
        aspirations=HOPES[index % len(HOPES)],
        services_now="Children's social care short breaks; community paediatrics"
        if index % 2
        else "School nurse; speech and language therapy",
        services_needed_as_adult="Adult social care; adult learning disability health team"
        if index % 3
        else "Supported employment service",
        risks=None if index % 4 else "Known to the exploitation panel. See the safeguarding plan.",
        care_act_assessment=("not_started", "in_progress", "complete")[index % 3],
        chc_status=("not_needed", "not_started", "in_progress")[index % 3],
        team=team,
        worker=worker,
    )


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _progress(rng: random.Random, person: YoungPerson, today: date, index: int) -> None:
    """Mark past milestones mostly done, leaving some people behind on purpose."""
    milestones = db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id)
    ).all()
    drifting = index % 4 == 1
    for milestone in milestones:
        if milestone.due_on is None or milestone.due_on > today + timedelta(days=30):
            continue
        roll = rng.random()
        if milestone.due_on <= today and (not drifting or roll < 0.6):
            milestone.status = "achieved"
            milestone.achieved_on = milestone.due_on - timedelta(days=rng.randint(0, 40))
            db.session.add(
                MilestoneEvidence(
                    milestone=milestone,
                    text="Discussed and agreed at the review. Notes are in the plan.",
                    evidence_date=milestone.achieved_on,
                    author=person.worker,
                )
            )
        elif roll < 0.5:
            milestone.status = "in_progress"
    if person.ehc_plan_issued_on:
        person.ehc_last_review_on = today - timedelta(days=30 + (index * 37) % 330)
    if index % 6 != 5 and add_age(person.date_of_birth, 16) <= today + timedelta(days=365):
        db.session.add(
            ConsentRecord(
                young_person=person,
                purpose="share_with_adult_services",
                decision="best_interests" if index % 7 == 0 else "given",
                decided_by="best_interests" if index % 7 == 0 else "young_person",
                capacity_assessed=index % 7 == 0,
                lacks_capacity=index % 7 == 0,
                decided_on=today - timedelta(days=60 + index),
                recorded_by=person.worker,
            )
        )


def _handovers(people, teams, users, today: date) -> int:
    """Handovers for people aged about 16 to 19, in every state, to both adult teams.

    Sent ones carry a real snapshot of the summary, so the adult teams' inboxes show
    what a receiving team would really read.
    """
    existing = db.session.scalars(select(Handover)).all()
    if existing:
        # Demo databases loaded before real summaries existed get them now.
        for handover in existing:
            if handover.snapshot == {"sent_for_demo": True} and handover.sent_at:
                handover.snapshot = summary_for(handover, date_in_england(handover.sent_at))
        return 0
    social, health = teams["Adult Social Care"], teams["Adult Health and Continuing Healthcare"]
    plans = [
        (11, social, "draft"),  # no decision about sharing yet: cannot be sent
        (9, health, "draft"),
        (10, social, "sent"),
        (12, health, "sent"),
        (13, social, "queried"),
        (15, health, "queried"),  # 18 in about 2 months and not accepted: late
        (14, social, "accepted"),
        (14, health, "accepted"),
        (18, social, "completed"),
        (19, health, "completed"),
        (20, social, "returned"),
        (16, health, "returned"),
    ]
    # Days before the anchor (today, or the target date once it has passed) of each step.
    sent_days = {"sent": 6, "queried": 25, "accepted": 40, "returned": 45, "completed": 150}

    def at(day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour), UTC)

    count = 0
    for index, team, state in plans:
        person = people[index]
        sender = person.worker or users["worker@example.org"]
        receiver = users[
            "adult.socialcare@example.org" if team is social else "adult.health@example.org"
        ]
        target = add_age(person.date_of_birth, 18)
        anchor = min(today, target)
        handover = Handover(
            young_person=person,
            team=team,
            state=state,
            target_date=target,
            sending_contact=sender,
            receiving_contact_name="Alex Morgan" if team is social else "Sam Patel",
            worker_notes="They would like their mum at the first meeting. Please write to "
            "them rather than phone.",
        )
        db.session.add(handover)
        if state != "draft":
            sent_at = at(anchor - timedelta(days=sent_days[state] + index % 3))
            handover.snapshot = summary_for(handover, date_in_england(sent_at))
            handover.sent_at, handover.sent_by = sent_at, sender
        if state == "queried":
            db.session.add(
                HandoverMessage(
                    handover=handover,
                    author=receiver,
                    kind="query",
                    text="Has the Care Act transition assessment been shared with the "
                    "family? Please send the date of the last review meeting.",
                    created_at=at(anchor - timedelta(days=3), 14),
                )
            )
        if state == "accepted":
            handover.accepted_at = at(today - timedelta(days=10), 11)
            handover.first_contact_on = today + timedelta(days=14)
        if state == "completed":
            handover.accepted_at = at(anchor - timedelta(days=120), 11)
            handover.first_contact_on = anchor - timedelta(days=30)
            handover.completed_at = at(anchor + timedelta(days=30), 9)
        if state in {"accepted", "completed"}:
            handover.accepted_by = receiver
            handover.receiving_worker_name = handover.receiving_contact_name
        if state == "returned":
            handover.returned_at = at(anchor - timedelta(days=5), 9)
            handover.return_reason = (
                "Needs do not meet the adult eligibility criteria yet."
                if team is social
                else "Continuing healthcare is not needed: please refer to the adult "
                "learning disability health team instead."
            )
        count += 1
    return count


def _meetings(people, users, today: date) -> int:
    if db.session.scalar(select(Meeting.id).limit(1)) is not None:
        return 0
    kinds = ["annual_review", "transition_review", "handover_meeting", "meet_adult_worker"]
    count = 0
    for offset, index in enumerate([3, 0, 1, 4, 6, 8, 12, 20, 27, 30, 2, 5]):
        person = people[index]
        day = today + timedelta(days=3 + offset * 4)
        start = datetime.combine(day, time(10 + offset % 5), LONDON).astimezone(UTC)
        db.session.add(
            Meeting(
                young_person=person,
                kind=kinds[offset % len(kinds)],
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                location=SETTINGS[index % len(SETTINGS)],
                invitees="Young person, parent or carer, school, transition worker",
                purpose="Review progress towards adulthood and agree next steps.",
                created_by=person.worker or users["worker@example.org"],
            )
        )
        count += 1
    # Both adult teams have accepted person 14: their new adult worker comes to meet them.
    accepted = people[14]
    start = datetime.combine(today + timedelta(days=12), time(14), LONDON).astimezone(UTC)
    db.session.add(
        Meeting(
            young_person=accepted,
            kind="meet_adult_worker",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location=SETTINGS[14 % len(SETTINGS)],
            invitees="Young person, parent or carer, transition worker, adult social worker",
            purpose="Meet the adult social worker who will support them from 18.",
            created_by=accepted.worker or users["worker@example.org"],
        )
    )
    return count + 1


def _young_persons_voice_and_parent(
    person: YoungPerson, users: dict[str, User], today: date
) -> int:
    """Jojo's own words (and one written down for them), and their parent's account."""
    from transition.models import VoiceEntry

    made = 0
    parent = db.session.scalar(select(User).where(User.email == "parent@example.org"))
    if parent is None:
        parent = accounts.create_user(
            email="parent@example.org",
            name="Parent of Jojo",
            role="parent_carer",
            password=DEMO_PASSWORD,
            young_person_id=person.id,
        )
        made = 1
    if db.session.scalar(select(VoiceEntry.id).where(VoiceEntry.young_person_id == person.id)):
        return made
    own = db.session.scalar(select(User).where(User.email == "young.person@example.org"))
    worker = users["worker@example.org"]
    db.session.flush()

    def at(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(16), UTC)

    for kind, area, text, author, days_ago in (
        ("what_matters", None, "My family, my dog Biscuit and going swimming.", own, 40),
        (
            "what_matters",
            None,
            "My family, my dog Biscuit, swimming on Saturdays and my friend Sam.",
            own,
            12,
        ),
        ("goal", "employment", "I want to work with animals, maybe at a farm.", own, 12),
        ("goal", "independent_living", "I want to get the bus to college on my own.", worker, 6),
        (
            "parent_views",
            None,
            "Jojo does best with a routine and time to get used to new places.",
            parent,
            3,
        ),
    ):
        db.session.add(
            VoiceEntry(
                young_person_id=person.id,
                kind=kind,
                area=area,
                text=text,
                author=author,
                author_role=author.role,
                on_behalf=author.role == "worker",
                created_at=at(days_ago),
            )
        )
    return made


def _question_for_worker(people, teams, users, today: date) -> int:
    """Adult Social Care has a question for worker@ about person 10's waiting handover."""
    handover = db.session.scalar(
        select(Handover).where(
            Handover.young_person_id == people[10].id,
            Handover.team_id == teams["Adult Social Care"].id,
            Handover.state == "sent",
        )
    )
    if handover is None or handover.messages:
        return 0
    handover.state = "queried"
    db.session.add(
        HandoverMessage(
            handover=handover,
            author=users["adult.socialcare@example.org"],
            kind="query",
            text="Who holds appointeeship for their benefits, and has a Care Act assessment "
            "been started?",
            created_at=datetime.combine(today - timedelta(days=2), time(11), UTC),
        )
    )
    db.session.flush()
    return 0


def _notifications(young_person: YoungPerson, users: dict[str, User]) -> int:
    """What the demo's events would have told people, made by the same rules (once)."""
    from transition.models import Notification
    from transition.services import notifications

    if db.session.scalar(select(Notification.id).limit(1)) is not None:
        return 0
    kinds = {
        "queried": "handover_query",
        "returned": "handover_returned",
        "accepted": "handover_accepted",
    }
    for handover in db.session.scalars(
        select(Handover).where(Handover.state.in_(tuple(kinds))).order_by(Handover.id)
    ):
        notifications.handover_event(handover, kinds[handover.state], None)
    notifications.notify_all(
        notifications.workers_of(young_person),
        "young_person_wrote",
        f"{notifications.who(young_person)} wrote something new: What matters to them.",
        f"/young-people/{young_person.id}#their-voice",
        young_person,
    )
    db.session.flush()
    return db.session.scalar(select(func.count(Notification.id)))


def _past_meeting(
    person: YoungPerson,
    users: dict[str, User],
    today: date,
    invite: tuple[str, ...] = ("worker.north2@example.org", "adult.socialcare@example.org"),
) -> int:
    """A review held last week whose outcome the worker has not written up yet, with
    colleagues invited by email."""
    from transition.models import MeetingInvitee

    start = datetime.combine(today - timedelta(days=6), time(14), LONDON).astimezone(UTC)
    if db.session.scalar(
        select(Meeting.id).where(Meeting.young_person_id == person.id, Meeting.starts_at == start)
    ):
        return 0
    meeting = Meeting(
        young_person=person,
        kind="transition_review",
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        location=SETTINGS[person.id % len(SETTINGS)],
        invitees="Young person, parent or carer, college tutor",
        purpose="Review progress towards adulthood and agree next steps.",
        created_by=person.worker,
    )
    db.session.add(meeting)
    db.session.flush()
    for email in invite:
        db.session.add(
            MeetingInvitee(
                meeting_id=meeting.id,
                user_id=users[email].id,
                email=email,
                name=users[email].name,
            )
        )
    return 1


def _statutory_duty_behind(person: YoungPerson, today: date) -> None:
    """worker@'s 18 year old whose handover came back is also behind on a statutory duty:
    the latest one that was due is not done (once; loading again changes nothing)."""
    from transition.pathway.framework import STATUTORY

    statutory = tuple(STATUTORY)
    behind = db.session.scalar(
        select(Milestone.id).where(
            Milestone.young_person_id == person.id,
            Milestone.source_status.in_(statutory),
            Milestone.status.in_(("not_started", "in_progress")),
            Milestone.due_on < today,
        )
    )
    if behind is not None:
        return
    milestone = db.session.scalar(
        select(Milestone)
        .where(
            Milestone.young_person_id == person.id,
            Milestone.source_status.in_(statutory),
            Milestone.due_on < today - timedelta(days=30),
        )
        .order_by(Milestone.due_on.desc())
        .limit(1)
    )
    if milestone is None:
        return
    for evidence in milestone.evidence:
        db.session.delete(evidence)
    milestone.status, milestone.achieved_on = "not_started", None
    db.session.flush()


def _meeting_without_worker(person: YoungPerson, users: dict[str, User], today: date) -> int:
    """An unallocated young person's review, booked before their worker left: the manager
    sees it on the record of someone their home page says needs a worker."""
    start = datetime.combine(today + timedelta(days=5), time(11), LONDON).astimezone(UTC)
    if db.session.scalar(
        select(Meeting.id).where(Meeting.young_person_id == person.id, Meeting.starts_at == start)
    ):
        return 0
    db.session.add(
        Meeting(
            young_person=person,
            kind="transition_review",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location=SETTINGS[person.id % len(SETTINGS)],
            invitees="Young person, parent or carer",
            purpose="Review progress towards adulthood and agree next steps.",
            created_by=users["manager@example.org"],
        )
    )
    return 1
