"""Fictional demo data, placed relative to today so the demo looks the same any day.

Loading is idempotent: every row is found by a natural key (email, team name,
local reference) and only created when missing.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from transition.extensions import db
from transition.models import (
    CaseNote,
    ConsentRecord,
    Contact,
    Document,
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
from transition.services import accounts, pathway, storage
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
    created = {
        "teams": 0,
        "users": 0,
        "people": 0,
        "notes": 0,
        "contacts": 0,
        "handovers": 0,
        "meetings": 0,
    }

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

    created["notes"] = _case_notes(people, users, today)
    created["contacts"] = _contacts(people)
    created["documents"] = _documents(people, users, today)
    created["handovers"] = _handovers(people, teams, users, today)
    created["meetings"] = _meetings(people, users, today)
    db.session.flush()
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

    people_notes: dict[int, list[CaseNote]] = {}
    for note in db.session.scalars(select(CaseNote).order_by(CaseNote.happened_on)):
        people_notes.setdefault(note.young_person_id, []).append(note)
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
            shareable = [n for n in people_notes.get(person.id, []) if not n.sensitive]
            handover.case_notes = shareable[:2]
            handover.documents = list(
                db.session.scalars(
                    select(Document).where(
                        Document.young_person_id == person.id, Document.sensitive.is_(False)
                    )
                )
            )
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


# (person index, days ago, kind, with whom, what happened, follow-up, sensitive)
CASE_NOTES = [
    (3, 40, "visit", "Jojo and her mum", "Home visit. Talked about Year 10 options and "
     "what Jojo enjoys. Jojo showed me photos of Biscuit.", "Ask school for the latest "
     "annual review report.", False),
    (3, 21, "phone_call", "School SENCO", "SENCO confirmed the annual review date and will "
     "invite the college link worker.", None, False),
    (3, 9, "other", "Children's social care duty team", "Mum's ex-partner has been "
     "asking school where the family lives. School told not to share the address.",
     "Check the safeguarding plan is up to date before the review.", True),
    (3, 0, "email", "Mum", "Sent the easy read leaflet about the transition review.",
     "Call mum next week to check it arrived.", False),
    (14, 60, "meeting", "Adult social worker and family", "Joint visit with the adult "
     "social worker. Agreed a Care Act assessment in the spring.", None, False),
    (14, 20, "phone_call", "GP practice", "GP practice confirmed the annual health check "
     "is booked and the learning disability register is up to date.", None, False),
    (10, 15, "letter", "Family", "Wrote to the family with the handover plan and the "
     "name of the adult team.", None, False),
    (0, 5, "visit", "Young person at school", "Met at school. Likes art and wants to try "
     "a work experience placement.", "Ask careers adviser about placements.", False),
]  # fmt: skip


# (person index, kind, name, organisation, parental responsibility, phone, email,
#  address, may contact, preferred method, notes); numbers and addresses are Ofcom's
#  and Royal Mail's fictional ranges.
CONTACTS = [
    (3, "parent_carer", "Ruth {last}", None, True, "07700 900123", None,
     "12 Mill Lane\nExampletown\nEX1 2AB", True, "text_message", "Works mornings"),
    (3, "parent_carer", "Kamal {last}", None, True, None, None, None, False, None,
     "Lives apart from the family; speak to mum first"),
    (3, "gp_practice", "Riverside Medical Practice", None, False, "01632 960001",
     "riverside.practice@example.org", "1 Riverside Road\nExampletown\nEX1 3CD", True,
     "phone", None),
    (3, "senco", "Ms Helen Ward", "Riverside Academy", False, "01632 960002",
     "h.ward@example.org", None, True, "email", None),
    (14, "gp_practice", "Hillview Surgery", None, False, "01632 960010", None,
     "4 Hill Street\nExampletown\nEX2 1AA", True, "phone", None),
    (14, "social_worker", "Chris Lane", "Children's social care", False, "01632 960011",
     "c.lane@example.org", None, True, "email", None),
    (14, "advocate", "Pat Reid", "Local advocacy service", False, "01632 960012", None,
     None, True, "phone", "Attends reviews with them"),
]  # fmt: skip


GP_PRACTICES = ["Hillview Surgery", "Northgate Health Centre", "Park Road Medical Practice"]


def _contacts(people) -> int:
    """Contacts (with a GP) for Jojo and for a person both adult teams have accepted."""
    if db.session.scalar(select(Contact.id).limit(1)) is not None:
        return 0
    for (index, kind, name, organisation, responsibility, phone, email, address, may,
         method, notes) in CONTACTS:  # fmt: skip
        db.session.add(
            Contact(
                young_person_id=people[index].id,
                kind=kind,
                name=name.format(last=people[index].last_name),
                organisation=organisation,
                parental_responsibility=responsibility,
                phone=phone,
                email=email,
                address=address,
                may_contact=may,
                preferred_method=method,
                contact_notes=notes,
            )
        )
    # Everyone else has at least their GP practice on record.
    listed = {index for index, *_ in CONTACTS}
    for index, person in enumerate(people):
        if index not in listed:
            db.session.add(
                Contact(
                    young_person_id=person.id,
                    kind="gp_practice",
                    name=GP_PRACTICES[index % len(GP_PRACTICES)],
                    phone=f"01632 960{100 + index:03d}",
                    may_contact=True,
                    preferred_method="phone",
                )
            )
    jojo = people[3]
    jojo.phone, jojo.preferred_contact_method = "07700 900456", "text_message"
    jojo.contact_notes = "Likes a text the day before a meeting"
    db.session.flush()
    return len(people) - len(listed) + len(CONTACTS)


def small_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF with a title and a few lines of text (for the demo and tests)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 18 Tf 56 780 Td ({escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {750 - 16 * number} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# (person index, title, kind, days ago, sensitive, lines of the PDF)
DOCUMENTS = [
    (3, "EHC plan after the Year 9 review", "ehc_plan", 120, False,
     ["Section A: Jojo's views, interests and aspirations.",
      "Section F: Special educational provision.", "Fictional demo document."]),
    (3, "Safeguarding plan", "safeguarding_plan", 9, True,
     ["Do not share the family's address.", "Fictional demo document."]),
    (14, "Care Act transition assessment", "assessment", 45, False,
     ["Eligible needs: managing nutrition, accessing the community.",
      "Fictional demo document."]),
]  # fmt: skip


def _documents(people, users, today: date) -> int:
    """Small real PDFs (one sensitive), kept in the configured document store."""
    if db.session.scalar(select(Document.id).limit(1)) is not None:
        return 0
    store = storage.current_store()
    for index, title, kind, days_ago, sensitive, lines in DOCUMENTS:
        person = people[index]
        content = small_pdf(title, lines)
        key = storage.new_key()
        store.put(key, content, "application/pdf")
        db.session.add(
            Document(
                young_person_id=person.id,
                title=title,
                kind=kind,
                document_date=today - timedelta(days=days_ago),
                sensitive=sensitive,
                filename=title.lower().replace(" ", "-") + ".pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_key=key,
                uploaded_by=person.worker or users["worker@example.org"],
            )
        )
    # Every other record has its latest transition review report.
    listed = {index for index, *_ in DOCUMENTS}
    for index, person in enumerate(people):
        if index in listed:
            continue
        title = "Transition review report"
        content = small_pdf(title, [f"Review for {person.local_reference}.", "Fictional."])
        key = storage.new_key()
        store.put(key, content, "application/pdf")
        db.session.add(
            Document(
                young_person_id=person.id,
                title=title,
                kind="report",
                document_date=today - timedelta(days=30 + index),
                filename="transition-review-report.pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_key=key,
                uploaded_by=person.worker or users["worker@example.org"],
            )
        )
    db.session.flush()
    return len(people) - len(listed) + len(DOCUMENTS)


def _case_notes(people, users, today: date) -> int:
    """Notes on a few records (one sensitive, kept from Jojo and her family)."""
    if db.session.scalar(select(CaseNote.id).limit(1)) is not None:
        return 0
    for index, days_ago, kind, with_whom, text, follow_up, sensitive in CASE_NOTES:
        person = people[index]
        happened = today - timedelta(days=days_ago)
        # Written on the day (so all but today's note can no longer be changed).
        written = (
            datetime.now(UTC)
            if days_ago == 0
            else datetime.combine(happened, time(17), LONDON).astimezone(UTC)
        )
        db.session.add(
            CaseNote(
                young_person_id=person.id,
                kind=kind,
                happened_on=happened,
                with_whom=with_whom,
                text=text,
                follow_up=follow_up,
                sensitive=sensitive,
                author=person.worker or users["worker@example.org"],
                created_at=written,
                updated_at=written,
            )
        )
    db.session.flush()
    return len(CASE_NOTES)


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
